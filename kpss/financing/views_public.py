"""Public pages of financing: the summaries of approved programmes of a public area — the
municipalities' contributions, the amounts per provider and service, and per municipality
the money for its residents' services. No assessors, scores or personal data; never a
programme in preparation. Mounted under `uzemi/<slug:slug>/financovani/`."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from kpss.core.errors import NotFound
from kpss.financing.models import Programme
from kpss.financing.reports import report_context
from kpss.financing.states import PUBLIC_STATES
from kpss.organisations.selectors import planning_area_get_for_user
from kpss.territory.models import PlanningArea


def _area(request: HttpRequest, slug: str) -> PlanningArea:
    try:
        return planning_area_get_for_user(user=request.user, slug=slug)
    except NotFound as error:
        raise Http404(error.message) from error


def _public(area: PlanningArea) -> list[Programme]:
    return list(
        Programme.objects.filter(planning_area=area, state__in=PUBLIC_STATES).order_by("-year")
    )


def programmes(request: HttpRequest, slug: str) -> HttpResponse:
    area = _area(request, slug)
    return render(
        request,
        "financing/public/programmes.html",
        {"area": area, "programmes": _public(area)},
    )


def programme(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    area = _area(request, slug)
    found = [p for p in _public(area) if p.year == year]
    if not found:
        raise Http404
    context = report_context(found[0])
    context["applications"] = [
        a for a in context["applications"] if a.state in ("approved", "settled")
    ]
    return render(request, "financing/public/programme.html", {"area": area, **context})
