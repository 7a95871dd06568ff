"""The audit log, read-only for the administrator (the file itself refuses edits)."""
from app.domain import text as text_rule
from app.domain.errors import Conflict
from app.services.session import Session, admin_only
from app.storage import audit

# Every action the services write (a test reads the sources and keeps this list complete);
# the screens show them by name: the catalogs' "audit.action.<code>".
ACTIONS = (
    "login", "login.failed",
    "user.create", "user.update", "user.password_changed", "user.password_reset",
    "user.force_password_change", "user.deactivate", "user.delete",
    "shop.requisites", "settings.update", "settings.vat_rate", "settings.vat_rate_delete",
    "security.idle_logout",
    "catalog.paper", "catalog.press", "catalog.equipment", "catalog.material",
    "customer.create", "customer.update", "customer.discount", "customer.delete",
    "customer.import", "contract.create", "contract.update", "contract.deactivate",
    "order.create", "order.update", "order.status", "order.price_override", "order.actual",
    "order.performers", "order.vat_rate", "invoice.issue", "act.issue", "waybill.issue",
    "settings.closing", "settings.esf", "settings.product_codes", "esf.export", "esf.register",
    "hold.limits", "order.hold_override", "cash_order.issue",
    "payment.record", "payment.allocate", "payment.reverse", "payment.bank_import",
    "payment.kaspi_import",
    "staff.create", "staff.update",
    "stock.receipt", "stock.adjustment", "stock.min_level", "stock.allow_negative",
    "stock.negative",
    "indirect.set", "indirect.allocate",
    "export.orders", "export.customers", "export.receivables",
    "backup.create", "backup.restore", "backup.restore_at_start",
)
# What an entry is about ("audit.entity.<kind>"); stock entries name the item's kind.
ENTITIES = ("order", "orders", "customer", "customers", "invoice", "closing_document", "esf",
            "user", "staff", "settings", "month", "backup", "paper", "press", "equipment", "material",
            "payment", "statement", "receivables")


@admin_only
def search(session: Session, text="", action="", date_from=None, date_to=None, limit=200, offset=0,
           named=()):
    """Newest first: rows with at, username, action, entity, entity_id, details (JSON text).

    `text` matches the user, details, the entity's id or the action's code; `named` are the
    actions whose names (in the screen's language) contain it, which match as well."""
    limit = max(1, min(int(limit), 1000))
    text = text_rule.search(text)
    action = text_rule.clean(action, "action", text_rule.CODE)
    named = [a for a in named if a in ACTIONS]
    return audit.search(session.db, text, action, date_from, date_to, limit,
                        max(0, int(offset)), named)


def lost_race(db, entity, entity_id, field=None) -> Conflict:
    """The error of a save another seat beat to the record: who saved it and when (from the
    audit log), so the person knows whom to ask; the typing stays on the screen."""
    last = audit.last_change(db, entity, entity_id)
    if last is None or not last[0]:
        return Conflict("error.conflict.changed", field)
    at = last[1]
    return Conflict("error.conflict.changed_by", field, who=last[0],
                    at="{}.{}.{} {}".format(at[8:10], at[5:7], at[0:4], at[11:16]))
