"""Personal API tokens on the API, and CSRF protection of session writes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from kpss.accounts.models import ApiToken
from kpss.accounts.services import api_token_create, api_token_revoke
from kpss.core.models import AuditEvent
from kpss.governance.models import Person, Vote
from kpss.governance.services import membership_add, motion_create
from kpss.governance.tests.core_setup import build_org
from kpss.monitoring.tests.conftest import action_plan, plan_in_force  # noqa: F401
from kpss.planning.tests.conftest import codes, open_consultation, plan, working_group  # noqa: F401

from .conftest import problem

pytestmark = pytest.mark.django_db

PROGRESS = {"status": "in_progress", "percent": 40, "evidence_links": []}


def bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def other_area_token(other_coordinator):
    return api_token_create(actor=other_coordinator, user=other_coordinator, name="Test")[1]


def test_a_token_makes_its_owner_the_caller(client, other_area, other_coordinator):
    anonymous = {a["slug"] for a in client.get("/api/v1/areas").json()}
    assert other_area.slug not in anonymous
    _token, secret = api_token_create(actor=other_coordinator, user=other_coordinator, name="T")
    response = client.get("/api/v1/areas", **bearer(secret))
    assert response.status_code == 200
    assert other_area.slug in {a["slug"] for a in response.json()}
    assert ApiToken.objects.get().last_used_at is not None


@pytest.mark.parametrize("case", ["unknown", "revoked", "expired", "empty"])
def test_a_bad_token_is_refused_never_anonymous(client, coordinator, case):
    token, secret = api_token_create(actor=coordinator, user=coordinator, name="T")
    if case == "unknown":
        secret = "kpss_nonsense"
    elif case == "revoked":
        api_token_revoke(actor=coordinator, token=token)
    elif case == "expired":
        ApiToken.objects.filter(pk=token.pk).update(
            expires_on=timezone.localdate() - dt.timedelta(days=1)
        )
    else:
        secret = ""
    response = client.get("/api/v1/areas", **bearer(secret))
    body = problem(response, 401, "invalid_token")
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert secret not in body["detail"] or not secret


def test_other_authorization_schemes_are_left_alone(client, pilot_area):
    assert client.get("/api/v1/areas", HTTP_AUTHORIZATION="Basic eDp5").status_code == 200


def test_a_token_write_succeeds_and_is_audited_as_the_owner(action_plan, provider_user):  # noqa: F811
    item = action_plan.items.get(is_activity=False)
    url = f"/api/v1/areas/valmez/action-items/{item.pk}/progress"
    _token, secret = api_token_create(actor=provider_user, user=provider_user, name="Výkazy")
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(url, PROGRESS, content_type="application/json", **bearer(secret))
    assert response.status_code == 201, response.content
    event = AuditEvent.objects.exclude(verb__startswith="api_token").latest("pk")
    assert event.actor == provider_user
    assert event.object_type.startswith("monitoring.")


def test_a_token_wins_over_a_session_cookie(action_plan, provider_user, officer):  # noqa: F811
    item = action_plan.items.get(is_activity=False)
    url = f"/api/v1/areas/valmez/action-items/{item.pk}/progress"
    _token, secret = api_token_create(actor=officer, user=officer, name="Úřad")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(provider_user)
    response = strict.post(url, PROGRESS, content_type="application/json", **bearer(secret))
    problem(response, 403, "permission_denied")  # the officer is not responsible


def test_a_session_write_needs_the_csrf_token(action_plan, provider_user):  # noqa: F811
    item = action_plan.items.get(is_activity=False)
    url = f"/api/v1/areas/valmez/action-items/{item.pk}/progress"
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(provider_user)
    problem(strict.post(url, PROGRESS, content_type="application/json"), 403, "csrf_failed")
    csrf = "k" * 32  # what the csrftoken cookie of a page with a form would hold
    strict.cookies["csrftoken"] = csrf
    problem(
        strict.post(url, PROGRESS, content_type="application/json", HTTP_X_CSRFTOKEN="j" * 32),
        403,
        "csrf_failed",
    )
    response = strict.post(url, PROGRESS, content_type="application/json", HTTP_X_CSRFTOKEN=csrf)
    assert response.status_code == 201, response.content


def test_session_reads_need_no_csrf_token(coordinator):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(coordinator)
    assert strict.get("/api/v1/areas").status_code == 200


def test_anonymous_comment_needs_no_session_or_csrf(plan):  # noqa: F811
    consultation = open_consultation(plan)
    body = {
        "measure_id": consultation.plan_version.measures.get().pk,
        "author_name": "Jana Nováková",
        "email": "jana@example.org",
        "consent": True,
        "commenter_kind": "citizen",
        "proposed_change": "Doplnit Lhotu.",
    }
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        f"/api/v1/consultations/{consultation.pk}/comments", body, content_type="application/json"
    )
    assert response.status_code == 201, response.content


def test_token_clients_are_not_rate_limited(client, settings, coordinator):
    cache.clear()
    settings.KPSS_API_ANON_RATE = "1/m"
    _token, secret = api_token_create(actor=coordinator, user=coordinator, name="T")
    for _ in range(3):
        assert client.get("/api/v1/areas", **bearer(secret)).status_code == 200
    assert client.get("/api/v1/areas").status_code == 200
    assert client.get("/api/v1/areas").status_code == 429


def test_openapi_declares_the_bearer_scheme(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"
    progress = schema["paths"]["/api/v1/areas/{slug}/action-items/{item_id}/progress"]["post"]
    assert {"BearerToken": []} in progress["security"]


def test_a_token_casts_its_owners_vote(coordinator, provider_user, pilot_area):
    org = build_org(coordinator=coordinator, area=pilot_area)
    person = Person.objects.create(planning_area=pilot_area, name="Člen MT", user=provider_user)
    membership_add(
        actor=coordinator,
        body=org.mt,
        person=person,
        role="member",
        triad_side="provider",
        valid_from=dt.date(2020, 1, 1),
    )
    motion = motion_create(
        actor=coordinator,
        body=org.mt,
        title="Per rollam",
        text="Text.",
        closes_at=timezone.now() + dt.timedelta(days=2),
    )
    _token, secret = api_token_create(actor=provider_user, user=provider_user, name="Hlasování")
    strict = Client(enforce_csrf_checks=True)
    url = f"/api/v1/motions/{motion.pk}/vote"
    vote = {"choice": "for"}
    response = strict.post(url, vote, content_type="application/json", **bearer(secret))
    assert response.status_code == 200, response.content
    assert Vote.objects.get(motion=motion).person == person
    event = AuditEvent.objects.get(verb="motion.vote_cast")
    assert event.actor == provider_user


def test_the_admin_lists_tokens_read_only(client, admin, coordinator):
    api_token_create(actor=coordinator, user=coordinator, name="Import")
    client.force_login(admin)
    page = client.get("/admin/accounts/apitoken/")
    assert page.status_code == 200
    assert "Import" in page.content.decode()
    assert client.get("/admin/accounts/apitoken/add/").status_code == 403
