"""VAT by the turnover date and by product type, through the services on a real database."""
from datetime import datetime
from decimal import Decimal

import pytest

from app.domain.errors import ValidationError
from app.services import catalog, demo, orders
from app.storage.opening import open_database
from tests.costing.specs import CARDS, JOURNALS


def _made(manager, order, at):
    for status in ("production", "ready"):
        order = orders.change_status(manager, order.id, order.version, status, at=at)
    return order


def test_new_databases_hold_the_dated_rates(db, admin):
    rates = [(r.category, r.valid_from.isoformat(), str(r.pct)) for r in catalog.vat_rates(admin)]
    assert ("standard", "2009-01-01", "12") in rates and ("standard", "2026-01-01", "16") in rates
    assert ("reduced", "2026-01-01", "10") in rates
    s = catalog.get_settings(admin)
    assert (s.vat_printing, s.vat_blank, s.vat_journal, s.vat_label) == ("standard",) * 4


def test_an_order_quoted_on_new_years_eve_and_one_on_new_years_day(manager, customer):
    eve = orders.create(manager, CARDS, customer.id, "approved", created_at="2025-12-31 17:00:00")
    day = orders.create(manager, CARDS, customer.id, "approved", created_at="2026-01-01 09:00:00")
    assert eve.estimate.vat_pct == 12 and day.estimate.vat_pct == 16
    assert eve.estimate.price_net == day.estimate.price_net == Decimal("23090.00")
    assert eve.estimate.vat == Decimal("2770.80") and day.estimate.vat == Decimal("3694.40")


def test_the_vat_follows_the_day_the_work_is_handed_over(db, manager, customer):
    """Quoted in December at 12 %, made in January: 16 %, net price and lines unchanged."""
    order = orders.create(manager, CARDS, customer.id, "approved", created_at="2025-12-29 10:00:00")
    made = _made(manager, order, "2026-01-05 12:00:00")
    assert made.estimate.vat_pct == 16 and made.estimate.price_net == order.estimate.price_net
    assert made.estimate.lines == order.estimate.lines
    row = db.one("SELECT vat_tiyn, price_gross_tiyn FROM orders WHERE id = ?", (order.id,))
    assert (row[0], row[1]) == (369440, 2678440)
    same = orders.create(manager, CARDS, customer.id, "approved", created_at="2025-12-29 10:00:00")
    assert _made(manager, same, "2025-12-31 12:00:00").estimate.vat_pct == 12


def test_categories_set_by_the_administrator(admin, manager, customer):
    catalog.save_settings(admin, {"vat_journal": "reduced", "vat_printing": "exempt"})
    assert orders.quote(manager, JOURNALS).vat_pct == 10
    exempt = orders.quote(manager, CARDS)
    assert exempt.vat == 0 and exempt.price_gross == exempt.price_net
    with pytest.raises(ValidationError) as info:
        catalog.save_settings(admin, {"vat_blank": "half"})
    assert info.value.field == "vat_blank" and info.value.key == "error.vat.bad_category"


def test_a_new_rate_in_the_history_applies_from_its_day(admin, manager, customer):
    catalog.save_vat_rate(admin, {"category": "standard", "valid_from": "2027-07-01", "pct": "18"})
    assert orders.create(manager, CARDS, customer.id,
                         created_at="2027-07-01 09:00:00").estimate.vat_pct == 18
    assert orders.create(manager, CARDS, customer.id,
                         created_at="2027-06-30 09:00:00").estimate.vat_pct == 16
    catalog.delete_vat_rate(admin, "standard", "2027-07-01")
    assert orders.create(manager, CARDS, customer.id,
                         created_at="2027-07-01 09:00:00").estimate.vat_pct == 16
    with pytest.raises(ValidationError) as info:
        catalog.save_vat_rate(admin, {"category": "standard", "valid_from": "1.7.2027", "pct": "18"})
    assert info.value.field == "vat.valid_from"


def test_the_demo_charges_12_percent_up_to_2025_and_16_from_2026(tmp_path):
    db = open_database(tmp_path / "demo.sqlite3", create=True)
    demo.build(db, 1500, seed=3, today=datetime(2026, 4, 30, 18, 0))
    by_year = {}
    for r in db.all("SELECT created_at, finished_at, price_net_tiyn, vat_tiyn FROM orders"):
        turnover = (r["finished_at"] or r["created_at"])[:4]
        pct = Decimal(r["vat_tiyn"]) * 100 / Decimal(r["price_net_tiyn"])
        by_year.setdefault(turnover, set()).add(pct.quantize(Decimal("0.1")))
    assert set(by_year) == {"2023", "2024", "2025", "2026"}
    for year in ("2023", "2024", "2025"):
        assert by_year[year] == {Decimal("12.0")}, year
    assert by_year["2026"] == {Decimal("16.0")}


def test_orders_frozen_before_the_change_keep_their_figures(tmp_path):
    """A shop's file at schema 3 (one flat VAT setting) holds an order frozen at 12 % in 2026;
    after the migration it is made in February 2026 and keeps its 12 % and its total, while
    an order saved after the migration goes to the 16 % of its turnover date."""
    from app import costing
    from app.domain.job import JobSpec
    from app.services import auth
    from app.storage import catalog as catalog_db
    from app.storage import orders as orders_db
    from app.storage.db import Database
    from app.storage.migrations import MIGRATIONS, apply_migrations, migrate
    path = tmp_path / "v3.sqlite3"
    db = Database(path)
    apply_migrations(db, MIGRATIONS[:3])
    with db.atomic():
        catalog_db.seed_default_catalog(db)
    boss = auth.create_first_admin(db, "boss", "Түйе-жүн-2026!", "Бастық")
    with db.atomic():
        customer_id = db.execute("INSERT INTO customers(name, created_at) VALUES (?, ?)",
                                 ("ТОО «Ескі»", "2025-11-01 10:00:00")).lastrowid
        vid, cat = catalog.current(db)
        est = costing.estimate(JobSpec.from_dict(CARDS), cat, Decimal(12))
        values = orders_db.estimate_columns(est)
        values.update(number=orders_db.next_number(db, 2026), customer_id=customer_id,
                      status="approved", created_at="2026-01-10 10:00:00", due_date=None,
                      manager_id=boss.id, catalog_version_id=vid, notes="")
        old_id = orders_db.insert(db, values)
    assert migrate(db) == (3, MIGRATIONS[-1][0])  # to the newest schema
    session = auth.login(db, "boss", "Түйе-жүн-2026!")
    old = _made(session, orders.get(session, old_id), "2026-02-10 12:00:00")
    assert old.estimate.vat_pct == 12 and old.estimate == est
    assert (old.estimate.vat, old.estimate.price_gross) == (Decimal("2770.80"), Decimal("25860.80"))
    new = orders.create(session, CARDS, customer_id, "approved", created_at="2025-12-30 10:00:00")
    assert new.estimate.vat_pct == 12
    assert _made(session, new, "2026-02-10 12:00:00").estimate.vat_pct == 16
    db.close()
