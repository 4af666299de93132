"""Template helpers of the plan pages."""

from __future__ import annotations

from django import template

from kpss.planning.models import PlanVersion

register = template.Library()


@register.filter
def state_label(state: str) -> str:
    """The readable name of a plan version state (`in_force` → „platná“)."""
    try:
        return str(PlanVersion.State(state).label)
    except ValueError:
        return state
