"""The one clock: every time the app stores is read here, the shop PC's local time, and passed
to SQL as a parameter (no database clock: the file is read beside orders stamped by the PC,
and a later PostgreSQL server's clock and zone need not be the shop's)."""
from datetime import datetime


def now() -> str:
    """'YYYY-MM-DD HH:MM:SS', local time."""
    return datetime.now().strftime("%Y-%m-%d %H:%M:%S")


def now_ms() -> str:
    """'YYYY-MM-DD HH:MM:SS.mmm': the audit log orders entries of one second by it."""
    return datetime.now().strftime("%Y-%m-%d %H:%M:%S.%f")[:23]
