"""Seats see each other (issue 21.7): what another seat saves shows in this window's open list
by itself within a few seconds, the selection kept; its own saves do not make it reload.
The other seat is another process on the same shop (the file, or the server with
--engine postgresql); this window is real Tk under Xvfb."""
import subprocess
import sys
import textwrap

import pytest

from app.services import changes, customers, orders
from tests.conftest import MANAGER_PASSWORD
from tests.costing.specs import CARDS
from tests.ui.conftest import login_admin, pump, wait_for

OTHER_SEAT = textwrap.dedent("""
    import sys
    from app.services import auth, customers, orders
    from app.storage.opening import open_database
    from tests.costing.specs import CARDS
    db = open_database(sys.argv[1])
    session = auth.login(db, "manager", sys.argv[2])
    customer = customers.save(session, {"name": "ТОО «Басқа орын»"})
    print(orders.create(session, CARDS, customer.id).number)
    db.close()
""")


@pytest.fixture
def quick_look(monkeypatch):
    monkeypatch.setattr(changes, "POLL_MS", 150)


def test_another_seats_new_order_shows_in_the_open_list(quick_look, make_app, db_path):
    app = login_admin(make_app(db_path))
    s = app.open_screen("orders")
    mine = customers.save(app.ctx.session, {"name": "ТОО «Осы орын»"})
    first = orders.create(app.ctx.session, CARDS, mine.id)
    app.ctx.changed("orders")
    pump(app)
    s.table.tree.selection_set(str(first.id))
    pump(app, 5)
    listed = set(s.table.tree.get_children())
    assert str(first.id) in listed
    proc = subprocess.run([sys.executable, "-c", OTHER_SEAT, str(db_path), MANAGER_PASSWORD],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    number = proc.stdout.strip()
    numbers = lambda: {str(s.rows[i].number) for i in s.table.tree.get_children()}  # noqa: E731
    wait_for(app, lambda: number in numbers(), timeout=30, what="the other seat's order")
    assert s.table.tree.selection() == (str(first.id),)  # where the person was


def test_its_own_saves_do_not_reload_the_list(quick_look, make_app, db_path):
    app = login_admin(make_app(db_path))
    s = app.open_screen("orders")
    calls = []
    original = s.on_changed
    s.on_changed = lambda what: (calls.append(what), original(what))
    pump(app)
    import time
    end = time.time() + 1.0
    while time.time() < end:  # the watch looks several times
        app.root.update()
        time.sleep(0.02)
    customers.save(app.ctx.session, {"name": "ТОО «Өз сақтауы»"})  # told by ctx.changed, not by the watch
    end = time.time() + 1.0
    while time.time() < end:
        app.root.update()
        time.sleep(0.02)
    assert calls == []
