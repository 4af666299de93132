"""The gap and accessibility API and the saved analysis runs."""

# ruff: noqa: F811  (the fixtures of test_analysis are imported and requested by name)
from __future__ import annotations

import math

import pytest

from kpss.needs.analysis import analysis_run_save, gap_analysis_compute
from kpss.needs.tests.test_analysis import KELC, ZASOVA, norm_set, services  # noqa: F401

pytestmark = pytest.mark.urls("kpss.needs.tests.urls_dashboard_for_tests")

API = "/api/v1/areas/{slug}"


def _problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == code
    return body


def test_gaps_shape(client, services):
    response = client.get(API.format(slug="valmez") + "/gaps")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "area",
        "scenario",
        "settings",
        "inputs",
        "rows",
        "by_area",
        "by_target_group",
        "largest",
    }
    assert body["scenario"] is None
    assert body["settings"]["method"] == "e2sfca"
    assert body["inputs"]["population_date"] == "2025-01-01"
    assert len(body["rows"]) == 2 * 18
    homes = next(a for a in body["by_area"] if a["service_type"] == "49")
    assert homes["registered_capacity"] == pytest.approx(30)
    kelc = next(r for r in body["rows"] if r["service_type"] == "49" and r["municipality"] == KELC)
    assert kelc["registered_capacity"] == pytest.approx(30)
    assert kelc["description"] == "ok"
    assert body["largest"][0]["gap"] >= body["largest"][-1]["gap"]
    for row in body["rows"]:
        assert row["accessibility"] is None or math.isfinite(row["accessibility"])


def test_gaps_say_nan_in_words(client, services):
    body = client.get(
        API.format(slug="valmez") + "/gaps", {"method": "2sfca", "threshold_km": 1}
    ).json()
    zasova = next(
        r for r in body["rows"] if r["service_type"] == "49" and r["municipality"] == ZASOVA
    )
    assert zasova["accessibility"] is None
    assert zasova["description"] == "no_service_in_reach"


def test_gaps_scenario_is_labelled(client, services):
    base = client.get(API.format(slug="valmez") + "/gaps").json()
    body = client.get(API.format(slug="valmez") + "/gaps", {"year": 2030, "growth_65": 0.02}).json()
    assert body["scenario"]
    assert all(r["scenario"] == body["scenario"] for r in body["rows"])
    need = {a["service_type"]: a["need"] for a in base["by_area"]}
    later = {a["service_type"]: a["need"] for a in body["by_area"]}
    assert later["49"] == pytest.approx(need["49"] * 1.02**5)


def test_gaps_validate_their_parameters(client, services):
    body = _problem(
        client.get(API.format(slug="valmez") + "/gaps", {"method": "walking"}),
        422,
        "validation_failed",
    )
    assert body["errors"][0]["field"] == "method"
    _problem(
        client.get(API.format(slug="valmez") + "/gaps", {"threshold_km": 0}),
        422,
        "validation_failed",
    )


def test_gaps_of_an_unpublished_area_are_404_to_outsiders(client, services, other_area):
    _problem(client.get(API.format(slug="roznovsko") + "/gaps"), 404, "not_found")


def test_accessibility_shape(client, services):
    response = client.get(
        API.format(slug="valmez") + "/accessibility",
        {"type": "§ 49", "method": "2sfca", "threshold_km": 60},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["population_group"] == "age_65_plus"
    assert body["settings"]["method"] == "2sfca"
    assert len(body["municipalities"]) == 18
    values = {m["value"] for m in body["municipalities"]}
    assert len(values) == 1  # one home reaching everyone: the same ratio for all
    assert {m["description"] for m in body["municipalities"]} == {"ok"}


def test_accessibility_of_an_unknown_type_is_a_problem(client, services):
    body = _problem(
        client.get(API.format(slug="valmez") + "/accessibility", {"type": "§ 999"}),
        422,
        "unknown_service_type",
    )
    assert "999" in body["detail"]
    _problem(client.get(API.format(slug="valmez") + "/accessibility"), 422, "validation_failed")


def test_analysis_runs_are_for_members(
    client, coordinator, other_coordinator, pilot_area, norm_set, services
):
    run = analysis_run_save(
        actor=coordinator, analysis=gap_analysis_compute(area=pilot_area), label="Plán 2026"
    )
    url = API.format(slug="valmez") + "/analysis-runs"
    _problem(client.get(url), 403, "permission_denied")
    client.force_login(other_coordinator)
    _problem(client.get(url), 403, "permission_denied")
    client.force_login(coordinator)
    listing = client.get(url).json()
    assert [r["label"] for r in listing] == ["Plán 2026"]
    assert listing[0]["created_by"] == coordinator.username
    assert "results" not in listing[0]
    detail = client.get(f"{url}/{run.pk}").json()
    assert detail["inputs"]["norm_set"]["name"] == "Testovací normy"
    assert len(detail["results"]["rows"]) == 2 * 18
    _problem(client.get(f"{url}/{run.pk + 100}"), 404, "not_found")


def test_a_run_is_not_reachable_through_another_area(
    client, coordinator, other_coordinator, pilot_area, other_area, norm_set, services
):
    run = analysis_run_save(actor=coordinator, analysis=gap_analysis_compute(area=pilot_area))
    client.force_login(other_coordinator)
    _problem(
        client.get(API.format(slug="roznovsko") + f"/analysis-runs/{run.pk}"), 404, "not_found"
    )


def test_gaps_query_count_is_bounded(client, services, django_assert_max_num_queries):
    client.get(API.format(slug="valmez") + "/gaps")
    with django_assert_max_num_queries(25):
        assert client.get(API.format(slug="valmez") + "/gaps").status_code == 200
