"""Staff pages of the needs register, SWOT and needs surveys, and the public pages (published
needs, the questionnaire). Thin views: reads go through the selectors, writes through the
services, which check the rules again."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kpss.core.errors import ConcurrentEdit, KpssError, ValidationFailed
from kpss.core.errors import PermissionDenied as KpssPermissionDenied
from kpss.needs import services
from kpss.needs.exports import table_to_csv, table_to_xlsx
from kpss.needs.forms import (
    NeedFilterForm,
    NeedForm,
    QuestionForm,
    ResponseForm,
    SurveyForm,
    SwotItemForm,
)
from kpss.needs.models import Need, Question, Survey, SwotItem
from kpss.needs.selectors import (
    SurveyResults,
    need_list,
    survey_answer_rows,
    survey_get_public,
    survey_list,
    survey_results,
    swot_for_area,
)
from kpss.needs.states import SURVEY_TRANSITIONS
from kpss.organisations.web import apply_errors, area_for_request, forbidden, staff_view
from kpss.territory.models import PlanningArea
from kpss.territory.selectors import area_municipalities, area_municipality_rows

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
BAR_WIDTH = 200  # px of a 100 % bar in the results


# Needs register -------------------------------------------------------------------------


@staff_view("needs.view_internal")
def need_list_view(request: HttpRequest, area: PlanningArea) -> HttpResponse:
    form = NeedFilterForm(request.GET or None)
    filters = form.filters()
    needs = need_list(area=area, user=request.user)
    if filters.get("status"):
        needs = needs.filter(status=filters["status"])
    if filters.get("priority"):
        needs = needs.filter(priority=filters["priority"])
    if filters.get("group"):
        needs = needs.filter(target_group_id=int(filters["group"]))
    return render(
        request,
        "needs/need_list.html",
        {
            "area": area,
            "form": form,
            "needs": needs,
            "filtered": bool(filters),
            "can_edit": request.user.has_perm("needs.change_need", area),
        },
    )


def _need(area: PlanningArea, number: int) -> Need:
    return get_object_or_404(
        Need.objects.select_related("target_group").prefetch_related(
            "municipalities", "service_types"
        ),
        planning_area=area,
        number=number,
    )


@staff_view("needs.view_internal")
def need_detail(request: HttpRequest, area: PlanningArea, number: int) -> HttpResponse:
    need = _need(area, number)
    return render(
        request,
        "needs/need_detail.html",
        {
            "area": area,
            "need": need,
            "can_edit": request.user.has_perm("needs.change_need", area),
        },
    )


def _need_form(area: PlanningArea, *args: Any, **kwargs: Any) -> NeedForm:
    return NeedForm(*args, municipalities=area_municipalities(area=area), **kwargs)


def _finding_initial(area: PlanningArea, request: HttpRequest) -> dict[str, Any]:
    """Initial values of a need raised from a survey (`?pruzkum=<id>[&otazka=<id>]`)."""
    survey_id = request.GET.get("pruzkum", "")
    if not survey_id.isdigit():
        return {}
    survey = Survey.objects.filter(planning_area=area, pk=int(survey_id)).first()
    if survey is None:
        return {}
    results = survey_results(survey=survey)
    lines = [
        ngettext(
            "Survey „%(title)s“, %(count)d response.",
            "Survey „%(title)s“, %(count)d responses.",
            results.responses,
        )
        % {"title": survey.title, "count": results.responses}
    ]
    question_id = request.GET.get("otazka", "")
    initial: dict[str, Any] = {}
    for result in results.questions:
        if str(result.question.pk) != question_id:
            continue
        initial["title"] = result.question.text[:250]
        lines.append(
            _("%(question)s (answered: %(count)s)")
            % {"question": result.question.text, "count": result.answered}
        )
        lines.extend(f"– {label}: {count}" for label, count in result.counts)
        if result.mean is not None:
            mean = f"{result.mean:.2f}".replace(".", ",")
            lines.append(_("– mean: %(mean)s") % {"mean": mean})
    initial.update(
        {
            "raised_by": Need.RaisedBy.SURVEY,
            "raised_by_name": survey.title[:200],
            "evidence": "\n".join(lines),
            "target_group": survey.target_group_id,
        }
    )
    return initial


@staff_view("needs.change_need")
def need_create(request: HttpRequest, area: PlanningArea) -> HttpResponse:
    if request.method == "POST":
        form = _need_form(area, request.POST)
        if form.is_valid():
            try:
                need = services.need_create(
                    actor=request.user,  # type: ignore[arg-type]
                    area=area,
                    **form.service_fields(),
                )
            except (ValidationFailed, DjangoValidationError) as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Need %(number)s was added.") % {"number": need.number})
                return redirect("needs:need_detail", slug=area.slug, number=need.number)
    else:
        form = _need_form(area, initial=_finding_initial(area, request))
    return render(request, "needs/need_form.html", {"area": area, "form": form, "need": None})


def _need_initial(need: Need) -> dict[str, Any]:
    initial: dict[str, Any] = {name: getattr(need, name) for name in services.NEED_FIELDS}
    initial["target_group"] = need.target_group_id
    initial["municipalities"] = [m.pk for m in need.municipalities.all()]
    initial["service_types"] = [s.pk for s in need.service_types.all()]
    initial["version"] = need.version
    return initial


@staff_view("needs.change_need")
def need_edit(request: HttpRequest, area: PlanningArea, number: int) -> HttpResponse:
    need = _need(area, number)
    conflict: Need | None = None
    status = 200
    if request.method == "POST":
        form = _need_form(area, request.POST)
        if form.is_valid():
            version = form.cleaned_data.get("version") or 0
            try:
                services.need_update(
                    actor=request.user,  # type: ignore[arg-type]
                    need=need,
                    expected_version=version,
                    **form.service_fields(),
                )
            except ConcurrentEdit:
                # Nothing was saved. Keep what the user typed, show what is stored now, and
                # let a second save replace it knowingly.
                conflict = _need(area, number)
                data = request.POST.copy()
                data["version"] = str(conflict.version)
                form = _need_form(area, data)
                form.is_valid()
                status = 409
            except (ValidationFailed, DjangoValidationError) as error:
                need = _need(area, number)
                apply_errors(form, error)
            else:
                messages.success(request, _("The need was saved."))
                return redirect("needs:need_detail", slug=area.slug, number=need.number)
    else:
        form = _need_form(area, initial=_need_initial(need))
    return render(
        request,
        "needs/need_form.html",
        {"area": area, "form": form, "need": need, "conflict": conflict},
        status=status,
    )


# SWOT -----------------------------------------------------------------------------------


@staff_view("needs.view_internal")
def swot(request: HttpRequest, area: PlanningArea) -> HttpResponse:
    can_edit = request.user.has_perm("needs.change_swot", area)
    form = None
    if can_edit:
        form = SwotItemForm(request.POST if request.method == "POST" else None)
    elif request.method == "POST":
        return forbidden(request, area)
    if form is not None and form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            services.swot_item_create(
                actor=request.user,  # type: ignore[arg-type]
                area=area,
                kind=data["kind"],
                text=data["text"],
                topic=data["topic"],
                target_group=data["target_group"],
            )
        except (ValidationFailed, DjangoValidationError) as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The SWOT item was added."))
            return redirect(reverse("needs:swot", kwargs={"slug": area.slug}))
    topics = [
        (topic, [(kind, label, items[kind]) for kind, label in SwotItem.Kind.choices])
        for topic, items in swot_for_area(area=area).items()
    ]
    return render(
        request,
        "needs/swot.html",
        {"area": area, "topics": topics, "form": form, "can_edit": can_edit},
    )


@staff_view("needs.change_swot")
def swot_delete(request: HttpRequest, area: PlanningArea, pk: int) -> HttpResponse:
    item = get_object_or_404(SwotItem, planning_area=area, pk=pk)
    if request.method == "POST":
        services.swot_item_delete(actor=request.user, item=item)  # type: ignore[arg-type]
        messages.success(request, _("The SWOT item was deleted."))
        return redirect("needs:swot", slug=area.slug)
    return render(request, "needs/swot_delete.html", {"area": area, "item": item})


# Surveys (staff) ------------------------------------------------------------------------


@staff_view("needs.view_internal")
def survey_list_view(request: HttpRequest, area: PlanningArea) -> HttpResponse:
    surveys = survey_list(area=area, user=request.user).annotate(
        response_count=Count("responses", distinct=True),
        question_count=Count("questions", distinct=True),
    )
    return render(
        request,
        "needs/survey_list.html",
        {
            "area": area,
            "surveys": surveys,
            "can_manage": request.user.has_perm("needs.manage_survey", area),
        },
    )


@staff_view("needs.manage_survey")
def survey_create(request: HttpRequest, area: PlanningArea) -> HttpResponse:
    form = SurveyForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            survey = services.survey_create(
                actor=request.user,  # type: ignore[arg-type]
                area=area,
                **form.cleaned_data,
            )
        except (ValidationFailed, DjangoValidationError) as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The survey was created. Now add its questions."))
            return redirect("needs:survey_detail", slug=area.slug, pk=survey.pk)
    return render(request, "needs/survey_form.html", {"area": area, "form": form})


def _survey(area: PlanningArea, pk: int) -> Survey:
    return get_object_or_404(
        Survey.objects.select_related("target_group", "planning_area"), planning_area=area, pk=pk
    )


def _survey_page(
    request: HttpRequest, area: PlanningArea, survey: Survey, question_form: QuestionForm | None
) -> HttpResponse:
    questions = survey.questions.prefetch_related("choices").order_by("order", "id")
    actions = [
        (action, label)
        for action, label in (
            ("publish", _("Publish the survey")),
            ("close", _("Close the survey")),
            ("reopen", _("Reopen the survey")),
        )
        if (survey.status, action) in SURVEY_TRANSITIONS
    ]
    return render(
        request,
        "needs/survey_detail.html",
        {
            "area": area,
            "survey": survey,
            "questions": questions,
            "question_form": question_form,
            "actions": actions,
            "accepting": services.survey_is_accepting(survey),
            "response_count": survey.responses.count(),
            "public_url": request.build_absolute_uri(
                reverse(
                    "needs_public:survey",
                    kwargs={"slug": area.slug, "public_id": survey.public_id},
                )
            ),
        },
    )


@staff_view("needs.manage_survey")
def survey_detail(request: HttpRequest, area: PlanningArea, pk: int) -> HttpResponse:
    survey = _survey(area, pk)
    form = QuestionForm(initial={"kind": Question.Kind.SINGLE}) if _is_draft(survey) else None
    return _survey_page(request, area, survey, form)


def _is_draft(survey: Survey) -> bool:
    return survey.status == Survey.Status.DRAFT


@require_POST
@staff_view("needs.manage_survey")
def question_add(request: HttpRequest, area: PlanningArea, pk: int) -> HttpResponse:
    survey = _survey(area, pk)
    form = QuestionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        kind = data["kind"]
        try:
            services.question_add(
                actor=request.user,  # type: ignore[arg-type]
                survey=survey,
                kind=kind,
                text=data["text"],
                choices=data["options"]
                if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE)
                else [],
                required=data["required"],
                help_text=data["help_text"],
                scale_min=data["scale_min"] if kind == Question.Kind.SCALE else 1,
                scale_max=data["scale_max"] if kind == Question.Kind.SCALE else 5,
            )
        except (ValidationFailed, DjangoValidationError) as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The question was added."))
            url = reverse("needs:survey_detail", kwargs={"slug": area.slug, "pk": survey.pk})
            return redirect(f"{url}#questions")
    return _survey_page(request, area, survey, form)


@require_POST
@staff_view("needs.manage_survey")
def survey_transition(request: HttpRequest, area: PlanningArea, pk: int) -> HttpResponse:
    survey = _survey(area, pk)
    action = request.POST.get("action", "")
    done = {
        "publish": _("The survey is published and open for answers."),
        "close": _("The survey is closed; no more answers are accepted."),
        "reopen": _("The survey is open for answers again."),
    }
    if action not in done:
        messages.error(request, _("Unknown action."))
    else:
        try:
            services.survey_transition(actor=request.user, survey=survey, action=action)  # type: ignore[arg-type]
        except KpssPermissionDenied:
            raise
        except KpssError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, done[action])
    return redirect("needs:survey_detail", slug=area.slug, pk=survey.pk)


@staff_view("needs.manage_survey")
def survey_preview(request: HttpRequest, area: PlanningArea, pk: int) -> HttpResponse:
    survey = _survey(area, pk)
    form = _response_form(survey, None)
    return render(
        request,
        "needs/public/survey_form.html",
        {"area": area, "survey": survey, "form": form, "preview": True},
    )


def _result_rows(results: SurveyResults) -> list[dict[str, Any]]:
    """Per question: the counts with their share of those who answered and a bar width."""
    rows = []
    for result in results.questions:
        answered = result.answered
        counts = [
            {
                "label": label,
                "count": count,
                "share": 100 * count / answered if answered else 0,
                "width": round(BAR_WIDTH * count / answered, 1) if answered else 0,
            }
            for label, count in result.counts
        ]
        options = [label for label, _count in result.counts]
        by_municipality = [
            (place, [counter.get(label, 0) for label in options])
            for place, counter in result.by_municipality.items()
        ]
        rows.append(
            {
                "result": result,
                "question": result.question,
                "counts": counts,
                "options": options,
                "by_municipality": by_municipality,
            }
        )
    return rows


@staff_view("needs.manage_survey")
def survey_results_view(request: HttpRequest, area: PlanningArea, pk: int) -> HttpResponse:
    survey = _survey(area, pk)
    results = survey_results(survey=survey)
    return render(
        request,
        "needs/survey_results.html",
        {
            "area": area,
            "survey": survey,
            "results": results,
            "rows": _result_rows(results),
            "bar_width": BAR_WIDTH,
            "can_raise_need": request.user.has_perm("needs.change_need", area),
        },
    )


def export_filename(survey: Survey, extension: str) -> str:
    base = slugify(survey.title) or "pruzkum"
    return f"pruzkum-{base}.{extension}"


@staff_view("needs.manage_survey")
def survey_export(request: HttpRequest, area: PlanningArea, pk: int, fmt: str) -> HttpResponse:
    survey = _survey(area, pk)
    header, rows = survey_answer_rows(survey=survey)
    if fmt == "xlsx":
        content = table_to_xlsx(title=_("Answers"), header=header, rows=rows)
        content_type = XLSX_TYPE
    elif fmt == "csv":
        content = table_to_csv(header=header, rows=rows)
        content_type = CSV_TYPE
    else:
        raise Http404("Unknown export format.")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{export_filename(survey, fmt)}"'
    return response


# Public pages ---------------------------------------------------------------------------


def public_need_list(request: HttpRequest, slug: str) -> HttpResponse:
    area = area_for_request(request, slug)
    needs = need_list(area=area, user=None)  # only the published ones, also for members
    return render(request, "needs/public/need_list.html", {"area": area, "needs": needs})


def _public_survey(slug: str, public_id: str) -> Survey:
    survey = survey_get_public(public_id=public_id)
    if survey is None or survey.planning_area.slug != slug:
        raise Http404("Survey not found.")
    return survey


def _response_form(survey: Survey, data: Any) -> ResponseForm:
    questions = list(survey.questions.prefetch_related("choices").order_by("order", "id"))
    municipalities = [row.municipality for row in area_municipality_rows(area=survey.planning_area)]
    return ResponseForm(data, survey=survey, questions=questions, municipalities=municipalities)


def public_survey(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    survey = _public_survey(slug, str(public_id))
    area = survey.planning_area
    if not services.survey_is_accepting(survey):
        return render(request, "needs/public/survey_closed.html", {"area": area, "survey": survey})
    form = _response_form(survey, request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            services.response_submit(
                survey=survey,
                answers=form.answers(),
                municipality_code=form.cleaned_data.get("municipality") or "",
                age_band_id=form.cleaned_data.get("age_band"),
            )
        except ValidationFailed as error:
            if error.code == "survey_closed":
                return render(
                    request, "needs/public/survey_closed.html", {"area": area, "survey": survey}
                )
            apply_errors(form, error)
        else:
            return redirect("needs_public:survey_thanks", slug=slug, public_id=survey.public_id)
    return render(
        request,
        "needs/public/survey_form.html",
        {"area": area, "survey": survey, "form": form, "preview": False},
    )


def public_survey_thanks(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    survey = _public_survey(slug, str(public_id))
    return render(
        request,
        "needs/public/survey_thanks.html",
        {"area": survey.planning_area, "survey": survey},
    )
