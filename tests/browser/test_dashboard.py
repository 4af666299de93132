"""The public analysis dashboard in a real browser: the choropleth map (Leaflet over our own
boundaries), the Vega-Lite charts drawn by vega-embed, the largest gaps with their numbers and
sources, and no axe-core WCAG 2.1 A/AA violation."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import format_violations

pytestmark = [pytest.mark.browser, pytest.mark.urls("kpss.needs.tests.urls_dashboard_for_tests")]


@pytest.fixture
def dashboard_data(transactional_db: Any, pilot_registry: Any, system_user: Any) -> Any:
    """The pilot area with boundaries, the real sample services and the shipped norms."""
    from kpss.ingest.territory import territory_load
    from kpss.needs.norms import norm_set_load_default
    from kpss.territory.models import Municipality

    codes = set(Municipality.objects.filter(orp__code="7210").values_list("code", flat=True))
    territory_load(actor=system_user, municipality_codes=codes, with_boundaries=True)
    norm_set_load_default(actor=system_user)
    return pilot_registry


def test_the_public_dashboard_renders_map_charts_and_largest_gaps(
    live_server: Any, dashboard_data: Any, page: Any, axe: Any
) -> None:
    response = page.goto(f"{live_server.url}/uzemi/valmez/analyza/")
    assert response is not None
    assert response.ok
    page.wait_for_selector("#dashboard-map.leaflet-container path")
    assert page.locator("#dashboard-map path").count() == 18
    page.wait_for_selector(".dashboard__chart-body--interactive .vega-embed svg")
    assert page.locator(".vega-embed").count() == 2
    largest = page.locator("ol.largest > li")
    assert largest.count() == 10
    first = largest.first.inner_text()
    assert "Domovy pro seniory" in first
    assert "Zdroj" in first  # the norm's source
    sources = page.locator(".dashboard__sources").inner_text()
    assert "1. 1. 2025" in sources.replace("\xa0", " ")

    # Another indicator: the map repaints from the server's classes, the legend says so.
    page.get_by_label("Ukazatel na mapě").select_option("share_65")
    page.get_by_role("button", name="Zobrazit").click()
    page.wait_for_selector("#dashboard-map.leaflet-container path")
    assert "65+" in page.locator("#map-heading").inner_text()

    violations = axe(page)
    assert not violations, format_violations(violations)
