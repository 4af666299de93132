"""Public pages of monitoring: the progress of the published action plans (filterable by
priority, target group and municipality), the published evaluation reports and the
network-goals dashboard. Only published records of published areas. Mounted under
`uzemi/<slug:slug>/plneni/`."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from kpss.core.errors import NotFound
from kpss.monitoring import selectors
from kpss.monitoring.links import measure_links
from kpss.monitoring.views import evaluation_context, evaluation_file, goals_context
from kpss.organisations.selectors import planning_area_get_for_user
from kpss.territory.models import PlanningArea


def _area(request: HttpRequest, slug: str) -> PlanningArea:
    try:
        return planning_area_get_for_user(user=request.user, slug=slug)
    except NotFound as error:
        raise Http404(error.message) from error


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def progress(request: HttpRequest, slug: str) -> HttpResponse:
    area = _area(request, slug)
    action_plans = list(selectors.action_plan_list(area=area, user=None))
    year = _int(request.GET.get("rok"))
    chosen = next((a for a in action_plans if a.year == year), None) or (
        action_plans[0] if action_plans else None
    )
    context: dict[str, Any] = {
        "area": area,
        "action_plans": action_plans,
        "action_plan": chosen,
        "evaluations": list(selectors.evaluation_list(area=area, user=None)),
    }
    if chosen is not None:
        filters = selectors.ProgressFilters(
            priority=(request.GET.get("priorita") or "")[:20],
            target_group=_int(request.GET.get("skupina")),
            municipality=_int(request.GET.get("obec")),
        )
        rows = selectors.progress_rows(action_plan=chosen, filters=filters)
        items = [r.item for r in rows] + [a for r in rows for a in r.activities]
        context.update(
            {
                "rows": [
                    {"row": r, "links": measure_links(r.item.measure, public_only=True)}
                    for r in rows
                ],
                "summary": selectors.progress_summary(items),
                "choices": selectors.progress_filter_choices(action_plan=chosen),
                "filters": filters,
                "filtered": bool(filters.priority or filters.target_group or filters.municipality),
            }
        )
    return render(request, "monitoring/public/progress.html", context)


def _published(request: HttpRequest, area: PlanningArea, evaluation_id: int) -> Any:
    try:
        return selectors.evaluation_get(area=area, evaluation_id=evaluation_id, user=None)
    except NotFound as error:
        raise Http404(error.message) from error


def evaluation(request: HttpRequest, slug: str, evaluation_id: int) -> HttpResponse:
    area = _area(request, slug)
    ev = _published(request, area, evaluation_id)
    return render(
        request,
        "monitoring/public/evaluation.html",
        {
            "area": area,
            **evaluation_context(ev, get_language() or "cs"),
            "commentary": {"summary": ev.summary, **ev.commentary},
        },
    )


def evaluation_download(
    request: HttpRequest, slug: str, evaluation_id: int, fmt: str
) -> HttpResponse:
    area = _area(request, slug)
    return evaluation_file(_published(request, area, evaluation_id), fmt)


def goals(request: HttpRequest, slug: str) -> HttpResponse:
    area = _area(request, slug)
    return render(
        request, "monitoring/goals.html", {**goals_context(request, area), "staff": False}
    )
