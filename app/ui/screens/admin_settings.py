"""Settings (administrator): rates, overhead %, markups by type, rush %, price step, minimum
order; VAT (payer, a category per product type, the dated rate history); and the shop's
requisites for documents."""
import ttkbootstrap as ttk

from app.domain.catalog import PRODUCT_TYPES
from app.domain.errors import Collect, DomainError, FieldErrors
from app.domain.vat import VAT_CATEGORIES
from app.i18n import format_number, format_percent, t
from app.ui.screens.base import Screen
from app.ui.widgets.form import Form, MessageRoom, range_rule, show_errors
from app.ui.widgets.formatting import data, tcap
from app.ui.widgets.hints import Tooltip, TreeHints

SETTING_KEYS = ("designer_rate", "overhead_pct", "markup_printing", "markup_blank",
                "markup_journal", "markup_label", "rush_pct", "price_step", "min_order")
VAT_KEYS = tuple("vat_" + p for p in PRODUCT_TYPES)
SHOP_KEYS = ("name", "bin", "address", "phone", "email", "bank", "iik", "bik", "kbe", "knp",
             "director", "accountant", "offer_valid_days")


def _plain(value):
    """Decimal to what a person types: 1 234,5 -> '1234,5' (the services read both)."""
    text = format_number(value, 2).replace("\u00a0", "")
    if text.endswith(",00"):
        text = text[:-3]
    return text


class SettingsScreen(Screen):
    admin_only = True

    def __init__(self, parent, ctx, **_kw):
        super().__init__(parent, ctx)
        # two columns of boxes, each its own frame: the boxes' heights do not share grid rows
        self.left = ttk.Frame(self)
        self.left.grid(row=0, column=0, sticky="nsew", padx=(0, 12))
        self.right = ttk.Frame(self)
        self.right.grid(row=0, column=1, sticky="nsew")
        # the messages of all the boxes are said by the Save button, in room kept for four:
        # a line under each field would not let the screen fit a 1000-pixel window
        bar = ttk.Frame(self, padding=(0, 12, 0, 0))
        self.messages = MessageRoom(bar, lines=2, columns=2)
        box = ttk.Labelframe(self.left, text=t("ui.settings.rates"), padding=12)
        box.pack(fill="x")
        self.form = Form(box, messages=self.messages)
        from app.services.catalog import SETTING_LIMITS
        for key in SETTING_KEYS:  # each box's hover hint says the range the service keeps
            low, high, _money = SETTING_LIMITS[key]
            self.form.entry(key, "ui.settings." + key, width=14, rule=range_rule(low, high))
        self._vat_box()
        other = ttk.Labelframe(self.right, text=t("ui.settings.stock_security"), padding=12)
        self.other_form = Form(other, messages=self.messages)
        self.other_form.entry("idle_logout_minutes", "ui.settings.idle_logout_minutes", width=14)
        ttk.Label(other, text=t("ui.settings.idle_hint"), bootstyle="secondary", wraplength=380,
                  justify="left").grid(row=self.other_form.row, column=0, columnspan=2,
                                       sticky="w")
        self.other_form.row += 1
        self.other_form.check("allow_negative", "ui.settings.allow_negative")
        ttk.Label(other, text=t("ui.settings.allow_negative_hint"), bootstyle="secondary",
                  wraplength=380, justify="left").grid(row=self.other_form.row, column=0,
                                                       columnspan=2, sticky="w")
        shop = ttk.Labelframe(self.right, text=t("ui.settings.shop"), padding=12)
        shop.pack(fill="x")
        other.pack(fill="x", pady=(12, 0))
        self.shop_form = Form(shop, messages=self.messages)
        for key in SHOP_KEYS:
            self.shop_form.entry("shop." + key, "field.shop." + key, width=34)
        bar.grid(row=1, column=0, columnspan=2, sticky="ew")
        self.save_button = ttk.Button(bar, text=t("ui.button.save"), command=self.on_save,
                                      bootstyle="success")
        self.save_button.pack(side="right")
        Tooltip(self.save_button, t("ui.tip.save"))
        self.message = data(ttk.Label(bar, text="", bootstyle="success"))
        self.message.pack(side="right", padx=12)
        ttk.Label(bar, text=t("ui.settings.note"), bootstyle="secondary", wraplength=600).pack(
            side="left")
        self.messages.pack(side="left", fill="x", expand=True, padx=12)
        self.reload()

    def _vat_box(self):
        """VAT: payer or not, a category per product type (left), the rates with their dates
        (right): side by side the screen fits a 1000-pixel window without scrolling."""
        box = ttk.Labelframe(self.left, text=t("ui.settings.vat"), padding=12)
        box.pack(fill="x", pady=(12, 0))
        left = ttk.Frame(box)
        left.grid(row=0, column=0, sticky="nw", padx=(0, 12))
        right = ttk.Frame(box)
        right.grid(row=0, column=1, sticky="nw")
        self.vat_form = Form(left, messages=self.messages)
        self.vat_form.check("vat_payer", "field.vat_payer")
        names = [t("vat.category." + c) for c in VAT_CATEGORIES]
        self._category_of = dict(zip(names, VAT_CATEGORIES))
        for key in VAT_KEYS:
            self.vat_form.combo(key, "field." + key, names, width=14)
        ttk.Label(right, text=t("ui.settings.vat_rates"), bootstyle="secondary").grid(
            row=0, column=0, columnspan=2, sticky="w", pady=(4, 2))
        self.rates = ttk.Treeview(right, columns=("category", "valid_from", "pct"), show="headings",
                                  height=4, selectmode="browse")
        # short headings: the screen is full at 1366 px (the form beside says them in full)
        for col, width, heading in (("category", 130, tcap("field.vat.category")),
                                    ("valid_from", 110, t("ui.settings.col.valid_from")),
                                    ("pct", 70, "%")):
            self.rates.heading(col, text=heading)
            self.rates.column(col, width=width, anchor="w" if col == "category" else "e")
        self.rates_hints = TreeHints(self.rates)  # a long category name shows on hover
        self.rates.grid(row=1, column=0, columnspan=2, sticky="ew")
        self.rate_form = Form(right, messages=self.messages)
        self.rate_form.row = 2
        rated = [t("vat.category." + c) for c in ("standard", "reduced")]
        self.rate_form.combo("vat.category", "field.vat.category", rated, rated[0], width=14)
        self.rate_form.date("vat.valid_from", "field.vat.valid_from")
        self.rate_form.entry("vat.pct", "field.vat.pct", width=8)
        buttons = ttk.Frame(right)
        buttons.grid(row=self.rate_form.row, column=0, columnspan=2, sticky="e", pady=(4, 0))
        self.add_rate_button = ttk.Button(buttons, text=t("ui.settings.vat_add"),
                                          command=self.on_add_rate, bootstyle="secondary")
        self.add_rate_button.pack(side="right")
        self.delete_rate_button = ttk.Button(buttons, text=t("ui.settings.vat_delete"),
                                             command=self.on_delete_rate, bootstyle="secondary")
        self.delete_rate_button.pack(side="right", padx=(0, 6))

    def _show_rates(self):
        from app.services import catalog
        self.rates.delete(*self.rates.get_children())
        for r in catalog.vat_rates(self.ctx.session):
            self.rates.insert("", "end", iid="{}|{}".format(r.category, r.valid_from.isoformat()),
                              values=(t("vat.category." + r.category),
                                      r.valid_from.strftime("%d.%m.%Y"),
                                      format_percent(r.pct, None)))

    def on_add_rate(self):
        from app.services import catalog
        self.rate_form.clear_errors()
        values = {k: v.strip() for k, v in self.rate_form.values().items()}
        try:
            catalog.save_vat_rate(self.ctx.session, {
                "category": self._category_of.get(values["vat.category"]),
                "valid_from": values["vat.valid_from"], "pct": values["vat.pct"]})
        except DomainError as exc:
            if not self.rate_form.show_error(exc):
                self.ctx.show_error(exc)
            return
        self.rate_form.fields["vat.pct"].set("")
        self._show_rates()
        self.message.configure(text=t("ui.saved"))

    def on_delete_rate(self):
        from app.services import catalog
        chosen = self.rates.selection()
        if not chosen:
            return
        category, valid_from = chosen[0].split("|")
        try:
            catalog.delete_vat_rate(self.ctx.session, category, valid_from)
        except DomainError as exc:
            self.ctx.show_error(exc)
            return
        self._show_rates()

    def title(self):
        return t("ui.menu.settings")

    def reload(self):
        from app.services import catalog, shop
        # the versions before the values: a save in between is then a conflict, not lost
        self.versions = {"settings": catalog.settings_version(self.ctx.session),
                         "shop": shop.requisites_version(self.ctx.session)}
        s = catalog.get_settings(self.ctx.session)
        for key in SETTING_KEYS:
            self.form.fields[key].set(_plain(getattr(s, key)))
        self.vat_form.fields["vat_payer"].set(s.vat_payer)
        for key in VAT_KEYS:
            self.vat_form.fields[key].set(t("vat.category." + getattr(s, key)))
        self._show_rates()
        req = shop.requisites(self.ctx.session)
        for key in SHOP_KEYS:
            self.shop_form.fields["shop." + key].set(req.get(key, ""))
        from app.services import security, stock
        self.other_form.fields["idle_logout_minutes"].set(
            security.idle_logout_minutes(self.ctx.db))
        self.other_form.fields["allow_negative"].set(stock.allow_negative(self.ctx.db))

    def on_save(self):
        from app.services import catalog, security, shop, stock
        self.form.clear_errors()
        self.shop_form.clear_errors()
        self.other_form.clear_errors()
        self.vat_form.clear_errors()
        other = self.other_form.values()
        self.message.configure(text="")
        values = {k: v.strip() for k, v in self.form.values().items()}
        values["vat_payer"] = "1" if self.vat_form.fields["vat_payer"].get() else "0"
        for key in VAT_KEYS:
            values[key] = self._category_of.get(self.vat_form.fields[key].get())
        req = {k.split(".", 1)[1]: v for k, v in self.shop_form.values().items()}
        idle = other["idle_logout_minutes"].strip()
        errors = Collect()  # every bad field of the three boxes after one Save
        errors(shop.validate, req)
        errors(security._minutes, idle)
        errors(catalog.validate_settings, values, catalog.get_settings(self.ctx.session))
        try:
            errors.done()
            if idle != str(security.idle_logout_minutes(self.ctx.db)):
                security.set_idle_logout_minutes(self.ctx.session, idle)
            catalog.save_settings(self.ctx.session, values, self.versions["settings"])
            self.versions["settings"] += 1  # this save's own: a second click goes on from it
            shop.save_requisites(self.ctx.session, req, self.versions["shop"])
            self.versions["shop"] += 1
            if bool(other["allow_negative"]) != stock.allow_negative(self.ctx.db):
                stock.set_allow_negative(self.ctx.session, bool(other["allow_negative"]))
        except DomainError as exc:
            left = show_errors(exc, (self.form, self.vat_form, self.other_form, self.shop_form))
            if left:
                self.ctx.show_error(left[0] if len(left) == 1 else FieldErrors(left))
            return
        self.message.configure(text=t("ui.saved"))
        self.ctx.changed("catalog")
        self.reload()


SCREEN = SettingsScreen
