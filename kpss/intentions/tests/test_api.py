"""The intentions API: who sees which calls and intentions, the check, no personal data."""

from __future__ import annotations

from kpss.intentions.models import Intention
from kpss.intentions.services import call_close, intention_assess, statement_issue
from kpss.intentions.tests.conftest import PASSWORD, STATEMENT_DAY, make_intention


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def test_public_sees_only_closed_calls(client, call, provider_user, coordinator, plan_in_force):
    intention = make_intention(call, provider_user, plan_in_force)
    assert client.get("/api/v1/areas/valmez/intention-calls").json() == []
    assert client.get(f"/api/v1/intention-calls/{call.pk}/intentions").status_code == 404
    assert client.get(f"/api/v1/intentions/{intention.pk}").status_code == 404
    intention_assess(
        actor=coordinator, intention=intention, outcome="consistent", reason="Ano.", gaps={}
    )
    statement_issue(
        actor=coordinator,
        intention=Intention.objects.get(pk=intention.pk),
        signatory_name="Ing. Jana Malá",
        signatory_function="vedoucí odboru",
        today=STATEMENT_DAY,
    )
    call_close(actor=coordinator, call=call)
    calls = client.get("/api/v1/areas/valmez/intention-calls").json()
    assert [c["state"] for c in calls] == ["closed"]
    rows = client.get(f"/api/v1/intention-calls/{call.pk}/intentions").json()
    assert [(r["outcome"], r["statement_number"], r["measures"]) for r in rows] == [
        ("consistent", "1/2025", ["1.1"])
    ]
    assert "Malá" not in str(rows)
    assert client.get(f"/api/v1/intentions/{intention.pk}").status_code == 404


def test_members_see_by_role(
    client, call, provider_user, other_provider, coordinator, other_coordinator, plan_in_force
):
    mine = make_intention(call, provider_user, plan_in_force)
    login(client, provider_user)
    assert [c["window"] for c in client.get("/api/v1/areas/valmez/intention-calls").json()] == [
        "after"
    ]
    rows = client.get(f"/api/v1/intention-calls/{call.pk}/intentions").json()
    assert [r["id"] for r in rows] == [mine.pk]
    detail = client.get(f"/api/v1/intentions/{mine.pk}").json()
    assert detail["check"] == []
    client.logout()
    login(client, other_provider)
    assert client.get(f"/api/v1/intention-calls/{call.pk}/intentions").json() == []
    assert client.get(f"/api/v1/intentions/{mine.pk}").status_code == 404
    client.logout()
    login(client, coordinator)
    detail = client.get(f"/api/v1/intentions/{mine.pk}").json()
    assert detail["check"][0]["code"] == "measure_in_force"
    assert detail["check"][0]["result"] == "pass"
    client.logout()
    login(client, other_coordinator)
    assert client.get("/api/v1/areas/valmez/intention-calls").json() == []
    assert client.get(f"/api/v1/intentions/{mine.pk}").status_code == 404
