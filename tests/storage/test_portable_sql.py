"""The SQL the app sends must also run on PostgreSQL (docs/decisions.md, "Portable SQL"):
every string literal in app/ that holds SQL, and the schema a new file ends up with, are read
for the constructs only SQLite takes. PRAGMAs and sqlite_master belong to the engine: they
stay in the files listed below, which a later engine layer replaces."""
import ast
import re
from pathlib import Path

import pytest

from app.storage import migrations
from app.storage.opening import open_database

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app"

# the engine's own statements (settings, checks, the schema's bookkeeping) live only here
ENGINE_FILES = {"app/storage/db.py", "app/storage/migrations.py", "app/storage/integrity.py",
                "app/storage/backup.py", "app/storage/registers.py", "app/storage/opening.py",
                # the server's schema is made from the file's; copies read either
                "app/storage/server_schema.py", "app/storage/shop_copy.py"}
# the one place that may read cursor.lastrowid (RETURNING where the SQLite library has it)
LASTROWID_FILES = {"app/storage/portable.py",
                   "app/storage/server.py"}  # the server's cursor says None, as the DB-API asks
# released migrations are never edited (a later one rebuilds what they made non-portable)
RELEASED = {"V{}".format(n) for n in range(1, 11)}

SQL_WORDS = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|PRAGMA|WHERE|"
                       r"GROUP BY|ORDER BY|CHECK|VALUES|SET)\b")
FORBIDDEN = [
    ("COLLATE NOCASE", re.compile(r"\bCOLLATE\s+NOCASE\b", re.I)),
    ("GLOB", re.compile(r"\bGLOB\b", re.I)),
    ("database clock", re.compile(
        r"\b(date|time|datetime|strftime|julianday|unixepoch)\s*\([^)]*'now'", re.I)),
    ("CURRENT_TIMESTAMP/DATE/TIME", re.compile(r"\bCURRENT_(TIMESTAMP|DATE|TIME)\b", re.I)),
    ("date arithmetic", re.compile(
        r"\b(date|time|datetime|strftime)\s*\([^)]*'\s*[+-]\s*\d+(\.\d+)?\s*"
        r"(day|month|year|hour|minute|second)s?\s*'", re.I)),
    ("julianday", re.compile(r"\bjulianday\s*\(", re.I)),
    ("strftime in SQL", re.compile(r"\bstrftime\s*\(\s*'", re.I)),
    ("INSERT OR IGNORE/REPLACE", re.compile(r"\b(INSERT\s+OR\s+(IGNORE|REPLACE|ABORT|FAIL|"
                                            r"ROLLBACK)|REPLACE\s+INTO)\b", re.I)),
    ("SQLite-only function", re.compile(r"\b(instr|ifnull|printf|group_concat|total|typeof|"
                                        r"randomblob|changes|last_insert_rowid)\s*\(", re.I)),
]
ENGINE_ONLY = re.compile(r"\bPRAGMA\b|\bpragma_\w+\s*\(|\bsqlite_(master|schema)\b", re.I)


def scalar_min_max(sql):
    """max(a, b) / min(a, b) with two or more arguments: PostgreSQL's GREATEST / LEAST."""
    found = []
    for match in re.finditer(r"\b(max|min)\s*\(", sql, re.I):
        depth, commas, i = 1, 0, match.end()
        while i < len(sql) and depth:
            ch = sql[i]
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
            elif ch == "," and depth == 1:
                commas += 1
            elif ch == "'":
                i = sql.find("'", i + 1) if sql.find("'", i + 1) >= 0 else len(sql)
            i += 1
        if commas:
            found.append(sql[match.start():i])
    return found


def problems(sql):
    out = [name for name, rx in FORBIDDEN if rx.search(sql)]
    return out + ["scalar " + m for m in scalar_min_max(sql)]


def _released_lines(tree):
    lines = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id in RELEASED for t in node.targets):
            lines.update(range(node.lineno, node.end_lineno + 1))
    return lines


def _docstrings(tree):
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(
                    getattr(body[0], "value", None), ast.Constant):
                ids.add(id(body[0].value))
    return ids


def app_sql():
    """(file, line, text) of every string literal in app/ that reads as SQL."""
    for path in sorted(APP.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"), rel)
        released = _released_lines(tree) if rel == "app/storage/migrations.py" else set()
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and id(node) not in skip and node.lineno not in released
                    and (rel.startswith("app/storage/") or SQL_WORDS.search(node.value))):
                yield rel, node.lineno, node.value


def lastrowid_reads():
    for path in sorted(APP.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"), rel)
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "lastrowid":
                yield rel, node.lineno


def test_the_checker_sees_each_construct():
    bad = ["SELECT * FROM users ORDER BY name COLLATE NOCASE",
           "CHECK (bin NOT GLOB '*[^0-9]*')",
           "VALUES (datetime('now', 'localtime'))",
           "VALUES (strftime('%Y-%m-%d %H:%M:%f', 'now', 'localtime'))",
           "DEFAULT CURRENT_TIMESTAMP",
           "WHERE at < date(?, '+1 day')",
           "finished_at < date(?, '+1 month')",
           "SELECT julianday(a) - julianday(b)",
           "INSERT OR IGNORE INTO t VALUES (1)",
           "INSERT OR REPLACE INTO t VALUES (1)",
           "SET last = max(last, excluded.last)"]
    assert all(problems(sql) for sql in bad), [s for s in bad if not problems(s)]
    good = ["SELECT coalesce(max(seq), 0) FROM invoices WHERE year = ?",
            "SELECT max(substr(at, 1, 10)) FROM t",
            "SET last = CASE WHEN excluded.last > t.last THEN excluded.last ELSE t.last END",
            "WHERE lower(username) = lower(?) AND at < ?"]
    assert not [s for s in good if problems(s)]


def test_app_sql_has_no_sqlite_only_constructs():
    found = ["{}:{}: {}: {!r}".format(f, line, p, text[:80])
             for f, line, text in app_sql() for p in problems(text)]
    assert not found, "\n".join(found)


def test_pragmas_and_sqlite_master_only_in_the_engine_files():
    found = ["{}:{}: {!r}".format(f, line, text[:80]) for f, line, text in app_sql()
             if f not in ENGINE_FILES and ENGINE_ONLY.search(text)]
    assert not found, "\n".join(found)


def test_lastrowid_only_behind_the_one_helper():
    found = ["{}:{}".format(f, line) for f, line in lastrowid_reads()
             if f not in LASTROWID_FILES]
    assert not found, "\n".join(found)


@pytest.fixture
def fresh(tmp_path):
    with open_database(tmp_path / "fresh.sqlite3", create=True) as db:
        yield db


def test_the_schema_of_a_new_file_is_portable(fresh):
    """What the migrations leave behind, the old ones included, is what an engine copies."""
    rows = fresh.all("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL")
    found = ["{} {}: {}".format(r["type"], r["name"], p) for r in rows for p in problems(r["sql"])]
    assert not found, "\n".join(found)
    assert fresh.scalar("PRAGMA user_version") == migrations.SCHEMA_VERSION
