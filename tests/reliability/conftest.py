"""Reliability tests: shared helpers, and the figures printed at the end of the session."""
import hashlib
import os
import sys

from tests.reliability import figures

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def fingerprint(db):
    """Every table's row count and a checksum of its rows, and the schema itself: two equal
    fingerprints mean nothing in the file changed."""
    schema = [tuple(r) for r in db.all("SELECT type, name, sql FROM sqlite_master ORDER BY type, name")]
    out = {"__schema__": hashlib.sha256(repr(schema).encode()).hexdigest()}
    for (name,) in db.all("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
        h = hashlib.sha256()
        n = 0
        for row in db.all('SELECT * FROM "{}" ORDER BY rowid'.format(name.replace('"', '""'))):
            h.update(repr(tuple(row)).encode("utf-8", "surrogatepass"))
            n += 1
        out[name] = (n, h.hexdigest())
    return out


def child_env():
    env = dict(os.environ)
    env["PYTHONPATH"] = ROOT + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONUNBUFFERED"] = "1"
    return env


def child_cmd(script, *args):
    return [sys.executable, os.path.join(HERE, script)] + [str(a) for a in args]


def pytest_terminal_summary(terminalreporter):
    if not figures.FIGURES:
        return
    terminalreporter.section("reliability figures")
    order = ("kills survived", "orders checked", "rows lost", "hostile inputs tried",
             "unexpected exceptions", "unintended changes")
    for key in order + tuple(k for k in sorted(figures.FIGURES) if k not in order):
        if key in figures.FIGURES:
            terminalreporter.write_line("{}: {}".format(key, figures.FIGURES[key]))
