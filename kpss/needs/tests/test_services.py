from __future__ import annotations

import pytest

from kpss.core.errors import ConcurrentEdit, PermissionDenied, ValidationFailed
from kpss.core.models import AuditEvent
from kpss.needs.models import Need, Question, Survey
from kpss.needs.services import (
    need_create,
    need_update,
    question_add,
    response_submit,
    survey_create,
    survey_transition,
)
from kpss.needs.states import IllegalTransition


@pytest.fixture
def survey(coordinator, pilot_area):
    survey = survey_create(actor=coordinator, area=pilot_area, title="Potřeby seniorů 2026")
    question_add(
        actor=coordinator,
        survey=survey,
        kind=Question.Kind.SINGLE,
        text="Pečujete o blízkého?",
        choices=["Ano", "Ne"],
        required=True,
    )
    question_add(
        actor=coordinator,
        survey=survey,
        kind=Question.Kind.SCALE,
        text="Jak jste spokojeni s dostupností služeb?",
        scale_min=1,
        scale_max=5,
    )
    question_add(actor=coordinator, survey=survey, kind=Question.Kind.TEXT, text="Co vám chybí?")
    return survey


def test_needs_are_numbered_per_area_and_audited(coordinator, pilot_area, other_area, admin):
    first = need_create(
        actor=coordinator,
        area=pilot_area,
        title="Odlehčovací služby",
        raised_by=Need.RaisedBy.WORKING_GROUP,
    )
    second = need_create(
        actor=coordinator,
        area=pilot_area,
        title="Lůžka v domovech",
        raised_by=Need.RaisedBy.MUNICIPALITY,
    )
    elsewhere = need_create(
        actor=admin, area=other_area, title="Terénní program", raised_by=Need.RaisedBy.ANALYSIS
    )
    assert (first.number, second.number, elsewhere.number) == (1, 2, 1)
    assert AuditEvent.objects.filter(verb="need.create", area_slug="valmez").count() == 2


def test_provider_staff_cannot_write_needs(provider_user, pilot_area):
    with pytest.raises(PermissionDenied):
        need_create(
            actor=provider_user, area=pilot_area, title="X", raised_by=Need.RaisedBy.PROVIDER
        )


def test_coordinator_of_another_area_cannot_write_needs(other_coordinator, pilot_area):
    with pytest.raises(PermissionDenied):
        need_create(
            actor=other_coordinator, area=pilot_area, title="X", raised_by=Need.RaisedBy.PROVIDER
        )


def test_concurrent_need_edits_are_detected_not_overwritten(coordinator, officer, pilot_area):
    need = need_create(
        actor=coordinator, area=pilot_area, title="Původní", raised_by=Need.RaisedBy.WORKING_GROUP
    )
    stale = Need.objects.get(pk=need.pk)
    need_update(actor=officer, need=need, expected_version=1, title="Úprava obce")
    with pytest.raises(ConcurrentEdit):
        need_update(actor=coordinator, need=stale, expected_version=1, title="Úprava koordinátora")
    need.refresh_from_db()
    assert need.title == "Úprava obce"
    assert need.version == 2


def test_survey_lifecycle_and_anonymous_answers(coordinator, survey):
    with pytest.raises(ValidationFailed):
        response_submit(survey=survey, answers={})  # still a draft
    survey_transition(actor=coordinator, survey=survey, action="publish")
    questions = list(survey.questions.order_by("order"))
    yes = questions[0].choices.get(text="Ano")
    response = response_submit(
        survey=survey,
        municipality_code="542989",
        answers={
            questions[0].id: yes.id,
            questions[1].id: "4",
            questions[2].id: "Odlehčovací péče",
        },
    )
    assert response.municipality.name == "Kelč"
    assert response.answers.count() == 3
    survey_transition(actor=coordinator, survey=survey, action="close")
    assert survey.status == Survey.Status.CLOSED
    with pytest.raises(ValidationFailed):
        response_submit(survey=survey, answers={questions[0].id: yes.id})
    with pytest.raises(IllegalTransition):
        survey_transition(actor=coordinator, survey=survey, action="publish")


def test_invalid_answers_are_all_reported_and_nothing_is_written(coordinator, survey):
    survey_transition(actor=coordinator, survey=survey, action="publish")
    questions = list(survey.questions.order_by("order"))
    with pytest.raises(ValidationFailed) as error:
        response_submit(
            survey=survey,
            municipality_code="554782",  # Praha: not in the area
            answers={questions[1].id: "9"},
        )
    assert set(error.value.details["errors"]) == {
        f"q{questions[0].id}",
        f"q{questions[1].id}",
        "municipality",
    }
    assert survey.responses.count() == 0


def test_questions_are_frozen_once_published(coordinator, survey):
    survey_transition(actor=coordinator, survey=survey, action="publish")
    with pytest.raises(ValidationFailed):
        question_add(actor=coordinator, survey=survey, kind=Question.Kind.TEXT, text="Další?")


def test_choice_question_needs_two_options(coordinator, pilot_area):
    survey = survey_create(actor=coordinator, area=pilot_area, title="Test")
    with pytest.raises(ValidationFailed):
        question_add(
            actor=coordinator,
            survey=survey,
            kind=Question.Kind.SINGLE,
            text="Jen jedna?",
            choices=["Ano"],
        )


def test_a_need_keeps_the_day_it_was_identified(coordinator, pilot_area):
    import datetime as dt

    from django.utils import timezone

    surveyed = need_create(
        actor=coordinator,
        area=pilot_area,
        title="Víkendová pečovatelská služba",
        raised_by=Need.RaisedBy.SURVEY,
        identified_on=dt.date(2025, 9, 1),
    )
    recorded = need_create(
        actor=coordinator, area=pilot_area, title="Odlehčovací služba", raised_by="municipality"
    )
    assert surveyed.identified_date == dt.date(2025, 9, 1)
    assert recorded.identified_date == timezone.localdate()
