"""Bad input, property-based: random and hostile values fed to the costing engine and the
services. Each either works (and stores exactly what was given) or raises a DomainError with
a translated message key and a field; a refused input changes nothing in the file.

The seed is fixed (derandomize): a failure here is the same failure on every run.
"""
import dataclasses
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import costing
from app.domain.errors import DomainError
from app.domain.job import JobSpec
from app.i18n import catalog as i18n_catalog
from app.i18n import error_text
from app.services import auth, catalog, costs, customers, orders, shop
from app.services import catalog as catalog_service
from tests.costing.specs import BLANKS, CARDS, FLYERS_B2, JOURNALS, LABELS
from tests.reliability import figures
from tests.reliability.conftest import fingerprint

EXAMPLES = 200
PROPERTY = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow, HealthCheck.filter_too_much])

SQL = ["'; DROP TABLE orders;--", "\" OR 1=1 --", "1; DELETE FROM customers", "Robert'); --",
       "%", "_", "\\", "' UNION SELECT password_hash FROM users --"]
FORMULA = ["=cmd|' /C calc'!A0", "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)",
           "=HYPERLINK(\"http://evil\",\"x\")", "\t=1+1", "\r=1+1"]
NUMBERS_AS_TEXT = ["NaN", "nan", "-nan", "sNaN", "inf", "-inf", "Infinity", "1e308", "-1e308",
                   "1e-308", "1e5000", "-1e5000", "9" * 400, "-1", "-0", "0", "0.001", "1,5",
                   "1 000", "1\u00a0000", "١٢٣", "１２３", "0x10", "1_000", "1e", "--1", "+-1", "1.2.3"]
STRANGE_TEXT = ["", " ", "\x00", "\t\r\n", "\u202e", "\ufeff", "💥", "x" * 10000, "ж" * 10000,
                "a\x00b", "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace")]
SCALARS = [None, True, False, 0, -1, 1, 2 ** 31, 2 ** 63, 2 ** 64, -2 ** 63 - 1, 10 ** 100,
           float("nan"), float("inf"), -float("inf"), 1e308, -0.0, 0.1, 1.5,
           Decimal("NaN"), Decimal("-NaN"), Decimal("sNaN"), Decimal("Infinity"),
           Decimal("-Infinity"), Decimal("1E+5000"), Decimal("-1E-5000"), Decimal("0.001"),
           [], [1], {}, {"a": 1}, (1, 2), b"bytes", set()]
HOSTILE = SQL + FORMULA + NUMBERS_AS_TEXT + STRANGE_TEXT + SCALARS

hostile_values = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True, min_value=None, max_value=None,
                places=None).filter(lambda d: not d.is_finite() or abs(d.adjusted()) < 6000),
    st.lists(st.integers(), max_size=2),
    st.binary(max_size=8),
)

SPECS = [CARDS, BLANKS, JOURNALS, LABELS, FLYERS_B2]


def one_or_more_hostile(keys, max_size=3):
    """Mostly one hostile field (so every field gets its share), sometimes several."""
    single = st.sampled_from(keys).flatmap(lambda k: hostile_values.map(lambda v: {k: v}))
    return st.one_of(single, single, st.dictionaries(st.sampled_from(keys), hostile_values,
                                                     min_size=1, max_size=max_size))
SPEC_KEYS = sorted(f.name for f in dataclasses.fields(JobSpec)) + ["no_such_key"]


def _known_key(err):
    """A DomainError a person can read: a key of the catalogs, a field when it is about one."""
    assert isinstance(err, DomainError)
    assert err.key in i18n_catalog("en"), err.key
    for lang in ("kk", "ru", "en"):
        error_text(err, lang)  # formats without raising


def _refused_cleanly(db, before, err, field_required=True):
    _known_key(err)
    if field_required:
        assert err.field, err.key
    assert fingerprint(db) == before, "a refused input changed the database"


def _changed_tables(before, after):
    return {k for k in after if before.get(k) != after.get(k)}


def _spec(base, changes):
    spec = dict(base)
    spec.update(changes)
    return spec


# --- the costing engine -------------------------------------------------------------------

@PROPERTY
@given(base=st.sampled_from(SPECS), changes=one_or_more_hostile(SPEC_KEYS))
def test_costing_engine_takes_hostile_specs(db, base, changes):
    figures.hostile()
    _, cat = catalog_service.current(db)
    try:
        est = costing.estimate(JobSpec.from_dict(_spec(base, changes)), cat)
    except DomainError as err:
        _known_key(err)
        assert err.field
        return
    assert est.price_gross.is_finite() and est.price_gross >= 0
    assert est.price_gross == est.price_net + est.vat


@PROPERTY
@given(spec=st.one_of(st.dictionaries(st.sampled_from(SPEC_KEYS), hostile_values, max_size=8),
                      hostile_values))
def test_costing_engine_takes_any_object_as_a_spec(db, spec):
    figures.hostile()
    _, cat = catalog_service.current(db)
    try:
        costing.estimate(JobSpec.from_dict(spec), cat)
    except DomainError as err:
        _known_key(err)
        assert err.field


# --- customers -----------------------------------------------------------------------------

CUSTOMER_KEYS = ["name", "bin", "contact_person", "phone", "email", "address", "discount_pct",
                 "notes"]


VALID_CUSTOMER = {"name": "ТОО «Жаңа»", "bin": "987654321090", "contact_person": "Әлия",
                  "phone": "+7 (727) 123-45-67", "email": "a@b.kz", "address": "Алматы",
                  "discount_pct": "3,5", "notes": ""}


@PROPERTY
@given(changes=one_or_more_hostile(CUSTOMER_KEYS), update=st.booleans())
def test_customer_save_takes_hostile_values(db, admin, customer, changes, update):
    figures.hostile()
    data = dict(VALID_CUSTOMER, **changes)
    before = fingerprint(db)
    current = customers.get(admin, customer.id)
    try:
        if update:
            saved = customers.save(admin, data, customer.id, current.version)
        else:
            saved = customers.save(admin, data)
    except DomainError as err:
        _refused_cleanly(db, before, err)
        return
    # accepted: stored exactly as given (trimmed), SQL and formulas as plain text
    assert saved.name == data["name"].strip()
    assert _changed_tables(before, fingerprint(db)) <= {"customers", "audit_log"}


# --- orders --------------------------------------------------------------------------------

@PROPERTY
@given(base=st.sampled_from(SPECS),
       changes=st.one_of(st.just({}), one_or_more_hostile(SPEC_KEYS, 2)),
       status=st.sampled_from(["new", "quoted", "approved"]),
       due_date=st.one_of(st.just(None), st.just("2026-12-31"), hostile_values),
       notes=st.one_of(st.just(""), hostile_values))
def test_order_create_takes_hostile_values(db, manager, customer, base, changes, status,
                                           due_date, notes):
    figures.hostile()
    before = fingerprint(db)
    try:
        order = orders.create(manager, _spec(base, changes), customer.id, status, due_date, notes)
    except DomainError as err:
        _refused_cleanly(db, before, err)
        return
    assert orders.get(manager, order.id).estimate.price_gross == order.estimate.price_gross
    allowed = {"orders", "order_status_log", "order_numbers", "audit_log", "catalog_versions"}
    if status == "approved":  # an approved order reserves its materials (issue #8)
        allowed.add("stock_reservations")
    assert _changed_tables(before, fingerprint(db)) <= allowed


@PROPERTY
@given(usage=st.fixed_dictionaries({}, optional={
    "gross_sheets": hostile_values, "metres": hostile_values,
    "minutes": st.one_of(hostile_values, st.dictionaries(
        st.sampled_from(["printing", "cutting", "prepress", "nonsense", ""]), hostile_values,
        max_size=3))}))
def test_recording_actual_figures_takes_hostile_values(db, admin, customer, usage):
    figures.hostile()
    order = _made_order(admin, customer)
    before = fingerprint(db)
    try:
        orders.record_actual(admin, order.id, order.version, usage)
    except DomainError as err:
        _refused_cleanly(db, before, err, field_required=False)


_MADE = {}


def _made_order(admin, customer):
    key = admin.db.path
    if key not in _MADE:
        o = orders.create(admin, CARDS, customer.id, "approved")
        for status in ("prepress", "production", "ready"):
            o = orders.change_status(admin, o.id, o.version, status)
        _MADE[key] = o.id
    return orders.get(admin, _MADE[key])


# --- the catalog, settings, indirect costs, requisites, users --------------------------------

def _base_records(db):
    _, cat = catalog_service.current(db)

    def plain(record):
        return {k: (str(v) if isinstance(v, Decimal) else v)
                for k, v in dataclasses.asdict(record).items()}
    return {"paper": plain(next(iter(cat.papers.values()))), "press": plain(cat.presses[0]),
            "equipment": plain(next(iter(cat.equipment.values()))),
            "material": plain(next(iter(cat.materials.values())))}


@PROPERTY
@given(kind=st.sampled_from(["paper", "press", "equipment", "material"]),
       field_values=one_or_more_hostile(
           ["code", "name", "price", "width_mm", "height_mm", "gsm", "rate_per_hour", "setup_min",
            "impressions_per_hour", "max_width_mm", "max_height_mm", "margin_mm",
            "colours_per_pass", "max_colours_per_side", "click_colour", "click_mono",
            "form_price", "makeready_waste_sheets", "run_waste_pct", "sort_order", "kind", "unit",
            "labour_min", "param", "speed_per_hour", "active", "unknown_field"]))
def test_catalog_save_item_takes_hostile_values(db, admin, kind, field_values):
    figures.hostile()
    data = dict(_base_records(db)[kind])
    data.update(field_values)
    before = fingerprint(db)
    try:
        catalog.save_item(admin, kind, data)
    except DomainError as err:
        _refused_cleanly(db, before, err)
        return
    assert _changed_tables(before, fingerprint(db)) <= {"papers", "presses", "equipment",
                                                         "materials", "catalog_versions",
                                                         "audit_log"}


@PROPERTY
@given(data=one_or_more_hostile(sorted(catalog.SETTING_LIMITS) + ["vat_payer", "x"]))
def test_settings_take_hostile_values(db, admin, data):
    figures.hostile()
    before = fingerprint(db)
    try:
        catalog.save_settings(admin, data)
    except DomainError as err:
        _refused_cleanly(db, before, err)


@PROPERTY
@given(month=st.one_of(st.sampled_from(["2026-01", "2026-13", "2026-00", "26-01", "2026-1"]),
                       hostile_values),
       amount=hostile_values, note=st.one_of(st.just(""), hostile_values))
def test_indirect_costs_take_hostile_values(db, admin, month, amount, note):
    figures.hostile()
    before = fingerprint(db)
    try:
        costs.set_month(admin, month, amount, note)
    except DomainError as err:
        _refused_cleanly(db, before, err)
        return
    assert _changed_tables(before, fingerprint(db)) <= {"indirect_costs", "audit_log"}


@PROPERTY
@given(data=one_or_more_hostile(["name", "bin", "address", "phone", "email", "bank", "iik",
                                 "bik", "kbe", "knp", "director", "accountant",
                                 "offer_valid_days"]))
def test_shop_requisites_take_hostile_values(db, admin, data):
    figures.hostile()
    data = dict({"name": "ТОО «Баспахана»"}, **data)
    before = fingerprint(db)
    try:
        shop.save_requisites(admin, data)
    except DomainError as err:
        _refused_cleanly(db, before, err)


@PROPERTY
@given(changes=one_or_more_hostile(["username", "password", "role", "full_name"], 2))
def test_add_user_takes_hostile_values(db, admin, changes):
    figures.hostile()
    data = dict({"username": "newbie", "password": "long-enough-1", "role": "manager",
                 "full_name": "Жаңа қызметкер"}, **changes)
    before = fingerprint(db)
    try:
        auth.add_user(admin, data["username"], data["password"], data["role"], data["full_name"])
    except DomainError as err:
        _refused_cleanly(db, before, err, field_required=False)
        return
    assert _changed_tables(before, fingerprint(db)) <= {"users", "audit_log"}


# --- every field an error can name has a name in all three languages ------------------------

def _fields_named_in_code():
    """Literal field names of the errors raised in app/, and the fields checked by name."""
    import ast
    import os

    from app.domain import catalog as domain_catalog
    root = os.path.dirname(os.path.dirname(os.path.abspath(catalog.__file__)))
    names = set()
    for folder, _, files in os.walk(root):
        for f in files:
            if not f.endswith(".py") or os.sep + "ui" + os.sep in folder + os.sep:
                continue
            with open(os.path.join(folder, f), encoding="utf-8") as fh:
                tree = ast.parse(fh.read())
            for node in ast.walk(tree):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                        and node.func.id in ("ValidationError", "Conflict", "NotFound",
                                             "DomainError") and len(node.args) >= 2
                        and isinstance(node.args[1], ast.Constant)
                        and isinstance(node.args[1].value, str)
                        and not node.args[1].value.startswith("-")):
                    names.add(node.args[1].value)
    names |= {f.name for f in dataclasses.fields(JobSpec)}
    for record in (domain_catalog.Paper, domain_catalog.Press, domain_catalog.Equipment,
                   domain_catalog.Material):
        names |= {f.name for f in dataclasses.fields(record)} - {"active", "sort_order"}
    names |= set(catalog.SETTING_LIMITS) | {"vat_payer"}
    names |= {"shop." + f for f in shop.FIELDS}
    return names


def test_every_field_an_error_can_name_has_a_name_in_kk_ru_en():
    names = _fields_named_in_code()
    assert len(names) > 40
    missing = {lang: sorted(n for n in names if "field." + n not in i18n_catalog(lang))
               for lang in ("kk", "ru", "en")}
    assert missing == {"kk": [], "ru": [], "en": []}
