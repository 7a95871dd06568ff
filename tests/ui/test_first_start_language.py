"""Issue 17.11: the first start speaks the state language. With nothing chosen yet the wizard
comes up in Kazakh with Русский / English beside it; the language it is finished in is kept
for this PC user, and the command line speaks it too when no --lang is given."""
import json
import os
import subprocess
import sys

from app import config, i18n
from app.i18n import t
from app.ui import prefs as prefs_mod
from tests.ui.conftest import finish_wizard, pump

NO_CHOICE = {"theme": "light", "language": "", "geometry": "1366x728", "last_user": ""}


def _cli(*args):
    env = dict(os.environ)
    env.pop("IPRINT_LANG", None)
    return subprocess.run([sys.executable, "-m", "app"] + list(args), capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=120)


def test_a_first_start_speaks_kazakh_and_the_choice_holds(make_app, tmp_path):
    path = tmp_path / "fresh.sqlite3"
    app = make_app(path, lang=None, prefs=dict(NO_CHOICE))
    w = app.wizard
    assert w is not None and i18n.language() == "kk"
    assert app.root.title() == t("ui.app.title", "kk")
    assert w.next_button.cget("text") == t("ui.button.next", "kk")
    assert w.lang_var.get() == "kk"
    assert {k: b.cget("text") for k, b in w.lang_buttons.items()} == {
        "kk": "Қазақша", "ru": "Русский", "en": "English"}
    w.lang_buttons["ru"].invoke()
    pump(app)
    w = app.wizard
    assert w.next_button.cget("text") == t("ui.button.next", "ru")
    w.next_button.invoke()
    finish_wizard(app, w, name="ТОО «Баспа Сервис»", bin="123456789013",
                  iik="KZ18722S000012345678", vat_payer=False)
    assert app.ctx.session is not None
    assert prefs_mod.load()["language"] == "ru"
    # the command line speaks it without --lang
    missing = tmp_path / "missing.sqlite3"
    r = _cli("backup", "--db", str(missing))
    assert r.returncode == 2 and t("error.db.missing", "ru", path=str(missing)) in r.stderr


def test_the_command_line_follows_the_saved_language_and_lang_wins(tmp_path):
    missing = tmp_path / "missing.sqlite3"
    home = config.data_dir()
    home.mkdir(parents=True, exist_ok=True)
    with open(str(home / "ui.json"), "w", encoding="utf-8") as fh:
        json.dump({"language": "kk"}, fh)
    r = _cli("backup", "--db", str(missing))
    assert r.returncode == 2 and t("error.db.missing", "kk", path=str(missing)) in r.stderr
    r = _cli("--lang", "en", "backup", "--db", str(missing))
    assert r.returncode == 2 and t("error.db.missing", "en", path=str(missing)) in r.stderr


def test_a_language_chosen_before_is_kept_at_a_first_start(make_app, tmp_path):
    """A PC whose user already chose (e.g. a second shop file) is not switched to Kazakh."""
    app = make_app(tmp_path / "second.sqlite3", lang=None, prefs=dict(NO_CHOICE, language="en"))
    assert app.wizard is not None and i18n.language() == "en"
