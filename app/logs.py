"""Unexpected errors go to a log file in the data folder; people get a polite sentence."""
import logging
import logging.handlers
import os

from app import config, private_files

_configured = []


class _PrivateFileHandler(logging.handlers.RotatingFileHandler):
    """The log names customers and paths in its tracebacks: 0600, the rotated new file too."""

    def _open(self):
        private_files.touch(self.baseFilename)
        return super()._open()


def setup(folder=None) -> str:
    """Log to iprint.log (rotated, 1 MB × 5); returns the file's path."""
    folder = str(folder or config.log_dir())
    path = os.path.join(folder, "iprint.log")
    if _configured:
        return _configured[0]
    try:
        private_files.make_folder(folder)
        handler = _PrivateFileHandler(path, maxBytes=1000000, backupCount=5, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler()
        path = "<stderr>"
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("iprint")
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    _configured.append(path)
    return path


def log_unexpected(where: str) -> str:
    """Log the exception being handled; returns the log path to tell the user."""
    path = setup()
    logging.getLogger("iprint").exception("unexpected error in %s", where)
    return path
