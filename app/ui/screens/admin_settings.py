"""Settings (administrator): rates, overhead %, markups by type, rush %, price step, minimum
order, VAT; and the shop's requisites for documents."""
import ttkbootstrap as ttk

from app.domain.errors import Collect, DomainError, FieldErrors
from app.i18n import format_number, t
from app.ui.screens.base import Screen
from app.ui.widgets.form import Form, show_errors
from app.ui.widgets.formatting import data
from app.ui.widgets.hints import Tooltip

SETTING_KEYS = ("designer_rate", "overhead_pct", "markup_printing", "markup_blank",
                "markup_journal", "markup_label", "rush_pct", "price_step", "min_order", "vat_pct")
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
        box = ttk.Labelframe(self, text=t("ui.settings.rates"), padding=12)
        box.grid(row=0, column=0, sticky="nsew", padx=(0, 12))
        self.form = Form(box)
        for key in SETTING_KEYS:
            self.form.entry(key, "ui.settings." + key, width=14)
        self.form.check("vat_payer", "field.vat_payer")
        other = ttk.Labelframe(self, text=t("ui.settings.stock_security"), padding=12)
        other.grid(row=1, column=0, sticky="nsew", padx=(0, 12), pady=(12, 0))
        self.other_form = Form(other)
        self.other_form.entry("idle_logout_minutes", "ui.settings.idle_logout_minutes", width=14)
        ttk.Label(other, text=t("ui.settings.idle_hint"), bootstyle="secondary", wraplength=380,
                  justify="left").grid(row=self.other_form.row, column=0, columnspan=2,
                                       sticky="w")
        self.other_form.row += 1
        self.other_form.check("allow_negative", "ui.settings.allow_negative")
        ttk.Label(other, text=t("ui.settings.allow_negative_hint"), bootstyle="secondary",
                  wraplength=380, justify="left").grid(row=self.other_form.row, column=0,
                                                       columnspan=2, sticky="w")
        shop = ttk.Labelframe(self, text=t("ui.settings.shop"), padding=12)
        shop.grid(row=0, column=1, rowspan=2, sticky="nsew")
        self.shop_form = Form(shop)
        for key in SHOP_KEYS:
            self.shop_form.entry("shop." + key, "field.shop." + key, width=34)
        bar = ttk.Frame(self, padding=(0, 12, 0, 0))
        bar.grid(row=2, column=0, columnspan=2, sticky="ew")
        self.save_button = ttk.Button(bar, text=t("ui.button.save"), command=self.on_save,
                                      bootstyle="success")
        self.save_button.pack(side="right")
        Tooltip(self.save_button, t("ui.tip.save"))
        self.message = data(ttk.Label(bar, text="", bootstyle="success"))
        self.message.pack(side="right", padx=12)
        ttk.Label(bar, text=t("ui.settings.note"), bootstyle="secondary", wraplength=700).pack(
            side="left")
        self.reload()

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
        self.form.fields["vat_payer"].set(s.vat_payer)
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
        other = self.other_form.values()
        self.message.configure(text="")
        values = {k: v.strip() for k, v in self.form.values().items() if k != "vat_payer"}
        values["vat_payer"] = "1" if self.form.fields["vat_payer"].get() else "0"
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
            left = show_errors(exc, (self.form, self.other_form, self.shop_form))
            if left:
                self.ctx.show_error(left[0] if len(left) == 1 else FieldErrors(left))
            return
        self.message.configure(text=t("ui.saved"))
        self.ctx.changed("catalog")
        self.reload()


SCREEN = SettingsScreen
