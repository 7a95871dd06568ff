"""Documents from the screens: real .docx, .xlsx and CSV files made by clicking, reopened."""
import csv
import os

import openpyxl

from app.domain.errors import ValidationError
from app.i18n import error_text, format_number, t
from app.services import order_documents, orders
from app.services.document_files import folder_language
from app.storage.orders import OrderFilter
from app.ui.dialogs.documents import DocumentResult, OfferDialog, PeriodDialog
from app.ui.widgets.dialog import Dialog
from tests.ui.conftest import dialog_of, docx_text, last_dialog, login, login_manager, pump, wait_document

CARDS = {"product_type": "printing", "quantity": 1000, "width_mm": 90, "height_mm": 50,
         "colours": "4+4", "paper": "coated-300-sra3", "bleed_mm": 2}


def test_order_window_makes_invoice_ticket_and_offer(admin_app, customer, documents_dir):
    app = admin_app
    order = orders.create(app.ctx.session, CARDS, customer.id, "approved")
    s = app.open_screen("order", order_id=order.id)
    pump(app)
    s.invoice_button.invoke()
    result = wait_document(app)
    path = result.path
    assert str(path).startswith(str(documents_dir)) and path.suffix == ".docx"
    # said in the status bar, not in a window that holds the menus (issue 17.12)
    assert not Dialog.open_dialogs
    assert result.path_label.winfo_ismapped() and path.name in result.path_label.cget("text")
    assert result.path_label._iprint_tooltip.text == str(path)
    text = docx_text(path)
    assert order.number in text and customer.name in text
    assert order_documents.invoices_of_order(app.ctx.session, order.id)
    result.close()
    s.ticket_button.invoke()
    ticket = wait_document(app).path
    assert ticket != path and order.number in docx_text(ticket)
    # the offer: a bad quantity is said in the dialog, nothing is made
    s.offer_button.invoke()
    d = dialog_of(OfferDialog)
    assert [v.get() for v in d.quantity_vars] == ["2000", "5000", ""]
    d.quantity_vars[2].set("много")
    d.button_by_key["ui.docs.make"].invoke()
    assert d.error.cget("text") == t("error.frame.box", box=3, message=error_text(
        ValidationError("error.field.not_number", "quantities")))  # the box is named
    assert dialog_of(OfferDialog) is d
    d.quantity_vars[2].set("10000")
    d.button_by_key["ui.docs.make"].invoke()
    result = wait_document(app)
    text = docx_text(result.path)
    assert order.number in text
    for q in (1000, 2000, 5000, 10000):
        assert format_number(q, 0) in text, q


def test_document_language_and_a_missing_file_said_politely(admin_app, customer, documents_dir):
    app = admin_app
    order = orders.create(app.ctx.session, CARDS, customer.id, "approved")
    s = app.open_screen("order", order_id=order.id)
    s.doc_lang_var.set(t("ui.lang.kk"))
    s.ticket_button.invoke()
    result = wait_document(app)
    assert t("doc.folder.job_ticket", folder_language()) in str(result.path)
    assert order.number in docx_text(result.path)
    os.remove(str(result.path))
    result.button_by_key["ui.docs.open"].invoke()  # the file was moved away meanwhile
    assert result.note.cget("text") == t("error.print.not_found", path=str(result.path))
    assert result.is_shown()  # stays, the path beside it


def test_cancelled_order_gets_no_documents(admin_app, customer, documents_dir):
    app = admin_app
    order = orders.create(app.ctx.session, CARDS, customer.id, "new")
    orders.cancel(app.ctx.session, order.id, order.version)
    s = app.open_screen("order", order_id=order.id)
    assert str(s.invoice_button.cget("state")) == "disabled"
    assert str(s.offer_button.cget("state")) == "disabled"


def test_orders_list_exports_its_filter_to_xlsx_and_csv(make_app, demo_db, documents_dir):
    path, passwords = demo_db
    app = make_app(path)
    login(app, "admin", passwords["admin"])
    for d in list(type(last_dialog()).open_dialogs):
        d.close()  # the low-stock notice of the demo shop
    s = app.screens["orders"]
    s.status_var.set(t("status.paid"))
    s.reload()
    paid = orders.count(app.ctx.session, OrderFilter(statuses=("paid",)))
    assert paid > 1000  # more than one page of the services
    s.export("xlsx")
    result = wait_document(app)
    assert result.path.suffix == ".xlsx"
    sheet = openpyxl.load_workbook(str(result.path), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == t("ui.orders.number") and len(rows) == paid + 1
    assert {r[6] for r in rows[1:]} == {t("status.paid")}
    first = s.rows[s.table.tree.get_children()[0]]
    assert rows[1][0] == first.number  # in the list's order
    result.close()
    s.search_var.set(first.number)
    s.reload()
    s.export("csv")
    result = wait_document(app)
    with open(str(result.path), encoding="utf-8-sig", newline="") as fh:
        table = list(csv.reader(fh, delimiter=";"))
    assert len(table) == 2 and table[1][0] == first.number


def test_customers_export_is_for_the_administrator(make_app, db_path, customer, documents_dir):
    app = make_app(db_path)
    login_manager(app)
    c = app.open_screen("customers")
    assert not hasattr(c, "export_button")
    app.logout()
    pump(app)
    login(app, "admin", "admin-pass-1")
    c = app.open_screen("customers")
    c.export("csv")
    result = wait_document(app)
    with open(str(result.path), encoding="utf-8-sig") as fh:
        assert customer.name in fh.read()


def test_reports_menu_register_receivables_profitability(admin_app, customer, documents_dir):
    app = admin_app
    order = orders.create(app.ctx.session, CARDS, customer.id, "approved")
    d = app.report_register()
    assert isinstance(d, PeriodDialog)
    d.form.fields["date_from"].set("2026-02-30")
    d.button_by_key["ui.docs.make"].invoke()
    assert d.form.fields["date_from"].error.cget("text") == t("error.field.date")
    d.form.fields["date_from"].set("2100-01-01")
    d.button_by_key["ui.docs.make"].invoke()
    assert d.form.fields["date_to"].error.cget("text") == t("error.document.period")
    d.form.fields["date_from"].set("")
    d.button_by_key["ui.docs.make"].invoke()
    result = wait_document(app)
    assert order.number in docx_text(result.path)
    result.close()
    app.report_receivables()
    assert wait_document(app).path.exists()
    d = app.report_profitability()
    d.form.fields["date_from"].set("")
    d.button_by_key["ui.docs.make"].invoke()
    result = wait_document(app)
    assert result.path.exists() and t("doc.folder.profitability", folder_language()) in str(result.path)


def test_manager_has_no_profitability(make_app, db_path):
    app = make_app(db_path)
    login_manager(app)
    reports = [app.menubar.entrycget(i, "label") for i in range(app.menubar.index("end") + 1)]
    assert t("ui.menu.reports") in reports
    assert app.report_profitability() is None
    assert last_dialog().title() == t("ui.dialog.error")


def test_help_menu_makes_the_manual_and_says_where_it_is(admin_app, documents_dir, monkeypatch,
                                                         tmp_path):
    app = admin_app
    # no program to open .docx with on this PATH: the app says where the file is instead
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs"))
    app.manual("operator")
    result = wait_document(app)
    assert result.path.suffix == ".docx" and result.note.cget("text")
    assert t("doc.file.manual_operator") in result.path.name
    assert docx_text(result.path).strip()


def test_a_made_document_is_said_in_the_status_bar_and_the_menus_stay_free(
        admin_app, customer, documents_dir, monkeypatch, tmp_path):
    """Issue 17.12: "file saved" no longer holds the menus until OK."""
    app = admin_app
    order = orders.create(app.ctx.session, CARDS, customer.id, "approved")
    s = app.open_screen("order", order_id=order.id)
    s.invoice_button.invoke()
    result = wait_document(app)
    assert not Dialog.open_dialogs and not app.root.grab_current()
    assert str(result.frame.winfo_toplevel()) == str(app.root)  # in the main window itself
    # the menus work while the notice is there
    menu = app.root.nametowidget(app.menubar.entrycget(t("ui.menu.work"), "menu"))
    menu.invoke(menu.index(t("ui.menu.customers")))
    pump(app)
    assert app.current_screen() is app.screens["customers"] and result.is_shown()
    # a link that cannot work says why beside the file name
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs"))
    result.button_by_key["ui.docs.open"].invoke()
    assert result.note.cget("text") and result.is_shown()
    # the next document replaces the notice; × takes it away
    s = app.open_screen("order", order_id=order.id)
    s.ticket_button.invoke()
    second = wait_document(app)
    assert not result.is_shown() and second.is_shown()
    second.button_by_key["ui.docs.saved_notice_close"].invoke()
    assert not second.is_shown() and not app.status_notice.winfo_children()
    # a notice whose status bar goes (the window rebuilt, logged out) is not kept as shown
    s.invoice_button.invoke()
    third = wait_document(app)
    app.status_notice.destroy()
    pump(app)
    assert not third.is_shown() and third not in DocumentResult.shown
