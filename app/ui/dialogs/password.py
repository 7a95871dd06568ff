"""Change one's own password (forced after an administrator set or reset it)."""
import ttkbootstrap as ttk

from app.domain.errors import DomainError, ValidationError
from app.i18n import t
from app.ui.widgets.common import Dialog, Form


class ChangePassword(Dialog):
    def __init__(self, parent, ctx, forced=False, on_done=None, on_cancel=None):
        super().__init__(parent, t("ui.password.title"))
        self.ctx = ctx
        self.on_done = on_done
        self.on_cancel = on_cancel
        if forced:
            ttk.Label(self.body, text=t("ui.password.forced"), wraplength=380,
                      bootstyle="warning").pack(anchor="w", pady=(0, 8))
        inner = ttk.Frame(self.body)
        inner.pack(fill="x")
        self.form = Form(inner, label_width=18)
        self.form.entry("old_password", "field.old_password", show="•")
        self.form.entry("new_password", "field.new_password", show="•")
        self.form.entry("password2", "ui.field.password_again", show="•")
        self.add_button("ui.button.save", self.save, default=True)
        self.add_button("ui.button.cancel", self.cancel, bootstyle="primary-outline")
        self.present()
        self.form.focus_first()

    def cancel(self):
        self.close()
        if self.on_cancel:
            self.on_cancel()

    def save(self):
        from app.services import auth
        self.form.clear_errors()
        v = self.form.values()
        try:
            if v["new_password"] != v["password2"]:
                raise ValidationError("ui.error.passwords_differ", "password2")
            auth.change_own_password(self.ctx.session, v["old_password"], v["new_password"])
        except DomainError as exc:
            if not self.form.show_error(exc):
                self.ctx.show_error(exc)
            return
        self.close()
        if self.on_done:
            self.on_done()
