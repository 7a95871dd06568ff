"""The catalog editor (administrator): papers, presses, finishing equipment and materials.

Each save freezes a new catalog version; orders keep the rates they were quoted with."""
import ttkbootstrap as ttk

from app.domain.catalog import EQUIPMENT_CODES, MATERIAL_KINDS
from app.domain.errors import Conflict, DomainError
from app.i18n import format_number, t
from app.ui.screens.base import Screen
from app.ui.widgets.form import Form
from app.ui.widgets.formatting import data, money
from app.ui.widgets.hints import Tooltip
from app.ui.widgets.lists import ScrolledTree

KINDS = {
    "paper": ("code", "name", "width_mm", "height_mm", "gsm", "price", "active"),
    "press": ("code", "name", "rate_per_hour", "setup_min", "impressions_per_hour", "max_width_mm",
              "max_height_mm", "margin_mm", "colours_per_pass", "max_colours_per_side",
              "click_colour", "click_mono", "form_price", "makeready_waste_sheets",
              "run_waste_pct", "sort_order", "active"),
    "equipment": ("code", "name", "rate_per_hour", "setup_min", "speed_per_hour", "param"),
    "material": ("code", "kind", "name", "unit", "price", "labour_min", "active"),
}
LIST_COLUMNS = {
    "paper": ("width_mm", "height_mm", "gsm", "price"),
    "press": ("rate_per_hour", "setup_min", "impressions_per_hour"),
    "equipment": ("rate_per_hour", "setup_min", "speed_per_hour"),
    "material": ("kind", "unit", "price"),
}
CHOICES = {"kind": MATERIAL_KINDS, "unit": ("m", "m2", "pcs")}


def _plain(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    try:
        text = format_number(value, 2).replace("\u00a0", "")
    except Exception:  # not a number: a code or a name
        return str(value)
    return text[:-3] if text.endswith(",00") else text


class CatalogTab(ttk.Frame):
    def __init__(self, parent, screen, kind):
        super().__init__(parent, padding=8)
        self.screen = screen
        self.kind = kind
        self.records = {}
        self.versions = {}  # code -> version as read with the list: handed back at save
        self.editing = None  # the code of the item in the form; None for a new one
        self.form_version = 0  # its version when it was put into the form
        self.columnconfigure(0, weight=1)
        self.rowconfigure(0, weight=1)
        cols = [("code", "ui.cat.f.code", 130, "w"), ("name", "ui.cat.f.name", 220, "w")] + \
            [(c, "ui.cat.f." + c, 110, "e") for c in LIST_COLUMNS[kind]]
        self.table = ScrolledTree(self, cols, height=16)
        self.table.grid(row=0, column=0, sticky="nsew", padx=(0, 10))
        self.table.tree.bind("<<TreeviewSelect>>", lambda e: self.load_selected())
        right = ttk.Frame(self)
        right.grid(row=0, column=1, sticky="nsew")
        self.form = Form(right, label_width=24)
        for name in KINDS[kind]:
            if name == "active":
                self.form.check(name, "ui.cat.f.active", True)
            elif name in CHOICES:
                self.form.combo(name, "ui.cat.f." + name, CHOICES[name], width=20, is_data=True)
            elif name == "code" and kind == "equipment":
                self.form.combo(name, "ui.cat.f.code", EQUIPMENT_CODES, width=20, is_data=True)
            else:
                self.form.entry(name, "ui.cat.f." + name, width=22)
        bar = ttk.Frame(right, padding=(0, 10, 0, 0))
        bar.grid(row=self.form.row, column=0, columnspan=2, sticky="ew")
        self.save_button = ttk.Button(bar, text=t("ui.button.save"), command=self.save,
                                      bootstyle="success")
        self.save_button.pack(side="right")
        Tooltip(self.save_button, t("ui.tip.save"))
        if kind != "equipment":
            self.new_button = ttk.Button(bar, text=t("ui.cat.new"), command=self.new,
                                         bootstyle="primary-outline")
            self.new_button.pack(side="right", padx=6)
        self.message = data(ttk.Label(right, text="", bootstyle="success"))
        self.message.grid(row=self.form.row + 1, column=0, columnspan=2, sticky="e")

    def items(self, cat):
        if self.kind == "paper":
            return list(cat.papers.values())
        if self.kind == "press":
            return list(cat.presses)
        if self.kind == "equipment":
            return list(cat.equipment.values())
        return list(cat.materials.values())

    def _row(self, r):
        values = [r.code, r.name]
        for c in LIST_COLUMNS[self.kind]:
            v = getattr(r, c)
            values.append(money(v) if c in ("price", "rate_per_hour") else _plain(v))
        return values, () if getattr(r, "active", True) else ("inactive",)

    def reload(self, cat, versions, select=None):
        self.table.clear()
        self.records = {}
        self.versions = versions
        for r in self.items(cat):
            self.records[r.code] = r
            values, tags = self._row(r)
            self.table.tree.insert("", "end", iid=r.code, values=values, tags=tags)
        self.table.tree.tag_configure("inactive", foreground="#999999")
        if select and select in self.records:
            self.table.tree.selection_set(select)
        elif self.records:
            self.table.tree.selection_set(next(iter(self.records)))

    def refresh_list(self, cat, versions):
        """The list as saved now, the form and the selection left alone (after a conflict:
        the typing stays; the item opened again shows the other's values)."""
        self.versions = versions
        for r in self.items(cat):
            self.records[r.code] = r
            values, tags = self._row(r)
            if self.table.tree.exists(r.code):
                self.table.tree.item(r.code, values=values, tags=tags)
            else:
                self.table.tree.insert("", "end", iid=r.code, values=values, tags=tags)

    def load_selected(self):
        iid = self.table.selected()
        r = self.records.get(iid) if iid else None
        if r is None:
            return
        self.form.clear_errors()
        self.message.configure(text="")
        self.editing = r.code
        self.form_version = self.versions.get(r.code, 0)
        for name in KINDS[self.kind]:
            self.form.fields[name].set(_plain(getattr(r, name)))

    def new(self):
        self.table.tree.selection_remove(*self.table.tree.selection())
        self.editing = None
        self.form.clear_errors()
        for name, field in self.form.fields.items():
            field.set(True if name == "active" else "")
        self.form.focus_first()

    def save(self):
        from app.services import catalog
        self.form.clear_errors()
        self.message.configure(text="")
        values = self.form.values()
        values = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
        # the item opened keeps its version; another code typed in is a new item (0: not taken)
        version = self.form_version if values.get("code") == self.editing else 0
        try:
            catalog.save_item(self.screen.ctx.session, self.kind, values, version=version)
        except DomainError as exc:
            if isinstance(exc, Conflict):  # the typing stays; the list shows what is saved
                versions = catalog.item_versions(self.screen.ctx.session)  # before the values
                self.refresh_list(catalog.get_catalog(self.screen.ctx.session),
                                  versions.get(self.kind, {}))
            if not self.form.show_error(exc):
                self.screen.ctx.show_error(exc)
            return
        self.screen.ctx.changed("catalog")
        self.screen.reload(select=(self.kind, values.get("code")))
        self.message.configure(text=t("ui.saved"))


class CatalogScreen(Screen):
    admin_only = True

    def __init__(self, parent, ctx, **_kw):
        super().__init__(parent, ctx)
        self.notebook = ttk.Notebook(self)
        self.notebook.pack(fill="both", expand=True)
        self.tabs = {}
        for kind in KINDS:
            tab = CatalogTab(self.notebook, self, kind)
            self.notebook.add(tab, text=t("ui.cat.kind." + kind))
            self.tabs[kind] = tab
        self.reload()

    def title(self):
        return t("ui.menu.catalog")

    def reload(self, select=None):
        from app.services import catalog
        # the versions before the catalog: a save in between is then a conflict, not lost
        versions = catalog.item_versions(self.ctx.session)
        cat = catalog.get_catalog(self.ctx.session)
        for kind, tab in self.tabs.items():
            tab.reload(cat, versions.get(kind, {}),
                       select[1] if select and select[0] == kind else None)

    def on_save(self):
        tab = self.root_tab()
        if tab is not None:
            tab.save()

    def root_tab(self):
        try:
            return self.nametowidget(self.notebook.select())
        except (KeyError, ValueError):
            return None


SCREEN = CatalogScreen
