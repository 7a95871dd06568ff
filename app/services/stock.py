"""Stock of papers and materials: receipts, stock-taking, reservations and automatic write-off.

The balance of an item is the sum of its moves: receipts − write-offs ± adjustments,
corrections and returns. An approved order reserves the materials of its estimate; entering
production writes them off; recording actual figures corrects the write-off to what was really
used; cancelling gives back what was taken and not used. Quantities are Decimal in their unit
(sheets, m, m², pcs) and milli-units in the database.
"""
from decimal import ROUND_HALF_UP, Decimal

from app.domain import inputs, text
from app.domain.errors import Collect, Conflict, ValidationError
from app.domain.money import to_tiyn
from app.services.session import Session, admin_only, logged_in
from app.storage import audit
from app.storage import catalog as catalog_db
from app.storage import stock as stock_db

MILLI = Decimal(1000)
ALLOW_NEGATIVE_KEY = "stock.allow_negative"


def to_milli(qty) -> int:
    return int((Decimal(qty) * MILLI).to_integral_value(rounding=ROUND_HALF_UP))


def from_milli(milli) -> Decimal:
    """1500 -> Decimal('1.5'), 2040000 -> Decimal('2040') (never '2.04E+3')."""
    value = Decimal(int(milli)) / MILLI
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def item_of(use):
    """(item_kind, code) of a MaterialUse: papers are counted in sheets, the rest by code."""
    return ("paper" if use.unit == "sheets" else "material", use.code)


def needs_of(materials):
    out = {}
    for use in materials:
        key = item_of(use)
        out[key] = out.get(key, 0) + to_milli(use.quantity)
    return out


def _item(item_kind, code):
    """What names a stock item: its kind and its catalog code, checked by the text rule."""
    if item_kind not in ("paper", "material"):
        raise ValidationError("error.stock.unknown_item", "code", code=str(code)[:64])
    return item_kind, text.clean(code, "code", text.CODE, required=True)


def _known(db, item_kind, code):
    item_kind, code = _item(item_kind, code)
    cat = catalog_db.load_catalog(db)
    if item_kind == "paper" and code in cat.papers:
        return cat.papers[code]
    if item_kind == "material" and code in cat.materials:
        return cat.materials[code]
    raise ValidationError("error.stock.unknown_item", "code", code=str(code)[:64])


def _qty(value, field, positive=True):
    qty = inputs.number(value, field, 0, 10 ** 9, places=3, places_key="error.stock.three_places")
    if positive and qty == 0:
        raise ValidationError("error.field.out_of_range", field, low=0, high=10 ** 9)
    return qty


@logged_in
def receive(session: Session, item_kind, code, quantity, price, supplier="", document="",
            at=None, update_catalog_price=False):
    """A delivery from a supplier. Its price changes the catalog only when the administrator
    says so (and that change is audited like any catalog edit)."""
    db = session.db
    errors = Collect()  # every bad field at once
    qty = errors(_qty, quantity, "quantity")
    unit_price = errors(inputs.number, price, "price", 0, 10 ** 9, places=2)
    supplier = errors(text.clean, supplier, "supplier", text.NAME)
    document = errors(text.clean, document, "document", 100)
    at = errors(_moment, at, session)
    errors.done()
    item_kind, code = _item(item_kind, code)
    if update_catalog_price and not session.user.is_admin:
        from app.domain.errors import PermissionDenied
        raise PermissionDenied("error.permission.admin_only")
    with db.atomic():
        item = _known(db, item_kind, code)
        move = stock_db.add_move(db, at, item_kind, code, "receipt", to_milli(qty),
                                 to_tiyn(unit_price), supplier, document, "", None, session.user.id)
        audit.write(db, session.user, "stock.receipt", item_kind, code,
                    {"quantity": str(qty), "price": str(unit_price), "document": document})
        if update_catalog_price and unit_price != item.price:
            from app.services import catalog as catalog_service
            data = dict(_record_dict(item), price=str(unit_price))
            catalog_service.save_item(session, "paper" if item_kind == "paper" else "material", data)
    return move


def _moment(at, session) -> str:
    """A receipt's date: today by default; a date of the past, never of the future."""
    from datetime import datetime
    now = session.now()
    if at in (None, ""):
        return now
    value = at if not isinstance(at, str) else text.clean(at, "date", 32)
    when = str(value).strip()
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            moment = datetime.strptime(when, fmt)
            break
        except ValueError:
            moment = None
    if moment is None:
        raise ValidationError("error.field.date", "date")
    value = moment.strftime("%Y-%m-%d %H:%M:%S") if len(when) > 10 else when + " 12:00:00"
    if value[:10] > now[:10]:
        raise ValidationError("error.stock.future_date", "date")
    return value


def _record_dict(item):
    from dataclasses import asdict
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in asdict(item).items()}


@admin_only
def stock_take(session: Session, item_kind, code, counted, reason):
    """Counted on the shelf: the difference to the balance is booked with its reason."""
    errors = Collect()  # every bad field at once
    qty = errors(_qty, counted, "counted", positive=False)
    reason = errors(text.clean, reason, "reason", text.LINE, required=True)
    errors.done()
    item_kind, code = _item(item_kind, code)
    db = session.db
    with db.atomic():
        _known(db, item_kind, code)
        diff = to_milli(qty) - stock_db.balance(db, item_kind, code)
        if diff:
            stock_db.add_move(db, session.now(), item_kind, code, "adjustment", diff,
                              reason=reason[:500], user_id=session.user.id)
        audit.write(db, session.user, "stock.adjustment", item_kind, code,
                    {"counted": str(qty), "difference": str(from_milli(diff)), "reason": reason})
    return from_milli(diff)


@admin_only
def set_min_level(session: Session, item_kind, code, minimum):
    qty = _qty(minimum, "minimum", positive=False)
    item_kind, code = _item(item_kind, code)
    with session.db.atomic():
        _known(session.db, item_kind, code)
        stock_db.set_min_level(session.db, item_kind, code, to_milli(qty))
        audit.write(session.db, session.user, "stock.min_level", item_kind, code, {"min": str(qty)})


@admin_only
def set_allow_negative(session: Session, allow: bool):
    with session.db.atomic():
        catalog_db.set_setting(session.db, ALLOW_NEGATIVE_KEY, "1" if allow else "0")
        audit.write(session.db, session.user, "stock.allow_negative", "settings", "",
                    {"allow": bool(allow)})


def allow_negative(db) -> bool:
    return catalog_db.get_setting(db, ALLOW_NEGATIVE_KEY, "1") == "1"


@logged_in
def balance_table(session: Session, at=None):
    """Every paper and material: on hand, reserved, available, minimum, low."""
    db = session.db
    cat = catalog_db.load_catalog(db)
    on_hand = stock_db.balances(db, at)
    reserved = stock_db.reserved(db) if not at else {}
    mins = stock_db.min_levels(db)
    rows = []
    items = [("paper", p.code, p.name, "sheets") for p in cat.papers.values()]
    items += [("material", m.code, m.name, m.unit) for m in cat.materials.values()]
    for kind, code, name, unit in items:
        have = on_hand.get((kind, code), 0)
        held = reserved.get((kind, code), 0)
        minimum = mins.get((kind, code), 0)
        rows.append({"item_kind": kind, "code": code, "name": name, "unit": unit,
                     "on_hand": from_milli(have), "reserved": from_milli(held),
                     "available": from_milli(have - held), "minimum": from_milli(minimum),
                     "low": have - held < minimum, "negative": have < 0})
    return rows


@logged_in
def low_stock(session: Session):
    """What to show at login: items below their minimum level."""
    return [r for r in balance_table(session) if r["low"]]


@logged_in
def to_buy(session: Session):
    """What to buy: enough to cover the reservations and get back to the minimum level."""
    out = []
    for r in balance_table(session):
        need = r["minimum"] + r["reserved"] - r["on_hand"]
        if need > 0:
            out.append(dict(r, to_buy=need))
    return out


def shortages(db, materials):
    """[(item, needed, available)] where the stock does not cover these materials."""
    on_hand = stock_db.balances(db)
    out = []
    for key, need in needs_of(materials).items():
        have = on_hand.get(key, 0)
        if need > have:
            out.append((key, from_milli(need), from_milli(have)))
    return out


@logged_in
def check_for_production(session: Session, order):
    """Shortages an order would cause if it entered production now (for the warning)."""
    return shortages(session.db, order.estimate.materials)


# --- hooks, called by the order services inside their own transaction -------------------

def on_status(db, user, order, new_status, at):
    """Reserve on approval, write off on production, give back on cancellation."""
    if new_status == "approved":
        stock_db.set_reservations(db, order.id, needs_of(order.estimate.materials))
    elif new_status in ("new", "quoted"):  # back to a quote: nothing is held for it
        stock_db.clear_reservations(db, order.id)
    elif new_status == "production":
        missing = shortages(db, order.estimate.materials)
        if missing and not allow_negative(db):
            (kind, code), need, have = missing[0]
            raise Conflict("error.stock.not_enough", "status", code=code, need=str(need),
                           have=str(have))
        stock_db.clear_reservations(db, order.id)
        for (kind, code), qty in needs_of(order.estimate.materials).items():
            stock_db.add_move(db, at, kind, code, "write_off", -qty, order_id=order.id,
                              user_id=user.id)
        if missing:
            audit.write(db, user, "stock.negative", "order", order.id,
                        {"items": [[k[1], str(n), str(h)] for k, n, h in missing]})
    elif new_status == "cancelled":
        stock_db.clear_reservations(db, order.id)
        for (kind, code), qty in stock_db.used_by_order(db, order.id).items():
            if qty > 0:
                stock_db.add_move(db, at, kind, code, "return", qty, order_id=order.id,
                                  user_id=user.id, reason="cancelled")


def on_estimate_changed(db, order_id, status, estimate):
    """An approved order edited: its reservation follows the new estimate."""
    if status == "approved":
        stock_db.set_reservations(db, order_id, needs_of(estimate.materials))


def on_actual(db, user, order, materials, at):
    """Correct what was written off to what the order really used."""
    taken = stock_db.used_by_order(db, order.id)
    if not taken:
        return  # never went through production in this app (older or imported orders)
    really = needs_of(materials)
    for key in sorted(set(taken) | set(really)):
        diff = really.get(key, 0) - taken.get(key, 0)
        if diff:
            stock_db.add_move(db, at, key[0], key[1], "correction", -diff, order_id=order.id,
                              user_id=user.id)


@logged_in
def moves(session: Session, date_from=None, date_to=None, item_kind=None, code=None, limit=1000,
          offset=0):
    item_kind = None if item_kind is None else text.clean(item_kind, "kind", text.CODE)
    code = None if code is None else text.clean(code, "code", text.CODE)
    return stock_db.moves(session.db, date_from, date_to, item_kind, code, limit, offset)


@logged_in
def used_by_product_type(session: Session, date_from, date_to):
    return stock_db.used_by_product_type(session.db, date_from, date_to)
