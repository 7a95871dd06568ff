"""The background-job helper on a real Tk root: what the worker reports comes back on the Tk
thread in order, errors are told apart, a cancelled job says nothing, the collector is held
off while a worker runs and let go after (or when the widget gives up on it)."""
import gc
import logging
import threading
import time
import tkinter as tk

import pytest

from app import logs
from app.domain.errors import ValidationError
from app.ui.jobs import Job


@pytest.fixture
def root():
    r = tk.Tk()
    r.withdraw()
    yield r
    r.destroy()


@pytest.fixture
def own_log(monkeypatch):
    """A log file for this test alone: logs.setup() keeps its first file for the process, and
    later tests look for theirs."""
    monkeypatch.setattr(logs, "_configured", [])
    logger = logging.getLogger("iprint")
    before = list(logger.handlers)
    yield
    for handler in [h for h in logger.handlers if h not in before]:
        logger.removeHandler(handler)
        handler.close()


def pump_until(root, condition, timeout=10):
    deadline = time.time() + timeout
    while not condition():
        assert time.time() < deadline, "the job did not come back"
        root.update()
        time.sleep(0.01)


class Seen:
    def __init__(self):
        self.calls = []
        self.threads = set()

    def __call__(self, name):
        def record(*args):
            self.calls.append((name,) + args)
            self.threads.add(threading.current_thread())
        return record


def job(root, work, seen, **kw):
    return Job(root.after, work, seen("done"), seen("error"), seen("unexpected"),
               progress=seen("progress"), ended=seen("ended"), **kw)


def test_progress_then_the_result_on_the_tk_thread_with_the_collector_held(root):
    seen, go = Seen(), threading.Event()
    assert gc.isenabled()

    def work(report):
        report(1, 3)
        go.wait(10)
        report(3, 3)
        return "made"
    j = job(root, work, seen, hold_collector=True).start()
    pump_until(root, lambda: seen.calls)
    assert seen.calls == [("progress", 1, 3)] and not gc.isenabled()  # held while it runs
    go.set()
    pump_until(root, lambda: j.finished)
    assert seen.calls == [("progress", 1, 3), ("progress", 3, 3), ("ended",), ("done", "made")]
    assert seen.threads == {threading.main_thread()} and gc.isenabled()


def test_a_domain_error_and_an_unexpected_one_are_told_apart(root, own_log):
    seen = Seen()

    def refused(report):
        raise ValidationError("error.field.required", "k")

    def broken(report):
        raise ZeroDivisionError("a bug")
    a = job(root, refused, seen).start()
    b = job(root, broken, seen, where="test: broken").start()
    pump_until(root, lambda: a.finished and b.finished)
    errors = [c for c in seen.calls if c[0] == "error"]
    assert len(errors) == 1 and errors[0][1].field == "k"
    (unexpected,) = [c for c in seen.calls if c[0] == "unexpected"]
    with open(unexpected[1], encoding="utf-8") as fh:  # the log file, with the traceback
        text = fh.read()
    assert "test: broken" in text and "ZeroDivisionError: a bug" in text
    assert not [c for c in seen.calls if c[0] == "done"]


def test_a_cancelled_job_says_nothing_but_lets_the_collector_go(root):
    seen, go = Seen(), threading.Event()

    def work(report):
        go.wait(10)
        report(1, 1)
        return "late"
    j = job(root, work, seen, hold_collector=True).start()
    assert not gc.isenabled()
    j.cancel()
    go.set()
    pump_until(root, lambda: j.finished)
    assert seen.calls == [] and gc.isenabled()


def test_an_abandoned_job_lets_the_collector_go_at_once(root):
    seen, go = Seen(), threading.Event()
    j = job(root, lambda report: go.wait(10), seen, hold_collector=True).start()
    other = job(root, lambda report: go.wait(10), seen, hold_collector=True).start()
    assert not gc.isenabled()
    j.abandon()
    assert not gc.isenabled()  # the other still runs
    other.abandon()
    other.abandon()  # once is enough: the hold is not given back twice
    assert gc.isenabled()
    go.set()
    j.thread.join(10)
    other.thread.join(10)
    root.update()
    assert seen.calls == []
