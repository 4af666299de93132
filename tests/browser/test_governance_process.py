"""The process timeline, the project budget and the public events in a real browser, on the
governance demo: the coordinator sees the real dates and the real total of the pilot
project; the public events page (and its detail) has no axe violation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.browser.conftest import format_violations

pytestmark = [pytest.mark.browser, pytest.mark.urls("kpss.governance.tests.urls_process_for_tests")]

PASSWORD = "heslo-pro-testy"  # the personas' password in conftest.py


@pytest.fixture
def demo(transactional_db: Any, pilot_area: Any, codelists: Any, coordinator: Any) -> Any:
    from django.utils import timezone

    from kpss.accounts.models import system_actor
    from kpss.governance.demo import governance_demo_load
    from kpss.governance.models import Event

    result = governance_demo_load(actor=system_actor())
    # An upcoming event too, so that both sections of the public list are filled.
    day = timezone.localdate() + dt.timedelta(days=14)
    Event.objects.create(
        planning_area=pilot_area,
        kind=Event.Kind.PRESENTATION,
        title="Představení plánu v obci Kelč",
        starts_at=timezone.make_aware(dt.datetime(day.year, day.month, day.day, 17)),
        place="Kelč, sál radnice",
        is_public=True,
    )
    return result


def _ok(response: Any) -> None:
    assert response is not None
    assert response.ok, response.url


def _text(page: Any) -> str:
    return page.locator("main").inner_text().replace("\xa0", " ")


def test_coordinator_sees_the_pilot_timeline_and_budget(
    live_server: Any, demo: Any, coordinator: Any, page: Any, axe: Any
) -> None:
    base = live_server.url
    timeline_url = f"{base}/sprava/uzemi/valmez/proces/"
    _ok(page.goto(f"{base}/prihlaseni/?next=/sprava/uzemi/valmez/proces/"))
    page.get_by_label("Uživatelské jméno").fill(coordinator.username)
    page.get_by_label("Heslo").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Přihlášení").click()
    page.wait_for_url(timeline_url)

    page.get_by_role("heading", name="Harmonogram procesu", level=1).wait_for()
    text = _text(page)
    assert "Veřejné projednání" in text
    assert "15. 9. 2021" in text
    assert "31. 8. 2021" in text
    assert "14. 9. 2021" in text
    assert "20. 12. 2021" in text
    assert "Schválení plánu 2022–2024 valnou hromadou" in text
    assert page.get_by_role("link", name="Přidat fázi").is_visible()
    violations = axe(page)
    assert not violations, format_violations(violations)

    page.get_by_role("link", name="Rozpočet projektu").click()
    page.get_by_role("heading", name="Rozpočet projektu", level=1).wait_for()
    page.get_by_role("link", name="Prohloubení kvality a účinnosti plánování", exact=False).click()
    page.get_by_text("CZ.03.2.63/0.0/0.0/19_106/0015192").wait_for()
    text = _text(page)
    assert "2 814 000 Kč" in text
    assert "1. 3. 2020 – 28. 2. 2022" in text
    assert "/ 114" in text
    assert "(ilustrativní)" in text
    violations = axe(page)
    assert not violations, format_violations(violations)

    with page.expect_download() as download:
        page.get_by_role("link", name="Stáhnout jako XLSX").click()
    assert download.value.suggested_filename.endswith(".xlsx")


def test_public_events_page_is_accessible(live_server: Any, demo: Any, page: Any, axe: Any) -> None:
    base = live_server.url
    _ok(page.goto(f"{base}/uzemi/valmez/akce/"))
    page.get_by_role("heading", name="Akce", level=1).wait_for()
    upcoming = page.get_by_role("heading", name="Připravované akce")
    past = page.get_by_role("heading", name="Proběhlé akce")
    assert upcoming.is_visible()
    assert past.is_visible()
    text = _text(page)
    assert text.index("Představení plánu v obci Kelč") < text.index("Proběhlé akce")
    assert text.index("Proběhlé akce") < text.index("Veřejné projednání návrhu")
    assert "ukázková data" in text
    violations = axe(page)
    assert not violations, format_violations(violations)

    page.get_by_role("link", name="Veřejné projednání návrhu Komunitního plánu 2022–2024").click()
    page.get_by_role("heading", name="Veřejné projednání návrhu", exact=False).wait_for()
    assert "15. 9. 2021" in _text(page)
    violations = axe(page)
    assert not violations, format_violations(violations)
    ics = page.get_by_role("link", name="Přidat do kalendáře (.ics)").get_attribute("href")
    response = page.request.get(f"{base}{ics}")
    assert response.ok
    assert response.text().startswith("BEGIN:VCALENDAR")
