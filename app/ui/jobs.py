"""Long work off the Tk thread: a worker thread, a queue, and the Tk thread polling it with after().

Only the Tk thread touches widgets: the worker puts what it has to say in the queue, and the
poll hands it to the callbacks (as ttkbootstrap's gallery/long_running_determinate.py does).

    job = Job(self.later, work, done, error, unexpected, progress=show, hold_collector=True)
    job.start()       # work(report) runs in the thread; report(*args) -> progress(*args) here
    job.cancel()      # the work cannot be stopped: what it brings is dropped
"""
import gc
import queue
import threading

from app import logs
from app.domain.errors import DomainError

POLL_MS = 50

_gc_lock = threading.Lock()
_gc_holds = [0, False]  # workers holding the collector off; whether we turned it off


def hold_gc():
    """No automatic garbage collection while a worker runs: it could run in the worker and
    finalise tkinter variables there ("main thread is not in main loop"). The Tk thread
    collects when the worker is done."""
    with _gc_lock:
        if _gc_holds[0] == 0 and gc.isenabled():
            gc.disable()
            _gc_holds[1] = True
        _gc_holds[0] += 1


def release_gc():
    with _gc_lock:
        _gc_holds[0] = max(0, _gc_holds[0] - 1)
        if _gc_holds[0] == 0 and _gc_holds[1]:
            _gc_holds[1] = False
            gc.enable()


class Job:
    """work(report) in a daemon thread; back on the Tk thread, through `after(ms, fn)`:
    progress(*args) for each report(*args), then ended() and one of done(result),
    error(DomainError) or unexpected(log file), the traceback logged under `where`.
    After cancel() none of them is called.

    `hold_collector`: keep the automatic garbage collector off while the worker runs, and
    collect on the Tk thread when it is done; a widget whose polls die with it (they were
    cancelled with the screen) calls abandon() to let the collector go."""

    def __init__(self, after, work, done, error, unexpected, progress=None, ended=None,
                 where="background", hold_collector=False):
        self.after = after
        self.work = work
        self.done = done
        self.error = error
        self.unexpected = unexpected
        self.progress = progress
        self.ended = ended
        self.where = where
        self.hold_collector = hold_collector
        self.cancelled = False
        self.finished = False  # the worker's outcome has come back to the Tk thread
        self._holding = False
        self._queue = queue.Queue()
        self.thread = threading.Thread(target=self._target, daemon=True)

    def start(self):
        # closed dialogs leave tkinter variables in reference cycles; collected here, on the
        # Tk thread, they are not collected by the worker (tkinter must not be called there)
        gc.collect()
        if self.hold_collector:
            hold_gc()
            self._holding = True
        self.thread.start()
        self.after(POLL_MS, self._poll)
        return self

    def cancel(self):
        self.cancelled = True

    def abandon(self):
        """The polls will not run again: let the collector go now."""
        self.cancelled = True
        self._release()

    def _release(self):
        if self._holding:
            self._holding = False
            release_gc()

    def _target(self):
        q = self._queue
        try:
            result = self.work(lambda *args: q.put(("progress", args)))
            q.put(("done", result))
        except DomainError as exc:
            q.put(("error", exc))
        except Exception:  # logged here, where the traceback is
            q.put(("unexpected", logs.log_unexpected(self.where)))

    def _poll(self):
        try:
            while True:
                what, value = self._queue.get_nowait()
                if what != "progress":
                    break
                if self.progress is not None and not self.cancelled:
                    self.progress(*value)
        except queue.Empty:
            self.after(POLL_MS, self._poll)
            return
        self.finished = True
        if self._holding:
            self._release()
            gc.collect()
        if self.cancelled:
            return  # what the worker brought is dropped
        if self.ended is not None:
            self.ended()
        if what == "done":
            self.done(value)
        elif what == "error":
            self.error(value)
        else:
            self.unexpected(value)
