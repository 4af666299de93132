"""Who may do what with plans: the one place that decides.

Area-level rules take the planning area; `planning.change_measure` takes the measure and
`planning.record_council_opinion` a (area, municipality) pair. The state of a version is
checked by states.py, not here: a rule says who, the table says when.
"""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import Q
from django.utils import timezone

from kpss.core.permissions import is_admin
from kpss.governance.models import Body, BodyMembership
from kpss.governance.permissions import leads_body
from kpss.organisations.models import Membership
from kpss.organisations.permissions import (
    is_area_coordinator,
    is_area_member,
    is_area_municipality_officer,
)


@rules.predicate
def is_area_managerial_team_member(user: Any, area: Any) -> bool:
    """A current voting member of the area's managerial team (through their Person)."""
    if area is None or not getattr(user, "is_authenticated", False):
        return False
    today = timezone.localdate()
    return BodyMembership.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=today),
        body__planning_area=area,
        body__kind=Body.Kind.MANAGERIAL_TEAM,
        person__user=user,
        role__in=BodyMembership.VOTING_ROLES,
        valid_from__lte=today,
    ).exists()


@rules.predicate
def coordinates_measure_area(user: Any, measure: Any) -> bool:
    return measure is not None and is_area_coordinator(
        user, measure.plan_version.plan.planning_area
    )


@rules.predicate
def leads_measure_working_group(user: Any, measure: Any) -> bool:
    return bool(
        measure is not None and measure.working_group_id and leads_body(user, measure.working_group)
    )


@rules.predicate
def is_officer_of_municipality(user: Any, target: Any) -> bool:
    """`target` is (area, municipality): the user is that municipality's officer there."""
    area, municipality = target
    if not is_area_municipality_officer(user, area):
        return False
    return Membership.objects.filter(
        user=user,
        planning_area=area,
        role=Membership.Role.MUNICIPALITY_OFFICER,
        organisation__municipality=municipality,
    ).exists()


@rules.predicate
def coordinates_pair_area(user: Any, target: Any) -> bool:
    return is_area_coordinator(user, target[0])


can_manage = is_admin | is_area_coordinator

rules.add_perm("planning.view_draft", is_admin | is_area_member)
rules.add_perm("planning.add_plan", can_manage)
rules.add_perm("planning.change_draft", can_manage)
rules.add_perm(
    "planning.change_measure", is_admin | coordinates_measure_area | leads_measure_working_group
)
rules.add_perm("planning.moderate_comments", can_manage)
rules.add_perm("planning.settle_comments", can_manage)
rules.add_perm("planning.record_approval", can_manage)
rules.add_perm(
    "planning.record_council_opinion", is_admin | coordinates_pair_area | is_officer_of_municipality
)

#: Who may take each action of the state machine (object: the planning area).
TRANSITION_PERMS: dict[str, str] = {
    "publish_for_consultation": "planning.publish_for_consultation",
    "close_consultation": "planning.close_consultation",
    "submit_to_councils": "planning.submit_to_councils",
    "revise": "planning.revise",
    "approve": "planning.record_approval",
    "supersede": "planning.record_approval",
}
rules.add_perm("planning.publish_for_consultation", can_manage | is_area_managerial_team_member)
rules.add_perm("planning.close_consultation", can_manage)
rules.add_perm("planning.submit_to_councils", can_manage)
rules.add_perm("planning.revise", can_manage)
