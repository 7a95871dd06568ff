"""Customers, users and orders as the services hand them to screens and documents."""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:  # the estimate (and job) modules load with the first order, not at login
    from app.domain.estimate import Estimate

ROLES = ("admin", "manager")

STATUSES = ("new", "quoted", "approved", "prepress", "production", "ready", "delivered", "paid",
            "cancelled")

# The sensible path of an order. Prepress may be skipped when there is no design work; an
# order can be cancelled until it is made; a made order can no longer be cancelled (it is
# delivered and paid, or written off by the owner outside the app).
TRANSITIONS = {
    "new": ("quoted", "approved", "cancelled"),
    "quoted": ("approved", "new", "cancelled"),
    "approved": ("prepress", "production", "quoted", "cancelled"),
    "prepress": ("production", "cancelled"),
    "production": ("ready", "cancelled"),
    "ready": ("delivered",),
    "delivered": ("paid",),
    "paid": (),
    "cancelled": (),
}
EDITABLE_STATUSES = ("new", "quoted", "approved")
MADE_STATUSES = ("ready", "delivered", "paid")  # actual figures can be recorded


def can_move(from_status, to_status) -> bool:
    return to_status in TRANSITIONS.get(from_status, ())


@dataclass(frozen=True)
class User:
    id: int
    username: str
    full_name: str
    role: str
    active: bool = True
    must_change_password: bool = False
    version: int = 1

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True)
class Customer:
    id: Optional[int]
    name: str
    bin: Optional[str] = None
    contact_person: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    discount_pct: Decimal = Decimal(0)
    notes: str = ""
    version: int = 1


@dataclass(frozen=True)
class CustomerTotals:
    orders: int
    revenue: Decimal  # net price of orders not cancelled
    cost: Decimal
    profit: Decimal
    last_order: Optional[str]
    unpaid: Decimal


@dataclass(frozen=True)
class Contract:
    """A contract with a customer (договор / шарт): invoices and closing papers refer to it."""
    id: Optional[int]
    customer_id: int
    number: str
    signed_on: date
    subject: str = ""
    valid_until: Optional[date] = None  # None: open-ended
    active: bool = True
    version: int = 1

    def valid_on(self, day: date) -> bool:
        return self.signed_on <= day and (self.valid_until is None or day <= self.valid_until)


@dataclass(frozen=True)
class Actual:
    """What a made order really cost."""
    direct: Decimal
    overhead: Decimal
    cost: Decimal
    profit: Decimal
    profit_pct: Decimal
    lines: tuple  # of EstimateLine
    usage: dict  # what was recorded: gross_sheets, metres, minutes
    overhead_allocated: bool = False
    materials: tuple = ()  # of MaterialUse: what really went out of stock


@dataclass(frozen=True)
class Order:
    id: int
    number: str
    customer_id: int
    customer_name: str
    product_type: str
    status: str
    title: str
    quantity: int
    created_at: str
    due_date: Optional[str]
    finished_at: Optional[str]
    paid_at: Optional[str]
    manager_id: Optional[int]
    manager_name: str
    catalog_version_id: int
    estimate: "Estimate"
    actual: Optional[Actual]
    notes: str
    version: int
    turnover_date: Optional[str] = None  # the day it was handed over (its act or waybill)

    @property
    def cost(self) -> Decimal:
        """Actual full cost where recorded, else the estimate's."""
        return self.actual.cost if self.actual else self.estimate.cost

    @property
    def profit(self) -> Decimal:
        return self.estimate.price_net - self.cost


@dataclass(frozen=True)
class OrderRow:
    """One line of the orders list: just what the list shows, read without JSON."""
    id: int
    number: str
    customer_id: int
    customer_name: str
    product_type: str
    status: str
    title: str
    quantity: int
    created_at: str
    due_date: Optional[str]
    price_gross: Decimal
    cost: Decimal
    profit_pct: Decimal
    manager_name: str
