"""The catalog the estimator prices from: papers, presses, finishing equipment, materials, settings.

Every rate is data the administrator edits (costing-model.md); nothing here is a price.
"""
from dataclasses import asdict, dataclass, field, fields
from decimal import Decimal
from typing import Dict, Optional, Tuple

from app.domain.money import D

PRODUCT_TYPES = ("printing", "blank", "journal", "label")

# Finishing equipment the cost model knows by code; their meaning of speed_per_hour:
EQUIPMENT_CODES = ("guillotine", "laminator", "numbering", "manual", "label_printer")
EQUIPMENT_SPEED_UNIT = {
    "guillotine": "cuts/h",
    "laminator": "sheet-sides/h",
    "numbering": "numbers/h",
    "manual": "",
    "label_printer": "m/h",
}
MATERIAL_KINDS = ("ribbon", "foil", "film", "cover", "kit")
VAT_CATEGORY_FIELDS = tuple("vat_" + p for p in PRODUCT_TYPES)


@dataclass(frozen=True)
class Paper:
    code: str
    name: str
    width_mm: int
    height_mm: int
    gsm: int
    price: Decimal  # per sheet
    active: bool = True

    def area_m2(self) -> Decimal:
        return Decimal(self.width_mm) * Decimal(self.height_mm) / Decimal(1000000)


@dataclass(frozen=True)
class Press:
    code: str
    name: str
    rate_per_hour: Decimal
    setup_min: Decimal
    impressions_per_hour: int
    max_width_mm: int
    max_height_mm: int
    margin_mm: int
    colours_per_pass: int
    max_colours_per_side: int
    click_colour: Decimal
    click_mono: Decimal
    form_price: Decimal  # per colour-side; 0 for a digital press
    makeready_waste_sheets: int
    run_waste_pct: Decimal
    sort_order: int = 0
    active: bool = True

    def holds(self, width_mm, height_mm) -> bool:
        """Does a sheet of this size go through the press, in either orientation?"""
        a, b = sorted((width_mm, height_mm))
        m, n = sorted((self.max_width_mm, self.max_height_mm))
        return a <= m and b <= n


@dataclass(frozen=True)
class Equipment:
    code: str
    name: str
    rate_per_hour: Decimal
    setup_min: Decimal = Decimal(0)
    speed_per_hour: Decimal = Decimal(0)
    # guillotine: sheets of 80 g/m² in one lift; label printer: makeready metres
    param: Decimal = Decimal(0)


@dataclass(frozen=True)
class Material:
    code: str
    kind: str  # ribbon | foil | film | cover | kit
    name: str
    unit: str  # m | m2 | pcs
    price: Decimal
    labour_min: Decimal = Decimal(0)  # manual minutes per piece (covers, kits)
    active: bool = True


@dataclass(frozen=True)
class Settings:
    designer_rate: Decimal = Decimal("5000")
    overhead_pct: Decimal = Decimal("25")
    markup_printing: Decimal = Decimal("40")
    markup_blank: Decimal = Decimal("35")
    markup_journal: Decimal = Decimal("35")
    markup_label: Decimal = Decimal("50")
    rush_pct: Decimal = Decimal("30")
    price_step: Decimal = Decimal("10")
    min_order: Decimal = Decimal("1000")
    vat_payer: bool = True
    # the rate when no turnover date is given (the engine alone, the worked examples); the
    # services pass the rate of the turnover date from the dated history (app.domain.vat)
    vat_pct: Decimal = Decimal("16")
    # VAT category per product type: standard | reduced | exempt (app.domain.vat)
    vat_printing: str = "standard"
    vat_blank: str = "standard"
    vat_journal: str = "standard"
    vat_label: str = "standard"

    def markup_for(self, product_type) -> Decimal:
        return getattr(self, "markup_" + product_type)

    def vat_category(self, product_type) -> str:
        return getattr(self, "vat_" + product_type)

    def to_dict(self) -> Dict[str, str]:
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_dict(cls, data) -> "Settings":
        kwargs = {}
        for f in fields(cls):
            if f.name in data:
                value = data[f.name]
                if f.name == "vat_payer":
                    kwargs[f.name] = value in (True, 1, "1", "true", "True", "yes")
                elif f.name in VAT_CATEGORY_FIELDS:
                    kwargs[f.name] = str(value)
                else:
                    kwargs[f.name] = D(value)
        return cls(**kwargs)


def _plain(value):
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


@dataclass(frozen=True)
class Catalog:
    papers: Dict[str, Paper]
    presses: Tuple[Press, ...]  # in catalog order: the order breaks ties of the press choice
    equipment: Dict[str, Equipment]
    materials: Dict[str, Material]
    settings: Settings = field(default_factory=Settings)

    def press(self, code) -> Optional[Press]:
        for press in self.presses:
            if press.code == code:
                return press
        return None

    def materials_of(self, kind):
        return [m for m in self.materials.values() if m.kind == kind and m.active]

    # A catalog version is stored as JSON so an order can be re-costed at the rates it was
    # quoted at (actual figures are costed "at the same rates").
    def to_dict(self) -> dict:
        return {
            "papers": [_record(p) for p in self.papers.values()],
            "presses": [_record(p) for p in self.presses],
            "equipment": [_record(e) for e in self.equipment.values()],
            "materials": [_record(m) for m in self.materials.values()],
            "settings": self.settings.to_dict(),
        }

    @classmethod
    def from_dict(cls, data) -> "Catalog":
        return cls(
            papers={r["code"]: _build(Paper, r) for r in data["papers"]},
            presses=tuple(_build(Press, r) for r in data["presses"]),
            equipment={r["code"]: _build(Equipment, r) for r in data["equipment"]},
            materials={r["code"]: _build(Material, r) for r in data["materials"]},
            settings=Settings.from_dict(data.get("settings", {})),
        )


def _record(obj) -> dict:
    out = {}
    for key, value in asdict(obj).items():
        out[key] = str(value) if isinstance(value, Decimal) else value
    return out


def _build(cls, record):
    kwargs = {}
    for f in fields(cls):
        if f.name not in record:
            continue
        value = record[f.name]
        if f.type in (Decimal, "Decimal"):
            value = D(value)
        elif f.type in (int, "int"):
            value = int(value)
        elif f.type in (bool, "bool"):
            value = bool(value)
        kwargs[f.name] = value
    return cls(**kwargs)
