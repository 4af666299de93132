"""Reads that depend on who is asking: which planning areas a user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kpss.core.errors import NotFound
from kpss.organisations.models import Membership
from kpss.territory.models import PlanningArea


def planning_area_list_for_user(*, user: Any) -> QuerySet[PlanningArea]:
    """Public areas, plus the unpublished ones the user is a member of (all for admins)."""
    areas = PlanningArea.objects.select_related("orp").order_by("name")
    if getattr(user, "is_superuser", False) or getattr(user, "is_system", False):
        return areas
    if getattr(user, "is_authenticated", False):
        return areas.filter(Q(is_public=True) | Q(user_memberships__user=user)).distinct()
    return areas.filter(is_public=True)


def planning_area_get_for_user(*, user: Any, slug: str) -> PlanningArea:
    """The area, or NotFound — also when it exists but the user may not see it, so that
    unpublished areas do not leak their existence."""
    area = PlanningArea.objects.select_related("orp").filter(slug=slug).first()
    if area is None or not user_can(user, "territory.view_planningarea", area):
        raise NotFound(f"Planning area '{slug}' not found.", slug=slug)
    return area


def user_can(user: Any, perm: str, obj: Any = None) -> bool:
    return bool(user is not None and user.has_perm(perm, obj))


def user_memberships(*, user: Any) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("organisation", "planning_area")
