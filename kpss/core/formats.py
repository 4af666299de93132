"""Czech presentation of numbers, money and dates (1 780 000 Kč, 22. 11. 2026)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

NBSP = "\u00a0"


def format_number(value: int | float | Decimal | None, decimals: int = 0, lang: str = "cs") -> str:
    if value is None:
        return "—"
    text = f"{value:,.{decimals}f}"
    if lang.split("-")[0] == "en":
        return text
    return text.replace(",", NBSP).replace(".", ",")


def format_money(value: int | float | Decimal | None) -> str:
    if value is None:
        return "—"
    decimals = 0 if Decimal(str(value)) == Decimal(int(value)) else 2
    return f"{format_number(value, decimals)}{NBSP}Kč"


def format_date(value: dt.date | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)  # the calendar day in Prague, not in UTC
    return f"{value.day}.{NBSP}{value.month}.{NBSP}{value.year}"
