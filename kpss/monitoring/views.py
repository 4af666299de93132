"""Staff pages of monitoring: action plans and their items, progress reports, indicator values
(entry, import, computation, trend charts), evaluation reports and the network-goals
dashboard. Thin views: reads through the selectors, writes through the services, which check
the rules again. Mounted under `sprava/uzemi/<slug:slug>/plneni/`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kpss.core.errors import KpssError, NotFound
from kpss.monitoring import selectors, services
from kpss.monitoring.charts import trend_spec, trend_svg
from kpss.monitoring.documents import evaluation_docx, evaluation_filename, evaluation_pdf
from kpss.monitoring.forms import (
    ActionPlanForm,
    CommentaryForm,
    ComputeForm,
    FeedForm,
    ImportForm,
    IndicatorValueForm,
    ItemForm,
    MilestoneForm,
    ProgressForm,
    YearForm,
)
from kpss.monitoring.goals import network_goals
from kpss.monitoring.imports import indicator_values_import
from kpss.monitoring.links import finance_years, measure_links
from kpss.monitoring.models import ActionItem, Evaluation, Milestone, ProgressUpdate
from kpss.monitoring.report import SECTION_KEYS, evaluation_report, section_titles
from kpss.organisations.web import apply_errors, staff_view
from kpss.planning.models import Indicator, Plan, PlanVersion
from kpss.planning.views import DOCX, PDF
from kpss.territory.models import PlanningArea


def _plan(area: PlanningArea, plan_id: int) -> Plan:
    try:
        return selectors.plan_get(area=area, plan_id=plan_id)
    except NotFound as error:
        raise Http404(error.message) from error


def _item(request: HttpRequest, area: PlanningArea, item_id: int) -> ActionItem:
    try:
        return selectors.action_item_get(area=area, item_id=item_id, user=request.user)
    except NotFound as error:
        raise Http404(error.message) from error


def _evaluation(request: HttpRequest, area: PlanningArea, evaluation_id: int) -> Evaluation:
    try:
        return selectors.evaluation_get(area=area, evaluation_id=evaluation_id, user=request.user)
    except NotFound as error:
        raise Http404(error.message) from error


# Overview -----------------------------------------------------------------------------------


@staff_view("monitoring.view_internal")
def index(request: HttpRequest, area: PlanningArea) -> HttpResponse:
    can_manage = request.user.has_perm("monitoring.manage", area)
    plans = selectors.plans_in_force(area=area)
    action_plans = list(selectors.action_plan_list(area=area, user=request.user))
    evaluations = list(selectors.evaluation_list(area=area, user=request.user))
    blocks = [
        {
            "plan": plan,
            "action_plans": [a for a in action_plans if a.plan_id == plan.pk],
            "evaluations": [e for e in evaluations if e.plan_id == plan.pk],
            "generate": YearForm(prefix=f"ap{plan.pk}") if can_manage else None,
            "evaluate": YearForm(prefix=f"ev{plan.pk}") if can_manage else None,
        }
        for plan in plans
    ]
    return render(
        request,
        "monitoring/index.html",
        {
            "area": area,
            "blocks": blocks,
            "can_manage": can_manage,
            "my_items": list(selectors.items_for_user(area=area, user=request.user)[:50]),
        },
    )


@require_POST
@staff_view("monitoring.manage")
def action_plan_generate(request: HttpRequest, area: PlanningArea, plan_id: int) -> HttpResponse:
    plan = _plan(area, plan_id)
    form = YearForm(request.POST, prefix=f"ap{plan.pk}")
    if form.is_valid():
        try:
            action_plan = services.action_plan_generate(
                actor=request.user,  # type: ignore[arg-type]
                plan=plan,
                year=form.cleaned_data["year"],
            )
        except KpssError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("The action plan for %(year)s was generated from the plan in force.")
                % {"year": action_plan.year},
            )
            return redirect("monitoring:action_plan", area.slug, action_plan.pk)
    else:
        messages.error(request, _("Enter the year of the action plan."))
    return redirect("monitoring:index", area.slug)


@staff_view("monitoring.view_internal")
def action_plan(request: HttpRequest, area: PlanningArea, action_plan_id: int) -> HttpResponse:
    try:
        ap = selectors.action_plan_get(area=area, action_plan_id=action_plan_id, user=request.user)
    except NotFound as error:
        raise Http404(error.message) from error
    can_manage = request.user.has_perm("monitoring.manage", area)
    settings_form = None
    if can_manage:
        settings_form = ActionPlanForm(
            initial={
                "update_interval_days": ap.update_interval_days,
                "note": ap.note,
                "version": ap.version,
            }
        )
    if request.method == "POST":
        if not can_manage:
            return render(request, "needs/forbidden.html", {"area": area}, status=403)
        settings_form = ActionPlanForm(request.POST)
        if settings_form.is_valid():
            data = settings_form.cleaned_data
            try:
                services.action_plan_update(
                    actor=request.user,  # type: ignore[arg-type]
                    action_plan=ap,
                    expected_version=data["version"],
                    update_interval_days=data["update_interval_days"],
                    note=data["note"],
                )
            except KpssError as error:
                apply_errors(settings_form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("monitoring:action_plan", area.slug, ap.pk)
    items = list(selectors.action_items(action_plan=ap))
    return render(
        request,
        "monitoring/action_plan.html",
        {
            "area": area,
            "action_plan": ap,
            "items": items,
            "summary": selectors.progress_summary(items),
            "can_manage": can_manage,
            "settings_form": settings_form,
            "updatable": {
                i.pk for i in items if request.user.has_perm("monitoring.update_progress", i)
            },
        },
    )


@require_POST
@staff_view("monitoring.manage")
def action_plan_publish(
    request: HttpRequest, area: PlanningArea, action_plan_id: int
) -> HttpResponse:
    try:
        ap = selectors.action_plan_get(area=area, action_plan_id=action_plan_id, user=request.user)
        services.action_plan_publish(actor=request.user, action_plan=ap)  # type: ignore[arg-type]
    except NotFound as error:
        raise Http404(error.message) from error
    except KpssError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The action plan is published; its progress is public."))
    return redirect("monitoring:action_plan", area.slug, action_plan_id)


# Items --------------------------------------------------------------------------------------


def _item_page(
    request: HttpRequest, area: PlanningArea, item: ActionItem, **forms: Any
) -> HttpResponse:
    can_update = request.user.has_perm("monitoring.update_progress", item)
    can_manage = request.user.has_perm("monitoring.manage", area)
    context: dict[str, Any] = {
        "area": area,
        "item": item,
        "action_plan": item.action_plan,
        "updates": list(item.updates.select_related("author")),
        "milestones": list(item.milestones.all()),
        "links": measure_links(item.measure, public_only=False, user=request.user),
        "can_update": can_update,
        "can_manage": can_manage,
        "today": timezone.localdate(),
    }
    if can_update:
        context["progress_form"] = forms.get("progress_form") or ProgressForm(
            initial={"status": item.status, "percent": item.percent, "spent_czk": item.spent_czk}
        )
        context["milestone_form"] = forms.get("milestone_form") or MilestoneForm()
    if can_manage:
        context["item_form"] = forms.get("item_form") or ItemForm(
            area=area,
            current=item.responsible_organisation,
            initial={
                "responsible_organisation": item.responsible_organisation_id or "",
                "budget_czk": item.budget_czk,
                "next_update_due": item.next_update_due,
                "version": item.version,
            },
        )
    return render(request, "monitoring/item.html", context)


@staff_view("monitoring.view_internal")
def item(request: HttpRequest, area: PlanningArea, item_id: int) -> HttpResponse:
    it = _item(request, area, item_id)
    if request.method != "POST":
        return _item_page(request, area, it)
    if not request.user.has_perm("monitoring.update_progress", it):
        return render(request, "needs/forbidden.html", {"area": area}, status=403)
    form = ProgressForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.progress_update_record(
                actor=request.user,  # type: ignore[arg-type]
                item=it,
                status=data["status"],
                percent=data["percent"],
                reason=data["reason"],
                spent_czk=data["spent_czk"],
                evidence_links=form.links(),
                evidence_file=data["evidence_file"],
            )
        except KpssError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The progress report was saved."))
            return redirect("monitoring:item", area.slug, it.pk)
    return _item_page(request, area, it, progress_form=form)


@require_POST
@staff_view("monitoring.manage")
def item_edit(request: HttpRequest, area: PlanningArea, item_id: int) -> HttpResponse:
    it = _item(request, area, item_id)
    form = ItemForm(request.POST, area=area, current=it.responsible_organisation)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.action_item_update(
                actor=request.user,  # type: ignore[arg-type]
                item=it,
                expected_version=data["version"],
                responsible_organisation=form.organisation(),
                budget_czk=data["budget_czk"],
                next_update_due=data["next_update_due"],
            )
        except KpssError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("monitoring:item", area.slug, it.pk)
    return _item_page(request, area, it, item_form=form)


@require_POST
@staff_view("monitoring.view_internal")
def milestone_add(request: HttpRequest, area: PlanningArea, item_id: int) -> HttpResponse:
    it = _item(request, area, item_id)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            services.milestone_add(
                actor=request.user,  # type: ignore[arg-type]
                item=it,
                title=form.cleaned_data["title"],
                due_on=form.cleaned_data["due_on"],
            )
        except KpssError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The milestone was added."))
            return redirect("monitoring:item", area.slug, it.pk)
    return _item_page(request, area, it, milestone_form=form)


@require_POST
@staff_view("monitoring.view_internal")
def milestone_reach(request: HttpRequest, area: PlanningArea, milestone_id: int) -> HttpResponse:
    milestone = get_object_or_404(
        Milestone, pk=milestone_id, item__action_plan__plan__planning_area=area
    )
    services.milestone_reach(
        actor=request.user,  # type: ignore[arg-type]
        milestone=milestone,
        done_on=timezone.localdate(),
    )
    messages.success(request, _("The milestone is marked as reached."))
    return redirect("monitoring:item", area.slug, milestone.item_id)


@staff_view("monitoring.view_internal")
def evidence(request: HttpRequest, area: PlanningArea, update_id: int) -> FileResponse:
    """An evidence file, for the members of the area only."""
    update = get_object_or_404(
        ProgressUpdate, pk=update_id, item__action_plan__plan__planning_area=area
    )
    if not update.evidence_file:
        raise Http404(_("The report has no file."))
    return FileResponse(
        update.evidence_file.open("rb"),
        as_attachment=True,
        filename=(update.evidence_file.name or "").rsplit("/", 1)[-1],
    )


# Indicators ---------------------------------------------------------------------------------


def indicator_charts(rows: list[selectors.IndicatorRow], lang: str) -> list[dict[str, Any]]:
    charts = []
    for row in rows:
        plan = row.measure.plan_version.plan
        values = {y: float(v.value) for y, v in row.values.items()}
        spec = trend_spec(
            title=f"{row.measure.code} {row.indicator.name}",
            unit=row.indicator.unit,
            values=values,
            baseline=float(row.indicator.baseline) if row.indicator.baseline is not None else None,
            target=float(row.indicator.target) if row.indicator.target is not None else None,
            years=list(range(plan.period_from_year - 1, plan.period_to_year + 1)),
        )
        charts.append({"row": row, "svg": trend_svg(spec, lang=lang) if values else ""})
    return charts


@staff_view("monitoring.view_internal")
def indicators(request: HttpRequest, area: PlanningArea, plan_id: int) -> HttpResponse:
    plan = _plan(area, plan_id)
    try:
        version = services.version_in_force(plan)
    except KpssError as error:
        raise Http404(error.message) from error
    rows = selectors.indicator_rows(plan=plan, version=version)
    indicator_list = [r.indicator for r in rows]
    can_manage = request.user.has_perm("monitoring.manage", area)
    value_form = IndicatorValueForm(indicators=indicator_list)
    compute_form = ComputeForm(indicators=indicator_list)
    import_form = ImportForm()
    report = None
    if request.method == "POST":
        if not can_manage:
            return render(request, "needs/forbidden.html", {"area": area}, status=403)
        action = request.POST.get("action")
        try:
            if action == "value":
                value_form = IndicatorValueForm(request.POST, indicators=indicator_list)
                if value_form.is_valid():
                    data = value_form.cleaned_data
                    services.indicator_value_set(
                        actor=request.user,  # type: ignore[arg-type]
                        plan=plan,
                        indicator=Indicator.objects.get(pk=data["indicator"]),
                        year=data["year"],
                        value=data["value"],
                        note=data["note"],
                    )
                    messages.success(request, _("The value was saved."))
                    return redirect("monitoring:indicators", area.slug, plan.pk)
            elif action == "compute":
                compute_form = ComputeForm(request.POST, indicators=indicator_list)
                if compute_form.is_valid():
                    data = compute_form.cleaned_data
                    value = services.indicator_value_compute(
                        actor=request.user,  # type: ignore[arg-type]
                        plan=plan,
                        indicator=Indicator.objects.get(pk=data["indicator"]),
                        year=data["year"],
                        method=data["method"],
                    )
                    messages.success(
                        request, _("Computed and saved: %(value)s.") % {"value": value.value}
                    )
                    return redirect("monitoring:indicators", area.slug, plan.pk)
            elif action == "import":
                import_form = ImportForm(request.POST, request.FILES)
                if import_form.is_valid():
                    upload = import_form.cleaned_data["file"]
                    report = indicator_values_import(
                        actor=request.user,  # type: ignore[arg-type]
                        plan=plan,
                        file_name=upload.name,
                        data=upload.read(),
                    )
                    if not report.problems:
                        messages.success(
                            request,
                            _("%(count)s values were imported.") % {"count": report.stored},
                        )
                        return redirect("monitoring:indicators", area.slug, plan.pk)
        except KpssError as error:
            form = {"value": value_form, "compute": compute_form}.get(action or "", import_form)
            apply_errors(form, error)
        rows = selectors.indicator_rows(plan=plan, version=version)
    return render(
        request,
        "monitoring/indicators.html",
        {
            "area": area,
            "plan": plan,
            "years": list(range(plan.period_from_year - 1, plan.period_to_year + 1)),
            "charts": indicator_charts(rows, get_language() or "cs"),
            "can_manage": can_manage,
            "value_form": value_form,
            "compute_form": compute_form,
            "import_form": import_form,
            "report": report,
        },
    )


# Evaluations --------------------------------------------------------------------------------


@require_POST
@staff_view("monitoring.manage")
def evaluation_create(request: HttpRequest, area: PlanningArea, plan_id: int) -> HttpResponse:
    plan = _plan(area, plan_id)
    form = YearForm(request.POST, prefix=f"ev{plan.pk}")
    if form.is_valid():
        try:
            evaluation = services.evaluation_create(
                actor=request.user,  # type: ignore[arg-type]
                plan=plan,
                year=form.cleaned_data["year"],
            )
        except KpssError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The evaluation report was generated from the data."))
            return redirect("monitoring:evaluation", area.slug, evaluation.pk)
    else:
        messages.error(request, _("Enter the year of the evaluation."))
    return redirect("monitoring:index", area.slug)


def evaluation_context(evaluation: Evaluation, lang: str) -> dict[str, Any]:
    from kpss.monitoring.charts import indicator_spec

    data = evaluation_report(evaluation)
    start, end = data["plan"]["period"]
    years = list(range(start - 1, end + 1))
    return {
        "evaluation": evaluation,
        "data": data,
        "titles": section_titles(),
        "indicators": [
            (i, trend_svg(indicator_spec(i, years), lang=lang) if i["values"] else "")
            for i in data["indicators"]
        ],
        "years": years,
    }


@staff_view("monitoring.view_internal")
def evaluation(request: HttpRequest, area: PlanningArea, evaluation_id: int) -> HttpResponse:
    ev = _evaluation(request, area, evaluation_id)
    can_edit = request.user.has_perm("monitoring.manage", area) and not ev.is_published
    failed: dict[str, CommentaryForm] = {}
    if request.method == "POST":
        if not can_edit:
            return render(request, "needs/forbidden.html", {"area": area}, status=403)
        section = request.POST.get("section", "")
        form = CommentaryForm(request.POST, prefix=section)
        if form.is_valid():
            try:
                services.evaluation_section_update(
                    actor=request.user,  # type: ignore[arg-type]
                    evaluation=ev,
                    expected_version=form.cleaned_data["version"],
                    section=section,
                    text=form.cleaned_data["text"],
                )
            except KpssError as error:
                apply_errors(form, error)
                failed[section] = form
            else:
                messages.success(request, _("The commentary was saved."))
                return redirect(f"{request.path}#section-{section}")
        else:
            failed[section] = form
    titles = section_titles()
    forms = {}
    if can_edit:
        for key in ("summary", *SECTION_KEYS):
            text = ev.summary if key == "summary" else ev.commentary.get(key, "")
            form = failed.get(key) or CommentaryForm(
                prefix=key, initial={"text": text, "version": ev.version}
            )
            form.fields["text"].label = _("Commentary: %(section)s") % {"section": titles[key]}
            forms[key] = form
    drafts = list(
        PlanVersion.objects.filter(plan__planning_area=area, state=PlanVersion.State.DRAFT)
        .exclude(plan=ev.plan)
        .select_related("plan")
    )
    return render(
        request,
        "monitoring/evaluation.html",
        {
            "area": area,
            **evaluation_context(ev, get_language() or "cs"),
            "can_edit": can_edit,
            "can_manage": request.user.has_perm("monitoring.manage", area),
            "forms": forms,
            "commentary": {"summary": ev.summary, **ev.commentary},
            "feed_form": FeedForm(drafts=drafts) if drafts and ev.is_published else None,
        },
    )


@require_POST
@staff_view("monitoring.manage")
def evaluation_publish(
    request: HttpRequest, area: PlanningArea, evaluation_id: int
) -> HttpResponse:
    ev = _evaluation(request, area, evaluation_id)
    try:
        services.evaluation_publish(actor=request.user, evaluation=ev)  # type: ignore[arg-type]
    except KpssError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The evaluation report is published and can no longer be changed.")
        )
    return redirect("monitoring:evaluation", area.slug, ev.pk)


@require_POST
@staff_view("monitoring.manage")
def evaluation_feed(request: HttpRequest, area: PlanningArea, evaluation_id: int) -> HttpResponse:
    ev = _evaluation(request, area, evaluation_id)
    drafts = list(
        PlanVersion.objects.filter(plan__planning_area=area, state=PlanVersion.State.DRAFT)
        .exclude(plan=ev.plan)
        .select_related("plan")
    )
    form = FeedForm(request.POST, drafts=drafts)
    if form.is_valid():
        draft = next(d for d in drafts if str(d.pk) == form.cleaned_data["draft"])
        try:
            services.evaluation_feed_next_plan(
                actor=request.user,  # type: ignore[arg-type]
                evaluation=ev,
                draft=draft,
            )
        except KpssError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("The summary was added to the section “evaluation of the previous plan”."),
            )
    return redirect("monitoring:evaluation", area.slug, ev.pk)


def evaluation_file(evaluation: Evaluation, fmt: str) -> HttpResponse:
    if fmt == "pdf":
        data, content_type = evaluation_pdf(evaluation), PDF
    elif fmt == "docx":
        data, content_type = evaluation_docx(evaluation), DOCX
    else:
        raise Http404(_("Unknown format."))
    response = HttpResponse(data, content_type=content_type)
    filename = evaluation_filename(evaluation, fmt)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@staff_view("monitoring.view_internal")
def evaluation_download(
    request: HttpRequest, area: PlanningArea, evaluation_id: int, fmt: str
) -> HttpResponse:
    return evaluation_file(_evaluation(request, area, evaluation_id), fmt)


# Network goals ------------------------------------------------------------------------------


def goals_context(request: HttpRequest, area: PlanningArea) -> dict[str, Any]:
    """The year asked for, else the latest year with service budgets, else this year."""
    this_year = timezone.localdate().year
    budget_years = finance_years(area)
    default = budget_years[0] if budget_years else this_year
    try:
        year = int(request.GET.get("rok", default))
    except ValueError:
        year = default
    year = max(2000, min(year, this_year + 10))
    years = sorted({*range(this_year - 4, this_year + 1), *budget_years, year})
    return {
        "area": area,
        "year": year,
        "years": years,
        "goals": network_goals(area=area, year=year),
    }


@staff_view("monitoring.view_internal")
def goals(request: HttpRequest, area: PlanningArea) -> HttpResponse:
    return render(request, "monitoring/goals.html", {**goals_context(request, area), "staff": True})
