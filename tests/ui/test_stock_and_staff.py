"""Stock screen and its dialogs, the production warning, performers and their work report."""
from decimal import Decimal

from app.i18n import format_money, format_number, t
from app.services import catalog, orders, staff, stock
from app.ui.dialogs.performers import AssignDialog
from app.ui.screens.stock import ReceiptDialog, StockTakeDialog
from tests.ui.conftest import (
    ADMIN_PASSWORD,
    dialog_of,
    docx_text,
    last_dialog,
    login,
    login_manager,
    pump,
    wait_document,
)

CARDS = {"product_type": "printing", "quantity": 1000, "width_mm": 90, "height_mm": 50,
         "colours": "4+4", "paper": "coated-300-sra3", "bleed_mm": 2}
PAPER = "paper:coated-300-sra3"


def row(screen, iid):
    return dict(zip(("name", "unit", "on_hand", "reserved", "available", "minimum"),
                    screen.balance.tree.item(iid, "values")))


def test_receipt_stock_take_and_moves(admin_app):
    app = admin_app
    s = app.open_screen("stock")
    tree = s.balance.tree
    tree.selection_set(PAPER)
    s.receipt_button.invoke()
    d = dialog_of(ReceiptDialog)
    f = d.form.fields
    paper = catalog.get_catalog(app.ctx.session).papers["coated-300-sra3"]
    assert f["code"].get() == paper.name
    assert Decimal(f["price"].get().replace(",", ".")) == paper.price  # the catalog's price
    f["quantity"].set("пятьсот")
    d.button_by_key["ui.button.save"].invoke()
    assert f["quantity"].error.cget("text") == t("error.field.not_number")
    f["quantity"].set("500")
    f["price"].set("95,50")
    f["supplier"].set("ТОО «Қағаз әлемі»")
    f["document"].set("РН-17")
    f["date"].set("2026-02-30")
    d.button_by_key["ui.button.save"].invoke()
    assert f["date"].error.cget("text") == t("error.field.date")
    f["date"].set("2026-01-15")
    f["update_catalog_price"].set(True)
    d.button_by_key["ui.button.save"].invoke()
    pump(app)
    assert dialog_of(ReceiptDialog) is None
    assert row(s, PAPER)["on_hand"] == "500"
    assert catalog.get_catalog(app.ctx.session).papers["coated-300-sra3"].price == Decimal("95.5")
    # stock-taking: a reason is required
    tree.selection_set(PAPER)
    s.take_button.invoke()
    d = dialog_of(StockTakeDialog)
    d.form.fields["counted"].set("480")
    d.button_by_key["ui.button.save"].invoke()
    assert d.form.fields["reason"].error.cget("text") == t("error.field.required")
    d.form.fields["reason"].set("пересчёт")
    d.button_by_key["ui.button.save"].invoke()
    pump(app)
    assert row(s, PAPER)["on_hand"] == "480"
    s.from_var.set("2026-01-01")
    s.show_moves()
    moves = [s.moves.tree.item(i, "values") for i in s.moves.tree.get_children()]
    kinds = {m[2]: m for m in moves}
    assert kinds[t("ui.stock.move.receipt")][3] == "+500"
    assert kinds[t("ui.stock.move.receipt")][4] == format_money(Decimal("95.5"))
    assert kinds[t("ui.stock.move.receipt")][6] == "РН-17"
    assert kinds[t("ui.stock.move.adjustment")][3] == "-20"
    s.from_var.set("15.01.2026")
    s.show_moves()
    assert s.moves_error.cget("text") == t("error.field.date")


def test_minimum_level_highlights_and_what_to_buy(admin_app):
    app = admin_app
    s = app.open_screen("stock")
    s.balance.tree.selection_set(PAPER)
    s.minimum_button.invoke()
    d = last_dialog()
    d.form.fields["minimum"].set("-5")
    d.button_by_key["ui.button.save"].invoke()
    assert d.form.fields["minimum"].error.cget("text") == t(
        "error.field.out_of_range", low="0", high=format_number(10 ** 9, 0))  # digits grouped
    d.form.fields["minimum"].set("200")
    d.button_by_key["ui.button.save"].invoke()
    pump(app)
    assert row(s, PAPER)["minimum"] == "200"
    assert s.balance.tree.item(PAPER, "tags") == ("low",)
    assert s.balance.tree.get_children()[0] == PAPER  # low rows first
    assert s.buy.tree.item(PAPER, "values")[-1] == "200"


def test_manager_receives_but_does_not_count_or_change_prices(make_app, db_path):
    app = make_app(db_path)
    login_manager(app)
    s = app.open_screen("stock")
    assert not hasattr(s, "take_button") and not hasattr(s, "minimum_button")
    s.receipt()
    d = dialog_of(ReceiptDialog)
    assert "update_catalog_price" not in d.form.fields
    d.form.fields["code"].set(d.items.label_of[("paper", "coated-300-sra3")])
    d.form.fields["quantity"].set("100")
    d.button_by_key["ui.button.save"].invoke()
    pump(app)
    assert row(s, PAPER)["on_hand"] == "100"


def test_low_stock_alert_once_after_login(make_app, db_path, admin):
    stock.set_min_level(admin, "paper", "coated-300-sra3", "100")
    app = make_app(db_path)
    login(app, "admin", ADMIN_PASSWORD)
    d = app.low_stock_dialog
    assert d.title() == t("ui.stock.low_title")
    texts = [w.cget("text") for w in d.body.winfo_children()]
    assert t("ui.stock.low_text", n=1) in texts
    name = catalog.get_catalog(app.ctx.session).papers["coated-300-sra3"].name
    assert any(name in x for x in texts)
    d.button_by_key["ui.stock.open"].invoke()
    pump(app)
    assert app.current_screen() is app.screens["stock"]
    app.low_stock_dialog = None
    app.set_language("ru")  # rebuilding the window is not a new login: no second notice
    pump(app)
    assert app.low_stock_dialog is None


def test_production_warns_when_stock_is_short_and_follows_the_setting(admin_app, customer):
    app = admin_app
    order = orders.create(app.ctx.session, CARDS, customer.id, "approved")
    s = app.open_screen("order", order_id=order.id)
    s.move_buttons["production"].invoke()
    d = last_dialog()
    text = d.body.winfo_children()[0].cget("text")
    name = catalog.get_catalog(app.ctx.session).papers["coated-300-sra3"].name
    assert order.number in text and name in text
    d.button_by_key["ui.button.no"].invoke()
    assert orders.get(app.ctx.session, order.id).status == "approved"
    # the administrator refuses negative stock in the settings
    settings = app.open_screen("admin_settings")
    settings.shop_form.fields["shop.name"].set("ЖШС «Баспа»")
    settings.other_form.fields["allow_negative"].set(False)
    settings.save_button.invoke()
    assert stock.allow_negative(app.ctx.db) is False
    s = app.open_screen("order", order_id=order.id)
    s.move_buttons["production"].invoke()
    last_dialog().button_by_key["ui.stock.short_go"].invoke()
    pump(app)
    err = last_dialog()
    assert err.title() == t("ui.dialog.error")
    assert "coated-300-sra3" in err.body.winfo_children()[0].cget("text")
    err.close()
    assert orders.get(app.ctx.session, order.id).status == "approved"
    stock.set_allow_negative(app.ctx.session, True)
    s.move_buttons["production"].invoke()
    last_dialog().button_by_key["ui.stock.short_go"].invoke()
    pump(app)
    assert orders.get(app.ctx.session, order.id).status == "production"
    st = app.open_screen("stock")
    assert st.balance.tree.item(PAPER, "tags") == ("negative",)
    assert row(st, PAPER)["on_hand"].startswith("-")


def test_staff_screen_add_edit_deactivate(admin_app):
    app = admin_app
    s = app.open_screen("staff")
    s.add_button.invoke()
    d = last_dialog()
    d.button_by_key["ui.button.save"].invoke()
    assert d.form.fields["name"].error.cget("text") == t("error.field.required")
    d.form.fields["name"].set("Ержан Сәкенов")
    d.form.fields["role"].set(t("staff_role.designer").capitalize())
    d.form.fields["phone"].set("+7 701 000 00 01")
    d.button_by_key["ui.button.save"].invoke()
    pump(app)
    people = staff.list_staff(app.ctx.session)
    assert [(p["name"], p["role"]) for p in people] == [("Ержан Сәкенов", "designer")]
    iid = str(people[0]["id"])
    s.table.tree.selection_set(iid)
    s.edit_button.invoke()
    d = last_dialog()
    d.form.fields["role"].set(t("staff_role.press_operator").capitalize())
    d.button_by_key["ui.button.save"].invoke()
    pump(app)
    assert s.table.tree.set(iid, "role") == t("staff_role.press_operator").capitalize()
    s.table.tree.selection_set(iid)
    pump(app)
    s.deactivate_button.invoke()
    pump(app)
    assert s.table.tree.item(iid, "tags") == ("inactive",)
    assert s.deactivate_button.cget("text") == t("ui.staff.activate")
    assert staff.list_staff(app.ctx.session, active_only=True) == []


def test_manager_cannot_open_staff(make_app, db_path):
    app = make_app(db_path)
    login_manager(app)
    assert app.open_screen("staff") is None
    assert last_dialog().title() == t("ui.dialog.error")


def test_assign_performers_and_their_work_report(admin_app, customer):
    app = admin_app
    ana = staff.add(app.ctx.session, "Әлия Нұрова", "designer")
    viktor = staff.add(app.ctx.session, "Виктор Ли", "press_operator")
    order = orders.create(app.ctx.session, CARDS, customer.id, "approved")
    s = app.open_screen("order", order_id=order.id)
    assert s.performers_label.cget("text") == t("ui.staff.none_assigned")
    s.assign_button.invoke()
    d = dialog_of(AssignDialog)
    d.tick(ana)
    d.tick(viktor)
    d.button_by_key["ui.button.save"].invoke()
    pump(app)
    assert {p["id"] for p in staff.performers(app.ctx.session, order.id)} == {ana, viktor}
    assert "Әлия Нұрова" in s.performers_label.cget("text")
    s.assign_button.invoke()
    d = dialog_of(AssignDialog)
    assert d.vars[ana].get() and d.vars[viktor].get()
    d.tick(viktor, False)
    d.button_by_key["ui.button.save"].invoke()
    assert [p["id"] for p in staff.performers(app.ctx.session, order.id)] == [ana]
    # made: it counts for Әлия in the month it became ready
    stock.set_allow_negative(app.ctx.session, True)
    for to in ("production", "ready"):
        o = orders.get(app.ctx.session, order.id)
        orders.change_status(app.ctx.session, o.id, o.version, to)
    w = app.open_screen("work_report")
    w.from_var.set("2000-01-01")
    w.show_button.invoke()
    tree = w.table.tree
    person = "p{}".format(ana)
    assert tree.item(person, "text") == "Әлия Нұрова"
    assert tree.set(person, "orders") == "1"
    assert tree.set(person, "quantity") == "1 000".replace(" ", "\u00a0")
    assert tree.set(person, "revenue") == format_money(order.estimate.price_net)
    assert not tree.exists("p{}".format(viktor))
    w.from_var.set("2000-13-01")
    w.show_button.invoke()
    assert w.error.cget("text") == t("error.field.date")


def test_stock_and_work_report_make_word_and_excel(admin_app, customer, documents_dir):
    from openpyxl import load_workbook
    app = admin_app
    session = app.ctx.session
    stock.receive(session, "paper", "coated-300-sra3", "500", "95.50", "ТОО «Қағаз әлемі»",
                  "РН-7", at="2025-01-10")
    name = catalog.get_catalog(session).papers["coated-300-sra3"].name
    s = app.open_screen("stock")
    s.balance_word.invoke()  # the balance tab's "Word"
    result = wait_document(app)
    path = result.path
    assert path.suffix == ".docx" and path.exists() and documents_dir in path.parents
    text = docx_text(path)
    assert t("doc.stock.balance.title") in text and name in text and "95,50" in text
    result.close()
    # the moves tab: its period to Excel; a bad date is said beside the filter, no file
    s.tabs.select(1)
    s.from_var.set("2025-01-01")
    s.moves_menu.invoke(0)
    result = wait_document(app)
    assert result.path.suffix == ".xlsx" and result.path.exists()
    sheet = load_workbook(str(result.path)).active
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    assert [(r[1], r[3], r[7]) for r in rows] == [(name, 500, "ТОО «Қағаз әлемі»")]
    result.close()
    s.from_var.set("01.01.2025")
    s.moves_word.invoke()
    pump(app)
    assert s.moves_error.cget("text") == t("error.field.date")
    # the work report of a performer, to Excel and to Word
    aliya = staff.add(session, "Әлия Нұрова", "designer")
    order = orders.create(session, CARDS, customer.id, "quoted")
    staff.assign(session, order.id, [aliya])
    for to in ("approved", "production", "ready"):
        o = orders.get(session, order.id)
        orders.change_status(session, o.id, o.version, to)
    w = app.open_screen("work_report")
    w.from_var.set("2000-01-01")
    w.export_menu.invoke(0)
    result = wait_document(app)
    sheet = load_workbook(str(result.path)).active
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    assert [(r[0], r[3]) for r in rows] == [("Әлия Нұрова", 1)]
    assert Decimal(str(rows[0][5])) == order.estimate.price_net
    result.close()
    w.word_button.invoke()
    result = wait_document(app)
    text = docx_text(result.path)
    assert t("doc.work.title") in text and "Әлия Нұрова" in text
    result.close()
