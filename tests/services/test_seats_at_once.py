"""Several seats writing at once (issue 21.2, 21.9): four processes, each with its own
connection to the same shop (the file, or the server with --engine postgresql), issue orders
and invoices and write stock off at the same moment. Numbers come out unique and gapless, the
stock check holds (never more taken than there was), and the lockout counts every guess."""
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from app.domain.errors import Conflict, ValidationError
from app.services import auth, closing_documents, orders, stock
from app.storage.opening import open_database
from tests.conftest import MANAGER_PASSWORD
from tests.costing.specs import CARDS

SEATS = 4
EACH = 4  # orders per seat
ROOM = 6  # orders the stock is enough for (fewer than SEATS * EACH)


def seat(db_path, customer_id, folder, start):
    """One seat's work: orders saved approved, an invoice for each, then to production."""
    start.wait()  # all four begin together
    db = open_database(db_path)
    try:
        session = auth.login(db, "manager", MANAGER_PASSWORD)
        done = {"orders": [], "invoices": [], "produced": 0, "refused": 0}
        for _ in range(EACH):
            order = orders.create(session, CARDS, customer_id, status="approved")
            done["orders"].append(order.number)
            made = closing_documents.document(session, "invoice", [order.number], folder=folder)
            done["invoices"].append(made.number)
            order = orders.get(session, order.id)
            try:
                orders.change_status(session, order.id, order.version, "production")
                done["produced"] += 1
            except Conflict as exc:
                if exc.key != "error.stock.not_enough":
                    raise
                done["refused"] += 1
        return done
    finally:
        db.close()


def guess(db_path, start):
    start.wait()
    db = open_database(db_path)
    try:
        auth.login(db, "guessed", "not-the-password")
    except ValidationError as exc:
        return exc.key
    finally:
        db.close()
    return None


def _at_once(fn, *args):
    ctx = multiprocessing.get_context("spawn")  # as on Windows: nothing shared but the database
    with ctx.Manager() as manager, ProcessPoolExecutor(SEATS, mp_context=ctx) as pool:
        start = manager.Barrier(SEATS)
        futures = [pool.submit(fn, *args, start) for _ in range(SEATS)]
        return [f.result(timeout=600) for f in futures]


def _serials(numbers):
    return sorted(int(n.rsplit("-", 1)[1]) for n in numbers)


def test_four_seats_issue_orders_invoices_and_write_offs_at_once(db_path, db, admin, manager,
                                                                 customer, tmp_path):
    stock.set_allow_negative(admin, False)
    probe = orders.create(manager, CARDS, customer.id)
    needs = {item: need for item, need, _have in stock.check_for_production(manager, probe)}
    assert needs  # cards take paper (and more) from the stock
    for (kind, code), need in needs.items():
        stock.receive(manager, kind, code, str(need * ROOM), "1.00")
    orders.cancel(manager, probe.id, probe.version)
    before = {row["code"]: row["on_hand"] for row in stock.balance_table(manager)}

    results = _at_once(seat, str(db_path), customer.id, str(tmp_path / "docs"))

    made_orders = [n for r in results for n in r["orders"]]
    invoices = [n for r in results for n in r["invoices"]]
    assert len(set(made_orders)) == len(made_orders) == SEATS * EACH
    assert len(set(invoices)) == len(invoices) == SEATS * EACH
    # gapless: the probe took the first order number, the seats the next sixteen
    first = _serials([probe.number])[0]
    assert _serials(made_orders) == list(range(first + 1, first + 1 + SEATS * EACH))
    assert _serials(invoices) == list(range(1, SEATS * EACH + 1))
    assert db.scalar("SELECT count(*) FROM invoices") == SEATS * EACH
    # the stock was enough for ROOM orders: exactly those went to production, none beyond
    produced = sum(r["produced"] for r in results)
    assert produced == ROOM and sum(r["refused"] for r in results) == SEATS * EACH - ROOM
    assert db.scalar("SELECT count(*) FROM orders WHERE status = 'production'") == ROOM
    after = {row["code"]: row["on_hand"] for row in stock.balance_table(manager)}
    for (_kind, code), need in needs.items():
        assert after[code] == before[code] - need * ROOM == 0


def test_four_seats_guessing_at_once_are_each_counted(db_path, db, admin):
    auth.add_user(admin, "guessed", "the-right-one-1", "manager", "Сынақ")
    keys = _at_once(guess, str(db_path))
    assert keys == ["error.login.wrong"] * SEATS
    row = db.one("SELECT failed_logins, locked_until FROM users WHERE username = ?", ("guessed",))
    assert row["failed_logins"] == SEATS and not row["locked_until"]  # no guess lost
    assert db.scalar("SELECT count(*) FROM audit_log WHERE action = 'login.failed'") == SEATS
    # the fifth guess locks the account, as five from one seat do
    try:
        auth.login(db, "guessed", "still-not-it")
    except ValidationError as exc:
        assert exc.key == "error.login.locked"
    else:
        raise AssertionError("the fifth wrong password was accepted")


def quoting_seat(db_path, changed, quoted):
    """A seat that keeps its catalog cached: a quote, then another after the other seat's
    change (its paper line, each time)."""
    db = open_database(db_path)
    try:
        session = auth.login(db, "manager", MANAGER_PASSWORD)
        first = orders.quote(session, CARDS).line("paper")
        quoted.set()
        changed.wait(60)
        return first, orders.quote(session, CARDS).line("paper")
    finally:
        db.close()


def test_a_catalog_change_on_one_seat_prices_the_next_quote_on_another(db_path, admin):
    from app.services import catalog
    ctx = multiprocessing.get_context("spawn")
    with ctx.Manager() as manager, ProcessPoolExecutor(1, mp_context=ctx) as pool:
        changed, quoted = manager.Event(), manager.Event()
        other = pool.submit(quoting_seat, str(db_path), changed, quoted)
        assert quoted.wait(120)
        catalog.save_item(admin, "paper", dict(code="coated-300-sra3", name="Мелованная 300",
                                               width_mm=320, height_mm=450, gsm=300,
                                               price="160.00"))
        changed.set()
        before, after = other.result(timeout=120)
    assert (str(before), str(after)) == ("7200.00", "7680.00")  # 48 sheets × 150, then × 160
