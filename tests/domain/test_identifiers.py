"""BIN/IIN control digit, IIK as IBAN, BIK form: valid and invalid numbers."""
import pytest

from app.domain.errors import ValidationError
from app.domain.identifiers import (
    bin_check_digit,
    check_bik,
    check_bin,
    check_iik,
    iban_remainder,
    make_bin,
    make_iik,
)


@pytest.mark.parametrize("number", [
    "000740001307",   # every weight at work, the first round gives the digit
    "990140000123",   # not valid: the old demo shop's BIN
])
def test_bin_digit_by_the_published_rule(number):
    # the rule written out by hand for these numbers, independent of the module's loop
    d = [int(x) for x in number[:11]]
    k = sum(x * w for x, w in zip(d, range(1, 12))) % 11
    if k == 10:
        k = sum(x * w for x, w in zip(d, (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2))) % 11
    assert bin_check_digit(number[:11]) == (None if k == 10 else k)


def test_valid_bins_pass_and_are_cleaned():
    assert check_bin("000740001307") == "000740001307"
    assert check_bin(" 0007 4000 1307 ") == "000740001307"


@pytest.mark.parametrize("number, key", [
    ("000740001308", "error.id.bin_digit"),
    ("00074000130", "error.id.bin_form"),
    ("0007400013070", "error.id.bin_form"),
    ("00074000130A", "error.id.bin_form"),
    ("", "error.id.bin_form"),
])
def test_bad_bins_say_what_is_wrong(number, key):
    with pytest.raises(ValidationError) as err:
        check_bin(number, field="customer.bin")
    assert err.value.key == key and err.value.field == "customer.bin"


def test_second_round_of_weights_is_used_when_the_first_gives_ten():
    # find 11 digits whose first round is 10, and check the second round decides
    for n in range(10 ** 10, 10 ** 10 + 5000):
        first11 = "{:011d}".format(n)
        d = [int(x) for x in first11]
        if sum(x * w for x, w in zip(d, range(1, 12))) % 11 == 10:
            second = sum(x * w for x, w in zip(d, (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2))) % 11
            if second != 10:
                assert bin_check_digit(first11) == second
                assert check_bin(first11 + str(second))
                break
    else:
        pytest.fail("no number needing the second round found")


def test_every_made_bin_is_valid_and_every_other_last_digit_is_not():
    for n in range(40000000000, 40000000000 + 300):
        first11 = str(n)
        made = make_bin(first11)
        if made is None:
            continue
        check_bin(made)
        for other in "0123456789":
            if other != made[-1]:
                with pytest.raises(ValidationError):
                    check_bin(first11 + other)


def test_iik_is_an_iban_with_mod_97():
    # Kazakhstan's example IBAN from the IBAN registry
    assert check_iik("KZ86 125K ZT50 0410 0100") == "KZ86125KZT5004100100"
    assert iban_remainder("KZ86125KZT5004100100") == 1
    with pytest.raises(ValidationError) as err:
        check_iik("KZ87125KZT5004100100")
    assert err.value.key == "error.id.iik_digits"
    for bad in ("KZ86125KZT500410010", "DE86125KZT5004100100", "KZ8612AKZT5004100100", ""):
        with pytest.raises(ValidationError) as err:
            check_iik(bad)
        assert err.value.key == "error.id.iik_form"


def test_made_iik_is_valid():
    for account in ("0000000000123", "KZT5004100100", "9999999999999"):
        iik = make_iik("601", account)
        assert len(iik) == 20 and check_iik(iik) == iik


def test_bik_form():
    assert check_bik("hsbk kzkx") == "HSBKKZKX"
    for bad in ("HSBKKZK", "HSBKRUKX", "1SBKKZKX", "HSBKKZKXX", ""):
        with pytest.raises(ValidationError) as err:
            check_bik(bad)
        assert err.value.key == "error.id.bik_form"
