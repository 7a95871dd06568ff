"""What `python -m app` imports before the login window is drawn (read with -X importtime):
the start on an old PC is mostly imports, so the login window loads only what it needs."""
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

pytestmark = pytest.mark.gui

# the login window needs none of these: plots, documents, spreadsheets, costing, the screens
NOT_AT_LOGIN = ("numpy", "matplotlib", "docx", "openpyxl", "lxml", "app.analysis",
                "app.reports", "app.exchange", "app.costing", "app.domain.estimate",
                "app.domain.job", "app.domain.catalog", "app.storage.catalog",
                "app.ui.screens.quote", "app.ui.screens.orders")
# the services the start and the login form call
SERVICES_AT_LOGIN = {"app.services", "app.services.startup", "app.services.backup",
                     "app.services.session", "app.services.auth"}


def imported_before_login(db_path, home):
    env = dict(os.environ, IPRINT_UI_EXIT_AFTER_SHOWN="1", IPRINT_HOME=str(home))
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "app", "--db", str(db_path),
                           "--lang", "ru"], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=120)
    assert proc.returncode == 0 and proc.stdout.strip() == "shown", proc.stderr[-3000:]
    return {line.rsplit("|", 1)[1].strip() for line in proc.stderr.splitlines()
            if line.startswith("import time:") and "|" in line}


def test_the_login_window_is_drawn_without_the_heavy_libraries_and_the_screens(db_path, tmp_path):
    modules = imported_before_login(db_path, tmp_path / "home")
    assert "app.ui.screens.login" in modules and "ttkbootstrap" in modules  # it did start
    early = sorted(m for m in modules for name in NOT_AT_LOGIN
                   if m == name or m.startswith(name + "."))
    assert early == []
    assert {m for m in modules if m.startswith("app.services")} <= SERVICES_AT_LOGIN
