"""Passwords too easy to guess: the commonest ones, keyboard runs, the user's and the shop's name.

`weakness(password, names)` returns the message key of the first reason a password is refused,
or None. What a guesser tries first (and what the rules catch, case-insensitively):
- the 10,000 commonest passwords (app/data/common_passwords.json, from zxcvbn's list), also
  with digits or signs added before or after («dragon2024»), in l33t («p@ssw0rd») or typed
  on the other keyboard layout («зфыыцщкв» is "password" typed with the Russian layout on);
- runs along a keyboard row or column, Latin, Russian or Kazakh, forwards or backwards, the
  alphabet and the digits, a repeated character («qwerty123», «йцукенгш», «1qaz2wsx», «ааааааа»);
- the user name or the shop's name with only digits or signs around them («aidana2026»,
  «АлтынПринт!»).
"""
import json
from pathlib import Path
from typing import Iterable, Optional

COMMON_PATH = Path(__file__).resolve().parent.parent / "data" / "common_passwords.json"

# added by hand: words of this country's shops that an English list lacks
LOCAL_WORDS = ("пароль", "парольчик", "привет", "любовь", "солнышко", "админ", "администратор",
               "менеджер", "казахстан", "қазақстан", "алматы", "астана", "құпиясөз", "сәлем",
               "iprint", "принт", "печать", "типография", "баспахана")

ROWS = (
    "1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p", "qazwsxedcrfvtgbyhnujmikolp",
    "йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю", "йфяцычувскамепинртгоьшлбщдюзжхэ",
    "әіңғүұқөһ",  # the Kazakh layout's digit row
    "abcdefghijklmnopqrstuvwxyz", "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
)
MIN_RUN = 3
# the same keys on the Russian and the Latin layout
_RU = "йцукенгшщзхъфывапролджэячсмитьбю."
_EN = "qwertyuiop[]asdfghjkl;'zxcvbnm,./"
_RU_TO_EN = {ord(r): e for r, e in zip(_RU, _EN)}
_EN_TO_RU = {ord(e): r for r, e in zip(_RU, _EN)}
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a",
                       "$": "s", "!": "i"})
_common = []


def common_passwords() -> frozenset:
    """The shipped list and the local words, lower case (read once)."""
    if not _common:
        with open(str(COMMON_PATH), encoding="utf-8") as fh:
            words = json.load(fh)["passwords"]
        _common.append(frozenset(w.casefold() for w in words) | frozenset(LOCAL_WORDS))
    return _common[0]


def _strip_ends(text) -> str:
    """Without digits, signs and spaces before and after: «!dragon2024» -> «dragon»."""
    start, end = 0, len(text)
    while start < end and not text[start].isalpha():
        start += 1
    while end > start and not text[end - 1].isalpha():
        end -= 1
    return text[start:end]


def _variants(low):
    """The password as a guesser's rules would derive it from a list word."""
    out = {low, _strip_ends(low), low.translate(_LEET), _strip_ends(low.translate(_LEET)),
           low.translate(_RU_TO_EN), _strip_ends(low.translate(_RU_TO_EN)),
           low.translate(_EN_TO_RU), _strip_ends(low.translate(_EN_TO_RU))}
    return {v for v in out if v}


def _run_length(text, i) -> int:
    """The longest keyboard run or repeat starting at text[i]."""
    best = 1
    j = i + 1
    while j < len(text) and text[j] == text[i]:
        j += 1
    best = j - i
    for row in ROWS:
        for line in (row, row[::-1]):
            at = line.find(text[i])
            if at < 0:
                continue
            n = 1
            while i + n < len(text) and at + n < len(line) and text[i + n] == line[at + n]:
                n += 1
            best = max(best, n)
    return best


def is_keyboard_run(low) -> bool:
    """Covered by runs of MIN_RUN or more but for at most two characters («qwerty12»)."""
    i, covered = 0, 0
    while i < len(low):
        n = _run_length(low, i)
        if n >= MIN_RUN:
            covered += n
            i += n
        else:
            i += 1
    return covered >= len(low) - 2


def _without(low, names) -> str:
    for name in names:
        if name:
            low = low.replace(name, "")
    return low


def _name_parts(names: Iterable[str]):
    """The names and their words of 4 letters or more, lower case, longest first."""
    parts = set()
    for name in names:
        if not isinstance(name, str):
            continue
        low = name.casefold()
        joined = "".join(ch for ch in low if ch.isalnum())
        if len(joined) >= 3:
            parts.add(joined)
        word = ""
        for ch in low + " ":
            if ch.isalnum():
                word += ch
            else:
                if len(word) >= 4:
                    parts.add(word)
                word = ""
    return sorted(parts, key=len, reverse=True)


def weakness(password: str, names: Iterable[str] = ()) -> Optional[str]:
    """The message key of why `password` is too easy to guess, or None.

    `names`: the user name, the person's name, the shop's name: a password that is one of
    them with only digits or signs around is refused."""
    low = password.casefold().strip()
    common = common_passwords()
    variants = _variants(low)
    # a list word must be the whole password or 4 letters or more: «12ab34» is not «ab»
    if {v for v in variants if v == low or len(v) >= 4} & common:
        return "error.password.common"
    parts = _name_parts(names)
    rest = _without(low, parts)
    if rest != low and not any(ch.isalpha() for ch in rest):
        return "error.password.like_name"
    if any(is_keyboard_run(v) for v in variants if len(v) >= MIN_RUN) or is_keyboard_run(low):
        return "error.password.keyboard"
    half = len(low) // 2
    if half and len(low) % 2 == 0 and low[:half] == low[half:] and \
            (_variants(low[:half]) & common or is_keyboard_run(low[:half])):
        return "error.password.common"  # «qwertyqwerty», «dragondragon»
    return None
