"""The password rules of issue 16 (item 10) as a person meets them: the message at the field."""
from app.i18n import t
from app.services import auth
from app.storage.opening import connect
from app.ui.widgets.dialog import Dialog
from tests.conftest import ADMIN_PASSWORD, MANAGER_PASSWORD
from tests.ui.conftest import last_dialog, login, pump


def test_a_common_password_is_refused_at_its_field_in_the_users_language(make_app, db_path):
    with connect(db_path) as db:
        auth.force_password_change(auth.login(db, "admin", ADMIN_PASSWORD),
                                   auth.login(db, "manager", MANAGER_PASSWORD).user.id)
    app = make_app(db_path, lang="ru")
    login(app, "manager", MANAGER_PASSWORD)
    d = last_dialog()
    for password, key in (("qwerty123", "error.password.common"),
                          ("йцукенгш", "error.password.common"),
                          ("manager2026", "error.password.like_name")):
        d.form.fields["old_password"].set(MANAGER_PASSWORD)
        d.form.fields["new_password"].set(password)
        d.form.fields["password2"].set(password)
        d.button_by_key["ui.button.save"].invoke()
        pump(app)
        assert d in Dialog.open_dialogs
        assert d.form.fields["new_password"].error.cget("text") == t(key, "ru"), password
        assert d.form.fields["new_password"].get() == password  # nothing typed is lost
    d.form.fields["new_password"].set("Бәйтерек қала 7")
    d.form.fields["password2"].set("Бәйтерек қала 7")
    d.button_by_key["ui.button.save"].invoke()
    pump(app)
    assert d not in Dialog.open_dialogs and app.notebook is not None
