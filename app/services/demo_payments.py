"""The demo's money in (issue 20 item 9): invoices and payments for the orders of the last
weeks, some in parts, some by Kaspi, a few advances; and a bank statement of the last days
in the 1CClientBankExchange format for the import to find its invoices in.

Called by app.services.demo.build inside its transaction; recent orders only, so a demo of
200,000 orders stays quick to build."""
import random
from datetime import datetime, timedelta
from typing import Dict, List

from app.domain import bank_statement
from app.domain.money import from_tiyn
from app.services import payments as payments_service
from app.services.session import Session
from app.storage import invoices as invoices_db
from app.storage import payments as payments_db

DAYS = 30
MAX_ORDERS = 1500
METHODS = (("bank", 55), ("kaspi", 30), ("card", 8), ("cash", 7))


def _method(rng):
    return rng.choices([m for m, _ in METHODS], [w for _, w in METHODS])[0]


def add(session: Session, rng: random.Random, today: datetime) -> Dict[str, int]:
    """Invoices for the paid and delivered orders of the last DAYS days and their payments:
    paid orders in full (a quarter in two parts), delivered ones partly or not at all; three
    customers paid more than they owe (an advance)."""
    db = session.db
    since = (today - timedelta(days=DAYS)).strftime("%Y-%m-%d")
    orders = payments_db.made_since(db, since, MAX_ORDERS)
    counts = {"invoices": 0, "payments": 0}
    delivered = []
    for o in orders:
        row = invoices_db.issue(db, o["id"], int(o["created_at"][:4]), o["created_at"],
                                session.user.id, o["price_gross_tiyn"])
        counts["invoices"] += 1
        total = o["price_gross_tiyn"]
        if o["status"] == "delivered":
            delivered.append((o, row))
            if rng.random() < 0.4:
                _pay(session, o, row, total // 2, o["finished_at"], _method(rng), counts)
            continue
        day = o["paid_at"] or o["finished_at"]
        if rng.random() < 0.25 and total > 100:
            first = total * rng.randint(30, 70) // 100
            before = (datetime.strptime(day[:10], "%Y-%m-%d") - timedelta(days=3))
            _pay(session, o, row, first, before.strftime("%Y-%m-%d"), _method(rng), counts)
            total -= first
        _pay(session, o, row, total, day, _method(rng), counts)
    for o, _row in delivered[:3]:
        owed = sum(i["owed_tiyn"] for i in payments_service.open_invoices_of(db, o["customer_id"]))
        payments_service.write_payment(session, o["customer_id"], owed + 5000000,
                                       o["finished_at"][:10], "bank", "аванс")
        counts["payments"] += 1
    return counts


def _pay(session, order, invoice, tiyn, day, method, counts):
    if tiyn <= 0:
        return
    reference = "{} {}".format(invoice["number"], order["number"])
    if order["status"] == "paid":
        # the demo's history: these orders are paid already (no open item to allocate to
        # through the service), so their ledger rows are written as they would have been
        db = session.db
        payment_id = payments_db.add_payment(db, day[:10], tiyn, method, order["customer_id"],
                                             reference, day, session.user.id)
        payments_db.add_allocations(db, payment_id, [(invoice["id"], tiyn)])
    else:
        payments_service.write_payment(session, order["customer_id"], tiyn, day[:10], method,
                                       reference, {invoice["id"]: tiyn})
    counts["payments"] += 1


def write_statement(db, path, today=None) -> str:
    """The demo statement beside the demo database (`python -m app demo` writes it)."""
    from pathlib import Path

    from app.private_files import touch
    from app.services import shop
    from app.storage import users as users_db
    admin = next(u for u in users_db.list_all(db) if u.role == "admin")
    today = today or datetime.now()
    data = statement(Session(db, admin), today, shop.requisites_of(db)["iik"])
    touch(path)  # made private before anything is in it
    Path(path).write_bytes(data)
    return str(path)


def _open_items(db, count, newest=False):
    """(customer row, its oldest open invoice) of customers with delivered orders, the most
    recent first. newest: the newest open invoice of those that owe on two or more (the bank
    statement pays the oldest: the two statements do not pay one invoice twice)."""
    seen, items = set(), []
    for o in payments_db.open_customers(db, count * 25):
        if o["customer_id"] in seen:
            continue
        seen.add(o["customer_id"])
        found = payments_service.open_invoices_of(db, o["customer_id"])
        if found and not newest:
            items.append((o, found[0]))
        elif len(found) > 1:
            items.append((o, found[-1]))
        if len(items) >= count:
            break
    return items


KASPI_HEADERS = ("№", "Дата операции", "Отправитель", "Сумма, ₸", "Комментарий")


def kaspi_rows(session: Session, today: datetime, count=6) -> List[list]:
    """A Kaspi Business statement of the last days, as its Excel export lists them: payments
    of invoices the bank statement does not pay (the payer named, or a phone or the invoice in
    the comment), one from an unknown payer and Kaspi's own fee (outgoing)."""
    from app.storage import customers as customers_db
    db = session.db
    rows = []
    for n, (o, item) in enumerate(_open_items(db, count, newest=True)):
        when = (today - timedelta(days=n % 3)).replace(hour=9 + n, minute=5 * n)
        phone = customers_db.get(db, o["customer_id"]).phone or ""
        comment = ("Оплата счета № {}".format(item["number"]) if n % 3 == 0
                   else "тел. " + phone if n % 3 == 1 and phone else "за печать")
        rows.append([n + 1, when.strftime("%d.%m.%Y %H:%M"), o["name"],
                     from_tiyn(item["owed_tiyn"]), comment])
    k = len(rows)
    rows.append([k + 1, today.strftime("%d.%m.%Y 12:40"), "Жанар Б.", from_tiyn(850000),
                 "за визитки"])
    rows.append([k + 2, today.strftime("%d.%m.%Y 23:59"), "Kaspi", from_tiyn(-120000),
                 "комиссия за период"])
    return rows


def write_kaspi_statement(db, path, today=None) -> str:
    """The demo's Kaspi Business statement (.xlsx) beside the demo database."""
    from app.reports import exports
    from app.storage import users as users_db
    admin = next(u for u in users_db.list_all(db) if u.role == "admin")
    rows = kaspi_rows(Session(db, admin), today or datetime.now())
    exports.write_xlsx(path, [exports.Sheet("Kaspi Business", KASPI_HEADERS, rows)])
    return str(path)


def statement(session: Session, today: datetime, shop_iik: str, count=12) -> bytes:
    """A bank statement of the last days paying open invoices: half name the invoice, the
    rest only the payer's BIN (with the amount), one from a payer the shop does not know."""
    db = session.db
    lines: List[str] = ["1CClientBankExchange", "ВерсияФормата=1.03", "Кодировка=Windows",
                        "Отправитель=Halyk Bank", "Получатель=iPrint",
                        "ДатаСоздания=" + today.strftime("%d.%m.%Y"),
                        "ДатаНачала=" + (today - timedelta(days=3)).strftime("%d.%m.%Y"),
                        "ДатаКонца=" + today.strftime("%d.%m.%Y"), "РасчСчет=" + shop_iik]
    for n, (o, item) in enumerate(_open_items(db, count)):
        day = (today - timedelta(days=n % 3)).strftime("%d.%m.%Y")
        purpose = ("Оплата по счету № {} за полиграфические услуги".format(item["number"])
                   if n % 2 == 0 else "Оплата за полиграфические услуги, без НДС")
        lines += bank_statement.document_lines(
            "Платежное поручение", str(700 + n), day, from_tiyn(item["owed_tiyn"]),
            {"ПлательщикСчет": "KZ{:02d}601A{:013d}".format(n % 90 + 10, 861000 + n),
             "Плательщик": o["name"], "ПлательщикБИН_ИИН": o["bin"] or "",
             "ПолучательСчет": shop_iik, "ДатаПоступило": day, "КНП": "859",
             "НазначениеПлатежа": purpose})
    lines += bank_statement.document_lines(
        "Платежное поручение", "999", today.strftime("%d.%m.%Y"), from_tiyn(1234500),
        {"ПлательщикСчет": "KZ55601A0000009999999", "Плательщик": "ИП Неизвестный",
         "ПлательщикБИН_ИИН": "870412300555", "ПолучательСчет": shop_iik,
         "НазначениеПлатежа": "Предоплата"})
    lines.append(bank_statement.END)
    return bank_statement.encode(lines)
