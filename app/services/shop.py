"""The shop's own requisites for documents: name, BIN, address, bank, IIK, BIK, Kbe, KNP…

Kept in the settings table under shop.* keys; the administrator edits them (the first-start
wizard asks for them). VAT payer status lives in the costing settings (vat_payer).
"""
from app.domain.errors import ValidationError
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
    clean = {}
    for f in FIELDS:
        value = data.get(f, DEFAULTS.get(f, ""))
        value = "" if value is None else str(value).strip()
        if len(value) > 500:
            raise ValidationError("error.field.too_long", "shop." + f, max=500)
        clean[f] = value
    if not clean["name"]:
        raise ValidationError("error.field.required", "shop.name")
    # the numbers the state and the banks check (control digit, IBAN check, form)
    if clean["bin"]:
        clean["bin"] = check_bin(clean["bin"], "shop.bin")
    if clean["iik"]:
        clean["iik"] = check_iik(clean["iik"], "shop.iik")
    if clean["bik"]:
        clean["bik"] = check_bik(clean["bik"], "shop.bik")
    if clean["kbe"] and not (len(clean["kbe"]) == 2 and clean["kbe"].isdigit()):
        raise ValidationError("error.shop.kbe", "shop.kbe")
    if clean["knp"] and not (len(clean["knp"]) == 3 and clean["knp"].isdigit()):
        raise ValidationError("error.shop.knp", "shop.knp")
    days = clean["offer_valid_days"] or "10"
    if not days.isdigit() or not 1 <= int(days) <= 365:
        raise ValidationError("error.field.out_of_range", "shop.offer_valid_days", low=1, high=365)
    clean["offer_valid_days"] = days
    return clean


def save_requisites_unchecked(db, data: dict, user=None):
    """For the first-start wizard, before any user exists, and for save_requisites."""
    clean = validate(data)
    with db.atomic():
        old = requisites_of(db)
        for f, value in clean.items():
            catalog_db.set_setting(db, "shop." + f, value)
        changes = {f: [old[f], clean[f]] for f in FIELDS if old[f] != clean[f]}
        audit.write(db, user, "shop.requisites", "settings", "shop", {"changes": changes})
    return clean


@admin_only
def save_requisites(session: Session, data: dict) -> dict:
    return save_requisites_unchecked(session.db, data, session.user)
