"""Writes of the governance core: rules, meetings, attendance, minutes, motions, votes,
conflicts, resolution numbers, forwarding, per rollam, invitations and the audit trail."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from kpss.core.errors import ConcurrentEdit, PermissionDenied, ValidationFailed
from kpss.core.models import AuditEvent
from kpss.governance.models import Meeting, Motion, Person
from kpss.governance.services import (
    agenda_item_add,
    body_update,
    conflict_declare,
    meeting_create,
    meeting_invite,
    meeting_transition,
    meeting_update,
    membership_add,
    membership_end,
    minutes_approve,
    minutes_save,
    motion_close,
    motion_create,
    resolution_forward,
    vote_cast,
    votes_record,
)
from kpss.governance.states import IllegalTransition
from kpss.governance.tests.core_setup import build_org, present


@pytest.fixture
def org(coordinator, pilot_area):
    return build_org(coordinator=coordinator, area=pilot_area)


def _motion(org, coordinator, title="Podpora odlehčovací služby"):
    return motion_create(
        actor=coordinator,
        body=org.wg,
        meeting=org.meeting,
        title=title,
        text="PS doporučuje zařadit odlehčovací službu do plánu.",
    )


def test_vote_with_a_conflict_follows_the_rules(org, coordinator):
    present(org, coordinator, 5)
    motion = _motion(org, coordinator)
    a, b, c, d, e = org.people
    conflict_declare(
        actor=coordinator, motion=motion, person=b, reason="Zastupuje poskytovatele služby."
    )
    with pytest.raises(ValidationFailed) as error:
        votes_record(actor=coordinator, motion=motion, votes={b.pk: "for"})
    assert error.value.code == "conflict_of_interest"
    votes_record(
        actor=coordinator,
        motion=motion,
        votes={a.pk: "for", c.pk: "for", d.pk: "against", e.pk: "for"},
    )
    motion_close(actor=coordinator, motion=motion)
    motion.refresh_from_db()
    assert motion.result == Motion.Result.ADOPTED
    year = timezone.localtime(org.meeting.starts_at).year
    assert motion.number == f"PS-SEN/{year}/01"
    assert motion.result_detail["excluded"] == 1
    assert motion.result_detail["eligible"] == 4
    assert motion.result_detail["votes_for"] == 3
    assert AuditEvent.objects.filter(verb="motion.conflict", object_id=str(motion.pk)).exists()
    assert AuditEvent.objects.filter(verb="motion.close", object_id=str(motion.pk)).exists()


def test_no_quorum_gives_no_number(org, coordinator):
    present(org, coordinator, 2)
    motion = _motion(org, coordinator)
    a, b, *_ = org.people
    votes_record(actor=coordinator, motion=motion, votes={a.pk: "for", b.pk: "for"})
    motion_close(actor=coordinator, motion=motion)
    assert motion.result == Motion.Result.NO_QUORUM
    assert motion.number == ""


def test_tie_is_rejected(org, coordinator):
    present(org, coordinator, 4)
    motion = _motion(org, coordinator)
    a, b, c, d, _e = org.people
    votes_record(
        actor=coordinator,
        motion=motion,
        votes={a.pk: "for", b.pk: "for", c.pk: "against", d.pk: "against"},
    )
    motion_close(actor=coordinator, motion=motion)
    assert motion.result == Motion.Result.REJECTED
    assert motion.number == ""


def test_absent_member_cannot_vote_and_closed_vote_is_final(org, coordinator):
    present(org, coordinator, 3)
    motion = _motion(org, coordinator)
    with pytest.raises(ValidationFailed) as error:
        votes_record(actor=coordinator, motion=motion, votes={org.people[4].pk: "for"})
    assert error.value.code == "not_present"
    motion_close(actor=coordinator, motion=motion)
    with pytest.raises(IllegalTransition):
        votes_record(actor=coordinator, motion=motion, votes={org.people[0].pk: "for"})
    with pytest.raises(IllegalTransition):
        motion_close(actor=coordinator, motion=motion)


def test_numbers_run_per_body_and_year(org, coordinator):
    present(org, coordinator, 5)
    numbers = []
    for title in ("První", "Druhé", "Třetí"):
        motion = _motion(org, coordinator, title)
        votes_record(actor=coordinator, motion=motion, votes={p.pk: "for" for p in org.people})
        motion_close(actor=coordinator, motion=motion)
        numbers.append(motion.number)
    year = timezone.localtime(org.meeting.starts_at).year
    assert numbers == [f"PS-SEN/{year}/01", f"PS-SEN/{year}/02", f"PS-SEN/{year}/03"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_closing_gives_distinct_numbers(coordinator, pilot_area):
    org = build_org(coordinator=coordinator, area=pilot_area)
    present(org, coordinator, 5)
    motions = []
    for title in ("A", "B", "C", "D"):
        motion = _motion(org, coordinator, title)
        votes_record(actor=coordinator, motion=motion, votes={p.pk: "for" for p in org.people})
        motions.append(motion)
    errors: list[BaseException] = []

    def close(motion):
        try:
            motion_close(actor=coordinator, motion=Motion.objects.get(pk=motion.pk))
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=close, args=(m,)) for m in motions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    numbers = sorted(Motion.objects.exclude(number="").values_list("number", flat=True))
    # SQLite may refuse a concurrent writer ("database is locked"); whoever got through
    # has a distinct number, and nobody got a duplicate.
    assert len(numbers) == len(set(numbers))
    assert len(numbers) + len(errors) == 4


def test_per_rollam(org, coordinator, provider_user, officer):
    mt = org.mt
    a = Person.objects.create(planning_area=org.area, name="Člen MT A", user=provider_user)
    b = Person.objects.create(planning_area=org.area, name="Člen MT B", user=officer)
    c = Person.objects.create(planning_area=org.area, name="Člen MT C")
    for person in (a, b, c):
        membership_add(
            actor=coordinator,
            body=mt,
            person=person,
            role="member",
            triad_side="provider",
            valid_from=dt.date(2020, 1, 1),
        )
    with pytest.raises(ValidationFailed) as error:
        motion_create(actor=coordinator, body=org.wg, title="x", text="y")
    assert error.value.code == "per_rollam_not_allowed"
    with pytest.raises(ValidationFailed):
        motion_create(
            actor=coordinator,
            body=mt,
            title="x",
            text="y",
            closes_at=timezone.now() - dt.timedelta(hours=1),
        )
    motion = motion_create(
        actor=coordinator,
        body=mt,
        title="Schválení harmonogramu",
        text="MT schvaluje harmonogram.",
        closes_at=timezone.now() + dt.timedelta(days=3),
    )
    vote_cast(actor=provider_user, motion=motion, choice="for")
    vote_cast(actor=provider_user, motion=motion, choice="against")  # changes the vote
    with pytest.raises(PermissionDenied):
        vote_cast(actor=coordinator, motion=motion, choice="for")  # not a member of MT
    with pytest.raises(ValidationFailed) as error:
        motion_close(actor=coordinator, motion=motion)
    assert error.value.code == "deadline_not_passed"
    conflict_declare(actor=officer, motion=motion, person=b, reason="Střet zájmů obce.")
    with pytest.raises(ValidationFailed):
        vote_cast(actor=officer, motion=motion, choice="for")
    # Two of three responded (a vote and a conflict): quorate; 0 of 1 eligible for.
    Motion.objects.filter(pk=motion.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))
    motion.refresh_from_db()
    with pytest.raises(ValidationFailed) as error:
        vote_cast(actor=provider_user, motion=motion, choice="for")
    assert error.value.code == "deadline_passed"
    motion_close(actor=coordinator, motion=motion)
    assert motion.result == Motion.Result.REJECTED
    assert motion.result_detail["taking_part"] == 2
    assert motion.result_detail["per_rollam"] is True


def test_forwarding_creates_a_motion_in_the_next_body(org, coordinator):
    present(org, coordinator, 5)
    motion = _motion(org, coordinator)
    votes_record(actor=coordinator, motion=motion, votes={p.pk: "for" for p in org.people})
    motion_close(actor=coordinator, motion=motion)
    mt_meeting = meeting_create(
        actor=coordinator,
        body=org.mt,
        title="Jednání MT",
        starts_at=timezone.now() + dt.timedelta(days=14),
    )
    forwarded = resolution_forward(actor=coordinator, motion=motion, meeting=mt_meeting)
    assert forwarded.body == org.mt
    assert forwarded.meeting == mt_meeting
    assert motion.number in forwarded.title
    assert mt_meeting.agenda.count() == 1
    with pytest.raises(ValidationFailed):
        resolution_forward(actor=coordinator, motion=motion, meeting=mt_meeting)


def test_rejected_motion_cannot_be_forwarded(org, coordinator):
    present(org, coordinator, 1)
    motion = _motion(org, coordinator)
    motion_close(actor=coordinator, motion=motion)
    with pytest.raises(ValidationFailed):
        resolution_forward(actor=coordinator, motion=motion)


def test_forwarding_must_not_loop(org, coordinator):
    with pytest.raises(ValidationFailed):
        body_update(actor=coordinator, body=org.mt, forwards_to=org.wg)


def test_only_the_coordinator_changes_rules(org, coordinator, provider_user):
    with pytest.raises(PermissionDenied):
        body_update(actor=provider_user, body=org.wg, majority="two_thirds")
    body_update(actor=coordinator, body=org.wg, majority="two_thirds")
    assert AuditEvent.objects.filter(verb="body.update").exists()


def test_meeting_optimistic_locking(org, coordinator):
    meeting = org.meeting
    version = meeting.version
    meeting_update(actor=coordinator, meeting=meeting, expected_version=version, place="Kelč")
    stale = Meeting.objects.get(pk=meeting.pk)
    with pytest.raises(ConcurrentEdit):
        meeting_update(actor=coordinator, meeting=stale, expected_version=version, place="Zubří")
    assert Meeting.objects.get(pk=meeting.pk).place == "Kelč"


def test_minutes_are_approved_at_a_later_meeting_and_then_frozen(org, coordinator):
    meeting = org.meeting
    minutes_save(actor=coordinator, meeting=meeting, text="# Zápis", expected_version=1)
    meeting.refresh_from_db()
    assert meeting.minutes_status == Meeting.MinutesStatus.DRAFT
    with pytest.raises(ConcurrentEdit):
        minutes_save(actor=coordinator, meeting=meeting, text="jiný", expected_version=1)
    earlier = meeting_create(
        actor=coordinator,
        body=org.wg,
        title="Dřívější",
        starts_at=meeting.starts_at - dt.timedelta(days=30),
    )
    with pytest.raises(ValidationFailed):
        minutes_approve(actor=coordinator, meeting=meeting, at_meeting=earlier)
    other_body = meeting_create(
        actor=coordinator,
        body=org.mt,
        title="MT",
        starts_at=meeting.starts_at + dt.timedelta(days=30),
    )
    with pytest.raises(ValidationFailed):
        minutes_approve(actor=coordinator, meeting=meeting, at_meeting=other_body)
    later = meeting_create(
        actor=coordinator,
        body=org.wg,
        title="Další",
        starts_at=meeting.starts_at + dt.timedelta(days=30),
    )
    minutes_approve(actor=coordinator, meeting=meeting, at_meeting=later)
    assert meeting.minutes_status == Meeting.MinutesStatus.APPROVED
    with pytest.raises(IllegalTransition):
        minutes_save(
            actor=coordinator, meeting=meeting, text="změna", expected_version=meeting.version
        )


def test_a_leader_of_one_body_cannot_write_minutes_of_another(
    coordinator, pilot_area, provider_user
):
    org = build_org(coordinator=coordinator, area=pilot_area, leader_user=provider_user)
    minutes_save(
        actor=provider_user, meeting=org.meeting, text="Zápis PS", expected_version=1
    )  # chair of the WG
    mt_meeting = meeting_create(
        actor=coordinator, body=org.mt, title="MT", starts_at=timezone.now()
    )
    with pytest.raises(PermissionDenied):
        minutes_save(actor=provider_user, meeting=mt_meeting, text="x", expected_version=1)


def test_invitations_are_sent_after_commit(org, coordinator, django_capture_on_commit_callbacks):
    agenda_item_add(actor=coordinator, meeting=org.meeting, title="Úvod")
    with django_capture_on_commit_callbacks(execute=True):
        count = meeting_invite(actor=coordinator, meeting=org.meeting, meeting_url="https://x")
    assert count == 5
    assert len(mail.outbox) == 5
    message = mail.outbox[0]
    assert "Pracovní skupina Senioři" in message.subject
    name, content, _mimetype = message.attachments[0]
    assert name == "pozvanka.ics"
    assert "BEGIN:VEVENT" in content
    meeting_transition(actor=coordinator, meeting=org.meeting, action="cancel")
    with pytest.raises(ValidationFailed):
        meeting_invite(actor=coordinator, meeting=org.meeting)


def test_membership_end_and_overlap(org, coordinator):
    person = org.people[1]
    with pytest.raises(ValidationFailed):
        membership_add(
            actor=coordinator, body=org.wg, person=person, role="member", triad_side="provider"
        )
    membership = person.memberships.get(body=org.wg)
    membership_end(actor=coordinator, membership=membership)
    with pytest.raises(ValidationFailed):
        membership_end(actor=coordinator, membership=membership)


def test_meeting_transitions(org, coordinator):
    meeting_transition(actor=coordinator, meeting=org.meeting, action="hold")
    with pytest.raises(IllegalTransition):
        meeting_transition(actor=coordinator, meeting=org.meeting, action="cancel")
