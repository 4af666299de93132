"""Implementation and evaluation of the plan in a real browser: the coordinator generates and
publishes the action plan for a year; the responsible organisation (Diakonie) reports an
activity's progress with a link and a file as evidence; the coordinator enters an indicator
value, generates the yearly evaluation report, comments it and publishes it; the public
progress page shows the progress and the report. The public progress page, the published
report and the network-goals dashboard have no axe violation."""

from __future__ import annotations

import re
from typing import Any

import pytest

from kpss.planning.tests.conftest import codes, plan, working_group  # noqa: F401
from tests.browser.conftest import format_violations

pytestmark = [pytest.mark.browser]

PASSWORD = "heslo-pro-testy"  # the personas' password in conftest.py


def _ok(response: Any) -> None:
    assert response is not None
    assert response.ok, response.url


def _no_violations(page: Any, axe: Any) -> None:
    violations = axe(page)
    assert not violations, format_violations(violations)


def _login(page: Any, base: str, user: Any, next_path: str) -> None:
    _ok(page.goto(f"{base}/prihlaseni/?next={next_path}"))
    page.get_by_label("Uživatelské jméno").fill(user.username)
    page.get_by_label("Heslo").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Přihlášení").click()
    page.wait_for_url(f"{base}{next_path}")


@pytest.fixture
def plan_in_force(plan, provider_user):  # noqa: F811
    import datetime as dt

    from kpss.organisations.models import Organisation
    from kpss.planning.models import Approval, Measure, PlanVersion
    from kpss.planning.tests.conftest import force_state

    version = plan.versions.get()
    diakonie = Organisation.objects.get(ico="73632783")
    Measure.objects.filter(plan_version=version).update(responsible_organisation=diakonie)
    force_state(version, PlanVersion.State.IN_FORCE)
    Approval.objects.create(
        plan_version=version, body_name="Valná hromada", decided_on=dt.date(2022, 3, 1)
    )
    return plan


def test_action_plan_progress_and_evaluation(
    transactional_db: Any,
    live_server: Any,
    coordinator: Any,
    provider_user: Any,
    plan_in_force: Any,
    browser: Any,
    page: Any,
    axe: Any,
    tmp_path: Any,
) -> None:
    base = live_server.url
    staff_path = "/sprava/uzemi/valmez/plneni/"

    # The coordinator generates the action plan for 2022 and publishes it.
    _login(page, base, coordinator, staff_path)
    generate = page.locator("form[action$='/akcni-plan/']")
    generate.get_by_label("Rok").fill("2022")
    generate.get_by_role("button", name="Vygenerovat akční plán").click()
    page.get_by_text("Akční plán na rok 2022 byl vygenerován z platného plánu.").wait_for()
    action_plan_url = page.url
    assert "Přijmout dvě pečovatelky" in page.locator("main").inner_text()
    page.get_by_role("button", name="Zveřejnit akční plán").click()
    page.get_by_text("Akční plán je zveřejněný; jeho plnění je veřejné.").wait_for()

    # The responsible organisation reports an activity's progress with evidence.
    provider_context = browser.new_context(locale="cs-CZ", timezone_id="Europe/Prague")
    provider = provider_context.new_page()
    _login(provider, base, provider_user, staff_path)
    provider.get_by_role("link", name="Přijmout dvě pečovatelky").click()
    provider.get_by_label("probíhá").check()
    provider.get_by_label("Plnění (%)").fill("50")
    provider.get_by_label("Dosud vyčerpáno (Kč)").fill("120000")
    provider.get_by_label("Odkazy na doklady").fill("https://example.org/vyberove-rizeni")
    evidence = tmp_path / "zapis.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% zapis z vyberoveho rizeni\n")
    provider.get_by_label("Soubor s dokladem").set_input_files(str(evidence))
    provider.get_by_role("button", name="Uložit hlášení").click()
    provider.get_by_text("Hlášení o plnění bylo uloženo.").wait_for()
    history = provider.locator("table.data").last.inner_text()
    assert "https://example.org/vyberove-rizeni" in history
    assert "Soubor" in history
    provider_context.close()

    # The coordinator enters an indicator value.
    _ok(page.goto(f"{base}{staff_path}"))
    page.get_by_role("link", name="Ukazatele: hodnoty a vývoj").click()
    page.locator("#id_value-year").fill("2022")
    page.locator("#id_value-value").fill("131")
    page.get_by_role("button", name="Uložit hodnotu").click()
    page.get_by_text("Hodnota byla uložena.").wait_for()
    assert page.locator("figure.chart svg").count() == 1

    # The evaluation report for 2022: generated, commented and published.
    _ok(page.goto(f"{base}{staff_path}"))
    evaluate = page.locator("form[action$='/hodnoceni/']")
    evaluate.get_by_label("Rok").fill("2022")
    evaluate.get_by_role("button", name="Vygenerovat hodnoticí zprávu").click()
    page.get_by_text("Hodnoticí zpráva byla vygenerována z dat.").wait_for()
    page.get_by_label("Komentář: Shrnutí").fill("Pečovatelky se daří přijímat podle plánu.")
    page.locator("#section-summary").get_by_role("button", name="Uložit komentář").click()
    page.get_by_text("Komentář byl uložen.").wait_for()
    with page.expect_download() as download:
        page.get_by_role("link", name="Stáhnout PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    page.get_by_role("button", name="Zveřejnit hodnocení").click()
    page.get_by_text("Hodnoticí zpráva je zveřejněná a už ji nelze měnit.").wait_for()
    assert page.get_by_role("button", name="Uložit komentář").count() == 0

    # The public progress page shows the progress and the published report.
    citizen_context = browser.new_context(locale="cs-CZ", timezone_id="Europe/Prague")
    citizen = citizen_context.new_page()
    _ok(citizen.goto(f"{base}/uzemi/valmez/plneni/"))
    main = citizen.locator("main").inner_text()
    assert "Rozšířit pečovatelskou službu" in main
    assert "Přijmout dvě pečovatelky: Probíhá" in main
    assert "50 %" in main
    assert "https://example.org/vyberove-rizeni" in main  # the evidence link is public
    _no_violations(citizen, axe)
    citizen.get_by_label("Priorita").select_option("1")
    citizen.get_by_role("button", name="Filtrovat").click()
    citizen.wait_for_url(re.compile(r"priorita=1"))
    assert "Rozšířit pečovatelskou službu" in citizen.locator("main").inner_text()
    _no_violations(citizen, axe)
    citizen.get_by_role("link", name=re.compile("Hodnocení 2022, verze 1")).click()
    assert "Pečovatelky se daří přijímat podle plánu." in citizen.locator("main").inner_text()
    _no_violations(citizen, axe)
    _ok(citizen.goto(f"{base}/uzemi/valmez/plneni/cile-site/"))
    goals = citizen.locator("main").inner_text()
    for title in ("Efektivní", "Stabilní", "Pružná", "Dostupná", "Spravedlivá"):
        assert title in goals
    _no_violations(citizen, axe)
    citizen_context.close()
    assert action_plan_url
