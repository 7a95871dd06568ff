"""Shared fixtures: a real SQLite file per test, with an administrator and a manager; with
`--engine postgresql` the same on a real PostgreSQL server (a database per test, copied from
a template made once per run) for the tests that take a database, not a file."""
import os
import shutil
import subprocess
import time
from contextlib import contextmanager

import pytest

from app import i18n
from app.services import auth
from app.storage import users as users_db
from app.storage.opening import open_database
from tests.server_db import server_db_url  # noqa: F401,E402 (a fixture for every test module)

ADMIN_PASSWORD = "admin-pass-1"
MANAGER_PASSWORD = "manager-pass-1"
OTHER_ADMIN_PASSWORD = "other-admin-pass-7"
IN_CI = os.environ.get("CI", "").strip().lower() in ("true", "1")


def missing_tool(reason):
    """A program some tests need (Xvfb, LibreOffice) is not there: on a workstation they are
    skipped; under CI (CI=true) they fail, since a skip there would hide that they never ran."""
    if IN_CI:
        pytest.fail(reason + " — under CI (CI=true) a missing tool fails the tests that need it",
                    pytrace=False)
    pytest.skip(reason)


@contextmanager
def own_xvfb(size, first):
    """An X server of our own at `size` ("1366x768": the shop PC of the requirements) on the
    first free display number from `first`; yields its name (":512")."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        missing_tool("Xvfb is not installed (apt-get install xvfb)")
    proc = None
    for n in range(first + os.getpid() % 50, first + 100):
        if os.path.exists("/tmp/.X11-unix/X{}".format(n)) or os.path.exists("/tmp/.X{}-lock".format(n)):
            continue
        proc = subprocess.Popen([xvfb, ":{}".format(n), "-screen", "0", size + "x24",
                                 "-nolisten", "tcp"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        for _ in range(100):
            if os.path.exists("/tmp/.X11-unix/X{}".format(n)) or proc.poll() is not None:
                break
            time.sleep(0.05)
        if proc.poll() is None:
            break
        proc = None
    if proc is None:
        pytest.fail("Xvfb would not start")
    try:
        yield ":{}".format(n)
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.fixture(autouse=True)
def _english_and_private_home(tmp_path, monkeypatch):
    """Tests read English messages and never touch the real data folder."""
    monkeypatch.setenv("IPRINT_HOME", str(tmp_path / "home"))
    i18n.set_language("en")
    yield
    i18n.set_language("en")


def pytest_addoption(parser):
    parser.addoption("--engine", default="sqlite", choices=("sqlite", "postgresql"),
                     help="the engine of the db/db_path fixtures (postgresql: IPRINT_TEST_PG "
                          "names the server, see scripts/test.sh)")


def pytest_configure(config):
    config.addinivalue_line("markers", "file_only: works on the SQLite file itself (copies, "
                            "pages, the file's folder): not run with --engine postgresql")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--engine") != "postgresql":
        return
    keep, dropped = [], []
    for item in items:
        (dropped if item.get_closest_marker("file_only") else keep).append(item)
    items[:] = keep
    config.hook.pytest_deselected(items=dropped)


@pytest.fixture(scope="session")
def engine(pytestconfig):
    return pytestconfig.getoption("--engine")


@pytest.fixture(scope="session")
def template_db(tmp_path_factory, engine):
    """Migrated, default catalog, users created once: hashing is slow on purpose."""
    if engine == "postgresql":
        from tests import server_db
        path = server_db.create("tmpl")
    else:
        path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    db = open_database(path, create=True)
    auth.create_first_admin(db, "admin", ADMIN_PASSWORD, "Әкімші Админ")
    admin = auth.login(db, "admin", ADMIN_PASSWORD)
    manager = auth.add_user(admin, "manager", MANAGER_PASSWORD, "manager", "Менеджер Ақерке")
    # he has chosen his own password already: a user who must change it may do nothing else
    users_db.set_must_change(db, manager.id, False)
    db.close()
    yield path
    if engine == "postgresql":
        server_db.drop(path)


@pytest.fixture
def db_path(template_db, tmp_path, engine):
    if engine == "postgresql":
        from tests import server_db
        url = server_db.create(template=template_db.rsplit("/", 1)[1])
        yield url
        server_db.drop(url)
        return
    path = tmp_path / "iprint.sqlite3"
    shutil.copy(str(template_db), str(path))
    yield path


@pytest.fixture
def db(db_path):
    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def admin(db):
    return auth.login(db, "admin", ADMIN_PASSWORD)


@pytest.fixture
def manager(db):
    return auth.login(db, "manager", MANAGER_PASSWORD)


@pytest.fixture
def other_admin(db_path, admin):
    """A second administrator at another PC: his own connection to the same file."""
    user = auth.add_user(admin, "second", OTHER_ADMIN_PASSWORD, "admin", "Екінші Әкімші")
    users_db.set_must_change(admin.db, user.id, False)
    other = open_database(db_path)
    yield auth.login(other, "second", OTHER_ADMIN_PASSWORD)
    other.close()


@pytest.fixture
def customer(manager):
    from app.services import customers
    return customers.save(manager, {"name": "ТОО «Алтын Дән»", "bin": "123456789013",
                                    "contact_person": "Сапарова Әсел", "phone": "+7 701 123 45 67",
                                    "email": "info@altyn.kz", "discount_pct": "5"})
