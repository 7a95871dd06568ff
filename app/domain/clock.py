"""The one clock: every time the app stores is read here and passed to SQL as a parameter (no
database clock in SQL). On a single PC it is the PC's local time. On the shop's server it is
the server's clock in the server's time zone (the shop's): each connection reads it once and
the seat's clock follows it from then on, so seats whose own clocks are off do not misorder
the audit log, the lockouts or the documents' dates."""
from datetime import date, datetime, timedelta

_skew = timedelta(0)  # the shop's server's clock less this PC's (none on a single PC)


def follow(server_moment: datetime) -> None:
    """The server's local time, just read: from now on every moment is the server's."""
    global _skew
    _skew = server_moment - datetime.now()


def own() -> None:
    """Back to this PC's own clock."""
    global _skew
    _skew = timedelta(0)


def local() -> datetime:
    """The shop's local time now."""
    return datetime.now() + _skew


def today() -> date:
    return local().date()


def now() -> str:
    """'YYYY-MM-DD HH:MM:SS', local time."""
    return local().strftime("%Y-%m-%d %H:%M:%S")


def now_ms() -> str:
    """'YYYY-MM-DD HH:MM:SS.mmm': the audit log orders entries of one second by it."""
    return local().strftime("%Y-%m-%d %H:%M:%S.%f")[:23]
