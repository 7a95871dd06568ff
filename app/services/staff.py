"""Performers: designers, press operators, the shop master; who worked on which order."""
from app.domain import text
from app.domain.errors import Collect, NotFound, ValidationError
from app.services.session import Session, admin_only, logged_in
from app.storage import audit
from app.storage import orders as orders_db
from app.storage import staff as staff_db

ROLES = ("designer", "press_operator", "shop_master", "finisher")


def _clean(name, role, phone):
    errors = Collect()  # every bad field at once
    name = errors(text.clean, name, "name", text.NAME, required=True)
    if role not in ROLES:
        errors.add("error.staff.role", "role")
    phone = errors(text.clean, phone, "phone", text.SHORT)
    errors.done()
    return name, role, phone


@admin_only
def add(session: Session, name, role, phone=""):
    name, role, phone = _clean(name, role, phone)
    with session.db.atomic():
        sid = staff_db.insert(session.db, name, role, phone)
        audit.write(session.db, session.user, "staff.create", "staff", sid, {"name": name, "role": role})
    return sid


@admin_only
def update(session: Session, staff_id, name, role, phone="", active=True):
    name, role, phone = _clean(name, role, phone)
    with session.db.atomic():
        if staff_db.get(session.db, staff_id) is None:
            raise NotFound("error.not_found.staff")
        staff_db.update(session.db, staff_id, name, role, phone, active)
        audit.write(session.db, session.user, "staff.update", "staff", staff_id,
                    {"name": name, "role": role, "active": bool(active)})


@logged_in
def list_staff(session: Session, active_only=False):
    return staff_db.list_all(session.db, active_only)


@logged_in
def assign(session: Session, order_id, staff_ids):
    """The order's performers (replaces the previous list)."""
    ids = sorted({int(s) for s in staff_ids})
    with session.db.atomic():
        if orders_db.get(session.db, order_id) is None:
            raise NotFound("error.not_found.order")
        for sid in ids:
            row = staff_db.get(session.db, sid)
            if row is None or not row["active"]:
                raise ValidationError("error.not_found.staff", "performers")
        staff_db.set_performers(session.db, order_id, ids)
        audit.write(session.db, session.user, "order.performers", "order", order_id, {"staff": ids})


@logged_in
def performers(session: Session, order_id):
    return staff_db.performers_of(session.db, order_id)


@logged_in
def work_report(session: Session, date_from, date_to):
    """Orders made per performer and month: count, items, revenue (net, tiyn)."""
    return staff_db.work_by_month(session.db, date_from, date_to)
