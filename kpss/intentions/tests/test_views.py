"""Staff and public pages of intentions through the Django test client: who sees what, the
provider's form, the coordinator's check, assessment, priorities, statement and documents."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from kpss.intentions.models import Call, Intention
from kpss.intentions.services import intention_assess, statement_issue
from kpss.intentions.tests.conftest import KELC, PASSWORD, make_intention, measure
from kpss.registry.models import Form, Service, ServiceType, TargetGroup
from kpss.territory.models import Municipality

S = Intention.State


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def staff(name, area, *args):
    return reverse(f"intentions:{name}", args=[area.slug, *args])


def shift_to(call: Call, window: str) -> None:
    """Move the call's windows so that today falls into `window` (time passes)."""
    today = timezone.localdate()
    day = dt.timedelta(days=1)
    if window == "submission":
        dates = (today - 5 * day, today + 5 * day, today + 6 * day, today + 15 * day)
    elif window == "statements":
        dates = (today - 20 * day, today - 10 * day, today - day, today + 5 * day)
    else:
        dates = (today - 40 * day, today - 30 * day, today - 20 * day, today - 10 * day)
    Call.objects.filter(pk=call.pk).update(
        submission_from=dates[0],
        submission_to=dates[1],
        statement_from=dates[2],
        statement_to=dates[3],
    )


@pytest.fixture
def two(call, provider_user, other_provider, plan_in_force):
    mine = make_intention(call, provider_user, plan_in_force)
    theirs = make_intention(
        call,
        other_provider,
        plan_in_force,
        service=None,
        new_service_name="Osobní asistence Charity",
        service_type=ServiceType.objects.get(key="39"),
        measures=[measure(plan_in_force, "1.2")],
        title="Osobní asistence pro Rožnovsko",
    )
    return mine, theirs


# Permissions ---------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client, call, pilot_area):
    response = client.get(staff("calls", pilot_area))
    assert response.status_code == 302


def test_another_areas_coordinator_sees_nothing(client, two, other_coordinator, pilot_area):
    mine, _theirs = two
    login(client, other_coordinator)
    for url in (
        staff("calls", pilot_area),
        staff("call", pilot_area, mine.call_id),
        staff("intention", pilot_area, mine.pk),
        staff("call_summary", pilot_area, mine.call_id),
    ):
        assert client.get(url).status_code == 404, url


def test_officer_of_a_municipality_sees_no_intentions(client, two, officer, pilot_area):
    login(client, officer)
    assert client.get(staff("calls", pilot_area)).status_code == 404


def test_provider_sees_only_its_own_intentions(client, two, provider_user, pilot_area):
    mine, theirs = two
    login(client, provider_user)
    page = client.get(staff("call", pilot_area, mine.call_id)).content.decode()
    assert mine.title in page
    assert theirs.title not in page
    assert client.get(staff("intention", pilot_area, mine.pk)).status_code == 200
    assert client.get(staff("intention", pilot_area, theirs.pk)).status_code == 404
    assert client.get(staff("intention_assess", pilot_area, mine.pk)).status_code == 404
    assert client.get(staff("call_summary", pilot_area, mine.call_id)).status_code == 404
    assert (
        "Automatická kontrola"
        not in client.get(staff("intention", pilot_area, mine.pk)).content.decode()
    )


def test_staff_menu_entry(client, call, provider_user, coordinator, officer, pilot_area):
    for user, shown in ((coordinator, True), (provider_user, True), (officer, False)):
        login(client, user)
        page = client.get(reverse("planning:plans", args=[pilot_area.slug])).content.decode()
        assert (staff("calls", pilot_area) in page) is shown, user
        client.logout()


# The provider's form -------------------------------------------------------------------------


def test_provider_saves_and_submits_a_draft(client, call, provider_user, plan_in_force, pilot_area):
    shift_to(call, "submission")
    login(client, provider_user)
    page = client.get(staff("call", pilot_area, call.pk)).content.decode()
    assert "Nový záměr" in page
    form_url = staff("intention_create", pilot_area, call.pk)
    assert client.get(form_url).status_code == 200
    service = Service.objects.get(provider__ico="73632783", service_type__key="40")
    data = {
        "kind": "A",
        "layer": "basic",
        "title": "Víkendová pečovatelská služba",
        "service": service.pk,
        "service_type": ServiceType.objects.get(key="40").pk,
        "form": Form.objects.get(code="ter").pk,
        "target_groups": [TargetGroup.objects.get(name="senioři").pk],
        "municipalities": [Municipality.objects.get(code=KELC).pk],
        "capacity_from": "60",
        "capacity_to": "75",
        "capacity_unit": "klientů",
        "unit_kind": "fte",
        "units_from": "4",
        "units_to": "5,5",
        "start_date": "2026-01-01",
        "total_cost_czk": "900000",
        "funding_region": "600000",
        "justification": "Senioři potřebují péči i o víkendu.",
        "measures": [measure(plan_in_force, "1.1").pk],
    }
    response = client.post(form_url, {**data, "title": ""})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    response = client.post(form_url, data)
    intention = Intention.objects.get()
    assert response.status_code == 302
    assert intention.funding == {"region": 600000}
    assert str(intention.units_to) == "5.50"
    response = client.post(staff("intention_submit", pilot_area, intention.pk), follow=True)
    assert "Záměr byl podán" in response.content.decode()
    intention.refresh_from_db()
    assert intention.state == S.SUBMITTED
    response = client.get(staff("intention_edit", pilot_area, intention.pk))
    assert response.status_code == 302  # frozen


def test_submission_refused_outside_the_window(
    client, call, provider_user, plan_in_force, pilot_area
):
    shift_to(call, "submission")
    intention = make_intention(call, provider_user, plan_in_force, submit=False)
    shift_to(call, "statements")
    login(client, provider_user)
    response = client.post(staff("intention_submit", pilot_area, intention.pk), follow=True)
    assert "lze podávat pouze" in response.content.decode()
    assert Intention.objects.get(pk=intention.pk).state == S.DRAFT


def test_revision_through_the_page(client, call, provider_user, plan_in_force, pilot_area):
    shift_to(call, "submission")
    intention = make_intention(call, provider_user, plan_in_force)
    login(client, provider_user)
    response = client.post(
        staff("intention_revise", pilot_area, intention.pk), {"reason": "Upřesnění úvazků."}
    )
    revision = Intention.objects.get(revision=2)
    assert response["Location"] == staff("intention", pilot_area, revision.pk)


# The coordinator -----------------------------------------------------------------------------


def test_coordinator_assesses_orders_and_issues(
    client, two, coordinator, provider_user, pilot_area, call
):
    mine, theirs = two
    login(client, coordinator)
    page = client.get(staff("call", pilot_area, call.pk)).content.decode()
    assert mine.title in page
    assert theirs.title in page
    assert "Opatření pokrývá druh služby: nesplňuje" in page
    detail = client.get(staff("intention", pilot_area, mine.pk)).content.decode()
    assert "Automatická kontrola" in detail
    response = client.post(
        staff("intention_assess", pilot_area, theirs.pk),
        {"outcome": "not_consistent", "reason": "Opatření 1.2 osobní asistenci nepokrývá."},
    )
    assert response.status_code == 302
    response = client.post(
        staff("intention_assess", pilot_area, mine.pk),
        {"outcome": "conditional", "reason": "Naplňuje opatření 1.1.", "conditions": ""},
    )
    assert response.status_code == 200  # conditions missing
    client.post(
        staff("intention_assess", pilot_area, mine.pk),
        {
            "outcome": "conditional",
            "reason": "Naplňuje opatření 1.1.",
            "conditions": "Jen pro Kelč.",
            "team_decision": "Manažerský tým 2. 12. 2025",
        },
    )
    client.post(
        staff("call_priorities", pilot_area, call.pk),
        {f"rank_{mine.pk}": 1, f"rank_{theirs.pk}": 2},
    )
    assert Intention.objects.get(pk=mine.pk).priority_order == 1
    shift_to(call, "statements")
    response = client.post(
        staff("statement_issue", pilot_area, mine.pk),
        {
            "issued_on": timezone.localdate().isoformat(),
            "signatory_name": "Ing. Jana Malá",
            "signatory_function": "vedoucí odboru sociálních věcí",
        },
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.state == S.STATEMENT_ISSUED

    from pypdf import PdfReader

    client.logout()
    login(client, provider_user)
    response = client.get(staff("statement_download", pilot_area, mine.pk))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert f"Vyjádření č. {mine.statement.number}" in text
    assert "Ing. Jana Malá" in text
    assert "částečném souladu" in text

    from openpyxl import load_workbook

    client.logout()
    login(client, coordinator)
    response = client.get(staff("call_summary", pilot_area, call.pk))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    assert [r[0] for r in rows] == [1, 2]
    assert rows[0][19] == "v částečném souladu, s podmínkami"
    assert rows[1][19] == "v nesouladu s plánem"


# Public --------------------------------------------------------------------------------------


def test_public_list_only_for_closed_calls(client, two, coordinator, pilot_area, call):
    url = reverse("intentions_public:list", args=[pilot_area.slug])
    mine, theirs = two
    page = client.get(url).content.decode()
    assert mine.title not in page
    assert url not in client.get(reverse("portal:area", args=[pilot_area.slug])).content.decode()
    shift_to(call, "statements")
    today = timezone.localdate()
    for intention, outcome in ((mine, "consistent"), (theirs, "not_consistent")):
        intention_assess(
            actor=coordinator, intention=intention, outcome=outcome, reason="Důvod.", gaps={}
        )
        statement_issue(
            actor=coordinator,
            intention=Intention.objects.get(pk=intention.pk),
            signatory_name="Ing. Jana Malá",
            signatory_function="vedoucí odboru",
            today=today,
        )
    call.refresh_from_db()
    from kpss.intentions.services import call_close

    call_close(actor=coordinator, call=call)
    page = client.get(url).content.decode()
    assert mine.title in page
    assert theirs.title in page
    assert "v nesouladu s plánem" in page
    assert "Ing. Jana Malá" not in page  # no personal data
    assert url in client.get(reverse("portal:area", args=[pilot_area.slug])).content.decode()


def test_public_list_of_an_unpublished_area_is_404(client, other_area):
    url = reverse("intentions_public:list", args=[other_area.slug])
    assert client.get(url).status_code == 404


# Calls through the pages ---------------------------------------------------------------------


def test_coordinator_announces_and_edits_a_call(client, coordinator, plan_in_force, pilot_area):
    login(client, coordinator)
    url = staff("call_create", pilot_area)
    page = client.get(url).content.decode()
    assert "1.1 Rozšířit pečovatelskou službu" in page
    data = {
        "title": "Výzva 2027",
        "year": 2027,
        "submission_from": "2026-11-01",
        "submission_to": "2026-12-03",
        "statement_from": "2026-12-01",
        "statement_to": "2026-12-15",
        "layers": ["basic"],
        "measures": [measure(plan_in_force, "1.1").pk],
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Vyjádření začínají až po skončení podávání." in response.content.decode()
    response = client.post(url, {**data, "statement_from": "2026-12-04"})
    call = Call.objects.get(title="Výzva 2027")
    assert response["Location"] == staff("call", pilot_area, call.pk)
    assert list(call.measures.all()) == [measure(plan_in_force, "1.1")]
    edit = staff("call_edit", pilot_area, call.pk)
    assert "Výzva 2027" in client.get(edit).content.decode()
    response = client.post(
        edit,
        {**data, "statement_from": "2026-12-04", "title": "Výzva 2027 – opravená", "version": 1},
    )
    assert response.status_code == 302
    response = client.post(edit, {**data, "statement_from": "2026-12-04", "version": 1})
    assert response.status_code == 200  # a stale edit is refused
    assert Call.objects.get(pk=call.pk).title == "Výzva 2027 – opravená"


def test_provider_cannot_announce_a_call(client, provider_user, pilot_area, call):
    login(client, provider_user)
    assert client.get(staff("call_create", pilot_area)).status_code == 404
    assert client.post(staff("call_close", pilot_area, call.pk)).status_code == 404


def test_dashboard_says_the_days_left(client, coordinator, call, pilot_area):
    shift_to(call, "submission")
    login(client, coordinator)
    page = client.get(staff("calls", pilot_area)).content.decode()
    assert "záměry lze podávat – zbývá 5 dní" in page


def test_managerial_team_member_assesses_but_does_not_manage(
    client, two, manager, pilot_area, call
):
    mine, theirs = two
    login(client, manager)
    page = client.get(staff("call", pilot_area, call.pk)).content.decode()
    assert mine.title in page
    assert theirs.title in page
    response = client.post(
        staff("intention_assess", pilot_area, mine.pk),
        {"outcome": "consistent", "reason": "Rozhodnutí týmu.", "team_decision": "Usn. 1/2026"},
    )
    assert response.status_code == 302
    assert client.get(staff("call_create", pilot_area)).status_code == 404
    assert client.get(staff("statement_issue", pilot_area, mine.pk)).status_code == 404


def test_public_list_queries_do_not_grow_with_intentions(
    client,
    call,
    provider_user,
    coordinator,
    plan_in_force,
    pilot_area,
    django_assert_max_num_queries,
):
    for n in range(4):
        intention = make_intention(call, provider_user, plan_in_force, title=f"Záměr {n}")
        intention_assess(
            actor=coordinator, intention=intention, outcome="consistent", reason="Ano.", gaps={}
        )
    Intention.objects.filter(call=call).update(state=S.STATEMENT_ISSUED)
    Call.objects.filter(pk=call.pk).update(state=Call.State.CLOSED)
    url = reverse("intentions_public:list", args=[pilot_area.slug])
    with django_assert_max_num_queries(25):
        response = client.get(url)
    assert response.content.decode().count("Záměr ") >= 4
