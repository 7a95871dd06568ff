"""The invoice total in words ("сумма прописью") in Kazakh, Russian and English.

A Kazakh invoice ("Счёт на оплату" / "Төлемге арналған шот") repeats its total in words
under the table. The form follows what 1C:Бухгалтерия для Казахстана prints: the tenge in
words, then the currency, then the tiyn as two digits and the word for tiyn:

    ru  "Двадцать шесть тысяч семьсот восемьдесят четыре тенге 40 тиын"
    kk  "Жиырма алты мың жеті жүз сексен төрт теңге 40 тиын"
    en  "Twenty-six thousand seven hundred eighty-four tenge 40 tiyn"

Only the first letter is capitalised; the tiyn are always two digits ("00", "05").

Decisions (kept on purpose, the tests pin them):

* Russian: "тенге" and "тиын" are indeclinable, so the currency words never change with
  the number. Thousands are feminine ("одна тысяча", "две тысячи", "двадцать одна
  тысяча"), millions and milliards masculine ("один миллион", "два миллиарда"). The
  scale word agrees with the last two digits of its group: 1, 21, 101 -> тысяча /
  миллион / миллиард; 2-4, 22-24 -> тысячи / миллиона / миллиарда; 0, 5-20, 25-30,
  111-114 -> тысяч / миллионов / миллиардов. As in 1C, the "one" is always written:
  1000 is "одна тысяча", 1 000 000 is "один миллион" (never a bare "тысяча").
  Hundreds have no "one": 100 is "сто", 101 is "сто один". 0 is "ноль".
* Kazakh: the numerals do not agree with the noun (екі мың, бес миллион). As in 1C, the
  "one" before a hundred and before a scale word is always written: 100 is "бір жүз",
  101 is "бір жүз бір", 1000 is "бір мың", 1 000 000 is "бір миллион". 0 is "нөл".
  The currency words are "теңге" and "тиын".
* English: American invoice style without "and" ("one hundred one"), hyphenated tens
  ("twenty-one"), short scale ("billion" = 10**9). 0 is "zero".

Groups that are zero are left out ("один миллион пять", "бір миллион бес").
The range is 0 .. 999 999 999 999 tenge.

`amount_in_words` takes a Decimal (an int or a float is accepted too; a float goes through
repr() the way app.domain.money.D does, so 0.1 stays 0.1), rounds it half-up to 0.01 and
raises ValueError for a negative amount (checked before the rounding, so -0.001 is an
error as well), NaN, infinity, an amount whose tenge exceed the range and an unknown
language. Standard library only; runs on Python 3.8.
"""
from decimal import ROUND_HALF_UP, Context, Decimal

__all__ = ["LANGUAGES", "MAX_NUMBER", "number_words", "amount_in_words"]

LANGUAGES = ("kk", "ru", "en")
MAX_NUMBER = 999999999999

_CENT = Decimal("0.01")
# A context of its own, so a caller's decimal precision or traps cannot change the rounding.
_CONTEXT = Context(prec=40, rounding=ROUND_HALF_UP)

# ---------------------------------------------------------------- Russian

_RU_UNITS_M = ("", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь",
               "девять")
_RU_UNITS_F = ("", "одна", "две", "три", "четыре", "пять", "шесть", "семь", "восемь",
               "девять")
_RU_TEENS = ("десять", "одиннадцать", "двенадцать", "тринадцать", "четырнадцать",
             "пятнадцать", "шестнадцать", "семнадцать", "восемнадцать", "девятнадцать")
_RU_TENS = ("", "", "двадцать", "тридцать", "сорок", "пятьдесят", "шестьдесят",
            "семьдесят", "восемьдесят", "девяносто")
_RU_HUNDREDS = ("", "сто", "двести", "триста", "четыреста", "пятьсот", "шестьсот",
                "семьсот", "восемьсот", "девятьсот")
# (power of 1000, feminine?, forms for one / few / many)
_RU_SCALES = (
    (3, False, ("миллиард", "миллиарда", "миллиардов")),
    (2, False, ("миллион", "миллиона", "миллионов")),
    (1, True, ("тысяча", "тысячи", "тысяч")),
)


def _ru_plural(n, forms):
    """Form of a noun after the number n: forms are (1, 2-4, 5-20)."""
    last_two = n % 100
    last = n % 10
    if 11 <= last_two <= 14:
        return forms[2]
    if last == 1:
        return forms[0]
    if 2 <= last <= 4:
        return forms[1]
    return forms[2]


def _ru_triple(n, feminine):
    """Words for 1..999."""
    words = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        words.append(_RU_HUNDREDS[hundreds])
    if 10 <= rest <= 19:
        words.append(_RU_TEENS[rest - 10])
    else:
        tens, units = divmod(rest, 10)
        if tens:
            words.append(_RU_TENS[tens])
        if units:
            words.append((_RU_UNITS_F if feminine else _RU_UNITS_M)[units])
    return words


def _ru_words(n):
    if n == 0:
        return "ноль"
    words = []
    for power, feminine, forms in _RU_SCALES:
        group = (n // 1000 ** power) % 1000
        if group:
            words.extend(_ru_triple(group, feminine))
            words.append(_ru_plural(group, forms))
    group = n % 1000
    if group:
        words.extend(_ru_triple(group, False))
    return " ".join(words)


# ---------------------------------------------------------------- Kazakh

_KK_UNITS = ("", "бір", "екі", "үш", "төрт", "бес", "алты", "жеті", "сегіз", "тоғыз")
_KK_TENS = ("", "он", "жиырма", "отыз", "қырық", "елу", "алпыс", "жетпіс", "сексен",
            "тоқсан")
_KK_SCALES = ((3, "миллиард"), (2, "миллион"), (1, "мың"))


def _kk_triple(n):
    """Words for 1..999; a hundred always has its number ("бір жүз")."""
    words = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        words.append(_KK_UNITS[hundreds])
        words.append("жүз")
    tens, units = divmod(rest, 10)
    if tens:
        words.append(_KK_TENS[tens])
    if units:
        words.append(_KK_UNITS[units])
    return words


def _kk_words(n):
    if n == 0:
        return "нөл"
    words = []
    for power, scale in _KK_SCALES:
        group = (n // 1000 ** power) % 1000
        if group:
            words.extend(_kk_triple(group))
            words.append(scale)
    group = n % 1000
    if group:
        words.extend(_kk_triple(group))
    return " ".join(words)


# ---------------------------------------------------------------- English

_EN_UNITS = ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
             "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
             "seventeen", "eighteen", "nineteen")
_EN_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
            "ninety")
_EN_SCALES = ((3, "billion"), (2, "million"), (1, "thousand"))


def _en_triple(n):
    """Words for 1..999, no "and", hyphenated tens."""
    words = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        words.append(_EN_UNITS[hundreds])
        words.append("hundred")
    if rest >= 20:
        tens, units = divmod(rest, 10)
        if units:
            words.append(_EN_TENS[tens] + "-" + _EN_UNITS[units])
        else:
            words.append(_EN_TENS[tens])
    elif rest:
        words.append(_EN_UNITS[rest])
    return words


def _en_words(n):
    if n == 0:
        return "zero"
    words = []
    for power, scale in _EN_SCALES:
        group = (n // 1000 ** power) % 1000
        if group:
            words.extend(_en_triple(group))
            words.append(scale)
    group = n % 1000
    if group:
        words.extend(_en_triple(group))
    return " ".join(words)


# ---------------------------------------------------------------- public

_NUMBER_WORDS = {"kk": _kk_words, "ru": _ru_words, "en": _en_words}
# (word for tenge, word for tiyn)
_CURRENCY = {
    "kk": ("теңге", "тиын"),
    "ru": ("тенге", "тиын"),
    "en": ("tenge", "tiyn"),
}


def _check_lang(lang):
    if lang not in _NUMBER_WORDS:
        raise ValueError("unsupported language {!r}; expected one of {}".format(
            lang, ", ".join(LANGUAGES)))


def number_words(n: int, lang: str) -> str:
    """A whole number 0..999 999 999 999 in words, lower case.

    In Russian the last group is masculine, as for "тенге" on an invoice (21 is
    "двадцать один"); only thousands are counted in the feminine ("двадцать одна тысяча").
    TypeError for a non-int (or a bool), ValueError out of range or for an unknown lang."""
    _check_lang(lang)
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError("number_words needs an int, got {!r}".format(n))
    if n < 0 or n > MAX_NUMBER:
        raise ValueError("number out of range 0..{}: {}".format(MAX_NUMBER, n))
    return _NUMBER_WORDS[lang](n)


def _to_decimal(amount):
    if isinstance(amount, Decimal):
        return amount
    if isinstance(amount, bool):
        raise TypeError("amount must be a Decimal, got {!r}".format(amount))
    if isinstance(amount, int):
        return Decimal(amount)
    if isinstance(amount, float):
        return Decimal(repr(amount))
    raise TypeError("amount must be a Decimal, got {!r}".format(amount))


def amount_in_words(amount: Decimal, lang: str) -> str:
    """The invoice total in words: "<Tenge in words> тенге NN тиын", first letter capital.

    Rounded half-up to 0.01 first. ValueError for a negative, NaN or infinite amount, one
    of 10**12 tenge or more (after the rounding) and an unsupported language."""
    _check_lang(lang)
    value = _to_decimal(amount)
    if not value.is_finite():
        raise ValueError("amount is not a finite number: {!r}".format(amount))
    if value < 0:
        raise ValueError("amount is negative: {}".format(amount))
    if value >= MAX_NUMBER + 1:
        raise ValueError("amount too large: {}".format(amount))
    value = value.quantize(_CENT, rounding=ROUND_HALF_UP, context=_CONTEXT)
    tiyn_total = int(value.scaleb(2, context=_CONTEXT))
    tenge, tiyn = divmod(tiyn_total, 100)
    if tenge > MAX_NUMBER:  # 999 999 999 999.995 rounds up past the range
        raise ValueError("amount too large: {}".format(amount))
    words = _NUMBER_WORDS[lang](tenge)
    tenge_word, tiyn_word = _CURRENCY[lang]
    text = "{} {} {:02d} {}".format(words, tenge_word, tiyn, tiyn_word)
    return text[0].upper() + text[1:]
