"""Catalog and settings tables, and the frozen catalog versions that orders point at."""
import json
from decimal import Decimal

from app.domain import clock
from app.domain.catalog import Catalog, Equipment, Material, Paper, Press, Settings
from app.domain.money import D, from_tiyn, to_tiyn
from app.domain.vat import VatRate, as_day
from app.storage.db import Database
from app.storage.portable import insert_returning_id


def _dec(text) -> Decimal:
    return D(text)


def load_catalog(db: Database) -> Catalog:
    """The current, editable catalog from its tables."""
    papers = {}
    for r in db.all("SELECT * FROM papers ORDER BY code"):
        papers[r["code"]] = Paper(r["code"], r["name"], r["width_mm"], r["height_mm"], r["gsm"],
                                  from_tiyn(r["price_tiyn"]), bool(r["active"]))
    presses = tuple(
        Press(r["code"], r["name"], from_tiyn(r["rate_per_hour_tiyn"]), _dec(r["setup_min"]),
              r["impressions_per_hour"], r["max_width_mm"], r["max_height_mm"], r["margin_mm"],
              r["colours_per_pass"], r["max_colours_per_side"], from_tiyn(r["click_colour_tiyn"]),
              from_tiyn(r["click_mono_tiyn"]), from_tiyn(r["form_price_tiyn"]),
              r["makeready_waste_sheets"], _dec(r["run_waste_pct"]), r["sort_order"],
              bool(r["active"]))
        for r in db.all("SELECT * FROM presses ORDER BY sort_order, code")
    )
    equipment = {
        r["code"]: Equipment(r["code"], r["name"], from_tiyn(r["rate_per_hour_tiyn"]),
                             _dec(r["setup_min"]), _dec(r["speed_per_hour"]), _dec(r["param"]))
        for r in db.all("SELECT * FROM equipment ORDER BY code")
    }
    materials = {
        r["code"]: Material(r["code"], r["kind"], r["name"], r["unit"], from_tiyn(r["price_tiyn"]),
                            _dec(r["labour_min"]), bool(r["active"]))
        for r in db.all("SELECT * FROM materials ORDER BY kind, code")
    }
    return Catalog(papers, presses, equipment, materials, load_settings(db))


def load_settings(db: Database) -> Settings:
    values = {r["key"]: r["value"] for r in db.all("SELECT key, value FROM settings")}
    return Settings.from_dict(values)


def get_setting(db: Database, key, default=None):
    value = db.scalar("SELECT value FROM settings WHERE key = ?", (key,))
    return default if value is None else value


def set_setting(db: Database, key, value):
    db.execute("INSERT INTO settings(key, value) VALUES (?, ?) "
               "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, str(value)))


PRODUCT_CODE_KEY = "product.code.{}"


def product_codes(db: Database, product_types) -> dict:
    """{product type: its code (the invoice's Код column), "" when none is set}."""
    return {p: get_setting(db, PRODUCT_CODE_KEY.format(p), "") for p in product_types}


def set_product_code(db: Database, product_type, code):
    set_setting(db, PRODUCT_CODE_KEY.format(product_type), code)


def load_vat_rates(db: Database):
    """The VAT rate history, oldest first per category."""
    return tuple(VatRate(r["category"], as_day(r["valid_from"]), D(r["pct"]))
                 for r in db.all("SELECT category, valid_from, pct FROM vat_rates "
                                 "ORDER BY category, valid_from"))


def save_vat_rate(db: Database, rate: VatRate):
    db.execute("INSERT INTO vat_rates(category, valid_from, pct) VALUES (?, ?, ?) "
               "ON CONFLICT(category, valid_from) DO UPDATE SET pct = excluded.pct",
               (rate.category, rate.valid_from.isoformat(), str(rate.pct)))


def delete_vat_rate(db: Database, category, valid_from) -> bool:
    cur = db.execute("DELETE FROM vat_rates WHERE category = ? AND valid_from = ?",
                     (category, as_day(valid_from).isoformat()))
    return cur.rowcount > 0


def save_paper(db: Database, p: Paper):
    db.execute(
        "INSERT INTO papers(code, name, width_mm, height_mm, gsm, price_tiyn, active) "
        "VALUES (?,?,?,?,?,?,?) ON CONFLICT(code) DO UPDATE SET name=excluded.name, "
        "width_mm=excluded.width_mm, height_mm=excluded.height_mm, gsm=excluded.gsm, "
        "price_tiyn=excluded.price_tiyn, active=excluded.active",
        (p.code, p.name, p.width_mm, p.height_mm, p.gsm, to_tiyn(p.price), int(p.active)))


def save_press(db: Database, p: Press):
    db.execute(
        "INSERT INTO presses(code, name, rate_per_hour_tiyn, setup_min, impressions_per_hour, "
        "max_width_mm, max_height_mm, margin_mm, colours_per_pass, max_colours_per_side, "
        "click_colour_tiyn, click_mono_tiyn, form_price_tiyn, makeready_waste_sheets, "
        "run_waste_pct, sort_order, active) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
        "ON CONFLICT(code) DO UPDATE SET name=excluded.name, "
        "rate_per_hour_tiyn=excluded.rate_per_hour_tiyn, setup_min=excluded.setup_min, "
        "impressions_per_hour=excluded.impressions_per_hour, max_width_mm=excluded.max_width_mm, "
        "max_height_mm=excluded.max_height_mm, margin_mm=excluded.margin_mm, "
        "colours_per_pass=excluded.colours_per_pass, "
        "max_colours_per_side=excluded.max_colours_per_side, "
        "click_colour_tiyn=excluded.click_colour_tiyn, click_mono_tiyn=excluded.click_mono_tiyn, "
        "form_price_tiyn=excluded.form_price_tiyn, "
        "makeready_waste_sheets=excluded.makeready_waste_sheets, "
        "run_waste_pct=excluded.run_waste_pct, sort_order=excluded.sort_order, "
        "active=excluded.active",
        (p.code, p.name, to_tiyn(p.rate_per_hour), str(p.setup_min), p.impressions_per_hour,
         p.max_width_mm, p.max_height_mm, p.margin_mm, p.colours_per_pass,
         p.max_colours_per_side, to_tiyn(p.click_colour), to_tiyn(p.click_mono),
         to_tiyn(p.form_price), p.makeready_waste_sheets, str(p.run_waste_pct), p.sort_order,
         int(p.active)))


def save_equipment(db: Database, e: Equipment):
    db.execute(
        "INSERT INTO equipment(code, name, rate_per_hour_tiyn, setup_min, speed_per_hour, param) "
        "VALUES (?,?,?,?,?,?) ON CONFLICT(code) DO UPDATE SET name=excluded.name, "
        "rate_per_hour_tiyn=excluded.rate_per_hour_tiyn, setup_min=excluded.setup_min, "
        "speed_per_hour=excluded.speed_per_hour, param=excluded.param",
        (e.code, e.name, to_tiyn(e.rate_per_hour), str(e.setup_min), str(e.speed_per_hour),
         str(e.param)))


def save_material(db: Database, m: Material):
    db.execute(
        "INSERT INTO materials(code, kind, name, unit, price_tiyn, labour_min, active) "
        "VALUES (?,?,?,?,?,?,?) ON CONFLICT(code) DO UPDATE SET kind=excluded.kind, "
        "name=excluded.name, unit=excluded.unit, price_tiyn=excluded.price_tiyn, "
        "labour_min=excluded.labour_min, active=excluded.active",
        (m.code, m.kind, m.name, m.unit, to_tiyn(m.price), str(m.labour_min), int(m.active)))


# each save of an item by the service counts up its version (bump_item_version): a form's
# save is refused when the row moved on since the form read it
TABLES = {"paper": "papers", "press": "presses", "equipment": "equipment",
          "material": "materials"}


def item_versions(db: Database) -> dict:
    """{kind: {code: version}} of every catalog item."""
    out = {}
    for kind, table in TABLES.items():
        # the table name is one of ours, never input
        out[kind] = {r["code"]: r["version"]
                     for r in db.all("SELECT code, version FROM {}".format(table))}
    return out


def item_version(db: Database, kind, code):
    """The item's version, None when no item has the code."""
    return db.scalar("SELECT version FROM {} WHERE code = ?".format(TABLES[kind]), (code,))


def bump_item_version(db: Database, kind, code):
    db.execute("UPDATE {} SET version = version + 1 WHERE code = ?".format(TABLES[kind]), (code,))


def settings_version(db: Database, what) -> int:
    """The version of the settings ('settings') or of the shop's requisites ('shop')."""
    return int(get_setting(db, "version." + what, "1"))


def bump_settings_version(db: Database, what, version=None) -> bool:
    """Counts the version up; False when `version` is given and it moved on already."""
    current = settings_version(db, what)
    if version is not None and int(version) != current:
        return False
    set_setting(db, "version." + what, current + 1)
    return True


def save_settings(db: Database, settings: Settings):
    for key, value in settings.to_dict().items():
        set_setting(db, key, value)


def save_catalog(db: Database, catalog: Catalog):
    for p in catalog.papers.values():
        save_paper(db, p)
    for p in catalog.presses:
        save_press(db, p)
    for e in catalog.equipment.values():
        save_equipment(db, e)
    for m in catalog.materials.values():
        save_material(db, m)
    save_settings(db, catalog.settings)


def freeze_version(db: Database, user_id=None) -> int:
    """Copy the current catalog and settings into a new version; returns its id."""
    body = json.dumps(load_catalog(db).to_dict(), ensure_ascii=False, sort_keys=True)
    last = db.one("SELECT id, body FROM catalog_versions ORDER BY id DESC LIMIT 1")
    if last is not None and last["body"] == body:
        return last["id"]
    return insert_returning_id(db, "INSERT INTO catalog_versions(created_at, user_id, body) "
                               "VALUES (?, ?, ?)", (clock.now(), user_id, body))


def current_version_id(db: Database) -> int:
    vid = db.scalar("SELECT max(id) FROM catalog_versions")
    if vid is None:
        with db.atomic():
            vid = freeze_version(db)
    return vid


def load_version(db: Database, version_id) -> Catalog:
    body = db.scalar("SELECT body FROM catalog_versions WHERE id = ?", (version_id,))
    if body is None:
        raise LookupError(version_id)
    return Catalog.from_dict(json.loads(body))


def seed_default_catalog(db: Database):
    """A new database gets the default catalog of costing-model.md and its first version."""
    from app.domain.default_catalog import default_catalog
    if db.scalar("SELECT count(*) FROM papers") == 0:
        save_catalog(db, default_catalog())
    freeze_version(db)


def insert_version(db: Database, catalog_dict, created_at, user_id=None) -> int:
    """A historical catalog version (the demo builder's earlier price lists)."""
    body = json.dumps(catalog_dict, ensure_ascii=False, sort_keys=True)
    return insert_returning_id(db, "INSERT INTO catalog_versions(created_at, user_id, body) "
                               "VALUES (?,?,?)", (created_at, user_id, body))
