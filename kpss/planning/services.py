"""Writes to plans: drafting, the state machine, council opinions and approval.

Every write takes an actor, is permitted by a rule (permissions.py), leaves an audit event
and refuses to touch a frozen version. Public comments and their settlement are in
services_consultation.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.base import File
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Max, Model
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kpss.accounts.models import User
from kpss.core.audit import audit_record
from kpss.core.errors import ConcurrentEdit, ValidationFailed
from kpss.core.permissions import require_perm
from kpss.governance.models import Body
from kpss.needs.models import AnalysisRun
from kpss.planning import states
from kpss.planning.errors import CommentsUnsettled, VersionFrozen
from kpss.planning.models import (
    Activity,
    Approval,
    Comment,
    Consultation,
    CouncilOpinion,
    FundingSource,
    Indicator,
    Measure,
    MeasureCost,
    NetworkChange,
    NetworkEntry,
    Plan,
    PlanVersion,
    PlanVersionTransition,
    Priority,
    Section,
)
from kpss.planning.permissions import TRANSITION_PERMS
from kpss.planning.snapshot import plan_version_build_content
from kpss.registry.models import Form, Service, ServiceType
from kpss.territory.models import AreaMembership, Municipality, PlanningArea

S = PlanVersion.State


def _area(version: PlanVersion) -> PlanningArea:
    return version.plan.planning_area


def _require_draft(version: PlanVersion) -> None:
    if version.is_frozen:
        raise VersionFrozen(
            _(
                "Version %(number)s is %(state)s and can no longer be changed; make a new "
                "draft to continue."
            )
            % {"number": version.number, "state": S(version.state).label},
            state=version.state,
        )


def _audit(actor: User, verb: str, obj: Model, version: PlanVersion, **payload: Any) -> None:
    audit_record(actor=actor, verb=verb, obj=obj, area_slug=_area(version).slug, payload=payload)


# Plans and drafts -------------------------------------------------------------------------


def plan_create(
    *,
    actor: User,
    area: PlanningArea,
    title: str,
    period_from_year: int,
    period_to_year: int,
    description: str = "",
    is_example: bool = False,
) -> Plan:
    """A plan with its first draft and an empty section of each kind of the decree."""
    require_perm(actor, "planning.add_plan", area)
    with transaction.atomic():
        plan = Plan(
            planning_area=area,
            title=title,
            description=description,
            period_from_year=period_from_year,
            period_to_year=period_to_year,
            is_example=is_example,
        )
        plan.full_clean()
        plan.save()
        version = PlanVersion.objects.create(plan=plan, number=1, created_by=actor)
        Section.objects.bulk_create(
            Section(plan_version=version, kind=kind, title=capfirst(str(label)), order=order)
            for order, (kind, label) in enumerate(Section.Kind.choices, start=1)
        )
        audit_record(
            actor=actor,
            verb="plan.create",
            obj=plan,
            area_slug=area.slug,
            payload={"title": title, "period": [period_from_year, period_to_year]},
        )
    return plan


def plan_version_create_draft(*, actor: User, plan: Plan) -> PlanVersion:
    """A new draft copied from the plan's latest version (sections, priorities, measures with
    everything, the network). There is at most one draft per plan."""
    require_perm(actor, "planning.change_draft", plan.planning_area)
    with transaction.atomic():
        Plan.objects.select_for_update().filter(pk=plan.pk).first()
        if plan.versions.filter(state=S.DRAFT).exists():
            raise ValidationFailed(
                _("This plan already has a draft; continue in it."), code="draft_exists"
            )
        source = plan.versions.order_by("-number").first()
        number = (plan.versions.aggregate(m=Max("number"))["m"] or 0) + 1
        draft = PlanVersion.objects.create(
            plan=plan, number=number, based_on=source, created_by=actor
        )
        if source is not None:
            _copy_content(source, draft)
        audit_record(
            actor=actor,
            verb="plan_version.create_draft",
            obj=draft,
            area_slug=plan.planning_area.slug,
            payload={"number": number, "based_on": source.number if source else None},
        )
    return draft


def _copy_content(source: PlanVersion, draft: PlanVersion) -> None:
    for section in source.sections.all():
        Section.objects.create(
            plan_version=draft,
            kind=section.kind,
            title=section.title,
            body=section.body,
            order=section.order,
        )
    for priority in source.priorities.all():
        new_priority = Priority.objects.create(
            plan_version=draft,
            lineage=priority.lineage,
            code=priority.code,
            title=priority.title,
            description=priority.description,
            order=priority.order,
        )
        for measure in priority.measures.prefetch_related(
            "needs", "target_groups", "service_types", "forms", "municipalities"
        ):
            _copy_measure(measure, draft, new_priority)
    for entry in source.network_entries.all():
        NetworkEntry.objects.create(
            plan_version=draft,
            service_id=entry.service_id,
            form_id=entry.form_id,
            capacity=entry.capacity,
            network_units=entry.network_units,
            planned_changes=entry.planned_changes,
            note=entry.note,
        )


def _copy_measure(measure: Measure, draft: PlanVersion, priority: Priority) -> None:
    copy = Measure.objects.create(
        plan_version=draft,
        priority=priority,
        lineage=measure.lineage,
        code=measure.code,
        title=measure.title,
        description=measure.description,
        reason=measure.reason,
        working_group_id=measure.working_group_id,
        responsible_organisation_id=measure.responsible_organisation_id,
        partners=measure.partners,
        year_from=measure.year_from,
        year_to=measure.year_to,
        order=measure.order,
    )
    copy.needs.set(measure.needs.all())
    copy.target_groups.set(measure.target_groups.all())
    copy.service_types.set(measure.service_types.all())
    copy.forms.set(measure.forms.all())
    copy.municipalities.set(measure.municipalities.all())
    Activity.objects.bulk_create(
        Activity(measure=copy, title=a.title, description=a.description, order=a.order)
        for a in measure.activities.all()
    )
    MeasureCost.objects.bulk_create(
        MeasureCost(measure=copy, year=c.year, source=c.source, amount_czk=c.amount_czk)
        for c in measure.costs.all()
    )
    Indicator.objects.bulk_create(
        Indicator(
            measure=copy,
            name=i.name,
            unit=i.unit,
            baseline=i.baseline,
            target=i.target,
            source=i.source,
            order=i.order,
        )
        for i in measure.indicators.all()
    )
    NetworkChange.objects.bulk_create(
        NetworkChange(
            measure=copy,
            service_type_id=c.service_type_id,
            form_id=c.form_id,
            delta_capacity=c.delta_capacity,
            delta_units=c.delta_units,
            year=c.year,
        )
        for c in measure.network_changes.all()
    )


# Editing the draft -------------------------------------------------------------------------


def _bump(model: type[Section] | type[Measure], pk: int, expected_version: int) -> None:
    bumped = model.objects.filter(pk=pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    if not bumped:
        raise ConcurrentEdit(
            _(
                "Someone else changed this part of the plan in the meantime. Reload it and "
                "apply your changes again."
            ),
            current_version=model.objects.get(pk=pk).version,
        )


class KEEP:
    """Marks an argument the caller did not give, where None has a meaning of its own."""


def section_update(
    *,
    actor: User,
    section: Section,
    expected_version: int,
    title: str | None = None,
    body: str | None = None,
    analysis_run: AnalysisRun | type[KEEP] | None = KEEP,
) -> Section:
    """Change a section's title, text or embedded analysis (`None` removes the analysis)."""
    version = section.plan_version
    require_perm(actor, "planning.change_draft", _area(version))
    _require_draft(version)
    area = _area(version)
    if isinstance(analysis_run, AnalysisRun) and analysis_run.planning_area_id != area.pk:
        raise ValidationFailed(
            _("The analysis belongs to another planning area."),
            code="foreign_analysis",
            field="analysis_run",
        )
    with transaction.atomic():
        _bump(Section, section.pk, expected_version)
        if title is not None:
            section.title = title
        if body is not None:
            section.body = body
        if analysis_run is not KEEP:
            section.analysis_run = analysis_run  # type: ignore[assignment]
        section.version = expected_version + 1
        section.full_clean()
        section.save()
        _audit(actor, "plan_section.update", section, version, kind=section.kind)
    return section


def priority_create(
    *, actor: User, version: PlanVersion, code: str, title: str, description: str = ""
) -> Priority:
    require_perm(actor, "planning.change_draft", _area(version))
    _require_draft(version)
    with transaction.atomic():
        priority = Priority(
            plan_version=version,
            code=code,
            title=title,
            description=description,
            order=version.priorities.count() + 1,
        )
        priority.full_clean()
        priority.save()
        _audit(actor, "plan_priority.create", priority, version, code=code)
    return priority


def priority_update(
    *, actor: User, priority: Priority, code: str, title: str, description: str = ""
) -> Priority:
    version = priority.plan_version
    require_perm(actor, "planning.change_draft", _area(version))
    _require_draft(version)
    with transaction.atomic():
        priority.code = code
        priority.title = title
        priority.description = description
        priority.full_clean()
        priority.save()
        _audit(actor, "plan_priority.update", priority, version, code=code)
    return priority


def priority_delete(*, actor: User, priority: Priority) -> None:
    """Delete an empty priority of a draft; its measures must be deleted or moved first."""
    version = priority.plan_version
    require_perm(actor, "planning.change_draft", _area(version))
    _require_draft(version)
    if priority.measures.exists():
        raise ValidationFailed(
            _("The priority still has measures; delete them or move them to another priority."),
            code="priority_not_empty",
        )
    with transaction.atomic():
        _audit(actor, "plan_priority.delete", priority, version, code=priority.code)
        priority.delete()


MEASURE_FIELDS = {
    "code",
    "title",
    "description",
    "reason",
    "working_group",
    "responsible_organisation",
    "partners",
    "year_from",
    "year_to",
}
MEASURE_RELATIONS = {"needs", "target_groups", "service_types", "forms", "municipalities"}


def _measure_check(measure: Measure, relations: dict[str, Any]) -> None:
    area = _area(measure.plan_version)
    errors: dict[str, str] = {}
    wg = measure.working_group
    if wg is not None and (wg.planning_area_id != area.pk or wg.kind != Body.Kind.WORKING_GROUP):
        errors["working_group"] = _("Choose a working group of this planning area.")
    needs = relations.get("needs")
    if needs is not None and any(n.planning_area_id != area.pk for n in needs):
        errors["needs"] = _("Choose needs from this area's register.")
    municipalities = relations.get("municipalities")
    if municipalities is not None:
        members = set(area.municipalities.values_list("pk", flat=True))
        if any(m.pk not in members for m in municipalities):
            errors["municipalities"] = _("Choose municipalities of the planning area.")
    if errors:
        raise ValidationFailed(
            _("Some fields of the measure need correcting."), code="invalid_measure", errors=errors
        )


def _split(fields: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    unknown = set(fields) - MEASURE_FIELDS - MEASURE_RELATIONS
    if unknown:
        raise ValidationFailed(
            _("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    plain = {k: v for k, v in fields.items() if k in MEASURE_FIELDS}
    relations = {k: list(v) for k, v in fields.items() if k in MEASURE_RELATIONS}
    return plain, relations


def measure_create(
    *, actor: User, priority: Priority, code: str, title: str, **fields: Any
) -> Measure:
    version = priority.plan_version
    require_perm(actor, "planning.change_draft", _area(version))
    _require_draft(version)
    plain, relations = _split(fields)
    with transaction.atomic():
        measure = Measure(
            plan_version=version,
            priority=priority,
            code=code,
            title=title,
            order=Measure.objects.filter(priority=priority).count() + 1,
            **plain,
        )
        _measure_check(measure, relations)
        measure.full_clean()
        measure.save()
        for name, values in relations.items():
            getattr(measure, name).set(values)
        _audit(actor, "plan_measure.create", measure, version, code=code)
    return measure


def measure_update(
    *, actor: User, measure: Measure, expected_version: int, **fields: Any
) -> Measure:
    """Update a draft measure unless someone else saved it since `expected_version`.
    The coordinator may, and so may the lead of the measure's working group."""
    version = measure.plan_version
    require_perm(actor, "planning.change_measure", measure)
    _require_draft(version)
    plain, relations = _split(fields)
    with transaction.atomic():
        _bump(Measure, measure.pk, expected_version)
        changed = sorted(k for k, v in plain.items() if getattr(measure, k) != v)
        for name, value in plain.items():
            setattr(measure, name, value)
        measure.version = expected_version + 1
        _measure_check(measure, relations)
        measure.full_clean()
        measure.save()
        for name, values in relations.items():
            getattr(measure, name).set(values)
        _audit(
            actor,
            "plan_measure.update",
            measure,
            version,
            fields=changed + sorted(relations),
        )
    return measure


def measure_delete(*, actor: User, measure: Measure) -> None:
    version = measure.plan_version
    require_perm(actor, "planning.change_draft", _area(version))
    _require_draft(version)
    with transaction.atomic():
        _audit(actor, "plan_measure.delete", measure, version, code=measure.code)
        measure.delete()


def _measure_part_guard(actor: User, measure: Measure) -> None:
    require_perm(actor, "planning.change_measure", measure)
    _require_draft(measure.plan_version)


def activity_add(*, actor: User, measure: Measure, title: str, description: str = "") -> Activity:
    _measure_part_guard(actor, measure)
    with transaction.atomic():
        activity = Activity(
            measure=measure,
            title=title,
            description=description,
            order=measure.activities.count() + 1,
        )
        activity.full_clean()
        activity.save()
        _audit(actor, "plan_activity.create", activity, measure.plan_version)
    return activity


def measure_part_delete(*, actor: User, part: Activity | Indicator | NetworkChange) -> None:
    """Remove an activity, an indicator or a network change from a draft measure."""
    measure = part.measure
    _measure_part_guard(actor, measure)
    with transaction.atomic():
        _audit(
            actor,
            f"plan_{type(part).__name__.lower()}.delete",
            part,
            measure.plan_version,
            measure=measure.code,
        )
        part.delete()


# The fields an editor may change on each part of a measure.
PART_FIELDS: dict[type[Model], tuple[str, ...]] = {
    Activity: ("title", "description"),
    Indicator: ("name", "unit", "baseline", "target", "source"),
    NetworkChange: ("service_type", "form", "year", "delta_capacity", "delta_units"),
}


def measure_part_update(
    *,
    actor: User,
    part: Activity | Indicator | NetworkChange,
    expected_updated_at: dt.datetime | None = None,
    **fields: Any,
) -> Activity | Indicator | NetworkChange:
    """Change an activity, an indicator or a network change of a draft measure in place.

    `expected_updated_at` is the part's `updated_at` as the editor loaded it: parts carry no
    version number, and their timestamp is enough to see that someone saved in between.
    """
    measure = part.measure
    _measure_part_guard(actor, measure)
    unknown = set(fields) - set(PART_FIELDS[type(part)])
    if unknown:
        raise ValidationFailed(
            _("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))},
            code="unknown_fields",
        )
    with transaction.atomic():
        current = type(part).objects.select_for_update().get(pk=part.pk)
        if expected_updated_at is not None and current.updated_at != expected_updated_at:
            raise ConcurrentEdit(
                _("Someone else changed this item in the meantime; check it and save again.")
            )
        before = {name: str(getattr(current, name)) for name in fields}
        for name, value in fields.items():
            setattr(current, name, value)
        current.full_clean()
        current.save()
        _audit(
            actor,
            f"plan_{type(part).__name__.lower()}.update",
            current,
            measure.plan_version,
            measure=measure.code,
            before=before,
        )
    return current


def measure_cost_set(
    *, actor: User, measure: Measure, year: int, source: str, amount_czk: int
) -> MeasureCost | None:
    """Set the estimate of one year and source; zero removes it."""
    _measure_part_guard(actor, measure)
    if source not in FundingSource.values:
        raise ValidationFailed(_("Unknown funding source."), code="invalid_source", field="source")
    if amount_czk < 0:
        raise ValidationFailed(_("A cost cannot be negative."), code="negative_cost")
    lo, hi = measure.plan_version.plan.period_from_year, measure.plan_version.plan.period_to_year
    if not lo <= year <= hi:
        raise ValidationFailed(
            _("The year must lie within the period of the plan (%(from)s–%(to)s).")
            % {"from": lo, "to": hi},
            code="year_outside_period",
        )
    with transaction.atomic():
        if amount_czk == 0:
            MeasureCost.objects.filter(measure=measure, year=year, source=source).delete()
            cost = None
        else:
            cost, _created = MeasureCost.objects.update_or_create(
                measure=measure, year=year, source=source, defaults={"amount_czk": amount_czk}
            )
        audit_record(
            actor=actor,
            verb="plan_measure.cost_set",
            obj=measure,
            area_slug=_area(measure.plan_version).slug,
            payload={"year": year, "source": source, "amount_czk": amount_czk},
        )
    return cost


def indicator_add(
    *,
    actor: User,
    measure: Measure,
    name: str,
    unit: str,
    baseline: Decimal | None = None,
    target: Decimal | None = None,
    source: str = "",
) -> Indicator:
    _measure_part_guard(actor, measure)
    with transaction.atomic():
        indicator = Indicator(
            measure=measure,
            name=name,
            unit=unit,
            baseline=baseline,
            target=target,
            source=source,
            order=measure.indicators.count() + 1,
        )
        indicator.full_clean()
        indicator.save()
        _audit(actor, "plan_indicator.create", indicator, measure.plan_version)
    return indicator


def network_change_add(
    *,
    actor: User,
    measure: Measure,
    service_type: ServiceType,
    year: int,
    delta_capacity: int = 0,
    delta_units: Decimal = Decimal(0),
    form: Form | None = None,
) -> NetworkChange:
    _measure_part_guard(actor, measure)
    with transaction.atomic():
        change = NetworkChange(
            measure=measure,
            service_type=service_type,
            form=form,
            year=year,
            delta_capacity=delta_capacity,
            delta_units=delta_units,
        )
        change.full_clean()
        change.save()
        _audit(actor, "plan_network_change.create", change, measure.plan_version)
    return change


def _clean_planned_changes(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    cleaned = []
    try:
        for row in rows:
            cleaned.append(
                {
                    "year": int(row["year"]),
                    "delta_capacity": int(row.get("delta_capacity", 0)),
                    "delta_units": str(Decimal(str(row.get("delta_units", 0)))),
                }
            )
    except (KeyError, ValueError, TypeError, ArithmeticError) as error:
        raise ValidationFailed(
            _("Each planned change needs a year and whole numbers."),
            code="invalid_planned_changes",
        ) from error
    return sorted(cleaned, key=lambda r: r["year"])


def network_entry_set(
    *,
    actor: User,
    version: PlanVersion,
    service: Service,
    form: Form | None = None,
    capacity: Decimal | None = None,
    network_units: Decimal | None = None,
    planned_changes: Iterable[dict[str, Any]] = (),
    note: str = "",
) -> NetworkEntry:
    """Include a registered service (in a form) in the plan's network, or update it."""
    require_perm(actor, "planning.change_draft", _area(version))
    _require_draft(version)
    changes = _clean_planned_changes(planned_changes)
    with transaction.atomic():
        entry = NetworkEntry.objects.filter(
            plan_version=version, service=service, form=form
        ).first()
        entry = entry or NetworkEntry(plan_version=version, service=service, form=form)
        entry.capacity = capacity
        entry.network_units = network_units
        entry.planned_changes = changes
        entry.note = note
        entry.full_clean(validate_constraints=False)
        entry.save()
        _audit(actor, "plan_network_entry.set", entry, version, service=service.key)
    return entry


def network_entry_remove(*, actor: User, entry: NetworkEntry) -> None:
    """Take a service (in a form) out of a draft's network."""
    version = entry.plan_version
    require_perm(actor, "planning.change_draft", _area(version))
    _require_draft(version)
    with transaction.atomic():
        _audit(
            actor,
            "plan_network_entry.remove",
            entry,
            version,
            service=entry.service.key,
            form=entry.form.code if entry.form else None,
        )
        entry.delete()


# The state machine -----------------------------------------------------------------------


def _transition(*, actor: User, version: PlanVersion, action: str, note: str = "") -> PlanVersion:
    """Check the rule and the table, freeze on leaving draft, write history and audit.
    Call inside a transaction."""
    require_perm(actor, TRANSITION_PERMS[action], _area(version))
    locked = PlanVersion.objects.select_for_update().get(pk=version.pk)
    new_state = states.plan_version_next_state(current=locked.state, action=action)
    old_state = locked.state
    if old_state == S.DRAFT:
        version.content = plan_version_build_content(version=version)
        version.frozen_at = timezone.now()
    version.state = new_state
    version.save()
    PlanVersionTransition.objects.create(
        plan_version=version,
        action=action,
        from_state=old_state,
        to_state=new_state,
        actor=actor if actor.pk else None,
        note=note,
    )
    _audit(
        actor, f"plan_version.{action}", version, version, **{"from": old_state, "to": new_state}
    )
    return version


def _check_settled(consultation: Consultation) -> None:
    unsettled = consultation.comments.filter(hidden=False, outcome="").count()
    if unsettled:
        raise CommentsUnsettled(
            ngettext(
                "%(count)d comment is not settled yet.",
                "%(count)d comments are not settled yet.",
                unsettled,
            )
            % {"count": unsettled},
            unsettled=unsettled,
        )


def plan_version_publish_for_consultation(
    *,
    actor: User,
    version: PlanVersion,
    starts_on: dt.date,
    ends_on: dt.date,
    hearing_on: dt.date | None = None,
    hearing_time: dt.time | None = None,
    hearing_place: str = "",
) -> Consultation:
    """Freeze the draft and open its public consultation window."""
    require_perm(actor, TRANSITION_PERMS[states.PUBLISH_FOR_CONSULTATION], _area(version))
    with transaction.atomic():
        consultation = Consultation(
            plan_version=version,
            starts_on=starts_on,
            ends_on=ends_on,
            hearing_on=hearing_on,
            hearing_time=hearing_time,
            hearing_place=hearing_place,
        )
        _transition(actor=actor, version=version, action=states.PUBLISH_FOR_CONSULTATION)
        consultation.full_clean()
        consultation.save()
    return consultation


GENERIC_ACTIONS = (states.CLOSE_CONSULTATION, states.SUBMIT_TO_COUNCILS, states.REVISE)


def plan_version_transition(
    *, actor: User, version: PlanVersion, action: str, note: str = ""
) -> PlanVersion:
    """Close the consultation, submit to the councils, or revise (close the settlement and go
    on in a new draft). Publishing and approval have their own services: they need data.
    Leaving the settlement needs every visible comment settled and publishes the table."""
    if action not in GENERIC_ACTIONS:
        raise ValidationFailed(
            _("This action has its own form."), code="unsupported_action", action=action
        )
    require_perm(actor, TRANSITION_PERMS[action], _area(version))
    with transaction.atomic():
        if version.state == S.SETTLEMENT and action != states.CLOSE_CONSULTATION:
            consultation = Consultation.objects.get(plan_version=version)
            _check_settled(consultation)
            _settlement_publish(actor=actor, consultation=consultation)
        elif version.state == S.DRAFT and action == states.SUBMIT_TO_COUNCILS:
            _require_consulted(version)
        _transition(actor=actor, version=version, action=action, note=note)
        if action == states.REVISE and not version.plan.versions.filter(state=S.DRAFT).exists():
            plan_version_create_draft(actor=actor, plan=version.plan)
    return version


def _require_consulted(version: PlanVersion) -> None:
    if not Consultation.objects.filter(
        plan_version__plan=version.plan, settlement_published_at__isnull=False
    ).exists():
        raise ValidationFailed(
            _(
                "The plan has not been through a public consultation with a published "
                "settlement; publish a version for consultation first."
            ),
            code="consultation_required",
        )


def consultation_settlement_publish(*, actor: User, consultation: Consultation) -> Consultation:
    """Publish the settlement table (all visible comments settled) and tell the commenters."""
    require_perm(actor, "planning.settle_comments", _area(consultation.plan_version))
    with transaction.atomic():
        _settlement_publish(actor=actor, consultation=consultation)
    return consultation


def _settlement_publish(*, actor: User, consultation: Consultation) -> None:
    if consultation.plan_version.state in (S.DRAFT, S.IN_CONSULTATION):
        raise ValidationFailed(
            _("The settlement can be published only after the consultation has closed."),
            code="consultation_open",
        )
    if consultation.settlement_is_published:
        return
    _check_settled(consultation)
    consultation.settlement_published_at = timezone.now()
    consultation.save(update_fields=["settlement_published_at", "updated_at"])
    _audit(actor, "consultation.settlement_publish", consultation, consultation.plan_version)
    transaction.on_commit(lambda: _notify_commenters(consultation.pk))


def _notify_commenters(consultation_pk: int) -> None:
    consultation = Consultation.objects.select_related("plan_version__plan").get(pk=consultation_pk)
    version = consultation.plan_version
    comments = consultation.comments.filter(hidden=False, is_example=False).order_by("number")
    by_email: dict[str, list[Comment]] = {}
    for comment in comments:
        by_email.setdefault(comment.email.lower(), []).append(comment)
    with translation.override(settings.LANGUAGE_CODE):
        for email, own in by_email.items():
            lines = [
                _("Comment no. %(number)s: %(outcome)s. %(reason)s")
                % {
                    "number": c.number,
                    "outcome": c.get_outcome_display(),
                    "reason": c.outcome_reason,
                }
                for c in own
            ]
            body = "\n\n".join(
                [
                    _(
                        "Thank you for your comments on %(plan)s (version %(number)s). The "
                        "settlement of all comments has been published."
                    )
                    % {"plan": version.plan.title, "number": version.number},
                    "\n".join(lines),
                ]
            )
            send_mail(
                subject=_("Settlement of comments: %(plan)s") % {"plan": version.plan.title},
                message=body,
                from_email=None,
                recipient_list=[email],
                fail_silently=True,
            )


# Councils and approval --------------------------------------------------------------------


def council_opinion_record(
    *,
    actor: User,
    version: PlanVersion,
    municipality: Municipality,
    decided_on: dt.date,
    result: str,
    resolution_number: str = "",
    note: str = "",
    file: File[Any] | None = None,
    is_example: bool = False,
) -> CouncilOpinion:
    """Record (or correct) the opinion of a member municipality's council on the version."""
    area = _area(version)
    require_perm(actor, "planning.record_council_opinion", (area, municipality))
    if version.state not in (S.SUBMITTED_TO_COUNCILS, S.IN_FORCE):
        raise states.IllegalTransition(
            _("Council opinions are recorded on a version submitted to the councils."),
            state=version.state,
        )
    is_member = (
        AreaMembership.objects.filter(planning_area=area, municipality=municipality)
        .filter(valid_from__lte=decided_on)
        .exclude(valid_to__lt=decided_on)
        .exists()
    )
    if not is_member:
        raise ValidationFailed(
            _("%(municipality)s is not a member of the planning area.")
            % {"municipality": municipality.name},
            code="not_a_member",
            field="municipality",
        )
    with transaction.atomic():
        opinion = CouncilOpinion.objects.filter(
            plan_version=version, municipality=municipality
        ).first() or CouncilOpinion(plan_version=version, municipality=municipality)
        opinion.decided_on = decided_on
        opinion.result = result
        opinion.resolution_number = resolution_number
        opinion.note = note
        opinion.is_example = is_example
        opinion.recorded_by = actor if actor.pk else None
        if file is not None:
            opinion.file = file
        if opinion.pk:
            opinion.version += 1
        opinion.full_clean()
        opinion.save()
        _audit(
            actor,
            "plan_version.council_opinion",
            opinion,
            version,
            municipality=municipality.code,
            result=result,
        )
    return opinion


def plan_version_approve(
    *,
    actor: User,
    version: PlanVersion,
    decided_on: dt.date,
    resolution_number: str = "",
    body: Body | None = None,
    body_name: str = "",
    note: str = "",
) -> Approval:
    """The assembly approved the version: it comes into force and the plan's previous
    version in force is superseded, in one transaction."""
    area = _area(version)
    require_perm(actor, TRANSITION_PERMS[states.APPROVE], area)
    if body is not None and (body.planning_area_id != area.pk or body.kind != Body.Kind.ASSEMBLY):
        raise ValidationFailed(
            _("The approving body must be the assembly of this planning area."),
            code="invalid_body",
            field="body",
        )
    if body is None and not body_name.strip():
        raise ValidationFailed(
            _("Say which body approved the plan."), code="body_required", field="body"
        )
    with transaction.atomic():
        previous = (
            PlanVersion.objects.select_for_update()
            .filter(plan=version.plan, state=S.IN_FORCE)
            .exclude(pk=version.pk)
            .first()
        )
        if previous is not None and version.state == S.SUBMITTED_TO_COUNCILS:
            _transition(actor=actor, version=previous, action=states.SUPERSEDE)
        _transition(actor=actor, version=version, action=states.APPROVE)
        approval = Approval(
            plan_version=version,
            body=body,
            body_name=body.name if body is not None else body_name.strip(),
            resolution_number=resolution_number,
            decided_on=decided_on,
            note=note,
            recorded_by=actor if actor.pk else None,
        )
        approval.full_clean()
        approval.save()
    return approval
