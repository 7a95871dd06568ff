"""The owner's analysis: which orders make money. Data check, clustering, profitability,
estimate-versus-actual variance by cost line, press load with its trend.

Features of an order: profit %, full cost and net price (actual figures where recorded, else
the estimate). Cost and price are compared on a log scale (orders span 1,000 ₸ to millions),
then all three are standardised, and the orders are clustered by single linkage (nearest
neighbour), exactly, with `app.analysis.clustering`.
"""
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Dict, List, Optional, Tuple

import numpy as np

from app.analysis import clustering, partition
from app.domain.errors import ValidationError
from app.domain.estimate import LINE_CODES
from app.domain.money import from_tiyn, q2
from app.domain.queries import OrderFilter, Selection
from app.services import orders as orders_service
from app.services.session import Session, logged_in
from app.storage import analysis as analysis_db
from app.storage import catalog as catalog_db
from app.storage.orders import unpack

MADE = ("ready", "delivered", "paid")
MAX_QUANTITY = 1000000
PRICE_FAR_BELOW = Decimal(1) / 3  # under a third of the cost: a typing error, not a bad deal


@dataclass(frozen=True)
class Suspect:
    """An order whose figures cannot be right, with the reason (a translation key)."""
    order_id: int
    number: str
    reason: str
    detail: str = ""


@dataclass(frozen=True)
class ClusterProfile:
    label: int  # 1 = the largest cluster
    count: int
    mean_profit_pct: float
    median_profit_pct: float
    revenue: Decimal
    cost: Decimal
    profit: Decimal
    type_shares: Dict[str, float]
    typical_customer: str
    loss_making: bool = False
    most_profitable: bool = False


@dataclass
class AnalysisResult:
    order_ids: np.ndarray  # (n,)
    numbers: List[str]
    features: np.ndarray  # (n, 3): profit %, cost ₸, price ₸
    X: np.ndarray  # (n, 3) standardised features the clustering saw
    Z: np.ndarray  # (n − 1, 4) linkage matrix
    labels: np.ndarray  # (n,) cluster of each order, 1..k
    k: int
    cut_height: float
    min_size: int = 1
    clusters: List[ClusterProfile] = field(default_factory=list)
    outliers: Optional[ClusterProfile] = None  # label 0: orders on twigs of their own

    def orders_of(self, label) -> List[int]:
        return [int(i) for i in self.order_ids[self.labels == label]]


def _arrays(rows):
    n = len(rows)
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=n)
    price = np.fromiter((r[8] for r in rows), dtype=np.float64, count=n) / 100.0
    cost = np.fromiter((r[9] for r in rows), dtype=np.float64, count=n) / 100.0
    return ids, price, cost


@logged_in
def data_check(session: Session, sel: Selection) -> List[Suspect]:
    """Orders whose figures cannot be right, to correct or leave out before the analysis."""
    out = []
    for r in analysis_db.order_figures(session.db, sel):
        price, cost = from_tiyn(r[8]), from_tiyn(r[9])
        if cost <= 0 or price <= 0:
            out.append(Suspect(r[0], r[1], "analysis.check.not_positive",
                               "{} / {}".format(price, cost)))
        elif price < cost * PRICE_FAR_BELOW:
            out.append(Suspect(r[0], r[1], "analysis.check.price_far_below_cost",
                               "{} / {}".format(price, cost)))
        if r[5] in MADE and not r[11]:
            out.append(Suspect(r[0], r[1], "analysis.check.actual_missing", r[5]))
        if r[7] > MAX_QUANTITY:
            out.append(Suspect(r[0], r[1], "analysis.check.absurd_quantity", str(r[7])))
    return out


def default_min_size(n: int) -> int:
    """The smallest group worth naming: half a percent of the orders, at least 5."""
    return max(5, int(round(n * 0.005)))


@logged_in
def run(session: Session, sel: Selection, k: int = 4, log_scale=True, progress=None,
        min_size=None) -> AnalysisResult:
    """Cluster the selected orders; `progress(fraction)` is called from this thread.

    `min_size` None: clusters of at least half a percent of the orders, smaller branches
    set aside as outliers (label 0; see app/analysis/partition.py); 1: the plain cut of the
    tree into k clusters."""
    rows = analysis_db.order_figures(session.db, sel)
    if len(rows) < 2:
        raise ValidationError("error.analysis.too_few_orders", "selection")
    if not 1 <= int(k) <= min(len(rows), 50):
        raise ValidationError("error.analysis.k_out_of_range", "k", maximum=min(len(rows), 50))
    if progress:
        progress(0.1)
    ids, price, cost = _arrays(rows)
    bad = (price <= 0) | (cost <= 0)
    if bad.any():
        raise ValidationError("error.analysis.not_positive_for_log", "selection",
                              count=int(bad.sum()))
    profit_pct = (price - cost) / cost * 100.0
    features = np.column_stack([profit_pct, cost, price])
    try:
        X = clustering.standardize(features, log_columns=(1, 2) if log_scale else ())
        if progress:
            progress(0.3)
        clustering.keep_heap()  # once per process: glibc keeps the runs' pages mapped
        Z = clustering.single_linkage(X)
        if progress:
            progress(0.8)
        n = len(rows)
        min_size = default_min_size(n) if min_size is None else max(1, int(min_size))
        if min_size == 1:
            labels = clustering.cut(Z, int(k))
            # the cut line: between the merges that leave k clusters
            cut_height = float((Z[n - k - 1, 2] + Z[n - k, 2]) / 2) if 1 < k < n else (
                float(Z[-1, 2]) * 1.05 if k == 1 else 0.0)
        else:
            labels, splits = partition.significant_clusters(Z, int(k), min_size)
            # every cluster is whole below the lowest split; twigs cut off above are outliers
            cut_height = float(splits[0]) if len(splits) else float(Z[-1, 2]) * 1.05
    except clustering.ClusteringError as exc:  # the module's own errors carry our keys
        raise ValidationError(exc.key, "selection", **exc.params) from exc
    found = int(labels.max())
    result = AnalysisResult(ids, [r[1] for r in rows], features, X, Z, labels, found, cut_height,
                            min_size=min_size)
    result.clusters = _profiles(session.db, rows, result)
    if progress:
        progress(1.0)
    return result


def _profile(rows, result, label, customer_names) -> ClusterProfile:
    mask = result.labels == label
    idx = np.nonzero(mask)[0]
    pct = result.features[mask, 0]
    revenue = sum((from_tiyn(rows[i][8]) for i in idx), Decimal("0.00"))
    cost = sum((from_tiyn(rows[i][9]) for i in idx), Decimal("0.00"))
    types = Counter(rows[i][2] for i in idx)
    top_customer = Counter(rows[i][3] for i in idx).most_common(1)[0][0]
    return ClusterProfile(
        label, int(mask.sum()), round(float(pct.mean()), 2), round(float(np.median(pct)), 2),
        revenue, cost, revenue - cost, {t: round(c / len(idx), 4) for t, c in types.most_common()},
        customer_names.get(top_customer, ""), loss_making=revenue < cost)


def _profiles(db, rows, result: AnalysisResult) -> List[ClusterProfile]:
    customer_names = analysis_db.names(db, "customers", {r[3] for r in rows})
    out = [_profile(rows, result, label, customer_names) for label in range(1, result.k + 1)]
    if (result.labels == 0).any():
        result.outliers = _profile(rows, result, 0, customer_names)
    if out:
        # name the clusters the owner asks about: where money is lost (the cluster as a whole
        # costs more than it brings), and where it is made (the highest median profit %)
        best = max(out, key=lambda c: c.median_profit_pct)
        out = [replace(c, most_profitable=c is best) for c in out]
    return out


@logged_in
def profitability(session: Session, sel: Selection, by: str):
    """[{label, orders, revenue, cost, est_cost, profit, profit_pct, variance}] per group."""
    if by not in analysis_db.GROUPS:
        raise ValidationError("error.analysis.group", "by")
    out = []
    for r in analysis_db.profit_by(session.db, sel, by):
        revenue, cost, est_cost = from_tiyn(r["revenue_tiyn"]), from_tiyn(r["cost_tiyn"]), \
            from_tiyn(r["est_cost_tiyn"])
        profit = revenue - cost
        out.append({
            "key": r["grp"], "label": r["label"] if r["label"] is not None else "", "orders": r["orders"],
            "revenue": revenue, "cost": cost, "est_cost": est_cost, "profit": profit,
            "profit_pct": q2(profit / cost * 100) if cost > 0 else Decimal("0.00"),
            "variance": cost - est_cost, "with_actual": r["with_actual"],
        })
    return out


@logged_in
def variance_by_line(session: Session, sel: Selection):
    """Estimate versus actual, summed per cost line over the orders with actual figures."""
    est = {code: Decimal("0.00") for code in LINE_CODES}
    act = {code: Decimal("0.00") for code in LINE_CODES}
    n = 0
    for est_blob, act_blob in analysis_db.snapshots(session.db, sel):
        n += 1
        for code, amount in unpack(est_blob)["lines"].items():
            est[code] += Decimal(amount)
        for code, amount in unpack(act_blob)["lines"].items():
            act[code] += Decimal(amount)
    rows = []
    for code in LINE_CODES:
        if est[code] or act[code]:
            diff = act[code] - est[code]
            rows.append({"code": code, "estimate": est[code], "actual": act[code], "variance": diff,
                         "variance_pct": q2(diff / est[code] * 100) if est[code] else Decimal("0.00")})
    return n, rows


CAPACITY_KEY = "analysis.press_hours_per_month"
DEFAULT_CAPACITY = Decimal(176)  # 22 working days × 8 hours, one shift


def _months_between(first, last):
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while "{:04d}-{:02d}".format(y, m) <= last:
        out.append("{:04d}-{:02d}".format(y, m))
        m += 1
        if m == 13:
            y, m = y + 1, 1
    return out


def linear_trend(values) -> Tuple[float, float]:
    """Least-squares line through (0, v0), (1, v1)…: (slope per month, value at month 0)."""
    y = np.asarray(values, dtype=float)
    if len(y) < 2:
        return 0.0, float(y[0]) if len(y) else 0.0
    slope, intercept = np.polyfit(np.arange(len(y), dtype=float), y, 1)
    return float(slope), float(intercept)


@logged_in
def press_load(session: Session, date_from: str, date_to: str, trend_months=12):
    """Per press: machine hours by month against the hours available, and the month when the
    trend of the last `trend_months` months reaches the capacity (None: not within 5 years)."""
    capacity = Decimal(catalog_db.get_setting(session.db, CAPACITY_KEY, str(DEFAULT_CAPACITY)))
    rows = analysis_db.press_load(session.db, date_from, date_to)
    months = _months_between(str(date_from)[:7], str(date_to)[:7])
    presses = {}
    for r in rows:
        presses.setdefault(r["press"], {})[r["month"]] = float(r["hours"])
    out = []
    for press, by_month in sorted(presses.items()):
        hours = [by_month.get(m, 0.0) for m in months]
        recent = hours[-trend_months:]
        slope, intercept = linear_trend(recent)
        full_at = None
        if slope > 0:
            t = (float(capacity) - intercept) / slope  # months from the start of `recent`
            ahead = int(np.ceil(t)) - (len(recent) - 1)
            if ahead <= 0:
                full_at = months[-1] if max(recent) >= float(capacity) else None
            elif ahead <= 60:
                y, m = int(months[-1][:4]), int(months[-1][5:7]) + ahead
                y, m = y + (m - 1) // 12, (m - 1) % 12 + 1
                full_at = "{:04d}-{:02d}".format(y, m)
        out.append({"press": press, "months": months, "hours": hours,
                    "capacity": float(capacity), "trend_slope": slope,
                    "trend_start": intercept, "trend_months": len(recent), "full_at": full_at,
                    "peak_use_pct": round(max(hours) / float(capacity) * 100, 1) if hours else 0.0})
    return out


GROUPINGS = tuple(analysis_db.GROUPS)  # product type, customer, manager, month
PAGE = 1000  # orders.page reads at most this many a call


@logged_in
def check(session: Session, sel: Selection, progress=None):
    """The screen's data check: (suspects, number of orders selected). The suspects are looked
    for among the orders left out too, so they stay listed and can be taken back in."""
    found = data_check(session, replace(sel, exclude_ids=()))
    if progress:
        progress(0.7)
    n = sum(r["orders"] for r in profitability(session, sel, "product_type"))
    if progress:
        progress(1.0)
    return found, n


@logged_in
def order_info(session: Session, sel: Selection):
    """{order id: (customer name, product type)} of the selected orders, read a page at a time
    through the orders service (the cluster lists show them)."""
    out = {}
    customers = list(sel.customer_ids) or [None]
    for customer_id in customers:
        flt = OrderFilter(statuses=tuple(sel.statuses), product_types=tuple(sel.product_types),
                          customer_id=customer_id, date_from=sel.date_from, date_to=sel.date_to)
        offset = 0
        while True:
            rows = orders_service.page(session, flt, sort="number", descending=False, limit=PAGE,
                                       offset=offset)
            for r in rows:
                out[r.id] = (r.customer_name, r.product_type)
            if len(rows) < PAGE:
                break
            offset += PAGE
    return out


def press_period(sel: Selection, today=None):
    """('YYYY-MM-DD', 'YYYY-MM-DD') of the press load: the selection's period; open at the end,
    up to today; open at the start, from the first of the month two years before the end."""
    end = date.fromisoformat(str(sel.date_to)[:10]) if sel.date_to else (today or date.today())
    start = date.fromisoformat(str(sel.date_from)[:10]) if sel.date_from else \
        date(end.year - 2, end.month, 1)
    return start.isoformat(), end.isoformat()


@logged_in
def analyse(session: Session, sel: Selection, k: int = 4, log_scale=True, min_size=None,
            progress=None):
    """Everything the analysis screen shows, for a worker thread (the Figures included: they
    are built without pyplot; the Tk thread only gives them a canvas).

    {"result": AnalysisResult, "dendrogram", "scatter": Figures, "info": order_info(),
    "profit": {grouping: profitability()}, "variance": variance_by_line(), "loads":
    press_load() over press_period(), "load_figure": Figure or None}; `progress(fraction)`."""
    from app.analysis import plots
    report = progress or (lambda fraction: None)
    result = run(session, sel, k, log_scale, progress=lambda f: report(f * 0.7),
                 min_size=min_size)
    f = result.features
    dendrogram = plots.dendrogram_figure(result.Z, result.labels, result.cut_height, p=30,
                                         leaf_names=result.numbers)
    scatter = plots.scatter_figure(f[:, 1], f[:, 2], f[:, 0], result.labels)
    report(0.8)
    info = order_info(session, sel)
    profit = {by: profitability(session, sel, by) for by in GROUPINGS}
    report(0.9)
    variance = variance_by_line(session, sel)
    loads = press_load(session, *press_period(sel))
    load_figure = plots.press_load_figure(loads) if loads else None
    report(1.0)
    return {"result": result, "dendrogram": dendrogram, "scatter": scatter, "info": info,
            "profit": profit, "variance": variance, "loads": loads, "load_figure": load_figure}
