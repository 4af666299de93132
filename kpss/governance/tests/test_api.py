"""Governance endpoints: visibility of bodies and members, motions, and voting per rollam."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kpss.governance.models import Body, Person
from kpss.governance.services import membership_add, motion_close, motion_create, votes_record
from kpss.governance.tests.core_setup import build_org, present

pytestmark = pytest.mark.urls("kpss.governance.tests.urls_for_tests")

PROBLEM = "application/problem+json"


@pytest.fixture
def org(coordinator, pilot_area):
    org = build_org(coordinator=coordinator, area=pilot_area)
    Body.objects.create(
        planning_area=pilot_area, kind="ad_hoc", name="Skrytá", code="SKR", is_public=False
    )
    return org


def test_public_sees_public_bodies_with_counts_not_names(client, org):
    response = client.get("/api/v1/areas/valmez/bodies")
    assert response.status_code == 200
    bodies = {b["code"]: b for b in response.json()}
    assert set(bodies) == {"MT", "PS-SEN"}
    wg = bodies["PS-SEN"]
    assert wg["member_count"] == 5
    assert wg["rules"]["quorum_share"] == 0.5
    assert wg["rules"]["forwards_to"] == org.mt.pk
    assert {t["side"]: t["count"] for t in wg["triad"]}["provider"] == 2
    detail = client.get(f"/api/v1/areas/valmez/bodies/{org.wg.pk}").json()
    assert detail["members"] is None


def test_members_see_names_and_hidden_bodies(client, officer, org):
    client.force_login(officer)
    codes = {b["code"] for b in client.get("/api/v1/areas/valmez/bodies").json()}
    assert "SKR" in codes
    detail = client.get(f"/api/v1/areas/valmez/bodies/{org.wg.pk}").json()
    assert "Alena Nováková" in {m["name"] for m in detail["members"]}


def test_hidden_body_is_404_for_the_public(client, org):
    hidden = Body.objects.get(code="SKR")
    response = client.get(f"/api/v1/areas/valmez/bodies/{hidden.pk}")
    assert response.status_code == 404
    assert response["Content-Type"].startswith(PROBLEM)


def test_unpublished_area_is_404(client, other_area):
    response = client.get("/api/v1/areas/roznovsko/bodies")
    assert response.status_code == 404


def test_meetings_and_resolutions(client, coordinator, org):
    present(org, coordinator, 5)
    motion = motion_create(
        actor=coordinator, body=org.wg, meeting=org.meeting, title="Usnesení", text="Text."
    )
    votes_record(actor=coordinator, motion=motion, votes={p.pk: "for" for p in org.people})
    motion_close(actor=coordinator, motion=motion)
    base = f"/api/v1/areas/valmez/bodies/{org.wg.pk}"
    assert client.get(f"{base}/meetings").json() == []  # not published
    assert client.get(f"{base}/motions").json() == []
    org.meeting.is_public = True
    org.meeting.save()
    assert len(client.get(f"{base}/meetings").json()) == 1
    motions = client.get(f"{base}/motions?resolutions_only=true").json()
    assert motions[0]["number"] == motion.number
    assert motions[0]["count"]["votes_for"] == 5


def test_vote_per_rollam(client, coordinator, provider_user, org):
    person = Person.objects.create(planning_area=org.area, name="Člen MT", user=provider_user)
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
    url = f"/api/v1/motions/{motion.pk}/vote"
    response = client.post(url, {"choice": "for"}, content_type="application/json")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    client.force_login(provider_user)
    response = client.post(url, {"choice": "maybe"}, content_type="application/json")
    assert response.status_code == 422
    response = client.post(url, {"choice": "for"}, content_type="application/json")
    assert response.status_code == 200
    assert response.json() == {"motion": motion.pk, "choice": "for"}
    client.force_login(coordinator)  # not a member of the MT
    response = client.post(url, {"choice": "for"}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "not_a_voting_member"
    meeting_motion = motion_create(
        actor=coordinator, body=org.wg, meeting=org.meeting, title="Na jednání", text="Text."
    )
    client.force_login(provider_user)
    response = client.post(
        f"/api/v1/motions/{meeting_motion.pk}/vote",
        {"choice": "for"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["code"] == "not_per_rollam"
    motion_close(actor=coordinator, motion=motion)
    response = client.post(url, {"choice": "for"}, content_type="application/json")
    assert response.status_code == 409
