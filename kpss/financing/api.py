"""API endpoints of financing: the approved co-financing programmes of an area (public
summaries: contributions and grants, no assessors or scores) and, for the area's
coordinator, the allocation of a budget with its scenarios and checks."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema

from kpss.api.auth import caller
from kpss.api.errors import PROBLEM_RESPONSES, Problem
from kpss.core.errors import NotFound, PermissionDenied, ValidationFailed
from kpss.financing.allocation import SCENARIOS, allocation_checks, allocation_compare
from kpss.financing.models import Programme
from kpss.financing.schemas import AllocationOut, ProgrammeBrief, ProgrammeDetail
from kpss.financing.selectors import municipality_report, pot
from kpss.financing.states import PUBLIC_STATES
from kpss.organisations.selectors import planning_area_get_for_user, user_can

router = Router(tags=["financing"])

AreaSlug = Path(
    ..., pattern=r"^[-a-zA-Z0-9_]+$", max_length=60, description="Short name of the area."
)


def _brief(programme: Programme) -> dict[str, Any]:
    return {
        "year": programme.year,
        "title": programme.title,
        "state": programme.state,
        "participating_municipalities": programme.participants.count(),
        "pot": pot(programme),
        "formula_is_illustrative": programme.formula_is_illustrative,
        "real_total": programme.real_total,
    }


@router.get(
    "/areas/{slug}/financing/programmes",
    response={200: list[ProgrammeBrief], **PROBLEM_RESPONSES},
    summary="Approved co-financing programmes of an area",
)
def programme_list(request: HttpRequest, slug: str = AreaSlug) -> list[dict[str, Any]]:
    """Approved and closed programmes, newest first."""
    area = planning_area_get_for_user(user=caller(request), slug=slug)
    programmes = Programme.objects.filter(planning_area=area, state__in=PUBLIC_STATES)
    return [_brief(p) for p in programmes.order_by("-year")]


@router.get(
    "/areas/{slug}/financing/programmes/{year}",
    response={200: ProgrammeDetail, **PROBLEM_RESPONSES},
    summary="Summary of an approved co-financing programme",
)
def programme_detail(request: HttpRequest, year: int, slug: str = AreaSlug) -> dict[str, Any]:
    """Each municipality's contribution and the money for its residents' services, and the
    approved grants per provider and service."""
    area = planning_area_get_for_user(user=caller(request), slug=slug)
    programme = Programme.objects.filter(
        planning_area=area, year=year, state__in=PUBLIC_STATES
    ).first()
    if programme is None:
        raise NotFound(_("Programme not found."), year=year)
    grants = programme.applications.filter(state__in=("approved", "settled")).select_related(
        "provider", "service"
    )
    return {
        **_brief(programme),
        "resolution_number": programme.resolution_number,
        "approved_on": programme.approved_on,
        "approved_total": sum(g.approved_amount or 0 for g in grants),
        "contributions": [
            {
                "municipality_code": m.code,
                "municipality": m.name,
                "contribution": m.contribution,
                "money_for_residents": m.money_for_residents,
                "resident_users": m.users,
            }
            for m in municipality_report(programme=programme)
        ],
        "grants": [
            {
                "number": g.number,
                "provider": g.provider.name,
                "provider_ico": g.provider.ico,
                "service": g.service.name,
                "approved_amount": g.approved_amount,
                "is_illustrative": g.is_illustrative,
            }
            for g in grants.order_by("number")
        ],
    }


class AllocationQuery(Schema):
    year: int
    budget: int
    floor: float = 0.0


@router.get(
    "/areas/{slug}/financing/allocation",
    response={200: AllocationOut, 403: Problem, **PROBLEM_RESPONSES},
    summary="Allocate a budget among the area's services (coordinator)",
)
def allocation(
    request: HttpRequest, query: Query[AllocationQuery], slug: str = AreaSlug
) -> dict[str, Any]:
    """The need-based allocation (LP) next to last year's key, equal per unit and the
    proportional cut; an infeasible budget returns `feasible: false` with the explanation."""
    user = caller(request)
    area = planning_area_get_for_user(user=user, slug=slug)
    if not user_can(user, "financing.manage", area):
        raise PermissionDenied(_("Only the area's coordinator may compute allocations."))
    if not 0 <= query.floor <= 1 or query.budget < 0:
        raise ValidationFailed(_("The fairness floor is a share between 0 and 1."))
    comparison = allocation_compare(
        area=area, year=query.year, budget=query.budget, floor=query.floor
    )
    return {
        "year": query.year,
        "budget": query.budget,
        "floor": query.floor,
        "feasible": comparison.feasible,
        "reason": comparison.result.reason,
        "explanation": comparison.explanation() if not comparison.feasible else "",
        "figures": comparison.result.figures,
        "unmet_need": comparison.unmet,
        "services": [
            {
                "service_id": item.budget.service_id,
                "service": item.budget.service.name,
                "minimum": item.minimum,
                "cap": item.cap,
                "weight": item.weight,
                "amounts": {k: comparison.amounts[k][i] for k in SCENARIOS},
            }
            for i, item in enumerate(comparison.inputs)
        ],
        "checks": [
            {"label": c.label, "ok": c.ok, "detail": c.detail}
            for c in (allocation_checks(comparison, "need") if comparison.feasible else [])
        ],
    }
