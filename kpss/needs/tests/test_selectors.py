from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from kpss.needs.exports import table_to_csv, table_to_xlsx
from kpss.needs.models import Need, Question
from kpss.needs.selectors import need_list, survey_answer_rows, survey_get_public, survey_results
from kpss.needs.services import (
    need_create,
    question_add,
    response_submit,
    survey_create,
    survey_transition,
)


@pytest.fixture
def answered_survey(coordinator, pilot_area):
    survey = survey_create(actor=coordinator, area=pilot_area, title="Průzkum")
    single = question_add(
        actor=coordinator,
        survey=survey,
        kind=Question.Kind.SINGLE,
        text="Pečujete o blízkého?",
        choices=["Ano", "Ne"],
    )
    scale = question_add(
        actor=coordinator,
        survey=survey,
        kind=Question.Kind.SCALE,
        text="Spokojenost",
        scale_min=1,
        scale_max=5,
    )
    text = question_add(actor=coordinator, survey=survey, kind=Question.Kind.TEXT, text="Co chybí?")
    survey_transition(actor=coordinator, survey=survey, action="publish")
    yes, no = single.choices.order_by("order")
    response_submit(
        survey=survey,
        municipality_code="542989",
        answers={single.id: yes.id, scale.id: 2, text.id: "=SUM(A1)"},
    )
    response_submit(
        survey=survey, municipality_code="542989", answers={single.id: yes.id, scale.id: 4}
    )
    response_submit(
        survey=survey, municipality_code="545058", answers={single.id: no.id, scale.id: 3}
    )
    return survey


def test_results_count_options_average_scales_and_split_by_municipality(answered_survey):
    results = survey_results(survey=answered_survey)
    assert results.responses == 3
    assert dict(results.by_municipality) == {"Kelč": 2, "Valašské Meziříčí": 1}
    single, scale, text = results.questions
    assert single.counts == [("Ano", 2), ("Ne", 1)]
    assert single.by_municipality["Kelč"]["Ano"] == 2
    assert scale.mean == pytest.approx(3.0)
    assert text.texts == ["=SUM(A1)"]


def test_exports_neutralise_formulas(answered_survey):
    header, rows = survey_answer_rows(survey=answered_survey)
    workbook = load_workbook(io.BytesIO(table_to_xlsx(title="Odpovědi", header=header, rows=rows)))
    sheet = workbook.active
    assert sheet.cell(1, 3).value == "Obec"
    assert "'=SUM(A1)" in [c.value for c in sheet[2]]
    csv_text = table_to_csv(header=header, rows=rows).decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("#;Přijato;Obec")


def test_drafts_and_unpublished_needs_stay_internal(coordinator, pilot_area, answered_survey):
    need_create(
        actor=coordinator, area=pilot_area, title="Interní", raised_by=Need.RaisedBy.ANALYSIS
    )
    need_create(
        actor=coordinator,
        area=pilot_area,
        title="Veřejná",
        raised_by=Need.RaisedBy.ANALYSIS,
        is_public=True,
    )
    assert [n.title for n in need_list(area=pilot_area)] == ["Veřejná"]
    assert len(need_list(area=pilot_area, user=coordinator)) == 2
    draft = survey_create(actor=coordinator, area=pilot_area, title="Koncept")
    assert survey_get_public(public_id=str(draft.public_id)) is None
    assert survey_get_public(public_id=str(answered_survey.public_id)) == answered_survey
