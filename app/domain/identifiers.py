"""The numbers the state and the banks check: BIN/IIN, IIK (an IBAN) and BIK.

Each check returns the number cleaned (spaces gone, letters upper-case) or raises a
ValidationError whose key says what is wrong, so the field can say it in the user's language.
Rules: shared/docs/kz-closing.md.
"""
from app.domain.errors import ValidationError

_BIN_WEIGHTS = (tuple(range(1, 12)), (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2))


def bin_check_digit(first11):
    """The 12th digit of a BIN/IIN for its first 11 digits, or None when none is possible."""
    digits = [int(d) for d in first11]
    for weights in _BIN_WEIGHTS:
        k = sum(d * w for d, w in zip(digits, weights)) % 11
        if k != 10:
            return k
    return None


def check_bin(value, field="bin"):
    """A BIN or IIN: 12 digits whose last is the control digit of the first 11."""
    number = "".join(str(value or "").split())
    if len(number) != 12 or not number.isdigit() or not number.isascii():
        raise ValidationError("error.id.bin_form", field)
    if bin_check_digit(number[:11]) != int(number[11]):
        raise ValidationError("error.id.bin_digit", field)
    return number


def iban_remainder(iban):
    """ISO 13616 mod-97 of an IBAN (1 for a valid one)."""
    moved = iban[4:] + iban[:4]
    return int("".join(str(int(ch, 36)) for ch in moved)) % 97


def check_iik(value, field="iik"):
    """A Kazakh IIK: KZ, two check digits, a 3-digit bank code and 13 account characters."""
    iik = "".join(str(value or "").split()).upper()
    if len(iik) != 20 or not iik.startswith("KZ") or not iik[2:4].isdigit() \
            or not iik[4:7].isdigit() or not iik[7:].isalnum() or not iik.isascii():
        raise ValidationError("error.id.iik_form", field)
    if iban_remainder(iik) != 1:
        raise ValidationError("error.id.iik_digits", field)
    return iik


def check_bik(value, field="bik"):
    """A BIK: 8 SWIFT-style characters, the country KZ at places 5 and 6 (HSBKKZKX)."""
    bik = "".join(str(value or "").split()).upper()
    if len(bik) != 8 or not bik.isascii() or not bik[:4].isalpha() or bik[4:6] != "KZ" \
            or not bik[6:].isalnum():
        raise ValidationError("error.id.bik_form", field)
    return bik


def make_bin(first11):
    """A valid BIN/IIN from 11 digits, for made-up data (the demo); None when impossible."""
    digit = bin_check_digit(first11)
    return None if digit is None else first11 + str(digit)


def make_iik(bank_code, account):
    """A valid IIK for a 3-digit bank code and a 13-character account, for made-up data."""
    body = "{}{}".format(bank_code, account).upper()
    check = 98 - iban_remainder("KZ00" + body)
    return "KZ{:02d}{}".format(check, body)
