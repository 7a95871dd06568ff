"""The app's preferences of this PC user (theme, language, window size): ui.json in the data folder.

Not in the database: two people on two PCs share one database but keep their own window.
"""
import json
import os

from app import config

DEFAULTS = {"theme": "light", "language": "", "geometry": "1280x800", "last_user": ""}
THEMES = {"light": "flatly", "dark": "darkly"}


def path() -> str:
    return os.path.join(str(config.data_dir()), "ui.json")


def load() -> dict:
    prefs = dict(DEFAULTS)
    try:
        with open(path(), encoding="utf-8") as fh:
            data = json.load(fh)
        if isinstance(data, dict):
            prefs.update({k: v for k, v in data.items() if k in DEFAULTS and isinstance(v, str)})
    except (OSError, ValueError):
        pass  # first start or a damaged file: the defaults do
    if prefs["theme"] not in THEMES:
        prefs["theme"] = "light"
    return prefs


def save(prefs: dict):
    target = path()
    try:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        tmp = target + ".tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump({k: prefs.get(k, v) for k, v in DEFAULTS.items()}, fh, ensure_ascii=False,
                      indent=1)
        os.replace(tmp, target)
    except OSError:
        pass  # a read-only profile must not stop the app; the defaults come back next time
