"""The Analysis screen on a 2,500-order demo: choose a period, check the data (one order made
suspicious), leave it out, run in the background, the cluster table against the service, a
cluster's orders, the plots, profitability, press load, Cancel and the report."""
import time

import docx
from matplotlib.backends.backend_tkagg import FigureCanvasTkAgg

from app.domain.errors import ValidationError
from app.i18n import format_number, t
from app.services import analysis
from app.storage.analysis import Selection
from app.storage.opening import open_database
from app.ui.screens.analysis import ClusterOrders, cluster_name
from app.ui.widgets.dialog import Dialog
from app.ui.widgets.formatting import pct
from tests.ui.conftest import login, pump, wait_document, wait_for

PERIOD = ("2026-01-01", "2026-11-27")


def make_suspicious(path):
    """A typo in the test's own connection: a price of 10 tenge on a paid order."""
    with open_database(path) as db:
        victim = db.one("SELECT id, number FROM orders WHERE status = 'paid' "
                        "AND created_at >= '2026-02' ORDER BY id LIMIT 1")
        db.execute("UPDATE orders SET price_net_tiyn = 1000, vat_tiyn = 0, "
                   "price_gross_tiyn = 1000 WHERE id = ?", (victim["id"],))
    return victim["id"], victim["number"]


def open_analysis(app):
    """Through the Work menu, as a manager would."""
    menu = app.root.nametowidget(app.menubar.entrycget(t("ui.menu.work"), "menu"))
    menu.invoke(menu.index(t("ui.menu.analysis")))
    pump(app)
    screen = app.screens["analysis"]
    assert app.current_screen() is screen
    return screen


def start(app, passwords):
    login(app, "aigerim", passwords["aigerim"])
    assert app.ctx.session is not None and not app.ctx.is_admin
    for d in list(Dialog.open_dialogs):  # the low-stock notice after login
        d.close()
    s = open_analysis(app)
    s.from_var.set(PERIOD[0])
    s.to_var.set(PERIOD[1])
    return s


def finish(app, s):
    wait_for(app, lambda: not s.busy(), timeout=120, what="the analysis")
    pump(app)


def double_click(tree, iid, column="#2"):
    tree.see(iid)
    tree.update()
    x, y, w, h = tree.bbox(iid, column)
    for _ in range(2):  # two clicks in a row make Tk's <Double-1>
        tree.event_generate("<ButtonPress-1>", x=x + w // 2, y=y + h // 2)
        tree.event_generate("<ButtonRelease-1>", x=x + w // 2, y=y + h // 2)
    tree.update()


def test_check_leave_out_run_and_compare_with_the_service(make_app, analysis_db, documents_dir,
                                                           tmp_path):
    path, passwords = analysis_db
    victim, number = make_suspicious(path)
    app = make_app(path)
    s = start(app, passwords)
    assert s.statuses.chosen() == ("ready", "delivered", "paid")  # made orders by default
    assert s.k_var.get() == "4" and s.log_var.get() is True
    # data check: the suspicious order with its reason, translated
    s.check_button.invoke()
    assert s.busy() and str(s.run_button.cget("state")) == "disabled"
    finish(app, s)
    assert [(x.order_id, x.reason) for x in s.suspects] == [
        (victim, "analysis.check.price_far_below_cost")]
    tree = s.check_table.tree
    (iid,) = tree.get_children()
    assert tree.set(iid, "number") == number
    assert tree.set(iid, "reason").lower() == t("analysis.check.price_far_below_cost").lower()
    n_selected = analysis.profitability(app.ctx.session, Selection(*PERIOD), "product_type")
    n_selected = sum(r["orders"] for r in n_selected)
    assert s.min_var.get() == str(analysis.default_min_size(n_selected))  # the default shown
    # open it to correct it: the existing order window
    tree.selection_set(iid)
    s.open_suspect_button.invoke()
    pump(app)
    assert app.current_screen() is app.screens["order-{}".format(victim)]
    app.select_screen(s)
    # leave it out of this run: a double-click on the first column ticks it
    double_click(tree, iid, "#1")
    assert s.excluded == {victim} and tree.set(iid, "out") == "✓"
    # bad input names its field
    s.k_var.set("11")
    s.run_button.invoke()
    assert not s.busy()
    assert s.error.cget("text").startswith(t("ui.analysis.k"))
    assert t("error.field.out_of_range", low=2, high=10) in s.error.cget("text")
    s.k_var.set("4")
    s.from_var.set("2026-13-01")
    s.run_button.invoke()
    assert t("error.field.date") in s.error.cget("text") and not s.busy()
    s.from_var.set(PERIOD[0])
    # run in the background
    s.run_button.invoke()
    assert s.busy() and str(s.cancel_button.cget("state")) == "normal"
    finish(app, s)
    assert s.error.cget("text") == ""
    sel = Selection(*PERIOD, exclude_ids=(victim,))
    expected = analysis.run(app.ctx.session, sel, k=4)
    assert victim not in s.result.order_ids.tolist()
    profiles = list(expected.clusters) + ([expected.outliers] if expected.outliers else [])
    ctree = s.cluster_table.tree
    assert list(ctree.get_children()) == ["c{}".format(c.label) for c in profiles]
    for c in profiles:
        row = "c{}".format(c.label)
        assert ctree.set(row, "cluster") == cluster_name(c.label)
        assert ctree.set(row, "count") == format_number(c.count, 0)
        assert ctree.set(row, "median") == pct(c.median_profit_pct)
        assert ctree.set(row, "mean") == pct(c.mean_profit_pct)
        assert ctree.set(row, "customer") == c.typical_customer
        if c.label and c.loss_making:
            assert t("ui.analysis.mark.loss") in ctree.set(row, "mark")
    assert s.min_var.get() == str(expected.min_size)
    # a double-click on a cluster lists its orders; a double-click there opens one
    label = expected.clusters[1].label
    double_click(ctree, "c{}".format(label))
    d = Dialog.open_dialogs[-1]
    assert isinstance(d, ClusterOrders)
    listed = d.table.tree.get_children()
    assert len(listed) == expected.clusters[1].count
    assert sorted(int(i) for i in listed) == sorted(expected.orders_of(label))
    first = listed[0]
    assert d.table.tree.set(first, "customer") != "" and d.table.tree.set(first, "type") != ""
    double_click(d.table.tree, first)
    pump(app)
    assert app.current_screen() is app.screens["order-{}".format(first)]
    d.close()
    app.select_screen(s)
    # the plots are embedded Tk canvases with matplotlib's tool bar
    s.tabs.select(s.clusters_page)
    pump(app)
    for panel in (s.dendrogram, s.scatter):
        assert isinstance(panel.canvas, FigureCanvasTkAgg) and panel.toolbar is not None
    assert s.dendrogram.canvas.get_tk_widget().winfo_ismapped()
    assert len(s.dendrogram.figure.axes[0].get_xticklabels()) == 31  # p = 30 merges
    png = s.scatter.save_png(tmp_path / "scatter.png")
    assert png and open(str(png), "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    # profitability: one row per product type, then by month
    s.tabs.select(s.profit_page)
    by_type = analysis.profitability(app.ctx.session, sel, "product_type")
    assert len(s.profit_table.tree.get_children()) == len(by_type) == 4
    assert s.profit_plot.canvas is not None
    s.by_var.set(list(s.by_names)[3])
    s.show_profit()
    months = analysis.profitability(app.ctx.session, sel, "month")
    assert [s.profit_table.tree.set(i, "group") for i in s.profit_table.tree.get_children()] == \
        [r["label"] for r in months]
    # estimate versus actual, press load
    n, lines = analysis.variance_by_line(app.ctx.session, sel)
    assert len(s.variance_table.tree.get_children()) == len(lines) and n > 100
    s.tabs.select(s.press_page)
    loads = analysis.press_load(app.ctx.session, *PERIOD)
    assert len(s.press_texts) == len(loads) >= 4 and s.press_plot.canvas is not None
    for load, text in zip(loads, s.press_texts):
        assert (load["full_at"] or "") in text
    # the report, made in the background
    s.report_button.invoke()
    made = wait_document(app)
    path = made.path
    assert path.suffix == ".docx" and str(documents_dir) in str(path)
    document = docx.Document(str(path))
    cluster_rows = [row for row in document.tables[1].rows[1:-1]]
    assert [r.cells[1].text for r in cluster_rows] == [format_number(c.count, 0)
                                                        for c in profiles]
    made.close()


def test_cancel_drops_the_result_and_gives_the_form_back(make_app, analysis_db):
    path, passwords = analysis_db
    app = make_app(path)
    s = start(app, passwords)
    s.run_button.invoke()
    assert s.busy()
    s.cancel_button.invoke()
    assert not s.busy()
    assert str(s.run_button.cget("state")) == "normal"
    assert str(s.cancel_button.cget("state")) == "disabled"
    assert s.message.cget("text") == t("ui.analysis.cancelled")
    deadline = time.time() + 2  # the worker finishes meanwhile: its result is not shown
    while time.time() < deadline:
        app.root.update()
        time.sleep(0.02)
    assert s.result is None and s.cluster_table.tree.get_children() == ()
    # a second run goes through
    s.run_button.invoke()
    finish(app, s)
    assert s.result is not None and s.cluster_table.tree.get_children()


def test_too_few_orders_is_said_with_the_field(make_app, analysis_db):
    path, passwords = analysis_db
    app = make_app(path)
    s = start(app, passwords)
    s.from_var.set("2030-01-01")
    s.to_var.set("2030-12-31")
    s.run_button.invoke()
    finish(app, s)
    assert s.result is None
    text = s.error.cget("text")
    assert t("error.analysis.too_few_orders") in text and text.startswith(t("ui.analysis.choices"))


def test_customers_are_picked_into_the_selection(make_app, analysis_db):
    path, passwords = analysis_db
    app = make_app(path)
    s = start(app, passwords)
    from app.services import customers
    picked = customers.search(app.ctx.session, "", limit=2)
    for c in picked:
        s.picker.set(c)
    assert [cid for cid, _ in s.customers] == [c.id for c in picked]
    assert s.selection().customer_ids == tuple(c.id for c in picked)
    assert all(c.name in s.customers_label.cget("text") for c in picked)
    s.clear_customers_button.invoke()
    assert s.selection().customer_ids == ()
    assert s.customers_label.cget("text") == t("ui.analysis.all_customers")
    s.min_var.set("abc")
    s._min_typed()
    try:
        s.parameters()
    except ValidationError as exc:
        assert exc.field == "min_size"
    else:
        raise AssertionError("a smallest cluster of 'abc' was accepted")
