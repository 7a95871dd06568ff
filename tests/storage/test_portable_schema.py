"""Schema version 11 (portable SQL, issue 21's groundwork): a shop's file at version 10 with
orders, payments and users in it is rebuilt in place, every row and id kept; the rebuilt
tables guard their data as before; logins and customer search ignore case as before."""
import sqlite3

import pytest

from app.services import auth, customers, demo
from app.storage import catalog as catalog_db
from app.storage import customers as customers_db
from app.storage import users as users_db
from app.storage.db import Database
from app.storage.integrity import check
from app.storage.migrations import MIGRATIONS, SCHEMA_VERSION, apply_migrations, migrate
from app.storage.portable import day_after, month_after
from tests.conftest import ADMIN_PASSWORD

TABLES = ("users", "customers", "indirect_costs", "orders", "payments", "allocations",
          "invoices", "audit_log", "order_status_log", "stock_moves")


def _dump(db):
    return {t: [tuple(r) for r in db.all("SELECT * FROM {} ORDER BY 1".format(t))]
            for t in TABLES}


def _old_shop(path):
    """A file made by the migrations up to 10 and filled as a shop fills it."""
    db = Database(path)
    apply_migrations(db, [m for m in MIGRATIONS if m[0] <= 10])
    with db.atomic():
        catalog_db.seed_default_catalog(db)
    passwords = demo.build(db, 120, seed=3)
    with db.atomic():
        db.execute("INSERT INTO indirect_costs(month, amount_tiyn) VALUES ('2019-07', 100)")
    return db, passwords


def test_a_version_10_file_with_orders_migrates_keeping_every_row(tmp_path):
    db, _ = _old_shop(tmp_path / "shop.sqlite3")
    before = _dump(db)
    assert db.scalar("PRAGMA user_version") == 10 and before["orders"] and before["payments"]
    assert "NOCASE" in db.scalar("SELECT sql FROM sqlite_master WHERE name = 'users'")
    db.close()
    db = Database(tmp_path / "shop.sqlite3")
    assert migrate(db) == (10, SCHEMA_VERSION)
    assert _dump(db) == before
    assert check(db) == [] and db.all("PRAGMA foreign_key_check") == []
    schema = " ".join(r[0] for r in db.all("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL"))
    assert "NOCASE" not in schema and "GLOB" not in schema
    # the columns are where they were: SELECT * readers see the same rows
    assert [r[1] for r in db.all("PRAGMA table_info(users)")][-1] == "version"
    db.close()


@pytest.fixture
def migrated(tmp_path):
    db, passwords = _old_shop(tmp_path / "shop.sqlite3")
    migrate(db)
    yield db, passwords
    db.close()


def test_the_rebuilt_tables_still_guard_their_data(migrated):
    db, _ = migrated
    made = "2026-01-01 10:00:00"
    for bad in ("12345", "12345678901a", "1234567890123", " 23456789012"):
        with pytest.raises(sqlite3.IntegrityError):
            db.execute("INSERT INTO customers(name, bin, created_at) VALUES ('X', ?, ?)",
                       (bad, made))
    db.execute("INSERT INTO customers(name, bin, created_at) VALUES ('X', '000000000042', ?)",
               (made,))
    # as the old GLOB [0-1][0-9]: the month digits, not the calendar (services check that)
    for bad in ("2026-23", "2026-1", "2026/01", "20a6-01", "2026-01-01", "2026-2x"):
        with pytest.raises(sqlite3.IntegrityError):
            db.execute("INSERT INTO indirect_costs(month, amount_tiyn) VALUES (?, 1)", (bad,))
    db.execute("INSERT INTO indirect_costs(month, amount_tiyn) VALUES ('2026-12', 1)")
    # a login is unique whatever its ASCII case, as the NOCASE column kept it
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO users(username, role, password_hash, created_at) "
                   "VALUES ('ADMIN', 'manager', 'pbkdf2_sha256$1$00$000000000000000000', ?)",
                   (made,))


def test_logins_ignore_case_latin_and_cyrillic(migrated):
    db, passwords = migrated
    assert auth.login(db, "ADMIN", passwords["admin"]).user.username == "admin"
    admin = auth.login(db, "admin", passwords["admin"])
    auth.add_user(admin, "Асель", "asel-pass-9137", "manager", "Асель")
    assert auth.login(db, "асель", "asel-pass-9137").user.username == "Асель"
    assert auth.login(db, "АСЕЛЬ", "asel-pass-9137").user.username == "Асель"
    for taken in ("асель", "АСЕЛЬ", "Admin"):
        with pytest.raises(Exception) as err:
            auth.add_user(admin, taken, "other-pass-4821", "manager")
        assert getattr(err.value, "key", "") == "error.user.exists"


def test_an_exact_login_wins_over_one_that_differs_in_case(migrated):
    """Two logins that differ only in Cyrillic case could be made before (NOCASE folds ASCII):
    each still logs in as itself."""
    db, _ = migrated
    with db.atomic():
        one = users_db.insert(db, "Ерлан", "", "manager", auth.hash_password("erlan-pass-1845"))
        two = users_db.insert(db, "ерлан", "", "manager", auth.hash_password("erlan-pass-5902"))
    assert auth.login(db, "Ерлан", "erlan-pass-1845").user.id == one
    assert auth.login(db, "ерлан", "erlan-pass-5902").user.id == two


def test_customer_search_and_order_ignore_case(db, admin):
    for name in ("ТОО «Бастау»", "тоо «Арман»", "Zeta LLP", "alpha LLP"):
        customers.save(admin, {"name": name})
    # the search key is folded in Python, Cyrillic too; the list's order folds ASCII only, as
    # NOCASE did (SQLite's lower() knows no other letters)
    assert {c.name for c in customers.search(admin, "тоо")} == {"тоо «Арман»", "ТОО «Бастау»"}
    assert [c.name for c in customers.search(admin, "ТОО «БАС")] == ["ТОО «Бастау»"]
    assert [c.name for c in customers.search(admin, "LLP")] == ["alpha LLP", "Zeta LLP"]
    assert [c.name for c in customers_db.search(db, "")][:2] == ["alpha LLP", "Zeta LLP"]


@pytest.mark.file_only  # SQLite itself
def test_period_bounds_are_computed_as_sqlite_did(db):
    for day in ("2026-01-31", "2024-02-28", "2025-12-31", "2026-03-05 10:20:00"):
        assert day_after(day) == db.scalar("SELECT date(?, '+1 day')", (day,))
    for day in ("2026-01-01", "2025-12-01", "2026-02-01"):
        assert month_after(day) == db.scalar("SELECT date(?, '+1 month')", (day,))
    assert day_after("nonsense") is None and db.scalar("SELECT date('nonsense', '+1 day')") is None


def test_new_rows_get_their_ids_back(db, admin):
    first = customers.save(admin, {"name": "Бірінші"})
    second = customers.save(admin, {"name": "Екінші"})
    assert second.id == first.id + 1
    assert db.scalar("SELECT name FROM customers WHERE id = ?", (second.id,)) == "Екінші"
    assert ADMIN_PASSWORD  # the conftest admin is the one that saved them


def test_without_returning_the_helper_falls_back_to_lastrowid(db, admin, monkeypatch):
    """The SQLite of Python 3.8 for Windows may predate RETURNING (3.35)."""
    from app.storage import portable
    first = customers.save(admin, {"name": "Үшінші"})
    monkeypatch.setattr(portable, "HAS_RETURNING", False)
    second = customers.save(admin, {"name": "Төртінші"})
    assert second.id == first.id + 1
    assert db.scalar("SELECT name FROM customers WHERE id = ?", (second.id,)) == "Төртінші"
