"""The administrator's Closing documents and ESF screen, through its widgets: the default
document and the ESF origin code per product type, and the non-payer's ESF choice, saved and
read back by the services; a manager cannot open it."""
from app.i18n import t
from app.services import closing_documents, esf
from tests.costing.specs import BLANKS, CARDS
from tests.ui.conftest import pump


def test_the_administrator_sets_the_closing_rules(admin_app):
    app = admin_app
    menu = app.root.nametowidget(app.menubar.entrycget(t("ui.menu.admin"), "menu"))
    menu.invoke(menu.index(t("ui.closing_settings.title")))
    pump(app)
    s = app.current_screen()
    assert s is app.screens["admin_closing"]
    session = app.ctx.session
    assert s.kind_vars["printing"].get() == t("ui.closing.kind.act")
    assert s.kind_vars["blank"].get() == t("ui.closing.kind.waybill")
    assert s.origin_vars["printing"].get() == t("esf.origin.5")
    s.kind_vars["printing"].set(t("ui.closing.kind.waybill"))
    s.origin_vars["label"].set(t("esf.origin.6"))
    s.non_payer_var.set(t("ui.closing_settings.non_payer.all"))
    s.save_button.invoke()
    pump(app)
    assert s.message.cget("text") == t("ui.saved")
    assert closing_documents.default_kinds(session)["printing"] == "waybill"
    settings = esf.settings(session)
    assert settings["origin"]["label"] == "6" and settings["non_payer"] == "all"
    actions = [r["action"] for r in app.ctx.db.all("SELECT action FROM audit_log ORDER BY id")]
    assert "settings.closing" in actions and "settings.esf" in actions
    assert s.kind_vars["printing"].get() == t("ui.closing.kind.waybill")  # read back


def test_a_manager_has_no_such_screen(make_app, db_path, manager):
    from tests.ui.conftest import login_manager
    app = make_app(db_path)
    login_manager(app)
    assert app.open_screen("admin_closing") is None
    assert "admin_closing" not in app.screens


def test_product_codes_are_set_here_and_printed_on_the_waybill(admin_app, customer, tmp_path):
    """The code per product type: typed on this screen, a bad one marked and nothing saved;
    saved, it is the waybill's item number (the order's number where none is set)."""
    from app.services import catalog, orders
    from app.ui.widgets.dialog import Dialog
    app = admin_app
    s = app.open_screen("admin_closing")
    pump(app)
    session = app.ctx.session
    defaults = catalog.product_codes(session)
    assert {p: v.get() for p, v in s.code_vars.items()} == defaults  # shown
    s.code_vars["blank"].set("БЛ-001")
    s.code_vars["journal"].set("x" * 500)  # longer than a code may be
    s.save_button.invoke()
    pump(app)
    assert "danger" in str(s.code_entries["journal"].cget("style")).lower()
    assert catalog.product_codes(session) == defaults  # nothing saved of the screen
    for d in list(Dialog.open_dialogs):
        d.close()
    s.code_vars["journal"].set("")
    s.code_vars["printing"].set("")
    s.save_button.invoke()
    pump(app)
    assert s.message.cget("text") == t("ui.saved")
    assert catalog.product_codes(session) == dict(defaults, printing="", blank="БЛ-001",
                                                  journal="")
    assert s.code_vars["blank"].get() == "БЛ-001"  # read back
    # the waybill's item number: the code for a blank, the order number for the rest
    from app.services import shop
    shop.save_requisites(session, {"name": "ТОО «Баспа Үйі»", "bin": "990140000126"})
    made = []
    for spec in (BLANKS, CARDS):
        o = orders.create(session, spec, customer.id, "approved")
        for status in ("production", "ready"):
            o = orders.change_status(session, o.id, o.version, status)
        made.append(o)
    doc = closing_documents.waybill(session, [made[0].id, made[1].id], folder=tmp_path)
    from tests.ui.conftest import docx_text
    text = docx_text(doc.path)
    assert "БЛ-001" in text and made[1].number in text
