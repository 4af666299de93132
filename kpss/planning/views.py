"""Staff pages of the mid-term plan: plans and versions, the draft editor, state changes,
the diff, the consultation (moderation and settlement), council opinions, approval and the
documents. Thin views: reads through the selectors, writes through the services, which check
the rules again. Mounted under `sprava/uzemi/<slug:slug>/plan/`."""

from __future__ import annotations

from typing import Any

import rules
from django.contrib import messages
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kpss.core.errors import ConcurrentEdit, KpssError, NotFound
from kpss.organisations.web import apply_errors, forbidden, staff_view
from kpss.planning import selectors, services, services_consultation, states
from kpss.planning.forms import (
    ActivityForm,
    ApprovalForm,
    CommentFilterForm,
    ConsultationForm,
    CostForm,
    CouncilOpinionForm,
    HideForm,
    IndicatorForm,
    MeasureForm,
    NetworkChangeForm,
    NetworkEntryForm,
    PlanForm,
    PriorityForm,
    SectionForm,
    SettleForm,
    split_target,
)
from kpss.planning.markdown import markdown_to_safe_html
from kpss.planning.models import (
    Activity,
    Comment,
    Consultation,
    CouncilOpinion,
    Indicator,
    Measure,
    NetworkChange,
    Plan,
    PlanVersion,
    Priority,
    Section,
)
from kpss.planning.presenters import present_content, present_diff
from kpss.planning.snapshot import plan_version_content
from kpss.territory.models import Municipality, PlanningArea
from kpss.territory.selectors import area_municipalities

S = PlanVersion.State
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _with_version(request: HttpRequest, version: int) -> QueryDict:
    """The posted data with the stored version, so that saving again is deliberate."""
    data = request.POST.copy()
    data["version"] = str(version)
    return data


def _may_record(request: HttpRequest, area: PlanningArea, municipality: Municipality) -> bool:
    return bool(
        rules.has_perm("planning.record_council_opinion", request.user, (area, municipality))
    )


def _plan(area: PlanningArea, plan_id: int) -> Plan:
    return get_object_or_404(Plan, planning_area=area, pk=plan_id)


def _version(area: PlanningArea, version_id: int) -> PlanVersion:
    return get_object_or_404(
        PlanVersion.objects.select_related("plan__planning_area"),
        plan__planning_area=area,
        pk=version_id,
    )


def _version_url(version: PlanVersion) -> str:
    return reverse("planning:version", args=[version.plan.planning_area.slug, version.pk])


# Plans --------------------------------------------------------------------------------------


@staff_view("planning.view_draft")
def plan_list(request: HttpRequest, area: PlanningArea) -> HttpResponse:
    can_add = request.user.has_perm("planning.add_plan", area)
    form = PlanForm(request.POST or None) if can_add else None
    if request.method == "POST":
        if form is None:
            return forbidden(request, area)
        if form.is_valid():
            try:
                plan = services.plan_create(actor=request.user, area=area, **form.cleaned_data)  # type: ignore[arg-type]
            except KpssError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The plan was created with its first draft."))
                return redirect("planning:plan", area.slug, plan.pk)
    plans = selectors.plan_list(area=area, user=request.user).prefetch_related("versions")
    return render(
        request,
        "planning/plan_list.html",
        {"area": area, "plans": plans, "form": form, "can_add": can_add},
    )


@staff_view("planning.view_draft")
def plan_detail(request: HttpRequest, area: PlanningArea, plan_id: int) -> HttpResponse:
    plan = _plan(area, plan_id)
    versions = list(
        plan.versions.select_related("approval", "consultation").prefetch_related("transitions")
    )
    return render(
        request,
        "planning/plan_detail.html",
        {
            "area": area,
            "plan": plan,
            "versions": versions,
            "has_draft": any(v.state == S.DRAFT for v in versions),
            "can_edit": request.user.has_perm("planning.change_draft", area),
        },
    )


@require_POST
@staff_view("planning.change_draft")
def draft_create(request: HttpRequest, area: PlanningArea, plan_id: int) -> HttpResponse:
    plan = _plan(area, plan_id)
    try:
        draft = services.plan_version_create_draft(actor=request.user, plan=plan)  # type: ignore[arg-type]
    except KpssError as error:
        messages.error(request, error.message)
        return redirect("planning:plan", area.slug, plan.pk)
    messages.success(request, _("A new draft was made from the latest version."))
    return redirect(_version_url(draft))


# A version: the editor of a draft, the snapshot of a frozen one ------------------------------


def _actions(
    request: HttpRequest, area: PlanningArea, version: PlanVersion
) -> list[dict[str, Any]]:
    """The state changes this user may start on this version now."""
    user = request.user
    labels = {
        states.PUBLISH_FOR_CONSULTATION: _("Publish for consultation…"),
        states.CLOSE_CONSULTATION: _("Close the consultation and start the settlement"),
        states.SUBMIT_TO_COUNCILS: _("Submit to the councils"),
        states.REVISE: _("Close the settlement and continue in a new draft"),
        states.APPROVE: _("Record the approval…"),
    }
    actions = []
    for (state, action), _target in states.PLAN_VERSION_TRANSITIONS.items():
        if state != version.state or action == states.SUPERSEDE:
            continue
        if not user.has_perm(services.TRANSITION_PERMS[action], area):
            continue
        url = None
        if action == states.PUBLISH_FOR_CONSULTATION:
            url = reverse("planning:publish", args=[area.slug, version.pk])
        elif action == states.APPROVE:
            url = reverse("planning:approve", args=[area.slug, version.pk])
        actions.append({"action": action, "label": labels[action], "url": url})
    return actions


def _version_page(
    request: HttpRequest,
    area: PlanningArea,
    version: PlanVersion,
    status: int = 200,
    **forms: Any,
) -> HttpResponse:
    content = present_content(plan_version_content(version=version))
    is_draft = version.state == S.DRAFT
    can_edit = is_draft and request.user.has_perm("planning.change_draft", area)
    consultation = Consultation.objects.filter(plan_version=version).first()
    context: dict[str, Any] = {
        "area": area,
        "plan": version.plan,
        "version": version,
        "content": content,
        "is_draft": is_draft,
        "can_edit": can_edit,
        "priority_form": PriorityForm() if can_edit else None,
        "network_form": _network_form(area) if can_edit else None,
        "actions": _actions(request, area, version),
        "consultation": consultation,
        "transitions": version.transitions.select_related("actor"),
        "other_versions": version.plan.versions.exclude(pk=version.pk).order_by("number"),
        "show_councils": version.state in (S.SUBMITTED_TO_COUNCILS, S.IN_FORCE),
        "approval": getattr(version, "approval", None),
    }
    context.update(forms)
    return render(request, "planning/version_detail.html", context, status=status)


@staff_view("planning.view_draft")
def version_detail(request: HttpRequest, area: PlanningArea, version_id: int) -> HttpResponse:
    return _version_page(request, area, _version(area, version_id))


@staff_view("planning.change_draft")
def section_edit(
    request: HttpRequest, area: PlanningArea, version_id: int, section_id: int
) -> HttpResponse:
    version = _version(area, version_id)
    section = get_object_or_404(Section, plan_version=version, pk=section_id)
    if version.is_frozen:
        messages.error(request, _("This version is frozen; make a new draft to change it."))
        return redirect(_version_url(version))
    initial = {
        "title": section.title,
        "body": section.body,
        "analysis_run": section.analysis_run_id,
        "version": section.version,
    }
    form = SectionForm(request.POST or None, initial=initial, area=area)
    conflict = None
    preview = None
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if "preview" in request.POST:
            preview = markdown_to_safe_html(data["body"])
        else:
            try:
                services.section_update(
                    actor=request.user,  # type: ignore[arg-type]
                    section=section,
                    expected_version=data["version"],
                    **form.service_fields(),
                )
            except ConcurrentEdit:
                conflict = Section.objects.get(pk=section.pk)
                conflict_html = markdown_to_safe_html(conflict.body)
                form.data = _with_version(request, conflict.version)
                status = 409
                return render(
                    request,
                    "planning/section_form.html",
                    {
                        "area": area,
                        "version": version,
                        "section": section,
                        "form": form,
                        "conflict": conflict,
                        "conflict_html": conflict_html,
                    },
                    status=status,
                )
            except KpssError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The section was saved."))
                return redirect(_version_url(version) + f"#section-{section.pk}")
    return render(
        request,
        "planning/section_form.html",
        {
            "area": area,
            "version": version,
            "section": section,
            "form": form,
            "preview": preview,
            "conflict": conflict,
        },
        status=status,
    )


@require_POST
@staff_view("planning.change_draft")
def priority_create(request: HttpRequest, area: PlanningArea, version_id: int) -> HttpResponse:
    version = _version(area, version_id)
    form = PriorityForm(request.POST)
    if form.is_valid():
        try:
            priority = services.priority_create(
                actor=request.user,  # type: ignore[arg-type]
                version=version,
                **form.cleaned_data,
            )
        except KpssError as error:
            apply_errors(form, error)
        except Exception as error:  # a duplicate code fails the model's unique check
            from django.core.exceptions import ValidationError

            if not isinstance(error, ValidationError):
                raise
            apply_errors(form, error)
        else:
            messages.success(request, _("Priority %(code)s was added.") % {"code": priority.code})
            return redirect(_version_url(version) + f"#priority-{priority.pk}")
    return _version_page(request, area, version, status=422, priority_form=form)


@staff_view("planning.change_draft")
def priority_edit(request: HttpRequest, area: PlanningArea, priority_id: int) -> HttpResponse:
    priority = get_object_or_404(
        Priority.objects.select_related("plan_version__plan"),
        plan_version__plan__planning_area=area,
        pk=priority_id,
    )
    version = priority.plan_version
    if version.is_frozen:
        messages.error(request, _("This version is frozen; make a new draft to change it."))
        return redirect(_version_url(version))
    initial = {"code": priority.code, "title": priority.title, "description": priority.description}
    form = PriorityForm(request.POST or None, initial=initial)
    if request.method == "POST" and "delete" in request.POST:
        try:
            services.priority_delete(actor=request.user, priority=priority)  # type: ignore[arg-type]
        except KpssError as error:
            messages.error(request, error.message)
            return redirect("planning:priority", area.slug, priority.pk)
        messages.success(request, _("The priority was deleted."))
        return redirect(_version_url(version))
    if request.method == "POST" and form.is_valid():
        try:
            services.priority_update(
                actor=request.user,  # type: ignore[arg-type]
                priority=priority,
                **form.cleaned_data,
            )
        except (KpssError, DjangoValidationError) as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The priority was saved."))
            return redirect(_version_url(version) + f"#priority-{priority.pk}")
    return render(
        request,
        "planning/priority_form.html",
        {"area": area, "version": version, "priority": priority, "form": form},
        status=422 if form.is_bound and form.errors else 200,
    )


def _network_form(area: PlanningArea, data: Any = None) -> NetworkEntryForm:
    from kpss.registry.selectors import service_list

    return NetworkEntryForm(data, services=service_list(area=area))


@require_POST
@staff_view("planning.change_draft")
def network_entry(request: HttpRequest, area: PlanningArea, version_id: int) -> HttpResponse:
    version = _version(area, version_id)
    form = _network_form(area, request.POST)
    if form.is_valid():
        try:
            services.network_entry_set(
                actor=request.user,  # type: ignore[arg-type]
                version=version,
                **form.cleaned_data,
            )
        except (KpssError, DjangoValidationError) as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The network of services was updated."))
            return redirect(_version_url(version) + "#network")
    return _version_page(request, area, version, status=422, network_form=form)


def _measure_form(version: PlanVersion, *args: Any, **kwargs: Any) -> MeasureForm:
    return MeasureForm(
        *args,
        version=version,
        municipalities=area_municipalities(area=version.plan.planning_area),
        **kwargs,
    )


def _measure_initial(measure: Measure) -> dict[str, Any]:
    return {
        "priority": str(measure.priority_id),
        "code": measure.code,
        "title": measure.title,
        "description": measure.description,
        "reason": measure.reason,
        "needs": list(measure.needs.all()),
        "working_group": measure.working_group_id,
        "target_groups": list(measure.target_groups.all()),
        "service_types": list(measure.service_types.all()),
        "forms": list(measure.forms.all()),
        "municipalities": list(measure.municipalities.all()),
        "responsible_organisation": measure.responsible_organisation_id,
        "partners": measure.partners,
        "year_from": measure.year_from,
        "year_to": measure.year_to,
        "version": measure.version,
    }


@staff_view("planning.change_draft")
def measure_create(request: HttpRequest, area: PlanningArea, version_id: int) -> HttpResponse:
    version = _version(area, version_id)
    if version.is_frozen:
        messages.error(request, _("This version is frozen; make a new draft to change it."))
        return redirect(_version_url(version))
    if not version.priorities.exists():
        messages.error(request, _("Add a priority first; every measure belongs to one."))
        return redirect(_version_url(version))
    initial = {"priority": request.GET.get("priorita", "")}
    form = _measure_form(version, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        priority = get_object_or_404(version.priorities, pk=int(form.cleaned_data["priority"]))
        fields = form.service_fields()
        try:
            measure = services.measure_create(
                actor=request.user,  # type: ignore[arg-type]
                priority=priority,
                **fields,
            )
        except KpssError as error:
            apply_errors(form, error)
        except Exception as error:
            from django.core.exceptions import ValidationError

            if not isinstance(error, ValidationError):
                raise
            apply_errors(form, error)
        else:
            messages.success(request, _("Measure %(code)s was added.") % {"code": measure.code})
            return redirect("planning:measure", area.slug, measure.pk)
    return render(
        request,
        "planning/measure_form.html",
        {"area": area, "version": version, "form": form, "measure": None},
    )


def _measure(area: PlanningArea, measure_id: int) -> Measure:
    return get_object_or_404(
        Measure.objects.select_related("plan_version__plan__planning_area", "priority"),
        plan_version__plan__planning_area=area,
        pk=measure_id,
    )


def _part_forms(data: Any = None) -> dict[str, Any]:
    return {
        "activity_form": ActivityForm(data),
        "cost_form": CostForm(data),
        "indicator_form": IndicatorForm(data),
        "network_form": NetworkChangeForm(data),
    }


def _measure_page(
    request: HttpRequest,
    area: PlanningArea,
    measure: Measure,
    form: MeasureForm,
    status: int = 200,
    conflict: Measure | None = None,
    **parts: Any,
) -> HttpResponse:
    version = measure.plan_version
    context: dict[str, Any] = {
        "area": area,
        "version": version,
        "measure": measure,
        "form": form,
        "conflict": conflict,
        "activities": measure.activities.all(),
        "costs": measure.costs.all(),
        "indicators": measure.indicators.all(),
        "network_changes": measure.network_changes.select_related("service_type", "form"),
        **_part_forms(),
    }
    context.update(parts)
    return render(request, "planning/measure_form.html", context, status=status)


@staff_view(None)
def measure_edit(request: HttpRequest, area: PlanningArea, measure_id: int) -> HttpResponse:
    measure = _measure(area, measure_id)
    version = measure.plan_version
    if not request.user.has_perm("planning.change_measure", measure):
        return forbidden(request, area)
    if version.is_frozen:
        messages.error(request, _("This version is frozen; make a new draft to change it."))
        return redirect(_version_url(version))
    form = _measure_form(version, request.POST or None, initial=_measure_initial(measure))
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        expected = form.cleaned_data.get("version") or measure.version
        try:
            services.measure_update(
                actor=request.user,  # type: ignore[arg-type]
                measure=measure,
                expected_version=expected,
                **fields,
            )
        except ConcurrentEdit:
            current = _measure(area, measure.pk)
            form.data = _with_version(request, current.version)
            return _measure_page(request, area, current, form, status=409, conflict=current)
        except KpssError as error:
            apply_errors(form, error)
        except Exception as error:
            from django.core.exceptions import ValidationError

            if not isinstance(error, ValidationError):
                raise
            apply_errors(form, error)
        else:
            messages.success(request, _("The measure was saved."))
            return redirect("planning:measure", area.slug, measure.pk)
    return _measure_page(
        request,
        area,
        measure,
        form,
        status=200 if form.is_bound is False or form.is_valid() else 422,
    )


@require_POST
@staff_view(None)
def measure_part_add(
    request: HttpRequest, area: PlanningArea, measure_id: int, part: str
) -> HttpResponse:
    """Add an activity, set a cost, add an indicator or a network change to a draft measure."""
    measure = _measure(area, measure_id)
    if not request.user.has_perm("planning.change_measure", measure):
        return forbidden(request, area)
    forms = _part_forms(request.POST)
    key = {
        "aktivita": "activity_form",
        "naklady": "cost_form",
        "indikator": "indicator_form",
        "zmena-site": "network_form",
    }.get(part)
    if key is None:
        raise Http404
    form = forms[key]
    actor = request.user
    if form.is_valid():
        data = form.cleaned_data
        try:
            if key == "activity_form":
                services.activity_add(actor=actor, measure=measure, **data)  # type: ignore[arg-type]
            elif key == "cost_form":
                services.measure_cost_set(actor=actor, measure=measure, **data)  # type: ignore[arg-type]
            elif key == "indicator_form":
                services.indicator_add(actor=actor, measure=measure, **data)  # type: ignore[arg-type]
            else:
                services.network_change_add(actor=actor, measure=measure, **data)  # type: ignore[arg-type]
        except KpssError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(reverse("planning:measure", args=[area.slug, measure.pk]) + "#parts")
    main = _measure_form(measure.plan_version, initial=_measure_initial(measure))
    return _measure_page(request, area, measure, main, status=422, **{key: form})


PART_MODELS: dict[str, type[Activity] | type[Indicator] | type[NetworkChange]] = {
    "aktivita": Activity,
    "indikator": Indicator,
    "zmena-site": NetworkChange,
}


@require_POST
@staff_view(None)
def measure_part_delete(
    request: HttpRequest, area: PlanningArea, measure_id: int, part: str, pk: int
) -> HttpResponse:
    measure = _measure(area, measure_id)
    if not request.user.has_perm("planning.change_measure", measure):
        return forbidden(request, area)
    model = PART_MODELS.get(part)
    if model is None:
        raise Http404
    item = get_object_or_404(model, measure=measure, pk=pk)
    try:
        services.measure_part_delete(actor=request.user, part=item)  # type: ignore[arg-type]
    except KpssError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Removed."))
    return redirect(reverse("planning:measure", args=[area.slug, measure.pk]) + "#parts")


@staff_view("planning.change_draft")
def measure_delete(request: HttpRequest, area: PlanningArea, measure_id: int) -> HttpResponse:
    measure = _measure(area, measure_id)
    version = measure.plan_version
    if request.method == "POST":
        try:
            services.measure_delete(actor=request.user, measure=measure)  # type: ignore[arg-type]
        except KpssError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The measure was deleted."))
        return redirect(_version_url(version))
    return render(
        request,
        "planning/measure_delete.html",
        {"area": area, "version": version, "measure": measure},
    )


# State changes ------------------------------------------------------------------------------


@staff_view("planning.publish_for_consultation")
def publish(request: HttpRequest, area: PlanningArea, version_id: int) -> HttpResponse:
    version = _version(area, version_id)
    form = ConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_version_publish_for_consultation(
                actor=request.user,  # type: ignore[arg-type]
                version=version,
                **form.cleaned_data,
            )
        except KpssError as error:
            apply_errors(form, error)
        except Exception as error:
            from django.core.exceptions import ValidationError

            if not isinstance(error, ValidationError):
                raise
            apply_errors(form, error)
        else:
            messages.success(
                request, _("The version is frozen and published for public consultation.")
            )
            return redirect(_version_url(version))
    return render(
        request,
        "planning/publish_form.html",
        {"area": area, "version": version, "form": form},
        status=422 if form.is_bound and form.errors else 200,
    )


@require_POST
@staff_view("planning.view_draft")
def transition(request: HttpRequest, area: PlanningArea, version_id: int) -> HttpResponse:
    version = _version(area, version_id)
    action = request.POST.get("action", "")
    if action not in services.GENERIC_ACTIONS:
        raise Http404
    if not request.user.has_perm(services.TRANSITION_PERMS[action], area):
        return forbidden(request, area)
    try:
        services.plan_version_transition(
            actor=request.user,  # type: ignore[arg-type]
            version=version,
            action=action,
        )
    except KpssError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The version is now: %(state)s.") % {"state": S(version.state).label},
        )
        if action == states.REVISE:
            draft = version.plan.versions.filter(state=S.DRAFT).first()
            if draft is not None:
                return redirect(_version_url(draft))
    return redirect(_version_url(version))


@staff_view("planning.record_approval")
def approve(request: HttpRequest, area: PlanningArea, version_id: int) -> HttpResponse:
    version = _version(area, version_id)
    form = ApprovalForm(request.POST or None, area=area)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_version_approve(
                actor=request.user,  # type: ignore[arg-type]
                version=version,
                **form.cleaned_data,
            )
        except KpssError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The approval was recorded; the version is in force."))
            return redirect(_version_url(version))
    return render(
        request,
        "planning/approve_form.html",
        {"area": area, "version": version, "form": form},
        status=422 if form.is_bound and form.errors else 200,
    )


@staff_view("planning.view_draft")
def diff(request: HttpRequest, area: PlanningArea, plan_id: int) -> HttpResponse:
    plan = _plan(area, plan_id)
    versions = list(plan.versions.order_by("number"))
    by_id = {str(v.pk): v for v in versions}
    a = by_id.get(request.GET.get("a", ""))
    b = by_id.get(request.GET.get("b", ""))
    if a is None and len(versions) >= 2:
        a, b = versions[-2], versions[-1]
    result = None
    if a is not None and b is not None:
        result = present_diff(selectors.plan_version_diff(a=a, b=b))
    return render(
        request,
        "planning/diff.html",
        {"area": area, "plan": plan, "versions": versions, "a": a, "b": b, "diff": result},
    )


# Consultation -------------------------------------------------------------------------------


def _consultation(area: PlanningArea, version_id: int) -> Consultation:
    return get_object_or_404(
        Consultation.objects.select_related("plan_version__plan"),
        plan_version__plan__planning_area=area,
        plan_version_id=version_id,
    )


@staff_view("planning.view_draft")
def comments(request: HttpRequest, area: PlanningArea, version_id: int) -> HttpResponse:
    consultation = _consultation(area, version_id)
    version = consultation.plan_version
    filters = CommentFilterForm(request.GET or None)
    state = hidden = ""
    if filters.is_valid():
        state = filters.cleaned_data["state"]
        hidden = filters.cleaned_data["hidden"]
    rows = selectors.comment_list(consultation=consultation, include_hidden=bool(hidden))
    if hidden == "only":
        rows = rows.filter(hidden=True)
    if state == "settled":
        rows = rows.exclude(outcome="")
    elif state == "unsettled":
        rows = rows.filter(outcome="")
    all_visible = consultation.comments.filter(hidden=False)
    unsettled = all_visible.filter(outcome="").count()
    return render(
        request,
        "planning/comments.html",
        {
            "area": area,
            "version": version,
            "consultation": consultation,
            "comments": rows,
            "filters": filters,
            "unsettled": unsettled,
            "total": all_visible.count(),
            "can_settle": request.user.has_perm("planning.settle_comments", area),
            "in_settlement": version.state == S.SETTLEMENT,
        },
    )


def _later_versions(version: PlanVersion) -> list[PlanVersion]:
    return list(version.plan.versions.filter(number__gt=version.number).order_by("number"))


def _resulting(value: str) -> tuple[Section | None, Measure | None]:
    section_id, measure_id = split_target(value)
    section = Section.objects.filter(pk=section_id).first() if section_id else None
    measure = Measure.objects.filter(pk=measure_id).first() if measure_id else None
    return section, measure


@staff_view("planning.settle_comments")
def comment_detail(request: HttpRequest, area: PlanningArea, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(
        Comment.objects.select_related("consultation__plan_version__plan", "section", "measure"),
        consultation__plan_version__plan__planning_area=area,
        pk=comment_id,
    )
    version = comment.consultation.plan_version
    resulting = ""
    if comment.resulting_section_id:
        resulting = f"s:{comment.resulting_section_id}"
    elif comment.resulting_measure_id:
        resulting = f"m:{comment.resulting_measure_id}"
    initial = {
        "outcome": comment.outcome,
        "reason": comment.outcome_reason,
        "resulting": resulting,
        "version": comment.version,
    }
    later = _later_versions(version)
    form = SettleForm(request.POST or None, initial=initial, later=later)
    hide_form = HideForm()
    status = 200
    conflict = None
    if request.method == "POST" and form.is_valid():
        section, measure = _resulting(form.cleaned_data["resulting"])
        try:
            services_consultation.comment_settle(
                actor=request.user,  # type: ignore[arg-type]
                comment=comment,
                expected_version=form.cleaned_data["version"],
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
                resulting_section=section,
                resulting_measure=measure,
            )
        except ConcurrentEdit:
            conflict = Comment.objects.get(pk=comment.pk)
            form.data = _with_version(request, conflict.version)
            status = 409
        except KpssError as error:
            apply_errors(form, error)
            status = 422
        else:
            messages.success(
                request, _("Comment no. %(number)s was settled.") % {"number": comment.number}
            )
            return redirect("planning:comments", area.slug, version.pk)
    elif form.is_bound:
        status = 422
    return render(
        request,
        "planning/comment_detail.html",
        {
            "area": area,
            "version": version,
            "comment": comment,
            "form": form,
            "hide_form": hide_form,
            "conflict": conflict,
            "in_settlement": version.state == S.SETTLEMENT,
        },
        status=status,
    )


@require_POST
@staff_view("planning.moderate_comments")
def comment_hide(request: HttpRequest, area: PlanningArea, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(
        Comment, consultation__plan_version__plan__planning_area=area, pk=comment_id
    )
    version = comment.consultation.plan_version
    if comment.hidden:
        services_consultation.comment_unhide(actor=request.user, comment=comment)  # type: ignore[arg-type]
        messages.success(request, _("The comment is visible again."))
        return redirect("planning:comments", area.slug, version.pk)
    form = HideForm(request.POST)
    if form.is_valid():
        services_consultation.comment_hide(
            actor=request.user,  # type: ignore[arg-type]
            comment=comment,
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("The comment was hidden."))
        return redirect("planning:comments", area.slug, version.pk)
    settle = SettleForm(initial={"version": comment.version}, later=_later_versions(version))
    return render(
        request,
        "planning/comment_detail.html",
        {
            "area": area,
            "version": version,
            "comment": comment,
            "form": settle,
            "hide_form": form,
            "in_settlement": version.state == S.SETTLEMENT,
        },
        status=422,
    )


@require_POST
@staff_view("planning.settle_comments")
def settlement_publish(request: HttpRequest, area: PlanningArea, version_id: int) -> HttpResponse:
    consultation = _consultation(area, version_id)
    try:
        services.consultation_settlement_publish(
            actor=request.user,  # type: ignore[arg-type]
            consultation=consultation,
        )
    except KpssError as error:
        messages.error(
            request,
            _("The settlement cannot be published yet: %(reason)s") % {"reason": error.message},
        )
    else:
        messages.success(
            request, _("The settlement was published and the commenters were notified.")
        )
    return redirect("planning:comments", area.slug, version_id)


# Council opinions ---------------------------------------------------------------------------


@staff_view(None)
def councils(request: HttpRequest, area: PlanningArea, version_id: int) -> HttpResponse:
    version = _version(area, version_id)
    user = request.user
    may_view = user.has_perm("planning.view_draft", area)
    if not may_view:
        return forbidden(request, area)
    progress = selectors.council_progress(version=version)
    opinions = {o.municipality_id: o for o in CouncilOpinion.objects.filter(plan_version=version)}
    members = list(progress.missing) + list(Municipality.objects.filter(pk__in=opinions.keys()))
    members.sort(key=lambda m: m.name)
    rows = [
        {
            "municipality": m,
            "opinion": opinions.get(m.pk),
            "can_record": _may_record(request, area, m),
        }
        for m in members
    ]
    return render(
        request,
        "planning/councils.html",
        {
            "area": area,
            "version": version,
            "progress": progress,
            "rows": rows,
            "open": version.state in (S.SUBMITTED_TO_COUNCILS, S.IN_FORCE),
        },
    )


@staff_view(None)
def council_opinion(
    request: HttpRequest, area: PlanningArea, version_id: int, municipality_id: int
) -> HttpResponse:
    version = _version(area, version_id)
    municipality = get_object_or_404(Municipality, pk=municipality_id)
    if not _may_record(request, area, municipality):
        return forbidden(request, area)
    opinion = CouncilOpinion.objects.filter(plan_version=version, municipality=municipality).first()
    initial = {}
    if opinion is not None:
        initial = {
            "result": opinion.result,
            "resolution_number": opinion.resolution_number,
            "decided_on": opinion.decided_on,
            "note": opinion.note,
        }
    form = CouncilOpinionForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.council_opinion_record(
                actor=request.user,  # type: ignore[arg-type]
                version=version,
                municipality=municipality,
                **data,
            )
        except KpssError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("The opinion of %(municipality)s was recorded.")
                % {"municipality": municipality.name},
            )
            return redirect("planning:councils", area.slug, version.pk)
    return render(
        request,
        "planning/council_form.html",
        {"area": area, "version": version, "municipality": municipality, "form": form},
        status=422 if form.is_bound and form.errors else 200,
    )


# Documents ----------------------------------------------------------------------------------


def document_response(name: str, filename: str, content_type: str, **kwargs: Any) -> HttpResponse:
    """A generated document (see kpss.planning.documents) as a download."""
    from kpss.planning import documents

    try:
        data = getattr(documents, name)(**kwargs)
    except NotFound as error:  # e.g. a measure id that is not in this version
        raise Http404(error.message) from error
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def version_filename(version: PlanVersion, suffix: str) -> str:
    plan = version.plan
    return f"plan-{plan.planning_area.slug}-{plan.period_from_year}-v{version.number}{suffix}"


@staff_view("planning.view_draft")
def download(request: HttpRequest, area: PlanningArea, version_id: int, fmt: str) -> HttpResponse:
    version = _version(area, version_id)
    if fmt == "pdf":
        return document_response(
            "plan_version_pdf", version_filename(version, ".pdf"), PDF, version=version
        )
    if fmt == "docx":
        return document_response(
            "plan_version_docx", version_filename(version, ".docx"), DOCX, version=version
        )
    raise Http404


@staff_view("planning.view_draft")
def settlement_download(
    request: HttpRequest, area: PlanningArea, version_id: int, fmt: str
) -> HttpResponse:
    consultation = _consultation(area, version_id)
    name = version_filename(consultation.plan_version, f"-vyporadani.{fmt}")
    if fmt == "xlsx":
        return document_response("settlement_xlsx", name, XLSX, consultation=consultation)
    if fmt == "pdf":
        return document_response("settlement_pdf", name, PDF, consultation=consultation)
    raise Http404


@staff_view("planning.view_draft")
def measure_download(
    request: HttpRequest, area: PlanningArea, version_id: int, measure_id: int
) -> HttpResponse:
    version = _version(area, version_id)
    return document_response(
        "measure_summary_pdf",
        version_filename(version, f"-opatreni-{measure_id}.pdf"),
        PDF,
        version=version,
        measure_id=measure_id,
    )
