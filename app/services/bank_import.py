"""Bank statement import (1CClientBankExchange): preview everything, then apply the sure
matches in one transaction.

A line is matched surely by an invoice number in the purpose text (the payer's BIN, when
given, must be the invoice customer's), else by the payer's BIN and an open invoice owing
exactly the amount. Everything else is listed for a person. The shop's own outgoing payments
are not income; a payment already in the ledger (payer's account, date, number, amount) or
twice in the file is known and adds nothing."""
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from app.domain import bank_statement
from app.domain.errors import ValidationError
from app.domain.money import from_tiyn, to_tiyn
from app.services import payments as payments_service
from app.services import shop as shop_service
from app.services.session import Session, logged_in
from app.storage import audit
from app.storage import payments as payments_db

MAX_BYTES = 50 * 1024 * 1024
MATCHED, UNMATCHED, KNOWN, OUTGOING = "matched", "unmatched", "known", "outgoing"


@dataclass(frozen=True)
class Line:
    document: bank_statement.Document
    status: str                  # matched, unmatched, known, outgoing
    reason: str = ""             # how matched (invoice, bin_amount) or why not
    customer_id: Optional[int] = None
    customer_name: str = ""
    allocations: Tuple[Tuple[int, str, Decimal], ...] = ()   # (invoice id, number, amount)
    advance: Decimal = Decimal("0.00")
    payment_id: Optional[int] = None                          # once applied


@dataclass(frozen=True)
class Preview:
    file: str
    encoding: str
    lines: Tuple[Line, ...]

    def count(self, status) -> int:
        return sum(1 for line in self.lines if line.status == status)

    def summary(self) -> Dict[str, int]:
        """payments: incoming payments read; new: not seen before (matched + unmatched)."""
        incoming = [x for x in self.lines if x.status != OUTGOING]
        return {"payments": len(incoming), "new": self.count(MATCHED) + self.count(UNMATCHED),
                "matched": self.count(MATCHED), "unmatched": self.count(UNMATCHED),
                "known": self.count(KNOWN), "outgoing": self.count(OUTGOING)}


def read(path) -> bank_statement.Statement:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ValidationError("error.import.too_large", "file", max_mb=MAX_BYTES // 2 ** 20)
        data = path.read_bytes()
    except OSError:
        raise ValidationError("error.import.unreadable", "file", name=path.name) from None
    return bank_statement.parse(data)


def bank_key(doc) -> Tuple[str, str, str, int]:
    return (doc.payer_account, doc.day.isoformat(), doc.number, to_tiyn(doc.amount))


class _Ledger:
    """What the database owes, less what earlier lines of this file took already."""

    def __init__(self, db):
        self.db = db
        self.taken: Dict[int, int] = {}
        self.by_customer: Dict[int, List[Dict]] = {}

    def open_of(self, customer_id) -> List[Dict]:
        if customer_id not in self.by_customer:
            self.by_customer[customer_id] = payments_service.open_invoices_of(self.db, customer_id)
        return [dict(i, owed_tiyn=i["owed_tiyn"] - self.taken.get(i["invoice_id"], 0))
                for i in self.by_customer[customer_id]]

    def owed(self, item) -> int:
        """An open item (storage's row) less what this file took of it already."""
        return item["total_tiyn"] - item["paid_tiyn"] - self.taken.get(item["invoice_id"], 0)

    def take(self, allocations):
        for invoice_id, _number, amount in allocations:
            self.taken[invoice_id] = self.taken.get(invoice_id, 0) + to_tiyn(amount)


def _by_invoice(db, ledger, doc, cited) -> Line:
    customers = {item["customer_id"] for item in cited.values()}
    if len(customers) > 1:
        return Line(doc, UNMATCHED, "several_customers")
    (customer_id,) = customers
    customer = db.one("SELECT name, bin FROM customers WHERE id = ?", (customer_id,))
    payer_bin = doc.payer_bin
    if payer_bin and customer["bin"] and payer_bin != customer["bin"]:
        return Line(doc, UNMATCHED, "bin_differs", customer_id, customer["name"])
    rest, out, done = to_tiyn(doc.amount), [], set()
    for item in cited.values():
        if item["invoice_id"] in done:  # the old and new invoice of one order both cited
            continue
        done.add(item["invoice_id"])
        owed = ledger.owed(item)
        if owed <= 0 or rest == 0:
            continue
        part = min(rest, owed)
        out.append((item["invoice_id"], item["number"], from_tiyn(part)))
        rest -= part
    if not out:
        return Line(doc, UNMATCHED, "invoice_paid", customer_id, customer["name"])
    return Line(doc, MATCHED, "invoice", customer_id, customer["name"], tuple(out),
                from_tiyn(rest))


def _by_bin(db, ledger, doc, find_payer=None) -> Line:
    """By the payer's BIN (or, for a Kaspi statement, `find_payer`: the phone or the name)
    and exactly one open invoice owing exactly the amount."""
    payer_bin = doc.payer_bin
    customer = payments_db.customer_by_bin(db, payer_bin) if payer_bin else None
    if customer is None and find_payer is not None:
        customer = find_payer(doc)
    if customer is None:
        return Line(doc, UNMATCHED, "unknown_payer")
    amount = to_tiyn(doc.amount)
    exact = [i for i in ledger.open_of(customer["id"]) if i["owed_tiyn"] == amount]
    if len(exact) != 1:
        return Line(doc, UNMATCHED, "no_invoice" if not exact else "several_invoices",
                    customer["id"], customer["name"])
    item = exact[0]
    return Line(doc, MATCHED, "bin_amount", customer["id"], customer["name"],
                ((item["invoice_id"], item["number"], doc.amount),))


def match(db, statement, shop_iik: str, find_payer=None) -> List[Line]:
    """Every document of the statement with what would happen to it (reads only)."""
    ledger, seen, out = _Ledger(db), set(), []
    # the shop's accounts: its requisites' IIK and the accounts the statement is of
    own = {a.replace(" ", "").upper() for a in [shop_iik or "", statement.header.get("РасчСчет", "")]
           + [a.get("РасчСчет", "") for a in statement.accounts] if a}
    keys = [bank_key(d) for d in statement.documents]
    known = payments_db.known_bank_keys(db, keys)
    for doc, key in zip(statement.documents, keys):
        if doc.payer_account in own:
            out.append(Line(doc, OUTGOING))
            continue
        if key in known or key in seen:
            out.append(Line(doc, KNOWN))
            continue
        seen.add(key)
        cited = payments_db.invoices_by_number(db, doc.invoice_numbers())
        line = (_by_invoice(db, ledger, doc, cited) if cited
                else _by_bin(db, ledger, doc, find_payer))
        if line.status == MATCHED:
            ledger.take(line.allocations)
        out.append(line)
    return out


def _reference(doc) -> str:
    text = "№{} {}: {}".format(doc.number, doc.day.strftime("%d.%m.%Y"), doc.purpose)
    return text[:500]


@logged_in
def preview(session: Session, path) -> Preview:
    """What the import would do, line by line; nothing is written."""
    statement = read(path)
    lines = match(session.db, statement, shop_service.requisites(session).get("iik", ""))
    return Preview(Path(path).name, statement.encoding, tuple(lines))


@logged_in
def apply(session: Session, path) -> Preview:
    """Write the sure matches, all in one transaction (one failure and nothing is written);
    the statement is read and matched again inside it, so the preview cannot be stale."""
    return write_matches(session, read(path), Path(path).name, "bank", "payment.bank_import")


def _open_items(db, lines, chunk=900) -> Dict[int, Dict]:
    """The open items of every invoice the matched lines pay, read at once (by the hundreds,
    under the driver's limit of parameters), by invoice id."""
    ids = sorted({i for line in lines if line.status == MATCHED
                  for i, _n, _a in line.allocations})
    out = {}
    for k in range(0, len(ids), chunk):
        for item in payments_service.open_invoices_of(db, None, ids[k:k + chunk]):
            out[item["invoice_id"]] = item
    return out


def write_matches(session: Session, statement, name, method, action, find_payer=None):
    db = session.db
    with db.atomic():
        lines = match(db, statement, shop_service.requisites(session).get("iik", ""),
                      find_payer)
        done = []
        opened = _open_items(db, lines)
        for line in lines:
            if line.status == MATCHED:
                doc = line.document
                wanted = {inv: to_tiyn(amount) for inv, _n, amount in line.allocations}
                items = [opened[i] for i in wanted if i in opened]
                payment_id = payments_service.write_payment(
                    session, line.customer_id, to_tiyn(doc.amount), doc.received.isoformat(),
                    method, _reference(doc), wanted, bank_key(doc), items)
                for i, tiyn in wanted.items():  # what the next lines find still owed
                    if i in opened:
                        opened[i] = dict(opened[i], owed_tiyn=opened[i]["owed_tiyn"] - tiyn)
                line = replace(line, payment_id=payment_id)
            done.append(line)
        result = Preview(name, statement.encoding, tuple(done))
        audit.write(db, session.user, action, "statement", result.file, result.summary())
    return result


def as_dict(result: Preview) -> Dict:
    """The machine form of a preview or an import (the command line's --json)."""
    out = dict(result.summary(), file=result.file, encoding=result.encoding, lines=[])
    for line in result.lines:
        doc = line.document
        out["lines"].append({
            "line": doc.line, "number": doc.number, "date": doc.day.isoformat(),
            "amount": str(doc.amount), "payer": doc.payer_name, "payer_bin": doc.payer_bin,
            "status": line.status, "reason": line.reason, "customer_id": line.customer_id,
            "payment_id": line.payment_id, "advance": str(line.advance),
            "allocations": [{"invoice_id": i, "invoice": n, "amount": str(a)}
                            for i, n, a in line.allocations]})
    return out
