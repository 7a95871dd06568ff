"""The catalog and settings: anyone logged in reads them, only the administrator edits.

Each edit freezes a new catalog version, so orders keep the rates they were quoted with.
"""
from dataclasses import fields
from decimal import Decimal

from app.domain import inputs, text, vat
from app.domain.catalog import (
    EQUIPMENT_CODES,
    MATERIAL_KINDS,
    PRODUCT_TYPES,
    Equipment,
    Material,
    Paper,
    Press,
    Settings,
)
from app.domain.errors import Collect, Conflict, NotFound, ValidationError
from app.services.session import Session, admin_only, logged_in
from app.storage import audit
from app.storage import catalog as catalog_db

_cache = {}  # (db path, version id) -> Catalog: an estimate per keystroke must not re-read


def current(db):
    """(version id, Catalog) in force now."""
    vid = catalog_db.current_version_id(db)
    key = (db.path, vid)
    if key not in _cache:
        _cache[key] = catalog_db.load_version(db, vid)
    return vid, _cache[key]


def version(db, version_id):
    key = (db.path, version_id)
    if key not in _cache:
        _cache[key] = catalog_db.load_version(db, version_id)
    return _cache[key]


@logged_in
def of_order(session: Session, order):
    """The catalog the order was priced with: names and prices as they were then."""
    return version(session.db, order.catalog_version_id)


@logged_in
def get_catalog(session: Session):
    return current(session.db)[1]


def _num(data, key, low, high, integer=False, money=False):
    value = data.get(key)
    if value is None or value == "":
        raise ValidationError("error.field.required", key)
    return inputs.number(value, key, low, high, integer=integer, places=2 if money else None,
                         places_key="error.field.money_places")


def _text(data, key, limit=text.NAME):
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise ValidationError("error.field.required", key)
    return text.clean(value, key, limit, required=True)


def _code(data):
    code = _text(data, "code", text.CODE)
    if not all(ch.isalnum() or ch in "-_" for ch in code):
        raise ValidationError("error.catalog.bad_code", "code")
    return code


BIG = Decimal(10) ** 9


def paper_from(data) -> Paper:
    e = Collect()  # every bad field at once
    values = (e(_code, data), e(_text, data, "name"), e(_num, data, "width_mm", 1, 5000, True),
              e(_num, data, "height_mm", 1, 5000, True), e(_num, data, "gsm", 1, 2000, True),
              e(_num, data, "price", 0, BIG, money=True))
    e.done()
    return Paper(*values, bool(data.get("active", True)))


def press_from(data) -> Press:
    e = Collect()
    values = (
        e(_code, data), e(_text, data, "name"), e(_num, data, "rate_per_hour", 0, BIG, money=True),
        e(_num, data, "setup_min", 0, 10000), e(_num, data, "impressions_per_hour", 1, 10 ** 7, True),
        e(_num, data, "max_width_mm", 1, 5000, True), e(_num, data, "max_height_mm", 1, 5000, True),
        e(_num, data, "margin_mm", 0, 500, True), e(_num, data, "colours_per_pass", 1, 8, True),
        e(_num, data, "max_colours_per_side", 1, 8, True),
        e(_num, data, "click_colour", 0, BIG, money=True),
        e(_num, data, "click_mono", 0, BIG, money=True),
        e(_num, data, "form_price", 0, BIG, money=True),
        e(_num, data, "makeready_waste_sheets", 0, 100000, True),
        e(_num, data, "run_waste_pct", 0, 100),
        e(_num, data, "sort_order", 0, 10000, True) if data.get("sort_order") not in (None, "") else 0)
    e.done()
    return Press(*values, bool(data.get("active", True)))


def equipment_from(data) -> Equipment:
    e = Collect()
    code = e(_code, data)
    if code is not None and code not in EQUIPMENT_CODES:
        e.add("error.catalog.bad_code", "code")
    speed_low = 0 if code == "manual" else Decimal("0.001")
    values = (code, e(_text, data, "name"), e(_num, data, "rate_per_hour", 0, BIG, money=True),
              e(_num, data, "setup_min", 0, 10000), e(_num, data, "speed_per_hour", speed_low, 10 ** 7),
              e(_num, data, "param", 0, 10 ** 6) if data.get("param") not in (None, "") else Decimal(0))
    e.done()
    return Equipment(*values)


def material_from(data) -> Material:
    e = Collect()
    kind = data.get("kind")
    if kind not in MATERIAL_KINDS:
        e.add("error.catalog.bad_kind", "kind")
    unit = data.get("unit")
    if unit not in ("m", "m2", "pcs"):
        e.add("error.catalog.bad_unit", "unit")
    labour = data.get("labour_min")
    code, name = e(_code, data), e(_text, data, "name")
    price = e(_num, data, "price", 0, BIG, money=True)
    labour = e(_num, data, "labour_min", 0, 10000) if labour not in (None, "") else Decimal(0)
    e.done()
    return Material(code, kind, name, unit, price, labour, bool(data.get("active", True)))


_SAVERS = {
    "paper": (paper_from, catalog_db.save_paper),
    "press": (press_from, catalog_db.save_press),
    "equipment": (equipment_from, catalog_db.save_equipment),
    "material": (material_from, catalog_db.save_material),
}


def _old_record(cat, kind, code):
    if kind == "paper":
        return cat.papers.get(code)
    if kind == "press":
        return cat.press(code)
    if kind == "equipment":
        return cat.equipment.get(code)
    return cat.materials.get(code)


@admin_only
def item_versions(session: Session) -> dict:
    """{kind: {code: version}}: what the editor's forms hand back to save_item. Read it before
    the catalog: a save in between then shows as a conflict, never as a lost update."""
    return catalog_db.item_versions(session.db)


@admin_only
def save_item(session: Session, kind, data: dict, version=None):
    """Add or change a paper, press, equipment or material; returns the new version id.

    `version`: the item's version as the form read it (item_versions), 0 for a new item (its
    code must be free); another administrator's save since then is a Conflict. None (a
    script that reads and writes at once, a stock receipt's new price) checks nothing."""
    if not isinstance(kind, str) or kind not in _SAVERS:
        raise ValidationError("error.catalog.bad_kind", "kind")
    build, save = _SAVERS[kind]
    record = build(data)
    db = session.db
    with db.atomic():
        if version is not None:
            now = catalog_db.item_version(db, kind, record.code)
            if int(version) == 0 and now is not None:
                raise ValidationError("error.catalog.code_taken", "code", code=record.code)
            if int(version) != 0 and now != int(version):
                raise Conflict("error.conflict.edited")
        old = _old_record(catalog_db.load_catalog(db), kind, record.code)
        save(db, record)
        if old is not None:
            catalog_db.bump_item_version(db, kind, record.code)
        vid = catalog_db.freeze_version(db, session.user.id)
        audit.write(db, session.user, "catalog." + kind, kind, record.code,
                    {"changes": _diff(old, record)})
    return vid


def _diff(old, new) -> dict:
    if old is None:
        return {"created": True}
    out = {}
    for f in fields(new):
        a, b = getattr(old, f.name), getattr(new, f.name)
        if a != b:
            out[f.name] = [str(a), str(b)]
    return out


SETTING_LIMITS = {
    "designer_rate": (0, BIG, True),
    "overhead_pct": (0, 1000, False),
    "markup_printing": (0, 1000, False),
    "markup_blank": (0, 1000, False),
    "markup_journal": (0, 1000, False),
    "markup_label": (0, 1000, False),
    "rush_pct": (0, 1000, False),
    "price_step": (0, 100000, True),
    "min_order": (0, BIG, True),
}


def validate_settings(data: dict, old: Settings) -> Settings:
    """The settings typed (keys not given keep old's values); every bad field at once."""
    e = Collect()
    values = {}
    for key, (low, high, money) in SETTING_LIMITS.items():
        values[key] = e(_num, data, key, low, high, money=money) if key in data else getattr(old, key)
    vat_payer = data.get("vat_payer", old.vat_payer)
    # by type first: Decimal("sNaN") == True raises instead of answering
    if not isinstance(vat_payer, (int, str)) or vat_payer not in (True, False, 0, 1, "0", "1"):
        e.add("error.field.not_boolean", "vat_payer")
    values["vat_payer"] = vat_payer in (True, 1, "1")
    for product_type in PRODUCT_TYPES:
        key = "vat_" + product_type
        category = data.get(key, getattr(old, key))
        if not isinstance(category, str) or category not in vat.VAT_CATEGORIES:
            e.add("error.vat.bad_category", key)
        values[key] = category
    e.done()
    return Settings(**values)


@admin_only
def settings_version(session: Session) -> int:
    """What the settings form hands back to save_settings; read before the settings."""
    return catalog_db.settings_version(session.db, "settings")


@admin_only
def save_settings(session: Session, data: dict, version=None):
    """Rates, overhead, markups, rush, price step, minimum order, VAT payer and the VAT
    category of each product type (vat_printing… standard | reduced | exempt).

    `version` (settings_version as the form read it): another administrator's save since
    then is a Conflict; None checks nothing (the first-start wizard, scripts)."""
    db = session.db
    with db.atomic():
        if not catalog_db.bump_settings_version(db, "settings", version):
            raise Conflict("error.conflict.edited")
        old = catalog_db.load_settings(db)
        new = validate_settings(data, old)
        catalog_db.save_settings(db, new)
        vid = catalog_db.freeze_version(db, session.user.id)
        audit.write(db, session.user, "settings.update", "settings", "", {"changes": _diff(old, new)})
    return vid


@logged_in
def product_codes(session: Session) -> dict:
    """{product type: code}: the invoice's Код column (as 1C prints its nomenclature code)."""
    return catalog_db.product_codes(session.db, PRODUCT_TYPES)


@admin_only
def save_product_codes(session: Session, data: dict) -> dict:
    """The administrator's codes per product type ("" leaves the column empty for it)."""
    e = Collect()
    clean = {}
    for product_type, code in dict(data).items():
        if product_type not in PRODUCT_TYPES:
            raise ValidationError("error.spec.product_type", "product_type",
                                  value=str(product_type))
        clean[product_type] = e(text.clean, code, "product_code." + product_type, text.SHORT) or ""
    e.done()
    db = session.db
    with db.atomic():
        old = product_codes(session)
        for product_type, code in clean.items():
            catalog_db.set_product_code(db, product_type, code)
        changes = {p: [old[p], c] for p, c in clean.items() if old[p] != c}
        if changes:
            audit.write(db, session.user, "settings.product_codes", "settings", "product_codes",
                        {"changes": changes})
    return product_codes(session)


@logged_in
def get_settings(session: Session) -> Settings:
    return current(session.db)[1].settings


def vat_pct_on(db, product_type, day):
    """The VAT % of a product type turned over on `day`: today's settings (payer, category)
    and the dated rate history. The engine is given it; it never looks dates up itself."""
    return vat.vat_pct(current(db)[1].settings, catalog_db.load_vat_rates(db), product_type, day)


@logged_in
def vat_rates(session: Session):
    return catalog_db.load_vat_rates(session.db)


def _rated_category(category):
    """Exempt has no rate: only standard and reduced have a history."""
    if not isinstance(category, str) or category not in ("standard", "reduced"):
        raise ValidationError("error.vat.bad_category", "vat.category")
    return category


@admin_only
def save_vat_rate(session: Session, data: dict):
    """Add a rate to the history (or change the one of that category and day)."""
    category = _rated_category(data.get("category"))
    day = inputs.day(data.get("valid_from"), "vat.valid_from", required=True)
    pct = _num(dict(data, **{"vat.pct": data.get("pct")}), "vat.pct", 0, 100)
    rate = vat.VatRate(category, day, pct)
    db = session.db
    with db.atomic():
        catalog_db.save_vat_rate(db, rate)
        audit.write(db, session.user, "settings.vat_rate", "settings", category,
                    {"valid_from": day.isoformat(), "pct": str(pct)})
    return rate


@admin_only
def delete_vat_rate(session: Session, category, valid_from):
    category = _rated_category(category)
    valid_from = inputs.day(valid_from, "vat.valid_from", required=True)
    db = session.db
    with db.atomic():
        if not catalog_db.delete_vat_rate(db, category, valid_from):
            raise NotFound("error.not_found.vat_rate")
        audit.write(db, session.user, "settings.vat_rate_delete", "settings", category,
                    {"valid_from": str(valid_from)[:10]})
