"""python -m app import-customers FILE: the whole file checked first; any bad row and nothing
is imported (exit 2, the rows named on stderr); else JSON on stdout and exit 0."""
import json
import os

import pytest

from app.services import auth, customers
from app.storage.opening import open_database
from tests.cli.test_cli import run
from tests.conftest import ADMIN_PASSWORD, MANAGER_PASSWORD
from tests.customer_files import BAD_ROWS, HEADER, good_rows, with_bad_rows, xlsx

pytest.importorskip("openpyxl")
ADMIN = {"IPRINT_ADMIN_PASSWORD": ADMIN_PASSWORD}


def _customers(db_path):
    with open_database(db_path) as db:
        imports = db.scalar("SELECT count(*) FROM audit_log WHERE action LIKE 'customer.%'")
        return customers.search(auth.login(db, "admin", ADMIN_PASSWORD), "", 100000), imports


def _import(db_path, path, *extra, env=ADMIN, stdin=None):
    return run("import-customers", str(path), "--db", str(db_path), *extra, env=env, stdin=stdin)


def test_a_good_file_is_imported_and_told_as_json(db_path, tmp_path):
    path = xlsx(tmp_path / "clients.xlsx", good_rows(30), HEADER + ["№"])
    proc = _import(db_path, path)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert set(out) == {"imported", "customer_ids", "ignored_columns", "file"}
    assert out["imported"] == 30 and len(out["customer_ids"]) == 30
    assert out["ignored_columns"] == ["№"] and out["file"] == "clients.xlsx"
    stored, _ = _customers(db_path)
    assert sorted(c.id for c in stored) == sorted(out["customer_ids"])
    assert "Traceback" not in proc.stderr


def test_three_bad_rows_are_each_named_and_nothing_is_imported(db_path, tmp_path):
    path = xlsx(tmp_path / "bad.xlsx", with_bad_rows(20))
    proc = _import(db_path, path)
    assert proc.returncode == 2 and proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert lines[:3] == ["Row 4: BIN/IIN: BIN/IIN is 12 digits",
                         "Row 9: e-mail: not a valid e-mail address",
                         "Row 15: discount, %: must be from 0 to 99,99"]
    assert lines[3] == "Nothing was imported: 3 rows have errors." and len(lines) == 4
    assert _customers(db_path) == ([], 0)
    ru = _import(db_path, path, env=dict(ADMIN, IPRINT_LANG="ru"))
    assert ru.returncode == 2
    assert all("Строка {}".format(row) in ru.stderr for row in BAD_ROWS)
    assert _customers(db_path) == ([], 0)


def test_a_manager_may_import_from_stdin(db_path, tmp_path):
    with open_database(db_path) as db:  # the manager chose his own password in the app first
        auth.change_own_password(auth.login(db, "manager", MANAGER_PASSWORD), MANAGER_PASSWORD,
                                 "manager-own-pass-7")
    path = xlsx(tmp_path / "clients.xlsx", good_rows(3))
    proc = _import(db_path, path, "--user", "manager", "--password-stdin", env={},
                   stdin="manager-own-pass-7\n")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["imported"] == 3


@pytest.mark.parametrize("case", ["wrong password", "temporary password", "no database",
                                  "not a table", "no such file"])
def test_bad_input_exits_2_with_nothing_imported(db_path, tmp_path, case):
    path = xlsx(tmp_path / "clients.xlsx", good_rows(3))
    db, extra, env = db_path, (), ADMIN
    if case == "wrong password":
        env = {"IPRINT_ADMIN_PASSWORD": "wrong-password-1"}
    elif case == "temporary password":  # set by the administrator: the app asks to change it
        with open_database(db_path) as conn:
            admin = auth.login(conn, "admin", ADMIN_PASSWORD)
            manager = auth.login(conn, "manager", MANAGER_PASSWORD).user
            auth.force_password_change(admin, manager.id)
        extra, env = ("--user", "manager"), {"IPRINT_ADMIN_PASSWORD": MANAGER_PASSWORD}
    elif case == "no database":
        db = tmp_path / "none.sqlite3"
    elif case == "not a table":
        path = tmp_path / "old.xls"
        path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    else:
        path = tmp_path / "missing.csv"
    proc = _import(db, path, *extra, env=env)
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == "" and "Traceback" not in proc.stderr and proc.stderr.strip()
    assert _customers(db_path) == ([], 0)
    assert not os.path.exists(str(tmp_path / "none.sqlite3"))


@pytest.mark.file_only  # the fault is an SQLite trigger
def test_an_unexpected_failure_exits_1_logged_without_a_traceback(db_path, tmp_path):
    # a fault no rule of ours foresees: the database itself refuses the insert
    with open_database(db_path) as db, db.atomic():
        db.execute("CREATE TRIGGER refuse BEFORE INSERT ON customers "
                   "BEGIN SELECT RAISE(ABORT, 'disk says no'); END")
    path = xlsx(tmp_path / "clients.xlsx", good_rows(3))
    proc = run("import-customers", str(path), "--db", str(db_path), env=dict(
        ADMIN, IPRINT_HOME=str(tmp_path / "home")))
    assert proc.returncode == 1 and proc.stdout == ""
    assert "Traceback" not in proc.stderr and "iprint.log" in proc.stderr


def test_help_names_the_command():
    assert "import-customers" in run("--help").stdout
