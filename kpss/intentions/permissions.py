"""Who may do what in intentions: the one place that decides.

The coordinator announces calls and issues statements; the coordinator and the members of
the managerial team see every intention of the area, assess and rank them. Area-level rules
take the planning area; intention-level rules take the intention. A
provider's user is a member of the area with the role `provider` in an organisation that has
an IČO; such a user sees and edits only the intentions of that organisation. The state of an
intention (draft, frozen, …) is checked by states.py, not here.
"""

from __future__ import annotations

from typing import Any

import rules

from kpss.core.permissions import is_admin
from kpss.organisations.models import Membership
from kpss.organisations.permissions import is_area_coordinator
from kpss.planning.permissions import is_area_managerial_team_member


def provider_organisation_ids(user: Any, area: Any) -> set[int]:
    """The organisations (with an IČO) for which the user acts as provider staff in the area."""
    if area is None or not getattr(user, "is_authenticated", False):
        return set()
    return set(
        Membership.objects.filter(user=user, planning_area=area, role=Membership.Role.PROVIDER)
        .exclude(organisation__ico="")
        .values_list("organisation_id", flat=True)
    )


@rules.predicate
def is_area_provider(user: Any, area: Any) -> bool:
    return bool(provider_organisation_ids(user, area))


@rules.predicate
def coordinates_intention_area(user: Any, intention: Any) -> bool:
    """The coordinator or a managerial team member of the intention's area."""
    if intention is None:
        return False
    area = intention.call.planning_area
    return bool(is_area_coordinator(user, area) or is_area_managerial_team_member(user, area))


@rules.predicate
def acts_for_intention_provider(user: Any, intention: Any) -> bool:
    return intention is not None and intention.organisation_id in provider_organisation_ids(
        user, intention.call.planning_area
    )


can_manage = is_admin | is_area_coordinator
#: The managerial team decides on the outcomes and the order with the coordinator.
can_assess = can_manage | is_area_managerial_team_member

rules.add_perm("intentions.view_calls", can_assess | is_area_provider)
rules.add_perm("intentions.manage_calls", can_manage)
rules.add_perm("intentions.submit_intention", is_admin | is_area_provider)
rules.add_perm("intentions.assess", can_assess)
rules.add_perm("intentions.issue_statement", can_manage)
rules.add_perm(
    "intentions.view_intention",
    is_admin | coordinates_intention_area | acts_for_intention_provider,
)
rules.add_perm("intentions.change_intention", is_admin | acts_for_intention_provider)
