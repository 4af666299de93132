"""The planning API: visibility, snapshots, diffs, anonymous comments and the settlement."""

from __future__ import annotations

import pytest

from kpss.planning import states
from kpss.planning.models import Comment, PlanVersion
from kpss.planning.services import (
    plan_version_create_draft,
    plan_version_transition,
)
from kpss.planning.services_consultation import comment_settle

from .conftest import add_comment, force_state, open_consultation

pytestmark = pytest.mark.urls("kpss.planning.tests.urls_for_tests")

PROBLEM = "application/problem+json"
S = PlanVersion.State


def _comment(consultation, **overrides):
    body = {
        "measure_id": consultation.plan_version.measures.get().pk,
        "author_name": "Jana Nováková",
        "email": "jana@example.org",
        "consent": True,
        "commenter_kind": "citizen",
        "proposed_change": "Doplnit Lhotu.",
    }
    body.update(overrides)
    return body


def test_the_public_never_sees_a_draft(client, plan, coordinator):
    draft = plan.versions.get()
    assert client.get("/api/v1/areas/valmez/plans").json() == []
    assert client.get(f"/api/v1/plans/{plan.pk}").status_code == 404
    response = client.get(f"/api/v1/plan-versions/{draft.pk}")
    assert response.status_code == 404
    assert response["Content-Type"].startswith(PROBLEM)
    client.force_login(coordinator)
    [listed] = client.get("/api/v1/areas/valmez/plans").json()
    assert listed["in_force_version"] is None
    detail = client.get(f"/api/v1/plan-versions/{draft.pk}").json()
    assert detail["state"] == "draft"
    assert detail["content"]["priorities"][0]["measures"][0]["code"] == "1.1"


def test_public_plan_shows_versions_in_consultation_and_in_force(client, plan, coordinator):
    consultation = open_consultation(plan)
    version = consultation.plan_version
    [listed] = client.get("/api/v1/areas/valmez/plans").json()
    assert listed["consultation_version"] == {"id": version.pk, "number": 1}
    detail = client.get(f"/api/v1/plans/{plan.pk}").json()
    assert [v["state"] for v in detail["versions"]] == ["in_consultation"]
    assert detail["consultations"][0]["accepting_comments"] is True
    snapshot = client.get(f"/api/v1/plan-versions/{version.pk}").json()
    assert snapshot["consultation_id"] == consultation.pk
    assert snapshot["content"] == version.content


def test_diff_endpoint(client, plan, coordinator):
    first = force_state(plan.versions.get(), S.IN_CONSULTATION)
    draft = plan_version_create_draft(actor=coordinator, plan=plan)
    draft.measures.update(title="Jiný název")
    client.force_login(coordinator)
    diff = client.get(f"/api/v1/plan-versions/{first.pk}/diff/{draft.pk}").json()
    assert diff["measures"][0]["changes"][0]["field"] == "title"
    client.logout()
    assert client.get(f"/api/v1/plan-versions/{first.pk}/diff/{draft.pk}").status_code == 404


def test_anonymous_comment_and_field_errors(client, plan):
    consultation = open_consultation(plan)
    url = f"/api/v1/consultations/{consultation.pk}/comments"
    response = client.post(url, _comment(consultation), content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json() == {"consultation": consultation.pk, "number": 1}
    bad = client.post(
        url,
        _comment(consultation, email="x", consent=False, proposed_change=""),
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad["Content-Type"].startswith(PROBLEM)
    fields = {e["field"] for e in bad.json()["errors"]}
    assert fields == {"email", "consent", "proposed_change"}


def test_rate_limit_gives_429(client, plan):
    consultation = open_consultation(plan)
    url = f"/api/v1/consultations/{consultation.pk}/comments"
    for n in range(10):
        add_comment(consultation, email=f"x{n}@example.org", ip="127.0.0.1")
    response = client.post(url, _comment(consultation), content_type="application/json")
    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"


def test_honeypot_and_closed_consultation(client, plan, coordinator):
    consultation = open_consultation(plan)
    url = f"/api/v1/consultations/{consultation.pk}/comments"
    trap = client.post(url, _comment(consultation, website="x"), content_type="application/json")
    assert trap.status_code == 422
    assert trap.json()["code"] == "comment_rejected"
    plan_version_transition(
        actor=coordinator, version=consultation.plan_version, action=states.CLOSE_CONSULTATION
    )
    closed = client.post(url, _comment(consultation), content_type="application/json")
    assert closed.json()["code"] == "consultation_closed"
    assert not Comment.objects.exists()


def test_settlement_is_public_once_published(client, plan, coordinator):
    consultation = open_consultation(plan)
    comment = add_comment(consultation, organisation="Obec Lhota", commenter_kind="municipality")
    version = consultation.plan_version
    plan_version_transition(actor=coordinator, version=version, action=states.CLOSE_CONSULTATION)
    url = f"/api/v1/consultations/{consultation.pk}/settlement"
    assert client.get(url).json()["code"] == "settlement_not_published"
    comment_settle(
        actor=coordinator, comment=comment, expected_version=1, outcome="accepted", reason="Ano."
    )
    plan_version_transition(actor=coordinator, version=version, action=states.REVISE)
    table = client.get(url).json()
    assert table["version"] == {"id": version.pk, "number": 1}
    [row] = table["rows"]
    assert row["commenter"] == "Obec Lhota"
    assert row["outcome"] == "accepted"
    assert "jana@example.org" not in str(table)
    assert "Jana" not in str(table)


def test_unpublished_area_is_a_404(client, other_area, other_coordinator):
    assert client.get("/api/v1/areas/roznovsko/plans").status_code == 404
    client.force_login(other_coordinator)
    assert client.get("/api/v1/areas/roznovsko/plans").json() == []
