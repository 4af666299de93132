"""The municipal co-financing programme end to end in a real browser: the coordinator sets up
the 2024 programme and its contributions are computed; a provider applies and the
coordinator enters a paper application of another provider; two assessors score, one of them
blocked by a declared conflict of interest; the committee adjusts one amount with a reason;
the assembly's approval is recorded; a contract and a final settlement are recorded; the
per-municipality report shows each municipality's money and its residents' services. The
public programme pages have no axe violation."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import format_violations

pytestmark = [pytest.mark.browser]

PASSWORD = "heslo-pro-testy"  # the personas' password in conftest.py
PARTICIPANTS_2021 = [
    "Branky",
    "Choryně",
    "Jarcová",
    "Kelč",
    "Krhová",
    "Kunovice",
    "Lešná",
    "Loučka",
    "Police",
    "Poličná",
    "Střítež nad Bečvou",
    "Velká Lhota",
    "Zašová",
]


def _ok(response: Any) -> None:
    assert response is not None
    assert response.ok, response.url


def _no_violations(page: Any, axe: Any) -> None:
    violations = axe(page)
    assert not violations, format_violations(violations)


def _member(username: str, area: Any) -> Any:
    from kpss.accounts.models import User
    from kpss.organisations.models import Membership, Organisation

    user = User.objects.create_user(username=username, password=PASSWORD)
    org, _ = Organisation.objects.get_or_create(kind="union", name="Hodnoticí komise")
    Membership.objects.create(user=user, organisation=org, planning_area=area, role="member")
    return user


def _login(browser: Any, base: str, username: str, next_url: str) -> Any:
    context = browser.new_context(locale="cs-CZ", timezone_id="Europe/Prague")
    context.set_default_timeout(15_000)
    page = context.new_page()
    _ok(page.goto(f"{base}/prihlaseni/?next={next_url}"))
    page.get_by_label("Uživatelské jméno").fill(username)
    page.get_by_label("Heslo").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Přihlášení").click()
    page.wait_for_url(f"{base}{next_url}")
    return page


def _seed_usual_costs(coordinator: Any, area: Any) -> None:
    from kpss.financing.services import usual_costs_import
    from kpss.financing.tests.conftest import USUAL_COSTS

    usual_costs_import(actor=coordinator, area=area, path=USUAL_COSTS)


def test_programme_from_setup_to_settlement(
    transactional_db: Any,
    live_server: Any,
    pilot_registry: Any,
    coordinator: Any,
    provider_user: Any,
    browser: Any,
    page: Any,
    axe: Any,
) -> None:
    base = live_server.url
    slug = pilot_registry.slug
    staff = f"/sprava/uzemi/{slug}/financovani/"
    _seed_usual_costs(coordinator, pilot_registry)
    assessor_a = _member("hodnotitel-a", pilot_registry)
    assessor_b = _member("hodnotitel-b", pilot_registry)

    # The coordinator sets up the 2024 programme.
    coord = _login(browser, base, coordinator.username, staff)
    coord.fill("#id_year", "2024")
    coord.fill("#id_title", "Program kofinancování sociálních služeb 2024")
    coord.fill("#id_call_from", "2024-03-01")
    coord.fill("#id_call_to", "2024-03-31")
    coord.get_by_role("button", name="Vytvořit program").click()
    coord.get_by_text("Program byl vytvořen.").wait_for()
    programme_url = coord.url
    for name in PARTICIPANTS_2021:
        coord.get_by_label(name, exact=True).check()
    coord.get_by_role("button", name="Uložit zapojené obce").click()
    coord.get_by_text("Zapojené obce byly uloženy a příspěvky spočítány.").wait_for()
    coord.fill("#id_fixed_czk", "10000")
    coord.fill("#id_per_inhabitant", "50")
    coord.get_by_label("Vzorec je ilustrativní (není to skutečný klíč)").check()
    coord.get_by_role("button", name="Spočítat příspěvky").click()
    coord.get_by_text("Příspěvky byly spočítány.").wait_for()
    kelc_row = coord.locator("tr", has=coord.get_by_role("rowheader", name="Kelč", exact=True))
    from kpss.territory.models import PopulationFact

    kelc_people = PopulationFact.objects.filter(municipality__code="542989").latest(
        "reference_date"
    )
    expected = f"{10_000 + 50 * kelc_people.total:,}".replace(",", "\u00a0")
    assert expected in kelc_row.inner_text()
    for criterion in ("Potřebnost", "Kvalita"):
        coord.fill("#id_name", criterion)
        coord.fill("#id_max_points", "50")
        coord.get_by_role("button", name="Přidat kritérium").click()
        coord.get_by_text("Kritérium bylo přidáno.").wait_for()
    coord.get_by_role("button", name="Otevřít výzvu").click()
    coord.get_by_text("Výzva otevřena").first.wait_for()

    # The provider applies for its own service.
    provider = _login(browser, base, provider_user.username, f"{staff}2024/")
    provider.get_by_role("link", name="Podat žádost").click()
    provider.select_option("#id_service", label="Pečovatelská služba")
    provider.fill("#id_requested_amount", "400000")
    provider.fill("#id_units", "2")
    provider.fill("#id_total_cost", "3000000")
    provider.fill("#id_non_public_revenue", "700000")
    provider.fill("#id_other_public_funding", "1200000")
    provider.get_by_label("Uživatelé z obce Kelč").fill("12")
    provider.get_by_label("Uživatelé z obce Zašová").fill("8")
    provider.get_by_role("button", name="Podat žádost").click()
    provider.get_by_text("Žádost 1 byla podána.").wait_for()
    care_url = provider.url

    # The coordinator enters a paper application of another provider.
    _ok(coord.goto(f"{base}{staff}2024/zadost/"))
    coord.select_option("#id_service", label="Domov pro seniory Valašské Meziříčí")
    coord.fill("#id_requested_amount", "300000")
    coord.fill("#id_units", "10")
    coord.fill("#id_total_cost", "6000000")
    coord.fill("#id_non_public_revenue", "3500000")
    coord.fill("#id_other_public_funding", "1500000")
    coord.get_by_label("Uživatelé z obce Kelč").fill("3")
    coord.get_by_label("Uživatelé z obce Lešná").fill("2")
    coord.get_by_role("button", name="Podat žádost").click()
    coord.get_by_text("Žádost 2 byla podána.").wait_for()
    home_url = coord.url

    # Assessment: both assessors on both applications.
    _ok(coord.goto(programme_url))
    coord.get_by_role("button", name="Uzavřít výzvu a zahájit hodnocení").click()
    coord.get_by_text("Uloženo.").wait_for()
    for url in (care_url, home_url):
        _ok(coord.goto(url))
        for assessor in (assessor_a, assessor_b):
            coord.select_option("#id_assessor", label=assessor.username)
            coord.get_by_role("button", name="Přidělit hodnotitele").click()
            coord.get_by_text("Hodnotitel byl přidělen.").wait_for()

    # Assessor A scores both.
    first = _login(browser, base, assessor_a.username, care_url.removeprefix(base))
    for url, points in ((care_url, "40"), (home_url, "30")):
        _ok(first.goto(url))
        first.get_by_label("Potřebnost (0–50 bodů)").fill(points)
        first.get_by_label("Kvalita (0–50 bodů)").fill(points)
        first.get_by_role("button", name="Uložit hodnocení").click()
        first.get_by_text("Vaše hodnocení bylo uloženo.").wait_for()

    # Assessor B declares a conflict with the provider of the first application: blocked.
    second = _login(browser, base, assessor_b.username, care_url.removeprefix(base))
    second.fill("#id_reason", "Člen správní rady poskytovatele")
    second.get_by_role("button", name="Ohlásit střet zájmů").click()
    second.get_by_text("Váš střet zájmů byl zaznamenán").wait_for()
    second.get_by_text("tuto žádost nemůžete hodnotit").wait_for()
    assert second.get_by_role("button", name="Uložit hodnocení").count() == 0
    _ok(second.goto(home_url))
    second.get_by_label("Potřebnost (0–50 bodů)").fill("35")
    second.get_by_label("Kvalita (0–50 bodů)").fill("35")
    second.get_by_role("button", name="Uložit hodnocení").click()
    second.get_by_text("Vaše hodnocení bylo uloženo.").wait_for()

    # The committee: proposed amounts by the rule, one adjusted with a reason.
    _ok(coord.goto(programme_url))
    coord.get_by_role("button", name="Spočítat navržené částky").click()
    coord.get_by_text("Navržené částky byly spočítány podle pravidla.").wait_for()
    _ok(coord.goto(home_url))
    coord.fill("#id_amount", "250000")
    coord.fill("#id_reason", "Nižší obsazenost domova v předchozím roce")
    coord.get_by_role("button", name="Upravit částku").click()
    coord.get_by_text("Částka byla upravena.").wait_for()
    coord.get_by_text("Nižší obsazenost domova v předchozím roce").wait_for()

    # The assembly approves.
    _ok(coord.goto(programme_url))
    coord.fill("#id_resolution_number", "VH 3/2024")
    coord.fill("#id_approved_on", "2024-06-10")
    coord.get_by_role("button", name="Zapsat schválení valnou hromadou").click()
    coord.get_by_text("Schválen valnou hromadou").first.wait_for()

    # Contract and final settlement of the provider's grant.
    _ok(coord.goto(care_url))
    coord.fill("#id_contract_number", "VPS 1/2024")
    coord.fill("#id_signed_on", "2024-07-01")
    coord.get_by_role("button", name="Zapsat smlouvu").click()
    coord.get_by_text("Smlouva byla zapsána.").wait_for()
    coord.fill("#id_amount_used", "390000")
    coord.fill("#id_settled_on", "2025-01-31")
    coord.get_by_role("button", name="Zapsat vyúčtování").click()
    coord.get_by_text("Vyúčtování bylo zapsáno.").wait_for()
    coord.get_by_text(re.compile(r"vráceno 10\s000")).wait_for()

    # The per-municipality report: Kelč's money and its residents' services.
    _ok(coord.goto(programme_url))
    coord.get_by_role("link", name="Podle obcí").click()
    kelc = coord.locator("section", has=coord.get_by_role("heading", name="Kelč", exact=True))
    text = kelc.inner_text()
    assert "Pečovatelská služba" in text
    assert "Domov pro seniory Valašské Meziříčí" in text
    # 12 of 20 users of the care service (60 % of 400 000) and 3 of 5 of the home (60 % of
    # 250 000) live in Kelč.
    assert "240\u00a0000" in text
    assert "150\u00a0000" in text
    assert "390\u00a0000" in text

    # The public sees the approved summary without assessors, and the pages pass axe.
    _ok(page.goto(f"{base}/uzemi/{slug}/financovani/"))
    _no_violations(page, axe)
    page.get_by_role("link", name="Program kofinancování sociálních služeb 2024").click()
    page.get_by_role("heading", name="Schválené dotace").wait_for()
    public_text = page.locator("main").inner_text()
    assert "hodnotitel" not in public_text
    assert "Ilustrativní" in public_text or "ilustrativní" in public_text
    _no_violations(page, axe)
    for extra in (coord, provider, first, second):
        extra.context.close()


def test_public_programme_pages_of_the_demo(
    transactional_db: Any, live_server: Any, pilot_registry: Any, page: Any, axe: Any
) -> None:
    """The real 2020 figures and the illustrative 2024 programme on the public pages."""
    from django.core.management import call_command

    call_command("demo_financing")
    base = f"{live_server.url}/uzemi/{pilot_registry.slug}/financovani/"
    _ok(page.goto(base))
    _no_violations(page, axe)
    _ok(page.goto(f"{base}2020/"))
    page.get_by_text(re.compile(r"rozděleno 1\s780\s000\s*Kč na 50 žádostí od 19")).wait_for()
    _no_violations(page, axe)
    _ok(page.goto(f"{base}2024/"))
    page.get_by_text("Ilustrativní obsah").first.wait_for()
    _no_violations(page, axe)


def test_provider_imports_its_budgets_from_a_file(
    transactional_db: Any,
    live_server: Any,
    pilot_registry: Any,
    provider_user: Any,
    browser: Any,
    axe: Any,
    tmp_path: Any,
) -> None:
    """A provider finds the import on the programmes page, checks a cp1250 file with
    decimal commas (nothing written), imports it, and a file with another provider's service
    is refused with the row and column named."""
    from kpss.financing.models import ServiceBudget

    base = live_server.url
    staff = f"/sprava/uzemi/{pilot_registry.slug}/financovani/"
    header = (
        "identifikátor služby;rok;verze;jednotky;náklady osobní;náklady provozní;"
        "náklady ostatní;výnosy stát a kraj;výnosy obce;výnosy úhrady uživatelů;"
        "výnosy příspěvek na péči;výnosy zdravotní pojišťovny;výnosy EU;"
        "výnosy ostatní veřejné;výnosy dary;výnosy ostatní;uživatelé Kelč\r\n"
    )
    own = tmp_path / "rozpocty.csv"
    own.write_bytes(
        (header + "portal:6281;2025;plán;6,5;1 250 000,50;312 000;;900 000;;;;;;;;;21\r\n").encode(
            "cp1250"
        )
    )
    foreign = tmp_path / "cizi.csv"
    foreign.write_bytes((header + "kpss-valmez-08;2025;plán;78;1;;;;;;;;;;;;\r\n").encode("cp1250"))
    page = _login(browser, base, "diakonie", staff)
    page.get_by_role("link", name="Importovat rozpočty ze souboru (XLSX nebo CSV)").click()
    page.wait_for_url(f"{base}{staff}rozpocty/import/")
    _no_violations(page, axe)
    page.get_by_label("Soubor s rozpočty").set_input_files(str(own))
    page.get_by_label("Jen zkontrolovat").check()
    page.get_by_role("button", name="Importovat").click()
    page.locator("#import-counts").wait_for()
    assert "nic se nezapsalo" in page.locator("#import-result").inner_text()
    assert ServiceBudget.objects.count() == 0
    page.get_by_label("Soubor s rozpočty").set_input_files(str(own))
    page.get_by_role("button", name="Importovat").click()
    page.locator("#import-counts").wait_for()
    assert ServiceBudget.objects.get().cost_personnel == 1_250_001
    page.get_by_label("Soubor s rozpočty").set_input_files(str(foreign))
    page.get_by_role("button", name="Importovat").click()
    problems = page.locator("#import-problems")
    problems.wait_for()
    assert "jinému poskytovateli" in problems.inner_text()
    assert "identifikátor služby" in problems.inner_text()
    _no_violations(page, axe)
    assert ServiceBudget.objects.count() == 1
