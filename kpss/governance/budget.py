"""The project budget: projects, budget lines, actual spending and participation of people
from target groups (services and selectors).

Writes take an actor, check `governance.manage_organisation` on the project's planning area,
validate (no negative amounts, dates inside the project period, lines within the total) and
leave an audit event. The overview compares planned and actual spending per line and per
quarter and the participation indicator with its target ("87 / 114")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, QuerySet, Sum
from django.utils.translation import gettext as _

from kpss.accounts.models import User
from kpss.core.errors import NotFound
from kpss.core.formats import format_date, format_money
from kpss.core.permissions import require_perm
from kpss.governance.models import BudgetLine, Participation, Project, Spending
from kpss.governance.process_common import (
    changed_fields,
    check_fields,
    check_order,
    delete_audited,
    field_error,
    save_audited,
)
from kpss.territory.models import PlanningArea

MANAGE = "governance.manage_organisation"
ZERO = Decimal("0")
PROJECT_FIELDS = {
    "name",
    "registration_number",
    "starts_on",
    "ends_on",
    "budget_total",
    "participation_target",
}
LINE_FIELDS = {"category", "name", "planned"}
SPENDING_FIELDS = {"period_start", "period_end", "amount", "note"}
PARTICIPATION_FIELDS = {"held_on", "activity", "target_group", "people"}


# Validation -----------------------------------------------------------------------------


def _not_negative(value: Any, name: str) -> None:
    if value is not None and Decimal(value) < 0:
        raise field_error(name, _("The amount cannot be negative."))


def _inside_project(project: Project, day: dt.date | None, name: str) -> None:
    if day is not None and not project.starts_on <= day <= project.ends_on:
        raise field_error(
            name,
            _("The date must lie within the project period (%(from)s – %(to)s).")
            % {"from": format_date(project.starts_on), "to": format_date(project.ends_on)},
        )


def _planned_sum(project: Project, *, without: BudgetLine | None = None) -> Decimal:
    lines = BudgetLine.objects.filter(project=project)
    if without is not None and without.pk:
        lines = lines.exclude(pk=without.pk)
    return lines.aggregate(s=Sum("planned"))["s"] or ZERO


def _check_line(line: BudgetLine) -> None:
    _not_negative(line.planned, "planned")
    if line.planned is None:
        return
    others = _planned_sum(line.project, without=line)
    if others + Decimal(line.planned) > line.project.budget_total:
        raise field_error(
            "planned",
            _(
                "The budget lines would exceed the project's total budget of %(total)s "
                "(the other lines plan %(others)s)."
            )
            % {
                "total": format_money(line.project.budget_total),
                "others": format_money(others),
            },
        )


# Projects -------------------------------------------------------------------------------


def project_create(*, actor: User, area: PlanningArea, **fields: Any) -> Project:
    require_perm(actor, MANAGE, area)
    check_fields(fields, PROJECT_FIELDS)
    project = Project(planning_area=area, **fields)
    check_order(project.starts_on, project.ends_on, "ends_on")
    _not_negative(project.budget_total, "budget_total")
    with transaction.atomic():
        save_audited(
            actor=actor,
            obj=project,
            verb="project.create",
            area=area,
            payload={
                "registration_number": project.registration_number,
                "budget_total": str(project.budget_total),
            },
        )
    return project


def project_update(*, actor: User, project: Project, **fields: Any) -> Project:
    area = project.planning_area
    require_perm(actor, MANAGE, area)
    check_fields(fields, PROJECT_FIELDS)
    changed = changed_fields(project, fields)
    for name, value in fields.items():
        setattr(project, name, value)
    check_order(project.starts_on, project.ends_on, "ends_on")
    _not_negative(project.budget_total, "budget_total")
    planned = _planned_sum(project)
    if project.budget_total is not None and Decimal(project.budget_total) < planned:
        raise field_error(
            "budget_total",
            _("The budget lines already plan %(planned)s; the total cannot be lower.")
            % {"planned": format_money(planned)},
        )
    if project.pk and project.starts_on and project.ends_on:
        outside = Spending.objects.filter(line__project=project).exclude(
            period_start__gte=project.starts_on, period_end__lte=project.ends_on
        )
        if outside.exists():
            raise field_error(
                "starts_on", _("Some spending would fall outside the new project period.")
            )
    with transaction.atomic():
        save_audited(
            actor=actor, obj=project, verb="project.update", area=area, payload={"fields": changed}
        )
    return project


def project_delete(*, actor: User, project: Project) -> None:
    area = project.planning_area
    require_perm(actor, MANAGE, area)
    with transaction.atomic():
        delete_audited(
            actor=actor,
            obj=project,
            verb="project.delete",
            area=area,
            payload={"name": project.name, "registration_number": project.registration_number},
        )


# Budget lines ---------------------------------------------------------------------------


def budget_line_create(*, actor: User, project: Project, **fields: Any) -> BudgetLine:
    area = project.planning_area
    require_perm(actor, MANAGE, area)
    check_fields(fields, LINE_FIELDS)
    line = BudgetLine(project=project, **fields)
    with transaction.atomic():
        Project.objects.select_for_update().filter(pk=project.pk).first()
        _check_line(line)
        save_audited(
            actor=actor,
            obj=line,
            verb="budget_line.create",
            area=area,
            payload={"planned": str(line.planned), "category": line.category},
        )
    return line


def budget_line_update(*, actor: User, line: BudgetLine, **fields: Any) -> BudgetLine:
    area = line.project.planning_area
    require_perm(actor, MANAGE, area)
    check_fields(fields, LINE_FIELDS)
    changed = changed_fields(line, fields)
    for name, value in fields.items():
        setattr(line, name, value)
    with transaction.atomic():
        Project.objects.select_for_update().filter(pk=line.project_id).first()
        _check_line(line)
        save_audited(
            actor=actor,
            obj=line,
            verb="budget_line.update",
            area=area,
            payload={"fields": changed},
        )
    return line


def budget_line_delete(*, actor: User, line: BudgetLine) -> None:
    area = line.project.planning_area
    require_perm(actor, MANAGE, area)
    with transaction.atomic():
        delete_audited(
            actor=actor,
            obj=line,
            verb="budget_line.delete",
            area=area,
            payload={"name": line.name, "planned": str(line.planned)},
        )


# Spending -------------------------------------------------------------------------------


def _check_spending(spending: Spending) -> None:
    _not_negative(spending.amount, "amount")
    check_order(spending.period_start, spending.period_end, "period_end")
    project = spending.line.project
    _inside_project(project, spending.period_start, "period_start")
    _inside_project(project, spending.period_end, "period_end")


def spending_create(*, actor: User, line: BudgetLine, **fields: Any) -> Spending:
    area = line.project.planning_area
    require_perm(actor, MANAGE, area)
    check_fields(fields, SPENDING_FIELDS)
    spending = Spending(line=line, **fields)
    _check_spending(spending)
    with transaction.atomic():
        save_audited(
            actor=actor,
            obj=spending,
            verb="spending.create",
            area=area,
            payload={"amount": str(spending.amount), "from": str(spending.period_start)},
        )
    return spending


def spending_update(*, actor: User, spending: Spending, **fields: Any) -> Spending:
    area = spending.line.project.planning_area
    require_perm(actor, MANAGE, area)
    check_fields(fields, SPENDING_FIELDS | {"line"})
    changed = changed_fields(spending, fields)
    for name, value in fields.items():
        setattr(spending, name, value)
    if spending.line.project.planning_area_id != area.pk:
        raise field_error("line", _("The budget line belongs to another planning area."))
    _check_spending(spending)
    with transaction.atomic():
        save_audited(
            actor=actor,
            obj=spending,
            verb="spending.update",
            area=area,
            payload={"fields": changed},
        )
    return spending


def spending_delete(*, actor: User, spending: Spending) -> None:
    area = spending.line.project.planning_area
    require_perm(actor, MANAGE, area)
    with transaction.atomic():
        delete_audited(
            actor=actor,
            obj=spending,
            verb="spending.delete",
            area=area,
            payload={"amount": str(spending.amount), "from": str(spending.period_start)},
        )


# Participation --------------------------------------------------------------------------


def _check_participation(record: Participation) -> None:
    _inside_project(record.project, record.held_on, "held_on")
    if record.people is not None and record.people < 1:
        raise field_error("people", _("Enter at least one person."))


def participation_create(*, actor: User, project: Project, **fields: Any) -> Participation:
    area = project.planning_area
    require_perm(actor, MANAGE, area)
    check_fields(fields, PARTICIPATION_FIELDS)
    record = Participation(project=project, **fields)
    _check_participation(record)
    with transaction.atomic():
        save_audited(
            actor=actor,
            obj=record,
            verb="participation.create",
            area=area,
            payload={"people": record.people, "held_on": str(record.held_on)},
        )
    return record


def participation_update(
    *, actor: User, participation: Participation, **fields: Any
) -> Participation:
    area = participation.project.planning_area
    require_perm(actor, MANAGE, area)
    check_fields(fields, PARTICIPATION_FIELDS)
    changed = changed_fields(participation, fields)
    for name, value in fields.items():
        setattr(participation, name, value)
    _check_participation(participation)
    with transaction.atomic():
        save_audited(
            actor=actor,
            obj=participation,
            verb="participation.update",
            area=area,
            payload={"fields": changed},
        )
    return participation


def participation_delete(*, actor: User, participation: Participation) -> None:
    area = participation.project.planning_area
    require_perm(actor, MANAGE, area)
    with transaction.atomic():
        delete_audited(
            actor=actor,
            obj=participation,
            verb="participation.delete",
            area=area,
            payload={"people": participation.people, "activity": participation.activity},
        )


# Selectors ------------------------------------------------------------------------------


def project_list(*, area: PlanningArea) -> QuerySet[Project]:
    return Project.objects.filter(planning_area=area).order_by("-starts_on", "id")


def project_get(*, area: PlanningArea, pk: int) -> Project:
    """The area's project, or NotFound (also for another area's project)."""
    project = Project.objects.select_related("planning_area").filter(planning_area=area, pk=pk)
    found = project.first()
    if found is None:
        raise NotFound(_("Project not found."), pk=pk)
    return found


def percent(part: Decimal | int, whole: Decimal | int | None) -> Decimal | None:
    """part / whole in percent with one decimal, or None without a whole."""
    if not whole:
        return None
    value = Decimal(part) * 100 / Decimal(whole)
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int
    starts_on: dt.date
    ends_on: dt.date

    @property
    def label(self) -> str:
        return _("Q%(number)s %(year)s") % {"number": self.number, "year": self.year}


def project_quarters(project: Project) -> list[Quarter]:
    """Calendar quarters the project period touches, clipped to the period."""
    quarters = []
    year, number = project.starts_on.year, (project.starts_on.month - 1) // 3 + 1
    while True:
        first = dt.date(year, 3 * number - 2, 1)
        if first > project.ends_on:
            break
        next_first = dt.date(year + 1, 1, 1) if number == 4 else dt.date(year, 3 * number + 1, 1)
        last = next_first - dt.timedelta(days=1)
        quarters.append(
            Quarter(year, number, max(first, project.starts_on), min(last, project.ends_on))
        )
        year, number = (year + 1, 1) if number == 4 else (year, number + 1)
    return quarters


def _quarter_index(quarters: list[Quarter], day: dt.date) -> int | None:
    for index, quarter in enumerate(quarters):
        if quarter.starts_on <= day <= quarter.ends_on:
            return index
    return None


@dataclass
class LineSummary:
    line: BudgetLine
    planned: Decimal
    spent: Decimal
    by_quarter: list[Decimal]

    @property
    def remaining(self) -> Decimal:
        return self.planned - self.spent

    @property
    def share_spent(self) -> Decimal | None:
        return percent(self.spent, self.planned)

    @property
    def overspent(self) -> bool:
        return self.spent > self.planned


@dataclass
class QuarterSummary:
    quarter: Quarter
    planned: Decimal  # the total budget spread evenly over the project's days
    spent: Decimal
    planned_cumulative: Decimal
    spent_cumulative: Decimal


@dataclass
class GroupParticipation:
    name: str
    people: int


@dataclass
class BudgetOverview:
    project: Project
    lines: list[LineSummary]
    quarters: list[QuarterSummary]
    planned_lines: Decimal
    spent: Decimal
    participants: int
    participation: list[Participation] = field(default_factory=list)
    by_group: list[GroupParticipation] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return self.project.budget_total

    @property
    def remaining(self) -> Decimal:
        return self.total - self.spent

    @property
    def unallocated(self) -> Decimal:
        return self.total - self.planned_lines

    @property
    def share_spent(self) -> Decimal | None:
        return percent(self.spent, self.total)

    @property
    def target(self) -> int | None:
        return self.project.participation_target

    @property
    def share_participation(self) -> Decimal | None:
        return percent(self.participants, self.target)

    @property
    def participation_label(self) -> str:
        """ "87 / 114", or only the count without a target."""
        if self.target is None:
            return str(self.participants)
        return f"{self.participants} / {self.target}"


def budget_overview(*, project: Project) -> BudgetOverview:
    """Planned vs actual per line and per quarter, totals, and participation vs target.
    Spending counts in the quarter in which its period starts."""
    quarters = project_quarters(project)
    lines = (
        BudgetLine.objects.filter(project=project)
        .prefetch_related(Prefetch("spending", queryset=Spending.objects.order_by("period_start")))
        .order_by("category", "name")
    )
    summaries = []
    spent_by_quarter = [ZERO for _q in quarters]
    for line in lines:
        by_quarter = [ZERO for _q in quarters]
        spent = ZERO
        for spending in line.spending.all():
            spent += spending.amount
            index = _quarter_index(quarters, spending.period_start)
            if index is not None:
                by_quarter[index] += spending.amount
                spent_by_quarter[index] += spending.amount
        summaries.append(LineSummary(line, line.planned, spent, by_quarter))
    days = (project.ends_on - project.starts_on).days + 1
    quarter_rows = []
    planned_cumulative = spent_cumulative = ZERO
    for quarter, spent in zip(quarters, spent_by_quarter, strict=True):
        share = Decimal((quarter.ends_on - quarter.starts_on).days + 1) / Decimal(days)
        planned = (project.budget_total * share).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
        planned_cumulative += planned
        spent_cumulative += spent
        quarter_rows.append(
            QuarterSummary(quarter, planned, spent, planned_cumulative, spent_cumulative)
        )
    if quarter_rows:  # rounding: the cumulative plan ends exactly at the total
        last = quarter_rows[-1]
        last.planned += project.budget_total - last.planned_cumulative
        last.planned_cumulative = project.budget_total
    records = list(
        Participation.objects.filter(project=project)
        .select_related("target_group")
        .order_by("held_on", "id")
    )
    groups: dict[str, int] = {}
    for record in records:
        name = record.target_group.name if record.target_group else _("not stated")
        groups[name] = groups.get(name, 0) + record.people
    return BudgetOverview(
        project=project,
        lines=summaries,
        quarters=quarter_rows,
        planned_lines=sum((s.planned for s in summaries), ZERO),
        spent=sum((s.spent for s in summaries), ZERO),
        participants=sum(r.people for r in records),
        participation=records,
        by_group=[
            GroupParticipation(name, people)
            for name, people in sorted(groups.items(), key=lambda p: -p[1])
        ],
    )


def budget_table(overview: BudgetOverview) -> tuple[list[str], list[list[Any]]]:
    """The overview as one table (for XLSX): a row per line with its spending per quarter,
    then the totals. Amounts are numbers, shares are percent numbers."""
    header = [
        _("Category"),
        _("Budget line"),
        _("Planned (CZK)"),
        *[str(q.quarter.label) for q in overview.quarters],
        _("Spent (CZK)"),
        _("Remaining (CZK)"),
        _("Spent (%)"),
    ]
    rows: list[list[Any]] = []
    for line in overview.lines:
        rows.append(
            [
                str(line.line.get_category_display()),
                line.line.name,
                line.planned,
                *line.by_quarter,
                line.spent,
                line.remaining,
                line.share_spent,
            ]
        )
    rows.append(
        [
            _("Total"),
            overview.project.name,
            overview.total,
            *[q.spent for q in overview.quarters],
            overview.spent,
            overview.remaining,
            overview.share_spent,
        ]
    )
    rows.append(
        [
            _("Participation"),
            _("People from target groups involved / target"),
            overview.participation_label,
        ]
    )
    return header, rows
