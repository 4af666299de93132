"""Events for the public (a social services fair, a public hearing, presentations in the
municipalities): services for the coordinator and selectors for the staff pages and the
public site, which only ever sees published events of published areas."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from kpss.accounts.models import User
from kpss.core.errors import NotFound
from kpss.core.permissions import require_perm
from kpss.governance.models import Event
from kpss.governance.process_common import (
    changed_fields,
    check_fields,
    check_order,
    delete_audited,
    save_audited,
)
from kpss.territory.models import PlanningArea

MANAGE = "governance.manage_organisation"
EVENT_FIELDS = {
    "kind",
    "title",
    "starts_at",
    "ends_at",
    "place",
    "description",
    "is_public",
    "is_example",
}


def event_create(*, actor: User, area: PlanningArea, **fields: Any) -> Event:
    require_perm(actor, MANAGE, area)
    check_fields(fields, EVENT_FIELDS)
    event = Event(planning_area=area, **fields)
    check_order(event.starts_at, event.ends_at, "ends_at")
    with transaction.atomic():
        save_audited(
            actor=actor,
            obj=event,
            verb="event.create",
            area=area,
            payload={"starts_at": event.starts_at.isoformat(), "is_public": event.is_public},
        )
    return event


def event_update(*, actor: User, event: Event, **fields: Any) -> Event:
    area = event.planning_area
    require_perm(actor, MANAGE, area)
    check_fields(fields, EVENT_FIELDS)
    changed = changed_fields(event, fields)
    for name, value in fields.items():
        setattr(event, name, value)
    check_order(event.starts_at, event.ends_at, "ends_at")
    with transaction.atomic():
        save_audited(
            actor=actor, obj=event, verb="event.update", area=area, payload={"fields": changed}
        )
    return event


def event_delete(*, actor: User, event: Event) -> None:
    area = event.planning_area
    require_perm(actor, MANAGE, area)
    with transaction.atomic():
        delete_audited(
            actor=actor,
            obj=event,
            verb="event.delete",
            area=area,
            payload={"title": event.title, "starts_at": event.starts_at.isoformat()},
        )


# Selectors ------------------------------------------------------------------------------


def event_list(*, area: PlanningArea) -> QuerySet[Event]:
    """All events of the area, published or not (for the staff pages), newest first."""
    return Event.objects.filter(planning_area=area).order_by("-starts_at", "id")


def public_events(*, area: PlanningArea) -> QuerySet[Event]:
    """Published events of a published area; nothing at all for an unpublished area."""
    if not area.is_public:
        return Event.objects.none()
    return Event.objects.filter(planning_area=area, is_public=True)


def _ongoing_or_later(now: dt.datetime) -> Q:
    """Still to come or still going on: not ended yet (an event without an end lasts its day)."""
    day_start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=day_start)


@dataclass
class PublicEvents:
    upcoming: list[Event]  # soonest first
    past: list[Event]  # most recent first


def public_event_lists(*, area: PlanningArea, now: dt.datetime) -> PublicEvents:
    """The public list: upcoming (and ongoing) events first, soonest first; past ones below,
    most recent first. `now` should be local time so that "today" is Prague's day."""
    events = public_events(area=area)
    upcoming = events.filter(_ongoing_or_later(now)).order_by("starts_at", "id")
    past = events.exclude(_ongoing_or_later(now)).order_by("-starts_at", "-id")
    return PublicEvents(upcoming=list(upcoming), past=list(past))


def public_event_get(*, area: PlanningArea, pk: int) -> Event:
    event = public_events(area=area).filter(pk=pk).first()
    if event is None:
        raise NotFound(_("Event not found."), pk=pk)
    return event
