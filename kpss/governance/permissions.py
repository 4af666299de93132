"""Who may do what in the governance of an area. Body-level rules take the body as object;
area-level ones the planning area."""

from __future__ import annotations

import datetime as dt
from typing import Any

import rules
from django.db.models import Q
from django.utils import timezone

from kpss.core.permissions import is_admin
from kpss.organisations.permissions import is_area_coordinator, is_area_member


def current_membership_q(on: dt.date | None = None) -> Q:
    """Memberships valid on the day (today by default)."""
    day = on or timezone.localdate()
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


@rules.predicate
def leads_body(user: Any, body: Any) -> bool:
    """The user is the chair, manager or secretary of the body (through their Person)."""
    if body is None or not getattr(user, "is_authenticated", False):
        return False
    from kpss.governance.models import BodyMembership

    return (
        BodyMembership.objects.filter(
            body=body,
            person__user=user,
            role__in=[
                BodyMembership.Role.CHAIR,
                BodyMembership.Role.MANAGER,
                BodyMembership.Role.SECRETARY,
            ],
        )
        .filter(current_membership_q())
        .exists()
    )


@rules.predicate
def is_body_member(user: Any, body: Any) -> bool:
    """The user is a current member of the body in any role (through their Person)."""
    if body is None or not getattr(user, "is_authenticated", False):
        return False
    from kpss.governance.models import BodyMembership

    return (
        BodyMembership.objects.filter(body=body, person__user=user)
        .filter(current_membership_q())
        .exists()
    )


@rules.predicate
def coordinates_body_area(user: Any, body: Any) -> bool:
    return body is not None and is_area_coordinator(user, body.planning_area)


@rules.predicate
def is_member_of_body_area(user: Any, body: Any) -> bool:
    return body is not None and is_area_member(user, body.planning_area)


# Area level (object: PlanningArea)
rules.add_perm("governance.view_internal", is_admin | is_area_member)
rules.add_perm("governance.manage_organisation", is_admin | is_area_coordinator)
# Body level (object: Body)
rules.add_perm("governance.view_body", is_admin | is_member_of_body_area | is_body_member)
#: Meetings, agenda, attendance, minutes, motions and recording votes of the body.
rules.add_perm("governance.run_body", is_admin | coordinates_body_area | leads_body)
#: The body's rules (quorum, majority, per rollam, forwarding) and its existence.
rules.add_perm("governance.change_rules", is_admin | coordinates_body_area)
