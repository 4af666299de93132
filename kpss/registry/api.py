"""Registry endpoints: services (filtered, paginated), providers and the code lists.

Reading the registry is public (it mirrors public data). Filtering by a planning area goes
through `planning_area_get_for_user`, so an unpublished area is a 404 for outsiders here too.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema

from kpss.api.auth import caller
from kpss.api.errors import PROBLEM_RESPONSES
from kpss.api.pagination import PageParams, paginate
from kpss.core.errors import NotFound
from kpss.organisations.selectors import planning_area_get_for_user
from kpss.registry.models import CapacityType, Form, Provider, Service, ServiceType, TargetGroup
from kpss.registry.schemas import (
    CapacityTypeOut,
    FormOut,
    ProviderDetail,
    ServiceDetail,
    ServicePage,
    ServiceTypeOut,
    TargetGroupOut,
)
from kpss.registry.selectors import (
    capacity_type_list,
    form_list,
    provider_get,
    provider_services,
    service_get,
    service_list,
    service_type_list,
    target_group_list,
)
from kpss.territory.selectors import municipality_get

router = Router(tags=["registry"])


class ServiceFilters(Schema):
    area: str | None = Field(
        None,
        pattern=r"^[-a-zA-Z0-9_]+$",
        max_length=60,
        description="Short name of a planning area: services with a facility or scope in it.",
    )
    municipality: str | None = Field(
        None,
        pattern=r"^\d{6}$",
        description="6-digit municipality code: services available to its residents.",
    )
    type: str | None = Field(None, max_length=20, description="Service type key, e.g. '49'.")
    target_group: int | None = Field(None, ge=1, description="Target group id (code list).")
    form: str | None = Field(None, pattern=r"^[a-z]{3}$", description="pob | amb | ter")
    q: str | None = Field(None, max_length=200, description="Text in the name, provider, type.")
    include_withdrawn: bool = Field(False, description="Include services no longer provided.")


@router.get("/services", response={200: ServicePage, **PROBLEM_RESPONSES}, summary="List services")
def services_list(
    request: HttpRequest, filters: Query[ServiceFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """Services, active today unless `include_withdrawn`, ordered by type and name."""
    area = (
        planning_area_get_for_user(user=caller(request), slug=filters.area)
        if filters.area
        else None
    )
    municipality = None
    if filters.municipality:
        municipality = municipality_get(code=filters.municipality)
        if municipality is None:
            raise NotFound(_("Municipality %(code)s not found.") % {"code": filters.municipality})
    services = service_list(
        area=area,
        municipality=municipality,
        type_key=filters.type,
        target_group_id=filters.target_group,
        form_code=filters.form,
        text=filters.q,
        include_withdrawn=filters.include_withdrawn,
    )
    return paginate(services, page)


@router.get(
    "/services/{identifier}",
    response={200: ServiceDetail, **PROBLEM_RESPONSES},
    summary="Service",
)
def service_detail(
    request: HttpRequest,
    identifier: str = Path(
        ..., min_length=1, max_length=60, description="Registry identifier or import key."
    ),
) -> Service:
    """One service with forms, capacities, facilities, target groups, territory and source."""
    service = service_get(identifier=identifier)
    if service is None:
        raise NotFound(_("Service %(identifier)s not found.") % {"identifier": identifier})
    return service


@router.get(
    "/providers/{ico}", response={200: ProviderDetail, **PROBLEM_RESPONSES}, summary="Provider"
)
def provider_detail(
    request: HttpRequest,
    ico: str = Path(..., pattern=r"^\d{8}$", description="8-digit IČO."),
) -> dict[str, Any]:
    """A provider with its services (withdrawn included), in brief."""
    provider: Provider | None = provider_get(ico=ico)
    if provider is None:
        raise NotFound(_("Provider with IČO %(ico)s not found.") % {"ico": ico})
    return {
        "ico": provider.ico,
        "name": provider.name,
        "legal_form": provider.legal_form,
        "web": provider.web,
        "email": provider.email,
        "phone": provider.phone,
        "address": provider.address,
        "services": list(provider_services(provider=provider)),
    }


@router.get("/codelists/service-types", response=list[ServiceTypeOut], summary="Service types")
def codelist_service_types(request: HttpRequest) -> list[ServiceType]:
    """Types of social services by section of Act 108/2006 Sb., with verification status."""
    return list(service_type_list())


@router.get("/codelists/target-groups", response=list[TargetGroupOut], summary="Target groups")
def codelist_target_groups(request: HttpRequest) -> list[TargetGroup]:
    return target_group_list()


@router.get("/codelists/forms", response=list[FormOut], summary="Forms of service")
def codelist_forms(request: HttpRequest) -> list[Form]:
    return list(form_list())


@router.get("/codelists/capacity-types", response=list[CapacityTypeOut], summary="Capacity types")
def codelist_capacity_types(request: HttpRequest) -> list[CapacityType]:
    return list(capacity_type_list())
