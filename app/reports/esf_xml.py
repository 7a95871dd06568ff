"""The e-invoice (ЭСФ) XML that the ИС ЭСФ portal (and 1C) imports: one container of InvoiceV2
invoices, as in the ESF SDK's sample "One InvoiceV2.xml" (shared/docs/kz-closing.md).

The child elements are unqualified and follow the XSD's sequence, so the order of the code
below is the order of the file; optional elements are left out when empty. Dates dd.MM.yyyy,
amounts plain decimals with a dot and two places, UTF-8.
"""
import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Optional, Sequence

from app import private_files

CONTAINER_NS = "esf"
ABSTRACT_NS = "abstractInvoice.esf"
V2_NS = "v2.esf"
INVOICE_TYPE = "ORDINARY_INVOICE"
CURRENCY = "KZT"
COUNTRY = "KZ"


@dataclass(frozen=True)
class EsfParty:
    name: str
    tin: str  # BIN/IIN
    address: str = ""
    bank: str = ""  # the seller's only
    bik: str = ""
    iik: str = ""
    kbe: str = ""


@dataclass(frozen=True)
class EsfProduct:
    description: str
    quantity: Decimal
    unit_code: str  # unitNomenclature: 796 a piece
    unit_price: Decimal  # without VAT
    price_without_tax: Decimal
    nds_rate: Optional[Decimal]  # None: "Без НДС" (exempt, or not a VAT payer)
    nds_amount: Decimal
    price_with_tax: Decimal
    origin_code: str  # truOriginCode
    catalog_tru_id: str = "1"


@dataclass(frozen=True)
class EsfInvoice:
    num: str  # the account system's number: the act's or waybill's
    date: date  # the day the ESF is written out
    turnover_date: date
    operator: str  # operatorFullname: who writes it out
    seller: EsfParty
    customer: EsfParty
    products: Sequence[EsfProduct]
    contract_num: str = ""  # "" : no contract (hasContract false)
    contract_date: Optional[date] = None

    @property
    def total_without_tax(self) -> Decimal:
        return sum((p.price_without_tax for p in self.products), Decimal(0))

    @property
    def total_nds(self) -> Decimal:
        return sum((p.nds_amount for p in self.products), Decimal(0))

    @property
    def total_with_tax(self) -> Decimal:
        return sum((p.price_with_tax for p in self.products), Decimal(0))


def day_text(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def amount_text(value: Decimal) -> str:
    return "{:.2f}".format(Decimal(value))


def number_text(value: Decimal) -> str:
    """A quantity or a rate: 1000, 12, 2.5 (no trailing zeros, never an exponent)."""
    text = "{:f}".format(Decimal(value))
    return text.rstrip("0").rstrip(".") if "." in text else text


def _sub(parent, tag, text=None):
    el = ET.SubElement(parent, tag)
    if text is not None:
        el.text = text
    return el


def _opt(parent, tag, text):
    if text:
        _sub(parent, tag, text)


def _product(parent, p: EsfProduct):
    # the XSD's sequence (alphabetical): catalogTruId … unitPrice
    el = _sub(parent, "product")
    _sub(el, "catalogTruId", p.catalog_tru_id)
    _sub(el, "description", p.description)
    _sub(el, "ndsAmount", amount_text(p.nds_amount))
    if p.nds_rate is not None:
        _sub(el, "ndsRate", number_text(p.nds_rate))
    _sub(el, "priceWithTax", amount_text(p.price_with_tax))
    _sub(el, "priceWithoutTax", amount_text(p.price_without_tax))
    _sub(el, "quantity", number_text(p.quantity))
    _sub(el, "truOriginCode", p.origin_code)
    _sub(el, "turnoverSize", amount_text(p.price_without_tax))
    _sub(el, "unitNomenclature", p.unit_code)
    _sub(el, "unitPrice", amount_text(p.unit_price))


def invoice_element(inv: EsfInvoice):
    # the prefixes are written as the sample has them: declared on each invoice
    el = ET.Element("v2:invoice", {"xmlns:a": ABSTRACT_NS, "xmlns:v2": V2_NS})
    _sub(el, "date", day_text(inv.date))
    _sub(el, "invoiceType", INVOICE_TYPE)
    _sub(el, "num", inv.num)
    _sub(el, "operatorFullname", inv.operator)
    _sub(el, "turnoverDate", day_text(inv.turnover_date))
    customer = _sub(_sub(el, "customers"), "customer")
    _opt(customer, "address", inv.customer.address)
    _sub(customer, "countryCode", COUNTRY)
    _sub(customer, "name", inv.customer.name)
    _sub(customer, "tin", inv.customer.tin)
    term = _sub(el, "deliveryTerm")
    if inv.contract_num:
        if inv.contract_date is not None:
            _sub(term, "contractDate", day_text(inv.contract_date))
        _sub(term, "contractNum", inv.contract_num)
    _sub(term, "hasContract", "true" if inv.contract_num else "false")
    product_set = _sub(el, "productSet")
    _sub(product_set, "currencyCode", CURRENCY)
    products = _sub(product_set, "products")
    for p in inv.products:
        _product(products, p)
    _sub(product_set, "totalExciseAmount", amount_text(Decimal(0)))
    _sub(product_set, "totalNdsAmount", amount_text(inv.total_nds))
    _sub(product_set, "totalPriceWithTax", amount_text(inv.total_with_tax))
    _sub(product_set, "totalPriceWithoutTax", amount_text(inv.total_without_tax))
    _sub(product_set, "totalTurnoverSize", amount_text(inv.total_without_tax))
    seller = _sub(_sub(el, "sellers"), "seller")
    for tag, value in (("address", inv.seller.address), ("bank", inv.seller.bank),
                       ("bik", inv.seller.bik), ("iik", inv.seller.iik),
                       ("kbe", inv.seller.kbe)):
        _opt(seller, tag, value)
    _sub(seller, "name", inv.seller.name)
    _sub(seller, "tin", inv.seller.tin)
    return el


def container(invoices: Sequence[EsfInvoice]) -> bytes:
    """The whole file: esf:invoiceContainer / invoiceSet / v2:invoice…, UTF-8."""
    root = ET.Element("esf:invoiceContainer", {"xmlns:esf": CONTAINER_NS})
    invoice_set = _sub(root, "invoiceSet")
    for inv in invoices:
        invoice_set.append(invoice_element(inv))
    return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            + ET.tostring(root, encoding="unicode").encode("utf-8"))


def write(invoices: Sequence[EsfInvoice], path) -> Path:
    """Written whole or not at all: a temporary file beside it, then renamed."""
    path = Path(path)
    private_files.make_folder(path.parent)
    data = container(invoices)
    tmp = path.with_name("~tmp-" + path.name)
    private_files.touch(tmp)
    with open(str(tmp), "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(str(tmp), str(path))
    return path
