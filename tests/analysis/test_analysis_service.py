"""The owner's analysis on a real demo database: data check, clusters, profitability, variance,
press load, and the plots as Figures."""
from datetime import datetime

import numpy as np
import pytest

from app.analysis import plots
from app.domain.errors import ValidationError
from app.services import analysis, auth, demo, orders
from app.storage.analysis import Selection
from app.storage.opening import open_database


@pytest.fixture(scope="module")
def demo_session(tmp_path_factory):
    path = tmp_path_factory.mktemp("analysis") / "demo.sqlite3"
    db = open_database(path, create=True)
    passwords = demo.build(db, 2500, seed=3, today=datetime(2026, 11, 27, 18, 0))
    session = auth.login(db, "aigerim", passwords["aigerim"])
    yield session
    db.close()


def test_data_check_finds_what_cannot_be_right(demo_session):
    db = demo_session.db
    sel = Selection(date_from="2026-01-01", date_to="2026-11-27")
    assert analysis.data_check(demo_session, sel) == []  # the demo's figures are sound
    # a typo: a price of 10 tenge on a made order, and a made order without actuals
    victim = db.one("SELECT id, number FROM orders WHERE status = 'paid' AND created_at >= '2026' LIMIT 1")
    db.execute("UPDATE orders SET price_net_tiyn = 1000, vat_tiyn = 0, price_gross_tiyn = 1000 "
               "WHERE id = ?", (victim["id"],))
    try:
        found = analysis.data_check(demo_session, sel)
        assert [(s.order_id, s.reason) for s in found] == [
            (victim["id"], "analysis.check.price_far_below_cost")]
        left_out = analysis.profitability(demo_session, Selection(
            date_from="2026-01-01", date_to="2026-11-27", exclude_ids=(victim["id"],)), "product_type")
        with_it = analysis.profitability(demo_session, sel, "product_type")
        assert sum(r["orders"] for r in left_out) == sum(r["orders"] for r in with_it) - 1
    finally:
        db.execute("UPDATE orders SET price_net_tiyn = ?, vat_tiyn = ?, price_gross_tiyn = ? WHERE id = ?",
                   _prices(demo_session, victim["id"]) + (victim["id"],))


def _prices(session, order_id):
    est = orders.get(session, order_id).estimate
    return (int(est.price_net * 100), int(est.vat * 100), int(est.price_gross * 100))


def test_profitability_by_every_grouping_adds_up(demo_session):
    sel = Selection()
    total = None
    for by in ("product_type", "customer", "manager", "month"):
        rows = analysis.profitability(demo_session, sel, by)
        revenue = sum(r["revenue"] for r in rows)
        cost = sum(r["cost"] for r in rows)
        if total is None:
            total = (revenue, cost)
        assert (revenue, cost) == total, by
        for r in rows:
            assert r["profit"] == r["revenue"] - r["cost"]
    by_type = {r["key"]: r for r in analysis.profitability(demo_session, sel, "product_type")}
    assert set(by_type) == {"printing", "blank", "journal", "label"}
    months = [r["key"] for r in analysis.profitability(demo_session, sel, "month")]
    assert months == sorted(months)
    with pytest.raises(ValidationError):
        analysis.profitability(demo_session, sel, "weather")


def test_variance_by_cost_line(demo_session):
    n, rows = analysis.variance_by_line(demo_session, Selection(date_from="2026-01-01"))
    assert n > 100
    by_code = {r["code"]: r for r in rows}
    assert {"paper", "press"} <= set(by_code)
    # the demo's shop floor overruns: more paper and more time than the norms
    assert by_code["paper"]["variance"] > 0 and by_code["press"]["variance"] > 0
    for r in rows:
        assert r["variance"] == r["actual"] - r["estimate"]


def test_press_load_and_its_trend(demo_session):
    loads = analysis.press_load(demo_session, "2024-01-01", "2026-10-31")
    presses = {load["press"] for load in loads}
    assert {"digital", "riso", "offset", "label_printer"} <= presses
    for load in loads:
        assert len(load["hours"]) == len(load["months"]) == 34
        assert load["capacity"] == 176.0
    assert analysis.linear_trend([1, 2, 3, 4]) == pytest.approx((1.0, 1.0))
    # a press gaining 10 hours a month from 100 reaches 176 hours in 8 months
    slope, start = analysis.linear_trend([100 + 10 * i for i in range(12)])
    assert slope == pytest.approx(10) and start == pytest.approx(100)


def test_dendrogram_layout_of_a_known_tree():
    # 4 points: 0 and 1 merge at 1, 2 and 3 at 2, then both at 5
    Z = np.array([[0, 1, 1.0, 2], [2, 3, 2.0, 2], [4, 5, 5.0, 4]])
    links, leaves = plots.dendrogram_layout(Z, p=3)
    assert [(node, x) for node, x, _ in leaves] == [(0, 5.0), (1, 15.0), (2, 25.0), (3, 35.0)]
    assert [(node, xa, xb, h) for node, xa, xb, _, _, h in links] == [
        (4, 5.0, 15.0, 1.0), (5, 25.0, 35.0, 2.0), (6, 10.0, 30.0, 5.0)]
    links, leaves = plots.dendrogram_layout(Z, p=1)  # truncated: two branches of two
    assert [(node, count) for node, _, count in leaves] == [(4, 2), (5, 2)]


def test_plots_are_figures_with_translated_text():
    from app import i18n
    Z = np.array([[0, 1, 1.0, 2], [2, 3, 2.0, 2], [4, 5, 5.0, 4]])
    i18n.set_language("kk")
    try:
        fig = plots.dendrogram_figure(Z, labels=np.array([1, 1, 2, 2]), cut_height=3.5,
                                      leaf_names=["A", "B", "C", "D"])
        ax = fig.axes[0]
        assert "Дендрограмма" in ax.get_title()
        assert [tick.get_text() for tick in ax.get_xticklabels()] == ["A", "B", "C", "D"]
        colours = {tuple(line.get_color()) if not isinstance(line.get_color(), str) else line.get_color()
                   for line in ax.get_lines()}
        assert plots.cluster_colour(1) in colours and plots.cluster_colour(2) in colours
    finally:
        i18n.set_language("en")


def _segments(fig):
    """{(x0, y0, x1, y1): colour} of the straight lines of a dendrogram figure."""
    out = {}
    for line in fig.axes[0].get_lines():
        x, y = line.get_xdata(), line.get_ydata()
        if len(x) == 2:
            out[(x[0], y[0], x[1], y[1])] = line.get_color()
    return out


def test_dendrogram_colours_a_cluster_with_its_outlier_twigs():
    # 0 and 1 (cluster 1) merge at 1; outlier 2 joins them at 2; 3 (cluster 2) at 5.
    # Left to right: leaf 3 at x 5, leaf 2 at 15, 0 at 25, 1 at 35; node 4 at 30, node 5 at 22.5.
    Z = np.array([[0, 1, 1.0, 2], [2, 4, 2.0, 3], [3, 5, 5.0, 4]])
    seg = _segments(plots.dendrogram_figure(Z, labels=np.array([1, 1, 0, 2]), cut_height=3.0))
    one, two, grey = plots.cluster_colour(1), plots.cluster_colour(2), plots.ABOVE_CUT
    assert len({one, two, grey}) == 3
    assert seg[(25.0, 1.0, 35.0, 1.0)] == one  # bars: 0 and 1 merge in cluster 1
    assert seg[(15.0, 2.0, 30.0, 2.0)] == one  # cluster 1 and a twig: still cluster 1
    assert seg[(5.0, 5.0, 22.5, 5.0)] == grey  # two clusters meet above the cut
    assert seg[(15.0, 0.0, 15.0, 2.0)] == grey  # legs: the outlier's twig
    assert seg[(22.5, 2.0, 22.5, 5.0)] == one  # cluster 1 reaches up to where it meets 2
    assert seg[(5.0, 0.0, 5.0, 5.0)] == two
    # outliers only: grey
    seg = _segments(plots.dendrogram_figure(Z, labels=np.array([0, 0, 0, 2]), cut_height=3.0))
    assert {c for (x0, y0, x1, y1), c in seg.items() if y1 <= 2.0} == {grey}


def _two_clusters_and_twigs(m):
    """Clusters 1 (orders 0, 1) and 2 (orders 2, 3) meet at height 1, then m outliers join
    one by one above: the linkage matrix and the labels."""
    n = 4 + m
    rows = [[0, 1, 0.5, 2], [2, 3, 0.5, 2], [n, n + 1, 1.0, 4]]
    node, size = n + 2, 4
    for leaf in range(4, n):
        rows.append([leaf, node, 1.0 + leaf, size + 1])
        node, size = node + 1, size + 1
    return np.array(rows, dtype=float), np.array([1, 1, 2, 2] + [0] * m)


def test_dendrogram_shows_clusters_that_meet_below_the_last_merges():
    """Clusters 1 and 2 meet at height 1; eight outliers join one by one above it. With p = 3
    the merge of the two clusters would hide in a truncated branch; it is drawn, and the
    truncated branches take their clusters' colours (legs and tick labels)."""
    Z, labels = _two_clusters_and_twigs(8)
    fig = plots.dendrogram_figure(Z, labels=labels, cut_height=1.0, p=3)
    ticks = fig.axes[0].get_xticklabels()
    assert [t.get_text() for t in ticks][-2:] == ["(2)", "(2)"]
    assert [t.get_color() for t in ticks][-2:] == [plots.cluster_colour(1),
                                                  plots.cluster_colour(2)]
    legs = {c for (x0, y0, x1, y1), c in _segments(fig).items() if x0 == x1 and y0 == 0.0}
    assert {plots.cluster_colour(1), plots.cluster_colour(2)} <= legs


def test_dendrogram_leaves_out_outliers_when_they_would_hide_the_clusters():
    """70 outliers join above the clusters, more merges than the drawing can show from the cut
    up: the outliers are left out (the title says how many), the two clusters and their
    meeting are drawn."""
    Z, labels = _two_clusters_and_twigs(70)
    names = ["N{}".format(i) for i in range(74)]
    fig = plots.dendrogram_figure(Z, labels=labels, cut_height=1.0, p=30, leaf_names=names,
                                  lang="en")
    ax = fig.axes[0]
    assert "outliers not drawn: 70" in ax.get_title()
    assert [t.get_text() for t in ax.get_xticklabels()] == ["N0", "N1", "N2", "N3"]
    seg = _segments(fig)
    assert seg[(5.0, 0.5, 15.0, 0.5)] == plots.cluster_colour(1)
    assert seg[(25.0, 0.5, 35.0, 0.5)] == plots.cluster_colour(2)
    assert seg[(10.0, 1.0, 30.0, 1.0)] == plots.ABOVE_CUT  # where they meet
    assert len(seg) == 3 * 3 + 1  # three merges (legs and bar each) and the cut line
    # 20 outliers: drawn with the clusters, from the cut line up
    Z, labels = _two_clusters_and_twigs(20)
    fig = plots.dendrogram_figure(Z, labels=labels, cut_height=1.0, p=5, lang="en")
    assert "outliers" not in fig.axes[0].get_title()
    ticks = fig.axes[0].get_xticklabels()  # 20 outliers and the two clusters, merged below
    assert len(ticks) == 22
    assert sorted(t.get_color() for t in ticks if t.get_text() == "(2)") == sorted(
        [plots.cluster_colour(1), plots.cluster_colour(2)])


@pytest.mark.parametrize("seed", range(4))
def test_tree_without_outliers_keeps_the_clusters_heights(seed):
    """Left out of the tree, the outliers change nothing for the other orders: at every height
    the reduced tree groups the kept orders as the whole tree does."""
    from app.analysis import clustering, partition
    from app.analysis.clustering import dendrogram
    rng = np.random.default_rng(seed)
    X = np.vstack([rng.normal(c, s, size=(m, 3)) for c, s, m in
                   ((0, 0.3, 120), (4, 0.5, 80), (9, 0.2, 40))] + [rng.uniform(-5, 15, (25, 3))])
    Z = clustering.single_linkage(X)
    labels, _ = partition.significant_clusters(Z, 3, 10)
    Zr, kept = plots._without_outliers(Z, labels)
    assert 0 < kept.size < X.shape[0] and np.all(labels[kept] > 0)
    assert Zr.shape == (kept.size - 1, 4) and Zr[-1, 3] == kept.size
    assert np.all(np.diff(Zr[:, 2]) >= 0) and np.all(Zr[:, 0] < Zr[:, 1])
    dendrogram.as_linkage(Zr)  # a valid linkage matrix
    pure = plots._pure_labels(Zr, labels[kept])
    assert (pure[kept.size:] < 0).sum() == len(set(labels[kept].tolist())) - 1  # k − 1 meetings
    for t in np.quantile(Z[:, 2], [0.2, 0.5, 0.8, 0.95, 0.99]):
        whole = clustering.cut_at(Z, t)[kept]
        part = clustering.cut_at(Zr, t)
        pairs = {(a, b) for a, b in zip(whole.tolist(), part.tolist())}
        assert len(pairs) == len(set(whole.tolist())) == len(set(part.tolist()))


def test_plain_cut_into_k_clusters(demo_session):
    sel = Selection(date_from="2025-01-01", date_to="2026-11-27")
    steps = []
    result = analysis.run(demo_session, sel, k=4, min_size=1, progress=steps.append)
    n = len(result.order_ids)
    assert n > 500 and steps[-1] == 1.0
    assert result.Z.shape == (n - 1, 4) and result.labels.shape == (n,)
    assert sorted(set(result.labels.tolist())) == [1, 2, 3, 4] and result.outliers is None
    # the cut line leaves exactly k clusters: k − 1 merges above it
    assert (result.Z[:, 2] > result.cut_height).sum() == 3
    sizes = [c.count for c in result.clusters]
    assert sizes == sorted(sizes, reverse=True) and sum(sizes) == n  # numbered by size
    # features: profit % is (price − cost) / cost
    pct, cost, price = result.features[:, 0], result.features[:, 1], result.features[:, 2]
    assert np.allclose(pct, (price - cost) / cost * 100)


def test_clusters_worth_naming_and_outliers(demo_session):
    sel = Selection(date_from="2025-01-01", date_to="2026-11-27")
    result = analysis.run(demo_session, sel, k=4)
    n = len(result.order_ids)
    assert result.min_size == analysis.default_min_size(n)
    labels = result.labels
    assert 2 <= result.k <= 4 and set(labels.tolist()) <= set(range(0, result.k + 1))
    sizes = [c.count for c in result.clusters]
    assert all(size >= result.min_size for size in sizes)
    assert sizes == sorted(sizes, reverse=True)
    outliers = result.outliers.count if result.outliers else 0
    assert sum(sizes) + outliers == n == len(labels)
    assert outliers == int((labels == 0).sum())
    rows = analysis.profitability(demo_session, sel, "product_type")
    revenue = sum(c.revenue for c in result.clusters) + (result.outliers.revenue if outliers else 0)
    assert revenue == sum(r["revenue"] for r in rows)
    for c in result.clusters:
        assert len(result.orders_of(c.label)) == c.count
        assert abs(sum(c.type_shares.values()) - 1) < 1e-3
        assert c.loss_making == (c.profit < 0)
    assert sum(1 for c in result.clusters if c.most_profitable) == 1
    best = next(c for c in result.clusters if c.most_profitable)
    assert best.median_profit_pct == max(c.median_profit_pct for c in result.clusters)
    # same tree as the plain cut: every cluster is one branch of it
    plain = analysis.run(demo_session, sel, k=4, min_size=1)
    assert np.array_equal(plain.Z, result.Z)
    fig = plots.dendrogram_figure(result.Z, result.labels, result.cut_height, p=30,
                                  leaf_names=result.numbers)
    assert len(fig.axes[0].get_xticklabels()) == 31
    f = result.features
    fig = plots.scatter_figure(f[:, 1], f[:, 2], f[:, 0], result.labels)
    assert len(fig.axes) == 2


def test_analysis_refuses_what_it_cannot_do(demo_session):
    with pytest.raises(ValidationError) as info:
        analysis.run(demo_session, Selection(date_from="2030-01-01"))
    assert info.value.key == "error.analysis.too_few_orders"
    with pytest.raises(ValidationError) as info:
        analysis.run(demo_session, Selection(), k=0)
    assert info.value.field == "k"
