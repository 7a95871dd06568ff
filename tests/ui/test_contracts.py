"""Contracts on screen (issue 19 item 3): the customer card's register (add, edit, take out of
use, field errors said at their field in the person's language), and the contract an invoice,
an act or a waybill refers to picked on the order screen and in "Close the sale"; the .docx
reopened. Real Tk under Xvfb, driven through the widgets."""
from app.domain.errors import ValidationError
from app.i18n import message_text, t
from app.services import closing_documents, contracts, order_documents, orders, shop
from app.ui.dialogs.closing import CloseSaleDialog
from app.ui.dialogs.contract import ContractDialog
from tests.reports.conftest import REQUISITES
from tests.ui.conftest import dialog_of, docx_text, last_dialog, pump, wait_document

CARDS = {"product_type": "printing", "quantity": 1000, "width_mm": 90, "height_mm": 50,
         "colours": "4+4", "paper": "coated-300-sra3", "bleed_mm": 2}


def _fill(d, **values):
    for name, value in values.items():
        d.form.fields[name].set(value)


def test_the_card_keeps_the_register(admin_app, customer):
    app = admin_app
    card = app.open_screen("customer_card", customer_id=customer.id)
    pump(app)
    assert card.contracts.tree.get_children() == ()
    card.contract_buttons["ui.contracts.add"].invoke()
    d = dialog_of(ContractDialog)
    assert d.title() == t("ui.contracts.new_title")
    _fill(d, number="", signed_on="2026-02-01", valid_until="2026-01-31")
    d.button_by_key["ui.button.save"].invoke()
    pump(app)
    assert dialog_of(ContractDialog) is d  # nothing saved, every bad field said
    assert d.form.fields["number"].error.cget("text") == message_text(
        ValidationError("error.field.required", "contract.number"))
    assert d.form.fields["valid_until"].error.cget("text") == t("error.contract.ends_before_start")
    _fill(d, signed_on="31.02.2026")
    d.button_by_key["ui.button.save"].invoke()
    assert d.form.fields["signed_on"].error.cget("text")  # not a day
    _fill(d, number="17/2026", signed_on="2026-01-15", subject="Полиграфия",
          valid_until="2027-12-31")
    d.button_by_key["ui.button.save"].invoke()
    pump(app)
    assert dialog_of(ContractDialog) is None
    (iid,) = card.contracts.tree.get_children()
    assert card.contracts.tree.item(iid, "values") == (
        "17/2026", "15.01.2026", "Полиграфия", "31.12.2027", t("ui.contracts.in_force"))

    # the same number and date again is said at the number
    card.contract_buttons["ui.contracts.add"].invoke()
    d = dialog_of(ContractDialog)
    _fill(d, number="17/2026", signed_on="2026-01-15")
    d.button_by_key["ui.button.save"].invoke()
    assert d.form.fields["number"].error.cget("text") == t("error.contract.exists",
                                                           number="17/2026")
    d.close()

    card.contracts.tree.selection_set(iid)
    card.contract_buttons["ui.contracts.edit"].invoke()
    d = dialog_of(ContractDialog)
    assert d.form.fields["number"].get() == "17/2026"
    assert d.form.fields["valid_until"].get() == "2027-12-31"
    _fill(d, subject="Бланки и журналы", valid_until="")
    d.button_by_key["ui.button.save"].invoke()
    pump(app)
    values = card.contracts.tree.item(iid, "values")
    assert values[2:4] == ("Бланки и журналы", t("ui.contracts.open_ended"))

    card.contracts.tree.selection_set(iid)
    card.contract_buttons["ui.contracts.deactivate"].invoke()
    last_dialog().button_by_key["ui.contracts.deactivate"].invoke()  # the question: yes
    pump(app)
    assert card.contracts.tree.item(iid, "values")[4] == t("ui.contracts.out_of_use")
    assert not contracts.get(app.ctx.session, int(iid)).active


def test_the_invoice_and_the_act_refer_to_the_contract_picked(admin_app, customer,
                                                              documents_dir):
    app = admin_app
    session = app.ctx.session
    shop.save_requisites(session, REQUISITES)
    old = contracts.add(session, customer.id, {"number": "1/2020", "signed_on": "2020-01-10",
                                               "valid_until": "2020-12-31"})
    c = contracts.add(session, customer.id, {"number": "17/2026", "signed_on": "2026-01-15"})
    order = orders.create(session, CARDS, customer.id, "approved")
    s = app.open_screen("order", order_id=order.id)
    pump(app)
    s.doc_lang_var.set(t("ui.lang.ru"))
    no_contract = t("ui.docs.no_contract")
    named = t("doc.contract.reference", number="17/2026", date="15.01.2026")
    # in force today only (1/2020 ended), the newest chosen: nothing used yet
    assert list(s.contract.box.cget("values")) == [no_contract, named]
    assert s.contract.var.get() == named and old.id not in s.contract.ids.values()
    s.invoice_button.invoke()
    first = wait_document(app)
    assert "№ 17/2026 от 15.01.2026" in docx_text(first.path)
    first.close()
    s.contract.var.set(no_contract)
    s.invoice_button.invoke()
    second = wait_document(app)
    assert "Без договора" in docx_text(second.path)
    second.close()
    assert [r["contract_id"] for r in order_documents.invoices_of_order(session, order.id)] == \
        [c.id, None]

    # made: the sale is closed with the contract picked on the screen, changeable in the dialog
    for status in ("production", "ready"):
        order = orders.change_status(session, order.id, orders.get(session, order.id).version,
                                     status)
    s.reload()
    assert s.contract.var.get() == no_contract  # kept while it is offered
    s.contract.var.set(named)
    s.close_sale_button.invoke()
    d = dialog_of(CloseSaleDialog)
    assert d.contract.var.get() == named
    assert str(d.contract.box.cget("state")) == "readonly"
    d.button_by_key["ui.closing.make"].invoke()
    act = wait_document(app)
    text = docx_text(act.path)
    assert "АКТ ВЫПОЛНЕННЫХ РАБОТ" in text and "№ 17/2026 от 15.01.2026" in text
    act.close()
    (closed,) = closing_documents.of_order(session, order.id)
    assert closed["contract_id"] == c.id

    # closed: the dialog shows the act's contract, fixed, and prints the same act again
    pump(app)
    s.contract.var.set(no_contract)
    s.close_sale_button.invoke()
    d = dialog_of(CloseSaleDialog)
    assert d.contract.var.get() == named and str(d.contract.box.cget("state")) == "disabled"
    d.button_by_key["ui.closing.make"].invoke()
    again = wait_document(app)
    assert closed["number"] in docx_text(again.path)
    assert len(closing_documents.of_order(session, order.id)) == 1


def test_a_contract_added_in_the_card_is_offered_on_an_open_order(admin_app, customer):
    app = admin_app
    order = orders.create(app.ctx.session, CARDS, customer.id, "approved")
    s = app.open_screen("order", order_id=order.id)
    pump(app)
    assert list(s.contract.box.cget("values")) == [t("ui.docs.no_contract")]
    card = app.open_screen("customer_card", customer_id=customer.id)
    card.contract_buttons["ui.contracts.add"].invoke()
    d = dialog_of(ContractDialog)
    _fill(d, number="5", signed_on="2026-03-01")
    d.button_by_key["ui.button.save"].invoke()
    pump(app)
    assert list(s.contract.box.cget("values")) == [
        t("ui.docs.no_contract"), t("doc.contract.reference", number="5", date="01.03.2026")]
