"""What the other seats changed (issue 21.7): every change writes an audit entry, so the newest
entry's id is the shop's change counter. A window polls it every few seconds and tells its open
screens what kind of data another seat (or another window of this PC) changed, as it tells them
of its own saves: a list shows the other seat's new order without anyone pressing a key."""
from app.services.session import Session, logged_in
from app.storage import audit

POLL_MS = 3000

# an entry's action (its first word) -> what open screens are told changed (Screen.on_changed)
WHAT = {
    "order": ("orders",), "invoice": ("orders",), "act": ("orders",), "waybill": ("orders",),
    "esf": ("orders",), "hold": ("orders",), "cash_order": ("orders", "payments"),
    "payment": ("payments", "orders", "customers"), "customer": ("customers",),
    "contract": ("contracts",), "catalog": ("catalog",), "staff": ("staff",),
    "stock": ("stock",), "user": ("users",),
}


@logged_in
def counter(session: Session) -> int:
    return audit.newest_id(session.db)


@logged_in
def since(session: Session, seen: int):
    """(the counter now, the kinds of data others changed after `seen`, sorted)."""
    newest, actions = audit.others_since(session.db, seen)
    kinds = {what for action in actions for what in WHAT.get(action.split(".")[0], ())}
    return newest, sorted(kinds)
