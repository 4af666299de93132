"""Reads of the registry: which services help the residents of an area or municipality."""

from __future__ import annotations

import datetime as dt
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
            Q(name__icontains=text) | Q(provider__name__icontains=text)
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
    return (
        services.filter(identifier=identifier).first()
        or services.filter(key=identifier).first()
    )


def service_area_ids(*, service: Service) -> set[int]:
    """Planning areas the service operates in (by facility or territorial scope)."""
    municipality_ids = set(service.territory.values_list("id", flat=True)) | set(
        service.facilities.exclude(municipality=None).values_list("municipality_id", flat=True)
    )
    return set(
        PlanningArea.objects.filter(memberships__municipality_id__in=municipality_ids)
        .values_list("id", flat=True)
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
            rows.append({
                "form": service_form.form.name,
                "value": capacity.value,
                "type": capacity.capacity_type.name,
                "note": capacity.note,
            })
    return rows


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
