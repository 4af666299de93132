"""Who may do what in a planning area: the one place that decides, by membership role.

Roles: admin (superuser or the CLI system account), KPSS coordinator, municipality officer,
provider staff, planning participant. Predicates take (user, planning_area).
"""

from __future__ import annotations

from typing import Any

import rules

from kpss.core.permissions import is_admin
from kpss.organisations.models import Membership

Role = Membership.Role


def _roles(user: Any, area: Any) -> set[str]:
    if area is None or not getattr(user, "is_authenticated", False):
        return set()
    cache: dict[int, set[str]] | None = getattr(user, "_kpss_area_roles", None)
    if cache is None:
        cache = {}
        for area_id, role in Membership.objects.filter(user=user).values_list(
            "planning_area_id", "role"
        ):
            cache.setdefault(area_id, set()).add(role)
        user._kpss_area_roles = cache
    return cache.get(area.pk, set())


@rules.predicate
def is_area_member(user: Any, area: Any) -> bool:
    return bool(_roles(user, area))


@rules.predicate
def is_area_coordinator(user: Any, area: Any) -> bool:
    return Role.COORDINATOR in _roles(user, area)


@rules.predicate
def is_area_municipality_officer(user: Any, area: Any) -> bool:
    return Role.MUNICIPALITY_OFFICER in _roles(user, area)


@rules.predicate
def is_area_public(user: Any, area: Any) -> bool:
    return bool(area is not None and area.is_public)


can_view_area = is_area_public | is_area_member | is_admin
can_view_area_internal = is_area_member | is_admin
can_manage_area = is_area_coordinator | is_admin

rules.add_perm("territory.view_planningarea", can_view_area)
rules.add_perm("territory.view_planningarea_internal", can_view_area_internal)
rules.add_perm("territory.change_planningarea", can_manage_area)
rules.add_perm("territory.add_planningarea", is_admin)
rules.add_perm("territory.load_territory", is_admin)
rules.add_perm("core.view_auditevent", can_manage_area)
rules.add_perm("organisations.manage_membership", can_manage_area)
