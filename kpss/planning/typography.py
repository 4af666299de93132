"""Czech typography for generated documents: a non-breaking space where Czech typesetting
forbids a line break.

- after the one-letter prepositions and conjunctions k s v z o u a i (and their capitals),
  so "v Kelči" never ends a line with a lonely "v";
- inside dates: "20. 12. 2021" stays on one line;
- inside numbers grouped by thousands ("1 780 000") and between a number and its unit
  ("150 000 Kč", "20 %").

Pure functions: `czech` for plain text, `czech_html` for HTML (only the text between tags is
touched, never the tags and their attributes).
"""

from __future__ import annotations

import re

NBSP = "\u00a0"

#: Spaces that may be turned into a non-breaking one (not line breaks: they end a line).
_SPACE = r"[ \t\u00a0]+"
_ONE_LETTER = re.compile(r"(?<![\w\-.,/])([ksvzouaiKSVZOUAI])" + _SPACE + r"(?=\S)")
_DAY_MONTH = re.compile(
    r"(?<!\d)(\d{1,2})\." + _SPACE + r"(\d{1,2})\.(?:" + _SPACE + r"(?=\d{4}\b))?"
)
_THOUSANDS = re.compile(r"(?<![\d,.])\d{1,3}(?:" + _SPACE + r"\d{3})+(?![\d])")
_UNIT = re.compile(r"(?<=\d)" + _SPACE + r"(?=(?:Kč|%|tis\.|mil\.|ks)(?!\w))")
_TAG = re.compile(r"(<[^>]*>)")


def _day_month(match: re.Match[str]) -> str:
    text = f"{match.group(1)}.{NBSP}{match.group(2)}."
    if match.group(0).endswith((" ", "\t", NBSP)):
        text += NBSP
    return text


def _thousands(match: re.Match[str]) -> str:
    return re.sub(_SPACE, NBSP, match.group(0))


def czech(text: str) -> str:
    """`text` with non-breaking spaces where Czech typography requires them."""
    if not text:
        return text
    text = _DAY_MONTH.sub(_day_month, text)
    text = _THOUSANDS.sub(_thousands, text)
    text = _UNIT.sub(NBSP, text)
    return _ONE_LETTER.sub(lambda m: m.group(1) + NBSP, text)


def czech_html(html: str) -> str:
    """`czech` applied to the text of an HTML fragment; tags are left alone."""
    return "".join(part if part.startswith("<") else czech(part) for part in _TAG.split(html))
