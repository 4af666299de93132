"""Shapes of the registry in the API: services, providers and the code lists."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

from kpss.api.pagination import Page
from kpss.registry.models import (
    AgeBand,
    Capacity,
    CapacityType,
    CodeStatus,
    Facility,
    Service,
    ServiceForm,
    ServiceType,
    TargetGroup,
)


class VerifiedCode(Schema):
    """A code-list row whose verification status is part of the data."""

    status: str = Field(description="confirmed | inferred | unverified")
    status_label: str

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(CodeStatus(obj.status).label)


class FormOut(VerifiedCode):
    code: str = Field(description="pob (residential) | amb (outpatient) | ter (field)")
    registry_code: str = Field(description="Code in the ministry's open data.")
    name: str


class ServiceTypeOut(VerifiedCode):
    key: str = Field(description="Stable key: the section, e.g. '49', '37-3', '60a'.")
    paragraph: str = Field(description="Section of Act 108/2006 Sb.")
    name: str
    category: str
    registry_code: str
    is_registrable: bool
    allowed_forms: list[str] = Field(description="Codes of the forms the type may take.")

    @staticmethod
    def resolve_allowed_forms(obj: ServiceType) -> list[str]:
        return [f.code for f in obj.allowed_forms.all()]


class TargetGroupOut(VerifiedCode):
    id: int = Field(description="Use as `target_group` in the services filter.")
    name: str
    registry_code: str


class CapacityTypeOut(Schema):
    code: str = Field(description="Code in the ministry's open data.")
    name: str
    typical_for: str

    @staticmethod
    def resolve_code(obj: CapacityType) -> str:
        return obj.registry_code


class ProviderBrief(Schema):
    ico: str
    name: str


class ServiceTypeBrief(Schema):
    key: str
    paragraph: str
    name: str


class ServiceBrief(Schema):
    identifier: str = Field(description="Registry identifier; empty for unregistered services.")
    key: str = Field(description="Import key: the identifier, or a source-specific key.")
    name: str
    provider: ProviderBrief
    service_type: ServiceTypeBrief
    forms: list[str] = Field(description="Codes of the forms the service is provided in.")
    target_groups: list[str]
    valid_from: dt.date | None
    valid_to: dt.date | None

    @staticmethod
    def resolve_forms(obj: Service) -> list[str]:
        return [sf.form.code for sf in obj.forms.all()]

    @staticmethod
    def resolve_target_groups(obj: Service) -> list[str]:
        return [g.name for g in obj.target_groups.all()]


class ServicePage(Page):
    items: list[ServiceBrief]


class CapacityTypeBrief(Schema):
    code: str
    name: str


class CapacityOut(Schema):
    value: float
    capacity_type: CapacityTypeBrief
    note: str

    @staticmethod
    def resolve_capacity_type(obj: Capacity) -> dict[str, str]:
        return {"code": obj.capacity_type.registry_code, "name": obj.capacity_type.name}

    @staticmethod
    def resolve_value(obj: Capacity) -> float:
        return float(obj.value)


class ServiceFormOut(Schema):
    code: str
    name: str
    is_continuous: bool | None = Field(description="Provided round the clock (24/7).")
    opening_hours: str
    network_units: float | None = Field(description="Units in the region's network.")
    network_unit_kind: str = Field(description="fte | beds | '' (unknown)")
    capacities: list[CapacityOut] = Field(description="Registered maximum, not free places.")

    @staticmethod
    def resolve_code(obj: ServiceForm) -> str:
        return obj.form.code

    @staticmethod
    def resolve_name(obj: ServiceForm) -> str:
        return obj.form.name

    @staticmethod
    def resolve_network_units(obj: ServiceForm) -> float | None:
        return float(obj.network_units) if obj.network_units is not None else None


class FacilityOut(Schema):
    name: str
    address: str
    street: str
    house_number: str
    orientation_number: str
    part_of_municipality: str
    postcode: str
    municipality_code: str | None
    lat: float | None
    lon: float | None

    @staticmethod
    def resolve_address(obj: Facility) -> str:
        return obj.address_line

    @staticmethod
    def resolve_municipality_code(obj: Facility) -> str | None:
        return obj.municipality.code if obj.municipality else None


class AgeBandOut(Schema):
    name: str
    age_from: int | None
    age_to: int | None


class TargetGroupBrief(Schema):
    id: int
    name: str


class Contacts(Schema):
    web: str
    email: str
    phone: str


class ServiceDetail(Schema):
    identifier: str
    key: str
    name: str
    description: str
    provider: ProviderBrief
    service_type: ServiceTypeBrief
    forms: list[ServiceFormOut]
    facilities: list[FacilityOut]
    target_groups: list[TargetGroupBrief]
    target_group_note: str
    age_bands: list[AgeBandOut]
    territory: list[str] = Field(description="Codes of the municipalities served.")
    territory_note: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    contacts: Contacts
    origin: str = Field(description="registry | provider_page | manual")
    source: str
    source_date: dt.date | None

    @staticmethod
    def resolve_forms(obj: Service) -> list[ServiceForm]:
        return list(obj.forms.all())

    @staticmethod
    def resolve_facilities(obj: Service) -> list[Facility]:
        return list(obj.facilities.all())

    @staticmethod
    def resolve_target_groups(obj: Service) -> list[TargetGroup]:
        return list(obj.target_groups.all())

    @staticmethod
    def resolve_age_bands(obj: Service) -> list[AgeBand]:
        return list(obj.age_bands.all())

    @staticmethod
    def resolve_territory(obj: Service) -> list[str]:
        return sorted(m.code for m in obj.territory.all())

    @staticmethod
    def resolve_contacts(obj: Service) -> dict[str, str]:
        return {"web": obj.web, "email": obj.email, "phone": obj.phone}


class ProviderDetail(Schema):
    ico: str
    name: str
    legal_form: str
    web: str
    email: str
    phone: str
    address: str
    services: list[ServiceBrief]
