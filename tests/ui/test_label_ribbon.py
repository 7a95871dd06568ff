"""Issue 17.10: the label quote's layout box draws the ribbon — the labels along it, a cut mark
at each join, one label's length and the ribbon's metres — as the sheet is drawn for the other
types, and keeps it when the window resizes."""
from app.i18n import format_number, t
from app.ui.widgets.imposition import ribbon_width_mm
from tests.ui.conftest import pump
from tests.ui.test_quote_and_order import type_into


def _boxes(canvas, tag):
    return [canvas.coords(i) for i in canvas.find_withtag(tag)]


def test_the_ribbon_is_drawn_with_labels_cut_marks_and_metres(admin_app):
    app = admin_app
    q = app.new_quote()
    q.type_buttons["label"].invoke()
    pump(app)
    type_into(app, q.job.fields["quantity"], "3000")
    type_into(app, q.job.fields["label_length_mm"], "60")
    est = q.estimate
    assert est is not None and est.metres is not None
    canvas = q.canvas
    canvas.update()
    labels = _boxes(canvas, "label")
    ribbon = _boxes(canvas, "ribbon")
    assert len(ribbon) == 1 and 3 <= len(labels) <= 12
    # the labels lie along the ribbon, one after another, inside it
    rx0, ry0, rx1, ry1 = ribbon[0]
    xs = sorted(b[0] for b in labels)
    assert all(ry0 <= b[1] and b[3] <= ry1 and rx0 <= b[0] and b[2] <= rx1 for b in labels)
    steps = [b - a for a, b in zip(xs, xs[1:])]
    # evenly, one label length apart (the canvas keeps coordinates to a tenth or so)
    assert max(steps) - min(steps) < 0.2, steps
    # to scale: a label 60 mm long on a 30 mm ribbon is twice as long as the ribbon is wide
    lx0, ly0, lx1, ly1 = labels[0]
    step = sum(steps) / len(steps)
    assert abs(step / (ry1 - ry0) - 60 / 30) < 0.15
    assert len(_boxes(canvas, "cut")) == 2 * (len(labels) + 1)  # above and below each join
    texts = canvas.texts()
    assert t("ui.imposition.label_length", length="60") in texts
    assert any(format_number(est.metres, 1) in x and format_number(3000, 0) in x for x in texts)
    # it stays drawn when the window resizes
    canvas.event_generate("<Configure>", width=260, height=180)
    pump(app)
    assert canvas.find_withtag("label") and any(format_number(est.metres, 1) in x
                                                  for x in canvas.texts())
    # a sheet job goes back to the sheet drawing
    q.type_buttons["printing"].invoke()
    pump(app)
    assert not canvas.find_withtag("label")


def test_the_ribbon_width_is_read_from_the_catalog_name():
    class R:
        code, name = "satin-40", "Атласная лента 40 мм"
    assert ribbon_width_mm(R) == 40 and ribbon_width_mm(None) is None
