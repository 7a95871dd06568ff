"""The app's preferences of this PC user (theme, language, window size): ui.json in the data folder.

Not in the database: two people on two PCs share one database but keep their own window.
"""
import json
import os
import sys

from app import config

DEFAULTS = {"theme": "light", "language": "", "geometry": "1280x800", "last_user": ""}
THEMES = {"light": "flatly", "dark": "darkly"}
MIN_SIZE = (960, 620)  # the main window's smallest size (screens scroll below their height)
TASKBAR_PX = 40  # the work area is the screen less a taskbar: 1366×768 -> 1366×728
FRAME_PX = 60  # what a window adds above its content: a title bar, the menu bar


def work_area(root):
    """(x, y, width, height) a window may use on the current screen: Windows says it (the
    taskbar may be anywhere); elsewhere the screen less a taskbar's height."""
    if sys.platform.startswith("win"):
        try:
            import ctypes
            from ctypes import wintypes
            rect = wintypes.RECT()
            if ctypes.windll.user32.SystemParametersInfoW(0x30, 0, ctypes.byref(rect), 0):  # SPI_GETWORKAREA
                return rect.left, rect.top, rect.right - rect.left, rect.bottom - rect.top
        except (AttributeError, OSError, ValueError):
            pass
    return 0, 0, root.winfo_screenwidth(), root.winfo_screenheight() - TASKBAR_PX


def fit_geometry(geometry, area_width, area_height) -> str:
    """The remembered "WxH" clamped to the work area (a size kept on a big monitor opens whole
    on a laptop; the height leaves room for the title and menu bars), at least MIN_SIZE where
    the screen has it; anything unreadable is the default."""
    try:
        w, h = (int(x) for x in (geometry or "").split("+")[0].split("x"))
    except ValueError:
        w, h = (int(x) for x in DEFAULTS["geometry"].split("x"))
    most_w, most_h = area_width, area_height - FRAME_PX
    w = max(min(MIN_SIZE[0], most_w), min(w, most_w))
    h = max(min(MIN_SIZE[1], most_h), min(h, most_h))
    return "{}x{}".format(w, h)


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
