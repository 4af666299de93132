"""Reads of the planning organisation, each deciding what the asking user may see.

The public sees bodies marked public, their published meetings and the resolutions adopted
there (or per rollam); members of the area see everything of the area.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from kpss.core.text import czech_sort_key
from kpss.governance.models import (
    Body,
    BodyMembership,
    Meeting,
    Motion,
    Person,
    TriadSide,
    Vote,
)
from kpss.governance.permissions import current_membership_q
from kpss.territory.models import PlanningArea


def sees_internal(*, user: Any, area: PlanningArea) -> bool:
    return bool(user is not None and user.has_perm("governance.view_internal", area))


def body_list(*, area: PlanningArea, user: Any) -> QuerySet[Body]:
    """Bodies of the area in their order; the public and outsiders see only public ones."""
    bodies = Body.objects.filter(planning_area=area).select_related("forwards_to", "target_group")
    if not sees_internal(user=user, area=area):
        bodies = bodies.filter(is_public=True)
    return bodies.prefetch_related(
        Prefetch(
            "memberships",
            queryset=BodyMembership.objects.filter(current_membership_q())
            .select_related("person", "organisation")
            .order_by("role", "person__name"),
            to_attr="current_memberships",
        )
    )


def body_get(*, area: PlanningArea, user: Any, body_id: int) -> Body | None:
    return body_list(area=area, user=user).filter(pk=body_id).first()


@dataclass(frozen=True)
class TriadShare:
    side: str
    label: str
    count: int
    percent: int


def triad_balance(memberships: list[BodyMembership]) -> list[TriadShare]:
    """Counts and shares of the four sides of the triad among the given memberships (guests
    and secretaries included: they bring a side's view to the table too)."""
    total = len(memberships)
    counts = dict.fromkeys(TriadSide.values, 0)
    for membership in memberships:
        counts[membership.triad_side] = counts.get(membership.triad_side, 0) + 1
    shares = []
    for side, label in TriadSide.choices:
        count = counts[side]
        percent = round(100 * count / total) if total else 0
        shares.append(TriadShare(side=side, label=str(label), count=count, percent=percent))
    return shares


def current_memberships(*, body: Body, on: dt.date | None = None) -> list[BodyMembership]:
    rows = list(
        BodyMembership.objects.filter(body=body)
        .filter(current_membership_q(on))
        .select_related("person", "organisation")
    )
    order = {role: index for index, role in enumerate(BodyMembership.Role.values)}
    return sorted(rows, key=lambda m: (order[m.role], czech_sort_key(m.person.name)))


def past_memberships(*, body: Body) -> list[BodyMembership]:
    today = timezone.localdate()
    return list(
        BodyMembership.objects.filter(body=body, valid_to__lt=today)
        .select_related("person")
        .order_by("-valid_to")
    )


def meeting_list(*, body: Body, user: Any) -> QuerySet[Meeting]:
    meetings = Meeting.objects.filter(body=body).select_related("body")
    if not sees_internal(user=user, area=body.planning_area) and not user_in_body(
        user=user, body=body
    ):
        meetings = meetings.filter(is_public=True)
    return meetings


def user_in_body(*, user: Any, body: Body) -> bool:
    return bool(user is not None and user.has_perm("governance.view_body", body))


def public_meetings(*, area: PlanningArea) -> QuerySet[Meeting]:
    return Meeting.objects.filter(
        body__planning_area=area, body__is_public=True, is_public=True
    ).select_related("body")


def public_meeting_get(*, area: PlanningArea, pk: int) -> Meeting | None:
    return public_meetings(area=area).filter(pk=pk).first()


def resolutions(*, body: Body, public: bool) -> QuerySet[Motion]:
    """Adopted motions with a number, oldest first; for the public only those of a public body
    adopted at a published meeting or per rollam."""
    motions = (
        Motion.objects.filter(body=body, result=Motion.Result.ADOPTED)
        .exclude(number="")
        .select_related("meeting", "forwarded_as__body")
        .order_by("decided_at", "number")
    )
    if public:
        if not body.is_public:
            return motions.none()
        motions = motions.filter(Q(meeting__isnull=True) | Q(meeting__is_public=True))
    return motions


def public_resolutions(*, area: PlanningArea) -> QuerySet[Motion]:
    return (
        Motion.objects.filter(
            body__planning_area=area,
            body__is_public=True,
            result=Motion.Result.ADOPTED,
        )
        .exclude(number="")
        .filter(Q(meeting__isnull=True) | Q(meeting__is_public=True))
        .select_related("body", "meeting")
        .order_by("-decided_at")
    )


def motion_list(*, body: Body, user: Any) -> QuerySet[Motion]:
    if user_in_body(user=user, body=body):
        return Motion.objects.filter(body=body).select_related("meeting")
    return resolutions(body=body, public=True)


def approval_meetings(*, meeting: Meeting) -> QuerySet[Meeting]:
    """Later, not cancelled meetings of the same body, where the minutes may be approved."""
    return (
        Meeting.objects.filter(body=meeting.body, starts_at__gt=meeting.starts_at)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at")
    )


def meeting_roll(*, meeting: Meeting) -> list[dict[str, Any]]:
    """Every member of the body on the meeting's day with their attendance, then guests."""
    day = timezone.localtime(meeting.starts_at).date()
    recorded = {a.person_id: a for a in meeting.attendance.select_related("person")}
    rows = []
    for membership in current_memberships(body=meeting.body, on=day):
        attendance = recorded.pop(membership.person_id, None)
        rows.append(
            {
                "membership": membership,
                "person": membership.person,
                "status": attendance.status if attendance else "",
                "is_guest": False,
            }
        )
    for attendance in sorted(recorded.values(), key=lambda a: czech_sort_key(a.person.name)):
        rows.append(
            {
                "membership": None,
                "person": attendance.person,
                "status": attendance.status,
                "is_guest": True,
            }
        )
    return rows


@dataclass
class MyOverview:
    people: list[Person] = field(default_factory=list)
    memberships: list[BodyMembership] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    to_vote: list[Motion] = field(default_factory=list)
    minutes_to_write: list[Meeting] = field(default_factory=list)
    votes_to_close: list[Motion] = field(default_factory=list)


LEADING_ROLES = (
    BodyMembership.Role.CHAIR,
    BodyMembership.Role.MANAGER,
    BodyMembership.Role.SECRETARY,
)


def my_overview(*, user: Any, area: PlanningArea) -> MyOverview:
    """My bodies, my coming meetings and my tasks: per-rollam votes to cast, and for bodies I
    lead, minutes to write or approve and votes to close."""
    people = list(Person.objects.filter(planning_area=area, user=user))
    if not people:
        return MyOverview()
    memberships = list(
        BodyMembership.objects.filter(person__in=people)
        .filter(current_membership_q())
        .select_related("body", "person")
        .order_by("body__order", "body__name")
    )
    bodies = {m.body_id for m in memberships}
    voting_bodies = {m.body_id for m in memberships if m.may_vote}
    leading = {m.body_id for m in memberships if m.role in LEADING_ROLES}
    now = timezone.now()
    meetings = list(
        Meeting.objects.filter(body_id__in=bodies, starts_at__gte=now - dt.timedelta(hours=12))
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("body")
        .order_by("starts_at")[:20]
    )
    voted = set(
        Vote.objects.filter(person__in=people, motion__status=Motion.Status.OPEN).values_list(
            "motion_id", flat=True
        )
    )
    to_vote = [
        motion
        for motion in Motion.objects.filter(
            body_id__in=voting_bodies,
            meeting__isnull=True,
            status=Motion.Status.OPEN,
            closes_at__gt=now,
        )
        .exclude(conflicts__person__in=people)
        .select_related("body")
        .order_by("closes_at")
        if motion.pk not in voted
    ]
    minutes_to_write = list(
        Meeting.objects.filter(
            body_id__in=leading,
            status=Meeting.Status.HELD,
            minutes_status__in=[Meeting.MinutesStatus.NONE, Meeting.MinutesStatus.DRAFT],
        )
        .select_related("body")
        .order_by("starts_at")
    )
    votes_to_close = list(
        Motion.objects.filter(body_id__in=leading, status=Motion.Status.OPEN)
        .filter(Q(meeting__isnull=False) | Q(closes_at__lte=now))
        .select_related("body", "meeting")
        .order_by("created_at")
    )
    return MyOverview(
        people=people,
        memberships=memberships,
        meetings=meetings,
        to_vote=to_vote,
        minutes_to_write=minutes_to_write,
        votes_to_close=votes_to_close,
    )


def share_percent(value: Decimal) -> str:
    """0.5 → "50"; 0.667 → "66,7" (Czech decimal comma)."""
    percent = (value * 100).normalize()
    text = f"{percent:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")
