"""The orders list: search, filters, sorting and paging by LIMIT/OFFSET (100 a page).

Never loads all orders: a page is read and counted with the filter, so it stays fast with
hundreds of thousands of orders.
"""
import tkinter as tk
from datetime import datetime

import ttkbootstrap as ttk

from app.domain import inputs
from app.domain.catalog import PRODUCT_TYPES
from app.domain.errors import ValidationError
from app.domain.records import STATUSES
from app.i18n import t
from app.ui.dialogs.documents import export_menubutton
from app.ui.screens.base import Screen
from app.ui.widgets.calendar import period_fields
from app.ui.widgets.customer_picker import CustomerPicker
from app.ui.widgets.formatting import data, money, number, pct, tcap
from app.ui.widgets.hints import Tooltip
from app.ui.widgets.lists import Pager, ScrolledTree

PAGE = 100
COLUMNS = (
    ("number", "ui.orders.number", 105, "w"),
    ("created", "ui.orders.created", 95, "w"),
    ("customer", "field.customer", 190, "w"),
    ("type", "field.product_type", 170, "w"),
    ("title", "field.name", 150, "w"),
    ("quantity", "ui.orders.quantity", 75, "e"),
    ("status", "field.status", 125, "w"),
    ("due", "ui.orders.due", 95, "w"),
    ("price", "ui.orders.price", 125, "e"),
    ("profit", "ui.orders.profit", 85, "e"),
    ("manager", "ui.orders.manager", 120, "w"),
)
SORTABLE = ("number", "created", "customer", "type", "status", "due", "price")


def _iso(text, field):
    """A typed day as 'YYYY-MM-DD' for the filter (None when nothing is typed)."""
    found = inputs.day(text.strip(), field)
    return found.isoformat() if found else None


def _as_date(text):
    """A date cell for the spreadsheet ('' when there is none)."""
    if not text:
        return ""
    try:
        return datetime.strptime(text[:10], "%Y-%m-%d").date()
    except ValueError:
        return text


class OrdersScreen(Screen):
    def __init__(self, parent, ctx, customer_id=None, **_kw):
        super().__init__(parent, ctx)
        self.sort = "created"
        self.descending = True
        self.total = 0
        self.rows = {}
        self.columnconfigure(0, weight=1)
        self.rowconfigure(2, weight=1)
        self._filters()
        self.table = ScrolledTree(self, COLUMNS, height=20)
        self.table.grid(row=2, column=0, sticky="nsew", pady=(8, 0))
        tree = self.table.tree
        for cid, _key, _w, _a in COLUMNS:
            if cid in SORTABLE:
                tree.heading(cid, command=lambda c=cid: self.sort_by(c))
        tree.bind("<Double-1>", lambda e: self.open_selected())
        tree.bind("<Return>", lambda e: self.open_selected())
        tree.tag_configure("cancelled", foreground="#999999")
        self._pager()
        self.reload()

    def title(self):
        return t("ui.orders.tab")

    def _filters(self):
        bar = ttk.Frame(self)
        bar.grid(row=0, column=0, sticky="ew")
        ttk.Label(bar, text=t("ui.orders.search")).pack(side="left")
        self.search_var = tk.StringVar()
        self.search_entry = ttk.Entry(bar, textvariable=self.search_var, width=26)
        self.search_entry.pack(side="left", padx=(6, 12))
        Tooltip(self.search_entry, t("ui.tip.search"))
        self.search_var.trace_add("write", lambda *a: self.debounce(250, self.reload))
        self.search_entry.bind("<Return>", lambda e: self.reload())
        ttk.Label(bar, text=tcap("field.status")).pack(side="left")
        self.status_values = [t("ui.all")] + [t("status." + s) for s in STATUSES] + \
            [t("ui.orders.open_only")]
        self.status_var = tk.StringVar(value=self.status_values[0])
        self.status_box = ttk.Combobox(bar, textvariable=self.status_var, values=self.status_values,
                                       state="readonly", width=16)
        self.status_box.pack(side="left", padx=(6, 12))
        ttk.Label(bar, text=tcap("field.product_type")).pack(side="left")
        self.type_values = [t("ui.all")] + [t("product." + p) for p in PRODUCT_TYPES]
        self.type_var = tk.StringVar(value=self.type_values[0])
        self.type_box = ttk.Combobox(bar, textvariable=self.type_var, values=self.type_values,
                                     state="readonly", width=22)
        self.type_box.pack(side="left", padx=(6, 12))
        # the owner looks at one manager's orders; every user may take orders
        from app.services import orders
        self.manager_ids = {name: uid for uid, name in orders.managers(self.ctx.session)}
        ttk.Label(bar, text=tcap("ui.orders.manager")).pack(side="left")
        self.manager_values = [t("ui.all")] + list(self.manager_ids)
        self.manager_var = tk.StringVar(value=self.manager_values[0])
        self.manager_box = data(ttk.Combobox(bar, textvariable=self.manager_var,
                                             values=self.manager_values, state="readonly",
                                             width=18))
        self.manager_box.pack(side="left", padx=(6, 0))
        for box in (self.status_box, self.type_box, self.manager_box):
            box.bind("<<ComboboxSelected>>", lambda e: self.reload())
        bar2 = ttk.Frame(self)
        bar2.grid(row=1, column=0, sticky="ew", pady=(6, 0))
        self.from_var, self.to_var, self.from_entry, self.to_entry = period_fields(
            bar2, on_change=self.reload)
        for e in (self.from_entry, self.to_entry):
            e.bind("<FocusOut>", lambda ev: self.reload())
        ttk.Label(bar2, text=tcap("field.customer")).pack(side="left")
        self.picker = CustomerPicker(bar2, self.ctx, on_pick=lambda c: self.reload(),
                                     allow_new=False, width=26)
        self.picker.pack(side="left", padx=(6, 8))
        self.clear_button = ttk.Button(bar2, text=t("ui.orders.clear"), command=self.clear_filters,
                                       bootstyle="secondary-link")
        self.clear_button.pack(side="left")
        self.filter_error = data(ttk.Label(bar2, text="", bootstyle="danger"))
        self.filter_error.pack(side="left", padx=8)
        self.open_button = ttk.Button(bar2, text=t("ui.orders.open"), command=self.open_selected,
                                      bootstyle="primary")
        self.open_button.pack(side="right")
        self.export_button, _ = export_menubutton(bar2, self.export, "ui.tip.export_orders")

    def _pager(self):
        bar = ttk.Frame(self)
        bar.grid(row=3, column=0, sticky="ew", pady=(6, 0))
        self.count_label = data(ttk.Label(bar, text=""))
        self.count_label.pack(side="left")
        self.pager = Pager(bar, PAGE, self._show_page, gap=10)

    def on_search(self):
        self.search_entry.focus_set()
        self.search_entry.select_range(0, "end")
        return True

    def clear_filters(self):
        self.search_var.set("")
        self.status_var.set(self.status_values[0])
        self.type_var.set(self.type_values[0])
        self.from_var.set("")
        self.to_var.set("")
        self.picker.set(None)
        self.manager_var.set(self.manager_values[0])
        self.reload()

    def current_filter(self):
        from app.domain.queries import OrderFilter
        statuses = ()
        s = self.status_var.get()
        if s == t("ui.orders.open_only"):
            statuses = ("new", "quoted", "approved", "prepress", "production", "ready", "delivered")
        else:
            for code in STATUSES:
                if t("status." + code) == s:
                    statuses = (code,)
        types = tuple(p for p in PRODUCT_TYPES if t("product." + p) == self.type_var.get())
        customer = self.picker.customer
        return OrderFilter(statuses=statuses, product_types=types,
                           customer_id=customer.id if customer else None,
                           manager_id=self.manager_ids.get(self.manager_var.get()),
                           date_from=_iso(self.from_var.get(), "date_from"),
                           date_to=_iso(self.to_var.get(), "date_to"),
                           text=self.search_var.get().strip())

    def reload(self, keep_page=False):
        if not keep_page:
            self.pager.first()
        try:
            flt = self.current_filter()
        except ValidationError as exc:
            self.filter_error.configure(text=t(exc.key))
            return
        self.filter_error.configure(text="")
        self._flt = flt
        self.total = None
        self._show_page()

    def _show_page(self, keep=None):
        """The page; `keep`: the order to stay on when it is still listed (a refresh)."""
        from app.services import orders
        rows = orders.page(self.ctx.session, self._flt, self.sort, self.descending, PAGE,
                           self.pager.offset)
        tree = self.table.tree
        tree.delete(*tree.get_children())
        self.rows = {}
        for r in rows:
            iid = str(r.id)
            self.rows[iid] = r
            tree.insert("", "end", iid=iid, tags=(r.status,), values=(
                r.number, r.created_at[:10], r.customer_name, t("product." + r.product_type),
                r.title, number(r.quantity), t("status." + r.status), r.due_date or "",
                money(r.price_gross), pct(r.profit_pct), r.manager_name))
        if rows:
            chosen = keep if keep in self.rows else str(rows[0].id)
            tree.selection_set(chosen)
            tree.focus(chosen)
            tree.see(chosen)
        if self.total is None:
            # the count is a second query: after the page is on screen
            self.later(0, self._count)
        self._pager_state(len(rows))

    def _count(self):
        from app.services import orders
        try:
            self.total = orders.count(self.ctx.session, self._flt)
        except tk.TclError:
            return
        self._pager_state(len(self.rows))

    def _pager_state(self, shown):
        total = self.total
        pager = self.pager
        if total is None:  # not counted yet: "page N" only
            self.count_label.configure(text="")
            pager.shown(shown == PAGE)
        else:
            pages = max(1, -(-total // PAGE))
            self.count_label.configure(text=t("ui.orders.count", n=number(total)))
            pager.shown(pager.offset + PAGE < total,
                        t("ui.orders.page", page=pager.page, pages=number(pages)))

    def sort_by(self, column):
        if self.sort == column:
            self.descending = not self.descending
        else:
            self.sort = column
            self.descending = column in ("created", "number", "price", "due")
        tree = self.table.tree
        for cid, key, _w, _a in COLUMNS:
            mark = ""
            if cid == column:
                mark = " ▼" if self.descending else " ▲"
            tree.heading(cid, text=tcap(key) + mark)
        self.pager.first()
        self._show_page()

    def selected_order_id(self):
        iid = self.table.selected()
        return int(iid) if iid else None

    def open_selected(self):
        oid = self.selected_order_id()
        if oid is not None:
            self.ctx.open("order", order_id=oid)

    def export(self, fmt):
        """The orders of the current filter and sort, as the list shows them, to .xlsx or CSV.

        Read page by page in the background (the services give at most 1000 rows a call)."""
        from app import i18n
        from app.services import exports, orders
        from app.ui.dialogs.documents import make
        try:
            flt = self.current_filter()
        except ValidationError as exc:
            self.filter_error.configure(text=t(exc.key))
            return None
        sort, descending, lang = self.sort, self.descending, i18n.language()
        headers = [tcap(key) for _cid, key, _w, _a in COLUMNS]
        name = t("ui.docs.orders_file")

        def work(session):
            rows, offset = [], 0
            while True:
                chunk = orders.page(session, flt, sort, descending, 1000, offset)
                for r in chunk:
                    rows.append([r.number, _as_date(r.created_at), r.customer_name,
                                 t("product." + r.product_type), r.title, r.quantity,
                                 t("status." + r.status), _as_date(r.due_date), r.price_gross,
                                 r.profit_pct, r.manager_name])
                if len(chunk) < 1000:
                    break
                offset += 1000
            return exports.table(session, name, headers, rows, fmt=fmt, lang=lang)
        return make(self.ctx, work, "ui.docs.exporting")

    def on_changed(self, what):
        if what in ("orders", "customers"):  # here or at another seat: the person stays put
            self.total = None
            self._show_page(keep=self.table.selected())


SCREEN = OrdersScreen
