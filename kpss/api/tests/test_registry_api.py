"""The registry endpoints: services (filters, pagination, query counts), providers, code lists."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kpss.api.tests.conftest import problem
from kpss.registry.tests.registry_rows import DIAKONIE_ICO, KELC, add_services

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


def test_service_list_is_paginated_with_count(client, registry):
    response = client.get("/api/v1/services")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "limit", "offset", "items"}
    assert body["count"] == 3  # the withdrawn service is left out by default
    assert body["limit"] == 50
    assert body["offset"] == 0
    item = next(i for i in body["items"] if i["identifier"] == "1234567")
    assert item == {
        "identifier": "1234567",
        "key": "1234567",
        "name": "Pečovatelská služba Diakonie – Žerotínova",
        "provider": {"ico": DIAKONIE_ICO, "name": "Diakonie ČCE – středisko Valašské Meziříčí"},
        "service_type": {"key": "40", "paragraph": "40", "name": "Pečovatelská služba"},
        "forms": ["ter"],
        "target_groups": ["osoby s chronickým onemocněním", "senioři"],
        "valid_from": "2020-01-01",
        "valid_to": None,
    }
    assert "Žerotínova" in response.content.decode("utf-8")


def test_service_list_pages(client, registry):
    first = client.get("/api/v1/services?limit=2").json()
    second = client.get("/api/v1/services?limit=2&offset=2").json()

    assert first["count"] == second["count"] == 3
    assert len(first["items"]) == 2
    assert len(second["items"]) == 1
    keys = {i["key"] for i in first["items"]} | {i["key"] for i in second["items"]}
    assert len(keys) == 3


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "area=valmez",
            {"Pečovatelská služba Diakonie – Žerotínova", "Domov pro seniory Štěpánka"},
        ),
        (f"municipality={KELC}", {"Pečovatelská služba Diakonie – Žerotínova"}),
        ("type=49", {"Domov pro seniory Štěpánka"}),
        ("form=pob", {"Domov pro seniory Štěpánka"}),
        ("q=Štěpánka", {"Domov pro seniory Štěpánka"}),
        ("q=Diakonie", {"Pečovatelská služba Diakonie – Žerotínova"}),
        ("area=valmez&type=40", {"Pečovatelská služba Diakonie – Žerotínova"}),
        (
            "include_withdrawn=true&type=40",
            {
                "Pečovatelská služba Diakonie – Žerotínova",
                "Pečovatelská služba Rožnov",
                "Zrušená služba",
            },
        ),
    ],
)
def test_service_list_filters(client, registry, query, expected):
    assert set(names(client.get(f"/api/v1/services?{query}"))) == expected


def test_service_list_filters_by_target_group(client, registry):
    response = client.get(f"/api/v1/services?target_group={registry.chronic.pk}")
    assert names(response) == ["Pečovatelská služba Diakonie – Žerotínova"]


def test_service_list_of_an_unpublished_area_is_a_404_for_outsiders(client, registry):
    problem(client.get("/api/v1/services?area=roznovsko"), 404, "not_found")


def test_service_list_of_an_unpublished_area_for_its_coordinator(
    client, registry, other_coordinator
):
    client.force_login(other_coordinator)
    assert names(client.get("/api/v1/services?area=roznovsko")) == ["Pečovatelská služba Rožnov"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=100000", "limit"),
        ("limit=0", "limit"),
        ("offset=-1", "offset"),
        ("municipality=12", "municipality"),
        ("target_group=abc", "target_group"),
        ("area=no%20spaces", "area"),
    ],
)
def test_service_list_rejects_bad_parameters(client, registry, query, field):
    body = problem(client.get(f"/api/v1/services?{query}"), 422, "validation_failed")
    assert [(e["location"], e["field"]) for e in body["errors"]] == [("query", field)]


def test_service_list_of_an_unknown_municipality_is_a_404(client, registry):
    problem(client.get("/api/v1/services?municipality=999999"), 404, "not_found")


@pytest.mark.parametrize("extra", [0, 40])
def test_service_list_query_count_does_not_depend_on_the_number_of_services(
    client, registry, django_assert_max_num_queries, extra
):
    add_services(registry, extra)
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/services?limit=500")
    assert response.json()["count"] == 3 + extra
    with django_assert_max_num_queries(10):
        response = client.get("/api/v1/services?area=valmez&limit=500")
    assert response.json()["count"] == 2 + extra


def test_service_list_of_one_service_is_as_cheap_as_of_many(client, registry):
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/services?q=Štěpánka")
    add_services(registry, 25)
    with CaptureQueriesContext(connection) as many:
        client.get("/api/v1/services?q=Další")
    assert len(many) == len(one)


def test_service_detail_by_identifier(client, registry):
    response = client.get("/api/v1/services/1234567")

    assert response.status_code == 200
    body = response.json()
    assert body["identifier"] == "1234567"
    assert body["name"] == "Pečovatelská služba Diakonie – Žerotínova"
    assert body["provider"] == {
        "ico": DIAKONIE_ICO,
        "name": "Diakonie ČCE – středisko Valašské Meziříčí",
    }
    assert body["service_type"] == {"key": "40", "paragraph": "40", "name": "Pečovatelská služba"}
    assert body["forms"] == [
        {
            "code": "ter",
            "name": "terénní",
            "is_continuous": None,
            "opening_hours": "po–pá 7–15",
            "network_units": 4.5,
            "network_unit_kind": "fte",
            "capacities": [
                {
                    "value": 35.0,
                    "capacity_type": {"code": "klient", "name": "Počet klientů"},
                    "note": "",
                }
            ],
        }
    ]
    assert body["facilities"] == [
        {
            "name": "Středisko Žerotínova",
            "address": "Žerotínova 1, 757 01 Valašské Meziříčí",
            "street": "Žerotínova",
            "house_number": "1",
            "orientation_number": "",
            "part_of_municipality": "",
            "postcode": "75701",
            "municipality_code": "545058",
            "lat": 49.4718,
            "lon": 17.9711,
        }
    ]
    assert [g["name"] for g in body["target_groups"]] == [
        "osoby s chronickým onemocněním",
        "senioři",
    ]
    assert body["age_bands"] == [
        {"name": "mladší senioři (65–80 let)", "age_from": 65, "age_to": 80}
    ]
    assert body["territory"] == ["542989", "545058"]
    assert body["territory_note"] == "ORP Valašské Meziříčí"
    assert body["valid_from"] == "2020-01-01"
    assert body["valid_to"] is None
    assert body["contacts"] == {"web": "", "email": "info@diakonievm.cz", "phone": "571 629 084"}
    assert body["origin"] == "registry"
    assert body["source"] == "MPSV RPSS"
    assert body["source_date"] == "2026-09-04"


def test_service_detail_by_import_key(client, registry):
    response = client.get("/api/v1/services/portal:9001")

    assert response.status_code == 200
    body = response.json()
    assert body["identifier"] == ""
    assert body["key"] == "portal:9001"
    assert body["forms"][0]["is_continuous"] is True
    assert body["forms"][0]["capacities"][0]["capacity_type"]["code"] == "luzko"
    assert body["facilities"][0]["municipality_code"] == "542831"
    assert body["facilities"][0]["lat"] is None


def test_unknown_service_is_a_404(client, registry):
    problem(client.get("/api/v1/services/0000000"), 404, "not_found")


def test_provider_detail_lists_its_services(client, registry):
    response = client.get(f"/api/v1/providers/{DIAKONIE_ICO}")

    assert response.status_code == 200
    body = response.json()
    assert body["ico"] == DIAKONIE_ICO
    assert body["name"] == "Diakonie ČCE – středisko Valašské Meziříčí"
    assert body["legal_form"] == "Evangelická církev"
    assert {s["key"] for s in body["services"]} == {"1234567", "1111111"}


def test_provider_ico_must_have_eight_digits(client, registry):
    body = problem(client.get("/api/v1/providers/7363278"), 422, "validation_failed")
    assert body["errors"][0]["field"] == "ico"


def test_unknown_provider_is_a_404(client, registry):
    problem(client.get("/api/v1/providers/12345678"), 404, "not_found")


def test_codelist_service_types(client, registry):
    response = client.get("/api/v1/codelists/service-types")

    assert response.status_code == 200
    rows = response.json()
    assert [r["key"] for r in rows] == ["40", "49"]
    assert rows[0] == {
        "key": "40",
        "paragraph": "40",
        "name": "Pečovatelská služba",
        "category": "socialni_pece",
        "registry_code": "DruhSocialniSluzby/12",
        "is_registrable": True,
        "allowed_forms": ["ter"],
        "status": "confirmed",
        "status_label": rows[0]["status_label"],
    }
    assert rows[1]["status"] == "inferred"
    assert rows[0]["status_label"]


def test_codelist_target_groups(client, registry):
    rows = client.get("/api/v1/codelists/target-groups").json()
    assert [(r["name"], r["status"]) for r in rows] == [
        ("osoby s chronickým onemocněním", "unverified"),
        ("senioři", "confirmed"),
    ]
    assert rows[0]["id"] == registry.chronic.pk


def test_codelist_forms(client, registry):
    rows = client.get("/api/v1/codelists/forms").json()
    assert [(r["code"], r["name"], r["registry_code"]) for r in rows] == [
        ("pob", "pobytová", "pobytova"),
        ("ter", "terénní", "terenni"),
    ]


def test_codelist_capacity_types(client, registry):
    rows = client.get("/api/v1/codelists/capacity-types").json()
    assert rows == [
        {"code": "klient", "name": "Počet klientů", "typical_for": ""},
        {"code": "luzko", "name": "Počet lůžek", "typical_for": ""},
    ]
