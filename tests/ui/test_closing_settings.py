"""The administrator's Closing documents and ESF screen, through its widgets: the default
document and the ESF origin code per product type, and the non-payer's ESF choice, saved and
read back by the services; a manager cannot open it."""
from app.i18n import t
from app.services import closing_documents, esf
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
