"""Czech typography: non-breaking spaces after one-letter words, in dates and numbers."""

from __future__ import annotations

import pytest

from kpss.planning.typography import NBSP, czech, czech_html


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("v Kelči", f"v{NBSP}Kelči"),
        ("V Kelči a v Zašové", f"V{NBSP}Kelči a{NBSP}v{NBSP}Zašové"),
        ("služby k dispozici s obcemi", f"služby k{NBSP}dispozici s{NBSP}obcemi"),
        ("o seniory u lékaře i doma", f"o{NBSP}seniory u{NBSP}lékaře i{NBSP}doma"),
        ("Z obce O tom K nim S nimi U nás I tak A pak",
         f"Z{NBSP}obce O{NBSP}tom K{NBSP}nim S{NBSP}nimi U{NBSP}nás I{NBSP}tak A{NBSP}pak"),
        ("(v obci)", f"(v{NBSP}obci)"),
    ],
)  # fmt: skip
def test_one_letter_prepositions_and_conjunctions(text, expected):
    assert czech(text) == expected


def test_other_words_and_letters_are_left_alone():
    assert czech("obec Kelč, typ B plus") == "obec Kelč, typ B plus"
    assert czech("Mikroregion Valašskomeziříčsko-Kelečsko") == (
        "Mikroregion Valašskomeziříčsko-Kelečsko"
    )
    assert czech("PS-a b") == "PS-a b"  # a letter after a hyphen is part of a code
    assert czech("konec a") == "konec a"  # nothing follows
    assert czech("") == ""


def test_dates():
    assert czech("schváleno 20. 12. 2021") == f"schváleno 20.{NBSP}12.{NBSP}2021"
    assert czech("31. 8. – 14. 9. 2021") == f"31.{NBSP}8. – 14.{NBSP}9.{NBSP}2021"


def test_numbers_with_thousands_and_units():
    assert czech("1 780 000 Kč") == f"1{NBSP}780{NBSP}000{NBSP}Kč"
    assert czech("celkem 150 000 Kč a 20 %") == f"celkem 150{NBSP}000{NBSP}Kč a{NBSP}20{NBSP}%"
    assert czech("v letech 2022 2023") == f"v{NBSP}letech 2022 2023"  # years are not grouped
    assert czech("18 obcí") == "18 obcí"


def test_idempotent():
    text = "V Kelči 20. 12. 2021 za 1 780 000 Kč a s obcemi"
    assert czech(czech(text)) == czech(text)


def test_html_text_only():
    html = '<p class="a b">v Kelči <a href="/a v">k obci</a></p>'
    assert czech_html(html) == f'<p class="a b">v{NBSP}Kelči <a href="/a v">k{NBSP}obci</a></p>'
