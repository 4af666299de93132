"""Registry reads: which services operate where, lookups, and the code lists."""

from __future__ import annotations

import datetime as dt

import pytest

from kpss.registry.models import CodeStatus, TargetGroup
from kpss.registry.selectors import (
    capacity_summary,
    capacity_type_list,
    form_list,
    provider_get,
    provider_services,
    service_area_ids,
    service_get,
    service_list,
    service_type_list,
    target_group_list,
)
from kpss.registry.tests.registry_rows import (
    DIAKONIE_ICO,
    KELC,
    ROZNOV,
    add_services,
    make_registry,
)
from kpss.territory.models import Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(pilot_area, other_area):
    return make_registry()


def keys(services) -> set[str]:
    return {s.key for s in services}


def test_service_list_by_area_counts_facilities_and_territorial_scope(
    registry, pilot_area, other_area
):
    # Diakonie by its territory, the home for seniors by its facility in Choryně.
    assert keys(service_list(area=pilot_area)) == {"1234567", "portal:9001"}
    assert keys(service_list(area=other_area)) == {"7654321"}


def test_service_list_by_municipality(registry):
    assert keys(service_list(municipality=Municipality.objects.get(code=KELC))) == {"1234567"}
    assert keys(service_list(municipality=Municipality.objects.get(code=ROZNOV))) == {"7654321"}


def test_service_list_leaves_withdrawn_out_unless_asked(registry):
    assert "1111111" not in keys(service_list())
    assert "1111111" in keys(service_list(include_withdrawn=True))
    # On a day when it was still provided, it counts.
    assert "1111111" in keys(service_list(on=dt.date(2014, 6, 1)))


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"type_key": "49"}, {"portal:9001"}),
        ({"form_code": "ter"}, {"1234567"}),
        ({"text": "Štěpánka"}, {"portal:9001"}),
        ({"text": "Rožnov"}, {"7654321"}),
        ({"text": "Diakonie"}, {"1234567"}),
    ],
)
def test_service_list_filters(registry, filters, expected):
    assert keys(service_list(**filters)) == expected


def test_service_list_by_target_group(registry):
    assert keys(service_list(target_group_id=registry.chronic.pk)) == {"1234567"}
    assert keys(service_list(target_group_id=registry.seniors.pk)) == {"1234567", "portal:9001"}


def test_service_list_has_no_duplicates_when_several_joins_match(registry, pilot_area):
    # Diakonie matches the area both by facility and by two municipalities of its scope.
    services = list(service_list(area=pilot_area))
    assert len(services) == len({s.pk for s in services})


def test_service_list_prefetches_details(registry, django_assert_num_queries):
    add_services(registry, 10)
    services = list(service_list())
    with django_assert_num_queries(0):
        for service in services:
            _ = service.provider.name, service.service_type.name
            _ = [g.name for g in service.target_groups.all()]
            _ = capacity_summary(service)
            _ = [f.municipality.code for f in service.facilities.all() if f.municipality]


def test_service_get_by_identifier_or_import_key(registry):
    assert service_get(identifier="1234567") == registry.diakonie_service
    assert service_get(identifier="portal:9001") == registry.other_service
    assert service_get(identifier="0000000") is None


def test_service_area_ids(registry, pilot_area, other_area):
    assert service_area_ids(service=registry.diakonie_service) == {pilot_area.pk}
    assert service_area_ids(service=registry.roznov_service) == {other_area.pk}


def test_provider_and_its_services(registry):
    provider = provider_get(ico=DIAKONIE_ICO)
    assert provider == registry.diakonie
    assert keys(provider_services(provider=provider)) == {"1234567", "1111111"}
    assert provider_get(ico="00000000") is None


def test_capacity_summary(registry):
    assert capacity_summary(registry.diakonie_service) == [
        {"form": "terénní", "value": 35, "type": "Počet klientů", "note": ""}
    ]


def test_code_lists(registry):
    assert [t.key for t in service_type_list()] == ["40", "49"]
    assert [f.code for f in form_list()] == ["pob", "ter"]
    assert [c.registry_code for c in capacity_type_list()] == ["klient", "luzko"]


def test_target_groups_in_czech_order(registry):
    for name in ("chudí", "hazardní hráči", "imigranti"):
        TargetGroup.objects.create(name=name, status=CodeStatus.UNVERIFIED)
    names = [g.name for g in target_group_list()]
    # "ch" is a letter of its own, after "h".
    assert names.index("hazardní hráči") < names.index("chudí") < names.index("imigranti")


def test_facility_address_writes_the_postcode_the_czech_way():
    from kpss.registry.models import Facility

    facility = Facility(
        street="Žerotínova", house_number="319", orientation_number="21", postcode="75701"
    )
    assert facility.address_line == "Žerotínova 319/21, 757 01"
