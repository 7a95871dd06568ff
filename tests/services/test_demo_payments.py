"""The demo's money in: invoices and payments of the last weeks (parts, Kaspi, advances) and
a statement its import finds invoices in."""
from app.services import auth, bank_import, demo_payments, payments
from app.storage.integrity import check
from tests.services.test_demo import TODAY, build


def test_demo_has_payments_and_a_statement_to_import(tmp_path):
    db, passwords = build(tmp_path / "demo.sqlite3", n=3000, seed=5)
    assert check(db) == []
    methods = {r[0] for r in db.all("SELECT DISTINCT method FROM payments")}
    assert {"bank", "kaspi"} <= methods
    # some orders were paid in two parts; every paid invoice is covered to the tiyn
    assert db.scalar("SELECT count(*) FROM (SELECT invoice_id FROM allocations "
                     "GROUP BY invoice_id HAVING count(*) > 1) t") > 0
    assert db.scalar("SELECT count(*) FROM invoices i JOIN orders o ON o.id = i.order_id "
                     "WHERE o.status = 'paid' AND i.total_tiyn <> (SELECT sum(a.amount_tiyn) "
                     "FROM allocations a WHERE a.invoice_id = i.id)") == 0
    session = auth.login(db, "admin", passwords["admin"])
    report = payments.ageing(session, "2026-11-30")
    assert report.totals["advance"] > 0 and report.totals["total"] > 0
    path = demo_payments.write_statement(db, tmp_path / "statement.txt", TODAY)
    seen = bank_import.preview(session, path)
    assert seen.count("matched") >= 3 and seen.lines[-1].reason == "unknown_payer"
    done = bank_import.apply(session, path)
    assert done.summary()["matched"] == seen.count("matched")
    # the Kaspi Business statement beside it: other customers, mapped once as a person would
    from app.services import kaspi_import
    kaspi = demo_payments.write_kaspi_statement(db, tmp_path / "kaspi.xlsx", TODAY)
    head = kaspi_import.head(session, kaspi, 3)
    assert [str(x) for x in head[0]] == list(demo_payments.KASPI_HEADERS)
    mapping = {"date": 1, "amount": 3, "payer": 2, "comment": 4, "first_row": 2}
    seen = kaspi_import.preview(session, kaspi, mapping)
    statuses = [x.status for x in seen.lines]
    assert statuses.count("matched") >= 2 and statuses[-1] == "outgoing"
    assert seen.lines[-2].reason == "unknown_payer"
    before = db.scalar("SELECT count(*) FROM payments WHERE method = 'kaspi'")
    kaspi_import.apply(session, kaspi, mapping)
    assert db.scalar("SELECT count(*) FROM payments WHERE method = 'kaspi'") == \
        before + statuses.count("matched")
