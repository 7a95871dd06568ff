"""The cluster analysis report (issue #5, item 4): the selection, the dendrogram and the scatter,
the cluster table, the outliers and the profitability by product type. Landscape A4.

The figures come as matplotlib Figures (app.analysis.plots, built by the documents service);
they are rendered here with the Agg canvas into PNG bytes in memory, never to a file.
"""
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

from docx.shared import Mm

from app.i18n import capitalise, format_number, format_percent, t
from app.reports import docx_base as b

DPI = 150
MAX_OUTLIERS = 60  # rows of the outliers' table: the rest are counted, not listed
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class OrderLine:
    """One order of the outliers' table."""
    number: str
    customer: str
    product_type: str
    price: Decimal
    cost: Decimal
    profit_pct: float


@dataclass
class AnalysisReportData:
    shop: dict
    made_on: date
    period_text: str
    selection: List[Tuple[str, str]]  # (label, value) rows, already in the document's language
    clusters: Sequence  # services.analysis.ClusterProfile
    outliers: Optional[object]  # ClusterProfile of label 0, or None
    outlier_orders: List[OrderLine] = field(default_factory=list)
    by_type: List[dict] = field(default_factory=list)  # services.analysis.profitability rows
    dendrogram: Optional[object] = None  # matplotlib Figure
    scatter: Optional[object] = None  # matplotlib Figure


def figure_png(fig, dpi=DPI) -> io.BytesIO:
    """A Figure as PNG bytes in memory (Agg canvas: safe in a worker thread)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    buf.seek(0)
    return buf


def _picture(doc, fig, width_mm):
    p = doc.add_paragraph()
    p.alignment = b.CENTER
    p.add_run().add_picture(figure_png(fig), width=Mm(width_mm))
    return p


def main_type(profile, lang) -> str:
    """The cluster's commonest product type with its share: 'Printing (82 %)'."""
    if not profile.type_shares:
        return "—"
    code, share = max(profile.type_shares.items(), key=lambda kv: kv[1])
    return t("doc.analysis.type_share", lang, type=t("product." + code, lang),
             share=format_number(Decimal(str(share)) * 100, 0))


def mark(profile, lang) -> str:
    marks = []
    if getattr(profile, "loss_making", False):
        marks.append(t("doc.analysis.mark.loss", lang))
    if getattr(profile, "most_profitable", False):
        marks.append(t("doc.analysis.mark.best", lang))
    return ", ".join(marks)


def cluster_name(label, lang) -> str:
    """'Cluster 2', or 'Outliers' for label 0."""
    return capitalise(t("analysis.cluster_n", lang, n=label) if label
                      else t("analysis.outliers", lang))


def render(data: AnalysisReportData, path, lang) -> Path:
    doc = b.new_document(landscape=True, margins_mm=(12, 10, 12, 12))
    width = b.text_width_mm(doc)
    title = t("doc.analysis.title", lang)
    b.para(doc, data.shop.get("name") or "", size=9, space_after=0)
    b.para(doc, title, bold=True, size=14, space_after=0)
    b.para(doc, data.period_text, size=10, space_after=0)
    b.para(doc, t("doc.made_on", lang, date=b.short_date(data.made_on)), size=8, italic=True,
           space_after=6)
    b.footer_page_numbers(doc, "{} · {}".format(title, data.period_text))

    b.heading(doc, t("doc.analysis.h.selection", lang), 2)
    b.data_table(doc, [t("doc.analysis.col.parameter", lang), t("doc.analysis.col.value", lang)],
                 [[label, value] for label, value in data.selection], [80, width - 80],
                 aligns=[b.LEFT, b.LEFT], size=8.5)
    b.para(doc, t("doc.analysis.method", lang), size=8, italic=True, space_before=4)

    b.heading(doc, t("doc.analysis.h.clusters", lang), 2)
    _cluster_table(doc, data, width, lang)

    if data.dendrogram is not None:
        b.page_break(doc)
        b.heading(doc, t("doc.analysis.h.dendrogram", lang), 2)
        _picture(doc, data.dendrogram, min(width, 240))
    if data.scatter is not None:
        b.page_break(doc)
        b.heading(doc, t("doc.analysis.h.scatter", lang), 2)
        _picture(doc, data.scatter, min(width, 250))

    b.page_break(doc)
    b.heading(doc, t("doc.analysis.h.outliers", lang), 2)
    _outliers(doc, data, width, lang)

    b.heading(doc, t("doc.analysis.h.by_type", lang), 2)
    _by_type(doc, data.by_type, width, lang)
    return b.save(doc, path)


def _cluster_table(doc, data, width, lang):
    headers = [t("doc.analysis.col.cluster", lang), t("doc.analysis.col.orders", lang),
               t("doc.analysis.col.median", lang), t("doc.analysis.col.mean", lang),
               t("doc.analysis.col.revenue", lang), t("doc.analysis.col.cost", lang),
               t("doc.analysis.col.profit", lang), t("doc.analysis.col.type", lang),
               t("doc.analysis.col.customer", lang), t("doc.analysis.col.mark", lang)]
    fixed = [26, 16, 20, 20, 28, 28, 28, 36, 0, 28]
    rest = width - sum(fixed)
    widths = fixed[:8] + [rest] + fixed[9:]
    profiles = list(data.clusters) + ([data.outliers] if data.outliers is not None else [])
    body = []
    for c in profiles:
        body.append([cluster_name(c.label, lang), format_number(c.count, 0),
                     format_percent(c.median_profit_pct), format_percent(c.mean_profit_pct),
                     b.money(c.revenue), b.money(c.cost),
                     b.money(c.profit), main_type(c, lang), c.typical_customer or "—",
                     mark(c, lang) if c.label else ""])
    count = sum(c.count for c in profiles)
    revenue = sum((c.revenue for c in profiles), ZERO)
    cost = sum((c.cost for c in profiles), ZERO)
    total = [t("doc.analysis.total", lang), format_number(count, 0), "", "", b.money(revenue),
             b.money(cost), b.money(revenue - cost), "", "", ""]
    aligns = [b.LEFT, b.RIGHT, b.RIGHT, b.RIGHT, b.RIGHT, b.RIGHT, b.RIGHT, b.LEFT, b.LEFT,
              b.LEFT]
    b.data_table(doc, headers, body, widths, aligns=aligns, size=8, total_row=total)


def _outliers(doc, data, width, lang):
    if data.outliers is None or not data.outlier_orders:
        b.para(doc, t("doc.analysis.no_outliers", lang), size=9)
        return
    total = len(data.outlier_orders)
    shown = sorted(data.outlier_orders, key=lambda o: o.profit_pct)[:MAX_OUTLIERS]
    b.para(doc, t("doc.analysis.outliers_explain", lang, count=total), size=8.5, italic=True,
           space_after=3)
    if total > len(shown):
        b.para(doc, t("doc.analysis.outliers_shown", lang, shown=len(shown), total=total),
               size=8, italic=True, space_after=3)
    headers = [t("doc.analysis.col.number", lang), t("doc.analysis.col.customer_one", lang),
               t("doc.analysis.col.type_one", lang), t("doc.analysis.col.price", lang),
               t("doc.analysis.col.cost", lang), t("doc.analysis.col.profit_pct", lang)]
    fixed = [28, 0, 40, 32, 32, 24]
    widths = fixed[:1] + [width - sum(fixed)] + fixed[2:]
    body = [[o.number, o.customer, t("product." + o.product_type, lang), b.money(o.price),
             b.money(o.cost), format_percent(round(o.profit_pct, 2))] for o in shown]
    b.data_table(doc, headers, body, widths,
                 aligns=[b.LEFT, b.LEFT, b.LEFT, b.RIGHT, b.RIGHT, b.RIGHT], size=8)


def _by_type(doc, rows, width, lang):
    headers = [t("doc.analysis.col.type_one", lang), t("doc.analysis.col.orders", lang),
               t("doc.analysis.col.revenue", lang), t("doc.analysis.col.cost", lang),
               t("doc.analysis.col.profit", lang), t("doc.analysis.col.profit_pct", lang)]
    fixed = [24, 34, 34, 34, 24]
    widths = [min(70, width - sum(fixed))] + fixed
    body = [[t("product." + str(r["key"]), lang), format_number(r["orders"], 0),
             b.money(r["revenue"]), b.money(r["cost"]), b.money(r["profit"]),
             b.money(r["profit_pct"])] for r in rows]
    revenue = sum((r["revenue"] for r in rows), ZERO)
    cost = sum((r["cost"] for r in rows), ZERO)
    pct = (revenue - cost) / cost * 100 if cost > 0 else ZERO
    total = [t("doc.analysis.total", lang), format_number(sum(r["orders"] for r in rows), 0),
             b.money(revenue), b.money(cost), b.money(revenue - cost), b.money(pct)]
    b.data_table(doc, headers, body, widths, aligns=[b.LEFT] + [b.RIGHT] * 5, size=8.5,
                 total_row=total)
