"""Development intentions end to end in a real browser: Diakonie submits a type A intention
linked to measure 1.1 (home care); Charita submits one linked to measure 1.2, which does not
cover its service type; the coordinator sees the automatic check, assesses both, orders them
and – once the statement window has come – issues the statements; Diakonie downloads its PDF;
the coordinator downloads the XLSX summary and closes the call; the public list of the
call's intentions has no axe violation."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from kpss.intentions.models import Call, Intention, NetworkLayer
from kpss.intentions.services import call_create
from kpss.intentions.tests.conftest import (  # noqa: F401  (fixtures)
    other_provider,
    plan_in_force,
    seniors,
)
from tests.browser.conftest import format_violations

pytestmark = [pytest.mark.browser]

PASSWORD = "heslo-pro-testy"  # the personas' password in conftest.py


def _ok(response: Any) -> None:
    assert response is not None
    assert response.ok, response.url


def _login(browser: Any, base: str, username: str, next_url: str) -> Any:
    context = browser.new_context(
        locale="cs-CZ", timezone_id="Europe/Prague", accept_downloads=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    _ok(page.goto(f"{base}/prihlaseni/?next={next_url}"))
    page.get_by_label("Uživatelské jméno").fill(username)
    page.get_by_label("Heslo").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Přihlášení").click()
    page.wait_for_url(f"{base}{next_url}")
    return page


def _submit_intention(page: Any, fields: dict[str, Any]) -> None:
    page.get_by_role("link", name="Nový záměr").click()
    page.get_by_label(fields["kind"]).check()
    page.select_option("#id_layer", "basic")
    page.fill("#id_title", fields["title"])
    if "service" in fields:
        page.select_option("#id_service", label=fields["service"])
    else:
        page.fill("#id_new_service_name", fields["new_service_name"])
    page.select_option("#id_service_type", label=fields["service_type"])
    page.select_option("#id_form", label="terénní")
    page.select_option("#id_target_groups", label="senioři")
    page.select_option("#id_municipalities", label="Kelč")
    page.fill("#id_capacity_from", "0")
    page.fill("#id_capacity_to", "20")
    page.fill("#id_capacity_unit", "klientů")
    page.select_option("#id_unit_kind", "fte")
    page.fill("#id_units_from", fields["units_from"])
    page.fill("#id_units_to", fields["units_to"])
    page.fill("#id_total_cost_czk", "900000")
    page.fill("#id_funding_region", "600000")
    page.fill("#id_justification", "Rostoucí počet seniorů, kteří potřebují péči doma.")
    page.get_by_label(fields["measure"]).check()
    page.get_by_role("button", name="Uložit koncept").click()
    page.get_by_text("Koncept byl uložen.").wait_for()
    page.get_by_role("button", name="Podat záměr").click()
    page.get_by_text("Záměr byl podán.").wait_for()


def test_intentions_from_submission_to_statement(
    transactional_db: Any,
    live_server: Any,
    browser: Any,
    page: Any,
    axe: Any,
    coordinator: Any,
    provider_user: Any,
    other_provider: Any,  # noqa: F811
    plan_in_force: Any,  # noqa: F811
    pilot_area: Any,
    tmp_path: Path,
) -> None:
    base = live_server.url
    slug = pilot_area.slug
    today = timezone.localdate()
    day = dt.timedelta(days=1)
    in_force = plan_in_force.versions.get(state="in_force")
    call = call_create(
        actor=coordinator,
        area=pilot_area,
        title="Výzva k podání rozvojových záměrů",
        year=2026,
        submission_from=today - 3 * day,
        submission_to=today + 3 * day,
        statement_from=today + 4 * day,
        statement_to=today + 14 * day,
        layers=[NetworkLayer.BASIC, NetworkLayer.POOL],
        regional_needs="12",
        measures=list(in_force.measures.all()),
    )
    staff = f"/sprava/uzemi/{slug}/zamery/"
    call_url = f"{staff}vyzvy/{call.pk}/"

    # Diakonie: a type A intention for measure 1.1.
    diakonie = _login(browser, base, provider_user.username, staff)
    diakonie.get_by_role("link", name=call.title).click()
    _submit_intention(
        diakonie,
        {
            "kind": "A – odpovídá na výzvu nebo opatření akčního plánu",
            "title": "Pečovatelská služba i o víkendech",
            "service": "Pečovatelská služba",
            "service_type": "§ 40 Pečovatelská služba",
            "units_from": "4",
            "units_to": "5,5",
            "measure": "1.1 Rozšířit pečovatelskou službu",
        },
    )

    # Charita: a new personal-assistance service under measure 1.2 (respite care).
    charita = _login(browser, base, other_provider.username, call_url)
    _submit_intention(
        charita,
        {
            "kind": "A – odpovídá na výzvu nebo opatření akčního plánu",
            "title": "Osobní asistence v Kelči",
            "new_service_name": "Osobní asistence Charity",
            "service_type": "§ 39 Osobní asistence",
            "units_from": "0",
            "units_to": "2",
            "measure": "1.2 Odlehčovací pobyty pro pečující",
        },
    )
    # Each provider sees only its own intention.
    _ok(charita.goto(f"{base}{call_url}"))
    assert charita.get_by_text("Pečovatelská služba i o víkendech").count() == 0
    charita.context.close()

    # The coordinator: the automatic check, assessments and the priority order.
    coord = page
    _ok(coord.goto(f"{base}/prihlaseni/?next={call_url}"))
    coord.get_by_label("Uživatelské jméno").fill(coordinator.username)
    coord.get_by_label("Heslo").fill(PASSWORD)
    coord.locator("main").get_by_role("button", name="Přihlášení").click()
    coord.wait_for_url(f"{base}{call_url}")
    table = coord.locator("table.intentions")
    assert table.get_by_text("Opatření pokrývá druh služby: nesplňuje").count() == 1
    mine = Intention.objects.get(title="Pečovatelská služba i o víkendech")
    theirs = Intention.objects.get(title="Osobní asistence v Kelči")

    coord.get_by_role("link", name="Osobní asistence v Kelči").click()
    check = coord.locator("table.checks")
    assert "nesplňuje" in check.locator("tr", has_text="Opatření pokrývá druh služby").inner_text()
    coord.get_by_role("link", name="Posoudit záměr").click()
    coord.get_by_label("v nesouladu s plánem").check()
    coord.fill("#id_reason", "Opatření 1.2 se týká odlehčovacích služeb, ne osobní asistence.")
    coord.fill("#id_team_decision", "Manažerský tým, usnesení 3/2026")
    coord.get_by_role("button", name="Uložit posouzení").click()
    coord.get_by_text("Posouzení bylo uloženo.").wait_for()

    _ok(coord.goto(f"{base}{staff}{mine.pk}/"))
    assert coord.locator("table.checks").get_by_text("nesplňuje").count() == 0
    coord.get_by_role("link", name="Posoudit záměr").click()
    coord.get_by_label("v souladu s plánem", exact=True).check()
    coord.fill("#id_reason", "Záměr naplňuje opatření 1.1 a nepřesahuje plánované navýšení.")
    coord.get_by_role("button", name="Uložit posouzení").click()
    coord.get_by_text("Posouzení bylo uloženo.").wait_for()

    _ok(coord.goto(f"{base}{call_url}"))
    coord.get_by_label(f"Pořadí záměru {mine.number}").fill("1")
    coord.get_by_label(f"Pořadí záměru {theirs.number}").fill("2")
    coord.get_by_role("button", name="Uložit pořadí").click()
    coord.get_by_text("Pořadí bylo uloženo.").wait_for()

    # Time passes: the submissions close and the statement window opens.
    Call.objects.filter(pk=call.pk).update(
        submission_from=today - 20 * day,
        submission_to=today - 2 * day,
        statement_from=today - day,
        statement_to=today + 9 * day,
    )
    for intention in (mine, theirs):
        _ok(coord.goto(f"{base}{staff}{intention.pk}/"))
        coord.get_by_role("link", name="Vydat vyjádření").click()
        coord.fill("#id_signatory_name", "Ing. Jana Malá")
        coord.fill("#id_signatory_function", "vedoucí odboru sociálních věcí")
        coord.get_by_role("button", name="Vydat vyjádření").click()
        coord.get_by_text("bylo vydáno").wait_for()
    year = today.year

    # The provider downloads its statement.
    _ok(diakonie.goto(f"{base}{staff}{mine.pk}/"))
    with diakonie.expect_download() as info:
        diakonie.get_by_role("link", name=f"Stáhnout vyjádření č. 1/{year} (PDF)").click()
    pdf_path = tmp_path / "vyjadreni.pdf"
    info.value.save_as(pdf_path)
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(str(pdf_path)).pages)
    assert f"Vyjádření č. 1/{year}" in text
    assert "v souladu s komunitním plánem" in text
    assert "1.1 Rozšířit pečovatelskou službu" in text
    diakonie.context.close()

    # The coordinator downloads the summary for the Regional Office and closes the call.
    _ok(coord.goto(f"{base}{call_url}"))
    with coord.expect_download() as info:
        coord.get_by_role("link", name="Stáhnout souhrn (XLSX)").click()
    xlsx_path = tmp_path / "souhrn.xlsx"
    info.value.save_as(xlsx_path)
    from openpyxl import load_workbook

    rows = list(
        load_workbook(io.BytesIO(xlsx_path.read_bytes())).active.iter_rows(
            min_row=5, values_only=True
        )
    )
    assert [(r[0], r[7], r[19], r[23]) for r in rows] == [
        (1, "Pečovatelská služba", "v souladu s plánem", f"1/{year}"),
        (2, "Osobní asistence Charity", "v nesouladu s plánem", f"2/{year}"),
    ]
    coord.get_by_role("button", name="Uzavřít výzvu a zveřejnit výsledky").click()
    coord.get_by_text("Výzva byla uzavřena").wait_for()
    coord.context.clear_cookies()

    # The public list of the closed call.
    public_url = f"{base}/uzemi/{slug}/zamery/"
    _ok(coord.goto(f"{base}/uzemi/{slug}/"))
    coord.locator("nav.main-nav").get_by_role("link", name="Rozvojové záměry").click()
    coord.wait_for_url(public_url)
    assert coord.get_by_text("Osobní asistence v Kelči").count() == 1
    assert coord.get_by_text("Ing. Jana Malá").count() == 0
    violations = axe(coord)
    assert not violations, format_violations(violations)
