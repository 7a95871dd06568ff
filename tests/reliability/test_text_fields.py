"""Issue 16 item 13: text a form can hold must not crash anything later. Every text field of
every service gets the same hostile texts (control characters and NUL, alone and inside a
name, unpaired surrogates, Unicode noncharacters, line breaks in one-line fields, texts far
over the limit); each must be a ValidationError naming the field, in all three languages,
with nothing written (the connection's change counter per call, a fingerprint per field).

FIELDS is the table of the services' text parameters; test_every_text_parameter_is_in_the_table
reads every service's signature, so a new text parameter fails until it is added here (or
named below as not typed text, with the reason).
"""
import dataclasses
import importlib
import inspect
import pkgutil
from collections import namedtuple

import pytest

import app.services
from app.domain import catalog as domain_catalog
from app.domain.errors import DomainError, ValidationError
from app.domain.job import JobSpec
from app.domain.queries import OrderFilter
from app.i18n import catalog as i18n_catalog
from app.i18n import error_text
from app.services import (
    audit_log,
    auth,
    catalog,
    closing_documents,
    costs,
    customer_import,
    customers,
    esf,
    exports,
    month_closing,
    order_documents,
    orders,
    payments,
    reconciliation,
    shop,
    staff,
    stock,
    stock_documents,
)
from app.services.customers import LIMITS as CUSTOMER_TEXT
from tests.conftest import MANAGER_PASSWORD
from tests.costing.specs import CARDS, JOURNALS, LABELS
from tests.reliability import figures
from tests.reliability.conftest import fingerprint

# --- the hostile texts ----------------------------------------------------------------------

CONTROLS = [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"] + ["\x7f", "\x80", "\x85",
                                                                      "\x9f"]
SURROGATES = ["\ud800", "\udfff", "\udbff", "\udc00"]
NONCHARACTERS = ["\ufffe", "\uffff", "\ufdd0", "\U0001fffe", "\U0010ffff"]
LINE_BREAKS = ["\n", "\t", "\r", "\r\n", "\u2028"]
NOTE_LIMIT = 4000  # the longest text field (app.domain.text.NOTE)
MULTILINE = ("address", "notes")  # of a customer


def _placed(chars, valid):
    """Each character alone, doubled, at the start, inside and at the end of a valid value
    (strip() would eat \\x1c-\\x1f and \\x85 at the ends: the rule looks before it strips)."""
    out = []
    for ch in chars:
        half = len(valid) // 2
        out += [ch, ch * 2, ch + valid, valid[:half] + ch + valid[half:], valid + ch]
    return out


def hostile_texts(valid, multiline):
    texts = _placed(CONTROLS + SURROGATES + NONCHARACTERS, valid)
    texts += ["\ud83d\udca5",  # the two halves of 💥 as separate code points: not a pair
              "\x00" * 3, " \x00 ", valid + "\x00" * 1000]
    texts += ["x" * 100000, "ж" * 5000, valid + " " * 10 + "y" * (NOTE_LIMIT + 1)]
    if not multiline:
        texts += _placed(LINE_BREAKS, valid)
    return texts


# --- the table of text fields -------------------------------------------------------------

Field = namedtuple("Field", "function param field call valid multiline smoke")


def field(function, param, name, call, valid="ТОО «Жаңа»", multiline=False, smoke=True):
    """`smoke`: call once with `valid` first (not for calls that would change a password)."""
    return Field(function, param, name, call, valid, multiline, smoke)


def _customer_data(key, value):
    data = {"name": "ТОО «Жаңа»", "phone": "+7 701 000 00 00", "email": "a@b.kz"}
    data[key] = value
    return data


def PAPER_CODE(c):  # a valid value that depends on the database
    return c.paper["code"]


def _flt(**kw):
    return OrderFilter(**kw)


def _import_row(column, value):
    header = ["name", "phone", "address", "notes"]
    row = ["ТОО «Жаңа»", "+7 701 000 00 00", "Алматы", ""]
    row[header.index(column)] = value
    return [header, row]


def _paper(c, key, value):
    data = dict(c.paper)
    data[key] = value
    return data


SPEC_TEXT = {"name": CARDS, "paper": CARDS, "press": CARDS, "colours": CARDS,
             "cover": JOURNALS, "ribbon": LABELS, "product_type": CARDS}
REQUISITES_VALID = {"bin": "123456789013", "iik": "KZ971234567890123456", "bik": "KCJBKZKX",
                    "kbe": "17", "knp": "859", "offer_valid_days": "10", "email": "a@b.kz",
                    "phone": "+7 727 000 00 00"}

FIELDS = (
    [field("customers.save", "data." + key, key,
           lambda c, v, key=key: customers.save(c.manager, _customer_data(key, v)),
           valid=_customer_data(key, "ТОО «Жаңа»" if key != "bin" else "200640001239")[key]
           if key not in ("phone", "email") else {"phone": "+7 701 000", "email": "a@b.kz"}[key],
           multiline=key in MULTILINE)
     for key in sorted(CUSTOMER_TEXT) + ["bin"]]
    + [field("customers.save", "data.name (update)", "name",
             lambda c, v: customers.save(c.manager, _customer_data("name", v), c.customer.id,
                                         customers.get(c.manager, c.customer.id).version)),
       field("customers.search", "text", "search", lambda c, v: customers.search(c.manager, v)),
       field("orders.create", "notes", "notes",
             lambda c, v: orders.create(c.manager, CARDS, c.customer.id, "new", None, v),
             multiline=True),
       field("orders.create", "due_date", "due_date",
             lambda c, v: orders.create(c.manager, CARDS, c.customer.id, "new", v),
             valid="2026-12-31"),
       field("orders.create", "status", "status",
             lambda c, v: orders.create(c.manager, CARDS, c.customer.id, v), valid="new"),
       field("orders.update", "notes", "notes",
             lambda c, v: orders.update(c.manager, c.order.id, _version(c), CARDS,
                                        c.customer.id, None, v), multiline=True),
       field("orders.update", "due_date", "due_date",
             lambda c, v: orders.update(c.manager, c.order.id, _version(c), CARDS,
                                        c.customer.id, v), valid="2026-12-31"),
       field("orders.change_status", "to_status", "status",
             lambda c, v: orders.change_status(c.manager, c.order.id, _version(c), v),
             valid="quoted"),
       field("orders.page", "flt.text", "search", lambda c, v: orders.page(c.manager, _flt(text=v))),
       field("orders.page", "flt.statuses", "status",
             lambda c, v: orders.page(c.manager, _flt(statuses=[v])), valid="new"),
       field("orders.page", "flt.product_types", "product_type",
             lambda c, v: orders.page(c.manager, _flt(product_types=[v])), valid="cards"),
       field("orders.count", "flt.text", "search",
             lambda c, v: orders.count(c.manager, _flt(text=v)))]
    + [field("orders.quote", "spec_data." + key, key,
             lambda c, v, key=key: orders.quote(c.manager, dict(SPEC_TEXT[key], **{key: v})),
             valid=str(SPEC_TEXT[key].get(key) or "Визитки"))
       for key in sorted(SPEC_TEXT)]
    + [field("catalog.save_item", "kind", "kind",
             lambda c, v: catalog.save_item(c.admin, v, c.paper), valid="paper")]
    + [field("catalog.save_item", "data." + key, key,
             lambda c, v, key=key: catalog.save_item(c.admin, "paper", _paper(c, key, v)),
             valid=c_valid)
       for key, c_valid in (("code", "coated-300"), ("name", "Мелованная 300"))]
    + [field("catalog.save_item", "data." + key, key,
             lambda c, v, key=key: catalog.save_item(c.admin, "material",
                                                     dict(c.material, **{key: v})),
             valid=c_valid)
       for key, c_valid in (("kind", "ribbon"), ("unit", "m"))]
    + [field("shop.save_requisites", "data." + key, "shop." + key,
             lambda c, v, key=key: shop.save_requisites(
                 c.admin, dict({"name": "ТОО «Баспахана»"}, **{key: v})),
             valid=REQUISITES_VALID.get(key, "ТОО «Баспахана»"))
       for key in shop.FIELDS]
    + [field("auth.create_first_admin", "username", "username",
             lambda c, v: auth.create_first_admin(c.db, v, "Түйе-жүн-2026!", "Жаңа"),
             valid="boss"),
       field("auth.create_first_admin", "password", "password",
             lambda c, v: auth.create_first_admin(c.db, "boss", v, "Жаңа"),
             valid="Түйе-жүн-2026!"),
       field("auth.create_first_admin", "full_name", "full_name",
             lambda c, v: auth.create_first_admin(c.db, "boss", "Түйе-жүн-2026!", v)),
       field("auth.login", "username", "username",
             lambda c, v: auth.login(c.db, v, MANAGER_PASSWORD), valid="manager"),
       field("auth.login", "password", "password",
             lambda c, v: auth.login(c.db, "manager", v), valid=MANAGER_PASSWORD),
       field("auth.change_own_password", "old_password", "old_password",
             lambda c, v: auth.change_own_password(c.manager, v, "Түйе-жүн-2026!"),
             valid=MANAGER_PASSWORD, smoke=False),
       field("auth.change_own_password", "new_password", "new_password",
             lambda c, v: auth.change_own_password(c.manager, MANAGER_PASSWORD, v),
             valid="Түйе-жүн-2026!", smoke=False),
       field("auth.add_user", "username", "username",
             lambda c, v: auth.add_user(c.admin, v, "Түйе-жүн-2026!", "manager"), valid="newbie"),
       field("auth.add_user", "password", "password",
             lambda c, v: auth.add_user(c.admin, "newbie", v, "manager"),
             valid="Түйе-жүн-2026!"),
       field("auth.add_user", "role", "role",
             lambda c, v: auth.add_user(c.admin, "newbie", "Түйе-жүн-2026!", v), valid="manager"),
       field("auth.add_user", "full_name", "full_name",
             lambda c, v: auth.add_user(c.admin, "newbie", "Түйе-жүн-2026!", "manager", v)),
       field("auth.update_user", "full_name", "full_name",
             lambda c, v: auth.update_user(c.admin, c.manager.user.id, v, "manager", True)),
       field("auth.update_user", "role", "role",
             lambda c, v: auth.update_user(c.admin, c.manager.user.id, "Ақерке", v, True),
             valid="manager"),
       field("auth.reset_password", "new_password", "password",
             lambda c, v: auth.reset_password(c.admin, c.manager.user.id, v),
             valid="Түйе-жүн-2026!", smoke=False)]
    + [field("staff." + fn, param, param,
             lambda c, v, fn=fn, param=param: _staff(c, fn, param, v),
             valid={"name": "Серік", "role": "designer", "phone": "+7 701 000 00 00"}[param])
       for fn in ("add", "update") for param in ("name", "role", "phone")]
    + [field("stock.receive", param, name,
             lambda c, v, param=param: stock.receive(c.manager, **dict(
                 {"item_kind": "paper", "code": c.paper["code"], "quantity": "10",
                  "price": "100", "supplier": "ТОО «Қағаз»", "document": "№ 17"}, **{param: v})),
             valid=valid)
       for param, name, valid in (("item_kind", "code", "paper"), ("code", "code", PAPER_CODE),
                                  ("supplier", "supplier", "ТОО «Қағаз»"),
                                  ("document", "document", "№ 17"), ("at", "date", "2026-01-05"))]
    + [field("stock.stock_take", param, name,
             lambda c, v, param=param: stock.stock_take(c.admin, **dict(
                 {"item_kind": "paper", "code": c.paper["code"], "counted": "5",
                  "reason": "санақ"}, **{param: v})), valid=valid)
       for param, name, valid in (("item_kind", "code", "paper"), ("code", "code", PAPER_CODE),
                                  ("reason", "reason", "санақ"))]
    + [field("stock.set_min_level", param, "code",
             lambda c, v, param=param: stock.set_min_level(c.admin, **dict(
                 {"item_kind": "paper", "code": c.paper["code"], "minimum": "5"}, **{param: v})),
             valid=valid)
       for param, valid in (("item_kind", "paper"), ("code", PAPER_CODE))]
    + [field(fn_name, param, name,
             lambda c, v, fn=fn, param=param: fn(c.manager, **{"item_kind": "paper",
                                                               "code": c.paper["code"],
                                                               param: v}), valid=valid)
       for fn_name, fn in (("stock.moves", stock.moves),
                           ("stock_documents.stock_moves_figures",
                            stock_documents.stock_moves_figures),
                           ("stock_documents.stock_moves", stock_documents.stock_moves),
                           ("exports.stock_moves", exports.stock_moves))
       for param, name, valid in (("item_kind", "kind", "paper"), ("code", "code", PAPER_CODE))]
    + [field("costs.set_month", "month", "month",
             lambda c, v: costs.set_month(c.admin, v, "1000"), valid="2026-01"),
       field("costs.set_month", "note", "notes",
             lambda c, v: costs.set_month(c.admin, "2026-01", "1000", v)),
       field("costs.allocate", "month", "month", lambda c, v: costs.allocate(c.admin, v),
             valid="2026-01"),
       field("audit_log.search", "text", "search", lambda c, v: audit_log.search(c.admin, v)),
       field("audit_log.search", "action", "action",
             lambda c, v: audit_log.search(c.admin, "", v), valid="order.create"),
       field("customer_import.import_rows", "source", "file",
             lambda c, v: customer_import.import_rows(c.manager, _import_row("name", "ТОО А"), v),
             valid="клиенты.csv")]
    + [field("customer_import.import_rows", "rows." + column, column,
             lambda c, v, column=column: customer_import.import_rows(c.manager,
                                                                     _import_row(column, v)),
             valid="+7 701 000 00 00" if column == "phone" else "ТОО «Жаңа»",
             multiline=column in MULTILINE)
       for column in ("name", "phone", "address", "notes")]
    + [field("catalog.save_vat_rate", "data." + key, "vat." + key,
             lambda c, v, key=key: catalog.save_vat_rate(c.admin, dict(
                 {"category": "reduced", "valid_from": "2031-01-01", "pct": "8"}, **{key: v})),
             valid=valid)
       for key, valid in (("category", "reduced"), ("valid_from", "2031-01-01"))]
    + [field("catalog.delete_vat_rate", "category", "vat.category",
             lambda c, v: catalog.delete_vat_rate(c.admin, v, "2032-01-01"), valid="reduced"),
       field("catalog.delete_vat_rate", "valid_from", "vat.valid_from",
             lambda c, v: catalog.delete_vat_rate(c.admin, "reduced", v), valid="2032-01-01")]
    + [field("order_documents.invoice", "contract", "contract",
             lambda c, v: order_documents.invoice(c.manager, c.order.id, contract=v),
             valid="№ 5 от 01.01.2026")]
    + [field("catalog.save_product_codes", "data." + p, "product_code." + p,
             lambda c, v, p=p: catalog.save_product_codes(c.admin, {p: v}), valid="00-01")
       for p in ("printing", "label")]
    # acts and waybills take a contract of the register (an id) or none: text is refused first
    + [field("closing_documents." + fn, "contract", "contract",
             lambda c, v, fn=fn: getattr(closing_documents, fn)(
                 c.manager, *(["act"] if fn == "issue" else []), [c.order.id], contract=v),
             smoke=False) for fn in ("issue", "act", "waybill")]
    + [field("month_closing.close_order", "contract", "contract",
             lambda c, v: month_closing.close_order(c.manager, c.order.id, "act", contract=v),
             smoke=False),
       # the command line's --customer: a BIN/IIN checked by its control digit
       field("reconciliation.customer_by_bin", "bin_", "bin",
             lambda c, v: reconciliation.customer_by_bin(c.manager, v, "bin"), smoke=False)]
    + [field("payments.record", "reference", "reference",
             lambda c, v: payments.record(c.manager, c.customer.id, "10", None, "bank", v),
             valid="квитанция № 5"),
       field("payments.reverse", "reason", "reason",
             lambda c, v: payments.reverse(c.admin, 1, v), smoke=False)]
    # the command line's order numbers (a job ticket: the context's order is not made yet)
    + [field("closing_documents.document", "numbers", "order",
             lambda c, v: closing_documents.document(c.manager, "job-ticket", [v]),
             valid=lambda c: c.order.number),
       field("closing_documents.order_ids_of", "numbers", "order",
             lambda c, v: closing_documents.order_ids_of(c.manager, [v]),
             valid=lambda c: c.order.number),
       field("closing_documents.document", "kind", "kind",
             lambda c, v: closing_documents.document(c.manager, v, [c.order.number]),
             valid="job-ticket")]
    # the ESF's registration number typed in, the document it is for, the closing list's filter
    + [field("esf.register", "document_number", "document",
             lambda c, v: esf.register(c.manager, v, "ESF-1"), valid="ACT-2026-999999",
             smoke=False),
       field("esf.register", "registration_number", "registration_number",
             lambda c, v: esf.register(c.manager, "ACT-2026-999999", v), valid="ESF-1"),
       field("esf.closing_list", "status", "status",
             lambda c, v: esf.closing_list(c.manager, "2026-01-01", "2026-01-31", status=v),
             valid="closed")]
)


def _version(c):
    return orders.get(c.manager, c.order.id).version


def _staff(c, fn, param, value):
    args = {"name": "Серік", "role": "designer", "phone": "+7 701 000 00 00"}
    args[param] = value
    if fn == "add":
        return staff.add(c.admin, **args)
    return staff.update(c.admin, c.staff_id, **args)


# parameters of the services that are not text a person types into a form, and why
NOT_TYPED = {
    "session": "the caller", "db": "the file", "db_path": "the file", "user": "the caller",
    "now": "the clock", "created_at": "the clock", "today": "the clock",
    "version": "a number the form read", "limit": "a number", "offset": "a number",
    "history_limit": "a number", "history_offset": "a number", "descending": "a flag",
    "active": "a flag", "active_only": "a flag", "force_change": "a flag", "reissue": "a flag",
    "allow": "a flag", "update_catalog_price": "a flag", "log_scale": "a flag",
    "lang": "one of kk/ru/en, checked against the list", "fmt": "xlsx or csv, checked",
    "sort": "a column of the list, checked", "by": "a grouping, checked",
    "folder": "a folder picked in a dialog", "path": "a file picked in a dialog",
    "esf_folder": "a folder picked in a dialog", "with_esf": "a flag",
    "hold_approval": "holds.approve's Approval, not text", "approval": "holds.approve's Approval",
    "figures": "a flag", "seen": "a number: the change counter the window read",
    "target": "a file picked in a dialog or a server address built from checked fields "
              "(any path may be a real one; test_copy_db tries the bad ones)",
    "backup_folder": "a folder picked in a dialog",
    "field": "the caller's name of the field", "days": "a number (inputs.number)",
    "rush": "a flag", "discount_pct": "a number (checked as a quote's)",
    "date_from": "a day (inputs.day)", "date_to": "a day (inputs.day)",
    "minutes": "a number (parsed, stored as a number)", "quantity": "a number",
    "price": "a number", "counted": "a number", "minimum": "a number",
    "amount": "a number", "quantities": "numbers", "k": "a number", "min_size": "a number",
    "trend_months": "a number", "progress": "a callback", "staff_ids": "ids",
    "sel": "a Selection of ids, days and codes the screen built", "spec": "a JobSpec built",
    "preview": "a Preview the service made", "named": "actions, checked against the list",
    "catalog": "a catalog the service gave", "order": "an Order the service gave",
    "est": "an Estimate", "invoice_row": "a row", "customer": "a Customer the service gave",
    "drawing": "a flag", "headers": "the app's own column titles", "rows": "the app's own data",
    "name": "exports.table: the app's own sheet name", "kind": "a kind of manual, checked",
    "screenshots": "files the app made", "sources": "files the app made",
    "n_orders": "a number", "seed": "a number", "from_version": "a number",
    "data": "record_actual: numbers", "at": "a moment (a day), checked by its parser",
    "as_of": "a day (inputs.day)", "day": "a day (inputs.day)",
    "method": "one of bank/kaspi/card/cash, checked", "payment_id": "an id",
    "allocations": "invoice ids and numbers", "mapping": "column numbers, checked",
    "count": "a number",
    "order_ids": "ids",
}

# helpers the services call with values they have checked themselves, not a form's
INTERNAL = {"stock.on_actual", "stock.on_estimate_changed", "stock.on_status", "stock.shortages",
            "order_documents.invoice_data", "security.is_idle_too_long",
            "catalog.vat_pct_on", "orders.vat_today",  # a JobSpec's product type, checked
            "orders.vat_at_turnover", "orders.paid_by_ledger",
            # the administrator's word is a login (auth.login's fields above); the override's
            # audit and the statement's period are called with what their callers checked
            "holds.approve", "holds.audit_override", "reconciliation.statement_of",
            # money in: called by the services and the demo with what they checked or made
            "payments.write_payment", "payments.open_invoices_of", "payments.ageing_of",
            "bank_import.match", "bank_import.write_matches", "demo_payments.add",
            "demo_payments.statement",
            "contracts.chosen", "contracts.reference",
            "esf.invoices",  # closing documents the export read
            "audit_log.lost_race"}  # a record the service itself names after a lost race


def _services():
    for info in pkgutil.iter_modules(app.services.__path__):
        module = importlib.import_module("app.services." + info.name)
        for name, fn in sorted(vars(module).items()):
            if name.startswith("_") or not inspect.isfunction(fn):
                continue
            if inspect.unwrap(fn).__module__ != module.__name__:
                continue
            params = list(inspect.signature(inspect.unwrap(fn)).parameters)
            if params and params[0] in ("session", "db"):
                yield info.name + "." + name, params


def test_every_text_parameter_is_in_the_table():
    tabled = {}
    for f in FIELDS:
        tabled.setdefault(f.function, set()).add(f.param.split(".")[0].split(" ")[0])
    signatures = dict(_services())
    for function, params in tabled.items():
        assert function in signatures, function
        assert params <= set(signatures[function]), (function, params)
    forgotten = sorted("{}({})".format(function, p) for function, params in signatures.items()
                       for p in params
                       if p not in tabled.get(function, ()) and p not in NOT_TYPED
                       and p not in ("spec_data", "flt", "order_id", "customer_id",
                                     "user_id", "staff_id", "version_id", "contract_id")
                       and function not in INTERNAL)
    assert forgotten == [], "text parameters missing from FIELDS (or NOT_TYPED): {}".format(
        forgotten)
    # the keys of the forms handed over as a dict
    keys = {f.param.split(".", 1)[1].split(" ")[0] for f in FIELDS
            if f.param.startswith(("data.", "spec_data."))}
    assert set(CUSTOMER_TEXT) | {"bin"} <= keys
    assert {"shop." + k for k in shop.FIELDS} <= {f.field for f in FIELDS}
    spec_text = {f.name for f in dataclasses.fields(JobSpec)
                 if f.type in (str, "str", "Optional[str]") or f.name == "press"}
    assert spec_text <= keys, spec_text - keys
    for record in (domain_catalog.Paper, domain_catalog.Material):
        assert {f.name for f in dataclasses.fields(record) if f.type in (str, "str")} <= keys


# --- throwing them ----------------------------------------------------------------------------

class Context:
    pass


@pytest.fixture
def context(db, admin, manager, customer):
    c = Context()
    c.db, c.admin, c.manager, c.customer = db, admin, manager, customer
    c.order = orders.create(manager, CARDS, customer.id, "new")
    _, cat = catalog.current(db)
    c.paper = {k: (str(v) if not isinstance(v, (bool, str)) else v)
               for k, v in dataclasses.asdict(cat.papers["coated-300"]
                                              if "coated-300" in cat.papers
                                              else next(iter(cat.papers.values()))).items()}
    c.material = {k: (str(v) if not isinstance(v, (bool, str)) else v)
                  for k, v in dataclasses.asdict(next(iter(cat.materials.values()))).items()}
    c.staff_id = staff.add(admin, "Серік", "designer")
    return c


def _try(call, value, expected_field, db, wrong):
    """One hostile text; what went wrong is added to `wrong` (kind, description)."""
    changes = db.conn.total_changes
    try:
        call(value)
    except ValidationError as err:
        if err.field != expected_field or err.key not in i18n_catalog("en"):
            wrong.append(("wrong error", "{}: {}".format(expected_field, err)))
        for lang in ("kk", "ru", "en"):
            error_text(err, lang)
    except Exception as exc:  # noqa: BLE001 - what the test is about
        wrong.append(("unexpected exception", "{}: {!r}".format(expected_field,
                                                                  exc)[:200]))
    else:
        wrong.append(("accepted", "{}: {!r}".format(expected_field, value[:20])))
    if db.conn.total_changes != changes:
        wrong.append(("unintended change", expected_field))


def test_every_text_field_refuses_hostile_text(context, tmp_path, monkeypatch):
    monkeypatch.setenv("IPRINT_DOCUMENTS", str(tmp_path / "docs"))
    db = context.db
    tried, wrong = 0, []
    for f in FIELDS:
        valid = f.valid(context) if callable(f.valid) else f.valid
        if f.smoke:  # the valid value is not refused on this field: the table reaches it
            try:
                f.call(context, valid)
            except DomainError as err:
                assert err.field != f.field, (f.function, f.param, str(err))
        before = fingerprint(db)
        for value in hostile_texts(valid, f.multiline):
            _try(lambda v, f=f: f.call(context, v), value, f.field, db, wrong)
            tried += 1
        if fingerprint(db) != before:
            wrong.append(("unintended change", "{} {}: the fingerprint".format(f.function,
                                                                               f.param)))
    kinds = [kind for kind, _ in wrong]
    figures.hostile(tried)
    figures.add("text fields checked", len(FIELDS))
    figures.add("unexpected exceptions", kinds.count("unexpected exception"))
    figures.add("unintended changes", kinds.count("unintended change"))
    assert tried >= 10000
    by_kind = {k: kinds.count(k) for k in sorted(set(kinds))}
    assert wrong == [], "{} of {} hostile texts: {}; first: {}".format(
        len(wrong), tried, by_kind, wrong[:5])


# --- what the probe found, one by one ------------------------------------------------------

@pytest.mark.parametrize("name", ["ТОО\x01«Жаңа»", "ТОО «Жаңа»\x00", "\x00", "ТОО \ud800"])
def test_a_name_that_broke_the_exports_is_refused_and_they_still_work(manager, admin, name,
                                                                       tmp_path):
    with pytest.raises(ValidationError) as err:
        customers.save(manager, {"name": name})
    assert err.value.field == "name" and err.value.key == "error.field.bad_character"
    assert "U+" in error_text(err.value, "ru")
    assert exports.customers(admin, "xlsx", folder=tmp_path).path.exists()


def test_a_page_long_search_is_a_field_error_not_sqlite_giving_up(manager, admin, customer):
    for search in (lambda v: customers.search(manager, v),
                   lambda v: orders.page(manager, OrderFilter(text=v)),
                   lambda v: audit_log.search(admin, v)):
        with pytest.raises(ValidationError) as err:
            search("%" * 100000)
        assert err.value.field == "search" and err.value.key == "error.field.too_long"
    assert customers.search(manager, " Алтын ")  # stripped, found


def test_notes_keep_their_lines_and_a_name_its_inner_spaces(manager, customer):
    order = orders.create(manager, CARDS, customer.id, notes="  1) ламинат\r\n2)\tбұрыш  ")
    assert orders.get(manager, order.id).notes == "1) ламинат\n2)\tбұрыш"
    saved = customers.save(manager, {"name": "  ТОО  «Жаңа»  ", "address": "Алматы,\nАбай 1"})
    assert (saved.name, saved.address) == ("ТОО  «Жаңа»", "Алматы,\nАбай 1")
