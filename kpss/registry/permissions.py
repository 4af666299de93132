"""Who may change registry data. Reading the registry is public: it mirrors public data."""

from __future__ import annotations

from typing import Any

import rules

from kpss.core.permissions import is_admin
from kpss.organisations.models import Membership
from kpss.organisations.permissions import is_area_coordinator


@rules.predicate
def is_staff_of_provider(user: Any, service: Any) -> bool:
    """The user acts for the organisation whose IČO is the service provider's."""
    if service is None or not getattr(user, "is_authenticated", False):
        return False
    ico = service.provider.ico
    return (
        bool(ico)
        and Membership.objects.filter(
            user=user, role=Membership.Role.PROVIDER, organisation__ico=ico
        ).exists()
    )


@rules.predicate
def coordinates_area_of_service(user: Any, service: Any) -> bool:
    if service is None or not getattr(user, "is_authenticated", False):
        return False
    from kpss.registry.selectors import service_area_ids

    return Membership.objects.filter(
        user=user,
        role=Membership.Role.COORDINATOR,
        planning_area_id__in=service_area_ids(service=service),
    ).exists()


rules.add_perm(
    "registry.change_service", is_admin | is_staff_of_provider | coordinates_area_of_service
)
rules.add_perm("registry.import_services", is_admin | is_area_coordinator)
rules.add_perm("registry.load_codelists", is_admin)
