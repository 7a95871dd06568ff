"""Pictures for the documents: the imposition drawing and the charts of the reports.

matplotlib through its Agg canvas directly (no pyplot, no global backend switch), so a
report made in a worker thread never touches the Tk backend of the screens.
"""
from decimal import Decimal
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter

DPI = 150


def _save(fig, path, tight=False) -> Path:
    FigureCanvasAgg(fig)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if tight:
        fig.savefig(str(path), dpi=DPI, facecolor="white", bbox_inches="tight", pad_inches=0.05)
    else:
        fig.savefig(str(path), dpi=DPI, facecolor="white")
    return path


def imposition(path, sheet_w, sheet_h, margin, layout, bleed, labels) -> Path:
    """The press sheet with its items laid out: sheet, printable area, cells, bleed, cuts.

    layout: app.domain.estimate.Layout (cols across the sheet width, rows down its height;
    cell_w/cell_h as laid, bleed included). labels: dict of texts (title, sheet, item, margin).
    The block of cells is centred in the printable area, as a press operator lays it."""
    scale = 6.0 / max(sheet_w, sheet_h)
    fig = Figure(figsize=(max(3.2, sheet_w * scale + 1.6), max(3.2, sheet_h * scale + 1.1)))
    ax = fig.add_axes([0.08, 0.06, 0.84, 0.84])
    ax.set_xlim(-sheet_w * 0.06, sheet_w * 1.06)
    ax.set_ylim(sheet_h * 1.05, -sheet_h * 0.07)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.add_patch(Rectangle((0, 0), sheet_w, sheet_h, fill=True, facecolor="#fbfbf7",
                           edgecolor="black", linewidth=1.4))
    if not layout.full_sheet and margin:
        ax.add_patch(Rectangle((margin, margin), sheet_w - 2 * margin, sheet_h - 2 * margin,
                               fill=False, edgecolor="#888888", linewidth=0.7, linestyle="--"))
    if layout.full_sheet:
        cols, rows, cw, ch = 1, 1, sheet_w, sheet_h
        x0, y0 = 0, 0
    else:
        cols, rows, cw, ch = layout.cols, layout.rows, layout.cell_w, layout.cell_h
        x0 = (sheet_w - cols * cw) / 2.0
        y0 = (sheet_h - rows * ch) / 2.0
    n = 0
    font = max(5.0, min(10.0, 64.0 / max(cols, rows)))
    for r in range(rows):
        for c in range(cols):
            n += 1
            x, y = x0 + c * cw, y0 + r * ch
            ax.add_patch(Rectangle((x, y), cw, ch, fill=True, facecolor="#f3c98b" if bleed else
                                   "#cfe3f7", edgecolor="#555555", linewidth=0.5))
            if bleed:
                ax.add_patch(Rectangle((x + bleed, y + bleed), cw - 2 * bleed, ch - 2 * bleed,
                                       fill=True, facecolor="#cfe3f7", edgecolor="#1f4e79",
                                       linewidth=0.6))
            ax.text(x + cw / 2.0, y + ch / 2.0, str(n), ha="center", va="center",
                    fontsize=font, color="#1f1f1f")
    # dimensions of the sheet and of one cell
    ax.annotate("", xy=(0, -sheet_h * 0.03), xytext=(sheet_w, -sheet_h * 0.03),
                arrowprops=dict(arrowstyle="<->", linewidth=0.7))
    ax.text(sheet_w / 2.0, -sheet_h * 0.045, "{} mm".format(sheet_w), ha="center",
            va="bottom", fontsize=8)
    ax.annotate("", xy=(-sheet_w * 0.03, 0), xytext=(-sheet_w * 0.03, sheet_h),
                arrowprops=dict(arrowstyle="<->", linewidth=0.7))
    ax.text(-sheet_w * 0.045, sheet_h / 2.0, "{} mm".format(sheet_h), ha="right",
            va="center", rotation=90, fontsize=8)
    ax.text(sheet_w / 2.0, sheet_h * 1.035, labels.get("caption", ""), ha="center", va="top",
            fontsize=8)
    ax.set_title(labels.get("title", ""), fontsize=10)
    return _save(fig, path, tight=True)


def ribbon(path, label_length, count_shown, labels) -> Path:
    """A label ribbon: the labels one after another with the cut marks (no sheets, no n-up)."""
    fig = Figure(figsize=(6.5, 1.6))
    ax = fig.add_axes([0.02, 0.15, 0.96, 0.6])
    total = label_length * count_shown
    ax.set_xlim(-label_length * 0.2, total + label_length * 0.6)
    ax.set_ylim(-5, 35)
    ax.axis("off")
    for i in range(count_shown):
        ax.add_patch(Rectangle((i * label_length, 0), label_length, 30, facecolor="#f4f1e8",
                               edgecolor="#333333", linewidth=0.8))
        ax.text(i * label_length + label_length / 2.0, 15, str(i + 1), ha="center",
                va="center", fontsize=8)
    ax.text(total + label_length * 0.1, 15, "…", fontsize=14, va="center")
    fig.suptitle(labels.get("title", ""), fontsize=9)
    return _save(fig, path, tight=True)


def _thousands(value, _pos):
    return "{:,.0f}".format(value).replace(",", " ")


def bar_chart(path, categories: Sequence[str], series: List[Tuple[str, Sequence[Decimal]]],
              title, ylabel="", size=(7.2, 3.2), rotate=False) -> Path:
    """Grouped bars: one group per category, one bar per series (revenue, cost, profit…)."""
    fig = Figure(figsize=size)
    ax = fig.add_subplot(1, 1, 1)
    n = max(1, len(series))
    width = 0.8 / n
    colours = ["#4472c4", "#ed7d31", "#70ad47", "#a5a5a5"]
    xs = list(range(len(categories)))
    for i, (name, values) in enumerate(series):
        ax.bar([x - 0.4 + width * (i + 0.5) for x in xs], [float(v) for v in values],
               width=width, label=name, color=colours[i % len(colours)])
    ax.set_xticks(xs)
    ax.set_xticklabels(categories, rotation=45 if rotate else 0,
                       ha="right" if rotate else "center", fontsize=7.5)
    ax.yaxis.set_major_formatter(FuncFormatter(_thousands))
    ax.tick_params(axis="y", labelsize=7.5)
    ax.set_ylabel(ylabel, fontsize=8)
    ax.set_title(title, fontsize=10)
    ax.grid(axis="y", linewidth=0.3)
    ax.axhline(0, color="black", linewidth=0.6)
    if len(series) > 1:
        ax.legend(fontsize=7.5, frameon=False)
    fig.tight_layout()
    return _save(fig, path)


def line_chart(path, categories: Sequence[str], series: List[Tuple[str, Sequence[Decimal]]],
               title, ylabel="", size=(7.2, 3.0), secondary: Optional[Tuple[str, Sequence]] = None
               ) -> Path:
    fig = Figure(figsize=size)
    ax = fig.add_subplot(1, 1, 1)
    xs = list(range(len(categories)))
    for name, values in series:
        ax.plot(xs, [float(v) for v in values], marker="o", markersize=2.5, linewidth=1.2,
                label=name)
    step = max(1, len(categories) // 12)
    ax.set_xticks(xs[::step])
    ax.set_xticklabels(list(categories)[::step], rotation=45, ha="right", fontsize=7)
    ax.yaxis.set_major_formatter(FuncFormatter(_thousands))
    ax.tick_params(axis="y", labelsize=7.5)
    ax.set_ylabel(ylabel, fontsize=8)
    ax.set_title(title, fontsize=10)
    ax.grid(linewidth=0.3)
    if secondary is not None:
        ax2 = ax.twinx()
        ax2.plot(xs, [float(v) for v in secondary[1]], color="#70ad47", linestyle="--",
                 linewidth=1.0, label=secondary[0])
        ax2.set_ylabel(secondary[0], fontsize=8)
        ax2.tick_params(axis="y", labelsize=7.5)
        ax2.legend(fontsize=7.5, frameon=False, loc="upper right")
    ax.legend(fontsize=7.5, frameon=False, loc="upper left")
    fig.tight_layout()
    return _save(fig, path)
