"""The owner's analysis: which orders make money.

Choose the orders (period, product types, customers, statuses), check their figures (open a
suspicious order to correct it, or leave it out of this run), then Run: the clusters (single
linkage) with the dendrogram and the scatter, the profitability by product type, customer,
manager and month, the estimate-versus-actual variance by cost line and the press load.

The run happens in a worker thread with its own database connection; the screen polls it with
after(). Cancel cannot stop the clustering itself (a numpy loop): it drops the result when it
comes and gives the form back at once.
"""
import tkinter as tk
from datetime import date

import ttkbootstrap as ttk

from app import i18n
from app.domain import inputs
from app.domain.catalog import PRODUCT_TYPES
from app.domain.errors import ValidationError
from app.domain.records import MADE_STATUSES, STATUSES
from app.i18n import capitalise, error_text, format_number, t
from app.ui.screens.base import Screen
from app.ui.widgets.calendar import period_fields
from app.ui.widgets.customer_picker import CustomerPicker
from app.ui.widgets.dialog import Dialog, message
from app.ui.widgets.formatting import data, money, pct, tcap, wrap_to_width
from app.ui.widgets.hints import Tooltip
from app.ui.widgets.lists import ScrolledTree

K_RANGE = (2, 10)
DEFAULT_K = 4
FIELD_LABELS = {"date_from": "ui.field.date_from", "date_to": "ui.field.date_to",
                "k": "ui.analysis.k", "min_size": "ui.analysis.min_size",
                "selection": "ui.analysis.choices", "by": "ui.analysis.by"}

CHECK_COLUMNS = (("out", "ui.analysis.col.leave_out", 110, "center"),
                 ("number", "ui.analysis.col.number", 120, "w"),
                 ("reason", "ui.analysis.col.reason", 380, "w"),
                 ("detail", "ui.analysis.col.detail", 220, "w"))
CLUSTER_COLUMNS = (("cluster", "ui.analysis.col.cluster", 150, "w"),
                   ("count", "ui.analysis.col.count", 90, "e"),
                   ("median", "ui.analysis.col.median", 110, "e"),
                   ("mean", "ui.analysis.col.mean", 105, "e"),
                   ("revenue", "ui.analysis.col.revenue", 140, "e"),
                   ("cost", "ui.analysis.col.cost", 140, "e"),
                   ("profit", "ui.analysis.col.profit", 130, "e"),
                   ("type", "ui.analysis.col.type", 170, "w"),
                   ("customer", "ui.analysis.col.customer", 150, "w"),
                   ("mark", "ui.analysis.col.mark", 110, "w"))
ORDER_COLUMNS = (("number", "ui.analysis.col.number", 110, "w"),
                 ("customer", "field.customer", 220, "w"),
                 ("type", "field.product_type", 180, "w"),
                 ("price", "ui.analysis.col.price", 150, "e"),
                 ("cost", "ui.analysis.col.cost", 120, "e"),
                 ("pct", "ui.analysis.col.pct", 90, "e"))
PROFIT_COLUMNS = (("group", "ui.analysis.col.group", 220, "w"),
                  ("orders", "ui.analysis.col.count", 75, "e"),
                  ("revenue", "ui.analysis.col.revenue", 135, "e"),
                  ("cost", "ui.analysis.col.cost", 135, "e"),
                  ("profit", "ui.analysis.col.profit", 130, "e"),
                  ("pct", "ui.analysis.col.pct", 90, "e"),
                  ("variance", "ui.analysis.col.cost_variance", 150, "e"))
VARIANCE_COLUMNS = (("line", "ui.order.line", 240, "w"),
                    ("estimate", "ui.order.estimate", 150, "e"),
                    ("actual", "ui.order.actual_col", 150, "e"),
                    ("variance", "ui.order.diff", 150, "e"),
                    ("variance_pct", "ui.analysis.col.variance_pct", 110, "e"))


def _day(text, field):
    return inputs.day((text or "").strip(), field)


def _whole(text, field, low, high):
    text = (text or "").strip().replace(" ", "")
    if not text:
        raise ValidationError("error.field.required", field)
    try:
        value = int(text)
    except ValueError:
        raise ValidationError("error.field.not_integer", field) from None
    if not low <= value <= high:
        raise ValidationError("error.field.out_of_range", field, low=low, high=high)
    return value


def field_error(exc) -> str:
    """'Clusters (k): must be from 2 to 10' — the message names the field."""
    text = error_text(exc)
    label = FIELD_LABELS.get(exc.field or "")
    return t("ui.analysis.field_error", field=capitalise(t(label)),
             message=text) if label else capitalise(text)


def profile_type(profile) -> str:
    if not profile.type_shares:
        return ""
    code, share = max(profile.type_shares.items(), key=lambda kv: kv[1])
    return t("ui.analysis.type_share", type=capitalise(t("product." + code)),
             share=format_number(share * 100, 0))


def profile_mark(profile) -> str:
    marks = []
    if profile.loss_making:
        marks.append(t("ui.analysis.mark.loss"))
    if profile.most_profitable:
        marks.append(t("ui.analysis.mark.best"))
    return ", ".join(marks)


def cluster_name(label) -> str:
    return capitalise(t("analysis.cluster_n", n=label) if label else t("analysis.outliers"))


class CheckedMenu:
    """A menu button with a tick per choice (product types, statuses)."""

    def __init__(self, parent, codes, key_prefix, chosen=None, on_change=None):
        self.codes = codes
        self.key_prefix = key_prefix
        self.on_change = on_change
        self.button = data(ttk.Menubutton(parent, text="", bootstyle="secondary-outline",
                                          width=28))  # its text joins translated names
        self.menu = tk.Menu(self.button, tearoff=False)
        self.vars = {}
        for code in codes:
            var = tk.BooleanVar(value=chosen is None or code in chosen)
            self.vars[code] = var
            self.menu.add_checkbutton(label=capitalise(t(key_prefix + code)), variable=var,
                                      command=self._changed)
        self.menu.add_separator()
        self.menu.add_command(label=capitalise(t("ui.all")), command=lambda: self.set(codes))
        self.button.configure(menu=self.menu)
        self._show()

    def chosen(self):
        return tuple(c for c in self.codes if self.vars[c].get())

    def set(self, codes):
        for code, var in self.vars.items():
            var.set(code in codes)
        self._changed()

    def _changed(self):
        self._show()
        if self.on_change:
            self.on_change()

    def _show(self):
        chosen = self.chosen()
        if not chosen or len(chosen) == len(self.codes):
            text = capitalise(t("ui.all"))
        else:
            text = ", ".join(t(self.key_prefix + c) for c in chosen)
        self.button.configure(text=text if len(text) < 34 else text[:32] + "…")


class AnalysisScreen(Screen):
    def __init__(self, parent, ctx, **_kw):
        super().__init__(parent, ctx)
        from app.services import catalog
        cat = catalog.get_catalog(ctx.session)
        self.press_names = {p.code: p.name for p in cat.presses}
        if "label_printer" in cat.equipment:
            self.press_names["label_printer"] = cat.equipment["label_printer"].name
        self.job = None  # the work in flight (app.ui.jobs.Job); None: none (or cancelled)
        self._jobs = []  # every job still running, cancelled ones too: they hold the collector
        self.customers = []  # [(id, name)]
        self.excluded = set()  # order ids left out of this run
        self.suspects = []
        self.checked = False
        self.min_auto = True  # the smallest cluster follows the number of orders
        self.outcome = None  # what the last run gave (app.services.analysis.analyse)
        self.result = None
        self.rows = {}  # cluster iid -> label
        self._choices()
        self._tabs()

    def title(self):
        return t("ui.analysis.tab")

    # the choices -----------------------------------------------------------------------
    def _choices(self):
        box = ttk.Labelframe(self, text=t("ui.analysis.choices"), padding=(10, 6))
        box.pack(fill="x")
        self.choices_box = box
        row = ttk.Frame(box)
        row.pack(fill="x")
        today = date.today()
        start = date(today.year - 1, today.month, 1)
        self.from_var, self.to_var, self.from_entry, self.to_entry = period_fields(
            row, start.isoformat(), today.isoformat(),
            labels=(tcap("ui.field.date_from"), tcap("ui.field.date_to")), gap=16)
        ttk.Label(row, text=t("ui.analysis.types")).pack(side="left")
        self.types = CheckedMenu(row, PRODUCT_TYPES, "product.")
        self.types.button.pack(side="left", padx=(6, 16))
        ttk.Label(row, text=t("ui.analysis.statuses")).pack(side="left")
        self.statuses = CheckedMenu(row, STATUSES, "status.", chosen=MADE_STATUSES)
        self.statuses.button.pack(side="left", padx=(6, 0))
        Tooltip(self.statuses.button, t("ui.tip.analysis_statuses"))

        row = ttk.Frame(box)
        row.pack(fill="x", pady=(6, 0))
        ttk.Label(row, text=t("ui.analysis.customers")).pack(side="left")
        self.picker = CustomerPicker(row, self.ctx, on_pick=self._picked, allow_new=False,
                                     width=30)
        self.picker.pack(side="left", padx=(6, 6))
        Tooltip(self.picker.combo, t("ui.tip.analysis_customers"))
        self.clear_customers_button = ttk.Button(row, text=t("ui.analysis.clear_customers"),
                                                 command=self.clear_customers,
                                                 bootstyle="secondary-link")
        self.customers_label = data(ttk.Label(row, text="", bootstyle="secondary",
                                              wraplength=700, justify="left"))
        self.customers_label.pack(side="left", padx=(8, 0))
        self._show_customers()

        row = ttk.Frame(box)
        row.pack(fill="x", pady=(6, 0))
        ttk.Label(row, text=t("ui.analysis.k")).pack(side="left")
        self.k_var = tk.StringVar(value=str(DEFAULT_K))
        self.k_spin = ttk.Spinbox(row, from_=K_RANGE[0], to=K_RANGE[1], textvariable=self.k_var,
                                  width=4)
        self.k_spin.pack(side="left", padx=(6, 16))
        self.log_var = tk.BooleanVar(value=True)
        self.log_check = ttk.Checkbutton(row, text=t("ui.analysis.log"), variable=self.log_var,
                                         bootstyle="round-toggle")
        self.log_check.pack(side="left", padx=(0, 16))
        Tooltip(self.log_check, t("ui.tip.analysis_log"))
        ttk.Label(row, text=t("ui.analysis.min_size")).pack(side="left")
        self.min_var = tk.StringVar(value="")
        self.min_entry = ttk.Entry(row, textvariable=self.min_var, width=6)
        self.min_entry.pack(side="left", padx=(6, 4))
        self.min_entry.bind("<KeyRelease>", self._min_typed, add="+")
        Tooltip(self.min_entry, t("ui.tip.analysis_min_size"))
        self.min_note = ttk.Label(row, text=t("ui.analysis.min_auto"), bootstyle="secondary")
        self.min_note.pack(side="left")
        row = ttk.Frame(box)
        row.pack(fill="x", pady=(6, 0))
        self.check_button = ttk.Button(row, text=t("ui.analysis.check"), command=self.check,
                                       bootstyle="primary-outline")
        self.check_button.pack(side="left")
        Tooltip(self.check_button, t("ui.tip.analysis_check"))
        self.run_button = ttk.Button(row, text=t("ui.analysis.run"), command=self.run,
                                     bootstyle="primary", width=12)
        self.run_button.pack(side="left", padx=(6, 0))
        self.cancel_button = ttk.Button(row, text=t("ui.analysis.cancel"), command=self.cancel,
                                        bootstyle="danger-outline", state="disabled")
        self.cancel_button.pack(side="left", padx=(6, 12))
        Tooltip(self.cancel_button, t("ui.tip.analysis_cancel"))
        self.report_button = ttk.Button(row, text=t("ui.analysis.report"), command=self.report,
                                        bootstyle="info")
        self.report_button.pack(side="right")
        Tooltip(self.report_button, t("ui.tip.analysis_report"))
        self.langs = {t("ui.lang." + lang): lang for lang in i18n.LANGUAGES}
        self.lang_var = tk.StringVar(value=t("ui.lang." + i18n.language()))
        self.lang_box = ttk.Combobox(row, textvariable=self.lang_var, values=list(self.langs),
                                     state="readonly", width=10)
        self.lang_box.pack(side="right", padx=(12, 6))
        self.progress = ttk.Progressbar(row, length=220, mode="determinate", maximum=100,
                                        bootstyle="success-striped")
        self.progress.pack(side="left")
        # the status and the error take what the row leaves and wrap there (17.7): a long
        # Kazakh status ("cancelled: …") is read whole on a 1366 px screen
        status = ttk.Frame(row)
        status.pack(side="left", fill="x", expand=True, padx=(10, 0))
        self.message = wrap_to_width(ttk.Label(status, text=t("ui.analysis.start_hint"),
                                               bootstyle="secondary", justify="left"))
        self.message.pack(fill="x")
        self.error = wrap_to_width(ttk.Label(status, text="", bootstyle="danger",
                                             justify="left"))
        self.error.pack(fill="x")
        self.form_widgets = (self.from_entry, self.to_entry, self.from_entry.calendar_button,
                             self.to_entry.calendar_button, self.types.button,
                             self.statuses.button, self.picker.combo, self.clear_customers_button,
                             self.k_spin, self.log_check, self.min_entry, self.check_button,
                             self.run_button, self.report_button, self.lang_box)

    def _picked(self, customer):
        if customer is None:
            return
        if all(cid != customer.id for cid, _ in self.customers):
            self.customers.append((customer.id, customer.name))
        self.picker.var.set("")
        self.picker.customer = None
        self._show_customers()

    def clear_customers(self):
        self.customers = []
        self._show_customers()

    def _show_customers(self):
        if self.customers:
            self.customers_label.configure(text="; ".join(name for _, name in self.customers))
            self.clear_customers_button.pack(side="left", after=self.customers_label, padx=(6, 0))
        else:
            self.customers_label.configure(text=t("ui.analysis.all_customers"))
            self.clear_customers_button.pack_forget()

    def _min_typed(self, _event=None):
        self.min_auto = not self.min_var.get().strip()
        self.min_note.configure(text=t("ui.analysis.min_auto") if self.min_auto else
                                t("ui.analysis.min_plain"))

    def _set_min_auto(self, value):
        if self.min_auto:
            self.min_var.set(str(value))

    def selection(self):
        """The Selection of the form; a ValidationError names the field that is wrong."""
        from app.domain.queries import Selection
        start = _day(self.from_var.get(), "date_from")
        end = _day(self.to_var.get(), "date_to")
        if start and end and start > end:
            raise ValidationError("error.document.period", "date_to")
        return Selection(date_from=start.isoformat() if start else None,
                         date_to=end.isoformat() if end else None,
                         product_types=self.types.chosen() if len(self.types.chosen()) < len(
                             PRODUCT_TYPES) else (),
                         customer_ids=tuple(cid for cid, _ in self.customers),
                         statuses=self.statuses.chosen(),
                         exclude_ids=tuple(sorted(self.excluded)))

    def parameters(self):
        """(selection, k, log scale, smallest cluster or None for the default)."""
        sel = self.selection()
        k = _whole(self.k_var.get(), "k", *K_RANGE)
        min_size = None if self.min_auto else _whole(self.min_var.get(), "min_size", 1, 10 ** 6)
        return sel, k, bool(self.log_var.get()), min_size

    # the tabs --------------------------------------------------------------------------
    def _tabs(self):
        self.tabs = ttk.Notebook(self)
        self.tabs.pack(fill="both", expand=True, pady=(8, 0))
        # data check
        page = ttk.Frame(self.tabs, padding=8)
        self.tabs.add(page, text=t("ui.analysis.tab_check"))
        self.check_page = page
        self.check_note = ttk.Label(page, text=t("ui.analysis.check_hint"), wraplength=1100,
                                    justify="left", bootstyle="secondary")
        self.check_note.pack(anchor="w")
        bar = ttk.Frame(page)
        bar.pack(fill="x", pady=(6, 0))
        self.leave_button = ttk.Button(bar, text=t("ui.analysis.leave_out"),
                                       command=self.toggle_selected, bootstyle="warning-outline")
        self.leave_button.pack(side="left")
        self.open_suspect_button = ttk.Button(bar, text=t("ui.analysis.open_order"),
                                              command=self.open_suspect,
                                              bootstyle="primary-outline")
        self.open_suspect_button.pack(side="left", padx=(6, 0))
        self.check_count = data(ttk.Label(bar, text="", bootstyle="secondary"))
        self.check_count.pack(side="left", padx=(12, 0))
        self.check_table = ScrolledTree(page, CHECK_COLUMNS, height=10)
        self.check_table.pack(fill="both", expand=True, pady=(6, 0))
        tree = self.check_table.tree
        tree.column("out", stretch=False)
        tree.tag_configure("out", foreground="#999999")
        tree.bind("<Double-1>", self._check_double)
        tree.bind("<space>", lambda e: self.toggle_selected())
        tree.bind("<Return>", lambda e: self.open_suspect())
        # clusters: the table above, the dendrogram and the scatter below
        page = ttk.Frame(self.tabs, padding=8)
        self.tabs.add(page, text=t("ui.analysis.tab_clusters"))
        self.clusters_page = page
        head = ttk.Frame(page)
        head.pack(fill="x")
        self.summary = data(ttk.Label(head, text="", font="TkHeadingFont"))
        self.summary.pack(side="left")
        ttk.Label(head, text=t("ui.analysis.cluster_hint"), bootstyle="secondary").pack(
            side="right")
        # the table above, the plots below; the sash between them can be dragged
        panes = ttk.Panedwindow(page, orient="vertical")
        panes.pack(fill="both", expand=True, pady=(4, 0))
        self.cluster_table = ScrolledTree(panes, CLUSTER_COLUMNS, height=5)
        panes.add(self.cluster_table, weight=0)
        tree = self.cluster_table.tree
        tree.bind("<Double-1>", lambda e: self.open_cluster())
        tree.bind("<Return>", lambda e: self.open_cluster())
        tree.tag_configure("outliers", foreground="#7f7f7f")
        tree.tag_configure("loss", background="#f8d7da")
        tree.tag_configure("best", background="#d1e7dd")
        from app.ui.widgets.plot import PlotPanel
        self.plots = ttk.Notebook(panes)
        panes.add(self.plots, weight=1)
        self.dendrogram = PlotPanel(self.plots, "dendrogram")
        self.plots.add(self.dendrogram, text=t("ui.analysis.tab_dendrogram"))
        self.scatter = PlotPanel(self.plots, "scatter")
        self.plots.add(self.scatter, text=t("ui.analysis.tab_scatter"))
        # profitability
        page = ttk.Frame(self.tabs, padding=8)
        self.tabs.add(page, text=t("ui.analysis.tab_profit"))
        self.profit_page = page
        bar = ttk.Frame(page)
        bar.pack(fill="x")
        ttk.Label(bar, text=t("ui.analysis.by")).pack(side="left")
        from app.services.analysis import GROUPINGS
        self.by_names = {capitalise(t("ui.analysis.by." + by)): by for by in GROUPINGS}
        self.by_var = tk.StringVar(value=list(self.by_names)[0])
        self.by_box = ttk.Combobox(bar, textvariable=self.by_var, values=list(self.by_names),
                                   state="readonly", width=22)
        self.by_box.pack(side="left", padx=(6, 0))
        self.by_box.bind("<<ComboboxSelected>>", lambda e: self.show_profit())
        self.profit_table = ScrolledTree(page, PROFIT_COLUMNS, height=7)
        self.profit_table.pack(fill="x", pady=(6, 6))
        self.profit_table.tree.tag_configure("loss", foreground="#c0392b")
        self.profit_plot = PlotPanel(page, "profitability")
        self.profit_plot.pack(fill="both", expand=True)
        # estimate versus actual
        page = ttk.Frame(self.tabs, padding=8)
        self.tabs.add(page, text=t("ui.analysis.tab_variance"))
        self.variance_page = page
        self.variance_note = data(ttk.Label(page, text="", bootstyle="secondary"))
        self.variance_note.pack(anchor="w")
        self.variance_table = ScrolledTree(page, VARIANCE_COLUMNS, height=14)
        self.variance_table.pack(fill="both", expand=True, pady=(6, 0))
        self.variance_table.tree.tag_configure("over", foreground="#c0392b")
        # press load
        page = ttk.Frame(self.tabs, padding=8)
        self.tabs.add(page, text=t("ui.analysis.tab_press"))
        self.press_page = page
        self.press_lines = ttk.Frame(page)
        self.press_lines.pack(fill="x")
        self.press_plot = PlotPanel(page, "press_load")
        self.press_plot.pack(fill="both", expand=True, pady=(6, 0))

    # background work -------------------------------------------------------------------
    def _start(self, kind, work, done):
        """work(session, progress) in a thread with its own connection; done(result) here."""
        from app.services.session import worker_session
        from app.ui.jobs import Job
        user = self.ctx.session.user
        path = self.ctx.db_path

        def target(progress):
            with worker_session(path, user) as session:
                return work(session, progress)

        def ended():
            self.job = None
            self._busy(False)

        def unexpected(log):
            message(self.ctx.root, t("error.unexpected", log=log), "ui.dialog.error", "error")

        job = Job(self.later, target, done, lambda exc: self.error.configure(text=field_error(exc)),
                  unexpected, progress=lambda f: self.progress.configure(value=float(f) * 100),
                  ended=ended, where="analysis: " + kind, hold_collector=True)
        self.job = job
        self._jobs = [j for j in self._jobs if not j.finished] + [job]
        self._busy(True, "ui.analysis.running" if kind == "run" else "ui.analysis.checking")
        return job.start()

    def busy(self) -> bool:
        return self.job is not None

    def _busy(self, on, label_key=None):
        for w in self.form_widgets:
            idle = "readonly" if w is self.lang_box else "normal"
            try:
                w.configure(state="disabled" if on else idle)
            except tk.TclError:
                pass
        self.cancel_button.configure(state="normal" if on else "disabled")
        if on:
            self.error.configure(text="")
            self.progress.configure(value=0)
            self.message.configure(text=t(label_key))
        else:
            self.progress.configure(value=0)
            self.message.configure(text="")

    def cancel(self):
        """The clustering cannot be interrupted: its result is dropped when it comes."""
        if self.job is None:
            return
        self.job.cancel()
        self.job = None
        self._busy(False)
        self.message.configure(text=t("ui.analysis.cancelled"))

    # data check ------------------------------------------------------------------------
    def check(self):
        self.error.configure(text="")
        try:
            sel = self.selection()
        except ValidationError as exc:
            self.error.configure(text=field_error(exc))
            return None

        def work(session, progress):
            from app.services import analysis
            return analysis.check(session, sel, progress)
        return self._start("check", work, self._checked)

    def _checked(self, outcome):
        from app.services import analysis
        suspects, n = outcome
        self.suspects = suspects
        self.checked = True
        self._set_min_auto(analysis.default_min_size(n) if n else "")
        self.show_suspects()
        self.tabs.select(self.check_page)
        self.message.configure(text=t("ui.analysis.checked", n=n, suspects=len(suspects)))

    def show_suspects(self):
        tree = self.check_table.tree
        self.check_table.clear()
        for i, s in enumerate(self.suspects):
            out = s.order_id in self.excluded
            tree.insert("", "end", iid="{}:{}".format(s.order_id, i), tags=("out",) if out else (),
                        values=("✓" if out else "", s.number, capitalise(t(s.reason)), s.detail))
        ids = {s.order_id for s in self.suspects}
        if not self.suspects:
            self.check_count.configure(text=t("ui.analysis.check_none"))
        else:
            self.check_count.configure(text=t("ui.analysis.check_found", n=len(ids),
                                              out=len(ids & self.excluded)))

    def _suspect_id(self, iid=None):
        iid = iid or self.check_table.selected()
        return int(iid.split(":")[0]) if iid else None

    def leave_out(self, order_id, out=True):
        if out:
            self.excluded.add(int(order_id))
        else:
            self.excluded.discard(int(order_id))
        self.show_suspects()

    def toggle_selected(self):
        order_id = self._suspect_id()
        if order_id is None:
            return
        selected = self.check_table.selected()
        self.leave_out(order_id, order_id not in self.excluded)
        if self.check_table.tree.exists(selected):
            self.check_table.tree.selection_set(selected)

    def _check_double(self, event):
        tree = self.check_table.tree
        iid = tree.identify_row(event.y)
        if not iid:
            return
        tree.selection_set(iid)
        if tree.identify_column(event.x) == "#1":
            self.toggle_selected()
        else:
            self.open_suspect()

    def open_suspect(self):
        order_id = self._suspect_id()
        if order_id is not None:
            self.ctx.open("order", order_id=order_id)

    # run -------------------------------------------------------------------------------
    def run(self):
        self.error.configure(text="")
        try:
            sel, k, log_scale, min_size = self.parameters()
        except ValidationError as exc:
            self.error.configure(text=field_error(exc))
            return None

        def work(session, progress):
            from app.services import analysis
            return analysis.analyse(session, sel, k, log_scale, min_size, progress)
        return self._start("run", work, self._ran)

    def _ran(self, outcome):
        self.outcome = outcome
        result = self.result = outcome["result"]
        if self.min_auto:
            self.min_var.set(str(result.min_size))
        outliers = result.outliers.count if result.outliers else 0
        self.summary.configure(text=t("ui.analysis.summary", n=len(result.order_ids), k=result.k,
                                      outliers=outliers))
        self.message.configure(text=t("ui.analysis.done"))
        self.show_clusters()
        self.dendrogram.show(outcome["dendrogram"])
        self.scatter.show(outcome["scatter"])
        self.show_profit()
        self.show_variance()
        self.show_press()
        self.tabs.select(self.clusters_page)

    def show_clusters(self):
        result = self.result
        tree = self.cluster_table.tree
        self.cluster_table.clear()
        self.rows = {}
        from app.analysis.plots import cluster_colour
        profiles = list(result.clusters) + ([result.outliers] if result.outliers else [])
        for c in profiles:
            iid = "c{}".format(c.label)
            tags = []
            if c.label == 0:
                tags.append("outliers")
            else:
                colour = "cl{}".format(c.label)
                tree.tag_configure(colour, foreground=cluster_colour(c.label))
                tags.append(colour)
                if c.loss_making:
                    tags.append("loss")
                elif c.most_profitable:
                    tags.append("best")
            self.rows[iid] = c.label
            tree.insert("", "end", iid=iid, tags=tuple(tags), values=(
                cluster_name(c.label), format_number(c.count, 0), pct(c.median_profit_pct),
                pct(c.mean_profit_pct), money(c.revenue), money(c.cost), money(c.profit),
                profile_type(c), c.typical_customer, profile_mark(c) if c.label else ""))

    def cluster_orders(self, label):
        """[(order id, number, customer, type, price, cost, profit %)], lowest profit % first."""
        result, info = self.result, self.outcome["info"]
        index = {int(order_id): i for i, order_id in enumerate(result.order_ids)}
        out = []
        for order_id in result.orders_of(label):
            i = index[order_id]
            pct_, cost, price = (float(x) for x in result.features[i])
            customer, ptype = info.get(order_id, ("", ""))
            out.append((order_id, result.numbers[i], customer, ptype, price, cost, pct_))
        out.sort(key=lambda r: r[6])
        return out

    def open_cluster(self, label=None):
        if self.result is None:
            return None
        if label is None:
            iid = self.cluster_table.selected()
            if iid is None:
                return None
            label = self.rows[iid]
        return ClusterOrders(self, self.ctx, cluster_name(label), self.cluster_orders(label))

    # the other tabs --------------------------------------------------------------------
    def group_label(self, by, row):
        if by == "product_type":
            return capitalise(t("product." + str(row["key"])))
        return row["label"] or "—"

    def show_profit(self):
        if self.outcome is None:
            return
        from app.analysis import plots
        by = self.by_names.get(self.by_var.get(), next(iter(self.by_names.values())))
        rows = self.outcome["profit"][by]
        self.profit_table.clear()
        for i, r in enumerate(rows):
            self.profit_table.tree.insert("", "end", iid=str(i),
                                          tags=("loss",) if r["profit"] < 0 else (), values=(
                self.group_label(by, r), format_number(r["orders"], 0), money(r["revenue"]),
                money(r["cost"]), money(r["profit"]), pct(r["profit_pct"]),
                money(r["variance"])))
        shown = [dict(r, label=self.group_label(by, r)) for r in rows]
        if by == "customer":
            shown = shown[:15]  # the largest by revenue: the service sorts them so
        title = t("ui.analysis.profit_title", by=t("ui.analysis.by." + by))
        self.profit_plot.show(plots.profit_bars_figure(shown, title))

    def show_variance(self):
        n, rows = self.outcome["variance"]
        self.variance_note.configure(text=t("ui.analysis.variance_n", n=n))
        self.variance_table.clear()
        for r in rows:
            self.variance_table.tree.insert("", "end", iid=r["code"],
                                            tags=("over",) if r["variance"] > 0 else (), values=(
                capitalise(t("line." + r["code"])), money(r["estimate"]), money(r["actual"]),
                ("+" if r["variance"] > 0 else "") + money(r["variance"]),
                pct(r["variance_pct"])))

    def show_press(self):
        for child in self.press_lines.winfo_children():
            child.destroy()
        loads = self.outcome["loads"]
        self.press_texts = []
        if not loads:
            ttk.Label(self.press_lines, text=t("ui.analysis.press_none"),
                      bootstyle="secondary").pack(anchor="w")
        for load in loads:
            name = self.press_names.get(load["press"], load["press"])
            if load["full_at"]:
                text = t("ui.analysis.press_full", press=name, month=load["full_at"],
                         peak=format_number(load["peak_use_pct"], 1))
                style = "danger"
            else:
                text = t("ui.analysis.press_not_full", press=name,
                         peak=format_number(load["peak_use_pct"], 1))
                style = "success"
            self.press_texts.append(text)
            ttk.Label(self.press_lines, text=text, bootstyle=style).pack(anchor="w")
        figure = self.outcome["load_figure"]
        if figure is not None:
            ax = figure.axes[0]
            for line in ax.get_lines():  # the plot names the presses by their codes
                if line.get_label() in self.press_names:
                    line.set_label(self.press_names[line.get_label()])
            ax.legend(fontsize=8, loc="upper left")
            self.press_plot.show(self.outcome["load_figure"])
        else:
            self.press_plot.clear()

    # the report ------------------------------------------------------------------------
    def report(self):
        from app.services import report_documents
        from app.ui.dialogs.documents import make
        self.error.configure(text="")
        try:
            sel, k, log_scale, min_size = self.parameters()
        except ValidationError as exc:
            self.error.configure(text=field_error(exc))
            return None
        lang = self.langs.get(self.lang_var.get(), i18n.language())
        return make(self.ctx, lambda s: report_documents.analysis_report(
            s, sel, k, min_size, lang=lang, log_scale=log_scale))

    # the screen's life -----------------------------------------------------------------
    def on_changed(self, what):
        if what == "orders" and self.checked and self.winfo_exists():
            self.check_count.configure(text=t("ui.analysis.changed"))

    def destroy(self):
        for job in self._jobs:  # the polls die with the screen: let the collector go
            job.abandon()
        super().destroy()

    def can_close(self, proceed):
        if self.job is not None:  # a run in flight is dropped with the screen
            self.job.cancel()
            self.job = None
        proceed()


class ClusterOrders(Dialog):
    """The orders of one cluster; a double-click opens the order (the list stays open)."""

    def __init__(self, parent, ctx, name, rows):
        super().__init__(parent, t("ui.analysis.orders_of", name=name, n=len(rows)), modal=False)
        self.ctx = ctx
        self.rows = rows
        ttk.Label(self.body, text=t("ui.analysis.orders_hint"), bootstyle="secondary").pack(
            anchor="w")
        self.count = data(ttk.Label(self.body, text=t("ui.analysis.orders_count", n=len(rows))))
        self.count.pack(anchor="w", pady=(4, 0))
        self.table = ScrolledTree(self.body, ORDER_COLUMNS, height=16)
        self.table.pack(fill="both", expand=True, pady=(6, 0))
        tree = self.table.tree
        tree.tag_configure("loss", foreground="#c0392b")
        for order_id, number_, customer, ptype, price, cost, pct_ in rows:
            tree.insert("", "end", iid=str(order_id), tags=("loss",) if pct_ < 0 else (), values=(
                number_, customer, capitalise(t("product." + ptype)) if ptype else "",
                money(round(price, 2)), money(round(cost, 2)), pct(round(pct_, 2))))
        tree.bind("<Double-1>", lambda e: self.open_selected())
        tree.bind("<Return>", lambda e: self.open_selected())
        self.add_button("ui.button.ok", self.close, bootstyle="primary-outline")
        self.add_button("ui.analysis.open_order", self.open_selected, default=True)
        self.present()

    def open_selected(self):
        iid = self.table.selected()
        if iid is None:
            return None
        return self.ctx.open("order", order_id=int(iid))


SCREEN = AnalysisScreen
