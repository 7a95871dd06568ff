"""Users (administrator): add, edit role and activity, reset password, delete."""
import ttkbootstrap as ttk

from app.domain.errors import Conflict, DomainError, ValidationError
from app.domain.records import ROLES
from app.i18n import t
from app.ui.screens.base import Screen
from app.ui.widgets.dialog import confirm
from app.ui.widgets.form import FormDialog
from app.ui.widgets.lists import ScrolledTree


class UserDialog(FormDialog):
    """New user (with a first password) or an existing one (name, role, active)."""

    def __init__(self, parent, ctx, user=None, on_saved=None):
        self.user = user
        super().__init__(parent, ctx, t("ui.users.edit") if user else t("ui.users.add"),
                         on_saved=on_saved)

    def fields(self):
        user = self.user
        self.role_by_text = {t("role." + r): r for r in ROLES}
        if user is None:
            self.form.entry("username", "field.username", width=28)
        self.form.entry("full_name", "ui.field.full_name", user.full_name if user else "", width=28)
        self.form.combo("role", "field.role", list(self.role_by_text),
                        t("role." + (user.role if user else "manager")), width=26)
        if user is None:
            self.form.entry("password", "field.password", width=28, show="•")
        else:
            self.form.check("active", "ui.users.active", user.active)

    def store(self, v):
        from app.services import auth
        role = self.role_by_text.get(v["role"], "")
        if self.user is None:
            auth.add_user(self.ctx.session, v["username"], v["password"], role, v["full_name"])
        else:
            # the version read with the list: another administrator's save meanwhile is a
            # conflict (the dialog stays open with the typing), not overwritten
            try:
                auth.update_user(self.ctx.session, self.user.id, v["full_name"], role,
                                 v["active"], version=self.user.version)
            except Conflict:  # the list behind shows what is saved now; reopened, the user too
                if self.on_saved:
                    self.on_saved()
                raise


class ResetDialog(FormDialog):
    def __init__(self, parent, ctx, user, on_saved=None):
        self.user = user
        super().__init__(parent, ctx, t("ui.users.reset"), on_saved=on_saved)

    def fields(self):
        self.form.entry("new_password", "field.new_password", width=28, show="•")
        self.form.check("force", "ui.users.force_change", True)

    def store(self, v):
        from app.services import auth
        try:
            auth.reset_password(self.ctx.session, self.user.id, v["new_password"], v["force"])
        except ValidationError as exc:
            exc.field = "new_password"  # the only field a password rule can be about
            raise


class UsersScreen(Screen):
    admin_only = True

    def __init__(self, parent, ctx, **_kw):
        super().__init__(parent, ctx)
        self.users = {}
        bar = ttk.Frame(self)
        bar.pack(fill="x")
        for key, cmd, style in (("ui.users.add", self.add, "primary"),
                                ("ui.users.edit", self.edit, "info"),
                                ("ui.users.reset", self.reset, "info")):
            ttk.Button(bar, text=t(key), command=cmd, bootstyle=style).pack(side="left", padx=(0, 6))
        self.delete_button = ttk.Button(bar, text=t("ui.button.delete"), command=self.delete,
                                        bootstyle="danger-outline")
        self.delete_button.pack(side="right")
        self.table = ScrolledTree(self, (("username", "field.username", 160, "w"),
                                         ("full_name", "ui.field.full_name", 260, "w"),
                                         ("role", "field.role", 160, "w"),
                                         ("active", "ui.users.active", 100, "w"),
                                         ("must", "ui.users.must_change", 200, "w")), height=14)
        self.table.pack(fill="both", expand=True, pady=(8, 0))
        self.table.tree.bind("<Double-1>", lambda e: self.edit())
        self.reload()

    def title(self):
        return t("ui.menu.users")

    def reload(self):
        from app.services import auth
        self.table.clear()
        self.users = {}
        for u in auth.list_users(self.ctx.session):
            self.users[str(u.id)] = u
            self.table.tree.insert("", "end", iid=str(u.id), values=(
                u.username, u.full_name, t("role." + u.role),
                t("ui.yes") if u.active else t("ui.no"),
                t("ui.yes") if u.must_change_password else t("ui.no")))

    def selected(self):
        iid = self.table.selected()
        return self.users.get(iid) if iid else None

    def add(self):
        UserDialog(self, self.ctx, on_saved=self.reload)

    def edit(self):
        u = self.selected()
        if u is not None:
            UserDialog(self, self.ctx, u, on_saved=self.reload)

    def reset(self):
        u = self.selected()
        if u is not None:
            ResetDialog(self, self.ctx, u, on_saved=self.reload)

    def delete(self):
        from app.services import auth
        u = self.selected()
        if u is None:
            return

        def go():
            try:
                result = auth.delete_user(self.ctx.session, u.id)
            except DomainError as exc:
                self.ctx.show_error(exc)
                return
            self.ctx.status(t("ui.users." + result, username=u.username))
            self.reload()
        confirm(self, t("ui.users.delete_confirm", username=u.username), go,
                yes_key="ui.button.delete")


SCREEN = UsersScreen
