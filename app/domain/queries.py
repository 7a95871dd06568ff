"""What a screen asks for: the orders of a list, the orders of an analysis.

Plain records the screens build and hand to the services; storage turns them into SQL."""
from dataclasses import dataclass
from typing import Optional, Sequence


@dataclass(frozen=True)
class OrderFilter:
    statuses: Sequence[str] = ()
    product_types: Sequence[str] = ()
    customer_id: Optional[int] = None
    manager_id: Optional[int] = None
    date_from: Optional[str] = None  # 'YYYY-MM-DD', inclusive
    date_to: Optional[str] = None  # inclusive
    text: str = ""


@dataclass(frozen=True)
class Selection:
    """Which orders an analysis looks at. Dates are inclusive 'YYYY-MM-DD' of creation."""
    date_from: Optional[str] = None
    date_to: Optional[str] = None
    product_types: Sequence[str] = ()
    customer_ids: Sequence[int] = ()
    statuses: Sequence[str] = ("ready", "delivered", "paid")
    exclude_ids: Sequence[int] = ()
