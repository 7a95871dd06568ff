"""Customers on hold (issue 20 item 3): the administrator's word for a new order, and the
limits of overdue debt (the shop's, or one customer's own).

A manager who saves an order for a customer past the limit sees why (the overdue sum, the
oldest days, the limits) and an administrator at the desk logs in to allow it; the order is
then created with that word and the audit log names both. An administrator's own save needs
no second word (holds.check_new_order)."""
from app.domain.errors import DomainError, PermissionDenied, ValidationError
from app.i18n import t
from app.ui.widgets.form import FormDialog
from app.ui.widgets.formatting import money


def is_hold(exc) -> bool:
    """The error orders.create and orders.repeat raise for a customer past the limit."""
    return isinstance(exc, DomainError) and exc.key == "error.hold.on_hold"


def limits_text(status) -> str:
    """'limit 500 000,00 ₸ or 30 days' from holds.status or holds.limits figures."""
    amount, days = status.get("limit_amount", status.get("amount")), \
        status.get("limit_days", status.get("days"))
    parts = []
    if amount is not None:
        parts.append(t("ui.hold.limit_amount", amount=money(amount)))
    if days is not None:
        parts.append(t("ui.hold.limit_days", days=days))
    return t("ui.hold.limits", limits=t("ui.hold.or").join(parts)) if parts \
        else t("ui.hold.no_limits")


def status_text(status) -> str:
    """The customer card's line: on hold or not, the overdue debt, the limits."""
    key = "ui.hold.on_hold" if status["on_hold"] else "ui.hold.not_on_hold"
    return "{} {}".format(t(key, overdue=money(status["overdue"]), days=status["oldest_days"]),
                          limits_text(status))


class HoldDialog(FormDialog):
    """on_approved(approval) creates the order with the administrator's word."""

    save_key = "ui.hold.allow"

    def __init__(self, parent, ctx, customer, on_approved):
        from app.services import holds
        self.customer = customer
        self.on_approved = on_approved
        status = holds.status(ctx.session, customer.id)
        intro = "{}\n{}".format(
            t("ui.hold.intro", customer=customer.name, overdue=money(status["overdue"]),
              days=status["oldest_days"]), limits_text(status))
        super().__init__(parent, ctx, t("ui.hold.title"), intro=intro)

    def fields(self):
        self.form.entry("username", "field.username")
        self.form.entry("password", "field.password", show="•")

    def store(self, v):
        from app.services import holds
        try:
            return holds.approve(self.ctx.session, self.customer.id, v["username"].strip(),
                                 v["password"])
        except PermissionDenied as exc:  # a manager's own login: said at the user name
            raise ValidationError(exc.key, "username") from None

    def saved(self, approval):
        self.on_approved(approval)


class HoldLimitsDialog(FormDialog):
    """The limits of overdue debt: the shop's (customer None) or a customer's own, where an
    empty box follows the shop's."""

    changes = "customers"

    def __init__(self, parent, ctx, customer=None, on_saved=None):
        from app.services import holds
        self.customer = customer
        self.current = holds.limits(ctx.session, customer.id if customer else None)
        if customer is None:
            title, intro = t("ui.hold.shop_title"), t("ui.hold.shop_intro")
        else:
            title = t("ui.hold.customer_title", customer=customer.name)
            intro = "{} {}".format(t("ui.hold.customer_intro"),
                                   limits_text(holds.limits(ctx.session)))
        super().__init__(parent, ctx, title, on_saved=on_saved, intro=intro)

    def fields(self):
        amount, days = self.current["amount"], self.current["days"]
        self.form.entry("hold_amount", "field.hold_amount",
                        "" if amount is None else "{:.2f}".format(amount).replace(".", ","),
                        width=16)
        self.form.entry("hold_days", "field.hold_days", "" if days is None else str(days),
                        width=16)

    def store(self, v):
        from app.services import holds
        return holds.set_limits(self.ctx.session, v["hold_amount"].strip(), v["hold_days"].strip(),
                                customer_id=self.customer.id if self.customer else None)
