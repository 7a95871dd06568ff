"""Add or edit a customer; errors (BIN/IIN is 12 digits…) are shown at the field."""
import ttkbootstrap as ttk

from app.domain.errors import DomainError
from app.i18n import format_number, t
from app.ui.widgets.common import Dialog, Form

FIELDS = ("name", "bin", "contact_person", "phone", "email", "address", "discount_pct")


class CustomerDialog(Dialog):
    def __init__(self, parent, ctx, customer=None, on_saved=None, name=""):
        super().__init__(parent, t("ui.customer.edit_title") if customer else t("ui.customer.new_title"))
        self.ctx = ctx
        self.customer = customer
        self.on_saved = on_saved
        inner = ttk.Frame(self.body)
        inner.pack(fill="both", expand=True)
        self.form = Form(inner, label_width=18)
        for f in FIELDS:
            self.form.entry(f, "field." + f, width=40)
        self.form.text("notes", "field.notes", height=3, width=40)
        if customer is not None:
            for f in FIELDS:
                value = getattr(customer, f)
                if f == "discount_pct":
                    value = format_number(value, 2) if value else "0"
                self.form.fields[f].set(value or "")
            self.form.fields["notes"].set(customer.notes)
        else:
            self.form.fields["name"].set(name)
            self.form.fields["discount_pct"].set("0")
        self.add_button("ui.button.save", self.save, default=True)
        self.add_button("ui.button.cancel", self.close, bootstyle="primary-outline")
        self.present()
        self.form.focus_first()

    def save(self):
        from app.services import customers
        self.form.clear_errors()
        values = self.form.values()
        try:
            if self.customer is None:
                saved = customers.save(self.ctx.session, values)
            else:
                saved = customers.save(self.ctx.session, values, self.customer.id,
                                       self.customer.version)
        except DomainError as exc:
            if not self.form.show_error(exc):
                self.ctx.show_error(exc)
            return
        self.close()
        self.ctx.changed("customers")
        if self.on_saved:
            self.on_saved(saved)
