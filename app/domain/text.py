"""One rule for every text a person types, at the domain edge: the services and the spec
parser all refuse the same characters the same way, with the same keys, naming the field.

Refused, because a stored one breaks something later: control characters (C0, DEL, C1: the
.xlsx exports and the .docx documents cannot hold them, NUL ends strings in C), unpaired
surrogates (cannot be encoded as UTF-8: SQLite, files and hashing fail) and Unicode
noncharacters (U+FFFE, U+FFFF…: not allowed in XML). A multi-line note may hold line breaks
and tabs; any other text is one line. Surrounding whitespace is stripped (not in passwords).
Each kind of field has a length limit; searches have a short one (SQLite's LIKE gives up on
very long patterns, and nobody types a page into a search box).
"""
import re

from app.domain.errors import ValidationError

# length limits per kind of field (characters)
CODE = 64
SHORT = 50  # phones, document numbers
NAME = 200  # names of people, customers, papers; suppliers
LINE = 500  # addresses, bank names, paths
NOTE = 4000  # multi-line notes
SEARCH = 200
PASSWORD = 256


def _noncharacters():
    out = ["\ufdd0-\ufdef"]
    for plane in range(17):
        base = plane * 0x10000
        out.append("{}{}".format(chr(base + 0xFFFE), chr(base + 0xFFFF)))
    return "".join(out)


_NEVER = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff" + _noncharacters()
_BAD_NOTE = re.compile("[" + _NEVER + "]")
_LINE_ONLY = "\t\n\r\u2028\u2029"  # allowed in a multi-line note only
_BAD_LINE = re.compile("[" + _NEVER + _LINE_ONLY + "]")


def bad_character(value, multiline=False):
    """The first character `value` may not hold, or None."""
    found = (_BAD_NOTE if multiline else _BAD_LINE).search(value)
    return found.group(0) if found else None


def _refuse_characters(value, field, multiline):
    ch = bad_character(value, multiline)
    if ch is None:
        return
    if ch in _LINE_ONLY:
        raise ValidationError("error.field.one_line", field)
    raise ValidationError("error.field.bad_character", field, char="U+{:04X}".format(ord(ch)))


def clean(value, field, limit=NAME, required=False, multiline=False):
    """`value` as stored: a str (None is ""), stripped, within `limit`, or a ValidationError
    on `field`. Line breaks of a multi-line note become "\\n"."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError("error.field.not_text", field)
    if len(value) > 4 * limit + 1000:  # absurd sizes are refused before they are scanned
        raise ValidationError("error.field.too_long", field, max=limit)
    _refuse_characters(value, field, multiline)
    value = value.strip()
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    if len(value) > limit:
        raise ValidationError("error.field.too_long", field, max=limit)
    if required and not value:
        raise ValidationError("error.field.required", field)
    return value


def note(value, field="notes", limit=NOTE):
    return clean(value, field, limit, multiline=True)


def search(value, field="search", limit=SEARCH):
    """What a search box holds: one line, at most SEARCH characters."""
    return clean(value, field, limit)


def password(value, field="password"):
    """A password as typed (never stripped): one line of text that can be hashed. The same
    rule at login, so a refused character is not counted as a wrong guess."""
    if not isinstance(value, str):
        raise ValidationError("error.field.not_text", field)
    if len(value) > PASSWORD * 4:
        raise ValidationError("error.password.too_long", field, max=PASSWORD)
    _refuse_characters(value, field, False)
    return value
