"""Czech collation and diacritics folding (kpss.core.text)."""

from __future__ import annotations

import random
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpss.core.text import czech_sort_key, fold

# Czech order: a á b c č d ď e é ě f g h ch i í j k l m n ň o ó p q r ř s š t ť u ú ů v w x
# y ý z ž; names are compared word by word, accents without a caron only break ties.
TOWNS_IN_CZECH_ORDER = [
    "Adamov",
    "Aš",
    "Benešov",
    "Brno",
    "Cvikov",
    "Čáslav",
    "Česká Lípa",
    "Dačice",
    "Děčín",
    "Hodonín",
    "Hranice",
    "Hustopeče",
    "Cheb",
    "Chrudim",
    "Ivančice",
    "Jihlava",
    "Kladno",
    "Kolín",
    "Kroměříž",
    "Nové Město na Moravě",
    "Nové Město nad Metují",
    "Ostrava",
    "Praha",
    "Přerov",
    "Rakovník",
    "Říčany",
    "Svitavy",
    "Šumperk",
    "Tábor",
    "Třebíč",
    "Uherské Hradiště",
    "Ústí nad Labem",
    "Vsetín",
    "Zlín",
    "Žatec",
]


def _sorted(names: list[str]) -> list[str]:
    return sorted(names, key=czech_sort_key)


def test_towns_sort_in_czech_order() -> None:
    shuffled = TOWNS_IN_CZECH_ORDER[:]
    random.Random(7).shuffle(shuffled)
    assert _sorted(shuffled) == TOWNS_IN_CZECH_ORDER


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Hranice", "Chrudim"),  # ch is one letter, after h
        ("Chrudim", "Ivančice"),
        ("Hranice", "Cheb"),
        ("Cvikov", "Čáslav"),  # č is a letter of its own, after c
        ("Čáslav", "Dačice"),
        ("Svitavy", "Šumperk"),
        ("Praha", "Přerov"),
        ("Zlín", "Žatec"),
        ("Uherské Hradiště", "Ústí nad Labem"),  # ú sorts with u
        ("Lida", "Lída"),  # an acute accent only breaks a tie
        ("Nové Město na Moravě", "Nové Město nad Metují"),  # word by word
        ("Kelč", "Kelč-Nová Ves"),  # a prefix comes first
    ],
)
def test_pairs(before: str, after: str) -> None:
    assert czech_sort_key(before) < czech_sort_key(after)
    assert _sorted([after, before]) == [before, after]


def test_case_does_not_change_the_letter_order() -> None:
    assert _sorted(["chrudim", "HRANICE", "Cheb"]) == ["HRANICE", "Cheb", "chrudim"]


def test_decomposed_input_sorts_like_composed() -> None:
    decomposed = unicodedata.normalize("NFD", "Čáslav")
    assert decomposed != "Čáslav"
    assert czech_sort_key(decomposed)[:2] == czech_sort_key("Čáslav")[:2]
    assert _sorted([decomposed, "Cvikov", "Dačice"])[1] == decomposed


def test_digits_come_before_letters() -> None:
    assert _sorted(["Adamov", "1. máje"]) == ["1. máje", "Adamov"]


@given(st.lists(st.text(max_size=12), max_size=20))
def test_sorting_is_a_total_order(names: list[str]) -> None:
    once = _sorted(names)
    assert _sorted(list(reversed(names))) == once
    assert _sorted(once) == once


@given(st.text(max_size=20))
def test_normalisation_form_does_not_change_the_letters(name: str) -> None:
    nfc = unicodedata.normalize("NFC", name)
    nfd = unicodedata.normalize("NFD", name)
    assert czech_sort_key(nfd)[:2] == czech_sort_key(nfc)[:2]


@pytest.mark.parametrize(
    ("value", "folded"),
    [
        ("Pečovatelská služba", "pecovatelska sluzba"),
        ("Ústí nad Labem", "usti nad labem"),
        ("ŽĎÁR", "zdar"),
        ("Chrudim", "chrudim"),
    ],
)
def test_fold(value: str, folded: str) -> None:
    assert fold(value) == folded


@given(st.text(max_size=20))
def test_fold_is_idempotent(value: str) -> None:
    assert fold(fold(value)) == fold(value)


def test_superscripts_and_other_digits_do_not_crash() -> None:
    assert _sorted(["km²", "km2", "km"]) == ["km", "km2", "km²"]
