"""Who may do what in financing: the one place that decides.

Area-level rules take the planning area; application rules take the grant application.

- the KPSS coordinator (and admins) set up programmes, usual costs, budgets and allocations,
  assign assessors, adjust amounts, record the approval and the settlement;
- provider staff apply for, and import the budgets of, their own organisation's services
  (the organisation's IČO is the registry provider's IČO) and see only their own applications;
- an assessor scores only the applications assigned to them, and never one of a provider
  they declared a conflict of interest with;
- the public sees the summary of an approved programme of a public area.
"""

from __future__ import annotations

from typing import Any

import rules

from kpss.core.permissions import is_admin
from kpss.organisations.models import Membership
from kpss.organisations.permissions import is_area_coordinator, is_area_member


def provider_icos(user: Any, area: Any) -> set[str]:
    """IČO of the organisations the user acts for as provider staff in the area."""
    if area is None or not getattr(user, "is_authenticated", False):
        return set()
    return set(
        Membership.objects.filter(user=user, planning_area=area, role=Membership.Role.PROVIDER)
        .exclude(organisation__ico="")
        .values_list("organisation__ico", flat=True)
    )


@rules.predicate
def is_area_provider(user: Any, area: Any) -> bool:
    return bool(provider_icos(user, area))


def _area_of(application: Any) -> Any:
    return application.programme.planning_area


@rules.predicate
def coordinates_application_area(user: Any, application: Any) -> bool:
    return application is not None and is_area_coordinator(user, _area_of(application))


@rules.predicate
def owns_application(user: Any, application: Any) -> bool:
    return application is not None and application.provider.ico in provider_icos(
        user, _area_of(application)
    )


@rules.predicate
def is_assigned_assessor(user: Any, application: Any) -> bool:
    return bool(
        application is not None
        and getattr(user, "is_authenticated", False)
        and application.assignments.filter(assessor=user).exists()
    )


@rules.predicate
def has_conflict(user: Any, application: Any) -> bool:
    return bool(
        application is not None
        and getattr(user, "is_authenticated", False)
        and application.programme.conflicts.filter(
            assessor=user, provider=application.provider
        ).exists()
    )


can_manage = is_admin | is_area_coordinator

rules.add_perm("financing.view_internal", is_admin | is_area_member)
rules.add_perm("financing.manage", can_manage)
rules.add_perm("financing.apply", is_area_provider)
# Importing budgets from a file: the coordinator any service of the area, provider staff only
# their own organisation's services (checked per row by services.service_budgets_import).
rules.add_perm("financing.import_budgets", can_manage | is_area_provider)
rules.add_perm(
    "financing.view_application",
    is_admin | coordinates_application_area | owns_application | is_assigned_assessor,
)
rules.add_perm("financing.manage_application", is_admin | coordinates_application_area)
rules.add_perm("financing.score_application", is_assigned_assessor & ~has_conflict)
