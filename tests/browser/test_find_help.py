"""Finding help in a real browser on a phone: a citizen of Kelč finds the care service from the
home page in a few steps; the municipality leaflet downloads and lists its services; the
home, search, service, municipality, plan and consultation pages have no axe violation."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.utils import timezone
from pypdf import PdfReader

from kpss.portal.tests.fixtures import make_pilot_services
from tests.browser.conftest import format_violations

pytestmark = [pytest.mark.browser]

PHONE = {"width": 390, "height": 844}
CARE_IN_KELC = "Charitní pečovatelská služba (Valašské Meziříčí; pracoviště Kelč)"


@pytest.fixture
def help_data(transactional_db: Any, pilot_area: Any, system_user: Any, codelists: Any) -> Any:
    """The pilot area with boundaries, the shipped life situations and the pilot services."""
    from kpss.ingest.territory import territory_load
    from kpss.portal.services import life_situations_load
    from kpss.territory.models import Municipality

    codes = set(Municipality.objects.filter(orp__code="7210").values_list("code", flat=True))
    territory_load(actor=system_user, municipality_codes=codes, with_boundaries=True)
    life_situations_load(actor=system_user)
    return make_pilot_services()


@pytest.fixture
def phone(browser: Any) -> Any:
    context = browser.new_context(
        locale="cs-CZ",
        timezone_id="Europe/Prague",
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        accept_downloads=True,
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def _no_violations(page: Any, axe: Any, where: str) -> None:
    violations = axe(page)
    assert not violations, f"{where}:\n{format_violations(violations)}"


def _fits_the_screen(page: Any) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways: {width}px"


def test_a_citizen_of_kelc_finds_care_at_home_on_a_phone(
    live_server: Any, help_data: Any, phone: Any, axe: Any
) -> None:
    page = phone
    response = page.goto(live_server.url + "/")
    assert response is not None
    assert response.ok
    _fits_the_screen(page)
    _no_violations(page, axe, "home")

    # Step 1–3: where I live, what I need, search.
    find_help = page.get_by_role("region", name="Najít pomoc")
    find_help.get_by_label("Kde bydlíte?").select_option(label="Kelč")
    find_help.get_by_label("S čím potřebujete pomoci?").select_option(
        label="Pečuji o blízkého doma"
    )
    find_help.get_by_role("button", name="Najít pomoc").click()
    page.wait_for_url("**/najit-pomoc/?**")
    results = page.get_by_role("list").filter(has_text="Charitní pečovatelská služba")
    first = results.get_by_role("listitem").first
    assert "Charitní pečovatelská služba" in first.inner_text()
    assert "přijede za vámi domů" in first.inner_text()
    assert page.get_by_role("link", name="Noclehárna").count() == 0
    _fits_the_screen(page)
    _no_violations(page, axe, "search results")

    # Step 4: the service page, with how to reach it.
    page.get_by_role(
        "link", name="Charitní pečovatelská služba (Valašské Meziříčí; pracoviště Kelč)"
    ).click()
    page.wait_for_load_state("networkidle")
    assert (
        page.get_by_role("heading", level=1).inner_text().startswith("Charitní pečovatelská služba")
    )
    assert page.get_by_role("heading", name="Srozumitelně").is_visible()
    assert page.get_by_text("Kolik stojí").is_visible()
    _fits_the_screen(page)
    _no_violations(page, axe, "service")


def test_free_text_without_diacritics_and_with_a_typo_on_a_phone(
    live_server: Any, help_data: Any, phone: Any
) -> None:
    page = phone
    page.goto(live_server.url + "/")
    page.get_by_label("Nebo napište, co hledáte").fill("pecovatleska")
    page.get_by_role("region", name="Najít pomoc").get_by_role("button", name="Najít pomoc").click()
    page.wait_for_url("**/najit-pomoc/?**")
    assert page.get_by_role("link", name="Pečovatelská služba", exact=True).is_visible()


def test_the_leaflet_downloads_and_lists_the_services(
    live_server: Any, help_data: Any, page: Any, axe: Any
) -> None:
    page.goto(live_server.url + "/uzemi/valmez/obce/542989/")
    page.wait_for_load_state("networkidle")
    _no_violations(page, axe, "municipality")
    with page.expect_download() as info:
        page.get_by_role("link", name="Stáhnout leták pro obec Kelč (PDF, A4)").click()
    download = info.value
    assert download.suggested_filename == "pomoc-kelc.pdf"
    reader = PdfReader(io.BytesIO(open(download.path(), "rb").read()))  # noqa: SIM115
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Kde najít pomoc – Kelč" in text
    assert "Charitní pečovatelská služba" in text
    assert "Osobní asistence" in text
    assert "Noclehárna" not in text


def _plan_in_consultation(pilot_area: Any, coordinator: Any) -> Any:
    from kpss.governance.models import Body
    from kpss.planning.models import Consultation, PlanVersion
    from kpss.planning.services import measure_create, plan_create, priority_create
    from kpss.planning.snapshot import plan_version_build_content

    group = Body.objects.create(
        planning_area=pilot_area, code="PS-SEN", kind=Body.Kind.WORKING_GROUP, name="Senioři"
    )
    plan = plan_create(
        actor=coordinator,
        area=pilot_area,
        title="Střednědobý plán 2026–2028",
        period_from_year=2026,
        period_to_year=2028,
    )
    version = plan.versions.get()
    priority = priority_create(actor=coordinator, version=version, code="1", title="Senioři doma")
    measure_create(
        actor=coordinator,
        priority=priority,
        code="1.1",
        title="Rozšířit pečovatelskou službu o víkendy",
        description="Terénní péče i o sobotách a nedělích.",
        working_group=group,
        year_from=2026,
        year_to=2028,
    )
    version.content = plan_version_build_content(version=version)
    version.state = PlanVersion.State.IN_CONSULTATION
    version.frozen_at = timezone.now()
    version.save()
    today = timezone.localdate()
    Consultation.objects.create(
        plan_version=version,
        starts_on=today - dt.timedelta(days=1),
        ends_on=today + dt.timedelta(days=20),
    )
    return version


def test_plan_and_consultation_pages_have_no_axe_violations(
    live_server: Any, help_data: Any, pilot_area: Any, coordinator: Any, page: Any, axe: Any
) -> None:
    version = _plan_in_consultation(pilot_area, coordinator)
    base = f"{live_server.url}/uzemi/valmez/plan"
    for path in ("/", f"/verze/{version.pk}/", f"/verze/{version.pk}/pripominka/"):
        response = page.goto(base + path)
        assert response is not None
        assert response.ok, path
        page.wait_for_load_state("networkidle")
        _no_violations(page, axe, path)

    # The same plan once in force.
    version.state = version.State.IN_FORCE
    version.save()
    response = page.goto(base + "/")
    assert response is not None
    assert response.ok
    assert page.get_by_text("Rozšířit pečovatelskou službu o víkendy").first.is_visible()
    _no_violations(page, axe, "plan in force")


@pytest.mark.parametrize(
    "path",
    [
        "/najit-pomoc/",
        "/najit-pomoc/?situation=bez-domova",
        "/najit-pomoc/?municipality=545058&q=pe%C4%8Dovatelsk%C3%A1&sort=distance",
        "/otevrena-data/",
        "/uzemi/valmez/sluzby/?q=pecovatelska",
    ],
)
def test_find_help_and_open_data_pages_have_no_axe_violations(
    live_server: Any, help_data: Any, page: Any, axe: Any, path: str
) -> None:
    response = page.goto(live_server.url + path)
    assert response is not None
    assert response.ok
    page.wait_for_load_state("networkidle")
    _no_violations(page, axe, path)


def test_find_help_works_without_javascript(live_server: Any, help_data: Any, browser: Any) -> None:
    context = browser.new_context(locale="cs-CZ", java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/najit-pomoc/?municipality=542989")
    page.get_by_label("Nebo napište, co hledáte").fill("osobní asistence")
    page.locator("main").get_by_role("button", name="Najít pomoc").click()
    assert page.get_by_role("link", name="Osobní asistence").is_visible()
    context.close()
