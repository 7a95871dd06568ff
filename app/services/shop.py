"""The shop's own requisites for documents: name, BIN, address, bank, IIK, BIK, Kbe, KNP…

Kept in the settings table under shop.* keys; the administrator edits them (the first-start
wizard asks for them). VAT payer status lives in the costing settings (vat_payer).
"""
from app.domain import text
from app.domain.errors import Collect, Conflict
from app.domain.identifiers import check_bik, check_bin, check_iik
from app.services.session import Session, admin_only, logged_in
from app.storage import audit
from app.storage import catalog as catalog_db

FIELDS = ("name", "bin", "address", "phone", "email", "bank", "iik", "bik", "kbe", "knp",
          "director", "accountant", "logo_path", "offer_valid_days")
DEFAULTS = {"kbe": "17", "knp": "859", "offer_valid_days": "10"}


def requisites_of(db) -> dict:
    """The requisites without a session: the demo builder, before anybody has logged in."""
    return {f: catalog_db.get_setting(db, "shop." + f, DEFAULTS.get(f, "")) for f in FIELDS}


@logged_in
def requisites(session: Session) -> dict:
    return requisites_of(session.db)


def validate(data: dict) -> dict:
    """The requisites cleaned; every bad field is said at once (FieldErrors)."""
    errors = Collect()
    clean = {}
    for f in FIELDS:
        value = data.get(f, DEFAULTS.get(f, ""))
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)  # offer_valid_days as a number
        clean[f] = errors(text.clean, value, "shop." + f, text.LINE) or ""
    if not clean["name"]:
        errors.add("error.field.required", "shop.name")
    # the numbers the state and the banks check (control digit, IBAN check, form)
    for f, check in (("bin", check_bin), ("iik", check_iik), ("bik", check_bik)):
        if clean[f] and not errors.failed("shop." + f):
            clean[f] = errors(check, clean[f], "shop." + f) or clean[f]
    if clean["kbe"] and not (len(clean["kbe"]) == 2 and clean["kbe"].isdigit()) \
            and not errors.failed("shop.kbe"):
        errors.add("error.shop.kbe", "shop.kbe")
    if clean["knp"] and not (len(clean["knp"]) == 3 and clean["knp"].isdigit()) \
            and not errors.failed("shop.knp"):
        errors.add("error.shop.knp", "shop.knp")
    days = clean["offer_valid_days"] or "10"
    if (not days.isdigit() or not 1 <= int(days) <= 365) \
            and not errors.failed("shop.offer_valid_days"):
        errors.add("error.field.out_of_range", "shop.offer_valid_days", low=1, high=365)
    errors.done()
    clean["offer_valid_days"] = days
    return clean


def save_requisites_unchecked(db, data: dict, user=None, version=None):
    """For the first-start wizard, before any user exists, and for save_requisites."""
    clean = validate(data)
    with db.atomic():
        if not catalog_db.bump_settings_version(db, "shop", version):
            raise Conflict("error.conflict.edited")
        old = requisites_of(db)
        for f, value in clean.items():
            catalog_db.set_setting(db, "shop." + f, value)
        changes = {f: [old[f], clean[f]] for f in FIELDS if old[f] != clean[f]}
        audit.write(db, user, "shop.requisites", "settings", "shop", {"changes": changes})
    return clean


@admin_only
def requisites_version(session: Session) -> int:
    """What the requisites form hands back to save_requisites; read before the requisites."""
    return catalog_db.settings_version(session.db, "shop")


@admin_only
def save_requisites(session: Session, data: dict, version=None) -> dict:
    """`version`: requisites_version as the form read it; another administrator's save since
    then is a Conflict (None checks nothing)."""
    return save_requisites_unchecked(session.db, data, session.user, version)
