"""Who may do what in monitoring: the one place that decides.

Area-level rules take the planning area; `monitoring.update_progress` takes an ActionItem.
The coordinator prepares the action plans, indicator values and evaluations; the members of
a measure's responsible organisation (in that area) report its progress."""

from __future__ import annotations

from typing import Any

import rules

from kpss.core.permissions import is_admin
from kpss.organisations.models import Membership
from kpss.organisations.permissions import (
    is_area_coordinator,
    is_area_member,
)


def _item_area(item: Any) -> Any:
    return item.action_plan.plan.planning_area


@rules.predicate
def coordinates_item_area(user: Any, item: Any) -> bool:
    return item is not None and is_area_coordinator(user, _item_area(item))


@rules.predicate
def is_member_of_responsible_organisation(user: Any, item: Any) -> bool:
    if item is None or not item.responsible_organisation_id:
        return False
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(
        user=user,
        organisation_id=item.responsible_organisation_id,
        planning_area=_item_area(item),
    ).exists()


can_manage = is_admin | is_area_coordinator

rules.add_perm("monitoring.view_internal", is_admin | is_area_member)
rules.add_perm("monitoring.manage", can_manage)
rules.add_perm(
    "monitoring.update_progress",
    is_admin | coordinates_item_area | is_member_of_responsible_organisation,
)
