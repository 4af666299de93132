"""Public page of intentions: the intentions of closed calls with their outcomes, so that the
process is transparent. Only organisations (providers) are named, never a person. Mounted
under `uzemi/<slug:slug>/zamery/`."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from kpss.core.errors import NotFound
from kpss.intentions.selectors import public_call_list, ranked_intentions
from kpss.organisations.selectors import planning_area_get_for_user


def intention_list(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        area = planning_area_get_for_user(user=request.user, slug=slug)
    except NotFound as error:
        raise Http404(error.message) from error
    calls = [
        {"call": call, "intentions": ranked_intentions(call=call)}
        for call in public_call_list(area=area).prefetch_related("service_types")
    ]
    return render(request, "intentions/public/list.html", {"area": area, "calls": calls})
