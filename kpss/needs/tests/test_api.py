"""Needs and surveys endpoints of the API: visibility, anonymous answers, results."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from kpss.needs.models import Need, Question, Response, Survey
from kpss.needs.services import need_create, question_add, survey_create, survey_transition
from kpss.registry.models import AgeBand, CodeStatus
from kpss.territory.models import Municipality

pytestmark = pytest.mark.urls("kpss.needs.tests.urls_for_tests")

PROBLEM = "application/problem+json"
KELC = "542989"


@pytest.fixture
def needs(coordinator, pilot_area):
    public = need_create(
        actor=coordinator,
        area=pilot_area,
        title="Odlehčovací služba",
        raised_by=Need.RaisedBy.WORKING_GROUP,
        is_public=True,
        municipalities=[Municipality.objects.get(code=KELC)],
        identified_on=dt.date(2025, 9, 1),
    )
    internal = need_create(
        actor=coordinator, area=pilot_area, title="Interní", raised_by=Need.RaisedBy.ANALYSIS
    )
    return public, internal


@pytest.fixture
def age_band(db):
    return AgeBand.objects.create(
        name="65–80 let", age_from=65, age_to=80, status=CodeStatus.CONFIRMED
    )


@pytest.fixture
def survey(coordinator, pilot_area) -> Survey:
    survey = survey_create(actor=coordinator, area=pilot_area, title="Potřeby seniorů")
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
        kind=Question.Kind.MULTIPLE,
        text="Které služby znáte?",
        choices=["Pečovatelská služba", "Osobní asistence"],
    )
    question_add(actor=coordinator, survey=survey, kind=Question.Kind.SCALE, text="Spokojenost")
    question_add(actor=coordinator, survey=survey, kind=Question.Kind.TEXT, text="Co chybí?")
    return survey


@pytest.fixture
def open_survey(survey, coordinator) -> Survey:
    return survey_transition(actor=coordinator, survey=survey, action="publish")


def _ids(survey: Survey):
    single, multiple, scale, text = survey.questions.order_by("order")
    return single, multiple, scale, text


def test_needs_public_for_everyone_all_for_members(client, needs, coordinator, provider_user):
    body = client.get("/api/v1/areas/valmez/needs").json()
    assert [n["title"] for n in body] == ["Odlehčovací služba"]
    assert body[0]["municipalities"] == [{"code": KELC, "name": "Kelč"}]
    assert body[0]["number"] == 1
    assert body[0]["status"] == "proposed"
    assert body[0]["identified_on"] == "2025-09-01"
    client.force_login(provider_user)
    body = client.get("/api/v1/areas/valmez/needs").json()
    assert [n["number"] for n in body] == [1, 2]


def test_needs_of_an_unpublished_area_are_404(client, other_area, coordinator):
    response = client.get("/api/v1/areas/roznovsko/needs")
    assert response.status_code == 404
    assert response["Content-Type"].startswith(PROBLEM)
    client.force_login(coordinator)
    assert client.get("/api/v1/areas/roznovsko/needs").status_code == 404


def test_survey_list_leaves_out_drafts(client, coordinator, open_survey, pilot_area):
    survey_create(actor=coordinator, area=pilot_area, title="Rozpracovaný")
    client.force_login(coordinator)
    body = client.get("/api/v1/areas/valmez/surveys").json()
    assert [s["title"] for s in body] == ["Potřeby seniorů"]
    assert body[0]["accepting_answers"] is True
    assert body[0]["public_id"] == str(open_survey.public_id)


def test_survey_detail_with_questions_and_options(client, open_survey, age_band):
    body = client.get(f"/api/v1/surveys/{open_survey.public_id}").json()
    assert body["area"] == "valmez"
    assert [q["kind"] for q in body["questions"]] == ["single", "multiple", "scale", "text"]
    assert [c["text"] for c in body["questions"][0]["choices"]] == ["Ano", "Ne"]
    assert body["questions"][0]["required"] is True
    assert body["questions"][2]["scale_min"] == 1
    assert body["questions"][2]["scale_max"] == 5
    assert body["questions"][0]["scale_min"] is None
    assert {"code": KELC, "name": "Kelč"} in body["municipalities"]
    assert body["age_bands"] == [{"id": age_band.pk, "name": "65–80 let"}]


def test_draft_and_unknown_surveys_are_404(client, survey):
    assert client.get(f"/api/v1/surveys/{survey.public_id}").status_code == 404
    assert client.get(f"/api/v1/surveys/{uuid.uuid4()}").status_code == 404
    response = client.post(
        f"/api/v1/surveys/{survey.public_id}/responses", {}, content_type="application/json"
    )
    assert response.status_code == 404


def test_anonymous_response_is_recorded(client, open_survey, age_band):
    single, multiple, scale, text = _ids(open_survey)
    response = client.post(
        f"/api/v1/surveys/{open_survey.public_id}/responses",
        {
            "answers": {
                str(single.pk): single.choices.get(text="Ano").pk,
                str(multiple.pk): list(multiple.choices.values_list("pk", flat=True)),
                str(scale.pk): 4,
                str(text.pk): "Denní stacionář",
            },
            "municipality_code": KELC,
            "age_band_id": age_band.pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json() == {"survey": str(open_survey.public_id), "received": True}
    saved = Response.objects.get()
    assert saved.municipality.code == KELC
    assert saved.age_band == age_band
    assert saved.answers.count() == 4


def test_invalid_response_is_422_with_per_field_errors(client, open_survey):
    single, _multiple, scale, _text = _ids(open_survey)
    response = client.post(
        f"/api/v1/surveys/{open_survey.public_id}/responses",
        {"answers": {str(scale.pk): 9}, "municipality_code": "500011"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response["Content-Type"].startswith(PROBLEM)
    body = response.json()
    assert body["code"] == "validation_failed"
    fields = {e["field"] for e in body["errors"]}
    assert fields == {f"answers.{single.pk}", f"answers.{scale.pk}", "municipality_code"}
    assert not Response.objects.exists()


def test_unknown_question_and_bad_shape_are_422(client, open_survey):
    url = f"/api/v1/surveys/{open_survey.public_id}/responses"
    response = client.post(url, {"answers": {"999999": 1}}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "answers.999999"
    response = client.post(url, {"answers": "nope"}, content_type="application/json")
    assert response.status_code == 422
    assert response["Content-Type"].startswith(PROBLEM)


def test_closed_survey_refuses_answers(client, open_survey, coordinator):
    survey_transition(actor=coordinator, survey=open_survey, action="close")
    single = _ids(open_survey)[0]
    response = client.post(
        f"/api/v1/surveys/{open_survey.public_id}/responses",
        {"answers": {str(single.pk): single.choices.first().pk}},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["code"] == "survey_closed"
    assert (
        client.get(f"/api/v1/surveys/{open_survey.public_id}").json()["accepting_answers"] is False
    )


def _submit(client, survey, choice: str, scale_value: int, municipality: str = "") -> None:
    single, _multiple, scale, _text = _ids(survey)
    response = client.post(
        f"/api/v1/surveys/{survey.public_id}/responses",
        {
            "answers": {
                str(single.pk): single.choices.get(text=choice).pk,
                str(scale.pk): scale_value,
            },
            "municipality_code": municipality,
        },
        content_type="application/json",
    )
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        (None, 403),
        ("provider_user", 403),
        ("officer", 403),
        ("coordinator", 200),
        ("admin", 200),
    ],
)
def test_results_for_coordinators_only(client, request, open_survey, persona, expected):
    _submit(client, open_survey, "Ano", 5, KELC)
    _submit(client, open_survey, "Ano", 2)
    _submit(client, open_survey, "Ne", 3, KELC)
    if persona:
        client.force_login(request.getfixturevalue(persona))
    response = client.get(f"/api/v1/surveys/{open_survey.public_id}/results")
    assert response.status_code == expected
    if expected != 200:
        assert response["Content-Type"].startswith(PROBLEM)
        return
    body = response.json()
    assert body["responses"] == 3
    assert {"municipality": "Kelč", "count": 2} in body["by_municipality"]
    single, _m, scale, _t = body["questions"]
    assert single["counts"] == [{"label": "Ano", "count": 2}, {"label": "Ne", "count": 1}]
    assert scale["mean"] == pytest.approx(10 / 3)
    kelc = next(p for p in single["by_municipality"] if p["municipality"] == "Kelč")
    assert kelc["counts"] == [{"label": "Ano", "count": 1}, {"label": "Ne", "count": 1}]


def test_results_of_another_areas_unpublished_survey_are_404(
    client, other_coordinator, admin, coordinator
):
    from kpss.territory.models import PlanningArea

    hidden = PlanningArea.objects.get(slug="roznovsko")
    survey = survey_create(actor=admin, area=hidden, title="Skrytý")
    client.force_login(coordinator)
    assert client.get(f"/api/v1/surveys/{survey.public_id}/results").status_code == 404
    client.force_login(other_coordinator)
    assert client.get(f"/api/v1/surveys/{survey.public_id}/results").status_code == 200
