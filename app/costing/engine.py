"""The estimate: a pure function of (job spec, catalog). costing-model.md sections 3 to 8.

One set of line formulas serves both the estimate (norm sheets, norm times) and the actual
cost of a made order (sheets, metres and minutes really used, at the same rates).
"""
from dataclasses import replace
from decimal import Decimal
from typing import Dict, List, Optional

from app.costing.imposition import count_sheets, impose
from app.domain.catalog import Catalog, Paper, Press
from app.domain.errors import ValidationError
from app.domain.estimate import Estimate, EstimateLine, Layout, MaterialUse, PressOption
from app.domain.job import JobSpec
from app.domain.money import ZERO, ceil_to_step, q2

SIXTY = Decimal(60)
HUNDRED = Decimal(100)
COVER_ALIASES = {"soft": "cover-soft", "hard": "cover-hard"}
FILM_CODE = "lamination-film"
FOIL_CODE = "foil"
LACING_KIT = "lacing-kit"
PADDING_KIT = "padding-kit"
LABEL_PRINTER = "label_printer"


class _Lines:
    """Collects lines, rounding each as it is made and dropping zero lines."""

    def __init__(self):
        self.lines = []  # type: List[EstimateLine]
        self.materials = []  # type: List[MaterialUse]

    def add(self, code, amount, hours=None):
        amount = q2(amount)
        if amount != 0:
            minutes = None if hours is None else (hours * SIXTY).quantize(Decimal("0.1"))
            self.lines.append(EstimateLine(code, amount, minutes))

    def use(self, code, quantity, unit):
        if quantity:
            self.materials.append(MaterialUse(code, Decimal(quantity), unit))

    def direct(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)


def _hours(minutes_override, code, norm_hours):
    """Actual time when recorded for this operation, else the norm."""
    if minutes_override and code in minutes_override:
        return Decimal(minutes_override[code]) / SIXTY
    return norm_hours


def _equipment(catalog, code):
    eq = catalog.equipment.get(code)
    if eq is None:
        raise ValidationError("error.catalog.missing_equipment", "catalog", code=code)
    return eq


def _material(catalog, code, field):
    mat = catalog.materials.get(code)
    if mat is None or not mat.active:
        raise ValidationError("error.spec.unknown_material", field, code=code)
    return mat


def _manual_hours(minutes) -> Decimal:
    return Decimal(minutes) / SIXTY


def _check_press(spec: JobSpec, paper: Paper, press: Press) -> Layout:
    if not press.holds(paper.width_mm, paper.height_mm):
        raise ValidationError("error.spec.paper_too_large_for_press", "press",
                              paper=paper.code, press=press.code)
    worst = max(spec.front_colours, spec.back_colours)
    if worst > press.max_colours_per_side:
        raise ValidationError("error.spec.too_many_colours", "colours",
                              press=press.code, max=press.max_colours_per_side)
    layout = impose(spec.width_mm, spec.height_mm, spec.bleed_mm, paper, press)
    if layout.n_up < 1:
        raise ValidationError("error.spec.item_larger_than_sheet", "width_mm",
                              paper=paper.code, press=press.code)
    return layout


def _sheet_lines(spec, catalog, paper, press, layout, gross, minutes=None) -> _Lines:
    """Printing and finishing lines of a sheet-fed job for `gross` sheets."""
    out = _Lines()
    sides = [c for c in (spec.front_colours, spec.back_colours) if c > 0]
    out.add("paper", gross * paper.price)
    out.use(paper.code, gross, "sheets")
    if press.form_price > 0:
        out.add("forms", (spec.front_colours + spec.back_colours) * press.form_price)
    click_per_sheet = sum((press.click_colour if c >= 2 else press.click_mono for c in sides), ZERO)
    out.add("clicks", gross * click_per_sheet)
    passes = sum(-(-c // press.colours_per_pass) for c in sides)
    impressions = gross * passes
    norm = press.setup_min / SIXTY + Decimal(impressions) / Decimal(press.impressions_per_hour)
    hours = _hours(minutes, "press", norm)
    out.add("press", hours * press.rate_per_hour, hours)

    if not layout.full_sheet:
        guillotine = _equipment(catalog, "guillotine")
        if spec.bleed_mm > 0:
            cuts = 2 * (layout.cols + layout.rows)
        else:
            cuts = (layout.cols + 1) + (layout.rows + 1)
        per_lift = int(guillotine.param * 80 // paper.gsm)
        lifts = -(-gross // max(per_lift, 1))
        norm = guillotine.setup_min / SIXTY + Decimal(cuts * lifts) / guillotine.speed_per_hour
        hours = _hours(minutes, "cutting", norm)
        out.add("cutting", hours * guillotine.rate_per_hour, hours)

    if spec.lamination_sides:
        laminator = _equipment(catalog, "laminator")
        film = _material(catalog, FILM_CODE, "lamination_sides")
        area = gross * spec.lamination_sides * paper.area_m2()
        norm = laminator.setup_min / SIXTY + Decimal(gross * spec.lamination_sides) / laminator.speed_per_hour
        hours = _hours(minutes, "lamination", norm)
        out.add("lamination", q2(area * film.price) + q2(hours * laminator.rate_per_hour), hours)
        out.use(film.code, area.quantize(Decimal("0.001")), "m2")

    numbers = 0
    if spec.product_type in ("printing", "blank") and spec.numbering:
        numbers = spec.quantity
    if spec.product_type == "journal" and spec.page_numbering:
        numbers = spec.quantity * spec.sheets_per_journal
    if numbers:
        numbering = _equipment(catalog, "numbering")
        norm = numbering.setup_min / SIXTY + Decimal(numbers) / numbering.speed_per_hour
        hours = _hours(minutes, "numbering", norm)
        out.add("numbering", hours * numbering.rate_per_hour, hours)
    return out


def _finishing_by_type(spec, catalog, out: _Lines, minutes=None):
    """Padding, covers, binding, lacing: the product-type lines after printing."""
    manual = _equipment(catalog, "manual")
    if spec.product_type == "blank" and spec.pad_sheets:
        kit = _material(catalog, PADDING_KIT, "pad_sheets")
        pads = -(-spec.quantity // spec.pad_sheets)
        hours = _hours(minutes, "padding", _manual_hours(pads * kit.labour_min))
        out.add("padding", pads * kit.price + hours * manual.rate_per_hour, hours)
        out.use(kit.code, pads, "pcs")
    if spec.product_type == "journal":
        if spec.cover != "none":
            cover = _material(catalog, COVER_ALIASES.get(spec.cover, spec.cover), "cover")
            if cover.kind != "cover":
                raise ValidationError("error.spec.unknown_material", "cover", code=spec.cover)
            out.add("cover", spec.quantity * cover.price)
            out.use(cover.code, spec.quantity, "pcs")
            hours = _hours(minutes, "binding", _manual_hours(spec.quantity * cover.labour_min))
            out.add("binding", hours * manual.rate_per_hour, hours)
        if spec.lacing_sealing:
            kit = _material(catalog, LACING_KIT, "lacing_sealing")
            hours = _hours(minutes, "lacing_sealing", _manual_hours(spec.quantity * kit.labour_min))
            out.add("lacing_sealing", spec.quantity * kit.price + hours * manual.rate_per_hour, hours)
            out.use(kit.code, spec.quantity, "pcs")


def _prepress(spec, catalog, out: _Lines, minutes=None):
    designer = Decimal(spec.designer_minutes)
    if minutes and "prepress" in minutes:
        designer = Decimal(minutes["prepress"])
    if designer > 0:
        hours = designer / SIXTY
        out.add("prepress", hours * catalog.settings.designer_rate, hours)


def label_metres(spec, catalog) -> Decimal:
    printer = _equipment(catalog, LABEL_PRINTER)
    return Decimal(spec.quantity * spec.label_length_mm) / Decimal(1000) + printer.param


def _label_lines(spec, catalog, metres, minutes=None) -> _Lines:
    out = _Lines()
    printer = _equipment(catalog, LABEL_PRINTER)
    ribbon = _material(catalog, spec.ribbon, "ribbon")
    if ribbon.kind != "ribbon":
        raise ValidationError("error.spec.unknown_material", "ribbon", code=spec.ribbon)
    foil = _material(catalog, FOIL_CODE, "label_colours")
    out.add("ribbon", metres * ribbon.price)
    out.use(ribbon.code, metres, "m")
    out.add("foil", metres * spec.label_colours * foil.price)
    out.use(foil.code, metres * spec.label_colours, "m")
    norm = printer.setup_min / SIXTY + metres * spec.label_colours / printer.speed_per_hour
    hours = _hours(minutes, "label_print", norm)
    out.add("label_print", hours * printer.rate_per_hour, hours)
    _prepress(spec, catalog, out, minutes)
    return out


def _price(spec: JobSpec, catalog: Catalog, direct: Decimal, vat_pct=None):
    """`vat_pct`: the rate the caller chose for the turnover date (the services do); None
    takes the settings' own rate (a pure estimate: the worked examples)."""
    st = catalog.settings
    overhead = q2(direct * st.overhead_pct / HUNDRED)
    cost = direct + overhead
    markup = spec.markup_pct if spec.markup_pct is not None else st.markup_for(spec.product_type)
    rush = st.rush_pct if spec.rush else Decimal(0)
    raw = cost * (1 + markup / HUNDRED) * (1 + rush / HUNDRED) * (1 - spec.discount_pct / HUNDRED)
    net = max(ceil_to_step(raw, st.price_step), q2(st.min_order))
    if vat_pct is None:
        vat_pct = st.vat_pct if st.vat_payer else Decimal(0)
    vat = q2(net * vat_pct / HUNDRED)
    gross = net + vat
    profit = net - cost
    profit_pct = q2(profit / cost * HUNDRED) if cost > 0 else ZERO
    return {
        "overhead": overhead, "cost": cost, "markup_pct": markup, "rush_pct": rush,
        "discount_pct": spec.discount_pct, "price_net": net, "vat_pct": vat_pct, "vat": vat,
        "price_gross": gross, "profit": profit, "profit_pct": profit_pct,
        "unit_price_gross": q2(gross / spec.quantity),
    }


def _paper(spec, catalog) -> Paper:
    paper = catalog.papers.get(spec.paper)
    if paper is None or not paper.active:
        raise ValidationError("error.spec.unknown_paper", "paper", code=spec.paper)
    return paper


def _sheet_estimate(spec, catalog, paper, press):
    layout = _check_press(spec, paper, press)
    sheets = count_sheets(spec.items, layout.n_up, press)
    out = _sheet_lines(spec, catalog, paper, press, layout, sheets.gross)
    _finishing_by_type(spec, catalog, out)
    _prepress(spec, catalog, out)
    sides = [c for c in (spec.front_colours, spec.back_colours) if c > 0]
    impressions = sheets.gross * sum(-(-c // press.colours_per_pass) for c in sides)
    return layout, sheets, impressions, out


def estimate(spec: JobSpec, catalog: Catalog, vat_pct: Optional[Decimal] = None) -> Estimate:
    """Cost price and selling price of a job, with the cheapest press when none is named.

    `vat_pct`: the VAT rate of the job's turnover date, chosen by the caller (None: the
    settings' rate)."""
    if spec.product_type == "label":
        metres = label_metres(spec, catalog)
        out = _label_lines(spec, catalog, metres)
        direct = out.direct()
        return Estimate(spec=spec, press=LABEL_PRINTER, layout=None, sheets=None, impressions=None,
                        metres=metres, lines=tuple(out.lines), direct=direct,
                        materials=tuple(out.materials), **_price(spec, catalog, direct, vat_pct))
    paper = _paper(spec, catalog)
    if spec.press:
        press = catalog.press(spec.press)
        if press is None or not press.active:
            raise ValidationError("error.spec.unknown_press", "press", code=spec.press)
        layout, sheets, impressions, out = _sheet_estimate(spec, catalog, paper, press)
        direct = out.direct()
        return Estimate(spec=spec, press=press.code, layout=layout, sheets=sheets,
                        impressions=impressions, metres=None, lines=tuple(out.lines),
                        direct=direct, materials=tuple(out.materials),
                        **_price(spec, catalog, direct, vat_pct))
    return _cheapest(spec, catalog, paper, vat_pct)


def _cheapest(spec, catalog, paper, vat_pct=None) -> Estimate:
    options = []
    errors = []
    for press in catalog.presses:
        if not press.active:
            continue
        try:
            options.append((press, _sheet_estimate(spec, catalog, paper, press)))
        except ValidationError as exc:
            errors.append(exc)
    if not options:
        # the most telling reason: a press that takes the paper but not the job
        for exc in errors:
            if exc.key != "error.spec.paper_too_large_for_press":
                raise exc
        raise ValidationError("error.spec.no_press_can_make", "paper")
    best_i = 0
    for i, (_, result) in enumerate(options):
        if result[3].direct() < options[best_i][1][3].direct():  # strict: ties keep catalog order
            best_i = i
    alternatives = []
    for i, (press, (layout, sheets, _, out)) in enumerate(options):
        priced = _price(spec, catalog, out.direct(), vat_pct)
        alternatives.append(PressOption(press.code, layout.n_up, sheets.gross, out.direct(),
                                        priced["cost"], priced["price_net"], i == best_i))
    press, (layout, sheets, impressions, out) = options[best_i]
    direct = out.direct()
    return Estimate(spec=spec, press=press.code, layout=layout, sheets=sheets,
                    impressions=impressions, metres=None, lines=tuple(out.lines), direct=direct,
                    materials=tuple(out.materials), alternatives=tuple(alternatives),
                    press_chosen_automatically=True, **_price(spec, catalog, direct, vat_pct))


def quantity_ladder(spec: JobSpec, catalog: Catalog, quantities, vat_pct=None) -> List[Estimate]:
    """The same job at several quantities side by side (up to three on the quote screen)."""
    return [estimate(spec.with_quantity(q), catalog, vat_pct) for q in quantities]


def actual_direct(est: Estimate, catalog: Catalog, gross_sheets: Optional[int] = None,
                  metres: Optional[Decimal] = None,
                  minutes: Optional[Dict[str, Decimal]] = None):
    """Direct cost lines of a made order from what was really used, at the estimate's rates.

    `catalog` must be the catalog version the order was quoted with. Anything not recorded
    is taken at its norm. Returns (lines, direct, materials used).
    """
    spec = est.spec
    if spec.product_type == "label":
        out = _label_lines(spec, catalog, est.metres if metres is None else Decimal(metres), minutes)
        return tuple(out.lines), out.direct(), tuple(out.materials)
    paper = _paper(spec, catalog)
    press = catalog.press(est.press)
    if press is None:
        raise ValidationError("error.spec.unknown_press", "press", code=est.press)
    layout = _check_press(spec, paper, press)
    gross = est.sheets.gross if gross_sheets is None else int(gross_sheets)
    out = _sheet_lines(spec, catalog, paper, press, layout, gross, minutes)
    _finishing_by_type(spec, catalog, out, minutes)
    _prepress(spec, catalog, out, minutes)
    return tuple(out.lines), out.direct(), tuple(out.materials)


def reprice(est: Estimate, spec: JobSpec, catalog: Catalog, vat_pct=None) -> Estimate:
    """The same job with other price terms (discount, rush, markup) or another VAT rate (a
    turnover date in another rate's time): lines stay, price moves. `vat_pct` None keeps the
    estimate's rate.

    Cheap, so a quote screen or the demo builder can vary terms without re-costing."""
    if replace(spec, discount_pct=est.spec.discount_pct, rush=est.spec.rush,
               markup_pct=est.spec.markup_pct, name=est.spec.name) != est.spec:
        raise ValueError("reprice changes price terms only")
    if vat_pct is None:
        vat_pct = est.vat_pct
    alternatives = tuple(
        replace(a, price_net=_price(spec, catalog, a.direct)["price_net"]) for a in est.alternatives)
    return replace(est, spec=spec, alternatives=alternatives,
                   **_price(spec, catalog, est.direct, vat_pct))
