"""The analysis dashboard by persona: staff and public pages, filters, exports, charts, saved
runs and norm editing."""

# ruff: noqa: F811  (the fixtures of test_analysis are imported and requested by name)
from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from kpss.core.models import AuditEvent
from kpss.needs.models import AnalysisRun, Norm, NormSet
from kpss.needs.tests.test_analysis import KELC, norm_set, services  # noqa: F401
from kpss.registry.models import CapacityType, Form, ServiceType

pytestmark = pytest.mark.urls("kpss.needs.tests.urls_dashboard_for_tests")

STAFF = "/sprava/uzemi/{slug}/analyza/"
PUBLIC = "/uzemi/{slug}/analyza/"


def _english(client):
    """The visitor chose English (the language cookie), as the "EN" button does."""
    client.cookies["django_language"] = "en"
    return client


def _get(client, url, **kwargs):
    return _english(client).get(url, **kwargs)


@pytest.mark.parametrize("persona", ["coordinator", "officer", "provider_user", "admin"])
def test_members_see_the_staff_dashboard(client, request, persona, services):
    client.force_login(request.getfixturevalue(persona))
    response = _get(client, STAFF.format(slug="valmez"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Where the shoe pinches most" in page
    assert "Saved analyses" in page


def test_outsiders_of_an_unpublished_area_get_404(client, coordinator, other_area, services):
    client.force_login(coordinator)
    assert _get(client, STAFF.format(slug="roznovsko")).status_code == 404
    assert _get(client, STAFF.format(slug="roznovsko") + "behy/").status_code == 404
    assert _get(client, PUBLIC.format(slug="roznovsko")).status_code == 404


def test_a_non_member_of_a_public_area_is_refused_the_staff_pages(
    client, other_coordinator, services
):
    client.force_login(other_coordinator)
    assert _get(client, STAFF.format(slug="valmez")).status_code == 403
    assert _get(client, PUBLIC.format(slug="valmez")).status_code == 200


def test_anonymous_staff_dashboard_asks_to_sign_in(client, services):
    response = _get(client, STAFF.format(slug="valmez"))
    assert response.status_code == 302
    assert "/prihlaseni/" in response["Location"]


def test_the_public_dashboard_shows_the_numbers_but_nothing_internal(client, coordinator, services):
    run_page = STAFF.format(slug="valmez") + "ulozit/"
    client.force_login(coordinator)
    client.post(run_page, {"label": "Interní běh"})
    client.logout()
    response = _get(client, PUBLIC.format(slug="valmez"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Where the shoe pinches most" in page
    assert "assumption" in page
    assert "Czech law sets no binding capacity norms" in page
    assert "Kelč" in page
    assert "Interní běh" not in page
    assert "Save this analysis" not in page
    assert "/sprava/" not in page
    assert "csrfmiddlewaretoken" not in page.split("<main")[1]


def test_the_public_dashboard_of_an_unpublished_area_is_404_even_for_members(
    client, other_coordinator, services
):
    client.force_login(other_coordinator)
    assert _get(client, PUBLIC.format(slug="roznovsko")).status_code == 404


def test_the_page_shows_unknown_capacity_and_the_sources(client, services):
    page = _get(client, PUBLIC.format(slug="valmez")).content.decode()
    assert "Capacity not published – counted as 0" in page
    assert "ps-bez-kapacity" in page
    assert "Sources of the norms" in page
    assert "population as of 1.\xa01.\xa02025" in page


def _largest_gap(page: str) -> str:
    section = page.split('id="largest-heading"')[1].split("</ol>")[0]
    return section


def test_filters_change_the_numbers(client, services):
    url = PUBLIC.format(slug="valmez")
    base = _get(client, url).context["d"]
    homes = next(a for a in base.summary if a.service_type == "49")
    projected = _get(client, url, data={"year": 2030, "growth_65": "2"}).context["d"]
    later = next(a for a in projected.summary if a.service_type == "49")
    assert later.need == pytest.approx(homes.need * 1.02**5)
    assert projected.scenario
    page = _get(client, url, data={"year": 2030, "growth_65": "2"}).content.decode()
    assert page.count("Scenario") >= 3  # banner, largest gaps, table caption

    only_care = _get(client, url, data={"type": "40"}).context["d"]
    assert {a.service_type for a in only_care.summary} == {"40"}
    kelc = _get(client, url, data={"municipality": KELC}).context["d"]
    assert {r.municipality for r in kelc.rows} == {KELC}
    assert kelc.summary[0].need < homes.need


def test_the_accessibility_method_and_catchment_change_the_map(client, services):
    url = PUBLIC.format(slug="valmez")
    wide = _get(
        client, url, data={"type": "49", "indicator": "accessibility", "threshold_km": "60"}
    ).context["d"]
    narrow = _get(
        client,
        url,
        data={"type": "49", "indicator": "accessibility", "threshold_km": "1", "method": "2sfca"},
    ).context["d"]
    assert wide.map.values != narrow.map.values
    words = {v["text"] for v in narrow.map.values.values()}
    assert "no service within reach" in words


def test_invalid_filters_fall_back_and_say_so(client, services):
    response = _get(client, PUBLIC.format(slug="valmez"), data={"threshold_km": "-5"})
    assert response.status_code == 200
    assert response.context["d"].filters.threshold_km == 30.0
    assert "Some filters are not valid" in response.content.decode()


def test_xlsx_export_of_the_gap_table(client, services):
    response = _get(client, PUBLIC.format(slug="valmez") + "tabulka.xlsx", data={"type": "49"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="analyza-valmez.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    kelc = next(r for r in rows[1:] if r[2] == KELC)
    assert kelc[0] == "49"
    assert kelc[6] == 30  # registered capacity: 30 beds in Kelč
    assert {r[0] for r in rows[1:]} == {"49"}


def test_csv_export_of_the_gap_table(client, services):
    response = _get(client, PUBLIC.format(slug="valmez") + "tabulka.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][0] == "Service type"
    care = [r for r in rows[1:] if r[0] == "40" and r[2] == KELC]
    assert len(care) == 1
    assert _get(client, PUBLIC.format(slug="valmez") + "tabulka.pdf").status_code == 404


@pytest.mark.parametrize("chart", ["vekova-struktura", "kapacita-potreba"])
def test_the_chart_downloads_as_valid_svg(client, services, chart):
    response = _get(client, PUBLIC.format(slug="valmez") + f"graf-{chart}.svg")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.find("{http://www.w3.org/2000/svg}title") is not None


def test_the_page_embeds_vega_lite_specs_and_their_svg(client, services):
    response = _get(client, PUBLIC.format(slug="valmez"))
    page = response.content.decode()
    assert page.count("data-vega-spec=") == 2
    assert '"$schema": "https://vega.github.io/schema/vega-lite/v5.json"' in page
    assert page.count('role="img"') >= 2
    assert "vendor/vega/vega-embed.min.js" in page
    assert "data-kpss-choropleth" in page


def test_saving_an_analysis_keeps_its_inputs(client, coordinator, services):
    client.force_login(coordinator)
    response = client.post(
        STAFF.format(slug="valmez") + "ulozit/",
        {"label": "Podklad pro plán", "method": "2sfca", "threshold_km": "20"},
    )
    run = AnalysisRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == STAFF.format(slug="valmez") + f"behy/{run.pk}/"
    assert run.label == "Podklad pro plán"
    assert run.parameters["method"] == "2sfca"
    assert run.parameters["threshold_km"] == 20.0
    assert run.inputs["norm_set"]["name"] == "Testovací normy"
    assert AuditEvent.objects.filter(verb="analysis.save").exists()
    page = _get(client, response["Location"]).content.decode()
    assert "Podklad pro plán" in page
    assert "Testovací normy" in page
    assert "1.\xa01.\xa02025" in page
    listing = _get(client, STAFF.format(slug="valmez") + "behy/").content.decode()
    assert "Podklad pro plán" in listing


def test_saving_needs_post_and_membership(client, coordinator, other_coordinator, services):
    client.force_login(coordinator)
    assert _get(client, STAFF.format(slug="valmez") + "ulozit/").status_code == 405
    client.force_login(other_coordinator)
    assert client.post(STAFF.format(slug="valmez") + "ulozit/").status_code == 403
    assert not AnalysisRun.objects.exists()


def test_a_run_of_another_area_is_404(client, coordinator, other_coordinator, services, other_area):
    client.force_login(coordinator)
    client.post(STAFF.format(slug="valmez") + "ulozit/")
    run = AnalysisRun.objects.get()
    client.force_login(other_coordinator)
    assert _get(client, STAFF.format(slug="roznovsko") + f"behy/{run.pk}/").status_code == 404


@pytest.fixture
def shipped_set(codelists):
    shipped = NormSet.objects.create(planning_area=None, name="Výchozí")
    Norm.objects.create(
        norm_set=shipped,
        service_type=ServiceType.objects.get(key="49"),
        form=Form.objects.get(code="pob"),
        population_group="age_65_plus",
        value_per_1000=Decimal("18.6"),
        capacity_type=CapacityType.objects.get(registry_code="TypKapacitySocialniSluzby/luzka"),
        source="Krajský průměr",
    )
    return shipped


def test_the_coordinator_copies_and_edits_the_norms(client, coordinator, pilot_area, shipped_set):
    url = STAFF.format(slug="valmez") + "normy/"
    client.force_login(coordinator)
    page = _get(client, url).content.decode()
    assert "Copy the norms into this area" in page
    client.post(url + "kopirovat/")
    own = NormSet.objects.get(planning_area=pilot_area)
    norm = own.norms.get()
    prefix = f"norm-{norm.pk}"
    del client.cookies["django_language"]  # back to Czech, where "21,5" is a number
    response = client.post(
        url,
        {
            "norm": norm.pk,
            f"{prefix}-value_per_1000": "21,5",
            f"{prefix}-source": "Potvrzeno pracovní skupinou 3. 2. 2026",
        },
    )
    assert response.status_code == 302
    norm.refresh_from_db()
    assert norm.value_per_1000 == Decimal("21.5")
    assert norm.is_assumption is False
    event = AuditEvent.objects.get(verb="norm.update")
    assert event.area_slug == "valmez"
    assert event.payload["after"]["value"] == "21.5"
    shipped_set.refresh_from_db()
    assert shipped_set.norms.get().value_per_1000 == Decimal("18.6")  # the shipped set stays


def test_a_negative_norm_is_a_field_error(client, coordinator, norm_set):
    client.force_login(coordinator)
    norm = norm_set.norms.first()
    before = norm.value_per_1000
    prefix = f"norm-{norm.pk}"
    response = _english(client).post(
        STAFF.format(slug="valmez") + "normy/",
        {"norm": norm.pk, f"{prefix}-value_per_1000": "-3", f"{prefix}-source": "x"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="id_{prefix}-value_per_1000_error"' in page
    assert 'aria-invalid="true"' in page
    norm.refresh_from_db()
    assert norm.value_per_1000 == before
    assert not AuditEvent.objects.filter(verb="norm.update").exists()


def test_only_coordinators_edit_norms(client, officer, norm_set):
    client.force_login(officer)
    url = STAFF.format(slug="valmez") + "normy/"
    page = _get(client, url).content.decode()
    assert "Only the coordinator of the area can change its norms." in page
    assert "<form" not in page.split('class="norm"')[1]
    norm = norm_set.norms.first()
    response = client.post(url, {"norm": norm.pk, f"norm-{norm.pk}-value_per_1000": "1"})
    assert response.status_code == 403
    assert client.post(url + "kopirovat/").status_code == 403


def test_query_counts_are_bounded(client, coordinator, services, django_assert_max_num_queries):
    client.force_login(coordinator)
    _get(client, STAFF.format(slug="valmez"))  # warm caches (content types, sessions)
    with django_assert_max_num_queries(40):
        assert _get(client, STAFF.format(slug="valmez")).status_code == 200
    with django_assert_max_num_queries(30):
        assert _get(client, PUBLIC.format(slug="valmez") + "tabulka.csv").status_code == 200
