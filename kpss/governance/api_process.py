"""Process timeline, project budget and events endpoints.

The timeline and the budget are internal: members of the area read them
(`governance.view_internal`), others get 403 (and 404 for an unpublished area they cannot
see). Published events of published areas are public; members also see unpublished ones."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Path, Router, Schema

from kpss.api.auth import caller
from kpss.api.errors import PROBLEM_RESPONSES, Problem
from kpss.core.errors import PermissionDenied
from kpss.governance import budget, events, timeline
from kpss.governance.models import Event, Milestone
from kpss.organisations.selectors import planning_area_get_for_user
from kpss.territory.models import PlanningArea

router = Router(tags=["process"])

AreaSlug = Path(
    ..., pattern=r"^[-a-zA-Z0-9_]+$", max_length=60, description="Short name of the area."
)
INTERNAL_RESPONSES: dict[int, type[Schema]] = {**PROBLEM_RESPONSES, 403: Problem}


class PersonRef(Schema):
    name: str
    is_example: bool = Field(description="A fictional person of the demo data.")


class MilestoneOut(Schema):
    id: int
    title: str
    due_on: dt.date
    done_on: dt.date | None
    responsible: PersonRef | None
    state: str = Field(description="done | done_late | late | due_soon | open")


class PhaseOut(Schema):
    id: int
    kind: str = Field(
        description="organisation | analysis | strategy | consultation | approval | "
        "implementation | monitoring | evaluation"
    )
    name: str
    starts_on: dt.date
    ends_on: dt.date
    status: str = Field(description="planned | in_progress | done")
    milestones: list[MilestoneOut]


class TimelineOut(Schema):
    starts_on: dt.date | None
    ends_on: dt.date | None
    today: dt.date
    late: int = Field(description="Milestones past their deadline and not done.")
    phases: list[PhaseOut]


class BudgetLineOut(Schema):
    id: int
    category: str = Field(description="personnel | services | materials | other")
    name: str
    planned: Decimal
    spent: Decimal
    remaining: Decimal
    share_spent: Decimal | None = Field(description="Percent of the line spent.")
    by_quarter: list[Decimal] = Field(description="Spent per quarter, as in `quarters`.")


class QuarterOut(Schema):
    label: str
    starts_on: dt.date
    ends_on: dt.date
    planned: Decimal = Field(description="The total spread evenly over the project's days.")
    spent: Decimal
    planned_cumulative: Decimal
    spent_cumulative: Decimal


class ParticipationOut(Schema):
    held_on: dt.date
    activity: str
    target_group: str | None
    people: int


class ProjectOut(Schema):
    id: int
    name: str
    registration_number: str
    starts_on: dt.date
    ends_on: dt.date
    budget_total: Decimal
    planned_lines: Decimal
    spent: Decimal
    remaining: Decimal
    share_spent: Decimal | None
    participants: int
    participation_target: int | None
    participation: str = Field(description="The indicator as shown: '87 / 114'.")
    lines: list[BudgetLineOut]
    quarters: list[QuarterOut]
    participation_records: list[ParticipationOut]


class EventOut(Schema):
    id: int
    kind: str = Field(description="fair | hearing | presentation | other")
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    place: str
    description: str
    is_public: bool
    is_example: bool = Field(description="Illustrative demo content, not a real event.")
    upcoming: bool


def _internal_area(request: HttpRequest, slug: str) -> PlanningArea:
    area = planning_area_get_for_user(user=caller(request), slug=slug)
    if not caller(request).has_perm("governance.view_internal", area):
        raise PermissionDenied("Only members of the planning area see this.", slug=slug)
    return area


def _person(milestone: Milestone) -> dict[str, Any] | None:
    person = milestone.responsible
    return {"name": person.name, "is_example": person.is_example} if person else None


@router.get(
    "/areas/{slug}/timeline",
    response={200: TimelineOut, **INTERNAL_RESPONSES},
    summary="Process timeline of an area",
)
def area_timeline(request: HttpRequest, slug: str = AreaSlug) -> dict[str, Any]:
    """Phases of the planning cycle with their milestones and each milestone's state."""
    area = _internal_area(request, slug)
    data = timeline.timeline_for_area(area=area, today=timezone.localdate())
    return {
        "starts_on": data.starts_on,
        "ends_on": data.ends_on,
        "today": data.today,
        "late": data.late,
        "phases": [
            {
                "id": row.phase.pk,
                "kind": row.phase.kind,
                "name": row.phase.name,
                "starts_on": row.phase.starts_on,
                "ends_on": row.phase.ends_on,
                "status": row.phase.status,
                "milestones": [
                    {
                        "id": mark.milestone.pk,
                        "title": mark.milestone.title,
                        "due_on": mark.milestone.due_on,
                        "done_on": mark.milestone.done_on,
                        "responsible": _person(mark.milestone),
                        "state": mark.state,
                    }
                    for mark in row.marks
                ],
            }
            for row in data.rows
        ],
    }


def _project(overview: budget.BudgetOverview) -> dict[str, Any]:
    project = overview.project
    return {
        "id": project.pk,
        "name": project.name,
        "registration_number": project.registration_number,
        "starts_on": project.starts_on,
        "ends_on": project.ends_on,
        "budget_total": project.budget_total,
        "planned_lines": overview.planned_lines,
        "spent": overview.spent,
        "remaining": overview.remaining,
        "share_spent": overview.share_spent,
        "participants": overview.participants,
        "participation_target": overview.target,
        "participation": overview.participation_label,
        "lines": [
            {
                "id": row.line.pk,
                "category": row.line.category,
                "name": row.line.name,
                "planned": row.planned,
                "spent": row.spent,
                "remaining": row.remaining,
                "share_spent": row.share_spent,
                "by_quarter": row.by_quarter,
            }
            for row in overview.lines
        ],
        "quarters": [
            {
                "label": str(row.quarter.label),
                "starts_on": row.quarter.starts_on,
                "ends_on": row.quarter.ends_on,
                "planned": row.planned,
                "spent": row.spent,
                "planned_cumulative": row.planned_cumulative,
                "spent_cumulative": row.spent_cumulative,
            }
            for row in overview.quarters
        ],
        "participation_records": [
            {
                "held_on": record.held_on,
                "activity": record.activity,
                "target_group": record.target_group.name if record.target_group else None,
                "people": record.people,
            }
            for record in overview.participation
        ],
    }


@router.get(
    "/areas/{slug}/projects",
    response={200: list[ProjectOut], **INTERNAL_RESPONSES},
    summary="Projects of an area with their budget and participation",
)
def area_project_list(request: HttpRequest, slug: str = AreaSlug) -> list[dict[str, Any]]:
    """Planned vs spent per line and per quarter, totals, and participation vs target."""
    area = _internal_area(request, slug)
    return [
        _project(budget.budget_overview(project=project))
        for project in budget.project_list(area=area)
    ]


@router.get(
    "/areas/{slug}/projects/{project_id}",
    response={200: ProjectOut, **INTERNAL_RESPONSES},
    summary="One project's budget and participation",
)
def area_project_detail(
    request: HttpRequest, project_id: int, slug: str = AreaSlug
) -> dict[str, Any]:
    area = _internal_area(request, slug)
    return _project(budget.budget_overview(project=budget.project_get(area=area, pk=project_id)))


def _event(event: Event, now: dt.datetime) -> dict[str, Any]:
    return {
        "id": event.pk,
        "kind": event.kind,
        "title": event.title,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "place": event.place,
        "description": event.description,
        "is_public": event.is_public,
        "is_example": event.is_example,
        "upcoming": (event.ends_at or event.starts_at) >= now,
    }


@router.get(
    "/areas/{slug}/events",
    response={200: list[EventOut], **PROBLEM_RESPONSES},
    summary="Events of an area",
)
def area_event_list(request: HttpRequest, slug: str = AreaSlug) -> list[dict[str, Any]]:
    """Published events by start; members of the area also see unpublished ones."""
    user = caller(request)
    area = planning_area_get_for_user(user=user, slug=slug)
    if user.has_perm("governance.view_internal", area):
        items = events.event_list(area=area)
    else:
        items = events.public_events(area=area)
    now = timezone.now()
    return [_event(event, now) for event in items.order_by("starts_at", "id")]


@router.get(
    "/areas/{slug}/events/{event_id}",
    response={200: EventOut, **PROBLEM_RESPONSES},
    summary="One event",
)
def area_event_detail(request: HttpRequest, event_id: int, slug: str = AreaSlug) -> dict[str, Any]:
    user = caller(request)
    area = planning_area_get_for_user(user=user, slug=slug)
    if user.has_perm("governance.view_internal", area):
        event = events.event_list(area=area).filter(pk=event_id).first()
        if event is None:
            event = events.public_event_get(area=area, pk=event_id)  # raises NotFound
    else:
        event = events.public_event_get(area=area, pk=event_id)
    return _event(event, timezone.now())
