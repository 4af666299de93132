"""Registry rows built by hand with the ORM for tests (independent of the code-list loader).

Two services in the pilot area (one of Diakonie, IČO 73632783, one of another provider), one
in the neighbouring Rožnovsko only and one withdrawn; plus a helper for many services.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from kpss.registry.models import (
    AgeBand,
    Capacity,
    CapacityType,
    CodeStatus,
    Facility,
    Form,
    Provider,
    Service,
    ServiceCategory,
    ServiceForm,
    ServiceType,
    TargetGroup,
)
from kpss.territory.models import Municipality

DIAKONIE_ICO = "73632783"
OTHER_ICO = "44741529"
VALMEZ = "545058"  # Valašské Meziříčí, pilot area
KELC = "542989"  # Kelč, pilot area
CHORYNE = "542831"  # Choryně, pilot area
ROZNOV = "544841"  # Rožnov pod Radhoštěm, other area


@dataclass
class Registry:
    field: Form
    residential: Form
    care_service: ServiceType
    home: ServiceType
    clients: CapacityType
    beds: CapacityType
    seniors: TargetGroup
    chronic: TargetGroup
    diakonie: Provider
    other_provider: Provider
    diakonie_service: Service
    other_service: Service
    roznov_service: Service
    withdrawn_service: Service


def make_registry() -> Registry:
    """Needs the territory of the pilot and the neighbouring ORP to be loaded."""
    field = Form.objects.create(
        code="ter", registry_code="terenni", name="terénní", status=CodeStatus.CONFIRMED, order=3
    )
    residential = Form.objects.create(
        code="pob",
        registry_code="pobytova",
        name="pobytová",
        status=CodeStatus.CONFIRMED,
        order=1,
    )
    care_service = ServiceType.objects.create(
        key="40",
        paragraph="40",
        name="Pečovatelská služba",
        category=ServiceCategory.CARE,
        registry_code="DruhSocialniSluzby/12",
        status=CodeStatus.CONFIRMED,
        order=40,
    )
    care_service.allowed_forms.add(field)
    home = ServiceType.objects.create(
        key="49",
        paragraph="49",
        name="Domovy pro seniory",
        category=ServiceCategory.CARE,
        status=CodeStatus.INFERRED,
        order=49,
    )
    home.allowed_forms.add(residential)
    clients = CapacityType.objects.create(registry_code="klient", name="Počet klientů")
    beds = CapacityType.objects.create(registry_code="luzko", name="Počet lůžek")
    seniors = TargetGroup.objects.create(name="senioři", status=CodeStatus.CONFIRMED)
    chronic = TargetGroup.objects.create(
        name="osoby s chronickým onemocněním", status=CodeStatus.UNVERIFIED
    )
    teens = AgeBand.objects.create(
        name="mladší senioři (65–80 let)", age_from=65, age_to=80, status=CodeStatus.CONFIRMED
    )
    diakonie = Provider.objects.create(
        ico=DIAKONIE_ICO,
        name="Diakonie ČCE – středisko Valašské Meziříčí",
        legal_form="Evangelická církev",
        web="www.diakonievm.cz",
    )
    other_provider = Provider.objects.create(ico=OTHER_ICO, name="Charita Valašské Meziříčí")
    town = Municipality.objects.get(code=VALMEZ)

    diakonie_service = Service.objects.create(
        key="1234567",
        identifier="1234567",
        provider=diakonie,
        service_type=care_service,
        name="Pečovatelská služba Diakonie – Žerotínova",
        origin=Service.Origin.REGISTRY,
        source="MPSV RPSS",
        source_date=dt.date(2026, 9, 4),
        valid_from=dt.date(2020, 1, 1),
        phone="571 629 084",
        email="info@diakonievm.cz",
        territory_note="ORP Valašské Meziříčí",
    )
    diakonie_service.target_groups.add(seniors, chronic)
    diakonie_service.age_bands.add(teens)
    diakonie_service.territory.add(town, Municipality.objects.get(code=KELC))
    form = ServiceForm.objects.create(
        service=diakonie_service,
        form=field,
        network_units=Decimal("4.50"),
        network_unit_kind=ServiceForm.NetworkUnit.FTE,
        opening_hours="po–pá 7–15",
    )
    Capacity.objects.create(service_form=form, capacity_type=clients, value=Decimal(35))
    Facility.objects.create(
        service=diakonie_service,
        name="Středisko Žerotínova",
        street="Žerotínova",
        house_number="1",
        postcode="75701",
        municipality=town,
        lat=49.4718,
        lon=17.9711,
    )

    other_service = Service.objects.create(
        key="portal:9001",
        identifier="",
        provider=other_provider,
        service_type=home,
        name="Domov pro seniory Štěpánka",
        origin=Service.Origin.PROVIDER_PAGE,
    )
    other_service.target_groups.add(seniors)
    form = ServiceForm.objects.create(service=other_service, form=residential, is_continuous=True)
    Capacity.objects.create(service_form=form, capacity_type=beds, value=Decimal(80))
    Facility.objects.create(
        service=other_service, municipality=Municipality.objects.get(code=CHORYNE)
    )

    roznov_service = Service.objects.create(
        key="7654321",
        identifier="7654321",
        provider=other_provider,
        service_type=care_service,
        name="Pečovatelská služba Rožnov",
        origin=Service.Origin.REGISTRY,
    )
    roznov_service.territory.add(Municipality.objects.get(code=ROZNOV))

    withdrawn_service = Service.objects.create(
        key="1111111",
        identifier="1111111",
        provider=diakonie,
        service_type=care_service,
        name="Zrušená služba",
        origin=Service.Origin.REGISTRY,
        valid_from=dt.date(2010, 1, 1),
        valid_to=dt.date(2015, 12, 31),
    )
    withdrawn_service.territory.add(town)
    return Registry(
        field=field,
        residential=residential,
        care_service=care_service,
        home=home,
        clients=clients,
        beds=beds,
        seniors=seniors,
        chronic=chronic,
        diakonie=diakonie,
        other_provider=other_provider,
        diakonie_service=diakonie_service,
        other_service=other_service,
        roznov_service=roznov_service,
        withdrawn_service=withdrawn_service,
    )


def add_services(registry: Registry, count: int) -> None:
    """`count` more active services of Diakonie in Valašské Meziříčí, each with details."""
    town = Municipality.objects.get(code=VALMEZ)
    for n in range(count):
        service = Service.objects.create(
            key=f"extra:{n}",
            provider=registry.diakonie,
            service_type=registry.care_service,
            name=f"Další služba č. {n}",
            origin=Service.Origin.MANUAL,
        )
        service.target_groups.add(registry.seniors)
        form = ServiceForm.objects.create(service=service, form=registry.field)
        Capacity.objects.create(service_form=form, capacity_type=registry.clients, value=n)
        Facility.objects.create(service=service, municipality=town)
