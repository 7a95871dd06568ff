"""The audit log, read-only for the administrator (the file itself refuses edits)."""
from app.services.session import Session, admin_only
from app.storage import audit


@admin_only
def search(session: Session, text="", action="", date_from=None, date_to=None, limit=200, offset=0):
    """Newest first: rows with at, username, action, entity, entity_id, details (JSON text)."""
    limit = max(1, min(int(limit), 1000))
    return audit.search(session.db, (text or "").strip(), action, date_from, date_to, limit,
                        max(0, int(offset)))
