"""Performers (administrator): designers, press operators, the shop master, finishers.

Nobody is deleted: a person who left is deactivated, so the orders keep who made them."""
import ttkbootstrap as ttk

from app.domain.errors import DomainError
from app.i18n import t
from app.services.staff import ROLES
from app.ui.screens.base import Screen
from app.ui.widgets.form import FormDialog
from app.ui.widgets.formatting import tcap
from app.ui.widgets.hints import Tooltip
from app.ui.widgets.lists import ScrolledTree


class PerformerDialog(FormDialog):
    label_width = 14
    changes = "staff"

    def __init__(self, parent, ctx, person=None, on_saved=None):
        self.person = person
        super().__init__(parent, ctx, t("ui.staff.edit") if person else t("ui.staff.add"),
                         on_saved=on_saved)

    def fields(self):
        person = self.person
        self.role_by_text = {tcap("staff_role." + r): r for r in ROLES}
        self.form.entry("name", "ui.field.full_name", person["name"] if person else "", width=32)
        self.form.combo("role", "field.role", list(self.role_by_text),
                        tcap("staff_role." + (person["role"] if person else "press_operator")),
                        width=30)
        self.form.entry("phone", "field.phone", person["phone"] if person else "", width=32)
        if person is not None:
            self.form.check("active", "ui.users.active", bool(person["active"]))

    def store(self, v):
        from app.services import staff
        role = self.role_by_text.get(v["role"], "")
        if self.person is None:
            staff.add(self.ctx.session, v["name"], role, v["phone"])
        else:
            staff.update(self.ctx.session, self.person["id"], v["name"], role, v["phone"],
                         v["active"])


class StaffScreen(Screen):
    admin_only = True

    def __init__(self, parent, ctx, **_kw):
        super().__init__(parent, ctx)
        self.people = {}
        bar = ttk.Frame(self)
        bar.pack(fill="x")
        self.add_button = ttk.Button(bar, text=t("ui.staff.add"), command=self.add,
                                     bootstyle="primary")
        self.add_button.pack(side="left", padx=(0, 6))
        self.edit_button = ttk.Button(bar, text=t("ui.staff.edit"), command=self.edit,
                                      bootstyle="info")
        self.edit_button.pack(side="left", padx=(0, 6))
        self.deactivate_button = ttk.Button(bar, text=t("ui.staff.deactivate"),
                                            command=self.toggle_active,
                                            bootstyle="danger-outline")
        self.deactivate_button.pack(side="right")
        Tooltip(self.deactivate_button, t("ui.tip.deactivate"))
        self.table = ScrolledTree(self, (("name", "ui.field.full_name", 280, "w"),
                                         ("role", "field.role", 180, "w"),
                                         ("phone", "field.phone", 160, "w"),
                                         ("active", "ui.users.active", 100, "w")), height=16)
        self.table.pack(fill="both", expand=True, pady=(8, 0))
        self.table.tree.tag_configure("inactive", foreground="#999999")
        self.table.tree.bind("<Double-1>", lambda e: self.edit())
        self.table.tree.bind("<<TreeviewSelect>>", lambda e: self._button_text())
        self.reload()

    def title(self):
        return t("ui.menu.staff")

    def reload(self):
        from app.services import staff
        self.table.clear()
        self.people = {}
        for p in staff.list_staff(self.ctx.session):
            iid = str(p["id"])
            self.people[iid] = p
            self.table.tree.insert("", "end", iid=iid, tags=() if p["active"] else ("inactive",),
                                   values=(p["name"], tcap("staff_role." + p["role"]), p["phone"],
                                           t("ui.yes") if p["active"] else t("ui.no")))
        self._button_text()

    def _button_text(self):
        p = self.selected()
        key = "ui.staff.activate" if p is not None and not p["active"] else "ui.staff.deactivate"
        self.deactivate_button.configure(text=t(key))

    def selected(self):
        iid = self.table.selected()
        return self.people.get(iid) if iid else None

    def add(self):
        return PerformerDialog(self, self.ctx)

    def edit(self):
        p = self.selected()
        if p is not None:
            return PerformerDialog(self, self.ctx, p)
        return None

    def toggle_active(self):
        from app.services import staff
        p = self.selected()
        if p is None:
            return
        try:
            staff.update(self.ctx.session, p["id"], p["name"], p["role"], p["phone"],
                         not p["active"])
        except DomainError as exc:
            self.ctx.show_error(exc)
            return
        self.ctx.changed("staff")
        self.table.tree.selection_set(str(p["id"]))
        self._button_text()

    def on_changed(self, what):
        if what == "staff":
            keep = self.table.selected()
            self.reload()
            if keep and self.table.tree.exists(keep):
                self.table.tree.selection_set(keep)
                self._button_text()


SCREEN = StaffScreen
