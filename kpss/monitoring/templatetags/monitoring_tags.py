from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import mark_safe

from kpss.planning.markdown import markdown_to_safe_html

register = template.Library()


@register.filter
def markdown(text: str | None) -> str:
    """Commentary in Markdown, sanitised."""
    return mark_safe(markdown_to_safe_html(text or ""))  # sanitised by nh3 (allow-list)


@register.filter
def get(mapping: dict[str, Any] | None, key: str) -> Any:
    return (mapping or {}).get(key, "")
