"""The public portal in a real browser: every page type has no WCAG 2.1 A/AA violation found
by axe-core, the skip link is the first Tab stop, focus is visible and the map page keeps its
table."""

from __future__ import annotations

from typing import Any

import pytest

from kpss.portal.tests.fixtures import make_pilot_services
from tests.browser.conftest import format_violations

pytestmark = [pytest.mark.browser]

PAGES = [
    "/",
    "/uzemi/valmez/",
    "/uzemi/valmez/obce/",
    "/uzemi/valmez/obce/545058/",
    "/uzemi/valmez/sluzby/",
    "/uzemi/valmez/sluzby/?type=40&form=ter",
    "/uzemi/valmez/sluzby/5730896/",
    "/uzemi/valmez/sluzby/portal:mpsv-6276/",
    "/uzemi/valmez/sluzby/web:charita-nocleharna/",
    "/poskytovatele/73632783/",
    "/pristupnost/",
    "/prihlaseni/",
    "/uzemi/neexistuje/",
]


@pytest.fixture
def portal_data(transactional_db: Any, pilot_area: Any, system_user: Any) -> Any:
    """The pilot area with its boundaries (for the maps) and services."""
    from kpss.ingest.territory import territory_load
    from kpss.territory.models import Municipality

    codes = set(Municipality.objects.filter(orp__code="7210").values_list("code", flat=True))
    territory_load(actor=system_user, municipality_codes=codes, with_boundaries=True)
    return make_pilot_services()


def _goto(page: Any, url: str, status: int = 200) -> None:
    response = page.goto(url)
    assert response is not None
    assert response.status == status, url
    page.wait_for_load_state("networkidle")


def test_every_public_page_type_has_no_axe_violations(
    live_server: Any, portal_data: Any, page: Any, axe: Any
) -> None:
    problems = []
    for path in PAGES:
        _goto(page, live_server.url + path, 404 if "neexistuje" in path else 200)
        violations = axe(page)
        if violations:
            problems.append(f"{path}:\n{format_violations(violations)}")
    assert not problems, "\n".join(problems)


def test_english_pages_have_no_axe_violations(
    live_server: Any, portal_data: Any, page: Any, axe: Any
) -> None:
    _goto(page, live_server.url + "/uzemi/valmez/")
    page.get_by_role("button", name="EN").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Age structure").is_visible()
    assert not axe(page), format_violations(axe(page))


def test_skip_link_is_the_first_tab_stop_and_focus_is_visible(
    live_server: Any, portal_data: Any, page: Any
) -> None:
    _goto(page, live_server.url + "/uzemi/valmez/sluzby/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            const box = el.getBoundingClientRect();
            return {cls: el.className, href: el.getAttribute('href'),
                    outline: style.outlineStyle, width: parseFloat(style.outlineWidth),
                    top: box.top, height: box.height};
        }"""
    )
    assert focused["cls"] == "skip-link"
    assert focused["href"] == "#main"
    assert focused["outline"] != "none"
    assert focused["width"] >= 2
    assert focused["top"] >= 0  # moved into view when focused
    assert focused["height"] > 0
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"

    # The next stops are the header controls, each with a visible focus ring.
    for _ in range(3):
        page.keyboard.press("Tab")
        outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none"


def test_map_page_shows_the_map_and_still_the_municipality_table(
    live_server: Any, portal_data: Any, page: Any
) -> None:
    _goto(page, live_server.url + "/uzemi/valmez/")
    assert page.locator("#area-map").is_visible()
    page.wait_for_selector("#area-map path.leaflet-interactive")
    assert page.locator("#area-map path.leaflet-interactive").count() == 18
    table = page.locator("table", has=page.locator("a", has_text="Zašová"))
    assert table.is_visible()
    assert table.locator("tbody tr").count() == 18


def test_pages_read_without_javascript(live_server: Any, portal_data: Any, browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False, locale="cs-CZ")
    page = context.new_page()
    try:
        _goto(page, live_server.url + "/uzemi/valmez/")
        assert page.locator("#area-map").is_hidden()  # the empty map box stays hidden
        assert page.get_by_role("link", name="Valašské Meziříčí").first.is_visible()
        _goto(page, live_server.url + "/uzemi/valmez/sluzby/")
        page.get_by_label("Druh služby").select_option("48")
        page.get_by_role("button", name="Zobrazit služby").click()
        assert "type=48" in page.url
        assert page.get_by_text("1 služba nalezena").is_visible()
    finally:
        context.close()
