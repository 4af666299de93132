"""API endpoints of monitoring: action plans with the progress of their items, progress
reports by the responsible organisations, indicator values, evaluation reports (and the
summary that feeds the next plan) and the network goals.

The public reads only published action plans and evaluations of published areas; members of
an area also see drafts. Visibility is decided by the selectors, rights by the rules."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Path, Query, Router
from ninja.security import django_auth

from kpss.api.auth import caller
from kpss.api.errors import PROBLEM_RESPONSES, Problem
from kpss.monitoring import selectors, services
from kpss.monitoring.goals import network_goals
from kpss.monitoring.links import finance_years
from kpss.monitoring.models import ActionItem, ActionPlan, Evaluation
from kpss.monitoring.report import evaluation_report
from kpss.monitoring.schemas import (
    ActionPlanBrief,
    ActionPlanOut,
    EvaluationBrief,
    EvaluationOut,
    EvaluationSummaryOut,
    GoalOut,
    IndicatorValueOut,
    ProgressIn,
    ProgressOut,
)
from kpss.organisations.selectors import planning_area_get_for_user

router = Router(tags=["monitoring"])

AreaSlug = Path(
    ..., pattern=r"^[-a-zA-Z0-9_]+$", max_length=60, description="Short name of the area."
)


def _item(item: ActionItem) -> dict[str, Any]:
    return {
        "id": item.pk,
        "code": item.code,
        "title": item.title,
        "is_activity": item.is_activity,
        "measure_lineage": str(item.measure_lineage),
        "responsible_organisation": item.responsible_organisation.name
        if item.responsible_organisation
        else None,
        "budget_czk": item.budget_czk,
        "spent_czk": item.spent_czk,
        "status": item.status,
        "percent": item.percent,
        "reason": item.reason,
        "next_update_due": item.next_update_due,
    }


def _brief(ap: ActionPlan) -> dict[str, Any]:
    return {
        "id": ap.pk,
        "plan_id": ap.plan_id,
        "plan_title": ap.plan.title,
        "year": ap.year,
        "state": ap.state,
        "plan_version": ap.plan_version.number,
    }


@router.get(
    "/areas/{slug}/action-plans",
    response={200: list[ActionPlanBrief], **PROBLEM_RESPONSES},
    summary="Action plans of an area",
)
def action_plan_list(request: HttpRequest, slug: str = AreaSlug) -> list[dict[str, Any]]:
    """Published action plans; members of the area also see drafts. Newest year first."""
    user = caller(request)
    area = planning_area_get_for_user(user=user, slug=slug)
    return [_brief(a) for a in selectors.action_plan_list(area=area, user=user)]


@router.get(
    "/areas/{slug}/action-plans/{action_plan_id}",
    response={200: ActionPlanOut, **PROBLEM_RESPONSES},
    summary="An action plan with the status of its measures and activities",
)
def action_plan_detail(
    request: HttpRequest, action_plan_id: int, slug: str = AreaSlug
) -> dict[str, Any]:
    user = caller(request)
    area = planning_area_get_for_user(user=user, slug=slug)
    ap = selectors.action_plan_get(area=area, action_plan_id=action_plan_id, user=user)
    return {**_brief(ap), "items": [_item(i) for i in selectors.action_items(action_plan=ap)]}


@router.post(
    "/areas/{slug}/action-items/{item_id}/progress",
    auth=django_auth,
    response={
        201: ProgressOut,
        401: Problem,
        403: Problem,
        404: Problem,
        409: Problem,
        422: Problem,
    },
    summary="Report the progress of a measure or activity",
)
def progress_report(
    request: HttpRequest, item_id: int, payload: ProgressIn, slug: str = AreaSlug
) -> tuple[int, dict[str, Any]]:
    """A member of the responsible organisation (or the coordinator) reports the status,
    completion, reason and evidence links. Errors: 403 not responsible, 409 a status change
    the table does not allow (illegal_status_change), 422 missing reason or bad link."""
    user = caller(request)
    area = planning_area_get_for_user(user=user, slug=slug)
    item = selectors.action_item_get(area=area, item_id=item_id, user=user)
    update = services.progress_update_record(
        actor=user,
        item=item,
        status=payload.status,
        percent=payload.percent,
        reason=payload.reason,
        spent_czk=payload.spent_czk,
        evidence_links=payload.evidence_links,
    )
    item.refresh_from_db()
    return 201, {"id": update.pk, "item": _item(item)}


@router.get(
    "/areas/{slug}/plans/{plan_id}/indicator-values",
    response={200: list[IndicatorValueOut], **PROBLEM_RESPONSES},
    summary="Indicators of the plan in force with their yearly values",
)
def indicator_values(request: HttpRequest, plan_id: int, slug: str = AreaSlug) -> list[dict]:
    user = caller(request)
    area = planning_area_get_for_user(user=user, slug=slug)
    plan = selectors.plan_get(area=area, plan_id=plan_id)
    version = services.version_in_force(plan)
    return [
        {
            "measure": r.measure.code,
            "indicator": r.indicator.name,
            "unit": r.indicator.unit,
            "baseline": None if r.indicator.baseline is None else str(r.indicator.baseline),
            "target": None if r.indicator.target is None else str(r.indicator.target),
            "values": {str(y): str(v.value) for y, v in sorted(r.values.items())},
        }
        for r in selectors.indicator_rows(plan=plan, version=version)
    ]


def _evaluation_brief(ev: Evaluation) -> dict[str, Any]:
    return {
        "id": ev.pk,
        "plan_id": ev.plan_id,
        "year": ev.year,
        "number": ev.number,
        "state": ev.state,
        "published_at": ev.published_at,
    }


@router.get(
    "/areas/{slug}/evaluations",
    response={200: list[EvaluationBrief], **PROBLEM_RESPONSES},
    summary="Evaluation reports of an area",
)
def evaluation_list(request: HttpRequest, slug: str = AreaSlug) -> list[dict[str, Any]]:
    """Published reports; members also see drafts."""
    user = caller(request)
    area = planning_area_get_for_user(user=user, slug=slug)
    return [_evaluation_brief(e) for e in selectors.evaluation_list(area=area, user=user)]


@router.get(
    "/areas/{slug}/evaluations/{evaluation_id}",
    response={200: EvaluationOut, **PROBLEM_RESPONSES},
    summary="An evaluation report with its data and commentary",
)
def evaluation_detail(
    request: HttpRequest, evaluation_id: int, slug: str = AreaSlug
) -> dict[str, Any]:
    """A published report returns its frozen data; a draft (members only) the current data."""
    user = caller(request)
    area = planning_area_get_for_user(user=user, slug=slug)
    ev = selectors.evaluation_get(area=area, evaluation_id=evaluation_id, user=user)
    return {
        **_evaluation_brief(ev),
        "summary": ev.summary,
        "commentary": ev.commentary,
        "data": evaluation_report(ev),
    }


@router.get(
    "/areas/{slug}/plans/{plan_id}/evaluation-summary",
    response={200: EvaluationSummaryOut, **PROBLEM_RESPONSES},
    summary="The published evaluation of a plan, for the next plan",
)
def evaluation_summary(request: HttpRequest, plan_id: int, slug: str = AreaSlug) -> dict:
    """The text the next plan's "evaluation of the previous plan" starts from: every year's
    published evaluation (newest version) with its summary and key figures ("" when there is
    none); `evaluation_id` is the latest published one."""
    user = caller(request)
    area = planning_area_get_for_user(user=user, slug=slug)
    plan = selectors.plan_get(area=area, plan_id=plan_id)
    evaluation = selectors.published_evaluation_for_plan(plan=plan)
    return {
        "plan_id": plan.pk,
        "evaluation_id": evaluation.pk if evaluation else None,
        "text": selectors.plan_evaluation_summary(plan=plan),
    }


@router.get(
    "/areas/{slug}/network-goals",
    response={200: list[GoalOut], **PROBLEM_RESPONSES},
    summary="The five goals of the network for an area and a year",
)
def goals(
    request: HttpRequest, slug: str = AreaSlug, year: int | None = Query(None, ge=2000, le=2100)
) -> list[dict[str, Any]]:
    """Each goal's indicators with value, definition and data sources; `value` is null with
    `no_data_reason` where the data is missing. Without `year`: the latest year with service
    budgets, else this year."""
    area = planning_area_get_for_user(user=caller(request), slug=slug)
    budget_years = finance_years(area)
    default = budget_years[0] if budget_years else timezone.localdate().year
    result = network_goals(area=area, year=year or default)
    return [
        {
            "key": g.key,
            "title": g.title,
            "indicators": [
                {
                    "key": i.key,
                    "name": i.name,
                    "value": i.result.value,
                    "display": i.display,
                    "count": i.result.count,
                    "no_data_reason": i.no_data_reason,
                    "definition": i.definition,
                    "sources": i.sources,
                }
                for i in g.indicators
            ],
        }
        for g in result
    ]
