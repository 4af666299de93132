"""Writes of monitoring: action plans, progress reports, milestones, indicator values and the
yearly evaluation reports.

Every write takes an actor, is permitted by a rule (permissions.py), runs in a transaction and
leaves an audit event. A published evaluation report never changes.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F, Max, Model, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kpss.accounts.models import User
from kpss.core.audit import audit_record
from kpss.core.errors import ConcurrentEdit, NotFound, ValidationFailed
from kpss.core.permissions import require_perm
from kpss.monitoring import states
from kpss.monitoring.models import (
    ActionItem,
    ActionPlan,
    Evaluation,
    IndicatorValue,
    ItemStatus,
    Milestone,
    ProgressUpdate,
    Publication,
)
from kpss.organisations.models import Organisation
from kpss.planning.models import Indicator, Measure, Plan, PlanVersion, Section
from kpss.planning.services import section_update
from kpss.territory.models import PlanningArea

EVIDENCE_EXTENSIONS = {".pdf", ".doc", ".docx", ".odt", ".xlsx", ".ods", ".jpg", ".jpeg", ".png"}
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


def _area(plan: Plan) -> PlanningArea:
    return plan.planning_area


def _audit(actor: User, verb: str, obj: Model, plan: Plan, **payload: Any) -> None:
    audit_record(actor=actor, verb=verb, obj=obj, area_slug=_area(plan).slug, payload=payload)


def _bump(model: type[Model], pk: int, expected_version: int) -> None:
    bumped = model._default_manager.filter(pk=pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    if not bumped:
        raise ConcurrentEdit(
            _("Someone else changed this record in the meantime. Reload it and try again."),
            current_version=model._default_manager.get(pk=pk).version,  # type: ignore[attr-defined]
        )


def version_in_force(plan: Plan) -> PlanVersion:
    version = plan.versions.filter(state=PlanVersion.State.IN_FORCE).first()
    if version is None:
        raise ValidationFailed(
            _("The plan has no version in force; an action plan follows the approved plan."),
            field="year",
        )
    return version


def _measure_is_scheduled(measure: Measure, year: int) -> bool:
    if measure.year_from is not None and year < measure.year_from:
        return False
    return not (measure.year_to is not None and year > measure.year_to)


# Action plans -----------------------------------------------------------------------------


def action_plan_generate(*, actor: User, plan: Plan, year: int, note: str = "") -> ActionPlan:
    """The action plan of `year` from the version in force: every measure scheduled that
    year with its activities, the measure's responsible organisation and its estimated cost
    for the year. An unfinished item of the previous year's action plan carries its status
    and completion over."""
    area = _area(plan)
    require_perm(actor, "monitoring.manage", area)
    if not plan.period_from_year <= year <= plan.period_to_year:
        raise ValidationFailed(
            _("The year must lie within the plan's period %(start)s–%(end)s.")
            % {"start": plan.period_from_year, "end": plan.period_to_year},
            field="year",
        )
    version = version_in_force(plan)
    if ActionPlan.objects.filter(plan=plan, year=year).exists():
        raise ValidationFailed(
            _("The action plan for %(year)s already exists.") % {"year": year}, field="year"
        )
    previous = {
        (i.measure_lineage, i.title): i
        for i in ActionItem.objects.filter(action_plan__plan=plan, action_plan__year=year - 1)
    }
    measures = (
        Measure.objects.filter(plan_version=version)
        .select_related("priority", "responsible_organisation")
        .prefetch_related("activities")
        .order_by("priority__order", "priority__code", "order", "code")
    )
    with transaction.atomic():
        action_plan = ActionPlan.objects.create(
            plan=plan, plan_version=version, year=year, note=note, created_by=actor
        )
        order = 0
        items: list[ActionItem] = []
        for measure in measures:
            if not _measure_is_scheduled(measure, year):
                continue
            budget = measure.costs.filter(year=year).aggregate(total=Sum("amount_czk"))["total"]
            rows: list[tuple[str, Any, bool]] = [(measure.title, None, False)]
            rows += [(a.title, a, True) for a in measure.activities.all()]
            for title, activity, is_activity in rows:
                order += 1
                item = ActionItem(
                    action_plan=action_plan,
                    measure_lineage=measure.lineage,
                    measure=measure,
                    activity=activity,
                    is_activity=is_activity,
                    code=measure.code,
                    title=title[:300],
                    responsible_organisation=measure.responsible_organisation,
                    budget_czk=0 if is_activity else int(budget or 0),
                    order=order,
                )
                carried = previous.get((measure.lineage, title))
                if carried is not None and carried.status not in states.CLOSED:
                    item.status, item.percent = carried.status, carried.percent
                items.append(item)
        ActionItem.objects.bulk_create(items)
        _audit(actor, "action_plan.generate", action_plan, plan, year=year, version=version.number)
    return action_plan


def action_plan_publish(*, actor: User, action_plan: ActionPlan) -> ActionPlan:
    """Publish the action plan: the public sees it and its progress; updates fall due."""
    plan = action_plan.plan
    require_perm(actor, "monitoring.manage", _area(plan))
    if action_plan.is_published:
        raise states.AlreadyPublished(_("The action plan is already published."))
    today = timezone.localdate()
    with transaction.atomic():
        action_plan.state = Publication.PUBLISHED
        action_plan.published_at = timezone.now()
        action_plan.version += 1
        action_plan.save()
        action_plan.items.filter(next_update_due__isnull=True).update(
            next_update_due=today + dt.timedelta(days=action_plan.update_interval_days)
        )
        _audit(actor, "action_plan.publish", action_plan, plan, year=action_plan.year)
    return action_plan


def action_plan_update(
    *,
    actor: User,
    action_plan: ActionPlan,
    expected_version: int,
    update_interval_days: int,
    note: str = "",
) -> ActionPlan:
    """The coordinator sets how often progress is reported and a note to the action plan."""
    plan = action_plan.plan
    require_perm(actor, "monitoring.manage", _area(plan))
    if not 7 <= update_interval_days <= 366:
        raise ValidationFailed(
            _("Reports are due every 7 to 366 days."), field="update_interval_days"
        )
    with transaction.atomic():
        _bump(ActionPlan, action_plan.pk, expected_version)
        action_plan.update_interval_days = update_interval_days
        action_plan.note = note.strip()
        action_plan.version = expected_version + 1
        action_plan.save()
        _audit(
            actor,
            "action_plan.update",
            action_plan,
            plan,
            update_interval_days=update_interval_days,
        )
    return action_plan


def action_item_update(
    *,
    actor: User,
    item: ActionItem,
    expected_version: int,
    responsible_organisation: Organisation | None,
    budget_czk: int,
    next_update_due: dt.date | None = None,
) -> ActionItem:
    """The coordinator edits who is responsible, the budget for the year and when the next
    progress report is due."""
    plan = item.action_plan.plan
    require_perm(actor, "monitoring.manage", _area(plan))
    if budget_czk < 0:
        raise ValidationFailed(_("The budget cannot be negative."), field="budget_czk")
    with transaction.atomic():
        _bump(ActionItem, item.pk, expected_version)
        item.responsible_organisation = responsible_organisation
        item.budget_czk = budget_czk
        if next_update_due is not None and next_update_due != item.next_update_due:
            item.next_update_due = next_update_due
            item.reminded_for = None
        item.version = expected_version + 1
        item.save()
        _audit(
            actor,
            "action_item.update",
            item,
            plan,
            budget_czk=budget_czk,
            responsible=responsible_organisation.pk if responsible_organisation else None,
        )
    return item


def milestone_add(*, actor: User, item: ActionItem, title: str, due_on: dt.date) -> Milestone:
    plan = item.action_plan.plan
    require_perm(actor, "monitoring.update_progress", item)
    if not title.strip():
        raise ValidationFailed(_("Name the milestone."), field="title")
    with transaction.atomic():
        milestone = Milestone.objects.create(item=item, title=title.strip(), due_on=due_on)
        _audit(actor, "milestone.add", milestone, plan, due_on=str(due_on))
    return milestone


def milestone_reach(*, actor: User, milestone: Milestone, done_on: dt.date) -> Milestone:
    plan = milestone.item.action_plan.plan
    require_perm(actor, "monitoring.update_progress", milestone.item)
    with transaction.atomic():
        milestone.done_on = done_on
        milestone.save(update_fields=["done_on", "updated_at"])
        _audit(actor, "milestone.reach", milestone, plan, done_on=str(done_on))
    return milestone


def _clean_links(links: Iterable[str]) -> list[str]:
    validate = URLValidator(schemes=["http", "https"])
    cleaned = []
    for link in links:
        link = link.strip()
        if not link:
            continue
        try:
            validate(link)
        except DjangoValidationError:
            raise ValidationFailed(
                _("“%(link)s” is not a web address (http:// or https://).") % {"link": link},
                field="evidence_links",
            ) from None
        cleaned.append(link)
    return cleaned


def _check_file(file: UploadedFile | None) -> None:
    if file is None:
        return
    extension = os.path.splitext(file.name or "")[1].lower()
    if extension not in EVIDENCE_EXTENSIONS:
        raise ValidationFailed(
            _("Attach a PDF, office document or picture (%(kinds)s).")
            % {"kinds": ", ".join(sorted(EVIDENCE_EXTENSIONS))},
            field="evidence_file",
        )
    if (file.size or 0) > EVIDENCE_MAX_BYTES:
        raise ValidationFailed(_("The file is larger than 10 MB."), field="evidence_file")


def progress_update_record(
    *,
    actor: User,
    item: ActionItem,
    status: str,
    percent: int,
    reason: str = "",
    spent_czk: int | None = None,
    evidence_links: Iterable[str] = (),
    evidence_file: UploadedFile | None = None,
) -> ProgressUpdate:
    """A progress report on a scheduled measure or activity: its status (by the transition
    table), completion, the reason for a deviation and the evidence. The item takes the
    reported values and its next report falls due after the action plan's interval."""
    action_plan = item.action_plan
    plan = action_plan.plan
    require_perm(actor, "monitoring.update_progress", item)
    if status not in ItemStatus.values:
        raise ValidationFailed(_("Choose a status."), field="status")
    states.item_status_check(current=item.status, new=status)
    errors: dict[str, str] = {}
    if not 0 <= percent <= 100:
        errors["percent"] = _("The completion is a percentage from 0 to 100.")
    if status == ItemStatus.DONE:
        percent = 100
    if states.needs_reason(current=item.status, new=status) and not reason.strip():
        errors["reason"] = _("Say why the status is “%(status)s”.") % {
            "status": ItemStatus(status).label
        }
    if spent_czk is not None and spent_czk < 0:
        errors["spent_czk"] = _("The amount cannot be negative.")
    if errors:
        raise ValidationFailed(_("The progress report is not complete."), errors=errors)
    links = _clean_links(evidence_links)
    _check_file(evidence_file)
    today = timezone.localdate()
    with transaction.atomic():
        update = ProgressUpdate(
            item=item,
            status=status,
            percent=percent,
            reason=reason.strip(),
            spent_czk=item.spent_czk if spent_czk is None else spent_czk,
            evidence_links=links,
            author=actor,
        )
        if evidence_file is not None:
            update.evidence_file = evidence_file  # type: ignore[assignment]
        update.save()
        item.status = status
        item.percent = percent
        item.reason = update.reason
        item.spent_czk = update.spent_czk
        item.next_update_due = (
            None
            if status in states.CLOSED
            else today + dt.timedelta(days=action_plan.update_interval_days)
        )
        item.reminded_for = None
        item.version = F("version") + 1
        item.save()
        item.refresh_from_db(fields=["version"])
        _audit(
            actor,
            "progress.update",
            item,
            plan,
            status=status,
            percent=percent,
            links=len(links),
            file=bool(evidence_file),
        )
    return update


# Indicator values ---------------------------------------------------------------------------


def _check_indicator(plan: Plan, indicator: Indicator) -> None:
    if indicator.measure.plan_version.plan_id != plan.pk:
        raise NotFound(_("Indicator not found."), indicator_id=indicator.pk)


def _check_year(plan: Plan, year: int) -> None:
    # The baseline year may precede the plan; a value after its end makes no sense.
    if not plan.period_from_year - 1 <= year <= plan.period_to_year:
        raise ValidationFailed(
            _("The year must lie within the plan's period %(start)s–%(end)s.")
            % {"start": plan.period_from_year, "end": plan.period_to_year},
            field="year",
        )


def _store_value(
    plan: Plan, indicator: Indicator, year: int, value: Decimal, source: str, note: str
) -> IndicatorValue:
    obj, _created = IndicatorValue.objects.update_or_create(
        plan=plan,
        measure_lineage=indicator.measure.lineage,
        indicator_name=indicator.name,
        year=year,
        defaults={"indicator": indicator, "value": value, "source": source, "note": note[:300]},
    )
    return obj


def indicator_value_set(
    *,
    actor: User,
    plan: Plan,
    indicator: Indicator,
    year: int,
    value: Decimal,
    note: str = "",
    source: str = IndicatorValue.Source.ENTERED,
) -> IndicatorValue:
    """The actual value of an indicator in a year (a second entry replaces the first)."""
    require_perm(actor, "monitoring.manage", _area(plan))
    _check_indicator(plan, indicator)
    _check_year(plan, year)
    with transaction.atomic():
        obj = _store_value(plan, indicator, year, value, source, note)
        _audit(actor, "indicator_value.set", obj, plan, year=year, value=str(value), source=source)
    return obj


def indicator_values_store(
    *,
    actor: User,
    plan: Plan,
    rows: list[tuple[Indicator, int, Decimal, str]],
    file_name: str,
) -> int:
    """Store already validated imported rows (indicator, year, value, note) in one go."""
    require_perm(actor, "monitoring.manage", _area(plan))
    with transaction.atomic():
        for indicator, year, value, note in rows:
            _check_indicator(plan, indicator)
            _store_value(plan, indicator, year, value, IndicatorValue.Source.IMPORTED, note)
        audit_record(
            actor=actor,
            verb="indicator_value.import",
            obj=plan,
            area_slug=_area(plan).slug,
            payload={"file": file_name, "rows": len(rows)},
        )
    return len(rows)


def parse_decimal(text: Any) -> Decimal:
    """A number as written in Czech or English: decimal comma, spaces as thousands."""
    if isinstance(text, (int, float, Decimal)) and not isinstance(text, bool):
        return Decimal(str(text))
    cleaned = str(text or "").replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value


# Evaluation reports -------------------------------------------------------------------------


def evaluation_create(*, actor: User, plan: Plan, year: int) -> Evaluation:
    """A draft evaluation report for a year; a new version of a published one starts from
    its commentary."""
    require_perm(actor, "monitoring.manage", _area(plan))
    _check_year(plan, year)
    if Evaluation.objects.filter(plan=plan, year=year, state=Publication.DRAFT).exists():
        raise ValidationFailed(
            _("A draft evaluation for %(year)s already exists.") % {"year": year}, field="year"
        )
    last = Evaluation.objects.filter(plan=plan, year=year).order_by("-number").first()
    with transaction.atomic():
        evaluation = Evaluation.objects.create(
            plan=plan,
            year=year,
            number=(
                Evaluation.objects.filter(plan=plan, year=year).aggregate(n=Max("number"))["n"] or 0
            )
            + 1,
            commentary=dict(last.commentary) if last else {},
            summary=last.summary if last else "",
        )
        _audit(actor, "evaluation.create", evaluation, plan, year=year, number=evaluation.number)
    return evaluation


def _require_draft(evaluation: Evaluation) -> None:
    if evaluation.is_published:
        raise states.AlreadyPublished(
            _("A published evaluation cannot be changed; make a new version.")
        )


def evaluation_section_update(
    *, actor: User, evaluation: Evaluation, expected_version: int, section: str, text: str
) -> Evaluation:
    """The commentary of one section (`summary` is the report's summary)."""
    plan = evaluation.plan
    require_perm(actor, "monitoring.manage", _area(plan))
    _require_draft(evaluation)
    if not section or len(section) > 60:
        raise ValidationFailed(_("Unknown section."), field="section")
    with transaction.atomic():
        _bump(Evaluation, evaluation.pk, expected_version)
        evaluation.refresh_from_db()
        if section == "summary":
            evaluation.summary = text.strip()
        else:
            commentary = dict(evaluation.commentary)
            commentary[section] = text.strip()
            evaluation.commentary = commentary
        evaluation.save()
        _audit(actor, "evaluation.comment", evaluation, plan, section=section)
    return evaluation


def evaluation_publish(*, actor: User, evaluation: Evaluation) -> Evaluation:
    """Freeze the data and the commentary: from now on the report never changes."""
    from kpss.monitoring.report import evaluation_data

    plan = evaluation.plan
    require_perm(actor, "monitoring.manage", _area(plan))
    _require_draft(evaluation)
    with transaction.atomic():
        evaluation.content = evaluation_data(plan=plan, year=evaluation.year)
        evaluation.state = Publication.PUBLISHED
        evaluation.published_at = timezone.now()
        evaluation.published_by = actor
        evaluation.version += 1
        evaluation.save()
        _audit(
            actor,
            "evaluation.publish",
            evaluation,
            plan,
            year=evaluation.year,
            number=evaluation.number,
        )
    return evaluation


def evaluation_feed_next_plan(
    *, actor: User, evaluation: Evaluation, draft: PlanVersion
) -> Section:
    """Append the summaries and key figures of the plan's published evaluations (every
    year, newest version) to the "evaluation of the previous plan" section of another
    plan's draft, through the planning service (its rules apply)."""
    if not evaluation.is_published:
        raise ValidationFailed(_("Only a published evaluation can feed a new plan."))
    section = draft.sections.filter(kind=Section.Kind.EVALUATION).first()
    if section is None:
        raise NotFound(_("The draft has no section for the evaluation of the previous plan."))
    from kpss.monitoring.selectors import plan_evaluation_summary

    text = plan_evaluation_summary(plan=evaluation.plan)
    body = f"{section.body.rstrip()}\n\n{text}".strip() if section.body.strip() else text
    return section_update(actor=actor, section=section, expected_version=section.version, body=body)


# Computed indicators ------------------------------------------------------------------------

COMPUTE_METHODS = ("registry_capacity", "registry_units", "accessibility_index")


def registry_capacity(*, measure: Measure, year: int, units: bool = False) -> Decimal:
    """The capacity (or network units) in the registry of the area's services of the
    measure's service types (and forms, if the measure names any) at the end of `year`, or
    today for the current year."""
    from kpss.registry.models import Capacity, ServiceForm
    from kpss.registry.selectors import service_list

    on = min(dt.date(year, 12, 31), timezone.localdate())
    area = measure.plan_version.plan.planning_area
    services = service_list(area=area, on=on).filter(service_type__in=measure.service_types.all())
    forms = list(measure.forms.all())
    service_forms = ServiceForm.objects.filter(service__in=services)
    if forms:
        service_forms = service_forms.filter(form__in=forms)
    if units:
        total = service_forms.aggregate(total=Sum("network_units"))["total"]
    else:
        total = Capacity.objects.filter(service_form__in=service_forms).aggregate(
            total=Sum("value")
        )["total"]
    return Decimal(total or 0)


def accessibility_index(*, measure: Measure) -> Decimal:
    """The population-weighted mean accessibility index of the measure's first service type
    over the area's municipalities (places per 1,000 people of the type's population group
    within reach, from the accessibility analysis as it stands today)."""
    import math

    from kpss.needs.analysis import AccessibilitySettings, accessibility_report
    from kpss.territory.selectors import area_municipality_rows

    service_type = measure.service_types.order_by("order", "key").first()
    if service_type is None:
        raise ValidationFailed(
            _("The measure names no service type to compute the capacity of."), field="method"
        )
    area = measure.plan_version.plan.planning_area
    report = accessibility_report(
        area=area, type_label=service_type.key, settings=AccessibilitySettings()
    )
    people: dict[str, float] = {}
    for municipality_row in area_municipality_rows(area=area):
        fact = municipality_row.population
        group = report.population_group
        value = (
            None
            if fact is None
            else (fact.total if group == "total" else getattr(fact, group, None))
        )
        people[municipality_row.municipality.code] = float(value or 0)
    weighted = total = 0.0
    for row in report.rows:
        index, weight = row["value"], people.get(row["code"], 0.0)
        if weight <= 0 or index is None or math.isinf(index):
            continue
        weighted += (0.0 if math.isnan(index) else index) * weight
        total += weight
    if total <= 0:
        raise ValidationFailed(
            _("The accessibility analysis has no population to weigh by."), field="method"
        )
    return Decimal(str(round(weighted / total, 2)))


def indicator_value_compute(
    *, actor: User, plan: Plan, indicator: Indicator, year: int, method: str
) -> IndicatorValue:
    """Compute an indicator's value from the registry (capacity or network units of the
    measure's service types) and store it with source "computed"."""
    if method not in COMPUTE_METHODS:
        raise ValidationFailed(_("Unknown way of computing."), field="method")
    require_perm(actor, "monitoring.manage", _area(plan))
    _check_indicator(plan, indicator)
    _check_year(plan, year)
    if not indicator.measure.service_types.exists():
        raise ValidationFailed(
            _("The measure names no service type to compute the capacity of."), field="method"
        )
    if method == "accessibility_index":
        value = accessibility_index(measure=indicator.measure)
        note = _("Accessibility index (places per 1,000 people of the group within reach)")
    else:
        value = registry_capacity(
            measure=indicator.measure, year=year, units=method == "registry_units"
        )
        note = (
            _("Network units in the registry")
            if method == "registry_units"
            else _("Capacity in the registry")
        )
    return indicator_value_set(
        actor=actor,
        plan=plan,
        indicator=indicator,
        year=year,
        value=value,
        note=note,
        source=IndicatorValue.Source.COMPUTED,
    )
