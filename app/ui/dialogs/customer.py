"""Add or edit a customer; errors (BIN/IIN is 12 digits…) are shown at the field."""
from decimal import Decimal

from app.i18n import format_number, t
from app.ui.widgets.form import FormDialog, length_rule, range_rule

FIELDS = ("name", "bin", "contact_person", "phone", "email", "address", "discount_pct")


class CustomerDialog(FormDialog):
    changes = "customers"

    def __init__(self, parent, ctx, customer=None, on_saved=None, name=""):
        self.customer = customer
        self.typed_name = name  # what the picker had typed: the new customer starts with it
        super().__init__(parent, ctx, t("ui.customer.edit_title") if customer
                         else t("ui.customer.new_title"), on_saved=on_saved, expand=True)

    def fields(self):
        from app.services.customers import LIMITS
        # each field's hover hint says its rule, as the service checks it
        rules = {f: length_rule(limit) for f, limit in LIMITS.items()}
        rules["bin"] = t("error.id.bin_form")
        rules["discount_pct"] = range_rule(0, Decimal("99.99"))
        for f in FIELDS:
            self.form.entry(f, "field." + f, width=40, rule=rules.get(f))
        self.form.text("notes", "field.notes", height=3, width=40, rule=rules["notes"])
        customer = self.customer
        if customer is not None:
            for f in FIELDS:
                value = getattr(customer, f)
                if f == "discount_pct":
                    value = format_number(value, 2) if value else "0"
                self.form.fields[f].set(value or "")
            self.form.fields["notes"].set(customer.notes)
        else:
            self.form.fields["name"].set(self.typed_name)
            self.form.fields["discount_pct"].set("0")

    def store(self, values):
        from app.services import customers
        if self.customer is None:
            return customers.save(self.ctx.session, values)
        return customers.save(self.ctx.session, values, self.customer.id, self.customer.version)

    def saved(self, customer):
        if self.on_saved:
            self.on_saved(customer)
