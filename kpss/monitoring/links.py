"""What happened elsewhere in the product for a measure, found automatically: the meetings
that discussed it, the development intentions that implement it and the grants that finance
it.

Agenda items have no link to measures (only a free-text `reference`, "until they can be
linked"), so a meeting counts when the measure's code appears as a whole number in the agenda
item's reference or title ("1.2" matches "opatření 1.2", not "1.21").

Intentions and grants come from the apps that own them, matched by the measure's lineage:
`kpss.intentions.selectors.intentions_for_measure` (submitted intentions only) and
`kpss.financing.selectors.grants_for_measure`. This module is the one place monitoring asks
the lower apps about a measure; the public pages show only meetings (intentions and grants
are listed on the staff pages).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from kpss.financing.selectors import ServiceFinance, grants_for_measure, service_finance_for_year
from kpss.governance.models import AgendaItem
from kpss.intentions.selectors import intentions_for_measure
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
    # Ids the user may open on the staff pages; the others are shown by their public page.
    openable_intentions: set[int] = field(default_factory=set)
    openable_grants: set[int] = field(default_factory=set)


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


def _public_intention(intention: Any) -> bool:
    """The intentions of a closed call are public (intentions app, public_call_list)."""
    return bool(intention.call.state == "closed")


def _public_grant(grant: Any) -> bool:
    """An approved or settled grant is a decision on public money."""
    return grant.state in ("approved", "settled")


def measure_links(measure: Measure | None, *, public_only: bool, user: Any = None) -> MeasureLinks:
    """The connections of a measure. The public pages get the public meetings only; a staff
    page gets the intentions and grants the user may see by the owning apps' rules, plus
    those that are public anyway (closed calls, approved grants)."""
    if measure is None:
        return MeasureLinks()
    if public_only:
        return MeasureLinks(meetings=meetings_for_measure(measure, public_only=True))
    all_intentions = list(intentions_for_measure(measure))
    all_grants = list(grants_for_measure(measure))
    may_open_intention = {
        i.pk
        for i in all_intentions
        if user is not None and user.has_perm("intentions.view_intention", i)
    }
    may_open_grant = {
        g.pk
        for g in all_grants
        if user is not None and user.has_perm("financing.view_application", g)
    }
    intentions = [i for i in all_intentions if _public_intention(i) or i.pk in may_open_intention]
    grants = [g for g in all_grants if _public_grant(g) or g.pk in may_open_grant]
    return MeasureLinks(
        meetings=meetings_for_measure(measure, public_only=False),
        intentions=intentions,
        grants=grants,
        intentions_available=True,
        grants_available=True,
        openable_intentions=may_open_intention,
        openable_grants=may_open_grant,
    )


def public_connections(measure: Measure | None) -> MeasureLinks:
    """What a published document may name: public meetings, intentions of closed calls and
    approved grants."""
    if measure is None:
        return MeasureLinks()
    return MeasureLinks(
        meetings=meetings_for_measure(measure, public_only=True),
        intentions=[i for i in intentions_for_measure(measure) if _public_intention(i)],
        grants=[g for g in grants_for_measure(measure) if _public_grant(g)],
        intentions_available=True,
        grants_available=True,
    )


def finance_for_year(area: Any, year: int) -> tuple[list[ServiceFinance], bool]:
    """Finance data of the area's services for a year from the financing app (budgets and
    the region's usual costs), and whether any of it is illustrative."""
    from kpss.financing.models import ServiceBudget, UsualCost

    illustrative = (
        ServiceBudget.objects.filter(planning_area=area, year=year, is_illustrative=True).exists()
        or UsualCost.objects.filter(year=year, is_illustrative=True).exists()
    )
    return service_finance_for_year(area, year), illustrative


def finance_years(area: Any) -> list[int]:
    """The years with service budgets of the area, newest first."""
    from kpss.financing.models import ServiceBudget

    years = ServiceBudget.objects.filter(planning_area=area).values_list("year", flat=True)
    return sorted(set(years), reverse=True)
