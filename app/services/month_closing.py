"""Closing the sale in one go, for one order or many (the Closing list, the order's "Close the
sale"): each customer's orders get the act or the waybill their product type takes by default,
then one ESF container for all of them where the shop exports ESF.

All or nothing: the documents are issued in one transaction; if any refuses (not made, no BIN,
closed by another document), no number is kept and the files already written are removed, so
no file on disk carries a number that the next document would take again.
"""
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from app.domain.errors import ValidationError
from app.services import catalog as catalog_service
from app.services import closing_documents, esf
from app.services import orders as orders_service
from app.services.session import Session, logged_in

MAX_ORDERS = 500  # a month's closing of a small shop at once


@dataclass(frozen=True)
class ClosedSale:
    documents: tuple  # closing_documents.ClosingFile, one per customer and kind
    esf: Optional[esf.EsfFile]  # None: the shop exports no ESF, or it was not asked for

    @property
    def paths(self) -> List[Path]:
        out = [d.path for d in self.documents]
        if self.esf is not None and self.esf.path is not None:
            out.append(self.esf.path)
        return out


def esf_needed(session: Session) -> bool:
    """A VAT payer issues an ESF for every sale; a shop that is not one only if set so."""
    if catalog_service.current(session.db)[1].settings.vat_payer:
        return True
    return esf.settings(session)["non_payer"] == "all"


def _groups(session, order_ids) -> List[Tuple[str, List[int]]]:
    """(kind, order ids) per customer and default kind, in the order first chosen."""
    kinds = closing_documents.default_kinds(session)
    groups: Dict[Tuple[int, str], List[int]] = {}
    for oid in order_ids:
        order = orders_service.get(session, oid)
        groups.setdefault((order.customer_id, kinds[order.product_type]), []).append(order.id)
    return [(kind, ids) for (_customer, kind), ids in groups.items()]


@logged_in
def close(session: Session, order_ids: Sequence[int], lang=None, with_esf=True,
          folder=None, esf_folder=None) -> ClosedSale:
    """The act or waybill of each customer's chosen orders, and their ESF (with_esf and the
    shop exports ESF). An order closed already by its default document is printed again."""
    ids = list(dict.fromkeys(int(i) for i in order_ids))
    if not ids:
        raise ValidationError("error.closing.no_orders", "order")
    if len(ids) > MAX_ORDERS:
        raise ValidationError("error.closing.too_many_orders", "order", max=MAX_ORDERS)
    made: List[closing_documents.ClosingFile] = []
    db = session.db
    try:
        with db.atomic():
            for kind, group in _groups(session, ids):
                made.append(closing_documents.issue(session, kind, group, lang, folder))
            sent = None
            if with_esf and esf_needed(session):
                sent = esf.export(session, order_ids=ids, folder=esf_folder)
    except Exception:
        for doc in made:  # their numbers were rolled back: no file may keep one
            try:
                Path(doc.path).unlink()
            except OSError:
                pass
        raise
    return ClosedSale(tuple(made), sent)
