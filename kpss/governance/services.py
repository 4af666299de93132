"""Writes to the planning organisation: bodies and their rules, people and memberships,
meetings (agenda, invitations, attendance, minutes), motions, votes, conflicts of interest,
resolutions and their forwarding.

Every write takes an actor, checks a rule (kpss.governance.permissions) and leaves an audit
event in the same transaction; e-mails go out only after the commit. The counting itself is
kpss.governance.voting, a pure module.
"""

from __future__ import annotations

import datetime as dt
import re
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kpss.accounts.models import User
from kpss.core.audit import audit_record
from kpss.core.errors import ConcurrentEdit, NotFound, ValidationFailed
from kpss.core.errors import PermissionDenied as KpssPermissionDenied
from kpss.core.permissions import require_perm
from kpss.governance import voting
from kpss.governance.ical import meeting_ics
from kpss.governance.models import (
    AgendaItem,
    Attendance,
    Body,
    BodyMembership,
    ConflictOfInterest,
    Meeting,
    Motion,
    Person,
    Vote,
)
from kpss.governance.permissions import current_membership_q
from kpss.governance.states import (
    meeting_next_status,
    minutes_next_status,
    motion_next_status,
)
from kpss.needs.models import Need
from kpss.territory.models import PlanningArea

BODY_FIELDS = {
    "kind",
    "name",
    "code",
    "purpose",
    "target_group",
    "forwards_to",
    "quorum_share",
    "majority",
    "allow_per_rollam",
    "is_public",
    "order",
}
MEETING_FIELDS = {"title", "starts_at", "ends_at", "place", "online_url", "is_public"}


def _unknown(fields: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationFailed(
            _("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )


def _local_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


# Bodies and rules ---------------------------------------------------------------------------


def _check_forwarding(body: Body) -> None:
    target = body.forwards_to
    if target is None:
        return
    if target.planning_area_id != body.planning_area_id:
        raise ValidationFailed(
            _("A body can forward only to a body of the same planning area."),
            field="forwards_to",
        )
    seen = {body.pk}
    while target is not None:
        if target.pk in seen:
            raise ValidationFailed(
                _("Forwarding must not go round in a circle."), field="forwards_to"
            )
        seen.add(target.pk)
        target = target.forwards_to


def body_create(*, actor: User, area: PlanningArea, **fields: Any) -> Body:
    require_perm(actor, "governance.manage_organisation", area)
    _unknown(fields, BODY_FIELDS)
    with transaction.atomic():
        body = Body(planning_area=area, **fields)
        body.full_clean()
        _check_forwarding(body)
        body.save()
        audit_record(
            actor=actor,
            verb="body.create",
            obj=body,
            area_slug=area.slug,
            payload={"code": body.code},
        )
    return body


def body_update(*, actor: User, body: Body, **fields: Any) -> Body:
    """Change a body and its rules (quorum, majority, per rollam, forwarding)."""
    require_perm(actor, "governance.change_rules", body)
    _unknown(fields, BODY_FIELDS)
    with transaction.atomic():
        before = {name: getattr(body, name) for name in fields}
        for name, value in fields.items():
            setattr(body, name, value)
        body.full_clean()
        _check_forwarding(body)
        body.save()
        changed = sorted(name for name in fields if before[name] != getattr(body, name))
        audit_record(
            actor=actor,
            verb="body.update",
            obj=body,
            area_slug=body.planning_area.slug,
            payload={"fields": changed, "before": {k: str(before[k]) for k in changed}},
        )
    return body


# People and memberships ---------------------------------------------------------------------


def person_create(
    *,
    actor: User,
    area: PlanningArea,
    name: str,
    email: str = "",
    phone: str = "",
    organisation: Any = None,
    user: User | None = None,
    is_example: bool = False,
) -> Person:
    require_perm(actor, "governance.manage_organisation", area)
    with transaction.atomic():
        person = Person(
            planning_area=area,
            name=name,
            email=email,
            phone=phone,
            organisation=organisation,
            user=user,
            is_example=is_example,
        )
        person.full_clean()
        person.save()
        audit_record(actor=actor, verb="person.create", obj=person, area_slug=area.slug)
    return person


def membership_add(
    *,
    actor: User,
    body: Body,
    person: Person,
    role: str,
    triad_side: str,
    organisation: Any = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> BodyMembership:
    require_perm(actor, "governance.run_body", body)
    if person.planning_area_id != body.planning_area_id:
        raise ValidationFailed(_("The person belongs to another planning area."), field="person")
    start = valid_from or timezone.localdate()
    overlapping = (
        BodyMembership.objects.filter(body=body, person=person).exclude(valid_to__lt=start).exists()
    )
    if overlapping:
        raise ValidationFailed(
            _("%(person)s is already a member of this body.") % {"person": person.name},
            code="already_member",
            field="person",
        )
    with transaction.atomic():
        membership = BodyMembership(
            body=body,
            person=person,
            role=role,
            triad_side=triad_side,
            organisation=organisation or person.organisation,
            valid_from=start,
            valid_to=valid_to,
        )
        membership.full_clean()
        membership.save()
        audit_record(
            actor=actor,
            verb="membership.add",
            obj=membership,
            area_slug=body.planning_area.slug,
            payload={"person": person.name, "role": role, "triad_side": triad_side},
        )
    return membership


def membership_end(
    *, actor: User, membership: BodyMembership, valid_to: dt.date | None = None
) -> BodyMembership:
    body = membership.body
    require_perm(actor, "governance.run_body", body)
    end = valid_to or timezone.localdate()
    if membership.valid_to is not None and membership.valid_to <= end:
        raise ValidationFailed(_("This membership has already ended."), code="already_ended")
    if end < membership.valid_from:
        raise ValidationFailed(
            _("A membership cannot end before it began."), field="valid_to", code="invalid_end"
        )
    with transaction.atomic():
        membership.valid_to = end
        membership.save(update_fields=["valid_to", "updated_at"])
        audit_record(
            actor=actor,
            verb="membership.end",
            obj=membership,
            area_slug=body.planning_area.slug,
            payload={"valid_to": end.isoformat()},
        )
    return membership


def voting_member_ids(*, body: Body, on: dt.date) -> set[int]:
    """Ids of the people who may vote in the body on the day."""
    return set(
        BodyMembership.objects.filter(body=body, role__in=BodyMembership.VOTING_ROLES)
        .filter(current_membership_q(on))
        .values_list("person_id", flat=True)
    )


# Meetings -----------------------------------------------------------------------------------


def meeting_create(*, actor: User, body: Body, **fields: Any) -> Meeting:
    require_perm(actor, "governance.run_body", body)
    _unknown(fields, MEETING_FIELDS)
    with transaction.atomic():
        meeting = Meeting(body=body, **fields)
        meeting.full_clean()
        meeting.save()
        audit_record(
            actor=actor,
            verb="meeting.create",
            obj=meeting,
            area_slug=body.planning_area.slug,
            payload={"starts_at": meeting.starts_at.isoformat()},
        )
    return meeting


def _bump(meeting: Meeting, expected_version: int) -> None:
    bumped = Meeting.objects.filter(pk=meeting.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    if not bumped:
        raise ConcurrentEdit(
            _(
                "Someone else changed this meeting in the meantime. Reload it and apply your "
                "changes again."
            ),
            current_version=Meeting.objects.get(pk=meeting.pk).version,
        )
    meeting.version = expected_version + 1


def meeting_update(
    *, actor: User, meeting: Meeting, expected_version: int, **fields: Any
) -> Meeting:
    """Change a meeting unless someone else saved it since `expected_version` was read."""
    require_perm(actor, "governance.run_body", meeting.body)
    _unknown(fields, MEETING_FIELDS)
    with transaction.atomic():
        _bump(meeting, expected_version)
        changed = sorted(name for name, value in fields.items() if getattr(meeting, name) != value)
        for name, value in fields.items():
            setattr(meeting, name, value)
        meeting.full_clean()
        meeting.save()
        audit_record(
            actor=actor,
            verb="meeting.update",
            obj=meeting,
            area_slug=meeting.body.planning_area.slug,
            payload={"fields": changed},
        )
    return meeting


def meeting_transition(*, actor: User, meeting: Meeting, action: str) -> Meeting:
    require_perm(actor, "governance.run_body", meeting.body)
    new_status = meeting_next_status(current=meeting.status, action=action)
    with transaction.atomic():
        old = meeting.status
        meeting.status = new_status
        meeting.version += 1
        meeting.save(update_fields=["status", "version", "updated_at"])
        audit_record(
            actor=actor,
            verb=f"meeting.{action}",
            obj=meeting,
            area_slug=meeting.body.planning_area.slug,
            payload={"from": old, "to": new_status},
        )
    return meeting


def agenda_item_add(
    *,
    actor: User,
    meeting: Meeting,
    title: str,
    description: str = "",
    need: Need | None = None,
    reference: str = "",
) -> AgendaItem:
    require_perm(actor, "governance.run_body", meeting.body)
    if need is not None and need.planning_area_id != meeting.body.planning_area_id:
        raise ValidationFailed(_("The need belongs to another planning area."), field="need")
    with transaction.atomic():
        order = meeting.agenda.count() + 1
        item = AgendaItem(
            meeting=meeting,
            order=order,
            title=title,
            description=description,
            need=need,
            reference=reference,
        )
        item.full_clean()
        item.save()
        audit_record(
            actor=actor,
            verb="agenda.add",
            obj=item,
            area_slug=meeting.body.planning_area.slug,
            payload={"meeting": meeting.pk},
        )
    return item


def agenda_item_delete(*, actor: User, item: AgendaItem) -> None:
    meeting = item.meeting
    require_perm(actor, "governance.run_body", meeting.body)
    with transaction.atomic():
        audit_record(
            actor=actor,
            verb="agenda.delete",
            obj=item,
            area_slug=meeting.body.planning_area.slug,
            payload={"meeting": meeting.pk, "title": item.title},
        )
        item.delete()
        for order, other in enumerate(meeting.agenda.order_by("order", "id"), start=1):
            if other.order != order:
                other.order = order
                other.save(update_fields=["order", "updated_at"])


def meeting_invite(*, actor: User, meeting: Meeting, meeting_url: str = "") -> int:
    """E-mail the invitation (with the iCalendar file) to every current member who has an
    e-mail address; sent after the commit. Returns the number of recipients."""
    body = meeting.body
    require_perm(actor, "governance.run_body", body)
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationFailed(
            _("Invitations can be sent only for a planned meeting."), code="meeting_not_planned"
        )
    recipients = sorted(
        set(
            BodyMembership.objects.filter(body=body)
            .filter(current_membership_q(_local_date(meeting.starts_at)))
            .exclude(person__email="")
            .values_list("person__email", flat=True)
        )
    )
    if not recipients:
        raise ValidationFailed(
            _("No member of this body has an e-mail address."), code="no_recipients"
        )
    ics = meeting_ics(meeting, url=meeting_url)
    agenda = "\n".join(f"{item.order}. {item.title}" for item in meeting.agenda.all())
    when = timezone.localtime(meeting.starts_at).strftime("%d. %m. %Y %H:%M")
    subject = _("Invitation: %(body)s – %(title)s, %(when)s") % {
        "body": body.name,
        "title": meeting.title,
        "when": when,
    }
    text = _(
        "You are invited to the meeting of %(body)s.\n\n%(title)s\nWhen: %(when)s\n"
        "Where: %(place)s\n\nAgenda:\n%(agenda)s\n\n%(url)s"
    ) % {
        "body": body.name,
        "title": meeting.title,
        "when": when,
        "place": meeting.place or meeting.online_url or "—",
        "agenda": agenda or "—",
        "url": meeting_url,
    }

    def send() -> None:
        for address in recipients:
            message = EmailMessage(
                subject=subject,
                body=text,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[address],
            )
            message.attach("pozvanka.ics", ics, "text/calendar")
            message.send()

    with transaction.atomic():
        audit_record(
            actor=actor,
            verb="meeting.invite",
            obj=meeting,
            area_slug=body.planning_area.slug,
            payload={"recipients": len(recipients)},
        )
        transaction.on_commit(send)
    return len(recipients)


def attendance_record(
    *,
    actor: User,
    meeting: Meeting,
    statuses: dict[int, str],
    guests: list[Person] | None = None,
) -> list[Attendance]:
    """Record who was present, excused or absent (person id → status), and guests present.
    Only current members of the body can be recorded as members."""
    body = meeting.body
    require_perm(actor, "governance.run_body", body)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationFailed(
            _("A cancelled meeting has no attendance."), code="meeting_cancelled"
        )
    members = set(
        BodyMembership.objects.filter(body=body)
        .filter(current_membership_q(_local_date(meeting.starts_at)))
        .values_list("person_id", flat=True)
    )
    strangers = set(statuses) - members
    if strangers:
        raise ValidationFailed(
            _("Only members of the body can be recorded; add others as guests."),
            code="not_a_member",
        )
    valid = {choice for choice, _label in Attendance.Status.choices}
    if set(statuses.values()) - valid:
        raise ValidationFailed(_("Unknown attendance status."), code="invalid_status")
    for guest in guests or []:
        if guest.planning_area_id != body.planning_area_id:
            raise ValidationFailed(_("The guest belongs to another planning area."))
    rows = []
    with transaction.atomic():
        for person_id, status in statuses.items():
            row, _created = Attendance.objects.update_or_create(
                meeting=meeting,
                person_id=person_id,
                defaults={"status": status, "is_guest": False},
            )
            rows.append(row)
        for guest in guests or []:
            row, _created = Attendance.objects.update_or_create(
                meeting=meeting,
                person=guest,
                defaults={"status": Attendance.Status.PRESENT, "is_guest": True},
            )
            rows.append(row)
        audit_record(
            actor=actor,
            verb="meeting.attendance",
            obj=meeting,
            area_slug=body.planning_area.slug,
            payload={
                "present": sum(1 for s in statuses.values() if s == Attendance.Status.PRESENT),
                "guests": len(guests or []),
            },
        )
    return rows


def guest_add(*, actor: User, meeting: Meeting, name: str, email: str = "") -> Attendance:
    """Record a guest by name: a new person of the area, present as a guest."""
    body = meeting.body
    require_perm(actor, "governance.run_body", body)
    name = name.strip()
    if not name:
        raise ValidationFailed(_("Give the guest's name."), field="guest_name")
    with transaction.atomic():
        person = Person(planning_area=body.planning_area, name=name, email=email)
        person.full_clean()
        person.save()
        row = attendance_record(actor=actor, meeting=meeting, statuses={}, guests=[person])[0]
    return row


def minutes_save(*, actor: User, meeting: Meeting, text: str, expected_version: int) -> Meeting:
    require_perm(actor, "governance.run_body", meeting.body)
    new_status = minutes_next_status(current=meeting.minutes_status, action="save")
    with transaction.atomic():
        _bump(meeting, expected_version)
        meeting.minutes = text
        meeting.minutes_status = new_status
        meeting.save(update_fields=["minutes", "minutes_status", "updated_at"])
        audit_record(
            actor=actor,
            verb="minutes.save",
            obj=meeting,
            area_slug=meeting.body.planning_area.slug,
            payload={"length": len(text)},
        )
    return meeting


def minutes_approve(*, actor: User, meeting: Meeting, at_meeting: Meeting) -> Meeting:
    """Approve the minutes at a later meeting of the same body."""
    require_perm(actor, "governance.run_body", meeting.body)
    new_status = minutes_next_status(current=meeting.minutes_status, action="approve")
    if at_meeting.body_id != meeting.body_id or at_meeting.starts_at <= meeting.starts_at:
        raise ValidationFailed(
            _("Minutes are approved at a later meeting of the same body."),
            code="approval_meeting_invalid",
            field="at_meeting",
        )
    if at_meeting.status == Meeting.Status.CANCELLED:
        raise ValidationFailed(
            _("Minutes cannot be approved at a cancelled meeting."),
            code="approval_meeting_invalid",
            field="at_meeting",
        )
    with transaction.atomic():
        meeting.minutes_status = new_status
        meeting.minutes_approved_at = at_meeting
        meeting.version += 1
        meeting.save(
            update_fields=["minutes_status", "minutes_approved_at", "version", "updated_at"]
        )
        audit_record(
            actor=actor,
            verb="minutes.approve",
            obj=meeting,
            area_slug=meeting.body.planning_area.slug,
            payload={"at_meeting": at_meeting.pk},
        )
    return meeting


# Motions, votes, conflicts ------------------------------------------------------------------


def motion_create(
    *,
    actor: User,
    body: Body,
    title: str,
    text: str,
    meeting: Meeting | None = None,
    agenda_item: AgendaItem | None = None,
    closes_at: dt.datetime | None = None,
) -> Motion:
    """A motion at a meeting of the body, or per rollam (no meeting, with a deadline) if the
    body's rules allow it."""
    require_perm(actor, "governance.run_body", body)
    if meeting is not None:
        if meeting.body_id != body.pk:
            raise ValidationFailed(_("The meeting belongs to another body."), field="meeting")
        if meeting.status == Meeting.Status.CANCELLED:
            raise ValidationFailed(_("A cancelled meeting cannot vote."), code="meeting_cancelled")
        closes_at = None
    else:
        if not body.allow_per_rollam:
            raise ValidationFailed(
                _("The rules of this body do not allow voting per rollam."),
                code="per_rollam_not_allowed",
            )
        if closes_at is None or closes_at <= timezone.now():
            raise ValidationFailed(
                _("A vote per rollam needs a deadline in the future."),
                code="deadline_required",
                field="closes_at",
            )
    if agenda_item is not None and agenda_item.meeting_id != getattr(meeting, "pk", None):
        raise ValidationFailed(
            _("The agenda item belongs to another meeting."), field="agenda_item"
        )
    with transaction.atomic():
        motion = Motion(
            body=body,
            meeting=meeting,
            agenda_item=agenda_item,
            title=title,
            text=text,
            closes_at=closes_at,
        )
        motion.full_clean()
        motion.save()
        audit_record(
            actor=actor,
            verb="motion.create",
            obj=motion,
            area_slug=body.planning_area.slug,
            payload={"per_rollam": meeting is None, "meeting": getattr(meeting, "pk", None)},
        )
    return motion


def _vote_day(motion: Motion) -> dt.date:
    if motion.meeting is not None:
        return _local_date(motion.meeting.starts_at)
    return _local_date(motion.created_at)


def motion_voting_member_ids(*, motion: Motion) -> set[int]:
    return voting_member_ids(body=motion.body, on=_vote_day(motion))


def _present_ids(meeting: Meeting) -> set[int]:
    return set(
        Attendance.objects.filter(
            meeting=meeting, status=Attendance.Status.PRESENT, is_guest=False
        ).values_list("person_id", flat=True)
    )


def _conflicted_ids(motion: Motion) -> set[int]:
    return set(motion.conflicts.values_list("person_id", flat=True))


def conflict_declare(
    *, actor: User, motion: Motion, person: Person, reason: str
) -> ConflictOfInterest:
    """A member declares a conflict of interest on the motion: they are excluded from its
    vote. The member themselves (through their account) or whoever runs the body may
    record it; a vote already cast must be withdrawn first."""
    body = motion.body
    if person.user_id is None or person.user_id != actor.pk:
        require_perm(actor, "governance.run_body", body)
    motion_next_status(current=motion.status, action="vote")
    if person.pk not in motion_voting_member_ids(motion=motion):
        raise ValidationFailed(
            _("Only a voting member of the body can declare a conflict of interest."),
            code="not_a_voting_member",
            field="person",
        )
    if not reason.strip():
        raise ValidationFailed(_("Give the reason for the conflict."), field="reason")
    if Vote.objects.filter(motion=motion, person=person).exists():
        raise ValidationFailed(
            _("%(person)s has already voted; withdraw the vote before declaring a conflict.")
            % {"person": person.name},
            code="already_voted",
            field="person",
        )
    with transaction.atomic():
        try:
            with transaction.atomic():
                conflict = ConflictOfInterest.objects.create(
                    motion=motion, person=person, reason=reason.strip()
                )
        except IntegrityError:
            raise ValidationFailed(
                _("%(person)s has already declared a conflict on this motion.")
                % {"person": person.name},
                code="conflict_exists",
                field="person",
            ) from None
        audit_record(
            actor=actor,
            verb="motion.conflict",
            obj=motion,
            area_slug=body.planning_area.slug,
            payload={"person": person.name, "reason": conflict.reason},
        )
    return conflict


def _check_choice(choice: str) -> None:
    if choice not in Vote.Choice.values:
        raise ValidationFailed(_("Unknown vote."), code="invalid_choice", field="choice")


def votes_record(*, actor: User, motion: Motion, votes: dict[int, str | None]) -> list[Vote]:
    """Record the votes at a meeting (person id → for / against / abstain; None withdraws
    a vote). Only voting members present at the meeting and without a conflict may vote."""
    body = motion.body
    require_perm(actor, "governance.run_body", body)
    motion_next_status(current=motion.status, action="vote")
    if motion.meeting is None:
        raise ValidationFailed(
            _("In a vote per rollam every member casts their own vote."), code="per_rollam"
        )
    members = motion_voting_member_ids(motion=motion)
    present = _present_ids(motion.meeting)
    conflicted = _conflicted_ids(motion)
    names = dict(Person.objects.filter(pk__in=votes).values_list("pk", "name"))
    for person_id, choice in votes.items():
        name = names.get(person_id, str(person_id))
        if choice is not None:
            _check_choice(choice)
        if person_id not in members:
            raise ValidationFailed(
                _("%(person)s is not a voting member of the body.") % {"person": name},
                code="not_a_voting_member",
            )
        if choice is not None and person_id not in present:
            raise ValidationFailed(
                _("%(person)s is not recorded as present at the meeting.") % {"person": name},
                code="not_present",
            )
        if choice is not None and person_id in conflicted:
            raise ValidationFailed(
                _("%(person)s declared a conflict of interest and cannot vote.") % {"person": name},
                code="conflict_of_interest",
            )
    saved = []
    with transaction.atomic():
        for person_id, choice in votes.items():
            if choice is None:
                Vote.objects.filter(motion=motion, person_id=person_id).delete()
                continue
            vote, _created = Vote.objects.update_or_create(
                motion=motion, person_id=person_id, defaults={"choice": choice}
            )
            saved.append(vote)
        audit_record(
            actor=actor,
            verb="motion.votes",
            obj=motion,
            area_slug=body.planning_area.slug,
            payload={str(k): v for k, v in sorted(votes.items())},
        )
    return saved


def person_of_user(*, user: Any, area_id: int) -> Person | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Person.objects.filter(planning_area_id=area_id, user=user).first()


def vote_cast(*, actor: User, motion: Motion, choice: str) -> Vote:
    """A member casts (or changes) their own vote per rollam before the deadline."""
    body = motion.body
    motion_next_status(current=motion.status, action="vote")
    if motion.meeting is not None:
        raise ValidationFailed(
            _("Votes at a meeting are recorded by whoever runs the meeting."),
            code="not_per_rollam",
        )
    if motion.closes_at is not None and timezone.now() > motion.closes_at:
        raise ValidationFailed(
            _("The deadline of this vote per rollam has passed."), code="deadline_passed"
        )
    _check_choice(choice)
    people = Person.objects.filter(planning_area=body.planning_area, user=actor)
    members = motion_voting_member_ids(motion=motion)
    person = next((p for p in people if p.pk in members), None)
    if person is None:
        raise KpssPermissionDenied(
            _("Only a voting member of the body can vote."), code="not_a_voting_member"
        )
    if person.pk in _conflicted_ids(motion):
        raise ValidationFailed(
            _("You declared a conflict of interest and cannot vote on this motion."),
            code="conflict_of_interest",
        )
    with transaction.atomic():
        vote, created = Vote.objects.update_or_create(
            motion=motion, person=person, defaults={"choice": choice}
        )
        audit_record(
            actor=actor,
            verb="motion.vote_cast",
            obj=motion,
            area_slug=body.planning_area.slug,
            payload={"person": person.name, "choice": choice, "changed": not created},
        )
    return vote


def motion_tally(*, motion: Motion) -> voting.Tally:
    """The count as it stands (or stood at the close) under the body's rules."""
    body = motion.body
    rules = voting.Rules(
        quorum_share=Fraction(body.quorum_share),
        majority=body.majority,
        per_rollam=motion.is_per_rollam,
    )
    members = motion_voting_member_ids(motion=motion)
    votes = dict(motion.votes.filter(person_id__in=members).values_list("person_id", "choice"))
    conflicted = _conflicted_ids(motion) & members
    present = _present_ids(motion.meeting) & members if motion.meeting is not None else set()
    return voting.tally(
        voting_members=members,
        taking_part=present,
        conflicted=conflicted,
        votes=votes,
        rules=rules,
    )


RESOLUTION_NUMBER = re.compile(r"/(\d+)$")


def _next_number(body: Body, year: int) -> str:
    prefix = f"{body.code}/{year}/"
    taken = Motion.objects.filter(body=body, number__startswith=prefix).values_list(
        "number", flat=True
    )
    highest = 0
    for number in taken:
        match = RESOLUTION_NUMBER.search(number)
        if match:
            highest = max(highest, int(match.group(1)))
    return f"{prefix}{highest + 1:02d}"


def motion_close(*, actor: User, motion: Motion) -> Motion:
    """Close the vote and compute the result by the rules; an adopted motion becomes a
    resolution numbered `<body code>/<year>/<NN>` (a sequence per body and year)."""
    body = motion.body
    require_perm(actor, "governance.run_body", body)
    motion_next_status(current=motion.status, action="close")
    now = timezone.now()
    if motion.is_per_rollam and motion.closes_at is not None and now < motion.closes_at:
        members = motion_voting_member_ids(motion=motion)
        responded = set(motion.votes.values_list("person_id", flat=True)) | _conflicted_ids(motion)
        if not members <= responded:
            raise ValidationFailed(
                _(
                    "The vote per rollam can be closed before its deadline only when every "
                    "voting member has responded."
                ),
                code="deadline_not_passed",
            )
    with transaction.atomic():
        # Lock the body row so that two closings at once get different numbers.
        locked = Body.objects.select_for_update().get(pk=body.pk)
        current = Motion.objects.select_for_update().get(pk=motion.pk)
        motion_next_status(current=current.status, action="close")
        try:
            result = motion_tally(motion=motion)
        except voting.VotingError as error:
            raise ValidationFailed(str(error), code="invalid_vote") from error
        motion.status = Motion.Status.CLOSED
        motion.result = result.result
        motion.result_detail = result.as_dict()
        motion.decided_at = now
        if result.adopted:
            year = (
                _local_date(motion.meeting.starts_at).year
                if motion.meeting is not None
                else _local_date(now).year
            )
            motion.number = _next_number(locked, year)
        motion.save()
        audit_record(
            actor=actor,
            verb="motion.close",
            obj=motion,
            area_slug=body.planning_area.slug,
            payload={"result": result.result, "number": motion.number, **result.as_dict()},
        )
    return motion


def resolution_forward(
    *,
    actor: User,
    motion: Motion,
    meeting: Meeting | None = None,
    closes_at: dt.datetime | None = None,
) -> Motion:
    """Forward an adopted resolution to the body its body forwards to, as a new motion there:
    on the agenda of one of its meetings, or per rollam if that body allows it."""
    body = motion.body
    require_perm(actor, "governance.run_body", body)
    target = body.forwards_to
    if motion.result != Motion.Result.ADOPTED:
        raise ValidationFailed(
            _("Only an adopted resolution can be forwarded."), code="not_adopted"
        )
    if target is None:
        raise ValidationFailed(
            _("This body does not forward its resolutions anywhere."), code="no_forwarding"
        )
    if motion.forwarded_as_id is not None:
        raise ValidationFailed(
            _("This resolution has already been forwarded."), code="already_forwarded"
        )
    if meeting is not None and meeting.body_id != target.pk:
        raise NotFound(_("The meeting does not belong to the receiving body."))
    title = _("%(title)s (resolution %(number)s of %(body)s)") % {
        "title": motion.title,
        "number": motion.number,
        "body": body.code,
    }
    with transaction.atomic():
        item = None
        if meeting is not None:
            item = agenda_item_add(
                actor=actor,
                meeting=meeting,
                title=title[:250],
                reference=_("Resolution %(number)s") % {"number": motion.number},
            )
        forwarded = motion_create(
            actor=actor,
            body=target,
            meeting=meeting,
            agenda_item=item,
            title=title[:250],
            text=motion.text,
            closes_at=closes_at,
        )
        motion.forwarded_as = forwarded
        motion.save(update_fields=["forwarded_as", "updated_at"])
        audit_record(
            actor=actor,
            verb="motion.forward",
            obj=motion,
            area_slug=body.planning_area.slug,
            payload={"to_body": target.code, "motion": forwarded.pk},
        )
    return forwarded
