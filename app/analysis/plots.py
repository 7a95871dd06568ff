"""Plots of the analysis as matplotlib Figures (no pyplot: safe off the Tk thread, and the
screen embeds them with TkAgg, the documents save them as PNG). Each takes `lang` for its
words (None: the interface's), so a report in another language needs no global switch.

The dendrogram is drawn by our own code from the linkage matrix (no SciPy in the product),
truncated to the last p merges with the size of each truncated branch.
"""
import threading
import warnings
from typing import Dict, List, Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.layout_engine import TightLayoutEngine

from app.i18n import t

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
           "#17becf", "#bcbd22", "#7f7f7f")
ABOVE_CUT = "#9aa0a6"
MAX_SCATTER_POINTS = 20000
# The dendrogram draws more than its p merges to show every cluster, up to this many.
MAX_DRAWN_MERGES = 40
# Tick labels longer than this are cut with "…": a customer's full name on a leaf would push the
# axes out of a 1366×768 window (the table beside the plot has the whole name).
MAX_TICK_CHARS = 28
# Margins when the labels cannot all fit (a small canvas): the axes keep a readable share.
FALLBACK_MARGINS = dict(left=0.08, right=0.98, bottom=0.3, top=0.88, wspace=0.3, hspace=0.3)
# The warnings filters are one list for the whole process: a plot drawn for the screen and one
# saved for a report by a worker thread must not swap them under each other.
_FILTERS = threading.Lock()


class FittingLayout(TightLayoutEngine):
    """Tight layout at each draw while the decorations fit the canvas; fixed margins when they
    do not. Plain tight layout printed "Tight layout not applied" to stderr at every draw of a
    small canvas (issue 17.13) and left the axes where they were."""

    def execute(self, fig):
        with _FILTERS, warnings.catch_warnings():
            warnings.filterwarnings("error", message="Tight layout not applied")
            try:
                super().execute(fig)
                return
            except UserWarning:
                pass
        fig.subplots_adjust(**FALLBACK_MARGINS)


def lay_out(fig: Figure) -> Figure:
    """Give a figure the fitting layout (it is laid out again whenever it is drawn)."""
    fig.set_layout_engine(FittingLayout())
    return fig


def _short(text, limit=MAX_TICK_CHARS):
    text = str(text)
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def cluster_colour(label: int) -> str:
    return PALETTE[(int(label) - 1) % len(PALETTE)]


def dendrogram_layout(Z: np.ndarray, p: int = 30, also=()):
    """Positions of a dendrogram truncated to its last p merges.

    Parameters
    ----------
    Z : ndarray, shape (n − 1, 4)
        Linkage matrix in SciPy's layout.
    p : int
        How many of the last merges to draw (all when n − 1 <= p).
    also : collection of int
        Ids (n + row) of further merges to draw; their parents must be drawn too.

    Returns
    -------
    links : list of (node id, x_left, x_right, y_left, y_right, height)
        One U-shaped link per drawn merge.
    leaves : list of (node id, x, count)
        The drawn leaves (truncated branches or single orders), left to right.
    """
    Z = np.asarray(Z)
    n = Z.shape[0] + 1
    p = max(1, min(int(p), n - 1))
    first_shown = n + (n - 1 - p)  # ids of the shown merges are first_shown .. 2n − 2
    root = 2 * n - 2
    xs, ys, links, leaves = {}, {}, [], []
    # iterative post-order walk from the root; children in Z's order (a left of b)
    stack = [(root, False)]
    while stack:
        node, done = stack.pop()
        if node < first_shown and node not in also:  # a leaf of the drawing
            count = 1 if node < n else int(Z[node - n, 3])
            xs[node], ys[node] = 10.0 * len(leaves) + 5.0, 0.0
            leaves.append((node, xs[node], count))
            continue
        a, b = int(Z[node - n, 0]), int(Z[node - n, 1])
        if not done:
            stack.append((node, True))
            stack.append((b, False))
            stack.append((a, False))
            continue
        height = float(Z[node - n, 2])
        xs[node], ys[node] = (xs[a] + xs[b]) / 2.0, height
        links.append((node, xs[a], xs[b], ys[a], ys[b], height))
    return links, leaves


def _pure_labels(Z: np.ndarray, labels) -> np.ndarray:
    """The flat cluster of every node whose orders, outliers (0) aside, all share one; 0 for
    a branch of outliers only, −1 where clusters mix. Bottom up.

    Outliers are the twigs cut off a cluster's branch (see partition.py): a branch holding
    one cluster and such twigs is that cluster's branch and takes its colour, otherwise the
    biggest cluster, with a few odd orders hanging off it, would be drawn grey."""
    n = Z.shape[0] + 1
    pure = np.empty(2 * n - 1, dtype=np.int64)
    pure[:n] = labels
    for i in range(n - 1):
        a, b = pure[int(Z[i, 0])], pure[int(Z[i, 1])]
        pure[n + i] = a if a == b or b == 0 else b if a == 0 else -1
    return pure


def _without_outliers(Z: np.ndarray, labels: np.ndarray):
    """The tree of the clustered orders only: outliers (label 0) taken out of Z.

    A merge with a side of outliers only disappears (the other side takes its place); the
    others keep their heights, so clusters meet where they meet in the whole tree. Returns
    (Z of the m kept orders, their indices in the original order)."""
    n = Z.shape[0] + 1
    keep = np.flatnonzero(labels != 0)
    m = keep.size
    node = [-1] * (2 * n - 1)  # node of the reduced tree; −1: outliers only
    for i, j in enumerate(keep.tolist()):
        node[j] = i
    size = [1] * m  # orders under each reduced node
    lo, hi, heights = [], [], []
    top = n
    for a, b, h in zip(Z[:, 0].astype(np.int64).tolist(), Z[:, 1].astype(np.int64).tolist(),
                       Z[:, 2].tolist()):
        na, nb = node[a], node[b]
        if na < 0 or nb < 0:
            node[top] = na if nb < 0 else nb
        else:
            node[top] = len(size)
            size.append(size[na] + size[nb])
            lo.append(na if na < nb else nb)
            hi.append(nb if na < nb else na)
            heights.append(h)
        top += 1
    Zr = np.empty((m - 1, 4))
    Zr[:, 0], Zr[:, 1], Zr[:, 2], Zr[:, 3] = lo, hi, heights, size[m:]
    return Zr, keep


def dendrogram_figure(Z, labels=None, cut_height=None, p: int = 30, leaf_names=None,
                      figsize=(9, 5), lang=None) -> Figure:
    """The dendrogram with the cut line and the clusters coloured below it.

    Parameters
    ----------
    Z : ndarray, shape (n − 1, 4)
    labels : ndarray, shape (n,), optional
        Flat cluster of every order (1..k; 0 = outlier, drawn grey), for the colours: a
        branch takes its cluster's colour when all its orders but outliers belong to that
        cluster.
    cut_height : float, optional
        Where the tree was cut into clusters; drawn as a dashed line.
    p : int
        Number of last merges drawn, more (up to MAX_DRAWN_MERGES) when clusters meet below
        them; truncated branches show their size "(123)". When more would be needed, the
        outliers are left out of the drawing (said in the title) and the merges where
        clusters meet are drawn with the last p merges of the clustered orders.
    leaf_names : sequence of str, shape (n,), optional
        Names of single orders (their numbers) for leaves that are one order.
    """
    Z = np.asarray(Z, dtype=float)
    n = total = Z.shape[0] + 1
    also, hidden = (), 0
    if labels is not None and cut_height:
        labels = np.asarray(labels)
        # every merge from the cut line up is drawn, so that each cluster is a branch of its
        # own: with outliers cut off above them, two clusters can meet below the last p
        # merges, and a truncated branch holding both would be drawn grey
        from_cut = n - 1 - int(np.searchsorted(Z[:, 2], cut_height, side="left"))
        if from_cut <= MAX_DRAWN_MERGES:
            p = max(p, from_cut)
        elif (labels == 0).any() and np.count_nonzero(labels) >= 2:
            # hundreds of outlier twigs above the clusters (single linkage chains on many
            # orders): the drawing shows the clustered orders, and where the clusters meet
            Z, kept = _without_outliers(Z, labels)
            hidden = n - kept.size
            labels = labels[kept]
            if leaf_names is not None:
                leaf_names = [leaf_names[i] for i in kept.tolist()]
            n = kept.size
    pure = _pure_labels(Z, labels) if labels is not None else None
    if hidden:
        # where the clusters meet: k − 1 merges above the clusters' own branches
        also = set((n + np.flatnonzero(pure[n:] < 0)).tolist())
    links, leaves = dendrogram_layout(Z, p, also)
    fig = Figure(figsize=figsize, dpi=100)
    ax = fig.add_subplot(111)

    def colour(node):  # grey above the cut, and for branches of outliers (label 0)
        return cluster_colour(pure[node]) if pure is not None and pure[node] > 0 else ABOVE_CUT

    for node, xa, xb, ya, yb, h in links:
        # each leg in its own branch's colour: a cluster's colour reaches up to the merge
        # where it meets another, truncated branches included
        a, b = int(Z[node - n, 0]), int(Z[node - n, 1])
        ax.plot([xa, xa], [ya, h], color=colour(a), linewidth=1.2)
        ax.plot([xb, xb], [yb, h], color=colour(b), linewidth=1.2)
        ax.plot([xa, xb], [h, h], color=colour(node), linewidth=1.2)
    ticks = [x for _, x, _ in leaves]
    names = []
    for node, _, count in leaves:
        if count == 1 and leaf_names is not None and node < n:
            names.append(_short(leaf_names[node]))
        else:
            names.append("({})".format(count))
    ax.set_xticks(ticks)
    ax.set_xticklabels(names, rotation=90, fontsize=7 if len(ticks) > 40 else 8)
    if pure is not None:
        for label, (node, _, _) in zip(ax.get_xticklabels(), leaves):
            if pure[node] > 0:
                label.set_color(colour(node))
    if cut_height:
        ax.axhline(cut_height, color="#444444", linestyle="--", linewidth=1)
        ax.text(1.0, cut_height, t("analysis.plot.cut", lang), va="bottom", ha="left", fontsize=8,
                color="#444444")
    ax.set_xlim(0, 10.0 * len(leaves))
    ax.set_ylabel(t("analysis.plot.distance", lang))
    title = t("analysis.plot.dendrogram", lang, shown=len(leaves), total=total)
    if hidden:
        title += "\n" + t("analysis.plot.outliers_hidden", lang, count=hidden)
    ax.set_title(title)
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    return lay_out(fig)


def _sample(n, limit, seed=0):
    if n <= limit:
        return np.arange(n)
    return np.sort(np.random.default_rng(seed).choice(n, size=limit, replace=False))


def scatter_figure(cost, price, profit_pct, labels, figsize=(10, 4.6), lang=None) -> Figure:
    """Cost against price (log scales, the break-even diagonal) coloured by cluster, and profit %
    against cost. Shapes: all (n,). Above 20,000 orders a random sample is drawn (said in the
    title), so the picture stays fast and readable."""
    cost, price, pct, labels = (np.asarray(a) for a in (cost, price, profit_pct, labels))
    idx = _sample(len(cost), MAX_SCATTER_POINTS)
    fig = Figure(figsize=figsize, dpi=100)
    left, right = fig.add_subplot(121), fig.add_subplot(122)
    colours = [cluster_colour(c) if c > 0 else ABOVE_CUT for c in labels[idx]]
    left.scatter(cost[idx], price[idx], s=6, c=colours, alpha=0.6, linewidths=0, rasterized=True)
    lo, hi = max(min(cost.min(), price.min()), 1.0), max(cost.max(), price.max())
    left.plot([lo, hi], [lo, hi], color="#444444", linestyle="--", linewidth=1)
    left.set_xscale("log")
    left.set_yscale("log")
    left.set_xlabel(t("analysis.plot.cost", lang))
    left.set_ylabel(t("analysis.plot.price", lang))
    left.set_title(t("analysis.plot.cost_price", lang))
    right.scatter(cost[idx], pct[idx], s=6, c=colours, alpha=0.6, linewidths=0, rasterized=True)
    right.axhline(0, color="#444444", linewidth=1)
    right.set_xscale("log")
    right.set_xlabel(t("analysis.plot.cost", lang))
    right.set_ylabel(t("analysis.plot.profit_pct", lang))
    right.set_title(t("analysis.plot.profit_by_cost", lang))
    for k in sorted(set(int(c) for c in labels)):
        right.scatter([], [], s=20, c=cluster_colour(k) if k > 0 else ABOVE_CUT,
                      label=(t("analysis.cluster_n", lang, n=k) if k > 0
                             else t("analysis.outliers", lang)))
    right.legend(fontsize=8, loc="best")
    if len(idx) < len(cost):
        fig.suptitle(t("analysis.plot.sampled", lang, shown=len(idx), total=len(cost)), fontsize=9)
    return lay_out(fig)


def profit_bars_figure(rows: Sequence[Dict], title: str, top: int = 15, figsize=(9, 4.5),
                       lang=None) -> Figure:
    """Revenue, cost and profit % per group (rows of services.analysis.profitability)."""
    rows = list(rows)[:top]
    fig = Figure(figsize=figsize, dpi=100)
    ax = fig.add_subplot(111)
    x = np.arange(len(rows))
    revenue = [float(r["revenue"]) for r in rows]
    cost = [float(r["cost"]) for r in rows]
    ax.bar(x - 0.2, revenue, width=0.4, label=t("analysis.plot.revenue", lang), color="#1f77b4")
    ax.bar(x + 0.2, cost, width=0.4, label=t("analysis.plot.cost", lang), color="#ff7f0e")
    ax.set_xticks(x)
    ax.set_xticklabels([str(r["label"])[:22] for r in rows], rotation=30, ha="right", fontsize=8)
    ax.set_ylabel("₸")
    ax2 = ax.twinx()
    ax2.plot(x, [float(r["profit_pct"]) for r in rows], color="#2ca02c", marker="o",
             label=t("analysis.plot.profit_pct", lang))
    ax2.axhline(0, color="#2ca02c", linewidth=0.6, linestyle=":")
    ax2.set_ylabel(t("analysis.plot.profit_pct", lang))
    handles = ax.get_legend_handles_labels()
    handles2 = ax2.get_legend_handles_labels()
    ax.legend(handles[0] + handles2[0], handles[1] + handles2[1], fontsize=8, loc="upper right")
    ax.set_title(title)
    return lay_out(fig)


def press_load_figure(loads: List[Dict], figsize=(10, 4.5), lang=None) -> Figure:
    """Machine hours per month of each press, the hours available, and the trend."""
    fig = Figure(figsize=figsize, dpi=100)
    ax = fig.add_subplot(111)
    for i, load in enumerate(loads):
        colour = PALETTE[i % len(PALETTE)]
        months, hours = load["months"], load["hours"]
        x = np.arange(len(months))
        ax.plot(x, hours, color=colour, marker=".", label=load["press"])
        m = load["trend_months"]
        if m >= 2:
            tx = np.arange(len(months) - m, len(months) + 6)
            ax.plot(tx, load["trend_start"] + load["trend_slope"] * (tx - (len(months) - m)),
                    color=colour, linestyle="--", linewidth=1)
    if loads:
        months = loads[0]["months"]
        ax.axhline(loads[0]["capacity"], color="#d62728", linewidth=1.5,
                   label=t("analysis.plot.capacity", lang))
        step = max(1, len(months) // 12)
        ax.set_xticks(np.arange(0, len(months), step))
        ax.set_xticklabels(months[::step], rotation=45, ha="right", fontsize=8)
    ax.set_ylabel(t("analysis.plot.hours", lang))
    ax.set_title(t("analysis.plot.press_load", lang))
    ax.legend(fontsize=8, loc="upper left")
    return lay_out(fig)
