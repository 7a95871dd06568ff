"""An estimate keeps every intermediate figure, so screens and documents show the breakdown."""
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional, Tuple

from app.domain.job import JobSpec
from app.domain.money import D, money_str

# Stable line codes (costing-model.md), in the order the breakdown shows them.
LINE_CODES = (
    "paper", "forms", "clicks", "press", "cutting", "lamination", "numbering", "padding",
    "cover", "binding", "lacing_sealing", "ribbon", "foil", "label_print", "prepress",
)


@dataclass(frozen=True)
class EstimateLine:
    code: str
    amount: Decimal
    minutes: Optional[Decimal] = None  # planned time of the operation, for the job ticket


@dataclass(frozen=True)
class Sheets:
    net: int
    waste: int
    gross: int


@dataclass(frozen=True)
class Layout:
    """How the items sit on the press sheet."""
    n_up: int
    cols: int
    rows: int
    turned: bool
    full_sheet: bool
    cell_w: int  # item plus bleed, as laid (after turning)
    cell_h: int


@dataclass(frozen=True)
class MaterialUse:
    code: str  # a paper or material code of the catalog
    quantity: Decimal
    unit: str  # sheets | m | m2 | pcs


@dataclass(frozen=True)
class PressOption:
    press: str
    n_up: int
    gross_sheets: int
    direct: Decimal
    cost: Decimal
    price_net: Decimal
    chosen: bool = False


@dataclass(frozen=True)
class Estimate:
    spec: JobSpec
    press: str
    layout: Optional[Layout]
    sheets: Optional[Sheets]
    impressions: Optional[int]
    metres: Optional[Decimal]
    lines: Tuple[EstimateLine, ...]
    direct: Decimal
    overhead: Decimal
    cost: Decimal
    markup_pct: Decimal
    rush_pct: Decimal
    discount_pct: Decimal
    price_net: Decimal
    vat_pct: Decimal
    vat: Decimal
    price_gross: Decimal
    profit: Decimal
    profit_pct: Decimal
    unit_price_gross: Decimal
    materials: Tuple[MaterialUse, ...] = ()
    alternatives: Tuple[PressOption, ...] = field(default=())
    press_chosen_automatically: bool = False

    @property
    def n_up(self):
        return self.layout.n_up if self.layout else None

    def line(self, code) -> Decimal:
        for line in self.lines:
            if line.code == code:
                return line.amount
        return Decimal("0.00")

    def to_dict(self, compact=False) -> dict:
        """The JSON shape of the command line and of the order's estimate snapshot
        (`compact`: the stored form, with the spec's defaults left out)."""
        out = {
            "product_type": self.spec.product_type,
            "quantity": self.spec.quantity,
            "press": self.press,
            "n_up": self.layout.n_up if self.layout else None,
        }
        if self.layout:
            out["layout"] = {
                "cols": self.layout.cols, "rows": self.layout.rows, "turned": self.layout.turned,
                "full_sheet": self.layout.full_sheet, "cell_w": self.layout.cell_w,
                "cell_h": self.layout.cell_h,
            }
        if self.sheets:
            out["sheets"] = {"net": self.sheets.net, "waste": self.sheets.waste, "gross": self.sheets.gross}
            out["impressions"] = self.impressions
        else:
            out["sheets"] = None
            out["metres"] = str(self.metres)
        out["lines"] = {line.code: money_str(line.amount) for line in self.lines}
        out["minutes"] = {line.code: str(line.minutes) for line in self.lines if line.minutes is not None}
        for key in ("direct", "overhead", "cost"):
            out[key] = money_str(getattr(self, key))
        out["markup_pct"] = str(self.markup_pct)
        out["rush_pct"] = str(self.rush_pct)
        out["discount_pct"] = str(self.discount_pct)
        for key in ("price_net", "vat", "price_gross", "profit"):
            out[key] = money_str(getattr(self, key))
        out["vat_pct"] = str(self.vat_pct)
        out["profit_pct"] = money_str(self.profit_pct)
        out["unit_price_gross"] = money_str(self.unit_price_gross)
        out["materials"] = [
            {"code": m.code, "quantity": str(m.quantity), "unit": m.unit} for m in self.materials
        ]
        if self.press_chosen_automatically:
            out["alternatives"] = [
                {
                    "press": a.press, "n_up": a.n_up, "gross_sheets": a.gross_sheets,
                    "direct": money_str(a.direct), "cost": money_str(a.cost),
                    "price_net": money_str(a.price_net), "chosen": a.chosen,
                }
                for a in self.alternatives
            ]
        out["spec"] = self.spec.to_dict(compact)
        return out

    @classmethod
    def from_dict(cls, data) -> "Estimate":
        spec = JobSpec.from_dict(data["spec"])
        lay = data.get("layout")
        layout = None
        if lay:
            layout = Layout(data["n_up"], lay["cols"], lay["rows"], lay["turned"],
                            lay["full_sheet"], lay["cell_w"], lay["cell_h"])
        sh = data.get("sheets")
        sheets = Sheets(sh["net"], sh["waste"], sh["gross"]) if sh else None
        minutes = data.get("minutes", {})
        lines = tuple(
            EstimateLine(code, D(amount), D(minutes[code]) if code in minutes else None)
            for code, amount in data["lines"].items()
        )
        return cls(
            spec=spec, press=data["press"], layout=layout, sheets=sheets,
            impressions=data.get("impressions"),
            metres=D(data["metres"]) if data.get("metres") not in (None, "None") else None,
            lines=lines,
            direct=D(data["direct"]), overhead=D(data["overhead"]), cost=D(data["cost"]),
            markup_pct=D(data["markup_pct"]), rush_pct=D(data["rush_pct"]),
            discount_pct=D(data["discount_pct"]),
            price_net=D(data["price_net"]), vat_pct=D(data["vat_pct"]), vat=D(data["vat"]),
            price_gross=D(data["price_gross"]), profit=D(data["profit"]),
            profit_pct=D(data["profit_pct"]), unit_price_gross=D(data["unit_price_gross"]),
            materials=tuple(MaterialUse(m["code"], D(m["quantity"]), m["unit"])
                            for m in data.get("materials", [])),
            alternatives=tuple(
                PressOption(a["press"], a["n_up"], a["gross_sheets"], D(a["direct"]), D(a["cost"]),
                            D(a["price_net"]), a.get("chosen", False))
                for a in data.get("alternatives", [])
            ),
            press_chosen_automatically="alternatives" in data,
        )
