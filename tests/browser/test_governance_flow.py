"""A working group's meeting end to end in a real browser: the coordinator creates the
meeting with an agenda, records attendance, puts a motion to the vote where one member has
declared a conflict of interest, closes the vote (the result follows the rules and the
resolution gets its number) and downloads the minutes as PDF. The public organisation page
has no axe violation."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from pypdf import PdfReader

from tests.browser.conftest import format_violations

pytestmark = [pytest.mark.browser, pytest.mark.urls("kpss.governance.tests.urls_for_tests")]

PASSWORD = "heslo-pro-testy"  # the personas' password in conftest.py


@pytest.fixture
def org(transactional_db: Any, coordinator: Any, pilot_area: Any) -> Any:
    from kpss.governance.tests.core_setup import build_org

    return build_org(coordinator=coordinator, area=pilot_area)


def _ok(response: Any) -> None:
    assert response is not None
    assert response.ok, response.url


def test_coordinator_runs_a_meeting_and_a_vote(
    live_server: Any, org: Any, coordinator: Any, page: Any, axe: Any
) -> None:
    base = live_server.url
    staff = f"{base}/sprava/uzemi/valmez/organizace/"

    _ok(page.goto(f"{base}/prihlaseni/?next=/sprava/uzemi/valmez/organizace/"))
    page.get_by_label("Uživatelské jméno").fill(coordinator.username)
    page.get_by_label("Heslo").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Přihlášení").click()
    page.wait_for_url(staff)
    assert "Zadavatel: 1 (20 %)" in page.locator("main").inner_text()

    # A new meeting of the working group, published, with one agenda item.
    page.get_by_role("link", name="Pracovní skupina Senioři").click()
    page.get_by_role("link", name="Nové jednání").click()
    page.get_by_label("Název").fill("Jednání PS Senioři – květen")
    page.get_by_label("Začátek").fill("2030-05-04T15:00")
    page.get_by_label("Místo", exact=True).fill("Kelč, zasedací místnost")
    page.get_by_label("Zveřejnit jednání na veřejném webu").check()
    page.get_by_role("button", name="Vytvořit jednání").click()
    page.wait_for_url(re.compile(r"/jednani/\d+/$"))
    meeting_url = page.url
    agenda = page.locator("form[action$='/program/']")
    agenda.get_by_label("Bod programu").fill("Odlehčovací služba pro pečující")
    agenda.get_by_role("button", name="Přidat do programu").click()
    page.get_by_text("Bod programu byl přidán.").wait_for()

    # Attendance: all five members present.
    page.get_by_role("link", name="Zapsat docházku").click()
    for person in org.people:
        page.get_by_role("group", name=person.name).get_by_label("přítomen", exact=True).check()
    page.get_by_role("button", name="Uložit docházku").click()
    page.get_by_text("Docházka byla uložena.").wait_for()

    violations = axe(page)
    assert not violations, format_violations(violations)

    # The motion.
    motion_form = page.locator("form[action$='/navrhy/']")
    motion_form.get_by_label("Název").fill("Doporučení odlehčovací služby")
    motion_form.get_by_label("Návrh usnesení").fill(
        "Pracovní skupina doporučuje zařadit odlehčovací službu do plánu."
    )
    motion_form.get_by_role("button", name="Vytvořit návrh").click()
    page.wait_for_url(re.compile(r"/navrhy/\d+/$"))

    # Bohumil declares a conflict of interest: he represents the provider.
    a, b, c, d, e = org.people
    conflict = page.locator("form[action$='/stret-zajmu/']")
    conflict.get_by_label("Člen").select_option(label=b.name)
    conflict.get_by_label("Důvod").fill("Zastupuje poskytovatele, o jehož službě se rozhoduje.")
    conflict.get_by_role("button", name="Zapsat střet zájmů").click()
    page.get_by_text("Střet zájmů").first.wait_for()
    assert page.get_by_role("group", name=b.name).count() == 0  # he cannot vote

    for person, choice in ((a, "pro"), (c, "pro"), (d, "proti"), (e, "pro")):
        page.get_by_role("group", name=person.name).get_by_label(choice, exact=True).check()
    page.get_by_role("button", name="Uložit hlasy").click()
    page.get_by_text("Hlasy byly zapsány.").wait_for()
    page.get_by_role("button", name="Uzavřít hlasování").click()
    page.get_by_text("Návrh byl přijat jako usnesení").wait_for()

    violations = axe(page)
    assert not violations, format_violations(violations)

    # 3 of the 4 without a conflict voted for: more than half → adopted, numbered.
    assert page.locator("#motion-result").inner_text() == "Přijato"
    number = page.locator("#resolution-number").inner_text()
    assert number == "PS-SEN/2030/01"
    counts = page.locator("table.data").first.inner_text()
    assert re.search(r"3\s+1\s+0\s+0\s+1", counts), counts

    # The minutes as PDF.
    _ok(page.goto(meeting_url))
    with page.expect_download() as info:
        page.get_by_role("link", name="Stáhnout zápis (PDF)").click()
    download = info.value
    assert download.suggested_filename == "zapis-ps-sen-2030-05-04.pdf"
    with open(download.path(), "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert number in text
    assert "Odlehčovací služba pro pečující" in text
    assert "střet zájmů" in text

    # The public organisation page shows the published resolution; no axe violation.
    _ok(page.goto(f"{base}/uzemi/valmez/organizace/"))
    assert number in page.locator("main").inner_text()
    violations = axe(page)
    assert not violations, format_violations(violations)
