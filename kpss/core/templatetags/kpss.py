from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template
from django.utils.translation import get_language

from kpss.core import formats

register = template.Library()


@register.filter
def num(value: int | float | Decimal | None, decimals: int = 0) -> str:
    """Thousands separated by a non-breaking space, decimal comma in Czech."""
    return formats.format_number(value, int(decimals), lang=get_language() or "cs")


@register.filter
def money(value: int | float | Decimal | None) -> str:
    return formats.format_money(value)


@register.filter
def cz_date(value: dt.date | str | None) -> str:
    """A date, or an ISO date string as snapshots keep it, as 22. 11. 2026."""
    if isinstance(value, str):
        try:
            return formats.format_date(dt.date.fromisoformat(value[:10]))
        except ValueError:
            return value
    return formats.format_date(value)
