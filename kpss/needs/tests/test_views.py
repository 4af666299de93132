"""Staff and public pages of needs, SWOT and surveys, through the Django test client."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kpss.needs.models import Need, Question, Response, Survey, SwotItem
from kpss.needs.services import (
    need_create,
    need_update,
    question_add,
    response_submit,
    survey_create,
    survey_transition,
)
from kpss.registry.models import AgeBand, CodeStatus, TargetGroup
from kpss.territory.models import Municipality

pytestmark = pytest.mark.urls("kpss.needs.tests.urls_for_tests")

KELC = "542989"


@pytest.fixture
def seniors(db) -> TargetGroup:
    return TargetGroup.objects.create(name="senioři", status=CodeStatus.CONFIRMED)


@pytest.fixture
def age_band(db) -> AgeBand:
    return AgeBand.objects.create(
        name="senioři (65–80 let)", age_from=65, age_to=80, status=CodeStatus.CONFIRMED
    )


@pytest.fixture
def need(coordinator, pilot_area, seniors) -> Need:
    return need_create(
        actor=coordinator,
        area=pilot_area,
        title="Odlehčovací služba pro pečující",
        description="Pečující nemají kde si odpočinout.",
        raised_by=Need.RaisedBy.WORKING_GROUP,
        target_group=seniors,
        is_public=True,
        municipalities=[Municipality.objects.get(code=KELC)],
    )


@pytest.fixture
def hidden_need(coordinator, pilot_area) -> Need:
    return need_create(
        actor=coordinator,
        area=pilot_area,
        title="Interní poznámka k financování",
        raised_by=Need.RaisedBy.ANALYSIS,
        priority=Need.Priority.HIGH,
    )


@pytest.fixture
def survey(coordinator, pilot_area, seniors) -> Survey:
    survey = survey_create(
        actor=coordinator, area=pilot_area, title="Potřeby seniorů 2026", target_group=seniors
    )
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
        text="Které služby využíváte?",
        choices=["Pečovatelská služba", "Osobní asistence", "Denní stacionář"],
    )
    question_add(
        actor=coordinator,
        survey=survey,
        kind=Question.Kind.SCALE,
        text="Jak jste spokojeni s dostupností služeb?",
    )
    question_add(actor=coordinator, survey=survey, kind=Question.Kind.TEXT, text="Co vám chybí?")
    return survey


@pytest.fixture
def open_survey(survey, coordinator) -> Survey:
    return survey_transition(actor=coordinator, survey=survey, action="publish")


def _questions(survey: Survey) -> list[Question]:
    return list(survey.questions.order_by("order"))


def _answer(survey: Survey, *, care: str, services: list[str], scale: int, text: str, **kw: Any):
    single, multiple, scale_q, text_q = _questions(survey)
    by_text = {c.text: c.pk for q in (single, multiple) for c in q.choices.all()}
    return response_submit(
        survey=survey,
        answers={
            single.pk: by_text[care],
            multiple.pk: [by_text[s] for s in services],
            scale_q.pk: scale,
            text_q.pk: text,
        },
        **kw,
    )


def staff(name: str, slug: str = "valmez", **kwargs: Any) -> str:
    return reverse(f"needs:{name}", kwargs={"slug": slug, **kwargs})


# Access ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("coordinator", 200),
        ("officer", 200),
        ("provider_user", 200),
        ("admin", 200),
        ("other_coordinator", 403),
    ],
)
def test_need_register_is_for_members_of_the_area(
    client, request, need, persona, expected, other_area
):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(staff("need_list")).status_code == expected


def test_anonymous_staff_pages_redirect_to_login(client, pilot_area):
    response = client.get(staff("need_list"))
    assert response.status_code == 302
    assert response["Location"].startswith("/prihlaseni/")


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("coordinator", 200), ("officer", 200), ("provider_user", 403), ("other_coordinator", 403)],
)
def test_only_coordinators_and_officers_create_needs(
    client, request, pilot_area, persona, expected, other_area
):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(staff("need_create"))
    assert response.status_code == expected
    if expected == 403:
        assert "Přístup odepřen" in response.content.decode()


def test_outsiders_of_an_unpublished_area_get_404(client, coordinator, other_area):
    client.force_login(coordinator)
    for name in ("need_list", "swot", "survey_list", "survey_create"):
        assert client.get(staff(name, slug="roznovsko")).status_code == 404


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("coordinator", 200), ("admin", 200), ("officer", 403), ("provider_user", 403)],
)
def test_survey_management_is_for_coordinators(client, request, survey, persona, expected):
    client.force_login(request.getfixturevalue(persona))
    for name in ("survey_detail", "survey_results", "survey_preview"):
        assert client.get(staff(name, pk=survey.pk)).status_code == expected


# Needs register -------------------------------------------------------------------------


def test_need_list_filters_and_sorts_by_number(client, coordinator, need, hidden_need, seniors):
    client.force_login(coordinator)
    page = client.get(staff("need_list")).content.decode()
    assert page.index(need.title) < page.index(hidden_need.title)
    page = client.get(staff("need_list"), {"priority": "high"}).content.decode()
    assert hidden_need.title in page
    assert need.title not in page
    page = client.get(staff("need_list"), {"group": seniors.pk}).content.decode()
    assert need.title in page
    assert hidden_need.title not in page
    page = client.get(staff("need_list"), {"status": "met"}).content.decode()
    assert need.title not in page
    assert hidden_need.title not in page


def test_need_create_shows_field_errors_next_to_fields(client, coordinator, pilot_area):
    client.force_login(coordinator)
    response = client.post(staff("need_create"), {"title": "", "raised_by": "nobody"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="error-summary"' in page
    assert 'href="#id_title"' in page
    assert 'aria-describedby="id_title_error"' in page
    assert 'id="id_title_error"' in page
    assert 'aria-invalid="true"' in page
    assert not Need.objects.exists()


def test_need_create_and_detail(client, officer, pilot_area, seniors):
    client.force_login(officer)
    kelc = Municipality.objects.get(code=KELC)
    response = client.post(
        staff("need_create"),
        {
            "title": "Dostupná pečovatelská služba v Kelči",
            "description": "Chybí víkendová péče.",
            "target_group": seniors.pk,
            "municipalities": [kelc.pk],
            "raised_by": "municipality",
            "raised_by_name": "Město Kelč",
            "priority": "high",
            "status": "proposed",
        },
    )
    need = Need.objects.get()
    assert response.status_code == 302
    assert response["Location"] == staff("need_detail", number=need.number)
    assert list(need.municipalities.all()) == [kelc]
    page = client.get(response["Location"]).content.decode()
    assert "Dostupná pečovatelská služba v Kelči" in page
    assert "Kelč" in page


def test_need_edit_saves_with_the_version(client, coordinator, need):
    client.force_login(coordinator)
    form = client.get(staff("need_edit", number=need.number)).content.decode()
    assert 'name="version" value="1"' in form
    response = client.post(
        staff("need_edit", number=need.number),
        {
            "title": "Odlehčovací služba – upřesněno",
            "raised_by": need.raised_by,
            "priority": "high",
            "status": "accepted",
            "version": "1",
        },
    )
    assert response.status_code == 302
    need.refresh_from_db()
    assert (need.title, need.status, need.version) == (
        "Odlehčovací služba – upřesněno",
        "accepted",
        2,
    )


def test_concurrent_edit_is_shown_and_nothing_is_overwritten(client, coordinator, officer, need):
    # The officer saves first; the coordinator's form still carries version 1.
    need_update(actor=officer, need=need, expected_version=1, title="Verze úředníka")
    client.force_login(coordinator)
    response = client.post(
        staff("need_edit", number=need.number),
        {
            "title": "Verze koordinátorky",
            "raised_by": need.raised_by,
            "priority": "medium",
            "status": "proposed",
            "version": "1",
        },
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Někdo jiný tuto potřebu mezitím změnil" in page
    assert "Verze úředníka" in page  # the stored values are shown
    assert 'value="Verze koordinátorky"' in page  # and the typed ones are kept
    assert 'name="version" value="2"' in page
    need.refresh_from_db()
    assert need.title == "Verze úředníka"


def test_finding_from_a_survey_prefills_the_need_form(client, coordinator, open_survey, seniors):
    _answer(open_survey, care="Ano", services=["Osobní asistence"], scale=2, text="Nic")
    question = _questions(open_survey)[0]
    client.force_login(coordinator)
    results = client.get(staff("survey_results", pk=open_survey.pk)).content.decode()
    assert f"?pruzkum={open_survey.pk}" in results
    response = client.get(staff("need_create"), {"pruzkum": open_survey.pk, "otazka": question.pk})
    form = response.context["form"]
    assert form.initial["raised_by"] == Need.RaisedBy.SURVEY
    assert form.initial["raised_by_name"] == "Potřeby seniorů 2026"
    assert form.initial["target_group"] == seniors.pk
    assert "Potřeby seniorů 2026" in form.initial["evidence"]
    assert "Ano: 1" in form.initial["evidence"]
    page = response.content.decode()
    assert '<option value="survey" selected>' in page


# SWOT -----------------------------------------------------------------------------------


def test_swot_grid_add_and_delete(client, coordinator, pilot_area):
    client.force_login(coordinator)
    for kind, text in [("S", "Silná síť terénních služeb"), ("T", "Stárnutí obyvatel")]:
        response = client.post(staff("swot"), {"kind": kind, "text": text, "topic": "Senioři"})
        assert response.status_code == 302
    page = client.get(staff("swot")).content.decode()
    assert page.count('class="swot-cell swot-cell--') == 4
    assert "Silná síť terénních služeb" in page
    assert "Stárnutí obyvatel" in page
    item = SwotItem.objects.get(kind="T")
    confirm = client.get(staff("swot_delete", pk=item.pk))
    assert confirm.status_code == 200
    assert "Stárnutí obyvatel" in confirm.content.decode()
    assert SwotItem.objects.filter(pk=item.pk).exists()  # GET does not delete
    response = client.post(staff("swot_delete", pk=item.pk))
    assert response.status_code == 302
    assert not SwotItem.objects.filter(pk=item.pk).exists()


def test_swot_form_errors_and_read_only_members(client, coordinator, provider_user, pilot_area):
    client.force_login(coordinator)
    response = client.post(staff("swot"), {"kind": "X", "text": ""})
    assert response.status_code == 200
    assert 'id="error-summary"' in response.content.decode()
    assert not SwotItem.objects.exists()
    client.force_login(provider_user)
    assert client.get(staff("swot")).status_code == 200
    assert client.post(staff("swot"), {"kind": "S", "text": "x", "topic": "t"}).status_code == 403


# Surveys (staff) ------------------------------------------------------------------------


def test_survey_flow_through_the_staff_pages(client, coordinator, pilot_area):
    client.force_login(coordinator)
    response = client.post(staff("survey_create"), {"title": "Průzkum mezi pečujícími"})
    survey = Survey.objects.get()
    assert response["Location"] == staff("survey_detail", pk=survey.pk)
    response = client.post(
        staff("question_add", pk=survey.pk),
        {
            "text": "Kolik hodin týdně pečujete?",
            "kind": "single",
            "choices": "méně než 10\n10–20\n\nvíce",
        },
    )
    assert response.status_code == 302
    response = client.post(
        staff("question_add", pk=survey.pk),
        {"text": "Jak jste spokojeni?", "kind": "scale", "scale_min": "1", "scale_max": "10"},
    )
    assert response.status_code == 302
    questions = _questions(survey)
    assert [q.choices.count() for q in questions] == [3, 0]
    assert (questions[1].scale_min, questions[1].scale_max) == (1, 10)
    preview = client.get(staff("survey_preview", pk=survey.pk)).content.decode()
    assert "Kolik hodin týdně pečujete?" in preview
    assert "disabled" in preview
    response = client.post(staff("survey_transition", pk=survey.pk), {"action": "publish"})
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN
    page = client.get(staff("survey_detail", pk=survey.pk)).content.decode()
    assert str(survey.public_id) in page  # the public address is shown
    assert "Přidat otázku" not in page  # no more questions once published
    client.post(staff("survey_transition", pk=survey.pk), {"action": "close"})
    survey.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED
    client.post(staff("survey_transition", pk=survey.pk), {"action": "reopen"})
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN


def test_question_form_errors(client, coordinator, survey):
    client.force_login(coordinator)
    response = client.post(
        staff("question_add", pk=survey.pk),
        {"text": "Jen jedna možnost", "kind": "single", "choices": "Ano"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "alespoň dvě" in page
    assert 'aria-describedby="id_choices_helptext id_choices_error"' in page
    response = client.post(
        staff("question_add", pk=survey.pk),
        {"text": "Škála", "kind": "scale", "scale_min": "5", "scale_max": "3"},
    )
    assert 'id="id_scale_max_error"' in response.content.decode()
    assert survey.questions.count() == 4


def test_illegal_transition_and_empty_survey_show_messages(client, coordinator, pilot_area):
    empty = survey_create(actor=coordinator, area=pilot_area, title="Prázdný")
    client.force_login(coordinator)
    page = client.post(
        staff("survey_transition", pk=empty.pk), {"action": "publish"}, follow=True
    ).content.decode()
    assert "bez otázek" in page
    page = client.post(
        staff("survey_transition", pk=empty.pk), {"action": "close"}, follow=True
    ).content.decode()
    assert "notice--error" in page
    empty.refresh_from_db()
    assert empty.status == Survey.Status.DRAFT
    assert client.get(staff("survey_transition", pk=empty.pk)).status_code == 405


def test_results_page_counts_means_texts_and_municipalities(
    client, coordinator, open_survey, age_band
):
    _answer(
        open_survey,
        care="Ano",
        services=["Osobní asistence"],
        scale=2,
        text="Odlehčovací služba",
        municipality_code=KELC,
        age_band_id=age_band.pk,
    )
    _answer(
        open_survey,
        care="Ano",
        services=["Osobní asistence", "Denní stacionář"],
        scale=5,
        text="Doprava k lékaři",
        municipality_code=KELC,
    )
    _answer(open_survey, care="Ne", services=[], scale=4, text="")
    client.force_login(coordinator)
    response = client.get(staff("survey_results", pk=open_survey.pk))
    page = response.content.decode()
    assert "3 odpovědi" in page
    rows = response.context["rows"]
    assert [c["count"] for c in rows[0]["counts"]] == [2, 1]
    assert rows[0]["counts"][0]["width"] == pytest.approx(200 * 2 / 3, abs=0.1)
    assert rows[2]["result"].mean == pytest.approx(11 / 3)
    assert "3,67" in page
    assert "Odlehčovací služba" in page
    assert "Doprava k lékaři" in page
    assert "Kelč" in page
    assert "neuvedeno" in page
    assert 'aria-hidden="true"' in page  # bars are decoration next to the numbers


def test_exports_are_attachments_with_the_answers(client, coordinator, open_survey):
    _answer(
        open_survey,
        care="Ano",
        services=["Osobní asistence"],
        scale=3,
        text="=HYPERLINK()",
        municipality_code=KELC,
    )
    client.force_login(coordinator)
    response = client.get(staff("survey_export", pk=open_survey.pk, fmt="xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="pruzkum-potreby-senioru-2026.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][2:5] == ("Obec", "Věková skupina", "Pečujete o blízkého?")
    assert values[1][2] == "Kelč"
    assert values[1][4] == "Ano"
    assert values[1][6] == 3
    assert values[1][7] == "'=HYPERLINK()"

    response = client.get(staff("survey_export", pk=open_survey.pk, fmt="csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].endswith('filename="pruzkum-potreby-senioru-2026.csv"')
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[1][2] == "Kelč"
    assert rows[1][5] == "Osobní asistence"
    assert client.get(staff("survey_export", pk=open_survey.pk, fmt="pdf")).status_code == 404


# Public pages ---------------------------------------------------------------------------


def public(name: str, slug: str = "valmez", **kwargs: Any) -> str:
    return reverse(f"needs_public:{name}", kwargs={"slug": slug, **kwargs})


def test_public_needs_show_only_published_ones(client, need, hidden_need, coordinator):
    page = client.get(public("needs")).content.decode()
    assert need.title in page
    assert "Kelč" in page
    assert "senioři" in page
    assert hidden_need.title not in page
    client.force_login(coordinator)  # members see the public page as the public does
    assert hidden_need.title not in client.get(public("needs")).content.decode()


def test_public_pages_of_an_unpublished_area_are_404(client, other_area):
    assert client.get(public("needs", slug="roznovsko")).status_code == 404


def test_drafts_are_404_and_closed_surveys_polite(client, coordinator, survey):
    url = public("survey", public_id=survey.public_id)
    assert client.get(url).status_code == 404
    survey_transition(actor=coordinator, survey=survey, action="publish")
    assert client.get(url).status_code == 200
    assert client.get(public("survey", slug="jinde", public_id=survey.public_id)).status_code == 404
    survey_transition(actor=coordinator, survey=survey, action="close")
    response = client.get(url)
    assert response.status_code == 200
    assert "již skončil" in response.content.decode()
    assert client.post(url, {}).status_code == 200
    assert not Response.objects.exists()


def test_public_questionnaire_is_accessible_markup(client, open_survey, age_band):
    page = client.get(public("survey", public_id=open_survey.public_id)).content.decode()
    text_q = _questions(open_survey)[-1]
    assert page.count("<fieldset") == 4  # single, multiple, scale, "about you"
    assert (
        '<legend>Pečujete o blízkého? <span class="required-mark">(povinné)</span></legend>' in page
    )
    assert f'<label for="id_q{text_q.pk}">' in page
    assert "nesbíráme" in page or "neptáme" in page  # the note on personal data
    assert "Kelč" in page
    assert "senioři (65–80 let)" in page


def test_public_questionnaire_errors_keep_answers(client, open_survey):
    single, _multiple, scale_q, text_q = _questions(open_survey)
    url = public("survey", public_id=open_survey.public_id)
    response = client.post(url, {f"q{scale_q.pk}": "4", f"q{text_q.pk}": "Více terénní péče"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="error-summary"' in page
    assert f'href="#id_q{single.pk}_0"' in page
    assert f'aria-describedby="id_q{single.pk}_error"' in page  # on the fieldset
    assert "Více terénní péče" in page
    assert f'value="4" id="id_q{scale_q.pk}_3" checked' in page or (
        f'id="id_q{scale_q.pk}_3" checked' in page
    )
    assert not Response.objects.exists()


def test_public_questionnaire_records_an_anonymous_response(client, open_survey, age_band):
    single, multiple, scale_q, text_q = _questions(open_survey)
    yes = single.choices.get(text="Ano")
    chosen = list(multiple.choices.values_list("pk", flat=True)[:2])
    url = public("survey", public_id=open_survey.public_id)
    response = client.post(
        url,
        {
            f"q{single.pk}": str(yes.pk),
            f"q{multiple.pk}": [str(c) for c in chosen],
            f"q{scale_q.pk}": "5",
            f"q{text_q.pk}": "Denní stacionář blíž domovu",
            "municipality": KELC,
            "age_band": str(age_band.pk),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == public("survey_thanks", public_id=open_survey.public_id)
    saved = Response.objects.get()
    assert saved.municipality.code == KELC
    assert saved.age_band == age_band
    answers = {a.question_id: a for a in saved.answers.all()}
    assert sorted(c.pk for c in answers[multiple.pk].choices.all()) == sorted(chosen)
    assert answers[scale_q.pk].scale_value == 5
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Děkujeme" in thanks.content.decode()


def test_public_questionnaire_rejects_a_municipality_from_elsewhere(client, open_survey):
    single = _questions(open_survey)[0]
    url = public("survey", public_id=open_survey.public_id)
    response = client.post(
        url, {f"q{single.pk}": str(single.choices.first().pk), "municipality": "500011"}
    )
    assert response.status_code == 200
    assert 'id="id_municipality_error"' in response.content.decode()
    assert not Response.objects.exists()


def test_results_of_a_survey_without_responses(client, coordinator, survey):
    client.force_login(coordinator)
    response = client.get(staff("survey_results", pk=survey.pk))
    assert response.status_code == 200
    assert "0 odpovědí" in response.content.decode()


def test_public_questionnaire_in_english(client, open_survey):
    url = public("survey", public_id=open_survey.public_id)
    client.cookies["django_language"] = "en"
    page = client.get(url).content.decode()
    assert "Send the answers" in page
    assert "(required)" in page


@pytest.mark.urls("config.urls")
def test_admin_pages_of_needs_models_render(client, admin, need, open_survey):
    from kpss.needs.models import AnalysisRun, Choice, NormSet

    _answer(open_survey, care="Ano", services=[], scale=3, text="")
    client.force_login(admin)
    for model in (Need, SwotItem, NormSet, AnalysisRun, Survey, Question, Response):
        name = f"admin:needs_{model._meta.model_name}_changelist"
        assert client.get(reverse(name)).status_code == 200, name
    for obj in (need, open_survey, Response.objects.get(), Choice.objects.first().question):
        name = f"admin:needs_{obj._meta.model_name}_change"
        assert client.get(reverse(name, args=[obj.pk])).status_code == 200, name
    assert client.get(reverse("admin:needs_need_add")).status_code == 200


def test_area_perm_tag_tells_the_menu_what_to_show(rf, coordinator, provider_user, pilot_area):
    from django.template import Context, Template

    source = (
        '{% load needs %}{% area_perm "needs.manage_survey" area as can %}'
        "{% if can %}yes{% else %}no{% endif %}"
    )
    for user, expected in [(coordinator, "yes"), (provider_user, "no")]:
        request = rf.get("/")
        request.user = user
        rendered = Template(source).render(Context({"request": request, "area": pilot_area}))
        assert rendered == expected
