"""The accountant's Closing list, driven through its widgets: the made orders of the period with
their closing status, several closed at once (one act per customer, and the ESF file), the
registration number typed in (a bad one said in the dialog), the status filter."""
import xml.etree.ElementTree as ET

from app.i18n import t
from app.services import closing_documents, customers, esf, orders, shop
from app.ui.screens.closing import RegistrationDialog
from tests.reports.conftest import REQUISITES
from tests.ui.conftest import dialog_of, pump, wait_document, wait_for

CARDS = {"product_type": "printing", "quantity": 1000, "width_mm": 90, "height_mm": 50,
         "colours": "4+4", "paper": "coated-300-sra3", "bleed_mm": 2}


def _ready(session, customer_id, quantity=1000):
    order = orders.create(session, dict(CARDS, quantity=quantity), customer_id, "approved")
    for status in ("production", "ready"):
        order = orders.change_status(session, order.id, order.version, status)
    return order


def _statuses(screen):
    tree = screen.table.tree
    return {tree.set(i, "order"): tree.set(i, "status") for i in tree.get_children()}


def test_close_several_sales_export_the_esf_and_register_it(admin_app, customer, documents_dir):
    app = admin_app
    session = app.ctx.session
    shop.save_requisites(session, REQUISITES)
    other = customers.save(session, {"name": "ИП Бекова", "bin": "900101300126"})
    a = _ready(session, customer.id)
    b = _ready(session, customer.id, 500)
    c = _ready(session, other.id)
    waiting = orders.create(session, CARDS, customer.id, "approved")  # not made: not listed
    menu = app.root.nametowidget(app.menubar.entrycget(t("ui.menu.work"), "menu"))
    menu.invoke(menu.index(t("ui.menu.closing")))
    pump(app)
    s = app.current_screen()
    assert s is app.screens["closing"]
    shown = _statuses(s)
    assert set(shown) == {a.number, b.number, c.number} and waiting.number not in shown
    assert set(shown.values()) == {t("esf.status.not_closed")}
    assert s.counts.cget("text") == t("ui.month.counts", not_closed=3, closed=0, exported=0,
                                      registered=0)

    # nothing chosen: said, nothing issued
    s.table.tree.selection_set(())
    s.close_button.invoke()
    assert s.message.cget("text") == t("ui.month.none_selected")
    assert closing_documents.of_order(session, a.id) == []

    s.table.tree.focus_set()
    s.table.tree.event_generate("<Control-a>")
    pump(app)
    assert set(s.table.tree.selection()) == {str(a.id), str(b.id), str(c.id)}
    s.close_button.invoke()
    wait_document(app)
    wait_for(app, lambda: t("esf.status.not_closed") not in _statuses(s).values(), 30,
             "the list to show the closed sales")
    docs = {o.number: closing_documents.of_order(session, o.id) for o in (a, b, c)}
    assert all(len(d) == 1 and d[0]["kind"] == "act" for d in docs.values())
    assert docs[a.number][0]["number"] == docs[b.number][0]["number"]  # one act per customer
    assert docs[a.number][0]["number"] != docs[c.number][0]["number"]
    assert set(_statuses(s).values()) == {t("esf.status.exported")}
    files = list((documents_dir).rglob("ESF_*.xml"))
    assert len(files) == 1 and files[0].name in s.message.cget("text")
    root = ET.parse(str(files[0])).getroot()
    nums = sorted(inv.find("num").text for inv in root.find("invoiceSet"))
    assert nums == sorted("ACT-" + docs[o.number][0]["number"] for o in (a, c))

    # the registration number of c's ESF: a bad one is said in the dialog, a good one kept
    s.table.tree.selection_set([str(c.id)])
    s.register_button.invoke()
    d = dialog_of(RegistrationDialog)
    d.number.var.set("ESF 1")
    d.ok_button.invoke()
    assert d.number.error.cget("text") and dialog_of(RegistrationDialog) is d
    d.number.var.set("ESF-KZ-2026-0000001")
    d.ok_button.invoke()
    pump(app)
    assert dialog_of(RegistrationDialog) is None
    assert _statuses(s)[c.number] == t("esf.status.registered")
    row = [r for r in esf.closing_list(session, "2000-01-01", "2100-01-01") if r.order_id == c.id]
    assert row[0].registration_number == "ESF-KZ-2026-0000001"

    # the status filter keeps one kind of row
    s.status_var.set(t("esf.status.registered"))
    s.status_box.event_generate("<<ComboboxSelected>>")
    pump(app)
    assert list(_statuses(s)) == [c.number]
