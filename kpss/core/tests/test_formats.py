"""Czech presentation of numbers, money and dates (kpss.core.formats)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kpss.core.formats import NBSP, format_date, format_money, format_number


def nbsp(text: str) -> str:
    """Write expectations with "_" for the non-breaking space."""
    return text.replace("_", NBSP)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1780000, "1_780_000_Kč"),
        (1780000.0, "1_780_000_Kč"),
        (Decimal("1780000.00"), "1_780_000_Kč"),
        (Decimal("1234.5"), "1_234,50_Kč"),
        (999, "999_Kč"),
        (0, "0_Kč"),
        (-25000, "-25_000_Kč"),
    ],
)
def test_money(value: int | float | Decimal, expected: str) -> None:
    assert format_money(value) == nbsp(expected)


def test_money_uses_no_ordinary_spaces() -> None:
    assert " " not in format_money(1780000)


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1780000, 0, "1_780_000"),
        (1234567.891, 2, "1_234_567,89"),
        (0.5, 1, "0,5"),
        (Decimal("12.345"), 1, "12,3"),
        (-1500, 0, "-1_500"),
    ],
)
def test_number_in_czech(value: int | float | Decimal, decimals: int, expected: str) -> None:
    assert format_number(value, decimals) == nbsp(expected)


@pytest.mark.parametrize("lang", ["en", "en-us"])
def test_number_in_english(lang: str) -> None:
    assert format_number(1234567.5, 1, lang=lang) == "1,234,567.5"


def test_missing_values_show_a_dash() -> None:
    assert format_number(None) == "—"
    assert format_money(None) == "—"
    assert format_date(None) == "—"


def test_date() -> None:
    assert format_date(dt.date(2026, 11, 22)) == nbsp("22._11._2026")
    assert format_date(dt.date(2027, 1, 5)) == nbsp("5._1._2027")


def test_aware_datetime_shows_the_day_in_prague() -> None:
    late_evening_utc = dt.datetime(2026, 11, 21, 23, 30, tzinfo=dt.UTC)
    assert format_date(late_evening_utc) == nbsp("22._11._2026")
