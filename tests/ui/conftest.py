"""Real Tk windows under Xvfb: a display for the session, an App per test, helpers to drive it."""
import os
import shutil
import subprocess
import time

import pytest

from tests.conftest import ADMIN_PASSWORD, MANAGER_PASSWORD, missing_tool

NEW_MANAGER_PASSWORD = "manager-new-pass-2"


@pytest.fixture(scope="session", autouse=True)
def display():
    """Start Xvfb when no display is set; without one the UI tests are skipped, or fail under
    CI (tests/conftest.py missing_tool)."""
    if os.environ.get("DISPLAY"):
        yield os.environ["DISPLAY"]
        return
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        missing_tool("no DISPLAY and Xvfb is not installed (apt-get install xvfb)")
    proc = None
    for n in range(90 + os.getpid() % 50, 200):
        if os.path.exists("/tmp/.X11-unix/X{}".format(n)) or os.path.exists("/tmp/.X{}-lock".format(n)):
            continue
        proc = subprocess.Popen([xvfb, ":{}".format(n), "-screen", "0", "1600x1000x24",
                                 "-nolisten", "tcp"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        for _ in range(100):
            if os.path.exists("/tmp/.X11-unix/X{}".format(n)):
                break
            if proc.poll() is not None:
                break
            time.sleep(0.05)
        if proc.poll() is None:
            os.environ["DISPLAY"] = ":{}".format(n)
            break
        proc = None
    if proc is None:
        missing_tool("no DISPLAY and Xvfb would not start")
    yield os.environ["DISPLAY"]
    proc.terminate()
    proc.wait(10)
    os.environ.pop("DISPLAY", None)


@pytest.fixture
def make_app(tmp_path):
    """make_app(db_path, lang="en") -> App; every app is destroyed after the test."""
    from app.ui.main_window import App
    from app.ui.widgets.dialog import Dialog
    apps = []

    def make(db_path, lang="en", prefs=None):
        prefs = prefs or {"theme": "light", "language": lang, "geometry": "1360x860",
                          "last_user": ""}
        app = App(db_path, lang=lang, prefs=prefs)
        apps.append(app)
        pump(app)
        return app
    yield make
    for app in apps:
        for screen in list(app.screens.values()):
            if hasattr(screen, "dirty"):
                screen.dirty = False
        app.destroy()
    Dialog.open_dialogs[:] = []
    # tkinter variables of the destroyed windows must die here, on the Tk thread, not in a
    # later background thread's garbage collection ("main thread is not in main loop")
    import gc
    gc.collect()


def pump(app, times=3):
    for _ in range(times):
        app.root.update()


def last_dialog():
    from app.ui.widgets.dialog import Dialog
    assert Dialog.open_dialogs, "a dialog was expected"
    return Dialog.open_dialogs[-1]


def login(app, username, password):
    app.login.username.set(username)
    app.login.password.set(password)
    app.login.button.invoke()
    pump(app)


def login_admin(app):
    login(app, "admin", ADMIN_PASSWORD)
    assert app.ctx.session is not None and app.ctx.is_admin
    return app


def login_manager(app):
    """The manager has chosen his own password (tests/conftest.py); when he must change it
    (forced by the administrator), the change comes first."""
    login(app, "manager", MANAGER_PASSWORD)
    assert app.ctx.session is not None, app.login.message.cget("text")
    if app.ctx.session.user.must_change_password:
        d = last_dialog()
        d.form.fields["old_password"].set(MANAGER_PASSWORD)
        d.form.fields["new_password"].set(NEW_MANAGER_PASSWORD)
        d.form.fields["password2"].set(NEW_MANAGER_PASSWORD)
        d.button_by_key["ui.button.save"].invoke()
        pump(app)
    assert app.notebook is not None
    return app


@pytest.fixture
def admin_app(make_app, db_path):
    return login_admin(make_app(db_path))


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """A demo database of a few thousand orders, built once."""
    from app.services import demo
    from app.storage.opening import open_database
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    with open_database(path, create=True) as db:
        passwords = demo.build(db, 3000, seed=3)
    return path, passwords


@pytest.fixture
def demo_db(demo_template, tmp_path):
    path, passwords = demo_template
    target = tmp_path / "demo.sqlite3"
    shutil.copy(str(path), str(target))
    return target, passwords


def wait_for(app, condition, timeout=60, what="the background work"):
    """Pump the Tk loop until condition() holds (background work polls with after())."""
    import time as _time
    deadline = _time.time() + timeout
    while _time.time() < deadline:
        app.root.update()
        if condition():
            return
        _time.sleep(0.02)
    raise AssertionError("timed out waiting for " + what)


def dialog_of(cls):
    """The newest open dialog of a class (DocumentResult, OfferDialog…)."""
    from app.ui.widgets.dialog import Dialog
    found = [d for d in Dialog.open_dialogs if isinstance(d, cls)]
    return found[-1] if found else None


def wait_document(app, timeout=90):
    """The status bar's notice of the document the last click made, once it appears."""
    from app.ui.dialogs.documents import DocumentResult
    before = list(DocumentResult.shown)
    wait_for(app, lambda: any(d not in before for d in DocumentResult.shown) or _error_shown(),
             timeout, "a document")
    made = [d for d in DocumentResult.shown if d not in before]
    assert made, "an error was shown instead"
    return made[-1]


def _error_shown():
    from app.i18n import t
    from app.ui.widgets.dialog import Dialog
    return any(d.title() == t("ui.dialog.error") for d in Dialog.open_dialogs)


def docx_text(path):
    """Every paragraph and table cell of a .docx, reopened with python-docx."""
    import docx
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
    return "\n".join(parts)


@pytest.fixture
def documents_dir(tmp_path, monkeypatch):
    """Documents go to tmp (app.config.documents_dir reads IPRINT_DOCUMENTS)."""
    folder = tmp_path / "documents"
    monkeypatch.setenv("IPRINT_DOCUMENTS", str(folder))
    return folder


@pytest.fixture(scope="session")
def analysis_template(tmp_path_factory):
    """The analysis tests' demo: 2,500 orders up to 27 November 2026 (as tests/analysis)."""
    from datetime import datetime

    from app.services import demo
    from app.storage.opening import open_database
    path = tmp_path_factory.mktemp("analysis-demo") / "demo.sqlite3"
    with open_database(path, create=True) as db:
        passwords = demo.build(db, 2500, seed=3, today=datetime(2026, 11, 27, 18, 0))
    return path, passwords


@pytest.fixture
def analysis_db(analysis_template, tmp_path):
    path, passwords = analysis_template
    target = tmp_path / "analysis.sqlite3"
    shutil.copy(str(path), str(target))
    return target, passwords


def finish_wizard(app, w, password="boss-pass-123", **shop):
    """The wizard's last two pages: the shop's requisites (shop.<name> fields), the admin."""
    f = w.shop_form.fields
    for name, value in shop.items():
        f[name if name == "vat_payer" else "shop." + name].set(value)
    w.next_button.invoke()
    a = w.admin_form.fields
    a["password"].set(password)
    a["password2"].set(password)
    w.next_button.invoke()
    pump(app)


def fill_server_fields(fields, url, password=""):
    """A ServerFields (the wizard's, Move the shop's) typed in from a postgresql:// URL."""
    from urllib.parse import urlsplit
    parts = urlsplit(url)
    for name, value in (("host", parts.hostname), ("port", str(parts.port)),
                        ("database", parts.path.lstrip("/")), ("user", parts.username),
                        ("password", password)):
        fields.form.fields["server." + name].set(value)

