"""The worked examples of costing-model.md, to the tiyn, and the engine's rules around them."""
from decimal import Decimal

import pytest

from app import costing
from app.domain.default_catalog import default_catalog
from app.domain.errors import ValidationError
from app.domain.job import JobSpec
from app.i18n import error_text
from tests.costing.specs import BLANKS, CARDS, FLYERS_B2, FLYERS_SRA3, JOURNALS, LABELS

CAT = default_catalog()


def est(spec):
    return costing.estimate(JobSpec.from_dict(spec), CAT)


def lines(e):
    return {line.code: str(line.amount) for line in e.lines}


def test_example_1_business_cards():
    e = est(CARDS)
    assert (e.press, e.layout.n_up, e.layout.cols, e.layout.rows) == ("digital", 24, 3, 8)
    assert (e.sheets.net, e.sheets.waste, e.sheets.gross) == (42, 6, 48)
    assert e.impressions == 96
    assert lines(e) == {"paper": "7200.00", "clicks": "4320.00", "press": "1192.00",
                        "cutting": "480.00"}
    assert (str(e.direct), str(e.overhead), str(e.cost)) == ("13192.00", "3298.00", "16490.00")
    assert (str(e.price_net), str(e.vat), str(e.price_gross)) == ("23090.00", "3694.40", "26784.40")
    assert (str(e.profit), str(e.profit_pct), str(e.unit_price_gross)) == ("6600.00", "40.02", "26.78")


def test_example_2_blank_forms():
    e = est(BLANKS)
    assert e.layout.n_up == 1 and e.layout.full_sheet
    assert (e.sheets.net, e.sheets.waste, e.sheets.gross) == (2000, 40, 2040)
    assert lines(e) == {"paper": "10200.00", "forms": "150.00", "clicks": "1632.00",
                        "press": "1270.00", "numbering": "3500.00", "padding": "2466.67"}
    assert (str(e.direct), str(e.overhead), str(e.cost)) == ("19218.67", "4804.67", "24023.34")
    assert (str(e.price_net), str(e.vat), str(e.price_gross)) == ("32440.00", "5190.40", "37630.40")
    assert str(e.profit_pct) == "35.04"
    pads = [m for m in e.materials if m.code == "padding-kit"]
    assert pads[0].quantity == 20


def test_example_3_journals():
    e = est(JOURNALS)
    assert (e.sheets.net, e.sheets.waste, e.sheets.gross) == (2000, 40, 2040)
    assert e.impressions == 4080
    assert lines(e) == {"paper": "10200.00", "forms": "300.00", "clicks": "3264.00",
                        "press": "2290.00", "numbering": "3500.00", "cover": "12000.00",
                        "binding": "10000.00", "lacing_sealing": "6600.00"}
    assert (str(e.direct), str(e.cost)) == ("48154.00", "60192.50")
    assert (str(e.price_net), str(e.price_gross)) == ("81260.00", "94261.60")


def test_example_4_labels():
    e = est(LABELS)
    assert e.metres == Decimal("301") and e.sheets is None and e.layout is None
    assert lines(e) == {"ribbon": "12040.00", "foil": "4515.00", "label_print": "7020.00"}
    assert (str(e.direct), str(e.cost)) == ("23575.00", "29468.75")
    assert (str(e.price_net), str(e.price_gross), str(e.unit_price_gross)) == \
        ("44210.00", "51283.60", "10.26")


def test_example_5_automatic_press_on_sra3_digital_wins():
    e = est(FLYERS_SRA3)
    assert e.press_chosen_automatically
    assert (e.press, e.layout.n_up, str(e.direct)) == ("digital", 2, "236753.33")
    options = {a.press: a for a in e.alternatives}
    # the risograph cannot take an SRA3 sheet; the offset press can but costs more
    assert set(options) == {"digital", "offset"}
    assert options["digital"].chosen and not options["offset"].chosen
    assert options["offset"].direct > options["digital"].direct


def test_example_5_automatic_press_on_b2_only_offset():
    e = est(FLYERS_B2)
    assert (e.press, e.layout.n_up, str(e.direct)) == ("offset", 4, "179470.88")
    assert [a.press for a in e.alternatives] == ["offset"]


def test_named_press_gives_no_alternatives():
    assert est(CARDS).alternatives == ()
    assert "alternatives" not in est(CARDS).to_dict()


def test_every_line_is_rounded_and_sums_to_direct():
    for spec in (CARDS, BLANKS, JOURNALS, LABELS, FLYERS_SRA3, FLYERS_B2):
        e = est(spec)
        assert all(line.amount == line.amount.quantize(Decimal("0.01")) for line in e.lines)
        assert sum(line.amount for line in e.lines) == e.direct
        assert e.cost == e.direct + e.overhead
        assert e.price_gross == e.price_net + e.vat
        assert e.price_net % CAT.settings.price_step == 0


def test_price_terms_rush_discount_markup_and_minimum():
    base = est(CARDS)
    rush = est(dict(CARDS, rush=True))
    # 16490 × 1.4 × 1.3 = 30011.80 -> up to the step of 10
    assert str(rush.price_net) == "30020.00" and rush.rush_pct == 30
    disc = est(dict(CARDS, discount_pct=10))
    assert str(disc.price_net) == "20780.00"  # 23086 × 0.9 = 20777.40 -> 20780
    mark = est(dict(CARDS, markup_pct=0))
    assert str(mark.price_net) == "16490.00" and mark.profit == 0
    tiny = est(dict(CARDS, quantity=1, discount_pct=90))  # cost × 1.4 × 0.1 is below 1000 ₸
    assert tiny.price_net == CAT.settings.min_order and tiny.cost * Decimal("0.14") < 1000
    assert base.direct == disc.direct == rush.direct


def test_reprice_keeps_lines_and_matches_full_estimate():
    base = est(CARDS)
    spec = JobSpec.from_dict(dict(CARDS, discount_pct=7, rush=True))
    again = costing.reprice(base, spec, CAT)
    assert again == costing.estimate(spec, CAT)
    with pytest.raises(ValueError):
        costing.reprice(base, JobSpec.from_dict(dict(CARDS, quantity=2000)), CAT)


def test_quantity_ladder_unit_price_falls():
    ladder = costing.quantity_ladder(JobSpec.from_dict(CARDS), CAT, [500, 1000, 5000])
    units = [e.unit_price_gross for e in ladder]
    assert units[0] > units[1] > units[2]
    assert ladder[1] == est(CARDS)


def test_lamination_and_numbering_on_printing():
    e = est(dict(CARDS, lamination_sides=2, numbering=True))
    film = Decimal(48 * 2) * Decimal(250) * Decimal("0.144")  # 320×450 mm = 0.144 m²
    labour = (Decimal(10) / 60 + Decimal(96) / 300) * 3000
    assert e.line("lamination") == (film.quantize(Decimal("0.01")) + labour.quantize(Decimal("0.01")))
    assert e.line("numbering") == ((Decimal(10) / 60 + Decimal(1000) / 2000) * 3000).quantize(Decimal("0.01"))


def test_cutting_without_bleed_uses_cols_plus_rows_plus_two():
    e = est(dict(CARDS, bleed_mm=0))
    # 90×50 on 310×440: 3×8 unturned, 6×4 turned (24 = 24: the unturned layout stays)
    assert (e.layout.cols, e.layout.rows, e.layout.turned) == (3, 8, False)
    cuts = (3 + 1) + (8 + 1)
    hours = Decimal(5) / 60 + Decimal(cuts * 1) / 600
    assert e.line("cutting") == (hours * 4000).quantize(Decimal("0.01"))


def test_vat_off_for_a_shop_on_a_special_regime():
    from dataclasses import replace
    cat = replace(CAT, settings=replace(CAT.settings, vat_payer=False))
    e = costing.estimate(JobSpec.from_dict(CARDS), cat)
    assert e.vat == 0 and e.price_gross == e.price_net == Decimal("23090.00")


def test_actual_at_norm_equals_estimate():
    for spec in (CARDS, BLANKS, JOURNALS, LABELS, FLYERS_SRA3):
        e = est(spec)
        lines_, direct, materials = costing.actual_direct(e, CAT)
        assert direct == e.direct and lines_ == e.lines and materials == e.materials


def test_actual_with_more_sheets_and_time_costs_more_at_same_rates():
    e = est(CARDS)
    lines_, direct, materials = costing.actual_direct(e, CAT, gross_sheets=60, minutes={"press": 30})
    assert [(m.code, m.quantity) for m in materials] == [("coated-300-sra3", 60)]
    got = {line.code: line.amount for line in lines_}
    assert got["paper"] == Decimal("9000.00")  # 60 × 150
    assert got["press"] == Decimal("3000.00")  # 30 min at 6000 ₸/h
    assert direct > e.direct


@pytest.mark.parametrize("change, key, field", [
    (dict(quantity=0), "error.field.out_of_range", "quantity"),
    (dict(quantity=-3), "error.field.out_of_range", "quantity"),
    (dict(quantity="12a"), "error.field.not_integer", "quantity"),
    (dict(quantity=2.5), "error.field.not_integer", "quantity"),
    (dict(quantity=float("nan")), "error.field.not_integer", "quantity"),
    (dict(quantity=True), "error.field.not_integer", "quantity"),
    (dict(quantity=10 ** 12), "error.field.out_of_range", "quantity"),
    (dict(width_mm=400, height_mm=500), "error.spec.item_larger_than_sheet", "width_mm"),
    (dict(colours="5+0"), "error.spec.colours_format", "colours"),
    (dict(colours="0+4"), "error.spec.colours_front_zero", "colours"),
    (dict(colours=4), "error.spec.colours_format", "colours"),
    (dict(paper="gold-leaf"), "error.spec.unknown_paper", "paper"),
    (dict(press="heidelberg"), "error.spec.unknown_press", "press"),
    (dict(press="riso"), "error.spec.paper_too_large_for_press", "press"),
    (dict(paper="coated-130-b2", press="digital"), "error.spec.paper_too_large_for_press", "press"),
    (dict(paper="office-80-a4", press="riso"), "error.spec.too_many_colours", "colours"),
    (dict(product_type="poster"), "error.spec.product_type", "product_type"),
    (dict(bleed_mm=-1), "error.field.out_of_range", "bleed_mm"),
    (dict(lamination_sides=3), "error.field.out_of_range", "lamination_sides"),
    (dict(discount_pct=100), "error.field.out_of_range", "discount_pct"),
    (dict(discount_pct="abc"), "error.field.not_number", "discount_pct"),
    (dict(markup_pct=-5), "error.field.out_of_range", "markup_pct"),
    (dict(surprise=1), "error.spec.unknown_key", "surprise"),
    (dict(width_mm=None), "error.field.required", "width_mm"),
])
def test_bad_specs_name_the_field(change, key, field):
    with pytest.raises(ValidationError) as info:
        est(dict(CARDS, **change))
    assert (info.value.key, info.value.field) == (key, field)
    assert "error." not in error_text(info.value)  # a sentence, not a key


def test_no_press_holds_the_job():
    with pytest.raises(ValidationError) as info:
        est(dict(FLYERS_SRA3, width_mm=600, height_mm=800, paper="coated-130-b2"))
    assert info.value.field == "width_mm"


@pytest.mark.parametrize("spec, change, key, field", [
    (LABELS, dict(ribbon="silk-99"), "error.spec.unknown_material", "ribbon"),
    (LABELS, dict(label_length_mm=0), "error.field.out_of_range", "label_length_mm"),
    (LABELS, dict(label_colours=9), "error.field.out_of_range", "label_colours"),
    (JOURNALS, dict(sheets_per_journal=0), "error.field.out_of_range", "sheets_per_journal"),
    (JOURNALS, dict(cover="velvet"), "error.spec.unknown_material", "cover"),
    (JOURNALS, dict(quantity=200000), "error.spec.too_many_items", "quantity"),
    (BLANKS, dict(pad_sheets=-1), "error.field.out_of_range", "pad_sheets"),
])
def test_bad_specs_of_each_type(spec, change, key, field):
    with pytest.raises(ValidationError) as info:
        est(dict(spec, **change))
    assert (info.value.key, info.value.field) == (key, field)


def test_soft_cover_journal_and_padding_less_blank():
    soft = est(dict(JOURNALS, cover="soft", lacing_sealing=False, page_numbering=False))
    assert soft.line("cover") == Decimal("3000.00")  # 20 × 150
    assert soft.line("binding") == Decimal("2500.00")  # 20 × 3 min at 2500 ₸/h
    assert soft.line("lacing_sealing") == 0 and soft.line("numbering") == 0
    plain = est(dict(BLANKS, pad_sheets=0, numbering=False))
    assert plain.line("padding") == 0 and plain.line("numbering") == 0


def test_designer_time_is_a_prepress_line():
    e = est(dict(LABELS, designer_minutes=90))
    assert e.line("prepress") == Decimal("7500.00")


def test_estimate_round_trips_through_its_dict():
    from app.domain.estimate import Estimate
    for spec in (CARDS, BLANKS, JOURNALS, LABELS, FLYERS_SRA3):
        e = est(spec)
        assert Estimate.from_dict(e.to_dict()) == e
        assert Estimate.from_dict(e.to_dict(compact=True)) == e
