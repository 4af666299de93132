"""Writes of financing. Every function checks its rule, runs in a transaction and records an
audit event. The arithmetic is in kpss_analysis.financing (contributions, the allocation rule,
compensation)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import F, Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kpss.accounts.models import User
from kpss.core.audit import audit_record
from kpss.core.errors import ConcurrentEdit, ValidationFailed
from kpss.core.permissions import require_perm
from kpss.financing import states
from kpss.financing.imports import (
    BudgetImportReport,
    BudgetRow,
    budget_differs,
    budget_rows_validate,
)
from kpss.financing.models import (
    ApplicationUsers,
    AssessorConflict,
    Assignment,
    BudgetUsers,
    Criterion,
    GrantApplication,
    Programme,
    ProgrammeMunicipality,
    Score,
    ServiceBudget,
    UsualCost,
)
from kpss.financing.permissions import provider_icos
from kpss.organisations.models import Organisation
from kpss.planning.models import Measure
from kpss.registry.models import Form, Provider, Service, ServiceType
from kpss.territory.models import Municipality, PlanningArea, PopulationFact
from kpss_analysis.financing import (
    ApplicationClaim,
    ContributionError,
    ContributionFormula,
    MunicipalityBase,
    compensation_limit,
    contributions,
    proposed_amounts,
)

S = Programme.State
A = GrantApplication.State

FORMULA_FIELDS = (
    "fixed_czk",
    "per_inhabitant",
    "age_group",
    "per_age_group_inhabitant",
    "per_user",
    "target_total",
)


def _audit(actor: User, verb: str, obj: Any, area: PlanningArea, **payload: Any) -> None:
    audit_record(
        actor=actor,
        verb=verb,
        obj=obj,
        area_slug=area.slug,
        payload={
            k: (str(v) if isinstance(v, Decimal | dt.date) else v) for k, v in payload.items()
        },
    )


def _bump(model: Any, pk: int, expected_version: int | None) -> None:
    if expected_version is None:
        model.objects.filter(pk=pk).update(version=F("version") + 1)
        return
    if not model.objects.filter(pk=pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now()
    ):
        raise ConcurrentEdit(
            _("Someone else changed this record in the meantime. Reload it and try again.")
        )


# --- Usual costs and budgets -----------------------------------------------------------------


def usual_cost_set(
    *,
    actor: User,
    area: PlanningArea,
    year: int,
    service_type: ServiceType,
    form: Form,
    unit_kind: str,
    usual_cost_per_unit: int,
    usual_revenue_per_unit: int,
    source: str = "",
    is_illustrative: bool = True,
) -> UsualCost:
    """Set the regional usual cost and revenue per unit of a type and form in a year."""
    require_perm(actor, "financing.manage", area)
    if usual_revenue_per_unit > usual_cost_per_unit:
        raise ValidationFailed(
            _("The usual revenue per unit cannot exceed the usual cost per unit."),
            field="usual_revenue_per_unit",
        )
    with transaction.atomic():
        cost, _created = UsualCost.objects.update_or_create(
            year=year,
            service_type=service_type,
            form=form,
            defaults={
                "unit_kind": unit_kind,
                "usual_cost_per_unit": usual_cost_per_unit,
                "usual_revenue_per_unit": usual_revenue_per_unit,
                "source": source,
                "is_illustrative": is_illustrative,
            },
        )
        _audit(actor, "usual_cost.set", cost, area, cost=usual_cost_per_unit)
    return cost


def service_budget_save(
    *,
    actor: User,
    area: PlanningArea,
    service: Service,
    form: Form,
    year: int,
    kind: str,
    units: Decimal,
    unit_kind: str,
    amounts: Mapping[str, int],
    users: Mapping[Municipality, int] | None = None,
    is_illustrative: bool = False,
    expected_version: int | None = None,
) -> ServiceBudget:
    """Create or replace a service's budget of a year and kind (planned, adjusted, actual):
    costs, revenues by source, units and users by municipality of residence."""
    require_perm(actor, "financing.manage", area)
    allowed = {
        "basic_operation_cost",
        *ServiceBudget.COSTS,
        *ServiceBudget.PUBLIC_REVENUES,
        *ServiceBudget.NON_PUBLIC_REVENUES,
    }
    unknown = set(amounts) - allowed
    if unknown:
        raise ValidationFailed(_("Unknown budget fields."), fields=sorted(unknown))
    if any(v < 0 for v in amounts.values()):
        raise ValidationFailed(_("Amounts must not be negative."))
    with transaction.atomic():
        budget = (
            ServiceBudget.objects.select_for_update()
            .filter(service=service, form=form, year=year, kind=kind)
            .first()
        )
        if budget is None:
            budget = ServiceBudget(
                planning_area=area, service=service, form=form, year=year, kind=kind
            )
        else:
            _bump(ServiceBudget, budget.pk, expected_version)
            budget.refresh_from_db()
        budget.units = units
        budget.unit_kind = unit_kind
        budget.is_illustrative = is_illustrative
        for name, value in amounts.items():
            setattr(budget, name, value)
        budget.save()
        if users is not None:
            budget.users_by_municipality.all().delete()
            BudgetUsers.objects.bulk_create(
                BudgetUsers(budget=budget, municipality=m, users=n)
                for m, n in users.items()
                if n > 0
            )
        _audit(actor, "service_budget.save", budget, area, year=year, kind=kind)
    return budget


def service_budgets_import(
    *,
    actor: User,
    area: PlanningArea,
    file_name: str,
    data: bytes,
    dry_run: bool = False,
) -> BudgetImportReport:
    """Import service budgets from a CSV/XLSX table (see kpss.financing.imports).

    Every row is validated first; nothing is written unless the whole file is valid (the
    report lists file, row, column and reason of every problem). Rows update the budget of the
    same service, form, year and version, so importing the same file again changes nothing.
    Coordinators import any service of the area; provider staff only their own services.
    One audit event records the import with its counts; a dry run writes nothing."""
    require_perm(actor, "financing.import_budgets", area)
    own_icos = None if actor.has_perm("financing.manage", area) else provider_icos(actor, area)
    rows, problems = budget_rows_validate(
        area=area, file_name=file_name, data=data, own_icos=own_icos
    )
    report = BudgetImportReport(file=file_name, dry_run=dry_run, rows=len(rows))
    report.problems = problems
    if problems:
        return report
    for row in rows:
        if row.existing is None:
            report.created += 1
        elif budget_differs(row.existing, row):
            report.updated += 1
        else:
            report.unchanged += 1
    if dry_run:
        return report
    with transaction.atomic():
        for row in rows:
            _budget_row_write(row, area)
        audit_record(
            actor=actor,
            verb="service_budget.import",
            object_type="financing.servicebudget",
            area_slug=area.slug,
            payload={
                "file": file_name,
                "rows": report.rows,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
            },
        )
    return report


def _budget_row_write(row: BudgetRow, area: PlanningArea) -> None:
    """Write one validated row; a budget changed by someone else since the validation is a
    concurrent edit (the whole import is rolled back)."""
    budget = (
        ServiceBudget.objects.select_for_update()
        .filter(service=row.service, form=row.form, year=row.year, kind=row.kind)
        .first()
    )
    if budget is None:
        if row.seen_version is not None:
            raise ConcurrentEdit(
                _("Someone else changed this record in the meantime. Reload it and try again.")
            )
        budget = ServiceBudget(
            planning_area=area,
            service=row.service,
            form=row.form,
            year=row.year,
            kind=row.kind,
        )
    else:
        if budget.version != row.seen_version:
            raise ConcurrentEdit(
                _("Someone else changed this record in the meantime. Reload it and try again.")
            )
        if not budget_differs(budget, row):
            return
        budget.version = F("version") + 1
    budget.units = row.units
    budget.unit_kind = row.unit_kind
    budget.is_illustrative = row.is_illustrative
    for name, value in row.amounts.items():
        setattr(budget, name, value)
    budget.save()
    if row.users is not None:
        for municipality, count in row.users.items():
            if count:
                BudgetUsers.objects.update_or_create(
                    budget=budget, municipality=municipality, defaults={"users": count}
                )
            else:
                BudgetUsers.objects.filter(budget=budget, municipality=municipality).delete()


# --- The programme ---------------------------------------------------------------------------


def programme_create(
    *,
    actor: User,
    area: PlanningArea,
    year: int,
    title: str,
    call_from: dt.date | None = None,
    call_to: dt.date | None = None,
    formula_is_illustrative: bool = False,
    **formula: Any,
) -> Programme:
    require_perm(actor, "financing.manage", area)
    if Programme.objects.filter(planning_area=area, year=year).exists():
        raise ValidationFailed(
            _("The area already has a programme for %(year)s.") % {"year": year}, field="year"
        )
    _check_window(call_from, call_to)
    with transaction.atomic():
        programme = Programme.objects.create(
            planning_area=area,
            year=year,
            title=title,
            call_from=call_from,
            call_to=call_to,
            formula_is_illustrative=formula_is_illustrative,
            **{k: v for k, v in formula.items() if k in FORMULA_FIELDS},
        )
        _audit(actor, "programme.create", programme, area, year=year)
    return programme


def _check_window(call_from: dt.date | None, call_to: dt.date | None) -> None:
    if call_from and call_to and call_to < call_from:
        raise ValidationFailed(_("The call cannot close before it opens."), field="call_to")


def programme_formula_set(
    *, actor: User, programme: Programme, expected_version: int | None = None, **formula: Any
) -> Programme:
    """Change the contribution formula (only in preparation) and compute the contributions."""
    programme.refresh_from_db()
    area = programme.planning_area
    require_perm(actor, "financing.manage", area)
    states.require_state(
        programme,
        S.DRAFT,
        message=_(
            "The formula can change only while the programme is in preparation; it is %(state)s."
        ),
    )
    with transaction.atomic():
        _bump(Programme, programme.pk, expected_version)
        programme.refresh_from_db()
        for name in FORMULA_FIELDS:
            if name in formula:
                setattr(programme, name, formula[name])
        if "formula_is_illustrative" in formula:
            programme.formula_is_illustrative = bool(formula["formula_is_illustrative"])
        programme.save()
        _contributions_compute(programme)
        _audit(
            actor,
            "programme.formula_set",
            programme,
            area,
            **{k: programme.__dict__[k] for k in FORMULA_FIELDS},
        )
    return programme


def _latest_population(municipalities: Iterable[Municipality]) -> dict[int, PopulationFact]:
    facts: dict[int, PopulationFact] = {}
    for fact in PopulationFact.objects.filter(municipality__in=list(municipalities)).order_by(
        "reference_date"
    ):
        facts[fact.municipality_id] = fact
    return facts


def _resident_users(programme: Programme) -> dict[int, int]:
    """Users resident in each municipality: the previous year's service budgets of the area
    (the latest version), else the previous programme's applications."""
    year = programme.year - 1
    rows = BudgetUsers.objects.filter(
        budget__planning_area=programme.planning_area, budget__year=year
    ).values("municipality_id", "budget__service_id", "budget__kind", "users")
    best: dict[tuple[int, int], tuple[int, int]] = {}
    order = {"planned": 0, "adjusted": 1, "actual": 2}
    for row in rows:
        key = (row["municipality_id"], row["budget__service_id"])
        rank = order.get(row["budget__kind"], 0)
        if key not in best or best[key][0] < rank:
            best[key] = (rank, row["users"])
    users: dict[int, int] = {}
    for (municipality_id, _service), (_rank, n) in best.items():
        users[municipality_id] = users.get(municipality_id, 0) + n
    if users:
        return users
    for app_row in (
        ApplicationUsers.objects.filter(
            application__programme__planning_area=programme.planning_area,
            application__programme__year=year,
        )
        .values("municipality_id")
        .annotate(n=Sum("users"))
    ):
        users[app_row["municipality_id"]] = app_row["n"]
    return users


def _contributions_compute(programme: Programme) -> None:
    participants = list(programme.participants.select_related("municipality"))
    facts = _latest_population(p.municipality for p in participants)
    users = _resident_users(programme)
    bases = []
    for p in participants:
        fact = facts.get(p.municipality_id)
        groups = {
            "0_14": (fact.age_0_14 or 0) if fact else 0,
            "15_64": (fact.age_15_64 or 0) if fact else 0,
            "65_plus": (fact.age_65_plus or 0) if fact else 0,
        }
        bases.append(
            MunicipalityBase(
                code=p.municipality.code,
                name=p.municipality.name,
                inhabitants=fact.total if fact else 0,
                age_groups=groups,
                users=users.get(p.municipality_id, 0),
            )
        )
    formula = ContributionFormula(
        fixed_czk=programme.fixed_czk,
        per_inhabitant=programme.per_inhabitant,
        age_group=programme.age_group,
        per_age_group_inhabitant=programme.per_age_group_inhabitant,
        per_user=programme.per_user,
        target_total=programme.target_total,
    )
    try:
        computed = contributions(formula, bases)
    except ContributionError as error:
        raise ValidationFailed(
            _(
                "The contributions cannot be computed: the target total is below the fixed "
                "parts, or the variable part has no rate."
            ),
            field="target_total",
            reason=str(error),
        ) from error
    for p, base, c in zip(participants, bases, computed, strict=True):
        p.inhabitants = base.inhabitants
        p.age_group_inhabitants = base.age_groups[programme.age_group]
        p.users = base.users
        p.contribution_fixed = c.fixed
        p.contribution_variable = c.variable
        p.save()


def programme_participants_set(
    *, actor: User, programme: Programme, municipalities: Iterable[Municipality]
) -> Programme:
    """Set which municipalities take part this year and compute their contributions."""
    programme.refresh_from_db()
    area = programme.planning_area
    require_perm(actor, "financing.manage", area)
    states.require_state(
        programme,
        S.DRAFT,
        message=_(
            "Participants can change only while the programme is in preparation; it is %(state)s."
        ),
    )
    chosen = {m.pk: m for m in municipalities}
    with transaction.atomic():
        programme.participants.exclude(municipality_id__in=chosen).delete()
        existing = set(programme.participants.values_list("municipality_id", flat=True))
        for pk, municipality in chosen.items():
            if pk not in existing:
                ProgrammeMunicipality.objects.create(programme=programme, municipality=municipality)
        _contributions_compute(programme)
        _bump(Programme, programme.pk, None)
        _audit(
            actor,
            "programme.participants_set",
            programme,
            area,
            municipalities=sorted(m.code for m in chosen.values()),
        )
    programme.refresh_from_db()
    return programme


def programme_pot(programme: Programme) -> int:
    """The money to share: the sum of the contributions."""
    return int(sum(p.contribution for p in programme.participants.all()))


def criterion_add(*, actor: User, programme: Programme, name: str, max_points: int) -> Criterion:
    programme.refresh_from_db()
    area = programme.planning_area
    require_perm(actor, "financing.manage", area)
    states.require_state(
        programme,
        S.DRAFT,
        S.CALL_OPEN,
        message=_("Criteria can be added only before the assessment; the programme is %(state)s."),
    )
    if not name.strip() or max_points <= 0:
        raise ValidationFailed(_("Give the criterion a name and a positive maximum."))
    with transaction.atomic():
        order = (programme.criteria.aggregate(m=Max("order"))["m"] or 0) + 1
        criterion = Criterion.objects.create(
            programme=programme, name=name.strip(), max_points=max_points, order=order
        )
        _audit(actor, "criterion.add", criterion, area, name=name, max_points=max_points)
    return criterion


def programme_transition(
    *,
    actor: User,
    programme: Programme,
    action: str,
    resolution_number: str = "",
    approved_on: dt.date | None = None,
) -> Programme:
    area = programme.planning_area
    require_perm(actor, "financing.manage", area)
    target = states.programme_next_state(current=programme.state, action=action)
    with transaction.atomic():
        programme = Programme.objects.select_for_update().get(pk=programme.pk)
        states.programme_next_state(current=programme.state, action=action)
        if action == states.OPEN_CALL and not programme.participants.exists():
            raise ValidationFailed(_("Choose the participating municipalities first."))
        if action == states.START_ASSESSMENT and not programme.criteria.exists():
            raise ValidationFailed(_("Add at least one assessment criterion first."))
        if action == states.APPROVE:
            _approve(programme, resolution_number, approved_on)
        if action == states.CLOSE and programme.applications.filter(state=A.APPROVED).exists():
            raise ValidationFailed(_("Every approved grant must be settled before closing."))
        programme.state = target
        programme.version += 1
        programme.save()
        _audit(
            actor,
            f"programme.{action}",
            programme,
            area,
            state=target,
            resolution_number=resolution_number,
        )
    return programme


def _approve(programme: Programme, resolution_number: str, approved_on: dt.date | None) -> None:
    if not resolution_number.strip() or approved_on is None:
        raise ValidationFailed(
            _("Give the assembly's resolution number and the date of approval."),
            errors={
                **({"resolution_number": _("Required.")} if not resolution_number.strip() else {}),
                **({"approved_on": _("Required.")} if approved_on is None else {}),
            },
        )
    applications = list(programme.applications.filter(state=A.SUBMITTED))
    if any(a.final_amount is None for a in applications):
        raise ValidationFailed(_("Compute the proposed amounts before the approval."))
    total = sum(a.final_amount or 0 for a in applications)
    pot = programme_pot(programme)
    if total > pot:
        raise ValidationFailed(
            _("The amounts (%(total)s CZK) exceed the programme's pot (%(pot)s CZK).")
            % {"total": total, "pot": pot}
        )
    for application in applications:
        amount = application.final_amount or 0
        application.approved_amount = amount
        application.state = A.APPROVED if amount > 0 else A.REJECTED
        application.save()
    programme.resolution_number = resolution_number.strip()
    programme.approved_on = approved_on


# --- Applications ----------------------------------------------------------------------------


def _usual_cost(year: int, service: Service, form: Form | None) -> UsualCost | None:
    if form is None:
        return None
    return UsualCost.objects.filter(
        year=year, service_type_id=service.service_type_id, form=form
    ).first()


def application_compensation_limit(application: GrantApplication) -> int:
    """The most the programme may give: (usual cost − usual revenue) × units where the usual
    cost is known, and never more than the justified net cost less other public money."""
    headroom = max(0, application.justified_net_cost - application.other_public_funding)
    usual = _usual_cost(application.programme.year, application.service, application.form)
    if usual is None:
        return headroom
    limit = compensation_limit(
        usual.usual_cost_per_unit, usual.usual_revenue_per_unit, application.units
    )
    return min(limit, headroom)


def application_submit(
    *,
    actor: User,
    programme: Programme,
    service: Service,
    form: Form | None,
    requested_amount: int,
    units: Decimal,
    unit_kind: str,
    total_cost: int,
    non_public_revenue: int,
    other_public_funding: int = 0,
    purpose: str = "",
    users: Mapping[Municipality, int] | None = None,
    measures: Iterable[Measure] = (),
    is_illustrative: bool = False,
) -> GrantApplication:
    """A provider applies for its own service while the call is open; the coordinator may
    enter a paper application for any provider."""
    programme.refresh_from_db()
    area = programme.planning_area
    manages = actor.has_perm("financing.manage", area)
    if not manages:
        require_perm(actor, "financing.apply", area)
        if service.provider.ico not in provider_icos(actor, area):
            raise ValidationFailed(
                _("You can apply only for your own organisation's services."), field="service"
            )
    states.require_state(
        programme,
        S.CALL_OPEN,
        message=_(
            "Applications are accepted only while the call is open; the programme is %(state)s."
        ),
    )
    errors = {}
    if requested_amount <= 0:
        errors["requested_amount"] = _("Request a positive amount.")
    if units <= 0:
        errors["units"] = _("Give the units (FTE or beds) the grant is for.")
    if requested_amount > max(0, total_cost - non_public_revenue):
        errors["requested_amount"] = _(
            "The request exceeds the justified net cost (costs − non-public revenues)."
        )
    if errors:
        raise ValidationFailed(_("The application has errors."), errors=errors)
    organisation = (
        Organisation.objects.filter(ico=service.provider.ico).first()
        if service.provider.ico
        else None
    )
    with transaction.atomic():
        number = (programme.applications.aggregate(m=Max("number"))["m"] or 0) + 1
        application = GrantApplication.objects.create(
            programme=programme,
            number=number,
            organisation=organisation,
            provider=service.provider,
            service=service,
            form=form,
            requested_amount=requested_amount,
            units=units,
            unit_kind=unit_kind,
            total_cost=total_cost,
            non_public_revenue=non_public_revenue,
            other_public_funding=other_public_funding,
            purpose=purpose,
            is_illustrative=is_illustrative,
        )
        application.compensation_limit = application_compensation_limit(application)
        application.save(update_fields=["compensation_limit"])
        if users:
            ApplicationUsers.objects.bulk_create(
                ApplicationUsers(application=application, municipality=m, users=n)
                for m, n in users.items()
                if n > 0
            )
        application.measures.set(list(measures))
        _audit(actor, "grant_application.submit", application, area, requested=requested_amount)
    return application


def conflict_declare(
    *, actor: User, programme: Programme, assessor: User, provider: Provider, reason: str
) -> AssessorConflict:
    """An assessor declares (or the coordinator records) a conflict of interest with a
    provider: the assessor is taken off that provider's applications."""
    area = programme.planning_area
    if actor.pk != assessor.pk or not actor.has_perm("financing.view_internal", area):
        require_perm(actor, "financing.manage", area)
    if not reason.strip():
        raise ValidationFailed(_("Give the reason of the conflict."), field="reason")
    with transaction.atomic():
        conflict, _created = AssessorConflict.objects.update_or_create(
            programme=programme,
            assessor=assessor,
            provider=provider,
            defaults={"reason": reason.strip()},
        )
        _audit(
            actor, "assessor_conflict.declare", conflict, area, provider=provider.ico, reason=reason
        )
    return conflict


def assessor_assign(*, actor: User, application: GrantApplication, assessor: User) -> Assignment:
    application.programme.refresh_from_db()
    area = application.programme.planning_area
    require_perm(actor, "financing.manage_application", application)
    if application.programme.conflicts.filter(
        assessor=assessor, provider=application.provider
    ).exists():
        raise ValidationFailed(
            _(
                "%(assessor)s declared a conflict of interest with %(provider)s and cannot "
                "assess this application."
            )
            % {
                "assessor": assessor.get_full_name() or assessor.username,
                "provider": application.provider.name,
            },
            field="assessor",
            code="conflict_of_interest",
        )
    with transaction.atomic():
        assignment, _created = Assignment.objects.get_or_create(
            application=application, assessor=assessor
        )
        _audit(actor, "assignment.create", assignment, area, assessor=assessor.username)
    return assignment


class ConflictOfInterest(ValidationFailed):
    code = "conflict_of_interest"
    status = 403


def application_score(
    *, actor: User, application: GrantApplication, points: Mapping[int, int]
) -> Assignment:
    """The assigned assessor's points per criterion (criterion id → points)."""
    application.programme.refresh_from_db()
    area = application.programme.planning_area
    if (
        actor.has_perm("financing.view_internal", area)
        and application.programme.conflicts.filter(
            assessor=actor, provider=application.provider
        ).exists()
    ):
        raise ConflictOfInterest(
            _(
                "You declared a conflict of interest with %(provider)s: you cannot assess this "
                "application."
            )
            % {"provider": application.provider.name}
        )
    require_perm(actor, "financing.score_application", application)
    states.require_state(
        application.programme,
        S.ASSESSMENT,
        message=_(
            "Applications are scored only during the assessment; the programme is %(state)s."
        ),
    )
    criteria = {c.pk: c for c in application.programme.criteria.all()}
    errors = {}
    for criterion in criteria.values():
        value = points.get(criterion.pk)
        if value is None:
            errors[f"criterion_{criterion.pk}"] = _("Score every criterion.")
        elif not 0 <= value <= criterion.max_points:
            errors[f"criterion_{criterion.pk}"] = _("Give 0 to %(max)s points.") % {
                "max": criterion.max_points
            }
    if errors:
        raise ValidationFailed(_("The scores have errors."), errors=errors)
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().get(
            application=application, assessor=actor
        )
        for pk, criterion in criteria.items():
            Score.objects.update_or_create(
                assignment=assignment, criterion=criterion, defaults={"points": points[pk]}
            )
        assignment.submitted_at = timezone.now()
        assignment.save()
        _audit(
            actor,
            "grant_application.score",
            application,
            area,
            points={str(k): v for k, v in points.items()},
        )
    return assignment


def application_mean_score(application: GrantApplication) -> float | None:
    """Mean over the assessors who scored of their points as a percentage of the maximum."""
    maximum = sum(c.max_points for c in application.programme.criteria.all())
    if not maximum:
        return None
    totals = []
    for assignment in application.assignments.filter(submitted_at__isnull=False):
        totals.append(sum(s.points for s in assignment.scores.all()) * 100.0 / maximum)
    return sum(totals) / len(totals) if totals else None


def programme_propose(*, actor: User, programme: Programme) -> dict[int, int]:
    """Proposed amounts by the rule: the pot shared in proportion to mean score × units,
    capped by the requested amount and by the compensation limit. Applications nobody
    scored get nothing."""
    programme.refresh_from_db()
    area = programme.planning_area
    require_perm(actor, "financing.manage", area)
    states.require_state(
        programme,
        S.ASSESSMENT,
        message=_("Amounts are proposed during the assessment; the programme is %(state)s."),
    )
    applications = list(
        programme.applications.filter(state=A.SUBMITTED).select_related("service", "form")
    )
    claims = []
    for a in applications:
        a.compensation_limit = application_compensation_limit(a)
        claims.append(
            ApplicationClaim(
                key=str(a.pk),
                score=application_mean_score(a) or 0.0,
                units=float(a.units),
                requested=a.requested_amount,
                limit=a.compensation_limit,
            )
        )
    amounts = proposed_amounts(claims, programme_pot(programme))
    with transaction.atomic():
        for a in applications:
            a.proposed_amount = amounts[str(a.pk)]
            a.save(update_fields=["proposed_amount", "compensation_limit", "updated_at"])
        _audit(actor, "programme.propose", programme, area, amounts=amounts)
    return {a.pk: amounts[str(a.pk)] for a in applications}


def application_adjust(
    *,
    actor: User,
    application: GrantApplication,
    amount: int,
    reason: str,
    expected_version: int | None = None,
) -> GrantApplication:
    """The committee changes the proposed amount; the reason is required and recorded."""
    application.programme.refresh_from_db()
    area = application.programme.planning_area
    require_perm(actor, "financing.manage_application", application)
    states.require_state(
        application.programme,
        S.ASSESSMENT,
        message=_("Amounts are adjusted during the assessment; the programme is %(state)s."),
    )
    errors = {}
    if not reason.strip():
        errors["reason"] = _("Give the committee's reason for the change.")
    if amount < 0 or amount > application.requested_amount:
        errors["amount"] = _("The amount must be between 0 and the requested amount.")
    limit = application_compensation_limit(application)
    if amount > limit:
        errors["amount"] = _(
            "The amount exceeds the compensation limit of %(limit)s CZK (overcompensation)."
        ) % {"limit": limit}
    if errors:
        raise ValidationFailed(_("The adjustment has errors."), errors=errors)
    with transaction.atomic():
        _bump(GrantApplication, application.pk, expected_version)
        application.refresh_from_db()
        before = application.final_amount
        application.adjusted_amount = amount
        application.adjustment_reason = reason.strip()
        application.save()
        _audit(
            actor,
            "grant_application.adjust",
            application,
            area,
            before=before,
            after=amount,
            reason=reason.strip(),
        )
    return application


def application_contract(
    *, actor: User, application: GrantApplication, contract_number: str, signed_on: dt.date
) -> GrantApplication:
    application.programme.refresh_from_db()
    area = application.programme.planning_area
    require_perm(actor, "financing.manage_application", application)
    if application.state != A.APPROVED:
        raise ValidationFailed(_("Only an approved grant gets a contract."))
    with transaction.atomic():
        application.contract_number = contract_number.strip()
        application.contract_signed_on = signed_on
        application.save()
        _audit(actor, "grant_application.contract", application, area, number=contract_number)
    return application


def application_settle(
    *, actor: User, application: GrantApplication, amount_used: int, settled_on: dt.date
) -> GrantApplication:
    """The final settlement: what was used; the rest is returned."""
    application.programme.refresh_from_db()
    area = application.programme.planning_area
    require_perm(actor, "financing.manage_application", application)
    if application.state != A.APPROVED:
        raise ValidationFailed(_("Only an approved grant can be settled."))
    approved = application.approved_amount or 0
    if not 0 <= amount_used <= approved:
        raise ValidationFailed(
            _("The amount used must be between 0 and the approved %(approved)s CZK.")
            % {"approved": approved},
            field="amount_used",
        )
    with transaction.atomic():
        application.amount_used = amount_used
        application.amount_returned = approved - amount_used
        application.settled_on = settled_on
        application.state = A.SETTLED
        application.save()
        _audit(
            actor,
            "grant_application.settle",
            application,
            area,
            used=amount_used,
            returned=approved - amount_used,
        )
    return application


def application_measures_set(
    *, actor: User, application: GrantApplication, measures: Iterable[Measure]
) -> None:
    require_perm(actor, "financing.manage_application", application)
    with transaction.atomic():
        application.measures.set(list(measures))
        _audit(
            actor,
            "grant_application.measures",
            application,
            application.programme.planning_area,
            measures=[m.pk for m in application.measures.all()],
        )


# --- Import of the usual-cost table ----------------------------------------------------------

USUAL_COST_COLUMNS = (
    "rok",
    "druh",
    "forma",
    "jednotka",
    "obvykle_naklady_na_jednotku_Kc",
    "obvykle_vynosy_na_jednotku_Kc",
)


def _read_table(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1250")
    first = text.splitlines()[0] if text else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    return [{(k or "").strip(): (v or "").strip() for k, v in row.items()} for row in reader]


def _whole(value: str) -> int:
    cleaned = value.replace("\u00a0", "").replace(" ", "").replace(",", ".")
    number = Decimal(cleaned)
    if number != number.to_integral_value() or number < 0:
        raise ValueError(value)
    return int(number)


def usual_costs_import(*, actor: User, area: PlanningArea, path: Path) -> int:
    """Load a usual-cost table (CSV, UTF-8 or cp1250, ',' or ';'). Everything is validated
    first; nothing is written unless every row is valid (ValidationFailed lists file, row,
    column and reason)."""
    require_perm(actor, "financing.manage", area)
    rows = _read_table(path)
    problems: list[dict[str, Any]] = []
    if rows:
        missing = [c for c in USUAL_COST_COLUMNS if c not in rows[0]]
        if missing:
            raise ValidationFailed(
                _("The table lacks the columns: %(columns)s.") % {"columns": ", ".join(missing)},
                problems=[
                    {"file": path.name, "row": 1, "column": c, "reason": "missing"} for c in missing
                ],
            )
    types = {t.key: t for t in ServiceType.objects.all()}
    forms = {f.code: f for f in Form.objects.all()}
    parsed = []
    for number, row in enumerate(rows, start=2):

        def problem(column: str, reason: str, number: int = number) -> None:
            problems.append({"file": path.name, "row": number, "column": column, "reason": reason})

        try:
            year = int(row["rok"])
        except ValueError:
            problem("rok", "not a year")
            continue
        service_type = types.get(row["druh"])
        form = forms.get(row["forma"])
        if service_type is None:
            problem("druh", "unknown service type")
        if form is None:
            problem("forma", "unknown form")
        if row["jednotka"] not in ("fte", "beds"):
            problem("jednotka", "must be fte or beds")
        try:
            cost = _whole(row["obvykle_naklady_na_jednotku_Kc"])
            revenue = _whole(row["obvykle_vynosy_na_jednotku_Kc"])
        except (ValueError, ArithmeticError):
            problem("obvykle_naklady_na_jednotku_Kc", "not a whole non-negative amount")
            continue
        if revenue > cost:
            problem("obvykle_vynosy_na_jednotku_Kc", "revenue above cost")
        if service_type is None or form is None:
            continue
        parsed.append(
            (year, service_type, form, row["jednotka"], cost, revenue, row.get("ilustrativni", "A"))
        )
    if problems:
        raise ValidationFailed(
            _("The table has %(count)s errors; nothing was loaded.") % {"count": len(problems)},
            problems=problems,
        )
    with transaction.atomic():
        for year, service_type, form, unit, cost, revenue, illustrative in parsed:
            UsualCost.objects.update_or_create(
                year=year,
                service_type=service_type,
                form=form,
                defaults={
                    "unit_kind": unit,
                    "usual_cost_per_unit": cost,
                    "usual_revenue_per_unit": revenue,
                    "source": path.name,
                    "is_illustrative": illustrative.upper() != "N",
                },
            )
        audit_record(
            actor=actor,
            verb="usual_cost.import",
            object_type="financing.usualcost",
            area_slug=area.slug,
            payload={"file": path.name, "rows": len(parsed)},
        )
    return len(parsed)


def programme_record_history(
    *,
    actor: User,
    area: PlanningArea,
    year: int,
    title: str,
    municipalities: Iterable[Municipality],
    real_total: int | None = None,
    real_applications: int | None = None,
    real_providers: int | None = None,
    resolution_number: str = "",
    approved_on: dt.date | None = None,
    source: str = "",
    **formula: Any,
) -> Programme:
    """Record a past programme as closed in one step: who took part, the published real
    figures and, as an illustrative key, a contribution formula (with `target_total` set to
    the real total when it is known)."""
    require_perm(actor, "financing.manage", area)
    with transaction.atomic():
        programme = programme_create(
            actor=actor, area=area, year=year, title=title, formula_is_illustrative=True
        )
        programme_participants_set(actor=actor, programme=programme, municipalities=municipalities)
        programme_formula_set(actor=actor, programme=programme, **formula)
        programme.refresh_from_db()
        programme.real_total = real_total
        programme.real_applications = real_applications
        programme.real_providers = real_providers
        programme.resolution_number = resolution_number
        programme.approved_on = approved_on
        programme.source = source
        programme.state = S.CLOSED
        programme.version += 1
        programme.save()
        _audit(actor, "programme.record_history", programme, area, year=year, real_total=real_total)
    return programme
