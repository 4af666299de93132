"""The territory endpoints: planning areas, their members and boundaries, municipalities."""

from __future__ import annotations

import pytest

from kpss.api.tests.conftest import problem
from kpss.core.text import czech_sort_key
from kpss.territory.models import Boundary
from kpss.territory.selectors import municipality_codes_of_area

pytestmark = pytest.mark.django_db

KELC = "542989"


def test_area_list_is_the_public_areas_for_anonymous(client, pilot_area, other_area):
    response = client.get("/api/v1/areas")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == [
        {
            "slug": "valmez",
            "name": "Mikroregion Valašskomeziříčsko-Kelečsko",
            "kind": "union",
            "is_public": True,
            "orp_code": "7210",
        }
    ]
    # Czech letters travel as UTF-8, not as \u escapes.
    assert "Valašskomeziříčsko" in response.content.decode("utf-8")


def test_area_detail_has_a_population_summary(client, pilot_area):
    response = client.get("/api/v1/areas/valmez")

    assert response.status_code == 200
    body = response.json()
    assert body["slug"] == "valmez"
    assert body["name"] == "Mikroregion Valašskomeziříčsko-Kelečsko"
    population = body["population"]
    assert set(population) == {
        "reference_date",
        "total",
        "men",
        "women",
        "age_0_14",
        "age_15_64",
        "age_65_plus",
        "municipalities",
        "missing_age_data",
    }
    assert population["municipalities"] == len(municipality_codes_of_area(area=pilot_area))
    assert population["total"] > 40_000
    assert population["men"] + population["women"] == population["total"]
    assert population["reference_date"] == "2025-01-01"
    if population["missing_age_data"] == 0:
        ages = population["age_0_14"] + population["age_15_64"] + population["age_65_plus"]
        assert ages == population["total"]


def test_area_municipalities_in_czech_order_with_population(client, pilot_area):
    response = client.get("/api/v1/areas/valmez/municipalities")

    assert response.status_code == 200
    rows = response.json()
    codes = {r["code"] for r in rows}
    assert codes == municipality_codes_of_area(area=pilot_area)
    assert all(r["orp_code"] == "7210" for r in rows)
    names = [r["name"] for r in rows]
    assert "Valašské Meziříčí" in names
    assert names == sorted(names, key=czech_sort_key)
    kelc = next(r for r in rows if r["code"] == KELC)
    assert kelc["name"] == "Kelč"
    assert kelc["population"]["total"] == 2673
    assert set(kelc["population"]) == {
        "reference_date",
        "total",
        "men",
        "women",
        "age_0_14",
        "age_15_64",
        "age_65_plus",
    }


def test_area_municipalities_query_count_does_not_grow(
    client, pilot_area, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/areas/valmez/municipalities").status_code == 200


def test_area_boundaries_are_a_feature_collection(client, pilot_area):
    polygon = {
        "type": "Polygon",
        "coordinates": [[[17.8, 49.47], [17.85, 49.47], [17.85, 49.49], [17.8, 49.47]]],
    }
    Boundary.objects.create(level=Boundary.Level.MUNICIPALITY, code=KELC, geometry=polygon)

    response = client.get("/api/v1/areas/valmez/boundaries")

    assert response.status_code == 200
    assert response.json() == {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": polygon,
                "properties": {"code": KELC, "name": "Kelč", "population": 2673},
            }
        ],
    }


def test_municipality_detail_has_hierarchy_population_and_centroid(client, territory):
    response = client.get(f"/api/v1/municipalities/{KELC}")

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == KELC
    assert body["name"] == "Kelč"
    assert body["kind"] == "Město"
    assert body["orp"] == {"code": "7210", "name": "Valašské Meziříčí"}
    assert body["district"]["name"] == "Vsetín"
    assert body["region"]["name"] == "Zlínský kraj"
    assert body["pou"]["name"] == "Valašské Meziříčí"
    assert body["centroid"] == {"lat": pytest.approx(49.47987), "lon": pytest.approx(17.82701)}
    population = body["population"]
    assert population["reference_date"] == "2025-01-01"
    assert population["total"] == 2673
    assert population["men"] == 1344
    assert population["women"] == 1329
    for group in ("age_0_14", "age_15_64", "age_65_plus"):
        assert set(population[group]) == {"total", "men", "women"}
    groups = [population[g]["total"] for g in ("age_0_14", "age_15_64", "age_65_plus")]
    if None not in groups:
        assert sum(groups) == 2673


def test_unknown_area_is_a_problem_404(client, pilot_area):
    body = problem(client.get("/api/v1/areas/nikde"), 404, "not_found")
    assert "errors" not in body


def test_unknown_municipality_is_a_problem_404(client, territory):
    problem(client.get("/api/v1/municipalities/999999"), 404, "not_found")


def test_malformed_municipality_code_is_a_problem_422(client, territory):
    body = problem(client.get("/api/v1/municipalities/54298x"), 422, "validation_failed")
    assert body["errors"] == [
        {
            "location": "path",
            "field": "code",
            "loc": ["path", "code"],
            "message": body["errors"][0]["message"],
            "type": "string_pattern_mismatch",
        }
    ]
