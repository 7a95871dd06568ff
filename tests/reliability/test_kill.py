"""Crash safety: a writer is SIGKILLed at random moments, hundreds of times; afterwards the
file opens, passes the full check, holds every order the writer reported committed, and no
half-written order exists.

The writer (kill_child.py) creates orders through the real services, one transaction each,
and prints an order's number only after its commit. Two lanes (two files, two writers) run
side by side to keep the test short; the seed is fixed.
"""
import os
import random
import shutil
import signal
import subprocess
import threading
import time

import pytest

from app.domain.money import to_tiyn
from app.services import auth, customers, orders
from app.storage import integrity
from app.storage.opening import open_database
from tests.conftest import ADMIN_PASSWORD, MANAGER_PASSWORD
from tests.reliability import figures
from tests.reliability.conftest import child_cmd, child_env
from tests.reliability.kill_child import QUANTITIES, SPEC

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")

KILLS = 300
LANES = 2
SEED = 20261127


def _prepare(template, path):
    shutil.copy(str(template), str(path))
    with open_database(path) as db:
        admin = auth.login(db, "admin", ADMIN_PASSWORD)
        manager = auth.login(db, "manager", MANAGER_PASSWORD)
        customer = customers.save(admin, {"name": "ТОО «Тест на прочность»"})
        expected = {q: orders.quote(manager, dict(SPEC, quantity=q)) for q in QUANTITIES}
        return customer.id, manager.user.id, expected


def _run_lane(path, customer_id, user_id, kills, seed, result):
    """Start a writer, kill it at a random moment, check the file opens; `kills` times."""
    rng = random.Random(seed)
    reported, survived, early = [], 0, 0
    errors = open(path + ".stderr", "w+b")
    server = subprocess.Popen(child_cmd("kill_child.py", path, customer_id, user_id),
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors,
                              env=child_env())

    def line():
        text = server.stdout.readline().decode("ascii")
        if not text:
            errors.seek(0)
            raise AssertionError("the writer server ended: " + errors.read()[-3000:].decode())
        return text.strip()

    pid = None
    try:
        for i in range(kills):
            server.stdin.write("go {}\n".format(seed * 1000 + i).encode())
            server.stdin.flush()
            # the server's "worker PID" and the writer's first lines may come in either order
            seen = []
            while not any(x.startswith("worker ") for x in seen):
                seen.append(line())
            pid = int([x for x in seen if x.startswith("worker ")][0].split()[1])
            if rng.random() < 0.1:
                early += 1  # while it opens the file, before the first order
                time.sleep(rng.uniform(0, 0.02))
            else:
                while "ready" not in seen:
                    seen.append(line())
                time.sleep(rng.uniform(0, 0.1))
            reported += [x for x in seen if x != "ready" and not x.startswith("worker ")]
            os.kill(pid, signal.SIGKILL)
            while True:
                text = line()
                if text.startswith("reaped "):
                    pid = None  # reaped: the number may belong to another process soon
                    assert text == "reaped {}".format(int(signal.SIGKILL)), text
                    break
                if text != "ready":
                    reported.append(text)
            with open_database(path) as db:  # the next start of the app
                assert integrity.check(db, quick=True) == []
            survived += 1
    finally:
        if pid is not None:  # a failed check must not leave a writer running
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        server.stdin.close()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        errors.close()
    result.update(reported=reported, survived=survived, early=early)


def _check_lane(path, result, expected):
    """Every reported order is there; every order is whole; numbers have no gaps."""
    with open_database(path) as db:
        assert integrity.check(db) == []  # full: SQLite's own, foreign keys, the invariants
        rows = db.all("SELECT id, number, quantity, price_net_tiyn, vat_tiyn, price_gross_tiyn, "
                      "est_direct_tiyn, est_cost_tiyn FROM orders ORDER BY number")
        numbers = [r["number"] for r in rows]
        lost = sorted(set(result["reported"]) - set(numbers))
        logs = {}
        for x in db.all("SELECT order_id, from_status, to_status FROM order_status_log"):
            logs.setdefault(x["order_id"], []).append((x["from_status"], x["to_status"]))
        audited = {}
        for x in db.all("SELECT entity_id FROM audit_log WHERE action = 'order.create'"):
            audited[x["entity_id"]] = audited.get(x["entity_id"], 0) + 1
        for r in rows:
            est = expected[r["quantity"]]
            assert r["price_net_tiyn"] == to_tiyn(est.price_net), r["number"]
            assert r["vat_tiyn"] == to_tiyn(est.vat)
            assert r["price_gross_tiyn"] == r["price_net_tiyn"] + r["vat_tiyn"]
            assert r["est_cost_tiyn"] == to_tiyn(est.cost)
            assert logs.get(r["id"]) == [(None, "new")], r["number"]
            assert audited.get(str(r["id"])) == 1, r["number"]
        # the number counter moved with every commit and with nothing else: 1..N, no gaps
        last = db.scalar("SELECT coalesce(max(last), 0) FROM order_numbers")
        assert [int(n[5:]) for n in numbers] == list(range(1, last + 1))
        assert db.scalar("SELECT count(*) FROM order_status_log") == len(rows)
        # a commit can outrun its printed number only once per kill
        assert 0 <= len(rows) - len(set(result["reported"])) <= result["survived"]
        # every order opens (the estimate snapshot is whole)
        admin = auth.login(db, "admin", ADMIN_PASSWORD)
        for r in rows:
            assert orders.get(admin, r["id"]).number == r["number"]
    return len(rows), len(lost)


def test_killed_writers_lose_no_committed_order(template_db, tmp_path):
    lanes = []
    for lane in range(LANES):
        path = str(tmp_path / "lane{}.sqlite3".format(lane))
        customer_id, user_id, expected = _prepare(template_db, path)
        lanes.append((path, customer_id, user_id, expected, {}))
    threads = [threading.Thread(target=_guard, args=(_run_lane, path, cid, uid, KILLS // LANES,
                                                     SEED + n, result))
               for n, (path, cid, uid, _, result) in enumerate(lanes)]
    started = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    ran = time.perf_counter() - started
    for _, _, _, _, result in lanes:
        if "error" in result:
            raise result["error"]
    kills = checked = lost = reported = 0
    for path, _, _, expected, result in lanes:
        n, n_lost = _check_lane(path, result, expected)
        kills += result["survived"]
        checked += n
        lost += n_lost
        reported += len(result["reported"])
    figures.add("kills survived", kills)  # the backup and restore kills count too
    figures.put("orders checked", checked)
    figures.put("rows lost", lost)
    print("kills survived: {}, orders checked: {}, committed orders reported: {}, rows lost: {}"
          " (kills {:.0f} s, checks {:.0f} s)".format(kills, checked, reported, lost, ran,
                                                    time.perf_counter() - started - ran))
    assert kills == KILLS
    assert lost == 0
    assert reported > KILLS  # the kills did land while orders were being written


def _guard(fn, *args):
    result = args[-1]
    try:
        fn(*args)
    except BaseException as exc:  # re-raised in the test's own thread
        result["error"] = exc
