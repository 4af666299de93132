"""Template helpers of the needs pages; `area_perm` lets the menu show only permitted links:

{% load needs %}{% area_perm "needs.view_internal" area as can_view_needs %}
"""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def area_perm(context: template.Context, perm: str, area: Any) -> bool:
    """Whether the current user holds `perm` on the planning area."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return bool(user is not None and area is not None and user.has_perm(perm, area))
