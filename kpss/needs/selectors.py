"""Reads of needs, SWOT and surveys; drafts and unpublished needs stay with the area's members."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet

from kpss.core.text import czech_sort_key
from kpss.needs.models import Answer, Need, Question, Survey, SwotItem
from kpss.territory.models import PlanningArea


def _can_see_internal(user: Any, area: PlanningArea) -> bool:
    return bool(user is not None and user.has_perm("needs.view_internal", area))


def need_list(*, area: PlanningArea, user: Any = None) -> QuerySet[Need]:
    needs = Need.objects.filter(planning_area=area).select_related("target_group")
    if not _can_see_internal(user, area):
        needs = needs.filter(is_public=True)
    return needs.prefetch_related("municipalities", "service_types").order_by("number")


def swot_for_area(*, area: PlanningArea) -> dict[str, dict[str, list[SwotItem]]]:
    """{topic: {"S": [...], "W": [...], "O": [...], "T": [...]}} in a stable order."""
    grouped: dict[str, dict[str, list[SwotItem]]] = defaultdict(
        lambda: {"S": [], "W": [], "O": [], "T": []}
    )
    items = SwotItem.objects.filter(planning_area=area).select_related("target_group")
    for item in items:
        topic = item.topic or (item.target_group.name if item.target_group else "")
        grouped[topic][item.kind].append(item)
    return dict(sorted(grouped.items(), key=lambda pair: czech_sort_key(pair[0])))


def survey_list(*, area: PlanningArea, user: Any = None) -> QuerySet[Survey]:
    surveys = Survey.objects.filter(planning_area=area)
    if not (user is not None and user.has_perm("needs.manage_survey", area)):
        surveys = surveys.exclude(status=Survey.Status.DRAFT)
    return surveys.order_by("-created_at")


def survey_get_public(*, public_id: str) -> Survey | None:
    """A published survey of a published area, by its public id; drafts never."""
    return (
        Survey.objects.select_related("planning_area")
        .prefetch_related("questions__choices")
        .filter(public_id=public_id, planning_area__is_public=True)
        .exclude(status=Survey.Status.DRAFT)
        .first()
    )


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    counts: list[tuple[str, int]] = field(default_factory=list)
    mean: float | None = None
    texts: list[str] = field(default_factory=list)
    by_municipality: dict[str, Counter[str]] = field(default_factory=dict)


@dataclass
class SurveyResults:
    survey: Survey
    responses: int
    by_municipality: list[tuple[str, int]]
    by_age_band: list[tuple[str, int]]
    questions: list[QuestionResult]


def survey_results(*, survey: Survey) -> SurveyResults:
    """Aggregated answers: counts per option, mean of scales, texts, and per municipality."""
    responses = survey.responses.select_related("municipality", "age_band")
    municipality_counts = Counter(r.municipality.name if r.municipality else "" for r in responses)
    age_counts = Counter(r.age_band.name if r.age_band else "" for r in responses)
    answers = (
        Answer.objects.filter(response__survey=survey)
        .select_related("response__municipality")
        .prefetch_related("choices")
    )
    by_question: dict[int, list[Answer]] = defaultdict(list)
    for answer in answers:
        by_question[answer.question_id].append(answer)
    results = []
    questions = survey.questions.prefetch_related(Prefetch("choices")).order_by("order")
    for question in questions:
        result = QuestionResult(question=question)
        given = by_question.get(question.id, [])
        result.answered = len(given)
        if question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            counter: Counter[int] = Counter()
            per_municipality: dict[str, Counter[str]] = defaultdict(Counter)
            for answer in given:
                place = answer.response.municipality.name if answer.response.municipality else ""
                for choice in answer.choices.all():
                    counter[choice.id] += 1
                    per_municipality[place][choice.text] += 1
            result.counts = [(c.text, counter[c.id]) for c in question.choices.all()]
            result.by_municipality = dict(
                sorted(per_municipality.items(), key=lambda p: czech_sort_key(p[0]))
            )
        elif question.kind == Question.Kind.SCALE:
            values = [a.scale_value for a in given if a.scale_value is not None]
            scale = Counter(values)
            result.counts = [
                (str(v), scale[v]) for v in range(question.scale_min, question.scale_max + 1)
            ]
            result.mean = sum(values) / len(values) if values else None
        else:
            result.texts = [a.text for a in given if a.text]
        results.append(result)
    return SurveyResults(
        survey=survey,
        responses=len(responses),
        by_municipality=sorted(municipality_counts.items(), key=lambda p: czech_sort_key(p[0])),
        by_age_band=sorted(age_counts.items()),
        questions=results,
    )


def survey_answer_rows(*, survey: Survey) -> tuple[list[str], list[list[Any]]]:
    """One row per response, one column per question: the raw table for export."""
    questions = list(survey.questions.order_by("order"))
    header = ["#", "Přijato", "Obec", "Věková skupina", *[q.text for q in questions]]
    rows = []
    responses = survey.responses.select_related("municipality", "age_band").prefetch_related(
        "answers__choices"
    )
    for response in responses.order_by("created_at"):
        by_question = {a.question_id: a for a in response.answers.all()}
        cells: list[Any] = [
            response.pk,
            response.created_at.strftime("%Y-%m-%d %H:%M"),
            response.municipality.name if response.municipality else "",
            response.age_band.name if response.age_band else "",
        ]
        for question in questions:
            answer = by_question.get(question.id)
            if answer is None:
                cells.append("")
            elif question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
                cells.append("; ".join(c.text for c in answer.choices.all()))
            elif question.kind == Question.Kind.SCALE:
                cells.append(answer.scale_value)
            else:
                cells.append(answer.text)
        rows.append(cells)
    return header, rows
