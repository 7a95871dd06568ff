"""Kaspi Business statement import (issue 20 item 5): an Excel (or CSV) file without a fixed
layout. The first import says which columns are the date, amount, payer and comment and on
which row the payments start; the mapping is remembered for the next file.

The rows become statement documents and go through the bank import's matching: an invoice
number in the comment, else the payer (a BIN/IIN, a phone number or the customer's name in
the payer or comment) and exactly one open invoice of that amount. A row is known again by
its date, amount, payer and comment; negative amounts are the shop's own spending."""
import hashlib
import json
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Dict, List, Optional

from app.domain import bank_statement
from app.domain.errors import ValidationError
from app.services import bank_import
from app.services.customer_import import read_table
from app.services.session import Session, logged_in
from app.storage import catalog as catalog_db
from app.storage import payments as payments_db

MAPPING_KEY = "kaspi.columns"
FIELDS = ("date", "amount", "payer", "comment")
ACCOUNT, OUTGOING_ACCOUNT = "KASPI", "KASPI-OUT"
DATE_FORMATS = ("%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S",
                "%Y-%m-%d")
PHONE_RE = re.compile(r"(?<!\d)[78]?(7\d{9})(?!\d)")


def _day(text, row) -> date:
    text = (text or "").strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValidationError("error.kaspi.bad_date", "file", row=row, value=text)


def _amount(text, row) -> Decimal:
    clean = re.sub(r"[\s\u00a0₸]|KZT|тг", "", text or "").replace(",", ".")
    try:
        value = Decimal(clean)
    except InvalidOperation:
        raise ValidationError("error.kaspi.bad_amount", "file", row=row, value=text) from None
    if not value.is_finite() or value == 0 or value != value.quantize(Decimal("0.01")) \
            or abs(value) >= Decimal("1e13"):
        raise ValidationError("error.kaspi.bad_amount", "file", row=row, value=text)
    return value


def checked_mapping(mapping, width) -> Dict[str, int]:
    """{field: column index from 0, "first_row": from 1}; every field a column of the file."""
    if not mapping:
        raise ValidationError("error.kaspi.no_mapping", "file")
    out = {}
    for key in FIELDS + ("first_row",):
        try:
            out[key] = int(mapping[key])
        except (KeyError, TypeError, ValueError):
            raise ValidationError("error.kaspi.bad_mapping", key) from None
        low, high = (1, 10 ** 6) if key == "first_row" else (0, width - 1)
        if not low <= out[key] <= high:
            raise ValidationError("error.kaspi.bad_mapping", key)
    return out


def statement(rows: List[List[str]], mapping) -> bank_statement.Statement:
    """The rows from mapping["first_row"] as statement documents (blank rows skipped)."""
    width = max((len(r) for r in rows), default=0)
    m = checked_mapping(mapping, width)
    docs = []
    for n, cells in enumerate(rows[m["first_row"] - 1:], m["first_row"]):
        cells = list(cells) + [""] * (width - len(cells))
        if not any(str(c).strip() for c in cells):
            continue
        day = _day(cells[m["date"]], n)
        amount = _amount(cells[m["amount"]], n)
        payer, comment = cells[m["payer"]].strip(), cells[m["comment"]].strip()
        key = "|".join((day.isoformat(), str(abs(amount)), payer, comment))
        number = hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
        docs.append(bank_statement.Document(
            n, "Kaspi", number, day, abs(amount).quantize(Decimal("0.01")),
            {"ПлательщикСчет": ACCOUNT if amount > 0 else OUTGOING_ACCOUNT,
             "Плательщик": payer, "НазначениеПлатежа": comment}))
    # the shop's spending is "paid from its own account", as in a bank statement
    return bank_statement.Statement({"РасчСчет": OUTGOING_ACCOUNT}, (), tuple(docs), "kaspi")


def _digits(text) -> str:
    return re.sub(r"\D", "", text or "")


def payer_finder(db):
    """find(doc) -> the one customer whose phone or name the payer or comment holds."""
    contacts = None

    def find(doc):
        nonlocal contacts
        if contacts is None:
            contacts = payments_db.contacts(db)
        text = doc.payer_name + " " + doc.purpose
        phones = {m for m in PHONE_RE.findall(_digits_spaced(text))}
        folded = text.casefold()
        found = [c for c in contacts
                 if (phones and _digits(c["phone"])[-10:] in phones)
                 or (len(c["name"]) >= 4 and c["name"].casefold() in folded)]
        return found[0] if len(found) == 1 else None
    return find


def _digits_spaced(text) -> str:
    """Phone numbers written +7 701 123 45 67 or 8(701)1234567 as plain digit runs."""
    return re.sub(r"(?<=\d)[\s\-()]+(?=\d)", "", text.replace("+", " "))


@logged_in
def saved_mapping(session: Session) -> Optional[Dict[str, int]]:
    text = catalog_db.get_setting(session.db, MAPPING_KEY)
    return json.loads(text) if text else None


@logged_in
def head(session: Session, path, count=10) -> List[List[str]]:
    """The first rows of the file, for choosing the columns."""
    return read_table(path)[:count]


@logged_in
def preview(session: Session, path, mapping=None) -> bank_import.Preview:
    """Every row and what would happen to it; nothing written. Without a mapping, the one
    remembered from the last import."""
    mapping = mapping or saved_mapping(session)
    st = statement(read_table(path), mapping)
    lines = bank_import.match(session.db, st, "", payer_finder(session.db))
    return bank_import.Preview(Path(path).name, st.encoding, tuple(lines))


@logged_in
def apply(session: Session, path, mapping=None) -> bank_import.Preview:
    """The sure matches in one transaction; the mapping is remembered with them."""
    mapping = mapping or saved_mapping(session)
    rows = read_table(path)
    st = statement(rows, mapping)
    db = session.db
    with db.atomic():
        catalog_db.set_setting(db, MAPPING_KEY, json.dumps(
            checked_mapping(mapping, max(len(r) for r in rows)), sort_keys=True))
        return bank_import.write_matches(session, st, Path(path).name, "kaspi",
                                         "payment.kaspi_import", payer_finder(db))
