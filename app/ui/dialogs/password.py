"""Change one's own password (forced after an administrator set or reset it)."""
from app.domain.errors import ValidationError
from app.i18n import t
from app.ui.widgets.form import FormDialog


class ChangePassword(FormDialog):
    def __init__(self, parent, ctx, forced=False, on_done=None, on_cancel=None):
        self.on_cancel = on_cancel
        super().__init__(parent, ctx, t("ui.password.title"), on_saved=on_done,
                         intro=t("ui.password.forced") if forced else None)

    def fields(self):
        self.form.entry("old_password", "field.old_password", show="•")
        self.form.entry("new_password", "field.new_password", show="•")
        self.form.entry("password2", "ui.field.password_again", show="•")

    def discard(self):  # Cancel, Esc, ✕ (after the question when something was typed)
        self.close()
        if self.on_cancel:
            self.on_cancel()

    def store(self, v):
        from app.services import auth
        if v["new_password"] != v["password2"]:
            raise ValidationError("ui.error.passwords_differ", "password2")
        auth.change_own_password(self.ctx.session, v["old_password"], v["new_password"])
