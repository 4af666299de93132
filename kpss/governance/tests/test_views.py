"""Staff and public pages of the planning organisation, through the Django test client."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kpss.governance.models import Attendance, Body, Meeting, Motion
from kpss.governance.services import (
    meeting_create,
    minutes_save,
    motion_close,
    motion_create,
    votes_record,
)
from kpss.governance.tests.core_setup import build_org, present

pytestmark = pytest.mark.urls("kpss.governance.tests.urls_for_tests")

SLUG = "valmez"


@pytest.fixture
def org(coordinator, pilot_area):
    return build_org(coordinator=coordinator, area=pilot_area)


def _url(name, **kwargs):
    return reverse(f"governance:{name}", kwargs={"slug": SLUG, **kwargs})


def _adopted(org, coordinator, *, public=True):
    if public:
        org.meeting.is_public = True
        org.meeting.save()
    present(org, coordinator, 5)
    motion = motion_create(
        actor=coordinator,
        body=org.wg,
        meeting=org.meeting,
        title="Doporučení odlehčovací služby",
        text="PS doporučuje odlehčovací službu.",
    )
    votes_record(actor=coordinator, motion=motion, votes={p.pk: "for" for p in org.people})
    motion_close(actor=coordinator, motion=motion)
    return motion


def test_anonymous_is_sent_to_login(client, org):
    response = client.get(_url("organisation"))
    assert response.status_code == 302
    assert "/prihlaseni/" in response["Location"]


def test_organisation_shows_triad_balance(client, coordinator, org):
    client.force_login(coordinator)
    response = client.get(_url("organisation"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Pracovní skupina Senioři" in html
    # 5 members: commissioner 1, provider 2, user 1, public 1 → 20 / 40 / 20 / 20 %
    assert 'role="img"' in html
    assert "40 %" in html


def test_outsider_of_an_unpublished_area_gets_404(client, other_coordinator, org, other_area):
    client.force_login(other_coordinator)
    assert client.get(_url("organisation")).status_code == 403  # pilot is public: seen, no right
    other = reverse("governance:organisation", kwargs={"slug": "roznovsko"})
    client.logout()
    from kpss.accounts.models import User

    stranger = User.objects.create_user(username="cizinec", password="x")
    client.force_login(stranger)
    assert client.get(other).status_code == 404


def test_body_detail_and_member_add(client, coordinator, org):
    client.force_login(coordinator)
    url = _url("body_detail", body_id=org.wg.pk)
    assert client.get(url).status_code == 200
    response = client.post(
        _url("membership_add", body_id=org.wg.pk),
        {
            "new_name": "František Malý",
            "role": "member",
            "triad_side": "user",
            "valid_from": "2024-01-01",
        },
    )
    assert response.status_code == 302
    assert org.wg.memberships.filter(person__name="František Malý").exists()
    # Missing person and name: the error summary links to the field.
    response = client.post(
        _url("membership_add", body_id=org.wg.pk),
        {"role": "member", "triad_side": "user", "valid_from": "2024-01-01"},
    )
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert 'aria-describedby="id_person_error"' in html


def test_rules_are_edited_by_the_coordinator_only(client, coordinator, officer, org):
    client.force_login(officer)
    assert client.get(_url("body_edit", body_id=org.wg.pk)).status_code == 403
    client.force_login(coordinator)
    response = client.post(
        _url("body_edit", body_id=org.wg.pk),
        {
            "name": org.wg.name,
            "code": org.wg.code,
            "kind": org.wg.kind,
            "quorum_percent": "60",
            "majority": "two_thirds",
            "order": "0",
            "is_public": "on",
            "forwards_to": org.mt.pk,
        },
    )
    assert response.status_code == 302
    org.wg.refresh_from_db()
    assert str(org.wg.quorum_share) == "0.600"
    assert org.wg.majority == Body.Majority.TWO_THIRDS


def test_officer_sees_but_cannot_run_a_body(client, officer, org):
    client.force_login(officer)
    assert client.get(_url("meeting_detail", meeting_id=org.meeting.pk)).status_code == 200
    assert client.get(_url("minutes_edit", meeting_id=org.meeting.pk)).status_code == 403
    assert client.get(_url("meeting_create", body_id=org.wg.pk)).status_code == 403


def test_meeting_create_agenda_attendance(client, coordinator, org, pilot_area):
    client.force_login(coordinator)
    response = client.post(
        _url("meeting_create", body_id=org.wg.pk),
        {"title": "Druhé jednání", "starts_at": "2030-05-04T15:00", "place": "Kelč"},
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(title="Druhé jednání")
    response = client.post(
        _url("agenda_add", meeting_id=meeting.pk), {"agenda-title": "Analýza potřeb seniorů"}
    )
    assert response.status_code == 302
    assert meeting.agenda.get().order == 1
    data = {f"p{p.pk}": "present" for p in org.people[:3]}
    data[f"p{org.people[3].pk}"] = "excused"
    data["guest_name"] = "Host z kraje"
    response = client.post(_url("attendance", meeting_id=meeting.pk), data)
    assert response.status_code == 302
    assert meeting.attendance.filter(status=Attendance.Status.PRESENT).count() == 4
    assert meeting.attendance.filter(is_guest=True).get().person.name == "Host z kraje"
    page = client.get(_url("meeting_detail", meeting_id=meeting.pk)).content.decode()
    assert "Analýza potřeb seniorů" in page
    assert "Host z kraje" in page


def test_meeting_edit_shows_a_concurrent_edit(client, coordinator, org):
    client.force_login(coordinator)
    url = _url("meeting_edit", meeting_id=org.meeting.pk)
    form = {
        "title": "Nový název",
        "starts_at": "2030-05-04T15:00",
        "place": "Kelč",
        "version": "1",
    }
    assert client.post(url, form).status_code == 302
    response = client.post(url, {**form, "title": "Jiný název"})  # stale version 1
    assert response.status_code == 409
    assert 'id="conflict"' in response.content.decode()
    assert Meeting.objects.get(pk=org.meeting.pk).title == "Nový název"


def test_minutes_editor_renders_sanitised_markdown(client, coordinator, org):
    client.force_login(coordinator)
    url = _url("minutes_edit", meeting_id=org.meeting.pk)
    response = client.post(
        url,
        {"minutes": "## Průběh\n\n**Shoda** na potřebě.<script>alert(1)</script>", "version": "1"},
    )
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert "<strong>Shoda</strong>" in html
    assert "<script>alert(1)</script>" not in html


def test_members_of_one_body_cannot_edit_another_bodys_minutes(
    client, coordinator, provider_user, pilot_area
):
    org = build_org(coordinator=coordinator, area=pilot_area, leader_user=provider_user)
    mt_meeting = meeting_create(
        actor=coordinator, body=org.mt, title="Jednání MT", starts_at=timezone.now()
    )
    client.force_login(provider_user)  # chair of the WG only
    own = _url("minutes_edit", meeting_id=org.meeting.pk)
    assert client.get(own).status_code == 200
    assert client.post(own, {"minutes": "Zápis PS", "version": "1"}).status_code == 302
    other = _url("minutes_edit", meeting_id=mt_meeting.pk)
    assert client.get(other).status_code == 403
    assert client.post(other, {"minutes": "Cizí zápis", "version": "1"}).status_code == 403
    mt_meeting.refresh_from_db()
    assert mt_meeting.minutes == ""


def test_motion_votes_conflict_close_through_the_pages(client, coordinator, org):
    client.force_login(coordinator)
    present(org, coordinator, 5)
    response = client.post(
        _url("motion_create", meeting_id=org.meeting.pk),
        {"motion-title": "Financování služby", "motion-text": "PS doporučuje financování."},
    )
    assert response.status_code == 302
    motion = Motion.objects.get(title="Financování služby")
    a, b, c, d, e = org.people
    response = client.post(
        _url("conflict_declare", motion_id=motion.pk),
        {"person": b.pk, "reason": "Zastupuje poskytovatele."},
    )
    assert response.status_code == 302
    # A vote for the conflicted member is refused with a message on the form.
    response = client.post(_url("votes_record", motion_id=motion.pk), {f"v{b.pk}": "for"})
    assert response.status_code == 422
    assert "střet zájmů" in response.content.decode().lower()
    response = client.post(
        _url("votes_record", motion_id=motion.pk),
        {f"v{a.pk}": "for", f"v{c.pk}": "for", f"v{d.pk}": "against", f"v{e.pk}": "abstain"},
    )
    assert response.status_code == 302
    response = client.post(_url("motion_close", motion_id=motion.pk), follow=True)
    motion.refresh_from_db()
    # Base 4 (B excluded): 2 for is not more than half → rejected.
    assert motion.result == Motion.Result.REJECTED
    assert "zamítnut" in response.content.decode().lower()


def test_exports_and_calendar(client, coordinator, org):
    client.force_login(coordinator)
    _adopted(org, coordinator)
    response = client.get(_url("minutes_export", meeting_id=org.meeting.pk, fmt="pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    response = client.get(_url("minutes_export", meeting_id=org.meeting.pk, fmt="docx"))
    assert response.content.startswith(b"PK")
    response = client.get(_url("resolutions_export", body_id=org.wg.pk, fmt="pdf"))
    assert response.content.startswith(b"%PDF")
    assert (
        client.get(_url("minutes_export", meeting_id=org.meeting.pk, fmt="xls")).status_code == 404
    )
    response = client.get(_url("meeting_calendar", meeting_id=org.meeting.pk))
    assert response["Content-Type"].startswith("text/calendar")
    assert b"\r\nBEGIN:VEVENT\r\n" in response.content


def test_per_rollam_page_and_own_vote(client, coordinator, provider_user, org):
    from kpss.governance.models import Person
    from kpss.governance.services import membership_add

    person = Person.objects.create(planning_area=org.area, name="Člen MT", user=provider_user)
    membership_add(
        actor=coordinator,
        body=org.mt,
        person=person,
        role="member",
        triad_side="provider",
        valid_from=dt.date(2020, 1, 1),
    )
    client.force_login(coordinator)
    assert client.get(_url("per_rollam_create", body_id=org.wg.pk)).status_code == 302
    response = client.post(
        _url("per_rollam_create", body_id=org.mt.pk),
        {"title": "Harmonogram", "text": "MT schvaluje.", "closes_at": "2099-01-01T12:00"},
    )
    assert response.status_code == 302
    motion = Motion.objects.get(title="Harmonogram")
    client.force_login(provider_user)
    page = client.get(_url("motion_detail", motion_id=motion.pk)).content.decode()
    assert "Váš hlas" in page
    response = client.post(_url("vote_cast", motion_id=motion.pk), {"choice": "for"})
    assert response.status_code == 302
    assert motion.votes.get().choice == "for"
    my = client.get(_url("my")).content.decode()
    assert "Manažerský tým" in my


def test_my_page_lists_tasks(client, coordinator, provider_user, pilot_area):
    org = build_org(coordinator=coordinator, area=pilot_area, leader_user=provider_user)
    org.meeting.status = Meeting.Status.HELD
    org.meeting.save()
    client.force_login(provider_user)
    html = client.get(_url("my")).content.decode()
    assert "Pracovní skupina Senioři" in html
    assert (
        reverse("governance:minutes_edit", kwargs={"slug": SLUG, "meeting_id": org.meeting.pk})
        in html
    )


def test_public_page_shows_only_published(client, coordinator, org):
    motion = _adopted(org, coordinator)
    hidden = Body.objects.create(
        planning_area=org.area, kind="ad_hoc", name="Skrytá skupina", code="SKR", is_public=False
    )
    draft = meeting_create(
        actor=coordinator, body=org.wg, title="Nezveřejněné jednání", starts_at=timezone.now()
    )
    url = reverse("governance_public:organisation", kwargs={"slug": SLUG})
    html = client.get(url).content.decode()
    assert "Pracovní skupina Senioři" in html
    assert motion.number in html
    assert "Skrytá skupina" not in html
    assert "Nezveřejněné jednání" not in html
    assert "Alena Nováková" not in html  # members' names are not public
    public = reverse(
        "governance_public:meeting", kwargs={"slug": SLUG, "meeting_id": org.meeting.pk}
    )
    assert client.get(public).status_code == 200
    hidden_url = reverse("governance_public:meeting", kwargs={"slug": SLUG, "meeting_id": draft.pk})
    assert client.get(hidden_url).status_code == 404
    assert hidden.pk


def test_public_meeting_shows_minutes_only_when_approved(client, coordinator, org):
    org.meeting.is_public = True
    org.meeting.save()
    minutes_save(actor=coordinator, meeting=org.meeting, text="Tajný koncept", expected_version=1)
    url = reverse("governance_public:meeting", kwargs={"slug": SLUG, "meeting_id": org.meeting.pk})
    assert "Tajný koncept" not in client.get(url).content.decode()


def test_public_page_of_an_unpublished_area_is_404(client, other_area):
    url = reverse("governance_public:organisation", kwargs={"slug": "roznovsko"})
    assert client.get(url).status_code == 404


def test_conflict_declared_by_the_member_themselves(client, coordinator, provider_user, pilot_area):
    org = build_org(coordinator=coordinator, area=pilot_area)
    member = org.people[1]
    member.user = provider_user
    member.save()
    present(org, coordinator, 5)
    motion = motion_create(
        actor=coordinator, body=org.wg, meeting=org.meeting, title="Dotace", text="Text."
    )
    client.force_login(provider_user)
    response = client.post(
        _url("conflict_declare", motion_id=motion.pk),
        {"person": member.pk, "reason": "Moje organizace žádá o dotaci."},
    )
    assert response.status_code == 302
    assert motion.conflicts.get().person == member
    # …but not for somebody else.
    response = client.post(
        _url("conflict_declare", motion_id=motion.pk),
        {"person": org.people[2].pk, "reason": "Za někoho jiného."},
    )
    assert response.status_code == 403
