"""How the screens write figures and names: money, numbers, stock quantities and percentages
("" where there is no value), translated labels with a capital, and the mark that says "this
text is data, not a sentence of ours"."""
from decimal import Decimal

from app.i18n import capitalise, format_money, format_number, format_percent, t

DATA_ATTR = "_iprint_data"


def data(widget):
    """Mark a widget whose text is data (a customer name, a figure): the language test skips it."""
    setattr(widget, DATA_ATTR, True)
    return widget


def tcap(key, **params) -> str:
    """A translated label with a capital; the catalogs keep field names lower-case for messages."""
    return capitalise(t(key, **params))


def money(value) -> str:
    return "" if value is None else format_money(value)


def number(value, places=0) -> str:
    return "" if value is None else format_number(Decimal(value), places)


def qty(value) -> str:
    """A stock quantity: 1 500 sheets, 12,5 m (no trailing zeros)."""
    if value is None:
        return ""
    text = format_number(Decimal(value), 3)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def pct(value) -> str:
    return "" if value is None else format_percent(value) + " %"


def wrap_to_width(label, least=120):
    """A label whose text wraps at the width its geometry manager gives it (pack it with
    fill="x"): a long Kazakh status takes a second line instead of being cut off. It asks for
    no width of its own (width=1), so a long text never pushes its neighbours."""
    label.configure(width=1)

    def follow(event):
        wrap = max(event.width - 4, least)
        if str(label.cget("wraplength")) != str(wrap):
            label.configure(wraplength=wrap)
    label.bind("<Configure>", follow, add="+")
    return label
