"""What happened elsewhere in the product for a measure, found automatically: the meetings
that discussed it, the development intentions that implement it and the grants that finance
it.

Agenda items have no link to measures (only a free-text `reference`, "until they can be
linked"), so a meeting counts when the measure's code appears as a whole number in the agenda
item's reference or title ("1.2" matches "opatření 1.2", not "1.21").

Intentions and grants come from the apps that own them, through the one place below that
calls `kpss.intentions.selectors.intentions_for_measure(measure)` and
`kpss.financing.selectors.grants_for_measure(measure)` when those functions exist; until then
the lists are empty and the page says the connection is not available yet.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from kpss.governance.models import AgendaItem
from kpss.planning.models import Measure


@dataclass
class MeetingLink:
    meeting_id: int
    title: str
    body: str
    starts_at: Any
    agenda_title: str
    is_public: bool


@dataclass
class MeasureLinks:
    meetings: list[MeetingLink] = field(default_factory=list)
    intentions: list[Any] = field(default_factory=list)
    grants: list[Any] = field(default_factory=list)
    intentions_available: bool = False
    grants_available: bool = False


def _code_pattern(code: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\d.]){re.escape(code)}(?![\d])")


def meetings_for_measure(measure: Measure, *, public_only: bool) -> list[MeetingLink]:
    """Agenda items of the area's meetings that name the measure's code."""
    area = measure.plan_version.plan.planning_area
    items = AgendaItem.objects.filter(meeting__body__planning_area=area).filter(
        Q(reference__contains=measure.code) | Q(title__contains=measure.code)
    )
    if public_only:
        items = items.filter(meeting__is_public=True, meeting__body__is_public=True)
    pattern = _code_pattern(measure.code)
    found: dict[int, MeetingLink] = {}
    for item in items.select_related("meeting__body").order_by("-meeting__starts_at"):
        if not (pattern.search(item.reference) or pattern.search(item.title)):
            continue
        meeting = item.meeting
        found.setdefault(
            meeting.pk,
            MeetingLink(
                meeting_id=meeting.pk,
                title=meeting.title,
                body=meeting.body.name,
                starts_at=meeting.starts_at,
                agenda_title=item.title,
                is_public=meeting.is_public and meeting.body.is_public,
            ),
        )
    return list(found.values())


def _optional(module: str, function: str) -> Any:
    """`module.function` if the app provides it, else None."""
    try:
        return getattr(importlib.import_module(module), function, None)
    except ImportError:
        return None


def _call(module: str, function: str, measure: Measure) -> tuple[bool, list[Any]]:
    target = _optional(module, function)
    if target is None:
        return False, []
    return True, list(target(measure))


def measure_links(measure: Measure | None, *, public_only: bool) -> MeasureLinks:
    if measure is None:
        return MeasureLinks()
    intentions_ok, intentions = _call(
        "kpss.intentions.selectors", "intentions_for_measure", measure
    )
    grants_ok, grants = _call("kpss.financing.selectors", "grants_for_measure", measure)
    return MeasureLinks(
        meetings=meetings_for_measure(measure, public_only=public_only),
        intentions=intentions,
        grants=grants,
        intentions_available=intentions_ok,
        grants_available=grants_ok,
    )


def service_finance_for_year(area: Any, year: int) -> tuple[bool, list[Any]]:
    """Finance data of the area's services for a year from the financing app, when it
    provides `service_finance_for_year`; (False, []) until then."""
    target = _optional("kpss.financing.selectors", "service_finance_for_year")
    if target is None:
        return False, []
    return True, list(target(area, year))
