"""Where the data lives: %APPDATA%\\iPrint on Windows, ~/.local/share/iprint elsewhere.

IPRINT_HOME overrides the folder (tests, portable installs); --db PATH overrides the file.
"""
import os
import sys
from pathlib import Path

APP_NAME = "iPrint"
DB_FILE = "iprint.sqlite3"


def data_dir() -> Path:
    override = os.environ.get("IPRINT_HOME")
    if override:
        return Path(override)
    if sys.platform.startswith("win"):
        base = os.environ.get("APPDATA") or str(Path.home() / "AppData" / "Roaming")
        return Path(base) / APP_NAME
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "iprint"


def default_db_path() -> Path:
    return data_dir() / DB_FILE


def log_dir() -> Path:
    return data_dir() / "logs"


def backup_dir() -> Path:
    return data_dir() / "backups"


def documents_dir() -> Path:
    """Documents\\iPrint for generated files a person must find."""
    override = os.environ.get("IPRINT_DOCUMENTS")
    if override:
        return Path(override)
    return Path.home() / "Documents" / APP_NAME


def saved_language():
    """The language this PC user chose (ui.json, written by the window), or None: the command
    line speaks it too when no --lang is given (issue 17.11)."""
    import json
    try:
        with open(str(data_dir() / "ui.json"), encoding="utf-8") as fh:
            lang = json.load(fh).get("language")
    except (OSError, ValueError, AttributeError):
        return None
    return lang if isinstance(lang, str) and lang else None

