"""BIN/IIN, IIK and BIK are checked wherever they are typed or imported, each error at its
field; old records with a number that fails the check stay readable."""
import pytest

from app.domain.errors import ValidationError
from app.domain.identifiers import make_bin, make_iik
from app.services import customer_import, customers, shop
from app.storage.portable import insert_returning_id

GOOD_BIN = make_bin("18094001234")  # 180940012348
BAD_DIGIT = GOOD_BIN[:11] + str((int(GOOD_BIN[11]) + 1) % 10)


def _error(call, *args):
    with pytest.raises(ValidationError) as info:
        call(*args)
    return info.value.key, info.value.field


def test_customer_bin_control_digit(manager):
    assert _error(customers.save, manager, {"name": "ТОО «Сынақ»", "bin": BAD_DIGIT}) == \
        ("error.id.bin_digit", "bin")
    assert customers.save(manager, {"name": "ТОО «Сынақ»", "bin": GOOD_BIN}).bin == GOOD_BIN


@pytest.mark.parametrize("data, expected", [
    ({"bin": BAD_DIGIT}, ("error.id.bin_digit", "shop.bin")),
    ({"iik": "KZ19722S000012345678"}, ("error.id.iik_digits", "shop.iik")),
    ({"iik": "KZ18722S00001234567"}, ("error.id.iik_form", "shop.iik")),
    ({"bik": "CASPRUKA"}, ("error.id.bik_form", "shop.bik")),
])
def test_shop_requisites_are_checked(admin, data, expected):
    assert _error(shop.save_requisites, admin, dict(data, name="ТОО «Баспа»")) == expected
    assert _error(shop.validate, dict(data, name="ТОО «Баспа»")) == expected  # the wizard's check


def test_shop_requisites_cleaned(admin):
    iik = make_iik("722", "S000012345678")
    saved = shop.save_requisites(admin, {"name": "ТОО «Баспа»", "bin": GOOD_BIN,
                                         "iik": " ".join(iik[i:i + 4] for i in range(0, 20, 4)).lower(),
                                         "bik": "caspkzka"})
    assert (saved["bin"], saved["iik"], saved["bik"]) == (GOOD_BIN, iik, "CASPKZKA")


def test_an_import_row_with_a_wrong_control_digit_names_row_and_field(manager, tmp_path):
    path = tmp_path / "clients.csv"
    path.write_text("Наименование;БИН\nТОО «Бір»;{}\nТОО «Екі»;{}\n".format(GOOD_BIN, BAD_DIGIT),
                    encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        customer_import.import_file(manager, path)
    assert (info.value.key, info.value.field, info.value.row) == ("error.id.bin_digit", "bin", 3)
    assert not customers.search(manager, "Бір")


def test_an_old_record_with_a_failing_bin_stays_readable(db, manager):
    with db.atomic():  # as an old version saved it, before the check
        old_id = insert_returning_id(db, "INSERT INTO customers(name, bin, created_at) "
                                     "VALUES (?, ?, ?)",
                                     ("ТОО «Ескі»", BAD_DIGIT, "2024-05-01 10:00:00"))
    got = customers.get(manager, old_id)
    assert got.bin == BAD_DIGIT
    # saved again, the check applies: the number must be corrected
    assert _error(customers.save, manager, {"name": got.name, "bin": got.bin}, got.id,
                  got.version) == ("error.id.bin_digit", "bin")
