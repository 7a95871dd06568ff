"""Every key in every language, every key the code uses exists, money in the local way."""
import os
import re
from decimal import Decimal

import pytest

from app import i18n
from app.i18n import capitalise, format_money, format_number, format_percent, t

APP = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "app")
KAZAKH_LETTERS = set("әғқңөұүі")  # һ is rare (loanwords); the screens test its rendering


def part_files():
    names = sorted(os.listdir(os.path.dirname(i18n.__file__)))
    parts = {}
    for name in names:
        m = re.match(r"^(kk|ru|en)(\.[a-z_]+)?\.json$", name)
        if m:
            parts.setdefault(m.group(2) or "", {})[m.group(1)] = name
    return parts


def test_every_part_exists_in_all_three_languages_with_the_same_keys():
    import json
    folder = os.path.dirname(i18n.__file__)
    for part, files in part_files().items():
        assert set(files) == {"kk", "ru", "en"}, part
        keys = {}
        for lang, name in files.items():
            with open(os.path.join(folder, name), encoding="utf-8") as fh:
                data = json.load(fh)
            keys[lang] = set(data)
            empty = [k for k, v in data.items() if not isinstance(v, str) or not v.strip()]
            assert not empty, (name, empty[:5])
        assert keys["kk"] == keys["ru"] == keys["en"], (part, keys["en"] ^ keys["kk"] ^ keys["ru"])


def keys_used_in_code():
    pattern = re.compile(r"""["']((?:error|cli|check|field|product|status|line|role)\.[a-z0-9_.]+)["']""")
    used = set()
    for folder, _, files in os.walk(APP):
        for name in files:
            if name.endswith(".py"):
                with open(os.path.join(folder, name), encoding="utf-8") as fh:
                    used.update(pattern.findall(fh.read()))
    return used


def test_every_key_the_code_uses_is_translated():
    used = {k for k in keys_used_in_code() if not k.endswith(".")}
    for lang in i18n.LANGUAGES:
        missing = sorted(k for k in used if k not in i18n.catalog(lang))
        assert not missing, (lang, missing)


def test_fields_named_by_errors_have_labels():
    from app.domain.job import JobSpec
    for name in JobSpec.__dataclass_fields__:
        for lang in i18n.LANGUAGES:
            assert "field." + name in i18n.catalog(lang), (lang, name)


def test_kazakh_catalog_is_kazakh():
    values = " ".join(i18n.catalog("kk").values())
    assert KAZAKH_LETTERS <= set(values)
    same_as_russian = [k for k, v in i18n.catalog("kk").items()
                       if v == i18n.catalog("ru")[k] and re.search("[а-я]{4,} [а-я]{4,}", v)]
    # single trade words are often the same in both (ризограф, менеджер, телефон…);
    # a phrase of several words is a missed translation
    assert same_as_russian == []


@pytest.mark.parametrize("value, text", [
    ("1234567.891", "1\u00a0234\u00a0567,89"),
    ("0", "0,00"),
    ("-1500.5", "-1\u00a0500,50"),
    ("999", "999,00"),
    ("1000", "1\u00a0000,00"),
])
def test_numbers_in_the_local_way(value, text):
    assert format_number(Decimal(value)) == text


def test_money_has_the_tenge_sign():
    assert format_money(Decimal("26784.4")) == "26\u00a0784,40\u00a0₸"


@pytest.mark.parametrize("value, places, text", [
    (Decimal("40.017"), 2, "40,02"),
    (Decimal("12"), None, "12"),  # a VAT rate in a sentence: as many places as it has
    (Decimal("12.50"), None, "12,5"),
    (Decimal("100"), None, "100"),
    (1.005, 2, "1,01"),  # a float as it prints (its binary value is 1.00499…)
    (-3.5, 2, "-3,50"),
])
def test_percent_figures(value, places, text):
    assert format_percent(value, places) == text


def test_capitalise_only_the_first_letter():
    assert capitalise("менеджер заказов") == "Менеджер заказов"
    assert capitalise("ұзын атау") == "Ұзын атау"
    assert capitalise("") == ""


def test_placeholders_are_filled_in_every_language():
    for lang in i18n.LANGUAGES:
        text = t("error.field.out_of_range", lang, low=1, high=5)
        assert "1" in text and "5" in text and "{" not in text
