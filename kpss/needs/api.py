"""Needs and surveys endpoints.

Reading published needs and surveys is public; members of an area also see its unpublished
needs. Answering a survey is anonymous. Results are for those who manage the area's surveys.
Visibility of areas is decided by `planning_area_get_for_user` (an unpublished area is a 404
to outsiders), rights by the rules.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Router
from ninja.errors import ValidationError

from kpss.api.auth import caller
from kpss.api.errors import PROBLEM_RESPONSES, Problem
from kpss.core.errors import NotFound, PermissionDenied, ValidationFailed
from kpss.needs.models import Need, Question, Survey
from kpss.needs.schemas import (
    NeedOut,
    ResponseIn,
    ResponseReceipt,
    SurveyBrief,
    SurveyDetail,
    SurveyResultsOut,
)
from kpss.needs.selectors import need_list, survey_get_public, survey_list, survey_results
from kpss.needs.services import response_submit, survey_is_accepting
from kpss.organisations.selectors import planning_area_get_for_user
from kpss.registry.models import AgeBand
from kpss.territory.models import PlanningArea
from kpss.territory.selectors import area_municipality_rows

router = Router(tags=["needs"])

AreaSlug = Path(
    ..., pattern=r"^[-a-zA-Z0-9_]+$", max_length=60, description="Short name of the area."
)
PublicId = Path(..., description="Public identifier of the survey (UUID).")


def _area(request: HttpRequest, slug: str) -> PlanningArea:
    return planning_area_get_for_user(user=caller(request), slug=slug)


def _id_name(obj: Any) -> dict[str, Any] | None:
    return {"id": obj.pk, "name": obj.name} if obj is not None else None


def _need(need: Need) -> dict[str, Any]:
    return {
        "number": need.number,
        "title": need.title,
        "description": need.description,
        "target_group": _id_name(need.target_group),
        "municipalities": [{"code": m.code, "name": m.name} for m in need.municipalities.all()],
        "service_types": [s.key for s in need.service_types.all()],
        "raised_by": need.raised_by,
        "raised_by_name": need.raised_by_name,
        "evidence": need.evidence,
        "identified_on": need.identified_on,
        "regional_need_number": need.regional_need_number,
        "priority": need.priority,
        "status": need.status,
        "is_public": need.is_public,
        "version": need.version,
    }


@router.get(
    "/areas/{slug}/needs",
    response={200: list[NeedOut], **PROBLEM_RESPONSES},
    summary="Needs register of an area",
)
def area_need_list(request: HttpRequest, slug: str = AreaSlug) -> list[dict[str, Any]]:
    """Published needs by number; members of the area see the unpublished ones too."""
    area = _area(request, slug)
    return [_need(need) for need in need_list(area=area, user=caller(request))]


def _survey_brief(survey: Survey) -> dict[str, Any]:
    return {
        "public_id": survey.public_id,
        "title": survey.title,
        "status": survey.status,
        "accepting_answers": survey_is_accepting(survey),
        "opens_on": survey.opens_on,
        "closes_on": survey.closes_on,
        "target_group": _id_name(survey.target_group),
    }


@router.get(
    "/areas/{slug}/surveys",
    response={200: list[SurveyBrief], **PROBLEM_RESPONSES},
    summary="Needs surveys of an area",
)
def area_survey_list(request: HttpRequest, slug: str = AreaSlug) -> list[dict[str, Any]]:
    """Published and closed surveys, newest first; drafts are never listed."""
    area = _area(request, slug)
    surveys = survey_list(area=area, user=None).select_related("target_group", "planning_area")
    return [_survey_brief(s) for s in surveys]


def _public_survey(public_id: uuid.UUID) -> Survey:
    survey = survey_get_public(public_id=str(public_id))
    if survey is None:
        raise NotFound(_("Survey not found."))
    return survey


def _question(question: Question) -> dict[str, Any]:
    is_scale = question.kind == Question.Kind.SCALE
    return {
        "id": question.pk,
        "kind": question.kind,
        "text": question.text,
        "help_text": question.help_text,
        "required": question.required,
        "scale_min": question.scale_min if is_scale else None,
        "scale_max": question.scale_max if is_scale else None,
        "choices": [{"id": c.pk, "text": c.text} for c in question.choices.all()],
    }


@router.get(
    "/surveys/{public_id}",
    response={200: SurveyDetail, **PROBLEM_RESPONSES},
    summary="A survey with its questions",
)
def survey_detail(request: HttpRequest, public_id: uuid.UUID = PublicId) -> dict[str, Any]:
    """A published (or closed) survey of a published area, with what an answer may contain."""
    survey = _public_survey(public_id)
    area = survey.planning_area
    municipalities = (
        [
            {"code": r.municipality.code, "name": r.municipality.name}
            for r in area_municipality_rows(area=area)
        ]
        if survey.ask_municipality
        else []
    )
    age_bands = (
        [{"id": b.pk, "name": b.name} for b in AgeBand.objects.order_by("age_from", "name")]
        if survey.ask_age_band
        else []
    )
    return {
        **_survey_brief(survey),
        "area": area.slug,
        "introduction": survey.introduction,
        "ask_municipality": survey.ask_municipality,
        "ask_age_band": survey.ask_age_band,
        "municipalities": municipalities,
        "age_bands": age_bands,
        "questions": [_question(q) for q in survey.questions.all()],
    }


@router.post(
    "/surveys/{public_id}/responses",
    response={201: ResponseReceipt, 404: Problem, 422: Problem},
    summary="Answer a survey (anonymous)",
)
def survey_response_create(
    request: HttpRequest, payload: ResponseIn, public_id: uuid.UUID = PublicId
) -> tuple[int, dict[str, Any]]:
    """Record one anonymous response. Invalid answers give 422 with one entry per question
    (`field` = `answers.<question id>`); a closed survey gives 422 with code survey_closed."""
    survey = _public_survey(public_id)
    answers: dict[int, Any] = {}
    errors: list[dict[str, Any]] = []
    question_ids = {q.pk for q in survey.questions.all()}
    for key, value in payload.answers.items():
        if not key.isdigit() or int(key) not in question_ids:
            errors.append(
                _field_error(["body", "answers", key], _("No such question in this survey."))
            )
        else:
            answers[int(key)] = value
    if errors:
        raise ValidationError(errors)
    try:
        response_submit(
            survey=survey,
            answers=answers,
            municipality_code=payload.municipality_code,
            age_band_id=payload.age_band_id,
        )
    except (ValueError, TypeError) as error:
        raise ValidationError(
            [_field_error(["body", "answers"], _("An answer has the wrong type."))]
        ) from error
    except ValidationFailed as error:
        field_errors = error.details.get("errors")
        if not field_errors:
            raise
        raise ValidationError(
            [_field_error(_answer_loc(name), message) for name, message in field_errors.items()]
        ) from error
    return 201, {"survey": survey.public_id, "received": True}


def _answer_loc(name: str) -> list[str]:
    if name.startswith("q") and name[1:].isdigit():
        return ["body", "answers", name[1:]]
    return [
        "body",
        {"municipality": "municipality_code", "age_band": "age_band_id"}.get(name, name),
    ]


def _field_error(loc: list[str], message: str) -> dict[str, Any]:
    return {"loc": loc, "msg": str(message), "type": "invalid_answer"}


@router.get(
    "/surveys/{public_id}/results",
    response={200: SurveyResultsOut, 403: Problem, 404: Problem},
    summary="Aggregated results of a survey",
)
def survey_result_detail(request: HttpRequest, public_id: uuid.UUID = PublicId) -> dict[str, Any]:
    """For those who manage the surveys of the area: counts per option and municipality,
    means of scales and the free texts."""
    user = caller(request)
    survey = Survey.objects.select_related("planning_area").filter(public_id=public_id).first()
    if survey is None:
        raise NotFound(_("Survey not found."))
    area = _area(request, survey.planning_area.slug)  # unpublished areas: 404 to outsiders
    if not user.has_perm("needs.manage_survey", area):
        raise PermissionDenied(_("Only the coordinators of the area may see the results."))
    results = survey_results(survey=survey)
    return {
        "public_id": survey.public_id,
        "title": survey.title,
        "status": survey.status,
        "responses": results.responses,
        "by_municipality": [
            {"municipality": name, "count": count} for name, count in results.by_municipality
        ],
        "by_age_band": [{"age_band": name, "count": count} for name, count in results.by_age_band],
        "questions": [
            {
                "id": r.question.pk,
                "kind": r.question.kind,
                "text": r.question.text,
                "answered": r.answered,
                "counts": [{"label": label, "count": count} for label, count in r.counts],
                "mean": r.mean,
                "texts": r.texts,
                "by_municipality": [
                    {
                        "municipality": place,
                        "counts": [
                            {"label": label, "count": counter.get(label, 0)}
                            for label, _count in r.counts
                        ],
                    }
                    for place, counter in r.by_municipality.items()
                ],
            }
            for r in results.questions
        ],
    }
