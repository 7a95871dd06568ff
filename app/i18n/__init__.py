"""t("key") with the kk, ru and en catalogs, and numbers and money in the local way.

A key missing from the current language falls back to English and then to the key itself,
so a gap never crashes a screen; tests make sure there are no gaps.
"""
import json
import os
from decimal import Decimal

from app.domain.money import q2

LANGUAGES = ("kk", "ru", "en")
DEFAULT_LANGUAGE = "ru"
STATE_LANGUAGE = "kk"  # what a first start speaks before anyone chooses (issue 17.11)
_HERE = os.path.dirname(os.path.abspath(__file__))
_catalogs = {}
_current = [DEFAULT_LANGUAGE]


def catalog_files(lang):
    """<lang>.json holds the core; <lang>.<part>.json the parts (ui, reports, analysis…),
    so each part of the app keeps its own strings."""
    names = sorted(n for n in os.listdir(_HERE)
                   if n == lang + ".json" or (n.startswith(lang + ".") and n.endswith(".json")))
    return [os.path.join(_HERE, n) for n in names]


def catalog(lang) -> dict:
    if lang not in _catalogs:
        merged = {}
        for path in catalog_files(lang):
            with open(path, encoding="utf-8") as fh:
                merged.update(json.load(fh))
        _catalogs[lang] = merged
    return _catalogs[lang]


def set_language(lang):
    if lang not in LANGUAGES:
        raise ValueError(lang)
    _current[0] = lang


def language() -> str:
    return _current[0]


def t(key, lang=None, **params) -> str:
    lang = lang or _current[0]
    text = catalog(lang).get(key)
    if text is None:
        text = catalog("en").get(key, key)
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return text


NBSP = "\u00a0"


def format_number(value, places=2) -> str:
    """1234567.891 -> '1 234 567,89' (space thousands, comma decimals, as in kk and ru).

    English screens use the same form: the shop's papers are Kazakh."""
    value = Decimal(value)
    if places == 2:
        value = q2(value)
    else:
        value = value.quantize(Decimal(1).scaleb(-places)) if places else value.quantize(Decimal(1))
    sign = "-" if value < 0 else ""
    text = "{:f}".format(abs(value))
    whole, _, frac = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = sign + NBSP.join(groups)
    return out + ("," + frac if frac else "")


def format_money(value) -> str:
    return format_number(value, 2) + NBSP + "₸"


def format_percent(value, places=2) -> str:
    """A percentage without its sign: 40.017 -> '40,02'; places=None writes as many places as
    the value has (a VAT rate in a sentence: 12 -> '12', 12.5 -> '12,5').

    A float is read as it prints (1.005 is 1,01, as a person reads it, not its binary 1,00)."""
    value = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if places is None:
        places = max(0, -value.normalize().as_tuple().exponent)
    return format_number(value, places)


def capitalise(text):
    """The first letter upper-case: labels and table cells start with a capital, while the
    catalogs keep names lower-case for use inside sentences."""
    return text[:1].upper() + text[1:] if text else text


# the bounds a range message names, written as figures are ("1 мен 10 000 000", issue 17.6)
BOUND_PARAMS = ("low", "high", "max", "maximum", "minimum")


def _bound(name, value):
    if name not in BOUND_PARAMS or isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return value
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else max(0, -value.normalize().as_tuple().exponent)
    return format_number(value, places)


def _params(exc, lang):
    from app.domain.errors import DomainError
    return {k: error_text(v, lang) if isinstance(v, DomainError) else _bound(k, v)
            for k, v in exc.params.items()}  # an error given as another's reason


def message_text(exc, lang=None) -> str:
    """A domain error's own words without the field's name: what a form shows beside the
    field it marks."""
    try:
        return t(exc.key, lang, **_params(exc, lang))
    except Exception:  # translations must never hide the error itself
        return str(exc)


def error_text(exc, lang=None) -> str:
    """What a person reads for an error. Domain errors are translated here, at the edge: the
    key with its params (an error among them translated too), the field's own name in front,
    and the error's frame around it (a file's row: "Row 7: BIN/IIN: …"). Several fields' errors
    are one a line. Anything else is its own text."""
    from app.domain.errors import DomainError, FieldErrors
    if not isinstance(exc, DomainError):
        return str(exc)
    if isinstance(exc, FieldErrors):  # several fields at once: each on its own line
        return "\n".join(error_text(e, lang) for e in exc.errors)
    try:
        params = _params(exc, lang)
        text = t(exc.key, lang, **params)
        field = t("field." + exc.field, lang) if exc.field else ""
        if field.startswith("field."):
            field = exc.field
        text = "{}: {}".format(field, text) if field else text
        if exc.frame:
            text = t(exc.frame, lang, **dict(params, message=text))
    except Exception:  # translations must never hide the error itself
        text = str(exc)
    return text
