"""Staff pages that change one part of a draft in place: an activity, an indicator or a
network change of a measure, and a service taken out of the network."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kpss.core.errors import ConcurrentEdit, KpssError
from kpss.needs.forms import AccessibleForm
from kpss.organisations.web import apply_errors, forbidden, staff_view
from kpss.planning import services
from kpss.planning.forms import ActivityForm, IndicatorForm, NetworkChangeForm
from kpss.planning.models import Activity, Indicator, NetworkChange, NetworkEntry
from kpss.planning.views import (
    _measure,
    _version,
    _version_url,
)
from kpss.territory.models import PlanningArea

PARTS: dict[str, tuple[type[Activity | Indicator | NetworkChange], type[AccessibleForm]]] = {
    "aktivita": (Activity, ActivityForm),
    "indikator": (Indicator, IndicatorForm),
    "zmena-site": (NetworkChange, NetworkChangeForm),
}


def _stamp(value: str | None) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


@staff_view(None)
def measure_part_edit(
    request: HttpRequest, area: PlanningArea, measure_id: int, part: str, pk: int
) -> HttpResponse:
    measure = _measure(area, measure_id)
    if part not in PARTS:
        raise Http404
    model, form_class = PARTS[part]
    item = cast(
        Activity | Indicator | NetworkChange, get_object_or_404(model, measure=measure, pk=pk)
    )
    if not request.user.has_perm("planning.change_measure", measure):
        return forbidden(request, area)
    if measure.plan_version.is_frozen:
        messages.error(request, _("This version is frozen; make a new draft to change it."))
        return redirect(_version_url(measure.plan_version))
    initial = {name: getattr(item, name) for name in services.PART_FIELDS[model]}
    form = form_class(request.POST or None, initial=initial)
    stamp = item.updated_at.isoformat()
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                services.measure_part_update(
                    actor=request.user,  # type: ignore[arg-type]
                    part=item,
                    expected_updated_at=_stamp(request.POST.get("updated_at")),
                    **form.cleaned_data,
                )
            except ConcurrentEdit as error:
                status = 409
                form.add_error(None, error.message)
            except (KpssError, DjangoValidationError) as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                url = reverse("planning:measure", args=[area.slug, measure.pk])
                return redirect(url + "#parts")
    context: dict[str, Any] = {
        "area": area,
        "version": measure.plan_version,
        "measure": measure,
        "item": item,
        "form": form,
        "stamp": stamp,
    }
    return render(request, "planning/measure_part_form.html", context, status=status)


@require_POST
@staff_view("planning.change_draft")
def network_entry_remove(request: HttpRequest, area: PlanningArea, version_id: int) -> HttpResponse:
    version = _version(area, version_id)
    entry = get_object_or_404(
        NetworkEntry,
        plan_version=version,
        service__key=request.POST.get("service", ""),
        form__code=request.POST.get("form") or None,
    )
    try:
        services.network_entry_remove(actor=request.user, entry=entry)  # type: ignore[arg-type]
    except KpssError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The service was taken out of the network."))
    return redirect(_version_url(version) + "#network")
