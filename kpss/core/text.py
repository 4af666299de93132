"""Czech text helpers: collation for sorting and a folded form for diacritics-free search."""

from __future__ import annotations

import unicodedata

# Czech alphabet order; "ch" is one letter after "h". Letters with a caron are letters of
# their own, the other accented letters sort with their base letter and differ only on tie.
_ALPHABET = [
    "a", "b", "c", "č", "d", "e", "f", "g", "h", "ch", "i", "j", "k", "l", "m", "n",
    "o", "p", "q", "r", "ř", "s", "š", "t", "u", "v", "w", "x", "y", "z", "ž",
]  # fmt: skip
_PRIMARY = {letter: index for index, letter in enumerate(_ALPHABET)}
_SECONDARY_BASE = {
    "á": "a", "ď": "d", "é": "e", "ě": "e", "í": "i", "ň": "n", "ó": "o",
    "ť": "t", "ú": "u", "ů": "u", "ý": "y", "ä": "a", "ö": "o", "ü": "u",
}  # fmt: skip
_OTHER = len(_ALPHABET)


def czech_sort_key(value: str) -> tuple[tuple[int, ...], tuple[int, ...], str]:
    """A key that sorts strings the way a Czech reader expects (Chrudim after Hranice)."""
    # Decomposed input ("C" + combining caron, as some files and macOS give it) sorts as "Č".
    text = unicodedata.normalize("NFC", value).lower()
    primary: list[int] = []
    secondary: list[int] = []
    i = 0
    while i < len(text):
        if text.startswith("ch", i):
            primary.append(_PRIMARY["ch"] + 1)
            secondary.append(0)
            i += 2
            continue
        char = text[i]
        if char in _PRIMARY:
            primary.append(_PRIMARY[char] + 1)
            secondary.append(0)
        elif char in _SECONDARY_BASE:
            primary.append(_PRIMARY[_SECONDARY_BASE[char]] + 1)
            secondary.append(1 + list(_SECONDARY_BASE).index(char))
        elif char.isdecimal():  # "²".isdigit() is true too, but int("²") fails
            primary.append(-10 + int(char))
            secondary.append(0)
        elif char.isspace() or not char.isalnum():
            primary.append(0)
            secondary.append(0)
        else:
            primary.append(_OTHER + 1 + ord(char))
            secondary.append(0)
        i += 1
    return tuple(primary), tuple(secondary), value


def fold(value: str) -> str:
    """Lower case without diacritics: "Pečovatelská" -> "pecovatelska"."""
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
