"""The job spec: what the customer wants made, as the manager enters it.

`JobSpec.from_dict` is the one door for specs from the command line, the screens and the
database; it checks types and ranges and names the field of every error.
"""
import math
import re
from dataclasses import asdict, dataclass, replace
from decimal import Decimal
from typing import Optional

from app.domain import inputs, text
from app.domain.catalog import PRODUCT_TYPES
from app.domain.errors import ValidationError
from app.domain.money import parse_decimal

MAX_QUANTITY = 10000000  # ten million items: beyond that the input is a typo
MAX_SIZE_MM = 5000
MAX_BLEED_MM = 20
MAX_MINUTES = 100000
COLOURS_RE = re.compile(r"^\s*([0-4])\s*\+\s*([0-4])\s*$")


@dataclass(frozen=True)
class JobSpec:
    product_type: str
    quantity: int
    width_mm: int = 0
    height_mm: int = 0
    colours: str = "4+0"
    paper: str = ""
    press: Optional[str] = None  # None: choose the cheapest press
    bleed_mm: int = 0
    lamination_sides: int = 0
    numbering: bool = False
    pad_sheets: int = 0  # blank: padded into pads of N sheets; 0 = no padding
    sheets_per_journal: int = 0
    cover: str = "none"  # journal: none | soft | hard | a cover material code
    lacing_sealing: bool = False
    page_numbering: bool = False
    label_length_mm: int = 0
    ribbon: str = ""
    label_colours: int = 1
    designer_minutes: int = 0
    rush: bool = False
    discount_pct: Decimal = Decimal(0)
    markup_pct: Optional[Decimal] = None  # None: the markup of the product type
    name: str = ""  # what the job is called on documents ("Визитки", "Бланк заявки"…)

    @property
    def front_colours(self) -> int:
        return int(COLOURS_RE.match(self.colours).group(1))

    @property
    def back_colours(self) -> int:
        return int(COLOURS_RE.match(self.colours).group(2))

    @property
    def items(self) -> int:
        """Printed items: journals print quantity × sheets."""
        if self.product_type == "journal":
            return self.quantity * self.sheets_per_journal
        return self.quantity

    def with_quantity(self, quantity) -> "JobSpec":
        return replace(self, quantity=int(quantity))

    def to_dict(self, compact=False) -> dict:
        """All fields; `compact` leaves out those at their default (the stored form)."""
        out = asdict(self)
        out["discount_pct"] = str(self.discount_pct)
        out["markup_pct"] = None if self.markup_pct is None else str(self.markup_pct)
        if compact:
            out = {k: v for k, v in out.items()
                   if k in ("product_type", "quantity") or v != _DEFAULTS[k]}
            if not self.discount_pct:
                out.pop("discount_pct", None)
        return out

    @classmethod
    def from_dict(cls, data) -> "JobSpec":
        if not isinstance(data, dict):
            raise ValidationError("error.spec.not_object", "spec")
        unknown = set(data) - _FIELDS
        if unknown:
            raise ValidationError("error.spec.unknown_key", sorted(unknown)[0], name=sorted(unknown)[0])
        ptype = data.get("product_type")
        if ptype not in PRODUCT_TYPES:
            raise ValidationError("error.spec.product_type", "product_type", value=str(ptype))
        kw = {"product_type": ptype}
        kw["quantity"] = _int(data, "quantity", 1, MAX_QUANTITY, required=True)
        sheet_based = ptype != "label"
        if sheet_based:
            kw["width_mm"] = _int(data, "width_mm", 1, MAX_SIZE_MM, required=True)
            kw["height_mm"] = _int(data, "height_mm", 1, MAX_SIZE_MM, required=True)
            colours = data.get("colours", "4+0")
            if isinstance(colours, str):
                colours = text.clean(colours, "colours", text.CODE)
            m = COLOURS_RE.match(str(colours)) if isinstance(colours, str) else None
            if not m:
                raise ValidationError("error.spec.colours_format", "colours", value=str(colours))
            if int(m.group(1)) == 0:
                raise ValidationError("error.spec.colours_front_zero", "colours")
            kw["colours"] = "{}+{}".format(m.group(1), m.group(2))
            kw["paper"] = _code(data, "paper", required=True)
            press = data.get("press")
            kw["press"] = None if press in (None, "", "auto") else _code(data, "press")
            kw["bleed_mm"] = _int(data, "bleed_mm", 0, MAX_BLEED_MM)
            kw["lamination_sides"] = _int(data, "lamination_sides", 0, 2)
            kw["numbering"] = _bool(data, "numbering")
        if ptype == "blank":
            kw["pad_sheets"] = _int(data, "pad_sheets", 0, 10000)
        if ptype == "journal":
            kw["sheets_per_journal"] = _int(data, "sheets_per_journal", 1, 1000, required=True)
            cover = data.get("cover", "none")
            if cover in (None, ""):
                cover = "none"
            if not isinstance(cover, str):
                raise ValidationError("error.spec.cover", "cover", value=str(cover))
            kw["cover"] = text.clean(cover, "cover", text.CODE)
            kw["lacing_sealing"] = _bool(data, "lacing_sealing")
            kw["page_numbering"] = _bool(data, "page_numbering")
            if kw["quantity"] * kw["sheets_per_journal"] > MAX_QUANTITY:
                raise ValidationError("error.spec.too_many_items", "quantity", max=MAX_QUANTITY)
        if ptype == "label":
            kw["label_length_mm"] = _int(data, "label_length_mm", 5, 1000, required=True)
            kw["ribbon"] = _code(data, "ribbon", required=True)
            kw["label_colours"] = _int(data, "label_colours", 1, 4)
            if "label_colours" not in data:
                kw["label_colours"] = 1
        kw["designer_minutes"] = _int(data, "designer_minutes", 0, MAX_MINUTES)
        kw["rush"] = _bool(data, "rush")
        kw["discount_pct"] = _pct(data, "discount_pct", Decimal(0), Decimal("99.99"))
        markup = data.get("markup_pct")
        kw["markup_pct"] = None if markup in (None, "") else \
        _pct(data, "markup_pct", Decimal(0), Decimal(1000))
        name = data.get("name", "")
        if not isinstance(name, str) or len(name) > 200:
            raise ValidationError("error.spec.name_too_long", "name", max=200)
        kw["name"] = text.clean(name, "name", 200)
        return cls(**kw)


_FIELDS = set(JobSpec.__dataclass_fields__)
_DEFAULTS = {name: f.default for name, f in JobSpec.__dataclass_fields__.items()}
_DEFAULTS["discount_pct"] = "0"


def _int(data, key, low, high, required=False):
    value = data.get(key)
    if value is None or value == "":
        if required:
            raise ValidationError("error.field.required", key)
        return 0 if low <= 0 else low
    if isinstance(value, bool):
        raise ValidationError("error.field.not_integer", key)
    if isinstance(value, float):
        if not math.isfinite(value) or value != int(value):
            raise ValidationError("error.field.not_integer", key)
        value = int(value)
    elif isinstance(value, (str, Decimal)):
        try:
            number = parse_decimal(value)
        except ValueError:
            if inputs.too_big_numeral(value):  # 20 digits: a whole number, out of the range
                raise ValidationError("error.field.out_of_range", key, low=low, high=high) from None
            raise ValidationError("error.field.not_integer", key) from None
        if number != number.to_integral_value():
            raise ValidationError("error.field.not_integer", key)
        value = int(number)
    elif not isinstance(value, int):
        raise ValidationError("error.field.not_integer", key)
    if value < low or value > high:
        raise ValidationError("error.field.out_of_range", key, low=low, high=high)
    return value


def _pct(data, key, low, high):
    value = data.get(key)
    if value is None or value == "":
        return Decimal(0)
    return inputs.number(value, key, low, high).quantize(Decimal("0.01"))


def _bool(data, key):
    value = data.get(key, False)
    # decide by type first: Decimal("sNaN") == True raises instead of answering
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value in ("", "0", "1", "true", "false", "yes", "no"):
        return value in ("1", "true", "yes")
    raise ValidationError("error.field.not_boolean", key)


def _code(data, key, required=False):
    value = data.get(key)
    if value is None or value == "":
        if required:
            raise ValidationError("error.field.required", key)
        return ""
    if not isinstance(value, str) or len(value) > 64:
        raise ValidationError("error.spec.unknown_code", key, value=str(value)[:64])
    return text.clean(value, key, text.CODE)
