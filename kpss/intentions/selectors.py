"""Reads of calls and intentions. Tenancy and visibility are decided here: a provider sees
only its own organisation's intentions, the coordinator of the area all of them, anyone else
of the area nothing (NotFound); the public sees only closed calls, without personal data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kpss.core.errors import NotFound
from kpss.intentions.models import Call, Intention
from kpss.intentions.permissions import provider_organisation_ids
from kpss.organisations.models import Organisation
from kpss.organisations.selectors import user_can
from kpss.planning.models import Measure, PlanVersion
from kpss.territory.models import PlanningArea

S = Intention.State
#: States of intentions that have been submitted and are not replaced by a revision.
SUBMITTED_STATES = (S.SUBMITTED, S.ASSESSED, S.STATEMENT_ISSUED)


def sees_all_intentions(user: Any, area: PlanningArea) -> bool:
    return user_can(user, "intentions.assess", area)


def call_list(*, area: PlanningArea, user: Any = None) -> QuerySet[Call]:
    """The area's calls for those who may see them (coordinator, providers); else none."""
    if not user_can(user, "intentions.view_calls", area):
        return Call.objects.none()
    return Call.objects.filter(planning_area=area).order_by("-year", "-submission_from", "-id")


def call_get_for_user(*, user: Any, area: PlanningArea, call_id: int) -> Call:
    call = call_list(area=area, user=user).filter(pk=call_id).first()
    if call is None:
        raise NotFound(_("Call not found."), call_id=call_id)
    return call


def public_call_list(*, area: PlanningArea) -> QuerySet[Call]:
    """Closed calls of a published area: the public may see their intentions and outcomes."""
    if not area.is_public:
        return Call.objects.none()
    return Call.objects.filter(planning_area=area, state=Call.State.CLOSED).order_by("-year", "-id")


def intention_list(*, call: Call, user: Any = None, current: bool = True) -> QuerySet[Intention]:
    """The intentions of a call the user may see: all for the coordinator, the own
    organisation's for a provider. `current` leaves out revisions replaced by newer ones."""
    intentions = Intention.objects.filter(call=call).select_related(
        "organisation", "service_type", "form", "service", "assessment", "statement"
    )
    if current:
        intentions = intentions.exclude(state=S.SUPERSEDED)
    if not sees_all_intentions(user, call.planning_area):
        intentions = intentions.filter(
            organisation_id__in=provider_organisation_ids(user, call.planning_area)
        )
    return intentions.order_by("number", "revision")


def intention_get_for_user(*, user: Any, area: PlanningArea, intention_id: int) -> Intention:
    intention = (
        Intention.objects.select_related("call__planning_area", "organisation")
        .filter(pk=intention_id, call__planning_area=area)
        .first()
    )
    if intention is None or not user_can(user, "intentions.view_intention", intention):
        raise NotFound(_("Intention not found."), intention_id=intention_id)
    return intention


def intention_history(*, intention: Intention) -> list[Intention]:
    """Every revision of the intention's number, oldest first."""
    return list(
        Intention.objects.filter(call=intention.call, number=intention.number).order_by("revision")
    )


def ranked_intentions(*, call: Call) -> list[Intention]:
    """Submitted intentions of a call in priority order (unranked last, by number)."""
    intentions = list(
        Intention.objects.filter(call=call, state__in=SUBMITTED_STATES)
        .select_related(
            "organisation", "service_type", "form", "service", "assessment", "statement"
        )
        .prefetch_related("measures")
    )
    return sorted(
        intentions,
        key=lambda i: (i.priority_order is None, i.priority_order or 0, i.number),
    )


def intentions_for_measure(measure: Measure) -> QuerySet[Intention]:
    """The submitted intentions (submitted, assessed or with a statement issued; never drafts
    nor replaced revisions) that link `measure` or any copy of it in another version of the
    same plan (matched by `Measure.lineage`), oldest call first.

    For monitoring: how providers implement a measure. The caller decides who may see them.
    """
    return (
        Intention.objects.filter(
            state__in=SUBMITTED_STATES,
            measures__lineage=measure.lineage,
            measures__plan_version__plan_id=measure.plan_version.plan_id,
        )
        .select_related("call", "organisation", "service_type", "form")
        .distinct()
        .order_by("call__year", "call_id", "number")
    )


def provider_organisations(*, user: Any, area: PlanningArea) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=provider_organisation_ids(user, area)).order_by(
        "name"
    )


def measures_in_force(*, area: PlanningArea) -> QuerySet[Measure]:
    return (
        Measure.objects.filter(
            plan_version__plan__planning_area=area,
            plan_version__state=PlanVersion.State.IN_FORCE,
        )
        .select_related("plan_version__plan")
        .order_by("plan_version__plan__period_from_year", "order", "code")
    )


def call_window(call: Call, today: dt.date | None = None) -> str:
    """Where the call stands: `upcoming`, `submission`, `between`, `statements`, `after` or
    `closed`."""
    day = today or timezone.localdate()
    if call.state == Call.State.CLOSED:
        return "closed"
    if day < call.submission_from:
        return "upcoming"
    if day <= call.submission_to:
        return "submission"
    if day < call.statement_from:
        return "between"
    if day <= call.statement_to:
        return "statements"
    return "after"


@dataclass
class CallDashboard:
    call: Call
    window: str
    submitted: int
    assessed: int
    issued: int
    pending: int
    drafts: int
    days_left: int | None  # in the current window (submission or statements)


def call_dashboard(*, call: Call, today: dt.date | None = None) -> CallDashboard:
    """Counts of the call's intentions and the days left in the window now running."""
    day = today or timezone.localdate()
    current = Intention.objects.filter(call=call).exclude(state=S.SUPERSEDED)
    states = list(current.values_list("state", "kind"))
    submitted = sum(1 for s, _k in states if s in SUBMITTED_STATES)
    assessed = sum(1 for s, _k in states if s in (S.ASSESSED, S.STATEMENT_ISSUED))
    issued = sum(1 for s, _k in states if s == S.STATEMENT_ISSUED)
    pending = sum(
        1
        for s, k in states
        if (s == S.SUBMITTED) or (s == S.ASSESSED and k in (Intention.Kind.A, Intention.Kind.B))
    )
    window = call_window(call, day)
    days_left = None
    if window == "submission":
        days_left = (call.submission_to - day).days
    elif window == "statements":
        days_left = (call.statement_to - day).days
    return CallDashboard(
        call=call,
        window=window,
        submitted=submitted,
        assessed=assessed,
        issued=issued,
        pending=pending,
        drafts=sum(1 for s, _k in states if s == S.DRAFT),
        days_left=days_left,
    )
