"""The admin command line through its real entry point: python -m app …"""
import json
import os
import subprocess
import sys

import pytest

from tests.costing.specs import BLANKS, CARDS, FLYERS_B2, FLYERS_SRA3, JOURNALS, LABELS

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run(*args, stdin=None, env=None):
    full_env = dict(os.environ, IPRINT_LANG="en")
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "app"] + list(args), cwd=ROOT, input=stdin,
                          capture_output=True, text=True, timeout=300, env=full_env)


def quote(tmp_path, spec, *extra):
    from app.storage.opening import open_database
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    db_file = tmp_path / "q.sqlite3"
    if not db_file.exists():  # quote works on a shop that exists (init or demo made it)
        open_database(db_file, create=True).close()
    return run("quote", str(path), "--db", str(db_file), *extra)


@pytest.mark.parametrize("spec, expected", [
    (CARDS, {"press": "digital", "n_up": 24, "sheets": {"net": 42, "waste": 6, "gross": 48},
             "impressions": 96, "lines": {"paper": "7200.00", "clicks": "4320.00",
                                          "press": "1192.00", "cutting": "480.00"},
             "direct": "13192.00", "overhead": "3298.00", "cost": "16490.00",
             "price_net": "23090.00", "vat": "3694.40", "price_gross": "26784.40",
             "profit": "6600.00", "profit_pct": "40.02", "unit_price_gross": "26.78"}),
    (BLANKS, {"n_up": 1, "sheets": {"net": 2000, "waste": 40, "gross": 2040},
              "lines": {"paper": "10200.00", "forms": "150.00", "clicks": "1632.00",
                        "press": "1270.00", "numbering": "3500.00", "padding": "2466.67"},
              "direct": "19218.67", "overhead": "4804.67", "cost": "24023.34",
              "price_net": "32440.00", "vat": "5190.40", "price_gross": "37630.40",
              "profit_pct": "35.04"}),
    (JOURNALS, {"impressions": 4080, "direct": "48154.00", "cost": "60192.50",
                "price_net": "81260.00", "price_gross": "94261.60"}),
    (LABELS, {"lines": {"ribbon": "12040.00", "foil": "4515.00", "label_print": "7020.00"},
              "direct": "23575.00", "cost": "29468.75", "price_net": "44210.00",
              "price_gross": "51283.60", "unit_price_gross": "10.26"}),
    (FLYERS_SRA3, {"press": "digital", "n_up": 2, "direct": "236753.33"}),
    (FLYERS_B2, {"press": "offset", "n_up": 4, "direct": "179470.88"}),
])
def test_quote_prints_the_worked_examples(tmp_path, spec, expected):
    proc = quote(tmp_path, spec)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    for key, value in expected.items():
        assert out[key] == value, key
    automatic = "press" not in spec and spec["product_type"] != "label"
    assert ("alternatives" in out) == automatic


def test_quote_of_labels_gives_metres(tmp_path):
    out = json.loads(quote(tmp_path, LABELS).stdout)
    assert float(out["metres"]) == 301 and out["sheets"] is None


def test_automatic_press_lists_the_alternatives(tmp_path):
    out = json.loads(quote(tmp_path, FLYERS_SRA3).stdout)
    assert [(a["press"], a["chosen"]) for a in out["alternatives"]] == [("digital", True),
                                                                       ("offset", False)]


@pytest.mark.parametrize("spec, words", [
    (dict(CARDS, quantity=0), "quantity"),
    (dict(CARDS, paper="unobtainium"), "unknown paper"),
    (dict(CARDS, colours="7+7"), "colours"),
    ([1, 2, 3], "JSON object"),
])
def test_bad_spec_exits_2_with_a_clear_message(tmp_path, spec, words):
    proc = quote(tmp_path, spec)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert words in proc.stderr and "Traceback" not in proc.stderr


def test_unreadable_spec_and_translated_messages(tmp_path):
    proc = run("quote", str(tmp_path / "missing.json"), "--db", str(tmp_path / "q.sqlite3"))
    assert proc.returncode == 2 and "cannot read the job spec" in proc.stderr
    (tmp_path / "spec.json").write_text(json.dumps(dict(CARDS, quantity=-1)), encoding="utf-8")
    ru = run("--lang", "ru", "quote", str(tmp_path / "spec.json"), "--db", str(tmp_path / "q.sqlite3"))
    kk = run("--lang", "kk", "quote", str(tmp_path / "spec.json"), "--db", str(tmp_path / "q.sqlite3"))
    assert "количество" in ru.stderr and "саны" in kk.stderr


@pytest.mark.parametrize("text", ["[" * 100000 + "]" * 100000,
                                  '{"quantity": ' * 50000 + "1" + "}" * 50000])
def test_a_deeply_nested_spec_is_bad_input_not_a_crash(tmp_path, text):
    path = tmp_path / "deep.json"
    path.write_text(text, encoding="utf-8")
    proc = run("quote", str(path), "--db", str(tmp_path / "q.sqlite3"))
    assert proc.returncode == 2, proc.stderr  # was 1: RecursionError logged as unexpected
    assert proc.stdout == "" and "Traceback" not in proc.stderr
    assert "nested too deeply" in proc.stderr and str(path) in proc.stderr


def test_quote_uses_the_databases_catalog(tmp_path):
    from app.storage import catalog as catalog_db
    from app.storage.opening import open_database
    db_file = tmp_path / "q.sqlite3"
    db = open_database(db_file, create=True)
    with db.atomic():
        catalog_db.set_setting(db, "overhead_pct", "50")
        catalog_db.freeze_version(db)
    db.close()
    out = json.loads(quote(tmp_path, CARDS).stdout)
    assert out["overhead"] == "6596.00"


def test_demo_then_check_then_corruption_is_found(tmp_path):
    db_file = str(tmp_path / "demo.sqlite3")
    proc = run("demo", "--orders", "600", "--seed", "7", "--today", "2026-11-27", "--db", db_file)
    assert proc.returncode == 0, proc.stderr
    assert "admin" in proc.stdout and "aigerim" in proc.stdout
    ok = run("check", "--db", db_file)
    assert ok.returncode == 0 and "sound" in ok.stdout
    again = run("demo", "--orders", "10", "--db", db_file)
    assert again.returncode == 2 and "empty database" in again.stderr
    # damage the file in the middle of its pages
    size = os.path.getsize(db_file)
    with open(db_file, "r+b") as fh:
        fh.seek(size // 2)
        fh.write(b"\xde\xad\xbe\xef" * 4096)
    bad = run("check", "--db", db_file)
    assert bad.returncode == 1 and "Problem" in bad.stdout



def test_demo_takes_the_database_before_or_after_the_command_and_needs_one(tmp_path):
    nowhere = run("demo", "--orders", "5")
    assert nowhere.returncode == 2 and "--db" in nowhere.stderr
    assert "Traceback" not in nowhere.stderr
    db_file = tmp_path / "before.sqlite3"
    proc = run("--db", str(db_file), "demo", "--orders", "5")
    assert proc.returncode == 0, proc.stderr
    assert run("check", "--db", str(db_file)).returncode == 0

def test_check_of_a_missing_file(tmp_path):
    proc = run("check", "--db", str(tmp_path / "nothing.sqlite3"))
    assert proc.returncode == 2 and "no database" in proc.stderr


def test_a_mistyped_db_is_refused_not_created(tmp_path):
    """quote --db typo.sqlite3 made a new, empty shop and exited 0 (issue 16.6)."""
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(CARDS), encoding="utf-8")
    typo = tmp_path / "typo.sqlite3"
    for args in (("quote", str(spec)), ("manual", "operator", "--out", str(tmp_path / "m"))):
        proc = run(*(args + ("--db", str(typo))))
        assert proc.returncode == 2, proc.stderr
        assert str(typo) in proc.stderr and "no database" in proc.stderr
        assert "Traceback" not in proc.stderr
        assert not typo.exists()
    ru = run("--lang", "ru", "quote", str(spec), "--db", str(typo))
    assert ru.returncode == 2 and "нет базы данных" in ru.stderr and str(typo) in ru.stderr
    assert not typo.exists()


@pytest.mark.parametrize("content", [b"", b"just some text, not a database\n" * 200])
def test_an_empty_or_foreign_file_is_refused_not_taken_for_a_new_shop(tmp_path, content):
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(CARDS), encoding="utf-8")
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(content)
    for command in (("quote", str(spec)), ("demo", "--orders", "5"), ("init", "--password-stdin")):
        proc = run(*(command + ("--db", str(bad))), stdin="long-pass-42\n")
        assert proc.returncode == 2, (command, proc.stdout, proc.stderr)
        assert str(bad) in proc.stderr and "not a sound iPrint database" in proc.stderr
        assert "Traceback" not in proc.stderr
        assert bad.read_bytes() == content  # refused without writing to it
    checked = run("check", "--db", str(bad))  # check diagnoses: unsound, exit 1
    assert checked.returncode == 1 and "not an iPrint database" in checked.stdout
    assert bad.read_bytes() == content


def test_a_server_that_does_not_answer_is_said_in_every_language(tmp_path):
    url = "postgresql://shop:secret@127.0.0.1:1/iprint"  # port 1: nobody listens
    for lang, words in (("en", "does not answer"), ("ru", "не отвечает"),
                        ("kk", "жауап бермейді")):
        proc = run("--lang", lang, "check", "--db", url)
        assert proc.returncode == 2 and words in proc.stderr, proc.stderr
        assert "secret" not in proc.stderr and "Traceback" not in proc.stderr
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(CARDS), encoding="utf-8")
    proc = run("quote", str(spec), "--db", url)
    assert proc.returncode == 2 and "127.0.0.1" in proc.stderr and "secret" not in proc.stderr


def test_init_creates_the_administrator_from_stdin(tmp_path):
    db_file = str(tmp_path / "init.sqlite3")
    short = run("init", "--db", db_file, "--password-stdin", stdin="short\n")
    assert short.returncode == 2 and "at least 8" in short.stderr
    proc = run("init", "--db", db_file, "--admin", "boss", "--password-stdin", stdin="long-pass-42\n")
    assert proc.returncode == 0, proc.stderr
    from app.services import auth
    from app.storage.opening import open_database
    db = open_database(db_file)
    assert auth.login(db, "boss", "long-pass-42").user.is_admin
    db.close()


def test_help_lists_the_commands():
    proc = run("--help")
    assert proc.returncode == 0
    for command in ("quote", "demo", "check", "init"):
        assert command in proc.stdout
