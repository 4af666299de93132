"""Staff pages of intentions: the calls dashboard, a call with its intentions, the provider's
intention form, the coordinator's check, assessment, priorities and statements, and the
documents. Thin views: reads through the selectors, writes through the services, which check
the rules again. Whoever may not see the intentions of the area gets 404. Mounted under
`sprava/uzemi/<slug:slug>/zamery/`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kpss.core.errors import KpssError
from kpss.intentions import documents, selectors, services
from kpss.intentions.checks import area_gaps, criteria_from_stored, intention_check, summary
from kpss.intentions.forms import (
    AssessmentForm,
    CallForm,
    IntentionForm,
    PriorityForm,
    RevisionForm,
    StatementForm,
)
from kpss.intentions.models import Call, Intention
from kpss.needs.models import Need
from kpss.organisations.web import apply_errors
from kpss.organisations.web import staff_view as area_staff_view
from kpss.registry.models import Service
from kpss.territory.models import PlanningArea
from kpss.territory.selectors import area_municipalities

S = Intention.State
StaffView = Callable[..., HttpResponseBase]
PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def staff_view(perm: str = "intentions.view_calls") -> Callable[[StaffView], StaffView]:
    """Like every staff page, but a missing right is a 404: another area's people and other
    providers learn nothing, not even that an intention exists."""
    return area_staff_view(perm, hide=True)


def _call(request: HttpRequest, area: PlanningArea, call_id: int) -> Call:
    return selectors.call_get_for_user(user=request.user, area=area, call_id=call_id)


def _intention(request: HttpRequest, area: PlanningArea, intention_id: int) -> Intention:
    return selectors.intention_get_for_user(user=request.user, area=area, intention_id=intention_id)


# Calls --------------------------------------------------------------------------------------


@staff_view()
def calls(request: HttpRequest, area: PlanningArea) -> HttpResponse:
    today = timezone.localdate()
    boards = [
        selectors.call_dashboard(call=c, today=today)
        for c in selectors.call_list(area=area, user=request.user)
    ]
    return render(
        request,
        "intentions/calls.html",
        {
            "area": area,
            "boards": boards,
            "can_manage": request.user.has_perm("intentions.manage_calls", area),
            "is_provider": request.user.has_perm("intentions.submit_intention", area),
        },
    )


def _call_form(request: HttpRequest, area: PlanningArea, **kwargs: Any) -> CallForm:
    return CallForm(request.POST or None, measures=selectors.measures_in_force(area=area), **kwargs)


@staff_view("intentions.manage_calls")
def call_create(request: HttpRequest, area: PlanningArea) -> HttpResponse:
    form = _call_form(request, area)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version", None)
        try:
            call = services.call_create(actor=request.user, area=area, **data)  # type: ignore[arg-type]
        except KpssError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The call was announced."))
            return redirect("intentions:call", area.slug, call.pk)
    return render(request, "intentions/call_form.html", {"area": area, "form": form, "call": None})


@staff_view("intentions.manage_calls")
def call_edit(request: HttpRequest, area: PlanningArea, call_id: int) -> HttpResponse:
    call = _call(request, area, call_id)
    initial = {
        name: getattr(call, name)
        for name in (
            "title",
            "year",
            "description",
            "submission_from",
            "submission_to",
            "statement_from",
            "statement_to",
            "layers",
            "regional_needs",
            "is_example",
            "version",
        )
    }
    initial["service_types"] = list(call.service_types.values_list("pk", flat=True))
    initial["measures"] = list(call.measures.values_list("pk", flat=True))
    form = _call_form(request, area, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version") or call.version
        try:
            services.call_update(actor=request.user, call=call, expected_version=version, **data)  # type: ignore[arg-type]
        except KpssError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("intentions:call", area.slug, call.pk)
    return render(request, "intentions/call_form.html", {"area": area, "form": form, "call": call})


@staff_view()
def call_detail(request: HttpRequest, area: PlanningArea, call_id: int) -> HttpResponse:
    call = _call(request, area, call_id)
    today = timezone.localdate()
    sees_all = selectors.sees_all_intentions(request.user, area)
    intentions = list(selectors.intention_list(call=call, user=request.user))
    rows = []
    gaps = area_gaps(area) if sees_all and intentions else None
    for intention in intentions:
        check = intention_check(intention=intention, gaps=gaps) if sees_all else []
        rows.append({"intention": intention, "check": check, "summary": summary(check)})
    ranked = selectors.ranked_intentions(call=call) if sees_all else []
    board = selectors.call_dashboard(call=call, today=today)
    return render(
        request,
        "intentions/call_detail.html",
        {
            "area": area,
            "call": call,
            "board": board,
            "rows": rows,
            "sees_all": sees_all,
            "can_manage": request.user.has_perm("intentions.manage_calls", area),
            "can_submit": request.user.has_perm("intentions.submit_intention", area)
            and call.state == Call.State.OPEN
            and today <= call.submission_to,
            "priority_form": PriorityForm(intentions=ranked) if ranked else None,
        },
    )


@require_POST
@staff_view("intentions.assess")
def call_priorities(request: HttpRequest, area: PlanningArea, call_id: int) -> HttpResponse:
    call = _call(request, area, call_id)
    form = PriorityForm(request.POST, intentions=selectors.ranked_intentions(call=call))
    if form.is_valid():
        try:
            services.call_set_priorities(actor=request.user, call=call, order=form.order())  # type: ignore[arg-type]
        except KpssError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The priority order was saved."))
    else:
        for _anchor, _label, message in form.error_links():
            messages.error(request, message)
    return redirect("intentions:call", area.slug, call.pk)


@require_POST
@staff_view("intentions.manage_calls")
def call_close(request: HttpRequest, area: PlanningArea, call_id: int) -> HttpResponse:
    call = _call(request, area, call_id)
    try:
        services.call_close(actor=request.user, call=call)  # type: ignore[arg-type]
    except KpssError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The call was closed; its intentions are now public."))
    return redirect("intentions:call", area.slug, call.pk)


@staff_view("intentions.manage_calls")
def call_summary(request: HttpRequest, area: PlanningArea, call_id: int) -> HttpResponse:
    call = _call(request, area, call_id)
    response = HttpResponse(documents.call_summary_xlsx(call=call), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="zamery-{area.slug}-{call.year}-souhrn.xlsx"'
    )
    return response


# Intentions ---------------------------------------------------------------------------------


def _intention_form(
    request: HttpRequest, area: PlanningArea, call: Call, organisation: Any, **kwargs: Any
) -> IntentionForm:
    services_qs = (
        Service.objects.filter(provider__ico=organisation.ico).order_by("name")
        if organisation is not None and organisation.ico
        else Service.objects.none()
    )
    return IntentionForm(
        request.POST or None,
        call=call,
        services=services_qs,
        municipalities=area_municipalities(area=area).order_by("name"),
        measures=selectors.measures_in_force(area=area),
        needs=Need.objects.filter(planning_area=area).order_by("number"),
        **kwargs,
    )


@staff_view("intentions.submit_intention")
def intention_create(request: HttpRequest, area: PlanningArea, call_id: int) -> HttpResponse:
    call = _call(request, area, call_id)
    organisations = list(selectors.provider_organisations(user=request.user, area=area))
    if not organisations:
        raise Http404(_("Not found"))
    organisation = organisations[0]
    form = _intention_form(request, area, call, organisation)
    if request.method == "POST" and form.is_valid():
        try:
            intention = services.intention_create(
                actor=request.user,  # type: ignore[arg-type]
                call=call,
                organisation=organisation,
                **form.service_fields(),
            )
        except KpssError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("The draft was saved. Check it and submit it before the window closes."),
            )
            return redirect("intentions:intention", area.slug, intention.pk)
    return render(
        request,
        "intentions/intention_form.html",
        {"area": area, "call": call, "form": form, "intention": None, "organisation": organisation},
    )


@staff_view()
def intention_edit(request: HttpRequest, area: PlanningArea, intention_id: int) -> HttpResponse:
    intention = _intention(request, area, intention_id)
    if not request.user.has_perm("intentions.change_intention", intention):
        raise Http404(_("Not found"))
    if intention.is_frozen:
        messages.error(request, _("A submitted intention can only be changed by a revision."))
        return redirect("intentions:intention", area.slug, intention.pk)
    form = _intention_form(
        request,
        area,
        intention.call,
        intention.organisation,
        initial=IntentionForm.initial_from(intention),
    )
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data.get("version") or intention.version
        try:
            services.intention_update(
                actor=request.user,  # type: ignore[arg-type]
                intention=intention,
                expected_version=version,
                **form.service_fields(),
            )
        except KpssError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("intentions:intention", area.slug, intention.pk)
    return render(
        request,
        "intentions/intention_form.html",
        {
            "area": area,
            "call": intention.call,
            "form": form,
            "intention": intention,
            "organisation": intention.organisation,
        },
    )


@staff_view()
def intention_detail(request: HttpRequest, area: PlanningArea, intention_id: int) -> HttpResponse:
    intention = _intention(request, area, intention_id)
    user = request.user
    can_change = user.has_perm("intentions.change_intention", intention)
    can_assess = user.has_perm("intentions.assess", area)
    assessment = getattr(intention, "assessment", None)
    statement = getattr(intention, "statement", None)
    check = intention_check(intention=intention) if can_assess else []
    return render(
        request,
        "intentions/intention_detail.html",
        {
            "area": area,
            "call": intention.call,
            "intention": intention,
            "assessment": assessment,
            "stored_check": criteria_from_stored(assessment.check_result) if assessment else [],
            "statement": statement,
            "check": check,
            "check_summary": summary(check) if check else None,
            "history": selectors.intention_history(intention=intention),
            "can_change": can_change,
            "can_assess": can_assess and intention.state in (S.SUBMITTED, S.ASSESSED),
            "can_issue": user.has_perm("intentions.issue_statement", area)
            and intention.state == S.ASSESSED
            and intention.needs_statement,
            "revision_form": RevisionForm()
            if can_change and intention.state in (S.SUBMITTED, S.ASSESSED)
            else None,
            "funding": documents._funding_rows(intention),
        },
    )


@require_POST
@staff_view()
def intention_submit(request: HttpRequest, area: PlanningArea, intention_id: int) -> HttpResponse:
    intention = _intention(request, area, intention_id)
    try:
        services.intention_submit(actor=request.user, intention=intention)  # type: ignore[arg-type]
    except KpssError as error:
        messages.error(request, error.message)
        for message in (error.details.get("errors") or {}).values():
            messages.error(request, message)
    else:
        messages.success(request, _("The intention was submitted. It can no longer be changed."))
    return redirect("intentions:intention", area.slug, intention.pk)


@require_POST
@staff_view()
def intention_revise(request: HttpRequest, area: PlanningArea, intention_id: int) -> HttpResponse:
    intention = _intention(request, area, intention_id)
    form = RevisionForm(request.POST)
    if form.is_valid():
        try:
            revision = services.intention_revise(
                actor=request.user,  # type: ignore[arg-type]
                intention=intention,
                reason=form.cleaned_data["reason"],
            )
        except KpssError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("A new revision was made; edit it and submit it again."))
            return redirect("intentions:intention", area.slug, revision.pk)
    else:
        messages.error(request, _("Give the reason for the revision."))
    return redirect("intentions:intention", area.slug, intention.pk)


@staff_view("intentions.assess")
def intention_assess(request: HttpRequest, area: PlanningArea, intention_id: int) -> HttpResponse:
    intention = _intention(request, area, intention_id)
    assessment = getattr(intention, "assessment", None)
    initial = (
        {
            "outcome": assessment.outcome,
            "reason": assessment.reason,
            "conditions": assessment.conditions,
            "team_decision": assessment.team_decision,
        }
        if assessment
        else {}
    )
    form = AssessmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.intention_assess(
                actor=request.user,  # type: ignore[arg-type]
                intention=intention,
                **form.cleaned_data,
            )
        except KpssError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The assessment was saved."))
            return redirect("intentions:intention", area.slug, intention.pk)
    check = intention_check(intention=intention)
    return render(
        request,
        "intentions/assess_form.html",
        {"area": area, "intention": intention, "form": form, "check": check},
    )


@staff_view("intentions.issue_statement")
def statement_issue(request: HttpRequest, area: PlanningArea, intention_id: int) -> HttpResponse:
    intention = _intention(request, area, intention_id)
    form = StatementForm(request.POST or None, initial={"issued_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            statement = services.statement_issue(
                actor=request.user,  # type: ignore[arg-type]
                intention=intention,
                **form.cleaned_data,
            )
        except KpssError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Statement no. %(number)s was issued; the provider was told by e-mail.")
                % {"number": statement.number},
            )
            return redirect("intentions:intention", area.slug, intention.pk)
    return render(
        request,
        "intentions/statement_form.html",
        {"area": area, "intention": intention, "form": form},
    )


@staff_view()
def statement_download(request: HttpRequest, area: PlanningArea, intention_id: int) -> HttpResponse:
    intention = _intention(request, area, intention_id)
    if not hasattr(intention, "statement"):
        raise Http404(_("Not found"))
    response = HttpResponse(documents.statement_pdf(intention=intention), content_type=PDF)
    response["Content-Disposition"] = (
        f'attachment; filename="{documents.statement_filename(intention)}"'
    )
    return response
