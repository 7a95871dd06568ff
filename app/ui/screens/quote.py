"""The quote form: a job of one of the four product types, priced while the manager types.

Beside the fields: the whole breakdown, a drawing of the imposition, the same job at up to
three quantities, and the press comparison when the press is chosen automatically. The price
shown is never that of an invalid spec: a bad field clears the figures and says why.
"""
import itertools
import tkinter as tk
from decimal import Decimal

import ttkbootstrap as ttk

from app.domain.catalog import PRODUCT_TYPES
from app.domain.errors import DomainError, ValidationError
from app.i18n import error_text, format_number, t
from app.ui.dialogs.hold import is_hold
from app.ui.screens.base import Screen
from app.ui.widgets.breakdown import DASH, Breakdown
from app.ui.widgets.customer_picker import CustomerPicker
from app.ui.widgets.dialog import confirm_discard
from app.ui.widgets.form import Form, enter_moves_on, range_rule
from app.ui.widgets.formatting import data, money, number, pct, tcap
from app.ui.widgets.hints import Tooltip
from app.ui.widgets.imposition import ImpositionCanvas
from app.ui.widgets.lists import ScrolledTree

SHEET_TYPES = ("printing", "blank", "journal")
COLOURS = tuple("{}+{}".format(f, b) for f in range(1, 5) for b in range(0, 5) if b <= f)
FORMATS = (("A3", 297, 420), ("A4", 210, 297), ("A5", 148, 210), ("A6", 105, 148),
           ("DL 99 × 210", 99, 210), ("90 × 50", 90, 50), ("85 × 55", 85, 55))
COVERS = ("none", "soft", "hard")

# which job fields each product type shows (the rest are hidden, not sent)
TYPE_FIELDS = {
    "printing": ("name", "quantity", "format", "width_mm", "height_mm", "colours", "paper", "press",
                 "bleed_mm", "lamination_sides", "numbering"),
    "blank": ("name", "quantity", "format", "width_mm", "height_mm", "colours", "paper", "press",
              "bleed_mm", "lamination_sides", "numbering", "pad_sheets"),
    "journal": ("name", "quantity", "sheets_per_journal", "format", "width_mm", "height_mm",
                "colours", "paper", "press", "cover", "lacing_sealing", "page_numbering"),
    "label": ("name", "quantity", "label_length_mm", "ribbon", "label_colours"),
}
DEFAULTS = {
    "printing": {"quantity": "1000", "width_mm": "90", "height_mm": "50", "colours": "4+4",
                 "paper": "coated-300-sra3", "bleed_mm": "2", "format": "90 × 50"},
    "blank": {"quantity": "1000", "width_mm": "210", "height_mm": "297", "colours": "1+0",
              "paper": "office-80-a4", "bleed_mm": "0", "format": "A4", "pad_sheets": "100"},
    "journal": {"quantity": "20", "sheets_per_journal": "100", "width_mm": "210",
                "height_mm": "297", "colours": "1+1", "paper": "office-80-a4", "format": "A4",
                "cover": "hard", "lacing_sealing": True, "page_numbering": True},
    "label": {"quantity": "1000", "label_length_mm": "60", "ribbon": "satin-30",
              "label_colours": "1"},
}
_counter = itertools.count(1)


def screen_key(order_id=None, **_kw):
    return "edit-{}".format(order_id) if order_id else "quote-{}".format(next(_counter))


# px a narrowed quote screen must gain before it widens its form columns again
_NARROW_SLACK = 60


class QuoteScreen(Screen):
    def __init__(self, parent, ctx, order_id=None, product_type="printing", customer_id=None,
                 **_kw):
        super().__init__(parent, ctx)
        from app.services import catalog as catalog_service
        from app.services import orders
        self.order = orders.get(ctx.session, order_id) if order_id else None
        self.catalog = catalog_service.get_catalog(ctx.session)
        cat = self.catalog
        self.papers = [p for p in cat.papers.values() if p.active]
        self.presses = [p for p in cat.presses if p.active]
        self.ribbons = cat.materials_of("ribbon")
        self.paper_by_name = {p.name: p.code for p in self.papers}
        self.press_by_name = {p.name: p.code for p in self.presses}
        self.ribbon_by_name = {m.name: m.code for m in self.ribbons}
        self.names = {p.code: p.name for p in self.presses}
        self.names["label_printer"] = cat.equipment["label_printer"].name \
            if "label_printer" in cat.equipment else "label_printer"
        self.cover_by_text = {t("ui.cover." + c): c for c in COVERS}
        self.lam_by_text = {t("ui.lamination.{}".format(n)): n for n in range(3)}
        self._loading = True
        self._pending = None
        self.dirty = False
        self.estimate = None
        self.spec = None
        # three columns that size independently: fields | terms, ladder, presses | figures
        self.columnconfigure(2, weight=1)
        self.rowconfigure(1, weight=1)
        self._narrow = False
        self._fit_pending = False
        self.ladder_cells = {}  # filled by _ladder(); read by _fit_columns
        self.bind("<Configure>", self._fit_columns, add="+")
        self.col_a = ttk.Frame(self)
        self.col_a.grid(row=1, column=0, sticky="nsew", padx=(0, 8))
        self.col_b = ttk.Frame(self)
        self.col_b.grid(row=1, column=1, sticky="nsew", padx=(0, 8))
        self.col_c = ttk.Frame(self)
        self.col_c.grid(row=1, column=2, sticky="nsew")
        self._type_bar()
        self._job_form()
        self._terms_form()
        self.breakdown = Breakdown(self.col_c, self.names)
        self.breakdown.pack(fill="x")
        # the figures' column keeps one width whatever the type and the figures (in a narrow
        # window the two form columns share what is left, so it must not vary either)
        self.columnconfigure(2, minsize=self.breakdown.steady_width())
        self._bottom()
        if self.order is not None:
            self._load_order(self.order)
        else:
            self.set_type(product_type)
            if customer_id is not None:
                from app.services import customers
                customer = customers.get(ctx.session, customer_id)
                self.picker.set(customer)
                self.terms.fields["discount_pct"].set(
                    format_number(customer.discount_pct, 2) if customer.discount_pct else "0")
        self._loading = False
        self.refresh_now()

    # layout ---------------------------------------------------------------------------------
    def _fit_columns(self, event=None):
        """Spare width goes to the figures; a window too narrow for all three columns (Kazakh
        labels at 1280 px) narrows the two form columns instead, so the figures stay whole."""
        self._fit_pending = False
        self._afters.discard(getattr(self, "_fit_aid", None))
        self.update_idletasks()  # the sizes the new texts ask for
        need, have = self.winfo_reqwidth(), self.winfo_width()
        if have <= 1:  # not shown yet
            return
        # the narrow layout asks for less (smaller ladder figures): leave it only with room to
        # spare, or the two layouts would take turns at every refresh
        narrow = need + (_NARROW_SLACK if self._narrow else 0) > have
        if narrow != self._narrow:
            self._narrow = narrow
            # the job's column alone takes the shortfall (or the few px to spare): its width is
            # then the window's less the other two, whatever its own fields ask for, and the
            # ladder's column keeps a floor a pixel's change in what it asks cannot move. Two
            # weighted columns would split the difference and trade a pixel at every refresh.
            self.columnconfigure(0, weight=1 if narrow else 0)
            self.columnconfigure(2, weight=0 if narrow else 1)
            # six-figure prices of three quantities still fit in the narrowed ladder
            font = "TkSmallCaptionFont" if narrow else "TkDefaultFont"
            for lbl in self.ladder_cells.values():
                lbl.configure(font=font)
            self._ladder_room(font)
            self.columnconfigure(1, minsize=0)
            if narrow:
                self.update_idletasks()
                self.columnconfigure(1, minsize=self.col_b.winfo_reqwidth() + 4)

    def title(self):
        if self.order is not None:
            return t("ui.quote.edit_tab", number=self.order.number)
        return t("ui.quote.tab")

    def _type_bar(self):
        bar = ttk.Frame(self)
        bar.grid(row=0, column=0, columnspan=3, sticky="ew", pady=(0, 8))
        self.ptype = tk.StringVar(value="printing")
        self.type_buttons = {}
        for ptype in PRODUCT_TYPES:
            b = ttk.Radiobutton(bar, text=t("product." + ptype), value=ptype, variable=self.ptype,
                                bootstyle="primary-toolbutton-outline",
                                command=lambda p=ptype: self.set_type(p))
            b.pack(side="left", padx=(0, 4))
            self.type_buttons[ptype] = b
            if self.order is not None:
                b.configure(state="disabled")

    def _job_form(self):
        box = ttk.Labelframe(self.col_a, text=t("ui.quote.job"), padding=10)
        box.pack(fill="x")
        f = Form(box, label_width=19, messages="summary")
        self.job = f
        from app.domain import job as limits
        f.entry("name", "ui.field.job_name", width=19)
        f.entry("quantity", "field.quantity", width=19, rule=range_rule(1, limits.MAX_QUANTITY))
        f.entry("sheets_per_journal", "field.sheets_per_journal", width=19,
                rule=range_rule(1, 1000))
        f.combo("format", "ui.field.format", [x[0] for x in FORMATS] + [DASH], width=20,
                is_data=True)
        f.entry("width_mm", "field.width_mm", width=19, rule=range_rule(1, limits.MAX_SIZE_MM))
        f.entry("height_mm", "field.height_mm", width=19, rule=range_rule(1, limits.MAX_SIZE_MM))
        f.combo("colours", "field.colours", COLOURS, width=20, is_data=True)
        # the catalog's boxes are as wide as their longest name (fit): whole in the box
        f.combo("paper", "field.paper", [p.name for p in self.papers], width=20, is_data=True,
                fit=True)
        f.combo("press", "field.press", [t("ui.quote.press_auto")] + [p.name for p in self.presses],
                width=20, fit=True)
        data(f.fields["press"].widget)
        f.fields["press"].set(t("ui.quote.press_auto"))
        f.entry("bleed_mm", "field.bleed_mm", width=19, rule=range_rule(0, limits.MAX_BLEED_MM))
        f.combo("lamination_sides", "field.lamination_sides", list(self.lam_by_text), width=20)
        f.fields["lamination_sides"].set(t("ui.lamination.0"))
        f.check("numbering", "field.numbering")
        f.entry("pad_sheets", "field.pad_sheets", width=19, rule=range_rule(0, 10000))
        f.combo("cover", "field.cover", list(self.cover_by_text), width=20)
        f.check("lacing_sealing", "field.lacing_sealing")
        f.check("page_numbering", "field.page_numbering")
        f.entry("label_length_mm", "field.label_length_mm", width=19, rule=range_rule(5, 1000))
        f.combo("ribbon", "field.ribbon", [m.name for m in self.ribbons], width=20, is_data=True,
                fit=True)
        f.combo("label_colours", "field.label_colours", ["1", "2", "3", "4"], width=20, is_data=True)
        f.fields["format"].widget.bind("<<ComboboxSelected>>", self._format_picked)
        # a named format fills the width and height: Enter goes past them (Tab still stops)
        for name in ("width_mm", "height_mm"):
            f.fields[name].widget.enter_passes = lambda: f.fields["format"].get() != DASH
        for field in f.fields.values():
            self._watch(field.var)

    def _terms_form(self):
        col = self.col_b
        box = ttk.Labelframe(col, text=t("ui.quote.terms"), padding=10)
        box.pack(fill="x")
        f = Form(box, label_width=19, messages="summary")
        self.terms = f
        self.picker = CustomerPicker(box, self.ctx, on_pick=self._customer_picked, width=14)
        f._place("customer", t("field.customer"), self.picker, self.picker.var)
        from app.domain import job as limits
        f.entry("designer_minutes", "field.designer_minutes", "0", width=19,
                rule=range_rule(0, limits.MAX_MINUTES))
        f.check("rush", "field.rush")
        f.entry("discount_pct", "field.discount_pct", "0", width=19, rule=range_rule(0, Decimal("99.99")))
        f.entry("markup_pct", "field.markup_pct", "", width=19, rule=range_rule(0, 1000))
        self.markup_hint = data(ttk.Label(box, text="", bootstyle="info",
                                          font="TkSmallCaptionFont"))
        self.markup_hint.grid(row=f.row, column=1, sticky="w")
        f.row += 1
        f.date("due_date", "field.due_date", "", width=16)
        f.entry("notes", "field.notes", "", width=19)
        for name in ("designer_minutes", "rush", "discount_pct", "markup_pct"):
            self._watch(f.fields[name].var)
        for name in ("due_date", "notes"):
            f.fields[name].var.trace_add("write", lambda *a: self._touched())
        buttons = ttk.Frame(col, padding=(0, 10, 0, 0))
        buttons.pack(fill="x")
        if self.order is None:
            # made in reading order (Tab goes left to right), packed from the right
            self.save_quote_button = ttk.Button(buttons, text=t("ui.quote.save_quote"),
                                                command=lambda: self.save("quoted"),
                                                bootstyle="primary")
            self.save_order_button = ttk.Button(buttons, text=t("ui.quote.save_order"),
                                                command=lambda: self.save("approved"),
                                                bootstyle="success")
            self.save_order_button.pack(side="right")
            self.save_quote_button.pack(side="right", padx=(0, 6))
            Tooltip(self.save_quote_button, t("ui.tip.save_quote"))
            Tooltip(self.save_order_button, t("ui.tip.save_order"))
        else:
            self.save_changes_button = ttk.Button(buttons, text=t("ui.button.save"),
                                                  command=self.on_save, bootstyle="success")
            self.save_changes_button.pack(side="right")
            Tooltip(self.save_changes_button, t("ui.tip.save"))
        # a refused save is said in the terms' room for messages: the ladder does not move
        self.save_message = self.terms.summary
        self._ladder(col)

    def _ladder(self, col):
        box = ttk.Labelframe(col, text=t("ui.quote.ladder"), padding=8)
        box.pack(fill="x", pady=(8, 0))
        self.ladder_vars = []
        self.ladder_auto = [True, True, True]  # follow the quantity until the manager types
        self.ladder_cells = {}
        ttk.Label(box, text=tcap("field.quantity")).grid(row=0, column=0, sticky="w")
        for i in range(3):
            var = tk.StringVar()
            e = ttk.Entry(box, textvariable=var, width=9, justify="right")
            e.grid(row=0, column=i + 1, padx=2, pady=(0, 4), sticky="ew")
            enter_moves_on(e)
            e.bind("<Key>", lambda ev, n=i: self._ladder_typed(ev, n), add="+")
            var.trace_add("write", lambda *a: self._schedule_ladder())
            self.ladder_vars.append(var)
        for i in range(3):
            box.columnconfigure(i + 1, weight=1)  # the three quantities share a narrow column
        self.ladder_box = box
        self._ladder_room("TkDefaultFont")
        for r, key in enumerate(("price_net", "price_gross", "unit_price_gross", "profit_pct")):
            ttk.Label(box, text=t("ui.bd." + key)).grid(row=r + 1, column=0, sticky="w", padx=(0, 8))
            for i in range(3):
                # room for a price of eight figures, so the column keeps its width
                lbl = data(ttk.Label(box, text=DASH, anchor="e", width=-10))
                lbl.grid(row=r + 1, column=i + 1, sticky="e", padx=2)
                self.ladder_cells[(key, i)] = lbl

    def _ladder_room(self, font):
        """Each quantity's column holds a price of eight figures in the cells' font, whatever
        it shows now: the middle column keeps its width (17.3) when it is not narrowed."""
        import tkinter.font as tkfont
        width = tkfont.nametofont(font).measure(money(Decimal("99999999.99"))) + 4
        for i in range(3):
            self.ladder_box.columnconfigure(i + 1, minsize=width)

    def _bottom(self):
        box = ttk.Labelframe(self.col_a, text=t("ui.quote.imposition"), padding=6)
        box.pack(fill="both", expand=True, pady=(8, 0))
        self.canvas = ImpositionCanvas(box, width=300, height=160)
        self.canvas.pack(fill="both", expand=True)
        cmp_box = ttk.Labelframe(self.col_b, text=t("ui.quote.presses"), padding=6)
        cmp_box.pack(fill="both", expand=True, pady=(8, 0))
        self.compare = ScrolledTree(cmp_box, (
            ("press", "field.press", 150, "w"), ("n_up", "ui.cmp.n_up", 80, "e"),
            ("sheets", "ui.cmp.sheets", 70, "e"), ("price", "ui.cmp.price", 115, "e")),
            height=3, fit=False)
        self.compare.pack(fill="both", expand=True)
        self.compare_hint = data(ttk.Label(cmp_box, text="", bootstyle="info",
                                           wraplength=300))
        self.compare_hint.pack(fill="x")

    # behaviour ------------------------------------------------------------------------------
    def _watch(self, var):
        var.trace_add("write", lambda *a: self._changed())

    def _touched(self):
        if not self._loading:
            self.dirty = True

    def _changed(self):
        if self._loading:
            return
        self.dirty = True
        if self._pending is None:
            self._pending = self.later(0, self.refresh_now)

    def _schedule_ladder(self):
        if not self._loading and self._pending is None:
            self._pending = self.later(0, self.refresh_now)

    def set_type(self, ptype):
        self.ptype.set(ptype)
        was_loading = self._loading
        self._loading = True
        shown = TYPE_FIELDS[ptype]
        for name, field in self.job.fields.items():
            field.show(name in shown)
        if self.order is None:
            self._apply_defaults(ptype)
        self._loading = was_loading
        self._update_markup_hint()
        if not was_loading:
            self.refresh_now()

    def _apply_defaults(self, ptype):
        d = DEFAULTS[ptype]
        names = {p.code: p.name for p in self.papers}
        ribbons = {m.code: m.name for m in self.ribbons}
        f = self.job.fields
        for key, value in d.items():
            if key == "paper":
                value = names.get(value, self.papers[0].name if self.papers else "")
            elif key == "ribbon":
                value = ribbons.get(value, self.ribbons[0].name if self.ribbons else "")
            elif key == "cover":
                value = t("ui.cover." + value)
            f[key].set(value)
        f["name"].set(t("ui.quote.default_name." + ptype))
        f["press"].set(t("ui.quote.press_auto"))
        f["lamination_sides"].set(t("ui.lamination.0"))
        if ptype != "label":
            f["numbering"].set(False)

    def _format_picked(self, _event=None):
        name = self.job.fields["format"].get()
        for fmt, w, h in FORMATS:
            if fmt == name:
                self.job.fields["width_mm"].set(w)
                self.job.fields["height_mm"].set(h)

    def _customer_picked(self, customer):
        if self._loading:
            return
        self.dirty = True
        if customer is not None:
            self.terms.fields["discount_pct"].set(format_number(customer.discount_pct, 2)
                                                  if customer.discount_pct else "0")
        self.terms.clear_errors()
        if customer is not None and self.order is None:
            self._warn_if_on_hold(customer)

    def _warn_if_on_hold(self, customer):
        """Past the debt limit: said when the customer is picked, before the work is typed
        (the save then asks for an administrator's word)."""
        from app.services import holds
        from app.ui.dialogs.hold import status_text
        status = holds.status(self.ctx.session, customer.id)
        if status["on_hold"]:
            self.save_message.say(status_text(status))

    def _update_markup_hint(self):
        markup = self.catalog.settings.markup_for(self.ptype.get())
        self.markup_hint.configure(text=t("ui.quote.markup_hint", pct=pct(markup)))

    def spec_data(self) -> dict:
        """The job spec as the services take it; a choice not in the lists is an error."""
        ptype = self.ptype.get()
        j = {k: f.get() for k, f in self.job.fields.items()}
        tm = {k: f.get() for k, f in self.terms.fields.items()}
        spec = {"product_type": ptype, "quantity": j["quantity"].strip(), "name": j["name"],
                "designer_minutes": tm["designer_minutes"].strip(), "rush": bool(tm["rush"]),
                "discount_pct": tm["discount_pct"].strip() or "0",
                "markup_pct": tm["markup_pct"].strip() or None}
        if ptype in SHEET_TYPES:
            spec["width_mm"] = j["width_mm"].strip()
            spec["height_mm"] = j["height_mm"].strip()
            spec["colours"] = j["colours"]
            if j["paper"] not in self.paper_by_name:
                raise ValidationError("error.field.required", "paper")
            spec["paper"] = self.paper_by_name[j["paper"]]
            spec["press"] = self.press_by_name.get(j["press"])  # None: automatic
            if ptype != "journal":
                spec["bleed_mm"] = j["bleed_mm"].strip()
                spec["lamination_sides"] = self.lam_by_text.get(j["lamination_sides"], 0)
                spec["numbering"] = bool(j["numbering"])
        if ptype == "blank":
            spec["pad_sheets"] = j["pad_sheets"].strip()
        if ptype == "journal":
            spec["sheets_per_journal"] = j["sheets_per_journal"].strip()
            spec["cover"] = self.cover_by_text.get(j["cover"], "none")
            spec["lacing_sealing"] = bool(j["lacing_sealing"])
            spec["page_numbering"] = bool(j["page_numbering"])
        if ptype == "label":
            spec["label_length_mm"] = j["label_length_mm"].strip()
            if j["ribbon"] not in self.ribbon_by_name:
                raise ValidationError("error.field.required", "ribbon")
            spec["ribbon"] = self.ribbon_by_name[j["ribbon"]]
            spec["label_colours"] = j["label_colours"]
        return spec

    def _fit_later(self):
        if not self._fit_pending:
            self._fit_pending = True
            self._fit_aid = self.later(0, self._fit_columns)

    def refresh_now(self):
        """Re-estimate from the fields: the breakdown, the drawing, the ladder, the presses."""
        try:
            return self._refresh()
        finally:
            self._fit_later()  # new figures or fields may need another width

    def _refresh(self):
        from app import costing
        from app.domain.job import JobSpec
        from app.services import orders
        self._pending = None
        self.job.clear_errors()
        self.terms.clear_errors()
        try:
            spec = JobSpec.from_dict(self.spec_data())
            est = costing.estimate(spec, self.catalog,
                                   orders.vat_today(self.ctx.session, spec.product_type))
        except DomainError as exc:
            self.spec = self.estimate = None
            # live, while typing: marked, the cursor stays where the manager types
            shown = self.job.show_error(exc, focus=False) or self.terms.show_error(exc, focus=False)
            self.breakdown.clear(error_text(exc) if not shown else t("ui.quote.fix_fields"))
            self.canvas.draw_empty(t("ui.quote.fix_fields"))
            self._clear_ladder()
            self._show_compare(None)
            return None
        self.spec, self.estimate = spec, est
        self.breakdown.show(est)
        if est.layout is not None:
            self.canvas.draw(est, self.catalog.papers.get(spec.paper), self.catalog.press(est.press))
        else:
            self.canvas.draw_ribbon(est, self.catalog.materials.get(spec.ribbon))
        self._show_compare(est)
        self._refresh_ladder(spec)
        return est

    def _ladder_typed(self, event, n):
        if event.keysym not in ("Tab", "Return", "KP_Enter", "ISO_Left_Tab", "Shift_L", "Shift_R"):
            self.ladder_auto[n] = False

    def _clear_ladder(self):
        """A bad job shows no ladder: no prices, and no quantities that follow the bad one."""
        for lbl in self.ladder_cells.values():
            lbl.configure(text=DASH)
        was_loading, self._loading = self._loading, True
        for i, var in enumerate(self.ladder_vars):
            if self.ladder_auto[i]:
                var.set("")
        self._loading = was_loading

    def ladder_quantities(self, quantity):
        """The ladder's quantities within the quantity field's own limits (None: nothing shown)."""
        from app.domain.job import MAX_QUANTITY
        out = []
        defaults = (quantity, quantity * 2, quantity * 5)
        for i, var in enumerate(self.ladder_vars):
            text = var.get().strip().replace(" ", "").replace("\u00a0", "")
            if self.ladder_auto[i] or not text:
                q = defaults[i]
            elif text.isdigit():
                q = int(text)
            else:
                q = None
            out.append(q if q is not None and 1 <= q <= MAX_QUANTITY else None)
        return out

    def _refresh_ladder(self, spec):
        from app.services import orders
        quantities = self.ladder_quantities(spec.quantity)
        ladder = orders.quote_ladder(self.ctx.session, spec, quantities, self.catalog)
        for i, est in enumerate(ladder):
            values = {} if est is None else {
                "price_net": money(est.price_net), "price_gross": money(est.price_gross),
                "unit_price_gross": money(est.unit_price_gross), "profit_pct": pct(est.profit_pct)}
            for key in ("price_net", "price_gross", "unit_price_gross", "profit_pct"):
                self.ladder_cells[(key, i)].configure(text=values.get(key, DASH))
        was_loading, self._loading = self._loading, True
        for i, q in enumerate(quantities):
            if self.ladder_auto[i]:
                self.ladder_vars[i].set("" if q is None else number(q))
        self._loading = was_loading

    def _show_compare(self, est):
        self.compare.clear()
        if est is None:
            self.compare_hint.configure(text="")
            return
        if est.layout is None:
            self.compare_hint.configure(text=t("ui.quote.presses_label"))
            return
        if not est.press_chosen_automatically:
            self.compare_hint.configure(text=t("ui.quote.presses_manual"))
            return
        self.compare_hint.configure(text=t("ui.quote.presses_auto"))
        for opt in est.alternatives:
            name = self.names.get(opt.press, opt.press)
            self.compare.tree.insert("", "end", iid=opt.press, values=(
                ("✓ " if opt.chosen else "") + name, opt.n_up, number(opt.gross_sheets),
                money(opt.price_net)), tags=("chosen",) if opt.chosen else ())
        self.compare.tree.tag_configure("chosen", font="TkHeadingFont")

    # loading an order to edit ---------------------------------------------------------------
    def _load_order(self, order):
        spec = order.estimate.spec
        self.set_type(spec.product_type)
        f = self.job.fields
        f["name"].set(spec.name)
        f["quantity"].set(spec.quantity)
        if spec.product_type in SHEET_TYPES:
            f["width_mm"].set(spec.width_mm)
            f["height_mm"].set(spec.height_mm)
            f["format"].set(DASH)
            for fmt, w, h in FORMATS:
                if (w, h) == (spec.width_mm, spec.height_mm):
                    f["format"].set(fmt)
            f["colours"].set(spec.colours)
            paper = self.catalog.papers.get(spec.paper)
            f["paper"].set(paper.name if paper else spec.paper)
            press = self.catalog.press(spec.press) if spec.press else None
            f["press"].set(press.name if press else t("ui.quote.press_auto"))
            f["bleed_mm"].set(spec.bleed_mm)
            f["lamination_sides"].set(t("ui.lamination.{}".format(spec.lamination_sides)))
            f["numbering"].set(spec.numbering)
        f["pad_sheets"].set(spec.pad_sheets)
        f["sheets_per_journal"].set(spec.sheets_per_journal)
        f["cover"].set(t("ui.cover." + spec.cover) if spec.cover in COVERS else spec.cover)
        f["lacing_sealing"].set(spec.lacing_sealing)
        f["page_numbering"].set(spec.page_numbering)
        f["label_length_mm"].set(spec.label_length_mm)
        ribbon = self.catalog.materials.get(spec.ribbon)
        f["ribbon"].set(ribbon.name if ribbon else spec.ribbon)
        f["label_colours"].set(spec.label_colours)
        tm = self.terms.fields
        tm["designer_minutes"].set(spec.designer_minutes)
        tm["rush"].set(spec.rush)
        tm["discount_pct"].set(format_number(spec.discount_pct, 2) if spec.discount_pct else "0")
        tm["markup_pct"].set("" if spec.markup_pct is None else format_number(spec.markup_pct, 2))
        tm["due_date"].set(order.due_date or "")
        tm["notes"].set(order.notes or "")
        from app.services import customers
        self.picker.set(customers.get(self.ctx.session, order.customer_id))

    def choose_type(self, n):
        """Ctrl+1…Ctrl+4: the n-th product type of a new quote (the type buttons' order), the
        cursor back in its first field."""
        if self.order is not None or not 1 <= n <= len(PRODUCT_TYPES):
            return
        ptype = PRODUCT_TYPES[n - 1]
        if ptype != self.ptype.get():
            self.set_type(ptype)
        self.focus_start()

    def on_search(self):
        """Ctrl+F on a quote finds the customer: the cursor in the customer box."""
        combo = self.picker.combo
        combo.focus_set()
        combo.select_range(0, "end")  # typing replaces a name already there
        combo.icursor("end")
        return True

    def focus_start(self):
        """The cursor in the first field of the job (Ctrl+N: the manager types at once)."""
        self.update_idletasks()
        for field in self.job.fields.values():
            if field.visible:
                field.widget.focus_force()
                if isinstance(field.widget, ttk.Entry):
                    field.widget.select_range(0, "end")  # typing replaces the default
                return

    # saving ---------------------------------------------------------------------------------
    def save_as_order(self):
        if self.order is None:
            self.save("approved")
        else:
            self.save(None)

    def on_save(self):
        if self.order is not None:
            self.save(None)
        else:
            self.save("quoted")

    def save(self, status, hold_approval=None):
        from app.services import orders
        self.save_message.say("")
        est = self.refresh_now()
        if est is None:
            self.save_message.say(t("ui.quote.fix_fields"))
            return None
        customer = self.picker.customer
        if customer is None:
            self.picker._left()
            customer = self.picker.customer
        if customer is None:
            self.terms.show_error(ValidationError("ui.error.pick_customer", "customer"),
                                  focus=False)
            self.picker.combo.focus_set()
            return None
        tm = self.terms.fields
        try:
            if self.order is None:
                order = orders.create(self.ctx.session, self.spec, customer.id, status,
                                      tm["due_date"].get().strip() or None, tm["notes"].get(),
                                      hold_approval=hold_approval)
            else:
                order = orders.update(self.ctx.session, self.order.id, self.order.version,
                                      self.spec, customer.id, tm["due_date"].get().strip() or None,
                                      tm["notes"].get())
        except DomainError as exc:
            if is_hold(exc) and hold_approval is None:  # past the debt limit: ask the admin
                from app.ui.dialogs.hold import HoldDialog
                self.save_message.say(error_text(exc))
                return HoldDialog(self.winfo_toplevel(), self.ctx, customer,
                                  lambda approval: self.save(status, approval))
            if not (self.terms.show_error(exc) or self.job.show_error(exc)):
                self.save_message.say(error_text(exc))
            return None
        self.dirty = False
        self.ctx.changed("orders")
        self.ctx.status(t("ui.quote.saved", number=order.number))
        self.ctx.close(self)
        self.ctx.open("order", order_id=order.id)
        return order

    def can_close(self, proceed):
        if not self.dirty:
            proceed()
            return
        confirm_discard(self, proceed)

    def on_changed(self, what):
        if what == "catalog" and self.order is None and not self.dirty:
            from app.services import catalog as catalog_service
            self.catalog = catalog_service.get_catalog(self.ctx.session)
            self._update_markup_hint()
            self.refresh_now()


SCREEN = QuoteScreen
