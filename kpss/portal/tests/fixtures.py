"""Services of the pilot area for portal tests, built with the ORM from the real names in
data/pilot/sluzby_orp_valasske_mezirici.csv and mpsv_sluzby_ukazka_valmez.csv.

Plain functions, so that both the portal tests and the browser tests can use them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

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
from kpss.territory.models import Municipality

VALMEZ = "545058"
KELC = "542989"
ZASOVA = "545236"
ROZNOV = "544841"
DIAKONIE_ICO = "73632783"
SSV_ICO = "49562827"


@dataclass
class PilotServices:
    dozp_zasova: Service
    personal_assistance: Service
    home_care: Service
    day_care: Service
    night_shelter: Service
    charita_home_care: Service
    withdrawn: Service
    roznov_only: Service


def _type(key: str, paragraph: str, name: str, order: int) -> ServiceType:
    service_type, _ = ServiceType.objects.get_or_create(
        key=key,
        defaults={
            "paragraph": paragraph,
            "name": name,
            "category": "socialni_pece",
            "status": "confirmed",
            "order": order,
        },
    )
    return service_type


def _form(code: str, name: str, order: int) -> Form:
    form, _ = Form.objects.get_or_create(
        code=code,
        defaults={
            "registry_code": f"FormaPoskytovani/{code}",
            "name": name,
            "status": "confirmed",
            "order": order,
        },
    )
    return form


def _capacity_type(code: str, name: str) -> CapacityType:
    capacity_type, _ = CapacityType.objects.get_or_create(
        registry_code=f"TypKapacitySocialniSluzby/{code}", defaults={"name": name}
    )
    return capacity_type


def _group(name: str) -> TargetGroup:
    group, _ = TargetGroup.objects.get_or_create(name=name, defaults={"status": "confirmed"})
    return group


def _service(
    *,
    key: str,
    name: str,
    provider: Provider,
    service_type: ServiceType,
    form: Form,
    capacity: tuple[CapacityType, str] | None = None,
    groups: tuple[TargetGroup, ...] = (),
    facility: dict | None = None,
    territory: tuple[str, ...] = (),
    **fields: object,
) -> Service:
    fields.setdefault("origin", Service.Origin.REGISTRY)
    service = Service.objects.create(
        key=key, name=name, provider=provider, service_type=service_type, **fields
    )
    service_form = ServiceForm.objects.create(service=service, form=form)
    if capacity:
        Capacity.objects.create(
            service_form=service_form, capacity_type=capacity[0], value=Decimal(capacity[1])
        )
    service.target_groups.set(groups)
    if facility:
        code = facility.pop("municipality")
        Facility.objects.create(
            service=service, municipality=Municipality.objects.get(code=code), **facility
        )
    if territory:
        service.territory.set(Municipality.objects.filter(code__in=territory))
    return service


def make_pilot_services() -> PilotServices:
    """Needs the `territory` of the pilot (and of Rožnov for the outsider service)."""
    personal = _type("39", "39", "Osobní asistence", 5)
    home_care = _type("40", "40", "Pečovatelská služba", 6)
    day_care = _type("46", "46", "Denní stacionáře", 12)
    dozp = _type("48", "48", "Domovy pro osoby se zdravotním postižením", 14)
    shelter = _type("63", "63", "Noclehárny", 30)
    independent = _type("43", "43", "Podpora samostatného bydlení", 9)
    residential = _form("pob", "pobytová", 1)
    outpatient = _form("amb", "ambulantní", 2)
    field = _form("ter", "terénní", 3)
    beds = _capacity_type("luzka", "počet lůžek")
    clients = _capacity_type("klient", "počet klientů (v daném okamžiku / denně)")
    seniors = _group("senioři")
    disabled = _group("osoby se zdravotním postižením")
    mental = _group("osoby s mentálním postižením")
    homeless = _group("osoby bez přístřeší")

    diakonie = Provider.objects.create(
        ico=DIAKONIE_ICO,
        name="Diakonie ČCE – středisko ve Valašském Meziříčí",
        legal_form="Evangelická církev",
        web="www.diakonievm.cz",
        email="info@diakonievm.cz",
        phone="571 629 084",
        address="Vrbenská 803, 757 01 Valašské Meziříčí",
    )
    ssv = Provider.objects.create(
        ico=SSV_ICO,
        name="Sociální služby Vsetín, příspěvková organizace",
        legal_form="Příspěvková organizace",
    )
    charita = Provider.objects.create(name="Charita Valašské Meziříčí")

    all_18 = tuple(Municipality.objects.filter(orp__code="7210").values_list("code", flat=True))
    vrbenska = {
        "street": "Vrbenská",
        "house_number": "803",
        "postcode": "75701",
        "part_of_municipality": "Krásno nad Bečvou",
        "municipality": VALMEZ,
        "lat": 49.4747829,
        "lon": 17.9762657,
        "address_point_code": "25928821",
    }
    registry = {
        "source": "MPSV, Registr poskytovatelů sociálních služeb",
        "source_date": dt.date(2026, 9, 4),
    }
    return PilotServices(
        dozp_zasova=_service(
            key="5730896",
            identifier="5730896",
            name="Domov pro osoby se zdravotním postižením Zašová",
            provider=ssv,
            service_type=dozp,
            form=residential,
            capacity=(beds, "95"),
            groups=(mental,),
            facility={
                "street": "",
                "part_of_municipality": "Zašová",
                "house_number": "45",
                "postcode": "75661",
                "municipality": ZASOVA,
            },
            target_group_note="osoby s mentálním postižením od 19 let",
            valid_from=dt.date(2007, 1, 1),
            **registry,
        ),
        personal_assistance=_service(
            key="portal:mpsv-6276",
            portal_id="mpsv-6276",
            name="Osobní asistence",
            provider=diakonie,
            service_type=personal,
            form=field,
            capacity=(clients, "2"),
            groups=(seniors, disabled),
            facility=dict(vrbenska),
            territory=all_18,
            valid_from=dt.date(2020, 1, 1),
            valid_to=dt.date(2099, 12, 31),
            web="www.diakonievm.cz",
            email="info@diakonievm.cz",
            phone="571 629 084",
            **registry,
        ),
        home_care=_service(
            key="portal:mpsv-6281",
            portal_id="mpsv-6281",
            name="Pečovatelská služba",
            provider=diakonie,
            service_type=home_care,
            form=field,
            capacity=(clients, "12"),
            groups=(seniors,),
            facility=dict(vrbenska),
            territory=(VALMEZ,),
            valid_from=dt.date(2020, 1, 1),
            **registry,
        ),
        day_care=_service(
            key="portal:mpsv-6279",
            portal_id="mpsv-6279",
            name="Denní stacionář Dobromysl",
            provider=diakonie,
            service_type=day_care,
            form=outpatient,
            capacity=(clients, "12"),
            groups=(seniors,),
            facility={
                "street": "Žerotínova",
                "house_number": "319",
                "orientation_number": "21",
                "postcode": "75701",
                "municipality": VALMEZ,
                "lat": 49.4716208,
                "lon": 17.9766406,
            },
            valid_from=dt.date(2020, 1, 1),
            **registry,
        ),
        night_shelter=_service(
            key="web:charita-nocleharna",
            name="Noclehárna",
            provider=charita,
            service_type=shelter,
            form=outpatient,
            capacity=(beds, "20"),
            groups=(homeless,),
            facility={"street": "Zámecká", "municipality": VALMEZ},
            origin=Service.Origin.PROVIDER_PAGE,
            source="https://www.denik.cz/regiony/nocleharny-jsou-plne-i-kdyz-zima-letos-neni-tak-kruta-20200115.html",
            source_date=dt.date(2020, 1, 15),
        ),
        charita_home_care=_service(
            key="web:charita-pecovatelska",
            name="Charitní pečovatelská služba (Valašské Meziříčí; pracoviště Kelč)",
            provider=charita,
            service_type=home_care,
            form=field,
            groups=(seniors, disabled),
            territory=(VALMEZ, KELC),
            origin=Service.Origin.PROVIDER_PAGE,
            source="https://www.valmez.charita.cz/",
        ),
        withdrawn=_service(
            key="web:diakonie-psb",
            name="Podpora samostatného bydlení",
            provider=diakonie,
            service_type=independent,
            form=field,
            groups=(disabled,),
            territory=(VALMEZ,),
            valid_from=dt.date(2009, 1, 1),
            valid_to=dt.date(2015, 12, 31),
            origin=Service.Origin.PROVIDER_PAGE,
        ),
        roznov_only=_service(
            key="web:roznov-only",
            name="Pečovatelská služba Rožnov",
            provider=charita,
            service_type=home_care,
            form=field,
            territory=(ROZNOV,),
            origin=Service.Origin.MANUAL,
        ),
    )
