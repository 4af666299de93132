"""Reads of the registry: which services help the residents of an area or municipality."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from kpss.core.text import czech_sort_key
from kpss.registry.models import (
    Capacity,
    CapacityType,
    Facility,
    Form,
    Provider,
    Service,
    ServiceForm,
    ServiceType,
    TargetGroup,
)
from kpss.territory.models import Municipality, PlanningArea
from kpss.territory.selectors import area_municipalities


def _with_details(services: QuerySet[Service]) -> QuerySet[Service]:
    return services.select_related("provider", "service_type").prefetch_related(
        "target_groups",
        "age_bands",
        Prefetch(
            "forms",
            queryset=ServiceForm.objects.select_related("form").prefetch_related(
                Prefetch("capacities", queryset=Capacity.objects.select_related("capacity_type"))
            ),
        ),
        Prefetch("facilities", queryset=Facility.objects.select_related("municipality")),
    )


def _active(services: QuerySet[Service], on: dt.date | None) -> QuerySet[Service]:
    day = on or timezone.localdate()
    return services.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def service_list(
    *,
    area: PlanningArea | None = None,
    municipality: Municipality | None = None,
    type_key: str | None = None,
    target_group_id: int | None = None,
    form_code: str | None = None,
    text: str | None = None,
    include_withdrawn: bool = False,
    on: dt.date | None = None,
) -> QuerySet[Service]:
    """Services operating in an area or available to residents of a municipality.

    A service counts where it has a facility, and — for field services especially — where its
    territorial scope includes the municipality.
    """
    services = Service.objects.all()
    if area is not None:
        members = area_municipalities(area=area, on=on)
        services = services.filter(
            Q(facilities__municipality__in=members) | Q(territory__in=members)
        )
    if municipality is not None:
        services = services.filter(
            Q(facilities__municipality=municipality) | Q(territory=municipality)
        )
    if type_key:
        services = services.filter(service_type__key=type_key)
    if target_group_id:
        services = services.filter(target_groups__id=target_group_id)
    if form_code:
        services = services.filter(forms__form__code=form_code)
    if text:
        services = services.filter(
            Q(name__icontains=text)
            | Q(provider__name__icontains=text)
            | Q(service_type__name__icontains=text)
        )
    if not include_withdrawn:
        services = _active(services, on)
    ids = services.values("id")
    return _with_details(Service.objects.filter(id__in=ids)).order_by(
        "service_type__order", "name", "id"
    )


def service_get(*, identifier: str) -> Service | None:
    """By registry identifier, or by import key for services without one."""
    services = _with_details(Service.objects.all()).prefetch_related("territory")
    return services.filter(identifier=identifier).first() or services.filter(key=identifier).first()


def service_area_ids(*, service: Service) -> set[int]:
    """Planning areas the service operates in (by facility or territorial scope)."""
    municipality_ids = set(service.territory.values_list("id", flat=True)) | set(
        service.facilities.exclude(municipality=None).values_list("municipality_id", flat=True)
    )
    return set(
        PlanningArea.objects.filter(memberships__municipality_id__in=municipality_ids).values_list(
            "id", flat=True
        )
    )


def provider_get(*, ico: str) -> Provider | None:
    return Provider.objects.filter(ico=ico).first()


def provider_services(*, provider: Provider) -> QuerySet[Service]:
    return _with_details(provider.services.all()).order_by("name")


def capacity_summary(service: Service) -> list[dict[str, Any]]:
    """Capacities per form, for display: [{form, value, type, note}]."""
    rows = []
    for service_form in service.forms.all():
        for capacity in service_form.capacities.all():
            rows.append(
                {
                    "form": service_form.form.name,
                    "value": capacity.value,
                    "type": capacity.capacity_type.name,
                    "note": capacity.note,
                }
            )
    return rows


# --- Reads for the public portal -------------------------------------------------------------


@dataclass(frozen=True)
class CapacityTotal:
    capacity_type: CapacityType
    total: Decimal
    services: int


@dataclass(frozen=True)
class ServiceTypeSummary:
    """Services of one type in an area: how many, and the summed registered capacities."""

    service_type: ServiceType
    count: int
    capacities: list[CapacityTotal]
    without_capacity: int


def service_type_summary(
    *, area: PlanningArea, on: dt.date | None = None
) -> list[ServiceTypeSummary]:
    """Per service type: number of active services and registered capacity per capacity type.

    Capacity totals add up only services that state a capacity of that type; services that
    state none are counted in `without_capacity`.
    """
    by_type: dict[int, list[Service]] = {}
    types: dict[int, ServiceType] = {}
    for service in service_list(area=area, on=on):
        by_type.setdefault(service.service_type_id, []).append(service)
        types[service.service_type_id] = service.service_type
    rows = []
    for type_id, services in by_type.items():
        totals: dict[int, list[Any]] = {}
        without = 0
        for service in services:
            seen: set[int] = set()
            for service_form in service.forms.all():
                for capacity in service_form.capacities.all():
                    entry = totals.setdefault(
                        capacity.capacity_type_id, [capacity.capacity_type, Decimal(0), 0]
                    )
                    entry[1] += capacity.value
                    if capacity.capacity_type_id not in seen:
                        entry[2] += 1
                        seen.add(capacity.capacity_type_id)
            if not seen:
                without += 1
        rows.append(
            ServiceTypeSummary(
                service_type=types[type_id],
                count=len(services),
                capacities=[
                    CapacityTotal(capacity_type=t, total=v, services=n)
                    for t, v, n in sorted(totals.values(), key=lambda e: e[0].pk)
                ],
                without_capacity=without,
            )
        )
    return sorted(rows, key=lambda r: (r.service_type.order, r.service_type.name))


@dataclass(frozen=True)
class ServiceFilterChoices:
    service_types: list[ServiceType]
    target_groups: list[TargetGroup]
    forms: list[Form]


def service_filter_choices(
    *, area: PlanningArea, on: dt.date | None = None
) -> ServiceFilterChoices:
    """The code-list values that occur among the area's active services (for filter forms)."""
    ids = service_list(area=area, on=on).values("id")
    return ServiceFilterChoices(
        service_types=list(
            ServiceType.objects.filter(services__id__in=ids).distinct().order_by("order", "name")
        ),
        target_groups=sorted(
            TargetGroup.objects.filter(service__id__in=ids).distinct(),
            key=lambda g: czech_sort_key(g.name),
        ),
        forms=list(Form.objects.filter(serviceform__service__id__in=ids).distinct()),
    )


def service_is_withdrawn(*, service: Service, on: dt.date | None = None) -> bool:
    day = on or timezone.localdate()
    return service.valid_to is not None and service.valid_to < day


def provider_services_in_areas(
    *, provider: Provider, areas: Iterable[PlanningArea], on: dt.date | None = None
) -> list[tuple[PlanningArea, list[Service]]]:
    """The provider's services grouped by the given areas they operate in (withdrawn too)."""
    grouped = []
    for area in areas:
        services = list(
            service_list(area=area, on=on, include_withdrawn=True).filter(provider=provider)
        )
        if services:
            grouped.append((area, services))
    return grouped


def service_type_list() -> QuerySet[ServiceType]:
    """The code list of service types (sections of Act 108/2006), with their allowed forms."""
    return ServiceType.objects.prefetch_related("allowed_forms").order_by("order", "key")


def target_group_list() -> list[TargetGroup]:
    """Target groups in Czech alphabetical order."""
    return sorted(TargetGroup.objects.all(), key=lambda g: czech_sort_key(g.name))


def form_list() -> QuerySet[Form]:
    return Form.objects.order_by("order", "code")


def capacity_type_list() -> QuerySet[CapacityType]:
    return CapacityType.objects.order_by("id")
