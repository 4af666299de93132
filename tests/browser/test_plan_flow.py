"""The mid-term plan end to end in a real browser: the coordinator creates a plan, adds a
priority and a measure and publishes the version for consultation; a citizen without an
account comments on the public page; the coordinator settles the comment, publishes the
settlement, records a council opinion and the assembly's approval; the public sees the plan in
force and the settlement table. The public plan, comment form and settlement pages have no axe
violation."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import timezone

from tests.browser.conftest import format_violations

pytestmark = [pytest.mark.browser]

PASSWORD = "heslo-pro-testy"  # the personas' password in conftest.py


def _ok(response: Any) -> None:
    assert response is not None
    assert response.ok, response.url


def _no_violations(page: Any, axe: Any) -> None:
    violations = axe(page)
    assert not violations, format_violations(violations)


def test_plan_from_draft_to_force(
    transactional_db: Any,
    live_server: Any,
    coordinator: Any,
    pilot_area: Any,
    browser: Any,
    page: Any,
    axe: Any,
) -> None:
    base = live_server.url
    slug = pilot_area.slug
    staff = f"{base}/sprava/uzemi/{slug}/plan/"
    today = timezone.localdate().isoformat()

    _ok(page.goto(f"{base}/prihlaseni/?next=/sprava/uzemi/{slug}/plan/"))
    page.get_by_label("Uživatelské jméno").fill(coordinator.username)
    page.get_by_label("Heslo").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Přihlášení").click()
    page.wait_for_url(staff)

    # A new plan, its first draft: a priority and a measure.
    page.fill("#id_title", "Střednědobý plán 2025–2027")
    page.fill("#id_period_from_year", "2025")
    page.fill("#id_period_to_year", "2027")
    page.get_by_role("button", name="Vytvořit plán").click()
    page.get_by_text("Plán byl vytvořen se svým prvním konceptem.").wait_for()
    page.get_by_role("link", name="Verze 1").click()
    page.wait_for_url(re.compile(r"/verze/\d+/$"))
    version_url = page.url
    page.fill("#id_code", "1")
    page.fill("#id_title", "Senioři doma")
    page.get_by_role("button", name="Přidat prioritu").click()
    page.get_by_text("Priorita 1 byla přidána.").wait_for()
    page.get_by_role("link", name="Přidat opatření k prioritě 1").click()
    page.fill("#id_code", "1.1")
    page.fill("#id_title", "Rozšířit pečovatelskou službu o víkendy")
    page.fill("#id_description", "Terénní péče i o sobotách a nedělích.")
    page.get_by_role("button", name="Přidat opatření").click()
    page.get_by_text("Opatření 1.1 bylo přidáno.").wait_for()
    costs = page.locator("form[action$='/naklady/']")
    costs.locator("#id_cost-year").fill("2025")
    costs.locator("#id_cost-source").select_option("region")
    costs.locator("#id_cost-amount_czk").fill("450000")
    costs.get_by_role("button", name="Nastavit náklad").click()
    page.get_by_text("Uloženo.").wait_for()

    # Publish for consultation.
    _ok(page.goto(version_url))
    page.get_by_role("link", name="Zveřejnit k připomínkám…").click()
    page.fill("#id_starts_on", today)
    page.fill("#id_ends_on", "2099-12-31")
    page.fill("#id_hearing_place", "Kelč, radnice")
    page.get_by_role("button", name="Zveřejnit", exact=True).click()
    page.get_by_text("Verze je zmrazená a zveřejněná k veřejnému připomínkování.").wait_for()

    # A citizen, without an account, comments on the public page.
    citizen_context = browser.new_context(locale="cs-CZ", timezone_id="Europe/Prague")
    citizen = citizen_context.new_page()
    _ok(citizen.goto(f"{base}/uzemi/{slug}/plan/"))
    _no_violations(citizen, axe)
    citizen.locator("main").get_by_role("link", name="Přečíst tuto verzi").click()
    citizen.get_by_role("link", name="Připomínkovat opatření 1.1").click()
    citizen.wait_for_url(re.compile(r"/pripominka/"))
    _no_violations(citizen, axe)
    citizen.get_by_role("button", name="Odeslat připomínku").click()
    citizen.locator("#error-summary").wait_for()
    _no_violations(citizen, axe)
    citizen.fill("#id_author_name", "Jana Nováková")
    citizen.fill("#id_email", "jana@example.org")
    citizen.fill("#id_proposed_change", "Doplnit službu i pro místní části.")
    citizen.fill("#id_justification", "V místních částech žije mnoho seniorů.")
    citizen.get_by_label(re.compile("Souhlasím se zpracováním")).check()
    citizen.get_by_role("button", name="Odeslat připomínku").click()
    citizen.get_by_text("Vaše připomínka byla zaevidována pod číslem 1.").wait_for()

    # The coordinator closes the consultation and settles the comment.
    _ok(page.goto(version_url))
    page.get_by_role("button", name="Ukončit připomínkování a zahájit vypořádání").click()
    page.get_by_role("link", name="Připomínky a vypořádání").click()
    page.get_by_role("link", name="Otevřít připomínku 1").click()
    page.get_by_label("přijatá", exact=True).check()
    page.fill("#id_reason", "Doplněno do opatření 1.1.")
    page.get_by_role("button", name="Uložit vypořádání").click()
    page.get_by_text("Připomínka č. 1 byla vypořádána.").wait_for()
    page.get_by_role("button", name="Zveřejnit vypořádání").click()
    page.get_by_text("Vypořádání bylo zveřejněno a připomínkující byli informováni.").wait_for()

    # Councils and the assembly.
    _ok(page.goto(version_url))
    page.get_by_role("button", name="Předložit zastupitelstvům").click()
    page.get_by_text("Stav verze je nyní").wait_for()
    page.get_by_role("link", name="Stanoviska zastupitelstev").click()
    page.get_by_role("link", name=re.compile("Zaznamenat stanovisko")).first.click()
    page.locator("#id_result").select_option("agrees")
    page.fill("#id_resolution_number", "ZM/12/2026")
    page.fill("#id_decided_on", today)
    page.get_by_role("button", name="Zaznamenat stanovisko").click()
    page.get_by_text(re.compile("Stanovisko obce .* bylo zaznamenáno.")).wait_for()
    assert "Stanovisko vydalo 1 z" in page.locator("main").inner_text()
    _ok(page.goto(version_url))
    page.get_by_role("link", name="Zaznamenat schválení…").click()
    page.fill("#id_body_name", "Valná hromada mikroregionu")
    page.fill("#id_resolution_number", "VH/5/2026")
    page.fill("#id_decided_on", today)
    page.get_by_role("button", name="Zaznamenat schválení").click()
    page.get_by_text("Schválení bylo zaznamenáno; verze je platná.").wait_for()

    # The public sees the plan in force and the settlement table.
    _ok(citizen.goto(f"{base}/uzemi/{slug}/plan/"))
    main = citizen.locator("main").inner_text()
    assert "Rozšířit pečovatelskou službu o víkendy" in main
    assert "VH/5/2026" in main
    _no_violations(citizen, axe)
    citizen.get_by_role("link", name=re.compile("Vypořádání připomínek k plánu")).click()
    table = citizen.locator("table.settlement").inner_text()
    assert "Doplnit službu i pro místní části." in table
    assert "Doplněno do opatření 1.1." in table
    assert "jana@example.org" not in citizen.content()
    _no_violations(citizen, axe)
    citizen_context.close()
