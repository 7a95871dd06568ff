"""python -m app bank-import FILE: sure matches applied, a summary or JSON; a malformed file
exits 2 with its line and writes nothing."""
import json

from app.services import orders, shop
from tests.cli.test_cli import run
from tests.conftest import ADMIN_PASSWORD
from tests.services.statements import SHOP_IIK, document, write
from tests.services.test_payments import invoiced

ADMIN = {"IPRINT_ADMIN_PASSWORD": ADMIN_PASSWORD}


def _statement(manager, customer, admin, tmp_path):
    shop.save_requisites(admin, {"name": "ТОО «Типография»", "iik": SHOP_IIK})
    order, number = invoiced(manager, customer, tmp_path)
    docs = [document("9", "02.03.2026", str(order.estimate.price_gross), "счет " + number),
            document("10", "02.03.2026", "50.00", "?", payer_bin="870412300555")]
    return order, docs


def test_json_summary_and_a_second_run_adds_nothing(db, db_path, admin, manager, customer,
                                                    tmp_path):
    order, docs = _statement(manager, customer, admin, tmp_path)
    path = write(tmp_path / "st.txt", docs, "DOS")
    proc = run("bank-import", str(path), "--json", "--db", str(db_path), env=ADMIN)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert {k: out[k] for k in ("payments", "new", "matched", "unmatched")} == {
        "payments": 2, "new": 2, "matched": 1, "unmatched": 1}
    assert out["lines"][0]["payment_id"] and out["lines"][1]["reason"] == "unknown_payer"
    assert orders.get(manager, order.id).status == "paid"
    proc = run("bank-import", str(path), "--db", str(db_path), env=ADMIN)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Incoming payments: 2, new: 1, recorded: 0, not matched: 1")
    assert "unknown payer" in proc.stdout
    assert db.scalar("SELECT count(*) FROM payments") == 1


def test_a_malformed_file_exits_2_with_the_line_and_writes_nothing(db, db_path, admin, manager,
                                                                   customer, tmp_path):
    order, docs = _statement(manager, customer, admin, tmp_path)
    docs[1][2] = "Дата=2026-03-02"
    path = write(tmp_path / "bad.txt", docs)
    proc = run("bank-import", str(path), "--json", "--db", str(db_path), env=ADMIN)
    assert proc.returncode == 2 and proc.stdout == ""
    assert "line 32" in proc.stderr and "2026-03-02" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert db.scalar("SELECT count(*) FROM payments") == 0
    assert orders.get(manager, order.id).status == "delivered"
    proc = run("bank-import", str(tmp_path / "none.txt"), "--db", str(db_path), env=ADMIN)
    assert proc.returncode == 2 and "cannot be read" in proc.stderr
