"""A needs survey end to end in a real browser: the coordinator builds and publishes it, a
citizen answers it anonymously, the coordinator closes it, reads the results and downloads
the XLSX export. The public questionnaire and the thank-you page have no axe violation."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.browser.conftest import format_violations

pytestmark = [pytest.mark.browser, pytest.mark.urls("kpss.needs.tests.urls_for_tests")]

PASSWORD = "heslo-pro-testy"  # the personas' password in conftest.py


@pytest.fixture
def survey_data(transactional_db: Any, coordinator: Any) -> Any:
    from kpss.registry.models import AgeBand, CodeStatus, TargetGroup

    TargetGroup.objects.create(name="senioři", status=CodeStatus.CONFIRMED)
    AgeBand.objects.create(
        name="senioři (65–80 let)", age_from=65, age_to=80, status=CodeStatus.CONFIRMED
    )
    return coordinator


def _ok(response: Any) -> None:
    assert response is not None
    assert response.ok, response.url


def test_coordinator_runs_a_survey_end_to_end(
    live_server: Any, survey_data: Any, page: Any, browser: Any, axe: Any
) -> None:
    base = live_server.url
    staff = f"{base}/sprava/uzemi/valmez/pruzkumy/"

    # The coordinator logs in and creates the survey.
    _ok(page.goto(f"{base}/prihlaseni/?next=/sprava/uzemi/valmez/pruzkumy/"))
    page.get_by_label("Uživatelské jméno").fill(survey_data.username)
    page.get_by_label("Heslo").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Přihlášení").click()
    page.wait_for_url(staff)
    page.get_by_role("link", name="Vytvořit průzkum").click()
    page.get_by_label("Název").fill("Potřeby pečujících 2026")
    page.get_by_label("Úvod").fill("Ptáme se, co pečujícím chybí.")
    page.get_by_label("Cílová skupina").select_option(label="senioři")
    page.get_by_role("button", name="Vytvořit průzkum").click()
    page.wait_for_url(re.compile(r"/pruzkumy/\d+/$"))

    # Two questions: a required single choice and a scale.
    page.get_by_label("Otázka", exact=False).first.fill("Pečujete o blízkého člověka?")
    page.get_by_role("radio", name="výběr jedné možnosti").check()
    page.get_by_label("Možnosti odpovědi").fill("Ano\nNe")
    page.get_by_label("Odpověď je povinná").check()
    page.get_by_role("button", name="Přidat otázku").click()
    page.wait_for_url(re.compile(r"#questions$"))
    page.get_by_label("Otázka", exact=False).first.fill("Jak jste spokojeni s dostupností služeb?")
    page.get_by_role("radio", name="škála").check()
    page.get_by_role("button", name="Přidat otázku").click()
    page.wait_for_url(re.compile(r"#questions$"))
    questions = page.locator("ol.question-list > li")
    assert questions.count() == 2
    violations = axe(page)
    assert not violations, format_violations(violations)

    page.get_by_role("button", name="Zveřejnit průzkum").click()
    page.get_by_text("Průzkum je zveřejněn a přijímá odpovědi.").wait_for()
    survey_url = page.url
    public_url = page.locator("dt:has-text('Veřejná adresa') + dd a").get_attribute("href")
    assert public_url
    assert "/uzemi/valmez/pruzkumy/" in public_url

    # An anonymous citizen, in a browser context of their own.
    citizen_context = browser.new_context(locale="cs-CZ", timezone_id="Europe/Prague")
    citizen = citizen_context.new_page()
    try:
        _ok(citizen.goto(public_url))
        assert citizen.get_by_role("heading", level=1).inner_text() == "Potřeby pečujících 2026"
        violations = axe(citizen)
        assert not violations, format_violations(violations)

        # Sending without the required answer shows the error summary, linked to the field.
        citizen.get_by_role("group", name=re.compile("Jak jste spokojeni")).get_by_label(
            "4", exact=True
        ).check()
        citizen.get_by_role("button", name="Odeslat odpovědi").click()
        summary = citizen.locator("#error-summary")
        summary.wait_for()
        assert "Pečujete o blízkého člověka?" in summary.inner_text()
        assert (
            citizen.get_by_role("group", name=re.compile("Jak jste spokojeni"))
            .get_by_label("4", exact=True)
            .is_checked()
        )  # the answer given is kept
        violations = axe(citizen)
        assert not violations, format_violations(violations)

        citizen.get_by_role("group", name=re.compile("Pečujete")).get_by_label("Ano").check()
        citizen.get_by_label("Obec, kde bydlíte").select_option(label="Kelč")
        citizen.get_by_label("Váš věk").select_option(label="senioři (65–80 let)")
        citizen.get_by_role("button", name="Odeslat odpovědi").click()
        citizen.wait_for_url(re.compile(r"/dekujeme/$"))
        assert citizen.get_by_role("heading", level=1).inner_text() == "Děkujeme za vaše odpovědi"
        violations = axe(citizen)
        assert not violations, format_violations(violations)
    finally:
        citizen_context.close()

    # The coordinator closes the survey and reads the results.
    _ok(page.goto(survey_url))
    page.get_by_role("button", name="Ukončit průzkum").click()
    page.get_by_text("Průzkum je ukončen").wait_for()
    page.get_by_role("link", name="Výsledky").click()
    page.get_by_role("heading", name="Výsledky: Potřeby pečujících 2026").wait_for()
    assert "1 odpověď" in page.locator(".lead").inner_text()
    single = page.locator("table", has=page.get_by_text("Odpovědi podle možnosti"))
    assert single.locator("tbody tr").first.inner_text().split("\t")[:2] == ["Ano", "1"]
    assert "průměr: 4" in page.locator("main").inner_text()

    violations = axe(page)
    assert not violations, format_violations(violations)

    with page.expect_download() as info:
        page.get_by_role("link", name="Stáhnout odpovědi (XLSX)").click()
    download = info.value
    assert download.suggested_filename == "pruzkum-potreby-pecujicich-2026.xlsx"
    with open(download.path(), "rb") as handle:
        rows = list(load_workbook(io.BytesIO(handle.read())).active.values)
    assert rows[0][4:] == (
        "Pečujete o blízkého člověka?",
        "Jak jste spokojeni s dostupností služeb?",
    )
    assert rows[1][2:] == ("Kelč", "senioři (65–80 let)", "Ano", 4)
