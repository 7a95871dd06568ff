"""The customers screen's Import…: a file's rows and errors in a preview, then all or nothing.
Real windows under Xvfb; only the file chooser is stepped past (import_path takes the path)."""
import pytest

from app.i18n import capitalise, t
from app.services import audit_log, customers
from app.ui.dialogs.customer_import import CustomerImportDialog
from tests.customer_files import BAD_ROWS, bin_of, good_rows, with_bad_rows, xlsx
from tests.ui.conftest import dialog_of, last_dialog, login_admin, login_manager, pump

pytest.importorskip("openpyxl")


def _screen(app):
    s = app.open_screen("customers")
    pump(app)
    assert s.import_button.cget("text") == t("ui.customers.import")
    return s


def _open_preview(app, s, path):
    d = s.import_path(path)
    pump(app)
    assert isinstance(d, CustomerImportDialog) and dialog_of(CustomerImportDialog) is d
    return d


def test_a_500_row_xlsx_is_previewed_then_imported_by_a_manager(make_app, db_path, tmp_path):
    app = login_manager(make_app(db_path))
    path = xlsx(tmp_path / "клиенты.xlsx", good_rows(500))
    s = _screen(app)
    d = _open_preview(app, s, path)
    tree = d.rows.tree
    assert len(tree.get_children()) == 500 and d.errors is None
    assert tree.item("2", "values")[:3] == ("2", "ТОО «Клиент 001»", bin_of(1))
    assert d.summary.cget("text") == t("ui.import.ready", count=500)
    assert customers.search(app.ctx.session, "", 1000) == []  # the preview wrote nothing
    assert str(d.import_button.cget("state")) == "normal"
    assert d.focus_get() is d.import_button  # Enter imports
    d.import_button.event_generate("<Return>")
    pump(app)
    assert d not in d.open_dialogs
    stored = customers.search(app.ctx.session, "", 1000)
    assert len(stored) == 500
    assert {c.name for c in stored} == {r[0] for r in good_rows(500)}
    done = last_dialog()
    assert t("import.done", count=500) in [w.cget("text") for w in done.body.winfo_children()]
    done.button_by_key["ui.button.ok"].invoke()
    pump(app)
    # the list reloaded: its first page of 200 and a next one
    assert len(s.table.tree.get_children()) == 200
    assert str(s.pager.next_button.cget("state")) == "normal"


def test_three_bad_rows_are_named_and_nothing_is_written(make_app, db_path, tmp_path):
    app = login_admin(make_app(db_path))
    path = xlsx(tmp_path / "bad.xlsx", with_bad_rows(20))
    s = _screen(app)
    before = len(audit_log.search(app.ctx.session, limit=1000))
    d = _open_preview(app, s, path)
    errors = d.errors.tree
    shown = [errors.item(iid, "values") for iid in errors.get_children()]
    assert [int(v[0]) for v in shown] == sorted(BAD_ROWS)
    assert [v[1] for v in shown] == [capitalise(t("field." + BAD_ROWS[r])) for r in sorted(BAD_ROWS)]
    assert [v[2] for v in shown] == [capitalise(t("error.id.bin_form")),
                                     capitalise(t("error.customer.email")),
                                     capitalise(t("error.field.out_of_range", low="0", high="99,99"))]
    assert d.summary.cget("text") == t("ui.import.has_errors", bad=3, count=20)
    # every row is there to see, the bad ones marked
    rows = d.rows.tree
    assert len(rows.get_children()) == 20
    assert [iid for iid in rows.get_children() if "error" in rows.item(iid, "tags")] == \
        [str(r) for r in sorted(BAD_ROWS)]
    # choosing an error shows its row
    errors.selection_set("9")
    pump(app)
    assert rows.selection() == ("9",)
    # Import all is refused: the button is off, and Enter does nothing either
    assert str(d.import_button.cget("state")) == "disabled"
    d.import_button.invoke()
    d.event_generate("<Return>")
    pump(app)
    assert d.result is None and d in d.open_dialogs
    d.cancel_button.invoke()
    pump(app)
    assert d not in d.open_dialogs
    assert customers.search(app.ctx.session, "", 1000) == []
    assert len(audit_log.search(app.ctx.session, limit=1000)) == before
    assert s.table.tree.get_children() == ()


def test_a_file_that_is_not_a_table_is_said_and_opens_no_preview(admin_app, tmp_path):
    app = admin_app
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    s = _screen(app)
    assert s.import_path(path) is None
    pump(app)
    d = last_dialog()
    assert d.title() == t("ui.dialog.error")
    texts = [w.cget("text") for w in d.body.winfo_children()]
    assert any(t("error.import.format", ext=".xls") in text for text in texts)
    assert dialog_of(CustomerImportDialog) is None


def test_a_bin_saved_meanwhile_rolls_the_whole_import_back(admin_app, tmp_path):
    """The preview was clean; before Import all another window saved a customer with one of
    the file's BINs: the import stops at the row, says so in the dialog, saves none."""
    app = admin_app
    path = xlsx(tmp_path / "clients.xlsx", good_rows(5))
    s = _screen(app)
    d = _open_preview(app, s, path)
    customers.save(app.ctx.session, {"name": "Кейін қосылған", "bin": bin_of(4)})
    d.import_button.invoke()
    pump(app)
    assert d in d.open_dialogs and d.result is None
    assert "5" in d.message.cget("text")  # row 5 holds BIN …004
    assert [c.name for c in customers.search(app.ctx.session, "", 100)] == ["Кейін қосылған"]
    d.cancel_button.invoke()
