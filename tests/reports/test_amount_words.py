"""Invoice totals in words (app.reports.amount_words).

The expected strings below are written out by hand (they are the reference, not output of
the code). The property tests parse the words back with small parsers of their own that
also check the Russian agreement (одна/две тысячи, тысяча/тысячи/тысяч ...).
"""
import decimal
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.reports.amount_words import MAX_NUMBER, amount_in_words, number_words

# ---------------------------------------------------------------- reference tables

RU = {
    0: "ноль",
    1: "один",
    2: "два",
    3: "три",
    4: "четыре",
    5: "пять",
    6: "шесть",
    7: "семь",
    8: "восемь",
    9: "девять",
    10: "десять",
    11: "одиннадцать",
    12: "двенадцать",
    13: "тринадцать",
    14: "четырнадцать",
    15: "пятнадцать",
    16: "шестнадцать",
    17: "семнадцать",
    18: "восемнадцать",
    19: "девятнадцать",
    20: "двадцать",
    21: "двадцать один",
    30: "тридцать",
    40: "сорок",
    50: "пятьдесят",
    60: "шестьдесят",
    70: "семьдесят",
    80: "восемьдесят",
    90: "девяносто",
    99: "девяносто девять",
    100: "сто",
    101: "сто один",
    111: "сто одиннадцать",
    200: "двести",
    300: "триста",
    400: "четыреста",
    500: "пятьсот",
    600: "шестьсот",
    700: "семьсот",
    800: "восемьсот",
    900: "девятьсот",
    999: "девятьсот девяносто девять",
    1000: "одна тысяча",
    1001: "одна тысяча один",
    2000: "две тысячи",
    3000: "три тысячи",
    4000: "четыре тысячи",
    5000: "пять тысяч",
    10000: "десять тысяч",
    11000: "одиннадцать тысяч",
    12000: "двенадцать тысяч",
    14000: "четырнадцать тысяч",
    20000: "двадцать тысяч",
    21000: "двадцать одна тысяча",
    22000: "двадцать две тысячи",
    24000: "двадцать четыре тысячи",
    25000: "двадцать пять тысяч",
    100000: "сто тысяч",
    101000: "сто одна тысяча",
    102000: "сто две тысячи",
    111000: "сто одиннадцать тысяч",
    112000: "сто двенадцать тысяч",
    999999: "девятьсот девяносто девять тысяч девятьсот девяносто девять",
    1000000: "один миллион",
    1000001: "один миллион один",
    1001000: "один миллион одна тысяча",
    2000000: "два миллиона",
    4000000: "четыре миллиона",
    5000000: "пять миллионов",
    11000000: "одиннадцать миллионов",
    21000000: "двадцать один миллион",
    22000000: "двадцать два миллиона",
    1000000000: "один миллиард",
    2000000000: "два миллиарда",
    5000000000: "пять миллиардов",
    12000000000: "двенадцать миллиардов",
    123456789: "сто двадцать три миллиона четыреста пятьдесят шесть тысяч "
                "семьсот восемьдесят девять",
    1002003004: "один миллиард два миллиона три тысячи четыре",
    MAX_NUMBER: "девятьсот девяносто девять миллиардов девятьсот девяносто девять "
                "миллионов девятьсот девяносто девять тысяч девятьсот девяносто девять",
}

KK = {
    0: "нөл",
    1: "бір",
    2: "екі",
    3: "үш",
    4: "төрт",
    5: "бес",
    6: "алты",
    7: "жеті",
    8: "сегіз",
    9: "тоғыз",
    10: "он",
    11: "он бір",
    12: "он екі",
    19: "он тоғыз",
    20: "жиырма",
    21: "жиырма бір",
    30: "отыз",
    40: "қырық",
    50: "елу",
    60: "алпыс",
    70: "жетпіс",
    80: "сексен",
    90: "тоқсан",
    99: "тоқсан тоғыз",
    100: "бір жүз",
    101: "бір жүз бір",
    111: "бір жүз он бір",
    200: "екі жүз",
    999: "тоғыз жүз тоқсан тоғыз",
    1000: "бір мың",
    1001: "бір мың бір",
    2000: "екі мың",
    5000: "бес мың",
    11000: "он бір мың",
    21000: "жиырма бір мың",
    22000: "жиырма екі мың",
    100000: "бір жүз мың",
    999999: "тоғыз жүз тоқсан тоғыз мың тоғыз жүз тоқсан тоғыз",
    1000000: "бір миллион",
    1000001: "бір миллион бір",
    2000000: "екі миллион",
    5000000: "бес миллион",
    1000000000: "бір миллиард",
    123456789: "бір жүз жиырма үш миллион төрт жүз елу алты мың жеті жүз сексен тоғыз",
    MAX_NUMBER: "тоғыз жүз тоқсан тоғыз миллиард тоғыз жүз тоқсан тоғыз миллион "
                "тоғыз жүз тоқсан тоғыз мың тоғыз жүз тоқсан тоғыз",
}

EN = {
    0: "zero",
    1: "one",
    2: "two",
    5: "five",
    11: "eleven",
    12: "twelve",
    19: "nineteen",
    20: "twenty",
    21: "twenty-one",
    40: "forty",
    99: "ninety-nine",
    100: "one hundred",
    101: "one hundred one",
    111: "one hundred eleven",
    200: "two hundred",
    999: "nine hundred ninety-nine",
    1000: "one thousand",
    1001: "one thousand one",
    2000: "two thousand",
    21000: "twenty-one thousand",
    100000: "one hundred thousand",
    999999: "nine hundred ninety-nine thousand nine hundred ninety-nine",
    1000000: "one million",
    5000000: "five million",
    1000000000: "one billion",
    123456789: "one hundred twenty-three million four hundred fifty-six thousand "
               "seven hundred eighty-nine",
}


@pytest.mark.parametrize("n, words", sorted(RU.items()))
def test_russian_numbers(n, words):
    assert number_words(n, "ru") == words


@pytest.mark.parametrize("n, words", sorted(KK.items()))
def test_kazakh_numbers(n, words):
    assert number_words(n, "kk") == words


@pytest.mark.parametrize("n, words", sorted(EN.items()))
def test_english_numbers(n, words):
    assert number_words(n, "en") == words


AMOUNTS = [
    ("26784.40", "ru", "Двадцать шесть тысяч семьсот восемьдесят четыре тенге 40 тиын"),
    ("26784.40", "kk", "Жиырма алты мың жеті жүз сексен төрт теңге 40 тиын"),
    ("26784.40", "en", "Twenty-six thousand seven hundred eighty-four tenge 40 tiyn"),
    ("26784.4", "ru", "Двадцать шесть тысяч семьсот восемьдесят четыре тенге 40 тиын"),
    ("0", "ru", "Ноль тенге 00 тиын"),
    ("0", "kk", "Нөл теңге 00 тиын"),
    ("0", "en", "Zero tenge 00 tiyn"),
    ("0.01", "ru", "Ноль тенге 01 тиын"),
    ("0.01", "kk", "Нөл теңге 01 тиын"),
    ("0.01", "en", "Zero tenge 01 tiyn"),
    ("0.99", "ru", "Ноль тенге 99 тиын"),
    ("0.99", "kk", "Нөл теңге 99 тиын"),
    ("1", "ru", "Один тенге 00 тиын"),
    ("1", "kk", "Бір теңге 00 тиын"),
    ("21.00", "ru", "Двадцать один тенге 00 тиын"),
    ("100.1", "ru", "Сто тенге 10 тиын"),
    ("100.1", "kk", "Бір жүз теңге 10 тиын"),
    ("1000", "ru", "Одна тысяча тенге 00 тиын"),
    ("1000", "kk", "Бір мың теңге 00 тиын"),
    ("1000", "en", "One thousand tenge 00 tiyn"),
    ("2000.50", "ru", "Две тысячи тенге 50 тиын"),
    ("2000.50", "kk", "Екі мың теңге 50 тиын"),
    ("1000000.05", "ru", "Один миллион тенге 05 тиын"),
    ("1000000.05", "kk", "Бір миллион теңге 05 тиын"),
    ("1000000.05", "en", "One million tenge 05 tiyn"),
    ("5000000", "ru", "Пять миллионов тенге 00 тиын"),
    ("999999999999.99", "ru",
     "Девятьсот девяносто девять миллиардов девятьсот девяносто девять миллионов "
     "девятьсот девяносто девять тысяч девятьсот девяносто девять тенге 99 тиын"),
    # rounding half-up to 0.01 first
    ("0.005", "ru", "Ноль тенге 01 тиын"),
    ("0.005", "kk", "Нөл теңге 01 тиын"),
    ("0.004", "ru", "Ноль тенге 00 тиын"),
    ("0.0049999", "ru", "Ноль тенге 00 тиын"),
    ("2.675", "ru", "Два тенге 68 тиын"),
    ("2.665", "ru", "Два тенге 67 тиын"),
    ("1.995", "ru", "Два тенге 00 тиын"),
    ("1.995", "kk", "Екі теңге 00 тиын"),
    ("999.995", "ru", "Одна тысяча тенге 00 тиын"),
    ("999.995", "kk", "Бір мың теңге 00 тиын"),
    ("-0", "ru", "Ноль тенге 00 тиын"),
    ("1E+3", "ru", "Одна тысяча тенге 00 тиын"),
]


@pytest.mark.parametrize("amount, lang, words", AMOUNTS)
def test_amounts(amount, lang, words):
    assert amount_in_words(Decimal(amount), lang) == words


def test_int_and_float_amounts():
    assert amount_in_words(5, "ru") == "Пять тенге 00 тиын"
    # a float goes through repr(), so 2.675 is the 2.675 that was typed
    assert amount_in_words(2.675, "ru") == "Два тенге 68 тиын"
    assert amount_in_words(0.1, "kk") == "Нөл теңге 10 тиын"


def test_callers_decimal_context_does_not_matter():
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        ctx.rounding = decimal.ROUND_DOWN
        ctx.traps[decimal.Inexact] = True
        assert amount_in_words(Decimal("26784.405"), "ru") == (
            "Двадцать шесть тысяч семьсот восемьдесят четыре тенге 41 тиын")


@pytest.mark.parametrize("amount", ["-0.01", "-1", "-26784.40", "-0.001", "-0.004"])
def test_negative_amount_raises(amount):
    with pytest.raises(ValueError):
        amount_in_words(Decimal(amount), "ru")


@pytest.mark.parametrize("amount", ["NaN", "Infinity", "-Infinity", "1E+12",
                                    "999999999999.995", "1000000000000"])
def test_non_finite_or_too_large_amount_raises(amount):
    with pytest.raises(ValueError):
        amount_in_words(Decimal(amount), "kk")


@pytest.mark.parametrize("lang", ["de", "", "RU", "kz", None])
def test_unsupported_lang_raises(lang):
    with pytest.raises(ValueError):
        amount_in_words(Decimal("1"), lang)
    with pytest.raises(ValueError):
        number_words(1, lang)


@pytest.mark.parametrize("n", [-1, MAX_NUMBER + 1, 10 ** 15])
def test_number_out_of_range_raises(n):
    with pytest.raises(ValueError):
        number_words(n, "ru")


@pytest.mark.parametrize("bad", [True, 1.0, "1", Decimal("1")])
def test_number_words_needs_an_int(bad):
    with pytest.raises(TypeError):
        number_words(bad, "ru")


@pytest.mark.parametrize("bad", [True, "1", None])
def test_amount_of_wrong_type_raises(bad):
    with pytest.raises(TypeError):
        amount_in_words(bad, "ru")


# ---------------------------------------------------------------- independent parsers

_RU_VALUES = {
    "один": 1, "одна": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5,
    "шесть": 6, "семь": 7, "восемь": 8, "девять": 9,
    "десять": 10, "одиннадцать": 11, "двенадцать": 12, "тринадцать": 13,
    "четырнадцать": 14, "пятнадцать": 15, "шестнадцать": 16, "семнадцать": 17,
    "восемнадцать": 18, "девятнадцать": 19,
    "двадцать": 20, "тридцать": 30, "сорок": 40, "пятьдесят": 50, "шестьдесят": 60,
    "семьдесят": 70, "восемьдесят": 80, "девяносто": 90,
    "сто": 100, "двести": 200, "триста": 300, "четыреста": 400, "пятьсот": 500,
    "шестьсот": 600, "семьсот": 700, "восемьсот": 800, "девятьсот": 900,
}
# scale word -> (multiplier, grammatical number: "one" | "few" | "many")
_RU_SCALE_WORDS = {
    "тысяча": (10 ** 3, "one"), "тысячи": (10 ** 3, "few"), "тысяч": (10 ** 3, "many"),
    "миллион": (10 ** 6, "one"), "миллиона": (10 ** 6, "few"),
    "миллионов": (10 ** 6, "many"),
    "миллиард": (10 ** 9, "one"), "миллиарда": (10 ** 9, "few"),
    "миллиардов": (10 ** 9, "many"),
}
_RU_FEMININE = {"одна", "две"}
_RU_MASCULINE = {"один", "два"}


def _slot(value):
    """Position of a word inside a group of three: hundreds, tens (incl. 10-19), units."""
    if value >= 100:
        return 0
    if value >= 10:
        return 1
    return 2


def _expected_ru_number(group):
    last_two = group % 100
    if last_two in (11, 12, 13, 14, 15, 16, 17, 18, 19):
        return "many"
    return {1: "one", 2: "few", 3: "few", 4: "few"}.get(group % 10, "many")


def parse_ru(text):
    """Russian words back to a number; asserts the grammar on the way."""
    if text == "ноль":
        return 0
    total = 0
    group = 0
    group_words = []
    last_slot = -1
    last_scale = 10 ** 12
    for word in text.split(" "):
        if word in _RU_SCALE_WORDS:
            scale, grammatical_number = _RU_SCALE_WORDS[word]
            assert group > 0, "scale word without a number: " + text
            assert scale < last_scale, "scales out of order: " + text
            assert grammatical_number == _expected_ru_number(group), text
            if group % 10 in (1, 2) and group % 100 not in (11, 12):
                last_word = group_words[-1]
                if scale == 1000:
                    assert last_word in _RU_FEMININE, text
                else:
                    assert last_word in _RU_MASCULINE, text
            total += group * scale
            last_scale = scale
            group, group_words, last_slot = 0, [], -1
        else:
            assert word in _RU_VALUES, "unknown word {!r} in {!r}".format(word, text)
            value = _RU_VALUES[word]
            slot = _slot(value)
            assert slot > last_slot, "words out of order: " + text
            if slot == 2 and group_words:
                # units never follow a teen
                assert not 10 <= group % 100 <= 19, text
            group += value
            group_words.append(word)
            last_slot = slot
    if group:
        # the last group counts tenge: masculine
        assert not set(group_words) & _RU_FEMININE, text
    return total + group


_KK_VALUES = {
    "бір": 1, "екі": 2, "үш": 3, "төрт": 4, "бес": 5, "алты": 6, "жеті": 7,
    "сегіз": 8, "тоғыз": 9, "он": 10, "жиырма": 20, "отыз": 30, "қырық": 40, "елу": 50,
    "алпыс": 60, "жетпіс": 70, "сексен": 80, "тоқсан": 90,
}
_KK_SCALES = {"мың": 10 ** 3, "миллион": 10 ** 6, "миллиард": 10 ** 9}


def parse_kk(text):
    if text == "нөл":
        return 0
    total = 0
    group = 0
    last_scale = 10 ** 12
    words = text.split(" ")
    for i, word in enumerate(words):
        if word == "жүз":
            # a hundred always has its number before it ("бір жүз")
            assert i > 0 and words[i - 1] in _KK_VALUES and _KK_VALUES[words[i - 1]] < 10, text
            assert group < 10, text
            group *= 100
        elif word in _KK_SCALES:
            assert 0 < group < 1000 and _KK_SCALES[word] < last_scale, text
            total += group * _KK_SCALES[word]
            last_scale = _KK_SCALES[word]
            group = 0
        else:
            assert word in _KK_VALUES, "unknown word {!r} in {!r}".format(word, text)
            value = _KK_VALUES[word]
            assert value < 10 or group % 100 == 0, text   # tens come before units
            assert value >= 10 or group % 10 == 0, text
            group += value
    return total + group


_EN_VALUES = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_EN_SCALES = {"thousand": 10 ** 3, "million": 10 ** 6, "billion": 10 ** 9}


def parse_en(text):
    if text == "zero":
        return 0
    total = 0
    group = 0
    for word in text.split(" "):
        assert word != "and", text
        if word == "hundred":
            assert 0 < group < 10, text
            group *= 100
        elif word in _EN_SCALES:
            assert 0 < group < 1000, text
            total += group * _EN_SCALES[word]
            group = 0
        elif "-" in word:
            tens, units = word.split("-")
            assert _EN_VALUES[tens] in (20, 30, 40, 50, 60, 70, 80, 90), text
            assert 1 <= _EN_VALUES[units] <= 9, text
            group += _EN_VALUES[tens] + _EN_VALUES[units]
        else:
            assert word in _EN_VALUES, "unknown word {!r} in {!r}".format(word, text)
            group += _EN_VALUES[word]
    return total + group


def test_parsers_agree_with_the_hand_written_tables():
    for n, words in RU.items():
        assert parse_ru(words) == n
    for n, words in KK.items():
        assert parse_kk(words) == n
    for n, words in EN.items():
        assert parse_en(words) == n


# numbers of every size, with plenty of zero groups and 11-19 endings
numbers = st.one_of(
    st.integers(min_value=0, max_value=MAX_NUMBER),
    st.integers(min_value=0, max_value=99999),
    st.lists(st.sampled_from([0, 1, 2, 4, 5, 11, 12, 14, 19, 21, 22, 100, 101, 111, 999]),
             min_size=4, max_size=4).map(
        lambda g: ((g[0] * 1000 + g[1]) * 1000 + g[2]) * 1000 + g[3]),
)


def _clean(text):
    return (text == text.strip() and "  " not in text and text == text.lower()
            and text != "")


@given(numbers)
def test_russian_round_trip(n):
    text = number_words(n, "ru")
    assert _clean(text)
    assert parse_ru(text) == n


@given(numbers)
def test_kazakh_round_trip(n):
    text = number_words(n, "kk")
    assert _clean(text)
    assert parse_kk(text) == n


@given(numbers)
def test_english_round_trip(n):
    text = number_words(n, "en")
    assert _clean(text)
    assert parse_en(text) == n


_CURRENCY = {"ru": ("тенге", "тиын"), "kk": ("теңге", "тиын"), "en": ("tenge", "tiyn")}
_PARSERS = {"ru": parse_ru, "kk": parse_kk, "en": parse_en}


@given(st.integers(min_value=0, max_value=MAX_NUMBER * 100 + 99),
       st.sampled_from(["ru", "kk", "en"]))
def test_amount_round_trip(tiyn_total, lang):
    amount = Decimal(tiyn_total).scaleb(-2)
    text = amount_in_words(amount, lang)
    assert text[0] == text[0].upper() and "  " not in text
    tenge_word, tiyn_word = _CURRENCY[lang]
    words, tenge, tiyn, tiyn_w = text.rsplit(" ", 3)
    assert (tenge, tiyn_w) == (tenge_word, tiyn_word)
    assert len(tiyn) == 2 and tiyn.isdigit()
    parsed = _PARSERS[lang](words[0].lower() + words[1:])
    assert parsed * 100 + int(tiyn) == tiyn_total


@given(st.decimals(min_value=0, max_value=Decimal("999999999999.99"), places=4,
                   allow_nan=False, allow_infinity=False))
def test_amount_rounds_half_up(amount):
    text = amount_in_words(amount, "ru")
    words, _, tiyn, _ = text.rsplit(" ", 3)
    tiyn_total = parse_ru(words[0].lower() + words[1:]) * 100 + int(tiyn)
    # half-up by integer arithmetic on the ten-thousandths
    ten_thousandths = int(amount.scaleb(4))
    assert tiyn_total == (ten_thousandths + 50) // 100
