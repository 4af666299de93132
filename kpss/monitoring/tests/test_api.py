"""The monitoring API: what the public reads, what a responsible organisation reports."""

from __future__ import annotations

import pytest

from kpss.monitoring import services

pytestmark = pytest.mark.django_db

API = "/api/v1/areas/valmez"


def test_public_reads_published_action_plans_and_goals(client, action_plan, coordinator):
    [brief] = client.get(f"{API}/action-plans").json()
    assert brief["year"] == 2022
    detail = client.get(f"{API}/action-plans/{action_plan.pk}").json()
    assert detail["items"][0]["title"] == "Rozšířit pečovatelskou službu"
    goals = client.get(f"{API}/network-goals", {"year": 2022}).json()
    assert [g["key"] for g in goals] == ["efficient", "stable", "flexible", "accessible", "fair"]
    assert all(i["definition"] for g in goals for i in g["indicators"])
    draft = services.action_plan_generate(actor=coordinator, plan=action_plan.plan, year=2023)
    assert client.get(f"{API}/action-plans/{draft.pk}").status_code == 404


def test_responsible_organisation_reports_progress(client, action_plan, provider_user, officer):
    item = action_plan.items.get(is_activity=False)
    url = f"{API}/action-items/{item.pk}/progress"
    body = {"status": "in_progress", "percent": 30, "evidence_links": ["https://example.org/a"]}
    assert client.post(url, body, content_type="application/json").status_code == 401
    client.force_login(officer)
    assert client.post(url, body, content_type="application/json").status_code == 403
    client.force_login(provider_user)
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["item"]["percent"] == 30
    bad = client.post(url, {"status": "postponed", "percent": 30}, content_type="application/json")
    assert bad.status_code == 422
    assert bad.json()["code"] == "validation_failed"


def test_evaluation_summary_feeds_the_next_plan(client, action_plan, coordinator):
    plan = action_plan.plan
    empty = client.get(f"{API}/plans/{plan.pk}/evaluation-summary").json()
    assert empty["text"] == ""
    evaluation = services.evaluation_create(actor=coordinator, plan=plan, year=2022)
    assert client.get(f"{API}/evaluations").json() == []
    services.evaluation_publish(actor=coordinator, evaluation=evaluation)
    [listed] = client.get(f"{API}/evaluations").json()
    assert listed["state"] == "published"
    detail = client.get(f"{API}/evaluations/{evaluation.pk}").json()
    assert detail["data"]["year"] == 2022
    summary = client.get(f"{API}/plans/{plan.pk}/evaluation-summary").json()
    assert summary["evaluation_id"] == evaluation.pk
    assert "2022" in summary["text"]
    values = client.get(f"{API}/plans/{plan.pk}/indicator-values").json()
    assert values[0]["indicator"] == "Počet klientů"


def test_other_area_is_not_found(client, other_coordinator, action_plan):
    assert client.get("/api/v1/areas/roznovsko/action-plans").status_code == 404
    client.force_login(other_coordinator)
    item = action_plan.items.first()
    response = client.post(
        f"{API}/action-items/{item.pk}/progress",
        {"status": "done", "percent": 100},
        content_type="application/json",
    )
    assert response.status_code == 403
