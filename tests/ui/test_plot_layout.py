"""Issue 17.13: drawing the analysis must not make matplotlib print "Tight layout not applied"
(it went to stderr at each draw of a plot whose labels did not fit its canvas). The real screen
on a 1366×768 screen's work area, every plot drawn, the window made smaller and larger again."""
import warnings

import numpy as np

from app.analysis import plots
from app.analysis.clustering import single_linkage
from app.ui.widgets.plot import PlotPanel
from tests.ui.conftest import pump
from tests.ui.test_analysis import finish, start

SIZES = ("1366x728", "1000x600", "800x480", "1366x728")


def _draw_at_sizes(app, panels):
    for size in SIZES:
        app.root.geometry(size)
        pump(app)
        for panel in panels:
            panel.canvas.draw()
        pump(app)


def _tight_warnings(seen):
    return [str(w.message) for w in seen if "layout not applied" in str(w.message)]


def test_the_analysis_draws_without_layout_warnings(make_app, analysis_db):
    path, passwords = analysis_db
    app = make_app(path)
    app.root.geometry("1366x728+0+0")
    s = start(app, passwords)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        s.run_button.invoke()
        finish(app, s)
        panels = []
        for page, names in ((s.clusters_page, ("dendrogram", "scatter")),
                            (s.profit_page, ("profit_plot",)), (s.press_page, ("press_plot",))):
            s.tabs.select(page)
            pump(app)
            panels += [getattr(s, n) for n in names]
        assert all(p.canvas is not None for p in panels)
        _draw_at_sizes(app, panels)
    assert _tight_warnings(seen) == []


def test_long_names_on_a_small_canvas_keep_the_axes_readable(make_app, db_path):
    """Leaves named after customers with long names: the tick labels are cut with "…" and the
    axes keep their share of a small canvas instead of a warning."""
    app = make_app(db_path)
    rng = np.random.default_rng(1)
    points = rng.normal(size=(40, 3))
    Z = single_linkage(points)
    names = ["ТОО «Очень длинное название заказчика номер {}»".format(i) for i in range(40)]
    panel = PlotPanel(app.root)
    panel.pack(fill="both", expand=True)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        panel.show(plots.dendrogram_figure(Z, leaf_names=names))
        pump(app)
        _draw_at_sizes(app, [panel])
    assert _tight_warnings(seen) == []
    labels = [x.get_text() for x in panel.figure.axes[0].get_xticklabels()]
    assert labels and all(len(x) <= plots.MAX_TICK_CHARS for x in labels)
    box = panel.figure.axes[0].get_position()
    assert box.width > 0.5 and box.height > 0.2  # the axes are not squeezed away
