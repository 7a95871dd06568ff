"""The demo database: realistic, complete and deterministic for a seed."""
from datetime import datetime
from decimal import Decimal

from app.services import auth, demo
from app.storage.integrity import check
from app.storage.opening import open_database

TODAY = datetime(2026, 11, 27, 18, 0)


def build(path, n=3000, seed=5):
    db = open_database(path, create=True)
    passwords = demo.build(db, n, seed=seed, today=TODAY)
    return db, passwords


def summary(db):
    return db.all("SELECT number, customer_id, status, price_gross_tiyn, act_direct_tiyn, "
                  "act_overhead_tiyn, created_at FROM orders ORDER BY id")


def test_demo_is_complete_realistic_and_sound(tmp_path):
    db, passwords = build(tmp_path / "demo.sqlite3")
    assert check(db) == []
    assert db.scalar("SELECT count(*) FROM orders") == 3000
    types = {r[0] for r in db.all("SELECT DISTINCT product_type FROM orders")}
    statuses = {r[0] for r in db.all("SELECT DISTINCT status FROM orders")}
    assert types == {"printing", "blank", "journal", "label"}
    assert statuses == {"new", "quoted", "approved", "prepress", "production", "ready",
                        "delivered", "paid", "cancelled"}
    span = db.one("SELECT min(created_at) AS a, max(created_at) AS b FROM orders")
    assert span["a"] < "2023-12-31" and span["b"] > "2026-10-01"
    made = db.scalar("SELECT count(*) FROM orders WHERE status IN ('ready','delivered','paid')")
    with_actual = db.scalar("SELECT count(*) FROM orders WHERE actual IS NOT NULL")
    assert made == with_actual > 1500
    losses = db.scalar("SELECT count(*) FROM orders WHERE actual IS NOT NULL AND "
                       "act_direct_tiyn + act_overhead_tiyn > price_net_tiyn")
    assert 0.02 < losses / with_actual < 0.35  # a share of loss-making orders, not most
    overrun = db.scalar("SELECT avg(act_direct_tiyn * 1.0 / est_direct_tiyn) FROM orders "
                        "WHERE actual IS NOT NULL")
    assert 1.0 < overrun < 1.3
    discounted = db.scalar("SELECT count(*) FROM customers WHERE discount_bp > 0")
    assert discounted > 0
    names = " ".join(r[0] for r in db.all("SELECT name FROM customers"))
    assert any(ch in names for ch in "әғқңөұүі") and "ТОО" in names
    # past months carry their real indirect costs, spread exactly
    month = db.one("SELECT month, amount_tiyn FROM indirect_costs ORDER BY month LIMIT 1")
    spread = db.scalar("SELECT sum(act_overhead_tiyn) FROM orders WHERE substr(finished_at, 1, 7) = ? "
                       "AND actual IS NOT NULL", (month["month"],))
    assert spread == month["amount_tiyn"]
    for user, password in passwords.items():
        assert auth.login(db, user, password).user.username == user
    db.close()


def test_demo_is_deterministic_for_a_seed(tmp_path):
    a, _ = build(tmp_path / "a.sqlite3", 500, seed=11)
    b, _ = build(tmp_path / "b.sqlite3", 500, seed=11)
    c, _ = build(tmp_path / "c.sqlite3", 500, seed=12)
    assert [tuple(r) for r in summary(a)] == [tuple(r) for r in summary(b)]
    assert [tuple(r) for r in summary(a)] != [tuple(r) for r in summary(c)]


def test_demo_orders_open_through_the_services(tmp_path):
    db, passwords = build(tmp_path / "demo.sqlite3", 400)
    session = auth.login(db, "aigerim", passwords["aigerim"])
    from app.services import orders
    for row in orders.page(session, limit=50):
        order = orders.get(session, row.id)
        assert order.estimate.price_gross == row.price_gross
        if order.actual:
            assert order.actual.cost == order.actual.direct + order.actual.overhead
    # a new order continues the year's numbering
    customer_id = db.scalar("SELECT min(id) FROM customers")
    from tests.costing.specs import CARDS
    new = orders.create(session, CARDS, customer_id, created_at="2026-11-27 12:00:00")
    last = db.scalar("SELECT max(number) FROM orders WHERE number LIKE '2026-%' AND id != ?", (new.id,))
    assert int(new.number[5:]) == int(last[5:]) + 1


def test_demo_has_stock_history_performers_and_low_items(tmp_path):
    db, passwords = build(tmp_path / "demo.sqlite3", 1500)
    session = auth.login(db, "aigerim", passwords["aigerim"])
    from app.services import staff, stock
    table = stock.balance_table(session)
    assert all(not row["negative"] for row in table)
    low = {row["code"] for row in stock.low_stock(session)}
    assert {"cover-hard", "satin-40"} <= low and len(low) < len(table) // 2
    assert len(staff.list_staff(session)) == 6
    assert db.scalar("SELECT count(*) FROM order_performers") > 50
    # the made-up shop heads the demo's documents
    from app.services import shop
    assert shop.requisites(session)["name"] == demo.DEMO_SHOP["name"]
    assert shop.validate(demo.DEMO_SHOP) == dict(demo.DEMO_SHOP, logo_path="")
    # past months' indirect costs were entered and spread early in the next month
    months = db.all("SELECT month, allocated_at, note FROM indirect_costs")
    assert months
    for m in months:
        year, mon = int(m["month"][:4]), int(m["month"][5:7])
        assert m["allocated_at"][:8] == "{:04d}-{:02d}-".format(year + mon // 12, mon % 12 + 1)
        assert m["note"] and m["note"] != "demo"
    # receipts carry a price near the catalog's: the stock documents show purchase prices
    from app.services import stock_documents
    from app.storage import catalog as catalog_db
    cat = catalog_db.load_catalog(db)
    buy = stock_documents.what_to_buy_figures(session, "ru").lines
    assert buy and not any(line.price_from_catalog for line in buy)
    last = db.all("SELECT item_kind, code, price_tiyn FROM stock_moves WHERE kind = 'receipt' "
                  "ORDER BY at DESC, id DESC")
    assert last and all(r["price_tiyn"] for r in last)
    seen = set()
    for r in last:
        if (r["item_kind"], r["code"]) in seen:
            continue
        seen.add((r["item_kind"], r["code"]))
        record = (cat.papers if r["item_kind"] == "paper" else cat.materials)[r["code"]]
        ratio = Decimal(r["price_tiyn"]) / 100 / record.price
        assert Decimal("0.85") < ratio < Decimal("1.04"), (r["code"], ratio)
    db.close()
