"""The quote form of each product type against the costing engine, saving, statuses, actuals."""
import pytest

from app import costing
from app.domain.estimate import LINE_CODES
from app.domain.job import JobSpec
from app.i18n import format_money, format_number, t
from app.services import catalog as catalog_service
from app.services import customers, orders
from tests.ui.conftest import last_dialog, login_manager, pump

BREAKDOWN_MONEY = ("direct", "overhead", "cost", "price_net", "vat", "price_gross", "profit",
                   "unit_price_gross")


def expected(app, spec_data):
    cat = catalog_service.get_catalog(app.ctx.session)
    return costing.estimate(JobSpec.from_dict(spec_data), cat)


def check_breakdown(q, est):
    b = q.breakdown
    for key in BREAKDOWN_MONEY:
        assert b.text(key) == format_money(getattr(est, key)), key
    assert b.text("profit_pct") == format_number(est.profit_pct) + " %"
    assert b.big_price.cget("text") == format_money(est.price_gross)
    shown = {code for code in LINE_CODES if b.values["line." + code].winfo_ismapped()}
    assert shown == {line.code for line in est.lines}
    for line in est.lines:
        assert b.text("line." + line.code) == format_money(line.amount), line.code
    if est.sheets is not None:
        assert b.text("n_up") == "{} ({} × {})".format(est.layout.n_up, est.layout.cols,
                                                      est.layout.rows)
        assert b.text("sheets_gross") == format_number(est.sheets.gross, 0)
        assert b.text("sheets_waste") == format_number(est.sheets.waste, 0)
    else:
        assert b.text("metres") == format_number(est.metres, 1)


def type_into(app, field, text):
    """As a person types: the variable changes, the form refreshes when Tk is idle."""
    field.set(text)
    pump(app)


@pytest.mark.parametrize("ptype, edits, spec", [
    ("printing", {"quantity": "1000"},
     {"product_type": "printing", "quantity": 1000, "width_mm": 90, "height_mm": 50,
      "colours": "4+4", "paper": "coated-300-sra3", "bleed_mm": 2}),
    ("blank", {"quantity": "2000", "pad_sheets": "100", "numbering": True},
     {"product_type": "blank", "quantity": 2000, "width_mm": 210, "height_mm": 297,
      "colours": "1+0", "paper": "office-80-a4", "numbering": True, "pad_sheets": 100}),
    ("journal", {"quantity": "20", "sheets_per_journal": "100"},
     {"product_type": "journal", "quantity": 20, "sheets_per_journal": 100, "width_mm": 210,
      "height_mm": 297, "colours": "1+1", "paper": "office-80-a4", "cover": "hard",
      "lacing_sealing": True, "page_numbering": True}),
    ("label", {"quantity": "5000", "label_length_mm": "60"},
     {"product_type": "label", "quantity": 5000, "label_length_mm": 60, "ribbon": "satin-30",
      "label_colours": 1}),
])
def test_quote_of_each_type_shows_the_engine_figures(admin_app, ptype, edits, spec):
    app = admin_app
    q = app.new_quote()
    q.type_buttons[ptype].invoke()
    pump(app)
    for name, value in edits.items():
        type_into(app, q.job.fields[name], value)
    est = expected(app, spec)
    check_breakdown(q, est)
    if ptype != "label":
        assert q.canvas.texts()  # the imposition is drawn with its caption
        assert q.compare.tree.get_children()  # automatic press: the comparison is shown
    else:  # no sheet: the ribbon is drawn with its metres, and still after the window resizes
        metres = format_number(est.metres, 1)
        assert any(metres in x for x in q.canvas.texts())
        q.canvas.event_generate("<Configure>", width=280, height=200)
        pump(app)
        assert any(metres in x for x in q.canvas.texts()) and q.canvas.find_withtag("label")
    ladder = orders.ladder(app.ctx.session, spec, [spec["quantity"], spec["quantity"] * 2,
                                                   spec["quantity"] * 5])
    for i, e in enumerate(ladder):
        assert q.ladder_cells[("price_gross", i)].cget("text") == format_money(e.price_gross)


def test_worked_example_one_is_shown_to_the_tiyn(admin_app):
    q = admin_app.new_quote()
    b = q.breakdown
    assert b.text("price_gross") == "26\u00a0784,40\u00a0₸"
    assert b.text("line.paper") == "7\u00a0200,00\u00a0₸"
    assert b.text("profit_pct") == "40,02 %"


def test_invalid_input_is_marked_at_the_field_and_hides_the_price(admin_app):
    app = admin_app
    q = app.new_quote()
    type_into(app, q.job.fields["quantity"], "12x")
    f = q.job.fields["quantity"]
    assert f.error.winfo_ismapped()
    assert f.error.cget("text") == t("error.field.not_integer")
    assert q.breakdown.text("price_gross") == "—"
    assert q.breakdown.big_price.cget("text") == "—"
    assert all(lbl.cget("text") == "—" for lbl in q.ladder_cells.values())
    type_into(app, f, "1000")
    assert not f.error.winfo_ismapped()
    type_into(app, q.job.fields["width_mm"], "900")  # larger than any sheet
    assert q.breakdown.text("price_gross") == "—"
    assert q.job.fields["width_mm"].error.winfo_ismapped()
    type_into(app, q.job.fields["width_mm"], "90")
    assert q.breakdown.text("price_gross") == "26\u00a0784,40\u00a0₸"


def test_manual_press_markup_and_discount_override(admin_app):
    app = admin_app
    q = app.new_quote()
    type_into(app, q.job.fields["press"], "Цифровая машина")
    type_into(app, q.terms.fields["markup_pct"], "50")
    type_into(app, q.terms.fields["discount_pct"], "5")
    est = expected(app, {"product_type": "printing", "quantity": 1000, "width_mm": 90,
                         "height_mm": 50, "colours": "4+4", "paper": "coated-300-sra3",
                         "bleed_mm": 2, "press": "digital", "markup_pct": "50",
                         "discount_pct": "5"})
    check_breakdown(q, est)
    assert not q.compare.tree.get_children()
    assert q.compare_hint.cget("text") == t("ui.quote.presses_manual")


def test_save_needs_a_customer_then_saves_an_order(admin_app, customer):
    app = admin_app
    q = app.new_quote()
    q.save_order_button.invoke()
    pump(app)
    assert q.terms.fields["customer"].error.cget("text") == t("ui.error.pick_customer")
    q.picker.var.set("алтын")  # typed, then the list opens and the manager picks
    q.picker._fill()
    assert len(q.picker.combo.cget("values")) == 1
    q.picker.combo.current(0)
    q.picker.combo.event_generate("<<ComboboxSelected>>")
    pump(app)
    assert q.picker.customer.id == customer.id
    assert q.terms.fields["discount_pct"].get() == "5,00"  # the customer's discount
    q.save_order_button.invoke()
    pump(app)
    order_screens = [s for k, s in app.screens.items() if k.startswith("order-")]
    assert len(order_screens) == 1 and q.key not in app.screens
    o = order_screens[0].order
    assert o.status == "approved" and o.customer_id == customer.id
    assert order_screens[0].breakdown.text("price_gross") == format_money(o.estimate.price_gross)


def test_order_moves_through_statuses_records_actuals_and_shows_variance(admin_app, customer):
    app = admin_app
    spec = {"product_type": "printing", "quantity": 1000, "width_mm": 90, "height_mm": 50,
            "colours": "4+4", "paper": "coated-300-sra3", "bleed_mm": 2}
    order = orders.create(app.ctx.session, spec, customer.id, "quoted")
    s = app.open_screen("order", order_id=order.id)
    assert s.actual_form is None
    for status in ("approved", "production", "ready"):
        s.move_buttons[status].invoke()
        if status == "production":  # the shop has no paper in stock yet: warned, goes on
            last_dialog().button_by_key["ui.stock.short_go"].invoke()
        pump(app)
        assert s.order.status == status
        assert s.head_status.cget("text") == t("status." + status)
    assert "cancelled" not in orders.allowed_moves(s.order)
    f = s.actual_form
    f.fields["gross_sheets"].set("abc")
    s.save_actual_button.invoke()
    assert f.fields["gross_sheets"].error.cget("text") == t("error.field.not_number")
    f.fields["gross_sheets"].set("58")  # 10 sheets more than the estimate's 48
    s.save_actual_button.invoke()
    pump(app)
    o = orders.get(app.ctx.session, order.id)
    assert o.actual is not None
    rows = {iid: s.variance.tree.item(iid, "values") for iid in s.variance.tree.get_children()}
    est_paper, act_paper = o.estimate.line("paper"), [line.amount for line in o.actual.lines
                                                       if line.code == "paper"][0]
    assert rows["paper"][1] == format_money(est_paper)
    assert rows["paper"][2] == format_money(act_paper)
    assert rows["paper"][3] == "+" + format_money(act_paper - est_paper)
    assert act_paper - est_paper == 1500  # 10 sheets × 150 ₸
    assert rows["total-direct"][2] == format_money(o.actual.direct)
    assert s.variance_summary.cget("text") == t(
        "ui.order.variance_summary", est=format_number(o.estimate.profit_pct) + " %",
        act=format_number(o.actual.profit_pct) + " %")
    s.move_buttons["delivered"].invoke()
    pump(app)
    s.move_buttons["paid"].invoke()
    pump(app)
    assert orders.get(app.ctx.session, order.id).status == "paid"


def test_cancel_asks_first_and_repeat_makes_a_copy(admin_app, customer):
    app = admin_app
    spec = {"product_type": "label", "quantity": 5000, "label_length_mm": 60,
            "ribbon": "satin-30"}
    order = orders.create(app.ctx.session, spec, customer.id, "new")
    s = app.open_screen("order", order_id=order.id)
    s.cancel_button.invoke()
    last_dialog().button_by_key["ui.button.no"].invoke()
    assert orders.get(app.ctx.session, order.id).status == "new"
    s.cancel_button.invoke()
    last_dialog().button_by_key["ui.order.cancel"].invoke()
    pump(app)
    assert orders.get(app.ctx.session, order.id).status == "cancelled"
    assert s.head_status.cget("text") == t("status.cancelled")
    s.repeat_button.invoke()
    pump(app)
    last_dialog().button_by_key["ui.repeat.create"].invoke()  # the prices shown first
    pump(app)
    copies = [sc for k, sc in app.screens.items() if k.startswith("order-") and sc is not s]
    assert len(copies) == 1
    assert copies[0].order.status == "new" and copies[0].order.id != order.id
    assert copies[0].order.estimate.spec.quantity == 5000


def test_edit_an_order_while_its_status_allows(admin_app, customer):
    app = admin_app
    spec = {"product_type": "printing", "quantity": 1000, "width_mm": 90, "height_mm": 50,
            "colours": "4+4", "paper": "coated-300-sra3", "bleed_mm": 2}
    order = orders.create(app.ctx.session, spec, customer.id, "quoted")
    s = app.open_screen("order", order_id=order.id)
    s.edit_button.invoke()
    pump(app)
    q = app.current_screen()
    assert q.order.id == order.id
    assert q.picker.customer.id == customer.id
    type_into(app, q.job.fields["quantity"], "2000")
    q.save_changes_button.invoke()
    pump(app)
    o = orders.get(app.ctx.session, order.id)
    assert o.quantity == 2000
    assert s.info_labels["quantity"].cget("text") == format_number(2000, 0)


def test_new_customer_inline_from_the_quote(admin_app):
    app = admin_app
    q = app.new_quote()
    q.picker.var.set("ЖШС «Жаңа Клиент»")
    q.picker.new_button.invoke()
    d = last_dialog()
    assert d.form.fields["name"].get() == "ЖШС «Жаңа Клиент»"
    d.form.fields["bin"].set("987654321090")
    d.button_by_key["ui.button.save"].invoke()
    pump(app)
    assert q.picker.customer is not None and q.picker.customer.bin == "987654321090"


def test_manager_makes_a_quote_too(make_app, db_path, customer):
    app = login_manager(make_app(db_path))
    q = app.new_quote()
    q.type_buttons["label"].invoke()
    pump(app)
    assert q.breakdown.text("price_gross") != "—"
    q.picker.set(customers.get(app.ctx.session, customer.id))
    q.save_quote_button.invoke()
    pump(app)
    saved = [s for k, s in app.screens.items() if k.startswith("order-")]
    assert saved and saved[0].order.status == "quoted"
    assert saved[0].order.manager_name == "Менеджер Ақерке"


def test_order_names_its_paper_and_ribbon_as_priced(admin_app, customer):
    """The order's job line names the paper and the ribbon as the catalog did when the order
    was priced, not by their codes, even after the catalog renamed them."""
    from tests.costing.specs import FLYERS_SRA3, LABELS
    app = admin_app
    session = app.ctx.session
    cat = catalog_service.get_catalog(session)
    paper = cat.papers[FLYERS_SRA3["paper"]]
    ribbon = cat.materials[LABELS["ribbon"]]
    flyers = orders.create(session, FLYERS_SRA3, customer.id, "quoted")
    labels = orders.create(session, LABELS, customer.id, "quoted")
    catalog_service.save_item(session, "paper", dict(_record(paper), name="Переименованная"))
    assert catalog_service.get_catalog(session).papers[paper.code].name == "Переименованная"
    s = app.open_screen("order", order_id=flyers.id)
    text = s.info_labels["spec"].cget("text")
    assert paper.name in text and paper.code not in text and "Переименованная" not in text
    s = app.open_screen("order", order_id=labels.id)
    text = s.info_labels["spec"].cget("text")
    assert ribbon.name in text and ribbon.code not in text


def _record(paper):
    from dataclasses import asdict
    return {k: str(v) if v is not None else "" for k, v in asdict(paper).items()}
