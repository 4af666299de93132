"""Template helpers of intentions: whether the area has a public (closed) call, for the
public menu.

{% load intentions %}{% has_public_intentions area as show %}
"""

from __future__ import annotations

from typing import Any

from django import template

from kpss.intentions.selectors import public_call_list

register = template.Library()


@register.simple_tag
def has_public_intentions(area: Any) -> bool:
    return bool(area is not None and public_call_list(area=area).exists())
