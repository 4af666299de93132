"""Writes to needs, SWOT, norms and surveys. Every write takes an actor, checks a rule and
leaves an audit event."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kpss.accounts.models import User
from kpss.core.audit import audit_record
from kpss.core.errors import ConcurrentEdit, ValidationFailed
from kpss.core.permissions import require_perm
from kpss.needs.models import (
    Answer,
    Choice,
    Need,
    Question,
    Response,
    Survey,
    SwotItem,
)
from kpss.needs.states import survey_next_status
from kpss.registry.models import AgeBand
from kpss.territory.models import Municipality, PlanningArea

NEED_FIELDS = {
    "title",
    "description",
    "target_group",
    "raised_by",
    "raised_by_name",
    "evidence",
    "identified_on",
    "regional_need_number",
    "priority",
    "status",
    "is_public",
}


def need_create(
    *,
    actor: User,
    area: PlanningArea,
    municipalities: list[Municipality] | None = None,
    service_types: list[Any] | None = None,
    **fields: Any,
) -> Need:
    require_perm(actor, "needs.change_need", area)
    unknown = set(fields) - NEED_FIELDS
    if unknown:
        raise ValidationFailed(
            _("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    with transaction.atomic():
        # Lock the area row so two people adding needs at once get different numbers.
        PlanningArea.objects.select_for_update().filter(pk=area.pk).first()
        number = (Need.objects.filter(planning_area=area).aggregate(m=Max("number"))["m"] or 0) + 1
        need = Need(planning_area=area, number=number, **fields)
        need.full_clean()
        need.save()
        need.municipalities.set(municipalities or [])
        need.service_types.set(service_types or [])
        audit_record(
            actor=actor,
            verb="need.create",
            obj=need,
            area_slug=area.slug,
            payload={"number": number, "title": need.title},
        )
    return need


def need_update(
    *,
    actor: User,
    need: Need,
    expected_version: int,
    municipalities: list[Municipality] | None = None,
    service_types: list[Any] | None = None,
    **fields: Any,
) -> Need:
    """Update a need unless someone else saved it since `expected_version` was read."""
    require_perm(actor, "needs.change_need", need.planning_area)
    unknown = set(fields) - NEED_FIELDS
    if unknown:
        raise ValidationFailed(
            _("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    with transaction.atomic():
        bumped = Need.objects.filter(pk=need.pk, version=expected_version).update(
            version=F("version") + 1, updated_at=timezone.now()
        )
        if not bumped:
            raise ConcurrentEdit(
                _(
                    "Someone else changed this need in the meantime. Reload it and apply your "
                    "changes again."
                ),
                current_version=Need.objects.get(pk=need.pk).version,
            )
        changed = {name: value for name, value in fields.items() if getattr(need, name) != value}
        for name, value in fields.items():
            setattr(need, name, value)
        need.version = expected_version + 1
        need.full_clean()
        need.save()
        if municipalities is not None:
            need.municipalities.set(municipalities)
        if service_types is not None:
            need.service_types.set(service_types)
        audit_record(
            actor=actor,
            verb="need.update",
            obj=need,
            area_slug=need.planning_area.slug,
            payload={"fields": sorted(changed)},
        )
    return need


def swot_item_create(
    *,
    actor: User,
    area: PlanningArea,
    kind: str,
    text: str,
    topic: str = "",
    target_group: Any = None,
) -> SwotItem:
    require_perm(actor, "needs.change_swot", area)
    with transaction.atomic():
        order = SwotItem.objects.filter(planning_area=area, topic=topic, kind=kind).count()
        item = SwotItem(
            planning_area=area,
            kind=kind,
            text=text,
            topic=topic,
            target_group=target_group,
            order=order,
        )
        item.full_clean()
        item.save()
        audit_record(actor=actor, verb="swot.create", obj=item, area_slug=area.slug)
    return item


def swot_item_delete(*, actor: User, item: SwotItem) -> None:
    require_perm(actor, "needs.change_swot", item.planning_area)
    with transaction.atomic():
        audit_record(
            actor=actor,
            verb="swot.delete",
            obj=item,
            area_slug=item.planning_area.slug,
            payload={"text": item.text},
        )
        item.delete()


# Surveys -------------------------------------------------------------------------------


def survey_create(*, actor: User, area: PlanningArea, title: str, **fields: Any) -> Survey:
    require_perm(actor, "needs.manage_survey", area)
    with transaction.atomic():
        survey = Survey(planning_area=area, title=title, **fields)
        survey.full_clean()
        survey.save()
        audit_record(actor=actor, verb="survey.create", obj=survey, area_slug=area.slug)
    return survey


def question_add(
    *,
    actor: User,
    survey: Survey,
    kind: str,
    text: str,
    choices: list[str] | None = None,
    required: bool = False,
    help_text: str = "",
    scale_min: int = 1,
    scale_max: int = 5,
) -> Question:
    require_perm(actor, "needs.manage_survey", survey.planning_area)
    if survey.status != Survey.Status.DRAFT:
        raise ValidationFailed(
            _("Questions can only be changed while the survey is a draft."), code="survey_not_draft"
        )
    options = [c.strip() for c in choices or [] if c.strip()]
    if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE) and len(options) < 2:
        raise ValidationFailed(
            _("A choice question needs at least two options."),
            code="too_few_choices",
            field="choices",
        )
    with transaction.atomic():
        question = Question(
            survey=survey,
            kind=kind,
            text=text,
            required=required,
            help_text=help_text,
            scale_min=scale_min,
            scale_max=scale_max,
            order=survey.questions.count() + 1,
        )
        question.full_clean()
        question.save()
        Choice.objects.bulk_create(
            Choice(question=question, text=option, order=index)
            for index, option in enumerate(options, start=1)
        )
        audit_record(
            actor=actor,
            verb="survey.question_add",
            obj=question,
            area_slug=survey.planning_area.slug,
        )
    return question


def survey_transition(*, actor: User, survey: Survey, action: str) -> Survey:
    require_perm(actor, "needs.manage_survey", survey.planning_area)
    new_status = survey_next_status(current=survey.status, action=action)
    if action == "publish" and not survey.questions.exists():
        raise ValidationFailed(
            _("A survey without questions cannot be published."), code="survey_empty"
        )
    with transaction.atomic():
        old = survey.status
        survey.status = new_status
        if action in ("publish", "reopen") and survey.opens_on is None:
            survey.opens_on = timezone.localdate()
        if action == "close":
            today = timezone.localdate()
            if survey.closes_on is None or survey.closes_on > today:
                survey.closes_on = today
        if action == "reopen" and survey.closes_on and survey.closes_on < timezone.localdate():
            survey.closes_on = None
        survey.version += 1
        survey.save()
        audit_record(
            actor=actor,
            verb=f"survey.{action}",
            obj=survey,
            area_slug=survey.planning_area.slug,
            payload={"from": old, "to": new_status},
        )
    return survey


def survey_is_accepting(survey: Survey) -> bool:
    today = timezone.localdate()
    return (
        survey.status == Survey.Status.OPEN
        and survey.planning_area.is_public
        and (survey.opens_on is None or survey.opens_on <= today)
        and (survey.closes_on is None or survey.closes_on >= today)
    )


def response_submit(
    *,
    survey: Survey,
    answers: dict[int, Any],
    municipality_code: str = "",
    age_band_id: int | None = None,
) -> Response:
    """Record an anonymous response. `answers` maps question id to a choice id, a list of
    choice ids, a scale value or text. Validates everything before writing anything."""
    if not survey_is_accepting(survey):
        raise ValidationFailed(_("This survey is not open for answers."), code="survey_closed")
    questions = {q.id: q for q in survey.questions.prefetch_related("choices")}
    errors: dict[str, str] = {}
    cleaned: dict[int, dict[str, Any]] = {}
    for qid, question in questions.items():
        raw: Any = answers.get(qid)
        empty = raw in (None, "", [])
        if empty:
            if question.required:
                errors[f"q{qid}"] = _("This question is required.")
            continue
        valid_choices = {c.id for c in question.choices.all()}
        if question.kind == Question.Kind.SINGLE:
            if int(raw) not in valid_choices:
                errors[f"q{qid}"] = _("Choose one of the options.")
            else:
                cleaned[qid] = {"choices": [int(raw)]}
        elif question.kind == Question.Kind.MULTIPLE:
            chosen = {int(v) for v in (raw if isinstance(raw, list) else [raw])}
            if not chosen <= valid_choices:
                errors[f"q{qid}"] = _("Choose from the options offered.")
            else:
                cleaned[qid] = {"choices": sorted(chosen)}
        elif question.kind == Question.Kind.SCALE:
            value = int(raw)
            if not question.scale_min <= value <= question.scale_max:
                errors[f"q{qid}"] = _("Choose a value from %(low)s to %(high)s.") % {
                    "low": question.scale_min,
                    "high": question.scale_max,
                }
            else:
                cleaned[qid] = {"scale_value": value}
        else:
            cleaned[qid] = {"text": str(raw).strip()[:5000]}
    municipality = None
    if municipality_code:
        municipality = survey.planning_area.municipalities.filter(code=municipality_code).first()
        if municipality is None:
            errors["municipality"] = _("Choose a municipality of the planning area.")
    age_band = AgeBand.objects.filter(pk=age_band_id).first() if age_band_id else None
    if age_band_id and age_band is None:
        errors["age_band"] = _("Choose an age band from the list.")
    if errors:
        raise ValidationFailed(
            _("Some answers need correcting."), code="invalid_answers", errors=errors
        )
    with transaction.atomic():
        response = Response.objects.create(
            survey=survey, municipality=municipality, age_band=age_band
        )
        for qid, values in cleaned.items():
            answer = Answer.objects.create(
                response=response,
                question_id=qid,
                scale_value=values.get("scale_value"),
                text=values.get("text", ""),
            )
            if values.get("choices"):
                answer.choices.set(values["choices"])
        # Answers are anonymous; the audit trail notes that one arrived, not who sent it.
        audit_record(
            actor=None,
            verb="survey.response",
            obj=survey,
            area_slug=survey.planning_area.slug,
            payload={"response": response.pk},
        )
    return response
