"""Two windows, one file: both work (busy timeouts), and a stale save is told the record
changed instead of overwriting the other window's work."""
import re
import subprocess

import pytest

from app.domain.errors import Conflict
from app.i18n import error_text
from app.services import auth, customers, orders
from app.storage import integrity
from app.storage.opening import open_database
from tests.conftest import ADMIN_PASSWORD, MANAGER_PASSWORD
from tests.costing.specs import CARDS
from tests.reliability.conftest import child_cmd, child_env, fingerprint


@pytest.fixture
def second(db_path):
    """The second window: its own connection to the same file."""
    other = open_database(db_path)
    yield auth.login(other, "manager", MANAGER_PASSWORD)
    other.close()


def test_stale_customer_save_is_refused_and_nothing_is_lost(db, manager, second, customer):
    seen_by_second = customers.get(second, customer.id)
    customers.save(manager, {"name": "Первое окно", "discount_pct": "7"}, customer.id, customer.version)
    before = fingerprint(db)
    with pytest.raises(Conflict) as err:
        customers.save(second, {"name": "Второе окно"}, customer.id, seen_by_second.version)
    # the lost race says who won it and when (the audit log's newest entry of the record)
    assert err.value.key == "error.conflict.changed_by" and err.value.params["who"] == "manager"
    assert "error." not in error_text(err.value, "kk") and "manager" in error_text(err.value, "kk")
    assert fingerprint(db) == before  # no audit row, no half change
    now = customers.get(second, customer.id)
    assert (now.name, str(now.discount_pct), now.version) == ("Первое окно", "7", 2)
    # reopened, the second window saves fine
    assert customers.save(second, {"name": "Второе окно"}, customer.id, now.version).version == 3


def test_stale_order_edit_and_status_change_are_refused(db, manager, second, customer):
    order = orders.create(manager, CARDS, customer.id)
    stale = orders.get(second, order.id)
    orders.update(manager, order.id, order.version, dict(CARDS, quantity=2000), customer.id,
                  notes="first window")
    before = fingerprint(db)
    with pytest.raises(Conflict) as err:
        orders.update(second, order.id, stale.version, dict(CARDS, quantity=50), customer.id)
    assert err.value.key == "error.conflict.changed_by" and err.value.params["who"] == "manager"
    with pytest.raises(Conflict) as err:
        orders.change_status(second, order.id, stale.version, "quoted")
    assert err.value.key == "error.conflict.changed_by"
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4} \d\d:\d\d", err.value.params["at"])
    assert fingerprint(db) == before
    now = orders.get(second, order.id)
    assert (now.estimate.spec.quantity, now.notes, now.status) == (2000, "first window", "new")
    assert [r["to_status"] for r in orders.status_history(second, order.id)] == ["new"]


def _admin_id(db):
    return auth.login(db, "admin", ADMIN_PASSWORD).user.id


def test_a_second_process_holding_the_lock_makes_the_first_wait_not_fail(db, manager, db_path):
    uid = _admin_id(db)
    child = subprocess.Popen(child_cmd("window_child.py", "hold", db_path, uid, 1.5),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=child_env())
    try:
        line = child.stdout.readline().decode()
        assert line.startswith("locked"), child.stderr.read()
        other_id = int(line.split()[1])
        # the other copy holds the write lock: this save waits (busy timeout), then succeeds
        mine = customers.save(manager, {"name": "First window"})
        out, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
    assert out.decode().strip() == "committed" and child.returncode == 0, err
    assert mine.id > other_id  # written after the other window's commit, not over it
    names = sorted(c.name for c in customers.search(manager, "window"))
    assert names == ["First window", "Second window"]


def test_a_second_process_with_a_stale_version_is_refused(db, manager, db_path, customer):
    uid = manager.user.id
    mine = customers.get(manager, customer.id)
    out = subprocess.run(child_cmd("window_child.py", "customer", db_path, uid, customer.id,
                                   mine.version, "Edited in the other window"),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=child_env(), timeout=60)
    assert out.stdout.decode().strip() == "saved 2", out.stderr
    with pytest.raises(Conflict):
        customers.save(manager, {"name": "Edited here"}, customer.id, mine.version)
    out = subprocess.run(child_cmd("window_child.py", "customer", db_path, uid, customer.id,
                                   mine.version, "Again with the old version"),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=child_env(), timeout=60)
    assert out.stdout.decode().strip() == "refused error.conflict.changed_by", out.stderr
    assert customers.get(manager, customer.id).name == "Edited in the other window"


def test_two_processes_writing_orders_at_once_share_one_number_sequence(db, manager, db_path, customer):
    per_child = 40
    children = [subprocess.Popen(child_cmd("window_child.py", "orders", db_path, manager.user.id,
                                           customer.id, per_child),
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, env=child_env())
                for _ in range(2)]
    try:
        for c in children:
            assert c.stdout.readline().strip() == b"ready"
        for c in children:
            c.stdin.write(b"go\n")
            c.stdin.flush()
        # and this window writes too, at the same time
        mine = [orders.create(manager, CARDS, customer.id).number for _ in range(10)]
        results = [c.communicate(timeout=120) for c in children]
    finally:
        for c in children:
            if c.poll() is None:
                c.kill()
    numbers = list(mine)
    for c, (out, err) in zip(children, results):
        assert c.returncode == 0, err.decode()[-2000:]
        got = out.decode().split()
        assert len(got) == per_child
        numbers += got
    assert len(set(numbers)) == len(numbers) == 2 * per_child + 10  # none twice
    assert sorted(int(n[5:]) for n in numbers) == list(range(1, len(numbers) + 1))
    assert orders.count(manager) == len(numbers)
    assert integrity.check(db) == []
