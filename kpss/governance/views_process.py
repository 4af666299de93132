"""Staff pages of the process timeline, the project budget and events, and the public event
pages with their iCalendar files. Thin views: reads through the selectors, writes through the
services, which check the rules again.

Members of the area (`governance.view_internal`) read the timeline, budget and events; the
coordinator (`governance.manage_organisation`) edits them. Unpublished areas are a 404 to
outsiders; the public pages show only published events of published areas."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kpss.core.errors import NotFound, ValidationFailed
from kpss.governance import budget, events, ics_events, timeline
from kpss.governance.forms_process import (
    BudgetLineForm,
    EventForm,
    MilestoneForm,
    ParticipationForm,
    PhaseForm,
    ProcessForm,
    ProjectForm,
    SpendingForm,
)
from kpss.governance.models import (
    BudgetLine,
    Event,
    Milestone,
    Participation,
    Phase,
    Project,
    Spending,
)
from kpss.needs.exports import table_to_xlsx
from kpss.organisations.selectors import planning_area_get_for_user
from kpss.organisations.web import apply_errors, staff_view
from kpss.territory.models import PlanningArea

VIEW = "governance.view_internal"
MANAGE = "governance.manage_organisation"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORM_TEMPLATE = "governance/process_form.html"
DELETE_TEMPLATE = "governance/process_delete.html"


def _form_page(
    request: HttpRequest,
    area: PlanningArea,
    *,
    form: ProcessForm,
    save: Callable[[dict[str, Any]], Any],
    done: str,
    success_url: str,
    title: str,
    section: str,
    cancel_url: str,
    submit: str,
) -> HttpResponse:
    if form.is_bound and form.is_valid():
        try:
            save(form.values())
        except (ValidationFailed, DjangoValidationError) as error:
            apply_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(success_url)
    return render(
        request,
        FORM_TEMPLATE,
        {
            "area": area,
            "form": form,
            "title": title,
            "section": section,
            "cancel_url": cancel_url,
            "submit": submit,
        },
    )


def _delete_page(
    request: HttpRequest,
    area: PlanningArea,
    *,
    obj: Any,
    delete: Callable[[], None],
    done: str,
    success_url: str,
    title: str,
    section: str,
    warning: str = "",
) -> HttpResponse:
    if request.method == "POST":
        delete()
        messages.success(request, done)
        return redirect(success_url)
    return render(
        request,
        DELETE_TEMPLATE,
        {
            "area": area,
            "object": obj,
            "title": title,
            "section": section,
            "warning": warning,
            "cancel_url": success_url,
        },
    )


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _initial(obj: Any, names: Any) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in names}


def _actor(request: HttpRequest) -> Any:
    return request.user


# Timeline -------------------------------------------------------------------------------


def _timeline_url(area: PlanningArea) -> str:
    return reverse("governance_process:timeline", kwargs={"slug": area.slug})


@staff_view(VIEW)
def timeline_view(request: HttpRequest, area: PlanningArea) -> HttpResponse:
    today = timezone.localdate()
    data = timeline.timeline_for_area(area=area, today=today)
    return render(
        request,
        "governance/timeline.html",
        {
            "area": area,
            "section": "timeline",
            "timeline": data,
            "can_manage": request.user.has_perm(MANAGE, area),
            "my_tasks": timeline.milestones_for_user(user=request.user, area=area),
        },
    )


@staff_view(MANAGE)
def phase_create(request: HttpRequest, area: PlanningArea) -> HttpResponse:
    return _form_page(
        request,
        area,
        form=PhaseForm(_data(request), initial={"status": Phase.Status.PLANNED}),
        save=lambda values: timeline.phase_create(actor=_actor(request), area=area, **values),
        done=_("The phase was added."),
        success_url=_timeline_url(area),
        title=_("New phase"),
        section="timeline",
        cancel_url=_timeline_url(area),
        submit=_("Add the phase"),
    )


def _phase(area: PlanningArea, pk: int) -> Phase:
    return get_object_or_404(
        Phase.objects.select_related("planning_area"), planning_area=area, pk=pk
    )


@staff_view(MANAGE)
def phase_edit(request: HttpRequest, area: PlanningArea, pk: int) -> HttpResponse:
    phase = _phase(area, pk)
    return _form_page(
        request,
        area,
        form=PhaseForm(_data(request), initial=_initial(phase, timeline.PHASE_FIELDS)),
        save=lambda values: timeline.phase_update(actor=_actor(request), phase=phase, **values),
        done=_("The phase was saved."),
        success_url=_timeline_url(area),
        title=_("Edit the phase %(name)s") % {"name": phase.name},
        section="timeline",
        cancel_url=_timeline_url(area),
        submit=_("Save the phase"),
    )


@staff_view(MANAGE)
def phase_delete(request: HttpRequest, area: PlanningArea, pk: int) -> HttpResponse:
    phase = _phase(area, pk)
    count = phase.milestones.count()
    return _delete_page(
        request,
        area,
        obj=phase,
        delete=lambda: timeline.phase_delete(actor=_actor(request), phase=phase),
        done=_("The phase was deleted."),
        success_url=_timeline_url(area),
        title=_("Delete the phase %(name)s?") % {"name": phase.name},
        section="timeline",
        warning=ngettext(
            "Its %(count)d milestone will be deleted with it.",
            "Its %(count)d milestones will be deleted with it.",
            count,
        )
        % {"count": count}
        if count
        else "",
    )


def _milestone(area: PlanningArea, pk: int) -> Milestone:
    return get_object_or_404(
        Milestone.objects.select_related("phase__planning_area", "responsible"),
        phase__planning_area=area,
        pk=pk,
    )


def _milestone_values(values: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in values.items() if name != "phase"}


@staff_view(MANAGE)
def milestone_create(request: HttpRequest, area: PlanningArea) -> HttpResponse:
    phase_id = request.GET.get("faze", "")
    initial = {"phase": int(phase_id)} if phase_id.isdigit() else {}
    return _form_page(
        request,
        area,
        form=MilestoneForm(_data(request), area=area, initial={**initial, "remind_days_before": 7}),
        save=lambda values: timeline.milestone_create(
            actor=_actor(request), phase=values["phase"], **_milestone_values(values)
        ),
        done=_("The milestone was added."),
        success_url=_timeline_url(area),
        title=_("New milestone"),
        section="timeline",
        cancel_url=_timeline_url(area),
        submit=_("Add the milestone"),
    )


@staff_view(MANAGE)
def milestone_edit(request: HttpRequest, area: PlanningArea, pk: int) -> HttpResponse:
    milestone = _milestone(area, pk)
    initial = _initial(milestone, timeline.MILESTONE_FIELDS)
    return _form_page(
        request,
        area,
        form=MilestoneForm(_data(request), area=area, initial=initial),
        save=lambda values: timeline.milestone_update(
            actor=_actor(request), milestone=milestone, **values
        ),
        done=_("The milestone was saved."),
        success_url=_timeline_url(area),
        title=_("Edit the milestone %(title)s") % {"title": milestone.title},
        section="timeline",
        cancel_url=_timeline_url(area),
        submit=_("Save the milestone"),
    )


@staff_view(MANAGE)
def milestone_delete(request: HttpRequest, area: PlanningArea, pk: int) -> HttpResponse:
    milestone = _milestone(area, pk)
    return _delete_page(
        request,
        area,
        obj=milestone,
        delete=lambda: timeline.milestone_delete(actor=_actor(request), milestone=milestone),
        done=_("The milestone was deleted."),
        success_url=_timeline_url(area),
        title=_("Delete the milestone %(title)s?") % {"title": milestone.title},
        section="timeline",
    )


# Budget ---------------------------------------------------------------------------------


def _project(area: PlanningArea, pk: int) -> Project:
    try:
        return budget.project_get(area=area, pk=pk)
    except NotFound as error:
        raise Http404(error.message) from error


def _project_url(project: Project) -> str:
    return reverse(
        "governance_process:project",
        kwargs={"slug": project.planning_area.slug, "pk": project.pk},
    )


def _budget_url(area: PlanningArea) -> str:
    return reverse("governance_process:budget", kwargs={"slug": area.slug})


@staff_view(VIEW)
def budget_view(request: HttpRequest, area: PlanningArea) -> HttpResponse:
    overviews = [budget.budget_overview(project=p) for p in budget.project_list(area=area)]
    return render(
        request,
        "governance/budget_list.html",
        {
            "area": area,
            "section": "budget",
            "overviews": overviews,
            "can_manage": request.user.has_perm(MANAGE, area),
        },
    )


@staff_view(VIEW)
def project_detail(request: HttpRequest, area: PlanningArea, pk: int) -> HttpResponse:
    project = _project(area, pk)
    overview = budget.budget_overview(project=project)
    spending = (
        Spending.objects.filter(line__project=project)
        .select_related("line")
        .order_by("period_start", "line__name")
    )
    return render(
        request,
        "governance/budget_detail.html",
        {
            "area": area,
            "section": "budget",
            "project": project,
            "overview": overview,
            "spending": spending,
            "participation_width": min(100, overview.share_participation or 0),
            "spent_width": min(100, overview.share_spent or 0),
            "can_manage": request.user.has_perm(MANAGE, area),
        },
    )


@staff_view(VIEW)
def project_export(request: HttpRequest, area: PlanningArea, pk: int) -> HttpResponse:
    project = _project(area, pk)
    header, rows = budget.budget_table(budget.budget_overview(project=project))
    content = table_to_xlsx(title=_("Budget"), header=header, rows=rows)
    response = HttpResponse(content, content_type=XLSX_TYPE)
    name = slugify(project.registration_number or project.name)[:60] or "projekt"
    response["Content-Disposition"] = f'attachment; filename="rozpocet-{name}.xlsx"'
    return response


@staff_view(MANAGE)
def project_create(request: HttpRequest, area: PlanningArea) -> HttpResponse:
    created: dict[str, Project] = {}

    def save(values: dict[str, Any]) -> None:
        created["project"] = budget.project_create(actor=_actor(request), area=area, **values)

    form = ProjectForm(_data(request))
    response = _form_page(
        request,
        area,
        form=form,
        save=save,
        done=_("The project was added. Now add its budget lines."),
        success_url=_budget_url(area),
        title=_("New project"),
        section="budget",
        cancel_url=_budget_url(area),
        submit=_("Add the project"),
    )
    if "project" in created:
        return redirect(_project_url(created["project"]))
    return response


@staff_view(MANAGE)
def project_edit(request: HttpRequest, area: PlanningArea, pk: int) -> HttpResponse:
    project = _project(area, pk)
    return _form_page(
        request,
        area,
        form=ProjectForm(_data(request), initial=_initial(project, budget.PROJECT_FIELDS)),
        save=lambda values: budget.project_update(actor=_actor(request), project=project, **values),
        done=_("The project was saved."),
        success_url=_project_url(project),
        title=_("Edit the project"),
        section="budget",
        cancel_url=_project_url(project),
        submit=_("Save the project"),
    )


@staff_view(MANAGE)
def project_delete(request: HttpRequest, area: PlanningArea, pk: int) -> HttpResponse:
    project = _project(area, pk)
    return _delete_page(
        request,
        area,
        obj=project,
        delete=lambda: budget.project_delete(actor=_actor(request), project=project),
        done=_("The project was deleted."),
        success_url=_budget_url(area),
        title=_("Delete the project %(name)s?") % {"name": project.name},
        section="budget",
        warning=_("Its budget lines, spending and participation records will be deleted too."),
    )


def _line(project: Project, pk: int) -> BudgetLine:
    return get_object_or_404(BudgetLine.objects.select_related("project"), project=project, pk=pk)


@staff_view(MANAGE)
def line_create(request: HttpRequest, area: PlanningArea, pk: int) -> HttpResponse:
    project = _project(area, pk)
    return _form_page(
        request,
        area,
        form=BudgetLineForm(_data(request)),
        save=lambda values: budget.budget_line_create(
            actor=_actor(request), project=project, **values
        ),
        done=_("The budget line was added."),
        success_url=_project_url(project),
        title=_("New budget line"),
        section="budget",
        cancel_url=_project_url(project),
        submit=_("Add the budget line"),
    )


@staff_view(MANAGE)
def line_edit(request: HttpRequest, area: PlanningArea, pk: int, line: int) -> HttpResponse:
    project = _project(area, pk)
    obj = _line(project, line)
    return _form_page(
        request,
        area,
        form=BudgetLineForm(_data(request), initial=_initial(obj, budget.LINE_FIELDS)),
        save=lambda values: budget.budget_line_update(actor=_actor(request), line=obj, **values),
        done=_("The budget line was saved."),
        success_url=_project_url(project),
        title=_("Edit the budget line %(name)s") % {"name": obj.name},
        section="budget",
        cancel_url=_project_url(project),
        submit=_("Save the budget line"),
    )


@staff_view(MANAGE)
def line_delete(request: HttpRequest, area: PlanningArea, pk: int, line: int) -> HttpResponse:
    project = _project(area, pk)
    obj = _line(project, line)
    return _delete_page(
        request,
        area,
        obj=obj,
        delete=lambda: budget.budget_line_delete(actor=_actor(request), line=obj),
        done=_("The budget line was deleted."),
        success_url=_project_url(project),
        title=_("Delete the budget line %(name)s?") % {"name": obj.name},
        section="budget",
        warning=_("Its recorded spending will be deleted too."),
    )


def _spending(project: Project, pk: int) -> Spending:
    return get_object_or_404(
        Spending.objects.select_related("line__project__planning_area"),
        line__project=project,
        pk=pk,
    )


@staff_view(MANAGE)
def spending_create(request: HttpRequest, area: PlanningArea, pk: int, line: int) -> HttpResponse:
    project = _project(area, pk)
    obj = _line(project, line)
    return _form_page(
        request,
        area,
        form=SpendingForm(_data(request)),
        save=lambda values: budget.spending_create(actor=_actor(request), line=obj, **values),
        done=_("The spending was recorded."),
        success_url=_project_url(project) + "#cerpani",
        title=_("Record spending on %(name)s") % {"name": obj.name},
        section="budget",
        cancel_url=_project_url(project),
        submit=_("Record the spending"),
    )


@staff_view(MANAGE)
def spending_edit(request: HttpRequest, area: PlanningArea, pk: int, spending: int) -> HttpResponse:
    project = _project(area, pk)
    obj = _spending(project, spending)
    return _form_page(
        request,
        area,
        form=SpendingForm(_data(request), initial=_initial(obj, budget.SPENDING_FIELDS)),
        save=lambda values: budget.spending_update(actor=_actor(request), spending=obj, **values),
        done=_("The spending was saved."),
        success_url=_project_url(project) + "#cerpani",
        title=_("Edit spending on %(name)s") % {"name": obj.line.name},
        section="budget",
        cancel_url=_project_url(project),
        submit=_("Save the spending"),
    )


@staff_view(MANAGE)
def spending_delete(
    request: HttpRequest, area: PlanningArea, pk: int, spending: int
) -> HttpResponse:
    project = _project(area, pk)
    obj = _spending(project, spending)
    return _delete_page(
        request,
        area,
        obj=obj,
        delete=lambda: budget.spending_delete(actor=_actor(request), spending=obj),
        done=_("The spending was deleted."),
        success_url=_project_url(project),
        title=_("Delete this spending on %(name)s?") % {"name": obj.line.name},
        section="budget",
    )


def _participation(project: Project, pk: int) -> Participation:
    return get_object_or_404(
        Participation.objects.select_related("project__planning_area"), project=project, pk=pk
    )


@staff_view(MANAGE)
def participation_create(request: HttpRequest, area: PlanningArea, pk: int) -> HttpResponse:
    project = _project(area, pk)
    return _form_page(
        request,
        area,
        form=ParticipationForm(_data(request)),
        save=lambda values: budget.participation_create(
            actor=_actor(request), project=project, **values
        ),
        done=_("The participation was recorded."),
        success_url=_project_url(project) + "#ucast",
        title=_("Record participation"),
        section="budget",
        cancel_url=_project_url(project),
        submit=_("Record the participation"),
    )


@staff_view(MANAGE)
def participation_edit(
    request: HttpRequest, area: PlanningArea, pk: int, record: int
) -> HttpResponse:
    project = _project(area, pk)
    obj = _participation(project, record)
    return _form_page(
        request,
        area,
        form=ParticipationForm(_data(request), initial=_initial(obj, budget.PARTICIPATION_FIELDS)),
        save=lambda values: budget.participation_update(
            actor=_actor(request), participation=obj, **values
        ),
        done=_("The participation was saved."),
        success_url=_project_url(project) + "#ucast",
        title=_("Edit participation: %(activity)s") % {"activity": obj.activity},
        section="budget",
        cancel_url=_project_url(project),
        submit=_("Save the participation"),
    )


@staff_view(MANAGE)
def participation_delete(
    request: HttpRequest, area: PlanningArea, pk: int, record: int
) -> HttpResponse:
    project = _project(area, pk)
    obj = _participation(project, record)
    return _delete_page(
        request,
        area,
        obj=obj,
        delete=lambda: budget.participation_delete(actor=_actor(request), participation=obj),
        done=_("The participation record was deleted."),
        success_url=_project_url(project),
        title=_("Delete the participation record %(activity)s?") % {"activity": obj.activity},
        section="budget",
    )


# Events (staff) -------------------------------------------------------------------------


def _events_url(area: PlanningArea) -> str:
    return reverse("governance_process:events", kwargs={"slug": area.slug})


@staff_view(VIEW)
def events_view(request: HttpRequest, area: PlanningArea) -> HttpResponse:
    return render(
        request,
        "governance/events_list.html",
        {
            "area": area,
            "section": "events",
            "events": events.event_list(area=area),
            "can_manage": request.user.has_perm(MANAGE, area),
        },
    )


def _event(area: PlanningArea, pk: int) -> Event:
    return get_object_or_404(
        Event.objects.select_related("planning_area"), planning_area=area, pk=pk
    )


@staff_view(MANAGE)
def event_create(request: HttpRequest, area: PlanningArea) -> HttpResponse:
    return _form_page(
        request,
        area,
        form=EventForm(_data(request)),
        save=lambda values: events.event_create(actor=_actor(request), area=area, **values),
        done=_("The event was added."),
        success_url=_events_url(area),
        title=_("New event"),
        section="events",
        cancel_url=_events_url(area),
        submit=_("Add the event"),
    )


@staff_view(MANAGE)
def event_edit(request: HttpRequest, area: PlanningArea, pk: int) -> HttpResponse:
    event = _event(area, pk)
    initial = _initial(event, events.EVENT_FIELDS)
    for name in ("starts_at", "ends_at"):
        if initial[name] is not None:
            initial[name] = timezone.localtime(initial[name])
    return _form_page(
        request,
        area,
        form=EventForm(_data(request), initial=initial),
        save=lambda values: events.event_update(actor=_actor(request), event=event, **values),
        done=_("The event was saved."),
        success_url=_events_url(area),
        title=_("Edit the event %(title)s") % {"title": event.title},
        section="events",
        cancel_url=_events_url(area),
        submit=_("Save the event"),
    )


@staff_view(MANAGE)
def event_delete(request: HttpRequest, area: PlanningArea, pk: int) -> HttpResponse:
    event = _event(area, pk)
    return _delete_page(
        request,
        area,
        obj=event,
        delete=lambda: events.event_delete(actor=_actor(request), event=event),
        done=_("The event was deleted."),
        success_url=_events_url(area),
        title=_("Delete the event %(title)s?") % {"title": event.title},
        section="events",
    )


# Public event pages ---------------------------------------------------------------------


def _public_area(request: HttpRequest, slug: str) -> PlanningArea:
    try:
        return planning_area_get_for_user(user=request.user, slug=slug)
    except NotFound as error:
        raise Http404(error.message) from error


def _public_event(area: PlanningArea, pk: int) -> Event:
    try:
        return events.public_event_get(area=area, pk=pk)
    except NotFound as error:
        raise Http404(error.message) from error


def public_event_list(request: HttpRequest, slug: str) -> HttpResponse:
    area = _public_area(request, slug)
    lists = events.public_event_lists(area=area, now=timezone.localtime())
    return render(request, "governance/events_public_list.html", {"area": area, "lists": lists})


def public_event_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    area = _public_area(request, slug)
    event = _public_event(area, pk)
    return render(
        request,
        "governance/events_public_detail.html",
        {"area": area, "event": event, "is_past": event.starts_at < timezone.now()},
    )


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=ics_events.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _event_url(request: HttpRequest, event: Event) -> str:
    return request.build_absolute_uri(
        reverse(
            "governance_events_public:event",
            kwargs={"slug": event.planning_area.slug, "pk": event.pk},
        )
    )


def public_event_ics(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    area = _public_area(request, slug)
    event = _public_event(area, pk)
    content = ics_events.calendar(
        [(event, _event_url(request, event))],
        domain=request.get_host().split(":")[0],
        now=timezone.now(),
    )
    return _ics_response(content, f"akce-{event.pk}.ics")


def public_event_feed(request: HttpRequest, slug: str) -> HttpResponse:
    area = _public_area(request, slug)
    items = events.public_events(area=area).select_related("planning_area").order_by("starts_at")
    content = ics_events.calendar(
        [(event, _event_url(request, event)) for event in items],
        domain=request.get_host().split(":")[0],
        name=_("Events – %(area)s") % {"area": area.name},
        now=timezone.now(),
    )
    return _ics_response(content, f"akce-{area.slug}.ics")
