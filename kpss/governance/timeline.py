"""The process timeline: phases of the planning cycle and their milestones (services and
selectors), the Gantt-like layout, "my tasks", and reminders before deadlines.

Writes take an actor, check `governance.manage_organisation` on the planning area and leave
an audit event; reads take the planning area (or the user, for "my tasks")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kpss.accounts.models import User
from kpss.core.audit import audit_record
from kpss.core.errors import PermissionDenied
from kpss.core.formats import format_date
from kpss.core.permissions import is_admin, require_perm
from kpss.governance.models import Milestone, Person, Phase
from kpss.governance.process_common import (
    changed_fields,
    check_fields,
    check_order,
    delete_audited,
    field_error,
    save_audited,
)
from kpss.territory.models import PlanningArea

MANAGE = "governance.manage_organisation"
PHASE_FIELDS = {"kind", "name", "starts_on", "ends_on", "status", "order"}
MILESTONE_FIELDS = {"phase", "title", "due_on", "done_on", "responsible", "remind_days_before"}


# Services -------------------------------------------------------------------------------


def phase_create(*, actor: User, area: PlanningArea, **fields: Any) -> Phase:
    require_perm(actor, MANAGE, area)
    check_fields(fields, PHASE_FIELDS)
    phase = Phase(planning_area=area, **fields)
    if not phase.name:
        phase.name = str(phase.get_kind_display()).capitalize()
    check_order(phase.starts_on, phase.ends_on, "ends_on")
    with transaction.atomic():
        save_audited(
            actor=actor,
            obj=phase,
            verb="phase.create",
            area=area,
            payload={"kind": phase.kind, "from": str(phase.starts_on), "to": str(phase.ends_on)},
        )
    return phase


def phase_update(*, actor: User, phase: Phase, **fields: Any) -> Phase:
    area = phase.planning_area
    require_perm(actor, MANAGE, area)
    check_fields(fields, PHASE_FIELDS)
    changed = changed_fields(phase, fields)
    for name, value in fields.items():
        setattr(phase, name, value)
    check_order(phase.starts_on, phase.ends_on, "ends_on")
    with transaction.atomic():
        save_audited(
            actor=actor, obj=phase, verb="phase.update", area=area, payload={"fields": changed}
        )
    return phase


def phase_delete(*, actor: User, phase: Phase) -> None:
    area = phase.planning_area
    require_perm(actor, MANAGE, area)
    with transaction.atomic():
        delete_audited(
            actor=actor,
            obj=phase,
            verb="phase.delete",
            area=area,
            payload={"name": phase.name, "milestones": phase.milestones.count()},
        )


def _check_milestone(milestone: Milestone, area: PlanningArea) -> None:
    if milestone.phase.planning_area_id != area.pk:
        raise field_error("phase", _("The phase belongs to another planning area."))
    person = milestone.responsible
    if person is not None and person.planning_area_id != area.pk:
        raise field_error("responsible", _("The person takes part in another planning area."))


def milestone_create(*, actor: User, phase: Phase, **fields: Any) -> Milestone:
    area = phase.planning_area
    require_perm(actor, MANAGE, area)
    check_fields(fields, MILESTONE_FIELDS - {"phase"})
    milestone = Milestone(phase=phase, **fields)
    _check_milestone(milestone, area)
    with transaction.atomic():
        save_audited(
            actor=actor,
            obj=milestone,
            verb="milestone.create",
            area=area,
            payload={"due_on": str(milestone.due_on), "phase": phase.pk},
        )
    return milestone


def milestone_update(*, actor: User, milestone: Milestone, **fields: Any) -> Milestone:
    area = milestone.phase.planning_area
    require_perm(actor, MANAGE, area)
    check_fields(fields, MILESTONE_FIELDS)
    changed = changed_fields(milestone, fields)
    for name, value in fields.items():
        setattr(milestone, name, value)
    if {"due_on", "responsible", "remind_days_before"} & set(changed):
        milestone.reminded_on = None  # a new deadline or a new person: remind again
    _check_milestone(milestone, area)
    with transaction.atomic():
        save_audited(
            actor=actor,
            obj=milestone,
            verb="milestone.update",
            area=area,
            payload={"fields": changed},
        )
    return milestone


def milestone_delete(*, actor: User, milestone: Milestone) -> None:
    area = milestone.phase.planning_area
    require_perm(actor, MANAGE, area)
    with transaction.atomic():
        delete_audited(
            actor=actor,
            obj=milestone,
            verb="milestone.delete",
            area=area,
            payload={"title": milestone.title, "due_on": str(milestone.due_on)},
        )


# Selectors ------------------------------------------------------------------------------


class MilestoneState:
    DONE = "done"
    DONE_LATE = "done_late"
    LATE = "late"
    DUE_SOON = "due_soon"
    OPEN = "open"


def milestone_state(milestone: Milestone, *, today: dt.date) -> str:
    """done | done_late | late (past the deadline, not done) | due_soon (within its reminder
    window) | open."""
    if milestone.done_on is not None:
        return (
            MilestoneState.DONE_LATE
            if milestone.done_on > milestone.due_on
            else MilestoneState.DONE
        )
    if milestone.due_on < today:
        return MilestoneState.LATE
    if (milestone.due_on - today).days <= milestone.remind_days_before:
        return MilestoneState.DUE_SOON
    return MilestoneState.OPEN


def phase_list(*, area: PlanningArea) -> QuerySet[Phase]:
    milestones = Milestone.objects.select_related("responsible").order_by("due_on", "id")
    return (
        Phase.objects.filter(planning_area=area)
        .prefetch_related(Prefetch("milestones", queryset=milestones))
        .order_by("starts_on", "order", "id")
    )


def person_choices(*, area: PlanningArea) -> QuerySet[Person]:
    return Person.objects.filter(planning_area=area).order_by("name")


@dataclass
class TimelineMark:
    milestone: Milestone
    state: str
    left: float  # percent of the timeline width

    @property
    def is_late(self) -> bool:
        return self.state in (MilestoneState.LATE, MilestoneState.DONE_LATE)


@dataclass
class TimelineRow:
    phase: Phase
    left: float
    width: float
    marks: list[TimelineMark] = field(default_factory=list)
    late: int = 0


@dataclass
class TimelineTick:
    label: str
    left: float
    major: bool


@dataclass
class Timeline:
    starts_on: dt.date | None
    ends_on: dt.date | None
    today: dt.date
    rows: list[TimelineRow]
    ticks: list[TimelineTick]
    today_left: float | None  # None when today lies outside the timeline
    late: int = 0

    @property
    def is_empty(self) -> bool:
        return not self.rows

    @property
    def milestone_count(self) -> int:
        return sum(len(row.marks) for row in self.rows)


def _quarter_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    month = ((start.month - 1) // 3) * 3 + 1
    day = dt.date(start.year, month, 1)
    starts = []
    while day <= end:
        if day >= start:
            starts.append(day)
        month = day.month + 3
        day = dt.date(day.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    return starts


def timeline_for_area(*, area: PlanningArea, today: dt.date) -> Timeline:
    """Phases with their milestones, placed on one scale from the earliest date to the
    latest (percent positions), with year and quarter ticks and today's line."""
    phases = list(phase_list(area=area))
    if not phases:
        return Timeline(None, None, today, [], [], None)
    dates = [p.starts_on for p in phases] + [p.ends_on for p in phases]
    dates += [m.due_on for p in phases for m in p.milestones.all()]
    start, end = min(dates), max(dates)
    days = (end - start).days + 1

    def pos(day: dt.date) -> float:
        return round(100 * (day - start).days / days, 3)

    rows = []
    for phase in phases:
        row = TimelineRow(
            phase=phase,
            left=pos(phase.starts_on),
            width=round(100 * ((phase.ends_on - phase.starts_on).days + 1) / days, 3),
        )
        for milestone in phase.milestones.all():
            mark = TimelineMark(
                milestone, milestone_state(milestone, today=today), pos(milestone.due_on)
            )
            row.marks.append(mark)
            row.late += mark.state == MilestoneState.LATE
        rows.append(row)
    ticks = []
    days_ = [start, *(d for d in _quarter_starts(start, end) if d > start)]
    for day in days_:
        major = day.month == 1 and day.day == 1
        if major:
            label = str(day.year)
        elif day == start or days <= 2 * 366:
            label = f"{day.month}/{day.year}"
        elif days <= 4 * 366:
            label = ""
        else:
            continue
        ticks.append(TimelineTick(label=label, left=pos(day), major=major or day == start))
    today_left = pos(today) if start <= today <= end else None
    return Timeline(
        starts_on=start,
        ends_on=end,
        today=today,
        rows=rows,
        ticks=ticks,
        today_left=today_left,
        late=sum(r.late for r in rows),
    )


def milestones_for_user(*, user: Any, area: PlanningArea | None = None) -> QuerySet[Milestone]:
    """ "My tasks": milestones not done yet whose responsible person is the user's Person,
    by deadline (optionally in one planning area)."""
    if not getattr(user, "is_authenticated", False):
        return Milestone.objects.none()
    milestones = Milestone.objects.filter(responsible__user=user, done_on__isnull=True)
    if area is not None:
        milestones = milestones.filter(phase__planning_area=area)
    return milestones.select_related("phase__planning_area", "responsible").order_by("due_on", "id")


# Reminders ------------------------------------------------------------------------------


def milestones_due_for_reminder(*, today: dt.date) -> list[Milestone]:
    """Milestones not done and not reminded yet, due today or within their
    `remind_days_before`, whose responsible person has an e-mail address."""
    candidates = (
        Milestone.objects.filter(
            done_on__isnull=True,
            reminded_on__isnull=True,
            due_on__gte=today,
            responsible__isnull=False,
        )
        .exclude(responsible__email="")
        .select_related("responsible", "phase__planning_area")
        .order_by("due_on", "id")
    )
    return [m for m in candidates if (m.due_on - today).days <= m.remind_days_before]


def _reminder_message(milestone: Milestone, today: dt.date) -> tuple[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        area = milestone.phase.planning_area
        days = (milestone.due_on - today).days
        values: dict[str, Any] = {
            "title": milestone.title,
            "date": format_date(milestone.due_on),
            "phase": milestone.phase.name,
            "area": area.name,
            "days": days,
        }
        subject = _("Deadline %(date)s: %(title)s") % values
        when = (
            _("The deadline is today.")
            if days == 0
            else ngettext(
                "The deadline is in %(days)d day.", "The deadline is in %(days)d days.", days
            )
            % values
        )
        lines = [
            _("Hello,"),
            "",
            _(
                "you are responsible for the milestone „%(title)s“ of the phase „%(phase)s“ "
                "in the planning area %(area)s, due on %(date)s."
            )
            % values,
            when,
            "",
            _("When it is done, please tell the coordinator so that the timeline shows it."),
            "",
            _("KPSS – community planning of social services"),
        ]
        body = "\n".join(lines)
    return subject, body


def _mailer(subject: str, body: str, recipient: str) -> Callable[[], None]:
    def send() -> None:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])

    return send


def milestone_reminders_send(
    *, actor: User, today: dt.date, dry_run: bool = False
) -> list[Milestone]:
    """E-mail each responsible person about milestones due soon, once per milestone: the
    milestone remembers the day (`reminded_on`). A dry run sends and writes nothing."""
    if not is_admin(actor):  # the operator's command, run as the system account
        raise PermissionDenied("Not permitted: sending reminders.", perm="send_reminders")
    due = milestones_due_for_reminder(today=today)
    if dry_run:
        return due
    for milestone in due:
        subject, body = _reminder_message(milestone, today)
        recipient = milestone.responsible.email if milestone.responsible else ""
        with transaction.atomic():
            updated = Milestone.objects.filter(pk=milestone.pk, reminded_on__isnull=True).update(
                reminded_on=today
            )
            if not updated:  # another run reminded it in the meantime
                continue
            milestone.reminded_on = today
            audit_record(
                actor=actor,
                verb="milestone.remind",
                obj=milestone,
                area_slug=milestone.phase.planning_area.slug,
                payload={"to": recipient, "due_on": str(milestone.due_on)},
            )
            transaction.on_commit(_mailer(subject, body, recipient))
    return [m for m in due if m.reminded_on == today]
