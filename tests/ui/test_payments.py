"""The payments screen through its widgets: record a part payment, reverse it, the ageing
table, a bank statement through the preview dialog; the customer card shows the payments."""
from decimal import Decimal

from app.i18n import format_money
from app.services import order_documents, orders, payments, shop
from app.ui.dialogs.bank_import import BankImportDialog
from app.ui.screens.payments import ReasonDialog
from tests.services.statements import SHOP_IIK, document, write
from tests.ui.conftest import dialog_of, pump

CARDS = {"product_type": "printing", "quantity": 1000, "width_mm": 90, "height_mm": 50,
         "colours": "4+4", "paper": "coated-300-sra3", "bleed_mm": 2}


def delivered_with_invoice(session, customer, folder):
    order = orders.create(session, CARDS, customer.id, "approved")
    for status in ("production", "ready", "delivered"):
        order = orders.change_status(session, order.id, order.version, status)
    return order, order_documents.invoice(session, order.id, folder=folder).number


def test_record_reverse_and_import_through_the_screen(admin_app, customer, tmp_path):
    app = admin_app
    session = app.ctx.session
    shop.save_requisites(session, {"name": "ТОО «Типография»", "iik": SHOP_IIK})
    order, number = delivered_with_invoice(session, customer, tmp_path)
    second, number2 = delivered_with_invoice(session, customer, tmp_path)
    s = app.open_screen("payments", customer_id=customer.id)
    pump(app)
    assert len(s.invoices.tree.get_children()) == 2
    s.amount.set("много")
    s.record_button.invoke()
    assert s.amount.error.cget("text")  # said at the field, nothing written
    assert payments.of_customer(session, customer.id) == []
    s.amount.set("1000")
    s.reference.set("квитанция 5")
    s.record_button.invoke()
    pump(app)
    (paid,) = payments.of_customer(session, customer.id)
    assert paid["amount"] == Decimal("1000.00") and paid["reference"] == "квитанция 5"
    owed = order.estimate.price_gross - 1000
    first = s.invoices.tree.get_children()[0]
    assert s.invoices.tree.item(first, "values")[5] == format_money(owed)
    rows = {s.ageing.tree.item(i, "values")[0]: s.ageing.tree.item(i, "values")
            for i in s.ageing.tree.get_children()}
    assert rows[customer.name][6] == format_money(owed + second.estimate.price_gross)
    # reverse it: the reason is asked, the counter-entry written
    s.payments.tree.selection_set(str(paid["id"]))
    s.reverse_button.invoke()
    d = dialog_of(ReasonDialog)
    d.ok_button.invoke()
    assert d.reason.error.cget("text")  # a reason is required
    d.reason.set("ошибочно внесено")
    d.ok_button.invoke()
    pump(app)
    assert len(s.payments.tree.get_children()) == 2
    assert payments.owed_for_order(session, order.id)["paid"] == 0
    # a statement: the preview lists every line, Import writes the sure ones
    path = write(tmp_path / "st.txt", [
        document("1", "02.03.2026", str(order.estimate.price_gross), "счет " + number),
        document("2", "02.03.2026", "10.00", "?", payer_bin="870412300555")], "DOS")
    s.import_statement(str(path))
    d = dialog_of(BankImportDialog)
    assert len(d.lines.tree.get_children()) == 2
    assert str(d.import_button.cget("state")) != "disabled"
    d.import_button.invoke()
    pump(app)
    assert orders.get(session, order.id).status == "paid"
    assert len(s.invoices.tree.get_children()) == 1
    # the customer card shows the payments too
    card = app.open_screen("customer_card", customer_id=customer.id)
    pump(app)
    assert len(card.payments.tree.get_children()) == 3


def test_kaspi_columns_chosen_then_previewed_and_imported(admin_app, customer, tmp_path):
    from app.services import kaspi_import
    from app.ui.dialogs.bank_import import KaspiColumnsDialog
    from tests.services.test_kaspi_import import xlsx
    app = admin_app
    session = app.ctx.session
    order, number = delivered_with_invoice(session, customer, tmp_path)
    path = xlsx(tmp_path / "kaspi.xlsx", [
        [1, "02.03.2026", "Асель", str(order.estimate.price_gross), "оплата " + number]])
    s = app.open_screen("payments")
    pump(app)
    s.import_kaspi(str(path))
    d = dialog_of(KaspiColumnsDialog)
    for key, letter in (("date", "B"), ("amount", "D"), ("payer", "C"), ("comment", "E")):
        d.vars[key].set(letter)
    d.first_row.set("0")
    d.ok_button.invoke()
    assert d.message.cget("text")  # no row 0: said in the dialog
    d.first_row.set("3")
    d.ok_button.invoke()
    pump(app)
    preview = dialog_of(BankImportDialog)
    assert len(preview.lines.tree.get_children()) == 1
    preview.import_button.invoke()
    pump(app)
    assert orders.get(session, order.id).status == "paid"
    assert kaspi_import.saved_mapping(session)["amount"] == 3
