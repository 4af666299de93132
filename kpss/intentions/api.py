"""API endpoints of intentions: calls, their intentions and the consistency check (reads).

Members of the area who may see intentions (the coordinator, providers) see every call;
a provider only its own organisation's intentions. The public sees closed calls of published
areas and their submitted intentions with outcomes, never a person's name. Everyone else
gets 404.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Router

from kpss.api.auth import caller
from kpss.api.errors import PROBLEM_RESPONSES
from kpss.core.errors import NotFound
from kpss.intentions.checks import intention_check
from kpss.intentions.models import Call, Intention
from kpss.intentions.schemas import CallOut, IntentionDetail, IntentionOut
from kpss.intentions.selectors import (
    call_dashboard,
    call_list,
    intention_get_for_user,
    intention_list,
    public_call_list,
    ranked_intentions,
    sees_all_intentions,
)
from kpss.organisations.selectors import planning_area_get_for_user, user_can
from kpss.territory.models import PlanningArea

router = Router(tags=["intentions"])

AreaSlug = Path(
    ..., pattern=r"^[-a-zA-Z0-9_]+$", max_length=60, description="Short name of the area."
)


def _calls(area: PlanningArea, user: Any) -> Any:
    if user_can(user, "intentions.view_calls", area):
        return call_list(area=area, user=user)
    return public_call_list(area=area)


def _call_out(call: Call) -> dict[str, Any]:
    board = call_dashboard(call=call)
    return {
        "id": call.pk,
        "title": call.title,
        "year": call.year,
        "state": call.state,
        "submission_from": call.submission_from,
        "submission_to": call.submission_to,
        "statement_from": call.statement_from,
        "statement_to": call.statement_to,
        "layers": list(call.layers),
        "service_types": [t.key for t in call.service_types.all()],
        "regional_needs": call.regional_needs,
        "is_example": call.is_example,
        "window": board.window,
        "submitted": board.submitted,
        "assessed": board.assessed,
        "statements_issued": board.issued,
    }


def _intention_out(intention: Intention) -> dict[str, Any]:
    assessment = getattr(intention, "assessment", None)
    statement = getattr(intention, "statement", None)
    return {
        "id": intention.pk,
        "number": intention.number,
        "revision": intention.revision,
        "title": intention.title,
        "provider": intention.organisation.name,
        "ico": intention.organisation.ico,
        "kind": intention.kind,
        "layer": intention.layer,
        "year": intention.year,
        "state": intention.state,
        "service_type": intention.service_type.key,
        "form": intention.form.code,
        "unit_kind": intention.unit_kind,
        "units_from": float(intention.units_from),
        "units_to": float(intention.units_to),
        "capacity_from": float(intention.capacity_from),
        "capacity_to": float(intention.capacity_to),
        "measures": [m.code for m in intention.measures.all()],
        "outcome": assessment.outcome if assessment else None,
        "conditions": assessment.conditions if assessment else "",
        "priority_order": intention.priority_order,
        "statement_number": statement.number if statement else None,
        "statement_date": statement.issued_on if statement else None,
        "is_example": intention.is_example,
    }


@router.get(
    "/areas/{slug}/intention-calls",
    response={200: list[CallOut], **PROBLEM_RESPONSES},
    summary="Calls for development intentions of an area",
)
def area_call_list(request: HttpRequest, slug: str = AreaSlug) -> list[dict[str, Any]]:
    """Members who may see intentions get every call; the public only closed ones."""
    user = caller(request)
    area = planning_area_get_for_user(user=user, slug=slug)
    return [_call_out(c) for c in _calls(area, user).prefetch_related("service_types")]


@router.get(
    "/intention-calls/{call_id}/intentions",
    response={200: list[IntentionOut], **PROBLEM_RESPONSES},
    summary="Intentions of a call",
)
def call_intention_list(request: HttpRequest, call_id: int) -> list[dict[str, Any]]:
    """The coordinator: every current intention; a provider: its own; the public: the
    submitted intentions of a closed call in priority order."""
    user = caller(request)
    call = Call.objects.select_related("planning_area").filter(pk=call_id).first()
    if call is None:
        raise NotFound(_("Call not found."), call_id=call_id)
    area = planning_area_get_for_user(user=user, slug=call.planning_area.slug)
    if not _calls(area, user).filter(pk=call.pk).exists():
        raise NotFound(_("Call not found."), call_id=call_id)
    if user_can(user, "intentions.view_calls", area):
        intentions = list(intention_list(call=call, user=user).prefetch_related("measures"))
    else:
        intentions = ranked_intentions(call=call)
    return [_intention_out(i) for i in intentions]


@router.get(
    "/intentions/{intention_id}",
    response={200: IntentionDetail, **PROBLEM_RESPONSES},
    summary="An intention with its consistency check",
)
def intention_detail(request: HttpRequest, intention_id: int) -> dict[str, Any]:
    """For the coordinator of the area (with the live check) and the provider's own staff."""
    user = caller(request)
    intention = Intention.objects.select_related("call__planning_area").filter(pk=intention_id)
    found = intention.first()
    if found is None:
        raise NotFound(_("Intention not found."), intention_id=intention_id)
    area = planning_area_get_for_user(user=user, slug=found.call.planning_area.slug)
    found = intention_get_for_user(user=user, area=area, intention_id=intention_id)
    assessment = getattr(found, "assessment", None)
    check = (
        [c.as_dict() for c in intention_check(intention=found)]
        if sees_all_intentions(user, area)
        else []
    )
    return {
        **_intention_out(found),
        "justification": found.justification,
        "reason": assessment.reason if assessment else "",
        "check": check,
    }
