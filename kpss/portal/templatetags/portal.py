"""Small presentation helpers of the public portal."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import get_language

from kpss.core import formats
from kpss.registry.models import Service
from kpss.registry.selectors import service_is_withdrawn

register = template.Library()


@register.filter
def service_ref(service: Service) -> str:
    """The URL key of a service: its registry identifier, else its import key."""
    return service.identifier or service.key


@register.filter
def amount(value: int | float | Decimal | None) -> str:
    """A number with as many decimals as it needs (42, 2,5, 0,75)."""
    if value is None:
        return "—"
    number = Decimal(str(value)).normalize()
    exponent = number.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return formats.format_number(number, decimals, lang=get_language() or "cs")


@register.filter
def has_capacity(service: Service) -> bool:
    """Whether any form of the (prefetched) service states a capacity."""
    return any(sf.capacities.all() for sf in service.forms.all())


@register.filter
def is_withdrawn(service: Service) -> bool:
    return service_is_withdrawn(service=service)


@register.filter
def web_url(value: str) -> str:
    """A link target for a web address stored without its scheme ("www.example.cz")."""
    value = (value or "").strip()
    if not value or value.startswith(("http://", "https://")):
        return value
    return "https://" + value


@register.filter
def share(part: int | float | None, whole: int | float | None) -> str:
    """A percentage with one decimal in the active language: 20,9 % / 20.9%."""
    if part is None or not whole:
        return "—"
    lang = (get_language() or "cs").split("-")[0]
    number = formats.format_number(100 * part / whole, 1, lang=lang)
    return f"{number}%" if lang == "en" else f"{number}{formats.NBSP}%"


_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def jsonld(value: object) -> str:
    """Structured data (schema.org) as a JSON-LD script element, safe inside HTML."""
    import json

    from django.utils.safestring import mark_safe

    text = json.dumps(value, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


@register.filter
def km(value: float | None) -> str:
    """A distance in kilometres with the decimal sign of the language: "3,2 km"."""
    if value is None:
        return ""
    lang = (get_language() or "cs").split("-")[0]
    decimals = 1 if value < 10 else 0
    return f"{formats.format_number(value, decimals, lang=lang)}{formats.NBSP}km"
