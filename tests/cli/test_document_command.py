"""python -m app document KIND --order NUMBER: the path, or with --json path, number and
total; bad input (unknown order, not made, no BIN, bad kind or language) exits 2 with the
message naming it and nothing numbered or written."""
import json
from decimal import Decimal

import pytest
from docx import Document

from app.services import auth, customers, orders, shop
from app.storage.opening import open_database
from tests.cli.test_cli import run
from tests.conftest import ADMIN_PASSWORD, MANAGER_PASSWORD
from tests.reports.conftest import CARDS, REQUISITES, docx_text

ADMIN = {"IPRINT_ADMIN_PASSWORD": ADMIN_PASSWORD}


def _made(session, customer_id, status="ready", **spec):
    order = orders.create(session, dict(CARDS, **spec), customer_id, status="approved")
    for step in ("production", "ready"):
        if status == "approved":
            break
        order = orders.change_status(session, order.id, order.version, step)
    return order


@pytest.fixture
def shop_file(db_path):
    """The shop with its requisites; made orders of a customer with a BIN, one not made, and
    one of a customer without a BIN."""
    with open_database(db_path) as db:
        admin = auth.login(db, "admin", ADMIN_PASSWORD)
        shop.save_requisites(admin, REQUISITES)
        altyn = customers.save(admin, {"name": "ТОО «Алтын Дән»", "bin": "123456789013"})
        other = customers.save(admin, {"name": "ИП Жұмабаев", "bin": "900101300126"})
        private = customers.save(admin, {"name": "Частное лицо"})
        numbers = {
            "ready": _made(admin, altyn.id).number,
            "ready2": _made(admin, altyn.id, quantity=200).number,
            "approved": _made(admin, altyn.id, status="approved").number,
            "other": _made(admin, other.id).number,
            "no_bin": _made(admin, private.id).number,
        }
    return db_path, numbers


def _document(db_path, kind, *numbers, extra=(), env=ADMIN):
    args = ["document", kind, "--db", str(db_path)]
    for number in numbers:
        args += ["--order", number]
    return run(*args, *extra, env=env)


def _state(db_path):
    with open_database(db_path) as db:
        return (db.scalar("SELECT count(*) FROM closing_documents"),
                db.scalar("SELECT count(*) FROM invoices"),
                db.all("SELECT kind, year, last FROM document_numbers") == [],
                db.scalar("SELECT count(*) FROM orders WHERE turnover_date IS NOT NULL"))


@pytest.mark.parametrize("kind, lang, title", [
    ("act", "kk", "ОРЫНДАЛҒАН ЖҰМЫСТАР (КӨРСЕТІЛГЕН ҚЫЗМЕТТЕР) АКТІСІ"),
    ("waybill", "ru", "НАКЛАДНАЯ НА ОТПУСК ЗАПАСОВ НА СТОРОНУ"),
    ("invoice", "ru", "Счёт на оплату №"),
    ("offer", "en", "COMMERCIAL OFFER"),
    ("job-ticket", "kk", "ЖҰМЫС НАРЯДЫ"),
])
def test_each_kind_prints_json_with_path_number_and_total(shop_file, tmp_path, kind, lang,
                                                          title):
    db_path, numbers = shop_file
    out = tmp_path / "out"
    proc = _document(db_path, kind, numbers["ready"],
                     extra=("--lang", lang, "--out", str(out), "--json"))
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert {"path", "number", "total"} <= set(data)
    assert data["total"] == "26784.40" and Decimal(data["total"]) == Decimal("26784.40")
    path = out / data["path"].split("/")[-1]
    assert data["path"] == str(path) and path.is_file()
    text = docx_text(path)
    assert title in text.upper() or title in text
    assert data["number"] in text
    if kind in ("act", "waybill"):
        assert data["number"].endswith("-000001")
    if kind in ("offer", "job-ticket"):
        assert data["number"] == numbers["ready"]
    Document(str(path))  # a whole .docx


def test_without_json_the_path_alone_and_several_orders_in_one_act(shop_file, tmp_path):
    db_path, numbers = shop_file
    proc = _document(db_path, "act", numbers["ready"], numbers["ready2"],
                     extra=("--out", str(tmp_path / "acts")))
    assert proc.returncode == 0, proc.stderr
    path = proc.stdout.strip()
    assert path.endswith(".docx") and "\n" not in path
    text = docx_text(path)
    assert numbers["ready"] in text and numbers["ready2"] in text
    assert _state(db_path)[0] == 1 and _state(db_path)[3] == 2


def test_a_manager_with_the_password_on_stdin(shop_file, tmp_path):
    db_path, numbers = shop_file
    with open_database(db_path) as db:
        auth.change_own_password(auth.login(db, "manager", MANAGER_PASSWORD), MANAGER_PASSWORD,
                                 "manager-own-pass-7")
    proc = run("document", "waybill", "--order", numbers["ready"], "--db", str(db_path),
               "--user", "manager", "--password-stdin", "--json", "--out", str(tmp_path),
               stdin="manager-own-pass-7\n", env={})
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["number"].endswith("-000001")


@pytest.mark.parametrize("case, message", [
    ("unknown order", "order: There is no order numbered 2026-999999"),
    ("not made", "is not made yet"),
    ("no BIN", "BIN/IIN: Customer Частное лицо has no BIN/IIN"),
    ("invoice no BIN", "BIN/IIN: Customer Частное лицо has no BIN/IIN"),
    ("mixed customers", "belong to different customers"),
    ("bad kind", "kind: Unknown document: receipt"),
    ("bad lang", "Language: Unsupported document language: de"),
    ("two orders for an invoice", "is made for one order"),
    ("no order", "order: "),
])
def test_bad_input_exits_2_and_numbers_nothing(shop_file, tmp_path, case, message):
    db_path, numbers = shop_file
    kind, given, extra = "act", [numbers["ready"]], ()
    if case == "unknown order":
        given = ["2026-999999"]
    elif case == "not made":
        given = [numbers["approved"]]
    elif case == "no BIN":
        given = [numbers["no_bin"]]
    elif case == "invoice no BIN":
        kind, given = "invoice", [numbers["no_bin"]]
    elif case == "mixed customers":
        given = [numbers["ready"], numbers["other"]]
    elif case == "bad kind":
        kind = "receipt"
    elif case == "bad lang":
        extra = ("--lang", "de")
    elif case == "two orders for an invoice":
        kind, given = "invoice", [numbers["ready"], numbers["ready2"]]
    elif case == "no order":
        given = []
    out = tmp_path / "out"
    proc = _document(db_path, kind, *given, extra=extra + ("--out", str(out), "--json"))
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert proc.stdout == ""
    assert message in proc.stderr and "Traceback" not in proc.stderr
    if case == "not made":
        assert numbers["approved"] in proc.stderr
    assert _state(db_path) == (0, 0, True, 0)
    assert not out.exists()


def test_a_wrong_password_exits_2(shop_file):
    db_path, numbers = shop_file
    proc = _document(db_path, "act", numbers["ready"],
                     env={"IPRINT_ADMIN_PASSWORD": "wrong-password-1"})
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert _state(db_path) == (0, 0, True, 0)


def test_the_unexpected_exits_1_and_is_logged(shop_file, tmp_path):
    """A file whose closing tables were dropped by hand is no typo of the user's: exit 1, the
    details in the log, no traceback at the person, nothing numbered."""
    db_path, numbers = shop_file
    with open_database(db_path) as db:
        db.execute("DROP TABLE closing_document_orders")
    home = tmp_path / "home"
    proc = _document(db_path, "act", numbers["ready"], env=dict(ADMIN, IPRINT_HOME=str(home)))
    assert proc.returncode == 1, proc.stderr
    assert "Something went wrong" in proc.stderr and "Traceback" not in proc.stderr
    logged = "".join(p.read_text(encoding="utf-8") for p in home.rglob("*.log"))
    assert "closing_document_orders" in logged
    with open_database(db_path) as db:
        assert db.scalar("SELECT count(*) FROM closing_documents") == 0
        assert db.scalar("SELECT count(*) FROM document_numbers") == 0
