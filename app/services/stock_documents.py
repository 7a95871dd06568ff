"""The stock documents: the balance on a day, the moves of a period, the materials used by
the orders and what to buy, each with the figures the Excel exports reuse.

Each checks the user, reads the stock through the stock service and storage and hands plain
data to app.reports.stock_reports. A goods receipt or a write-off act, papers about the
stock itself, belong here; what goes out to a customer with an order is an order document.
"""
from app.domain import inputs
from app.domain.errors import ValidationError
from app.domain.money import from_tiyn, q2
from app.i18n import t
from app.reports import docx_base
from app.reports import stock_reports as stock_report
from app.services import catalog as catalog_service
from app.services import shop as shop_service
from app.services import stock as stock_service
from app.services.document_files import (
    DocumentFile,
    document_language,
    kind_folder,
    made_on,
    period_in_name,
    render,
    report_period,
)
from app.services.session import Session, logged_in
from app.storage import stock_reports as stock_reports_db

MAX_STOCK_LINES = 5000  # moves or order lines in one Word table: beyond that, narrow the period
UNITS = ("sheets", "m", "m2", "pcs")


def _unit(unit, lang) -> str:
    return t("doc.unit." + unit, lang) if unit in UNITS else str(unit)


def _stock_items(session):
    """{(item_kind, code): (name, unit, catalog price)} of every paper and material."""
    cat = catalog_service.get_catalog(session)
    items = {("paper", p.code): (p.name, "sheets", p.price) for p in cat.papers.values()}
    items.update({("material", m.code): (m.name, m.unit, m.price) for m in cat.materials.values()})
    return items


def _item_name(items, key) -> str:
    return items[key][0] if key in items else key[1]


def _item_unit(items, key, lang) -> str:
    return _unit(items[key][1], lang) if key in items else ""


def _purchase_price(key, last, items):
    """(price, from the catalog?) : the last receipt's price, else the catalog's."""
    if key in last:
        return from_tiyn(last[key][0]), False
    if key in items:
        return items[key][2], True
    return None, False


def _end_of(day) -> str:
    return day.isoformat() + " 23:59:59"


def _sorted_lines(rows):
    return sorted(rows, key=lambda r: (r["item_kind"] != "paper", r["name"].lower(), r["code"]))


@logged_in
def stock_balance_figures(session: Session, at=None, lang=None) -> stock_report.BalanceData:
    """The balance of every item at the end of a day (today by default). Reservations are
    known for today only, so a past day shows none."""
    lang = document_language(lang)
    today = made_on(session)
    day = inputs.day(at, "date") or today
    if day > today:
        raise ValidationError("error.stock.future_date", "date")
    now = day == today
    rows = stock_service.balance_table(session, None if now else _end_of(day))
    last = stock_reports_db.last_receipts(session.db, None if now else _end_of(day))
    items = _stock_items(session)
    lines = []
    for r in _sorted_lines(rows):
        key = (r["item_kind"], r["code"])
        price, from_catalog = _purchase_price(key, last, items)
        lines.append(stock_report.BalanceLine(
            r["name"], _unit(r["unit"], lang), r["on_hand"], r["reserved"] if now else None,
            r["available"], r["minimum"], r["low"], r["negative"], price, from_catalog,
            q2(r["on_hand"] * price) if price is not None else None))
    return stock_report.BalanceData(day, now, lines)


@logged_in
def stock_balance(session: Session, at=None, lang=None, folder=None) -> DocumentFile:
    lang = document_language(lang)
    data = stock_balance_figures(session, at, lang)
    name = docx_base.safe_filename(t("doc.file.stock_balance", lang), data.day.isoformat())
    path = render(stock_report.balance, data, shop_service.requisites(session), made_on(session),
                  kind_folder("stock", lang, folder) / name, lang)
    return DocumentFile(path, "stock")


def _move_kind(kind, lang) -> str:
    key = "doc.stock.move." + kind
    text = t(key, lang)
    return kind if text == key else text


@logged_in
def stock_moves_figures(session: Session, date_from=None, date_to=None, item_kind=None,
                        code=None, lang=None) -> stock_report.MovesData:
    """The turnover of each item in the period (opening, receipts, used for orders,
    stock-taking, closing) and every move, oldest first; optionally of one item."""
    lang = document_language(lang)
    period = report_period(date_from, date_to)
    start = period.date_from.isoformat() if period.date_from else None
    end = period.date_to.isoformat() if period.date_to else None
    rows = stock_service.moves(session, start, end, item_kind, code, limit=MAX_STOCK_LINES + 1)
    if len(rows) > MAX_STOCK_LINES:
        raise ValidationError("error.document.too_many_lines", "date_from", max=MAX_STOCK_LINES)
    items = _stock_items(session)
    opening = stock_reports_db.balances_before(session.db, start) if start else {}
    turns = stock_reports_db.turnover(session.db, start, end)
    keys = set(turns) | {k for k, v in opening.items() if v}
    if item_kind and code:
        keys &= {(item_kind, code)}
    turnover = []
    for key in sorted(keys, key=lambda k: (k[0] != "paper", _item_name(items, k).lower(), k[1])):
        by_kind = turns.get(key, {})
        first = opening.get(key, 0)
        used = -sum(by_kind.get(k, 0) for k in stock_reports_db.USE_KINDS)
        closing = first + sum(by_kind.values())
        turnover.append(stock_report.TurnoverLine(
            _item_name(items, key), _item_unit(items, key, lang), stock_service.from_milli(first),
            stock_service.from_milli(by_kind.get("receipt", 0)), stock_service.from_milli(used),
            stock_service.from_milli(by_kind.get("adjustment", 0)),
            stock_service.from_milli(closing)))
    moves = []
    for r in rows:
        key = (r["item_kind"], r["code"])
        amount = stock_service.from_milli(r["qty_milli"])
        price = from_tiyn(r["price_tiyn"]) if r["price_tiyn"] is not None else None
        total = q2(amount * price) if price is not None and r["kind"] == "receipt" else None
        reason = r["reason"]
        if r["kind"] == "return" and reason == "cancelled":  # written by the stock service
            reason = t("doc.stock.reason.cancelled", lang)
        document = docx_base.join_nonempty([r["document"], reason], " · ")
        moves.append(stock_report.MoveLine(
            r["at"], _item_name(items, key), _move_kind(r["kind"], lang), amount,
            _item_unit(items, key, lang), price, total, r["supplier"], document,
            r["order_number"] or "", r["username"] or ""))
    item_name = _item_name(items, (item_kind, code)) if item_kind and code else ""
    return stock_report.MovesData(period.text(lang), item_name, turnover, moves)


@logged_in
def stock_moves(session: Session, date_from=None, date_to=None, item_kind=None, code=None,
                lang=None, folder=None) -> DocumentFile:
    lang = document_language(lang)
    data = stock_moves_figures(session, date_from, date_to, item_kind, code, lang)
    period = report_period(date_from, date_to)
    name = docx_base.safe_filename(t("doc.file.stock_moves", lang), period_in_name(period),
                                   code if item_kind and code else "")
    path = render(stock_report.moves, data, shop_service.requisites(session), made_on(session),
                  kind_folder("stock", lang, folder) / name, lang)
    return DocumentFile(path, "stock")


@logged_in
def materials_used_figures(session: Session, date_from=None, date_to=None,
                           lang=None) -> stock_report.UsedData:
    """What each order took from stock in the period (write-offs net of corrections and
    returns, by the date of the move), the same summed by product type and by item."""
    lang = document_language(lang)
    period = report_period(date_from, date_to)
    rows = stock_reports_db.used_by_order(
        session.db, period.date_from.isoformat() if period.date_from else None,
        period.date_to.isoformat() if period.date_to else None, limit=MAX_STOCK_LINES + 1)
    if len(rows) > MAX_STOCK_LINES:
        raise ValidationError("error.document.too_many_lines", "date_from", max=MAX_STOCK_LINES)
    items = _stock_items(session)
    by_order, by_type, by_item = [], {}, {}
    for r in rows:
        key = (r["item_kind"], r["code"])
        by_order.append(stock_report.UsedLine(
            r["number"], r["customer_name"], t("product." + r["product_type"], lang),
            _item_name(items, key), stock_service.from_milli(r["qty_milli"]),
            _item_unit(items, key, lang)))
        tkey = (r["product_type"], key)
        by_type[tkey] = by_type.get(tkey, 0) + r["qty_milli"]
        by_item[key] = by_item.get(key, 0) + r["qty_milli"]

    def item_order(key):
        return (key[0] != "paper", _item_name(items, key).lower(), key[1])
    types = []
    for (ptype, key), milli in sorted(by_type.items(), key=lambda kv: (
            t("product." + kv[0][0], lang).lower(), item_order(kv[0][1]))):
        if milli:
            types.append((t("product." + ptype, lang), _item_name(items, key),
                          stock_service.from_milli(milli), _item_unit(items, key, lang)))
    totals = [(_item_name(items, key), stock_service.from_milli(milli),
               _item_unit(items, key, lang))
              for key, milli in sorted(by_item.items(), key=lambda kv: item_order(kv[0]))
              if milli]
    return stock_report.UsedData(period.text(lang), by_order, types, totals)


@logged_in
def materials_used(session: Session, date_from=None, date_to=None, lang=None,
                   folder=None) -> DocumentFile:
    lang = document_language(lang)
    data = materials_used_figures(session, date_from, date_to, lang)
    name = docx_base.safe_filename(t("doc.file.materials_used", lang),
                                   period_in_name(report_period(date_from, date_to)))
    path = render(stock_report.materials_used, data, shop_service.requisites(session),
                  made_on(session), kind_folder("stock", lang, folder) / name, lang)
    return DocumentFile(path, "stock")


@logged_in
def what_to_buy_figures(session: Session, lang=None) -> stock_report.BuyData:
    """stock.to_buy (minimum + reserved − on hand, where positive) with the last purchase
    price (the catalog's when the item was never bought) and the estimated sum."""
    lang = document_language(lang)
    last = stock_reports_db.last_receipts(session.db)
    items = _stock_items(session)
    lines = []
    for r in _sorted_lines(stock_service.to_buy(session)):
        key = (r["item_kind"], r["code"])
        price, from_catalog = _purchase_price(key, last, items)
        lines.append(stock_report.BuyLine(
            r["name"], _unit(r["unit"], lang), r["on_hand"], r["reserved"], r["minimum"],
            r["to_buy"], price, from_catalog,
            q2(r["to_buy"] * price) if price is not None else None))
    return stock_report.BuyData(lines)


@logged_in
def what_to_buy(session: Session, lang=None, folder=None) -> DocumentFile:
    lang = document_language(lang)
    data = what_to_buy_figures(session, lang)
    today = made_on(session)
    name = docx_base.safe_filename(t("doc.file.what_to_buy", lang), today.isoformat())
    path = render(stock_report.what_to_buy, data, shop_service.requisites(session), today,
                  kind_folder("stock", lang, folder) / name, lang)
    return DocumentFile(path, "stock")
