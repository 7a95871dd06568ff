"""The order screen's "Close the sale": the product type's default document, changeable, made
through the service by clicking; the order then shows its turnover date; a closed order prints
the same document again."""
from app.i18n import t
from app.services import closing_documents, orders, shop
from app.ui.dialogs.closing import CloseSaleDialog
from tests.reports.conftest import REQUISITES
from tests.ui.conftest import dialog_of, docx_text, pump, wait_document

CARDS = {"product_type": "printing", "quantity": 1000, "width_mm": 90, "height_mm": 50,
         "colours": "4+4", "paper": "coated-300-sra3", "bleed_mm": 2}


def _ready(session, customer_id):
    order = orders.create(session, CARDS, customer_id, "approved")
    for status in ("production", "ready"):
        order = orders.change_status(session, order.id, order.version, status)
    return order


def test_close_the_sale_with_a_waybill_chosen_instead_of_the_act(admin_app, customer,
                                                                  documents_dir):
    app = admin_app
    session = app.ctx.session
    shop.save_requisites(session, REQUISITES)
    waiting = orders.create(session, CARDS, customer.id, "approved")
    s = app.open_screen("order", order_id=waiting.id)
    pump(app)
    assert str(s.close_sale_button.cget("state")) == "disabled"  # not made yet

    order = _ready(session, customer.id)
    s = app.open_screen("order", order_id=order.id)
    pump(app)
    assert s.info_labels["turnover_date"].cget("text") == "—"
    s.doc_lang_var.set(t("ui.lang.ru"))
    s.close_sale_button.invoke()
    d = dialog_of(CloseSaleDialog)
    assert d.kind_var.get() == t("ui.closing.kind.act")  # printing closes with an act
    assert t("product.printing") in d.note.cget("text")
    d.kind_var.set(t("ui.closing.kind.waybill"))
    d.button_by_key["ui.closing.make"].invoke()
    result = wait_document(app)
    text = docx_text(result.path)
    assert "НАКЛАДНАЯ НА ОТПУСК ЗАПАСОВ НА СТОРОНУ" in text and order.number in text
    closed = closing_documents.of_order(session, order.id)
    assert [(c["kind"], c["number"]) for c in closed] == [("waybill", closed[0]["number"])]
    assert closed[0]["number"] in text
    result.close()
    pump(app)
    assert s.info_labels["turnover_date"].cget("text") == session.now()[:10]

    # closed once: the dialog says by what, and prints the same document again
    s.close_sale_button.invoke()
    d = dialog_of(CloseSaleDialog)
    assert str(d.kind_box.cget("state")) == "disabled"
    assert closed[0]["number"] in d.note.cget("text")
    d.button_by_key["ui.closing.make"].invoke()
    again = wait_document(app)
    assert closed[0]["number"] in docx_text(again.path)
    assert len(closing_documents.of_order(session, order.id)) == 1


def test_close_the_sale_writes_the_esf_in_the_same_step(admin_app, customer, documents_dir):
    """Issue 19.7: the act and its ESF in one go; a reprint does not write the ESF again
    unless asked; a shop that writes no ESF is not offered it."""
    import xml.etree.ElementTree as ET

    from app.services import catalog, esf
    app = admin_app
    session = app.ctx.session
    shop.save_requisites(session, REQUISITES)
    order = _ready(session, customer.id)
    s = app.open_screen("order", order_id=order.id)
    pump(app)
    s.close_sale_button.invoke()
    d = dialog_of(CloseSaleDialog)
    assert d.esf_check is not None and d.esf_var.get()  # a VAT payer: on by default
    d.button_by_key["ui.closing.make"].invoke()
    result = wait_document(app)
    files = list(documents_dir.rglob("ESF_*.xml"))
    assert len(files) == 1 and files[0].name in app.status_message.cget("text")
    (doc,) = closing_documents.of_order(session, order.id)
    (inv,) = ET.parse(str(files[0])).getroot().find("invoiceSet")
    assert inv.find("num").text == "ACT-" + doc["number"]
    (row,) = [r for r in esf.closing_list(session, "2000-01-01", "2100-01-01")
              if r.order_id == order.id]
    assert row.status == "exported"
    result.close()
    s.close_sale_button.invoke()
    d = dialog_of(CloseSaleDialog)
    assert not d.esf_var.get()  # written already: a reprint leaves it
    d.cancel()

    catalog.save_settings(session, {"vat_payer": "0"})
    other = _ready(session, customer.id)
    s = app.open_screen("order", order_id=other.id)
    pump(app)
    s.close_sale_button.invoke()
    d = dialog_of(CloseSaleDialog)
    assert d.esf_check is None and not d.esf_var.get()  # no ESF for a non-payer by default
    d.button_by_key["ui.closing.make"].invoke()
    wait_document(app)
    assert len(list(documents_dir.rglob("ESF_*.xml"))) == 1
