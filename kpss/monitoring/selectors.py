"""Reads of monitoring, scoped to the planning area. The public sees only published action
plans (with their progress) and published evaluations of published areas; members of the
area see drafts too; another area's people see nothing (the area itself is a 404)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _

from kpss.core.errors import NotFound
from kpss.core.text import czech_sort_key
from kpss.monitoring.models import (
    ActionItem,
    ActionPlan,
    Evaluation,
    IndicatorValue,
    ItemStatus,
    Publication,
)
from kpss.monitoring.states import CLOSED
from kpss.organisations.models import Membership
from kpss.organisations.selectors import user_can
from kpss.planning.models import Indicator, Measure, Plan, PlanVersion
from kpss.territory.models import PlanningArea


def sees_internal(user: Any, area: PlanningArea) -> bool:
    return user_can(user, "monitoring.view_internal", area)


def plans_in_force(*, area: PlanningArea) -> list[Plan]:
    """The area's plans that have a version in force, newest period first."""
    return list(
        Plan.objects.filter(
            planning_area=area, versions__state=PlanVersion.State.IN_FORCE
        ).order_by("-period_from_year", "title")
    )


def plan_get(*, area: PlanningArea, plan_id: int) -> Plan:
    plan = Plan.objects.filter(planning_area=area, pk=plan_id).select_related("planning_area")
    found = plan.first()
    if found is None:
        raise NotFound(_("Plan not found."), plan_id=plan_id)
    return found


def action_plan_list(*, area: PlanningArea, user: Any = None) -> QuerySet[ActionPlan]:
    plans = ActionPlan.objects.filter(plan__planning_area=area).select_related(
        "plan", "plan_version"
    )
    if not sees_internal(user, area):
        plans = plans.filter(state=Publication.PUBLISHED)
    return plans.order_by("-year", "plan__title")


def action_plan_get(*, area: PlanningArea, action_plan_id: int, user: Any = None) -> ActionPlan:
    found = action_plan_list(area=area, user=user).filter(pk=action_plan_id).first()
    if found is None:
        raise NotFound(_("Action plan not found."), action_plan_id=action_plan_id)
    return found


def action_items(*, action_plan: ActionPlan) -> QuerySet[ActionItem]:
    return action_plan.items.select_related(
        "responsible_organisation", "measure__priority", "activity"
    ).prefetch_related("milestones", "updates")


def action_item_get(*, area: PlanningArea, item_id: int, user: Any = None) -> ActionItem:
    item = (
        ActionItem.objects.select_related(
            "action_plan__plan__planning_area", "responsible_organisation", "measure__priority"
        )
        .filter(pk=item_id, action_plan__plan__planning_area=area)
        .first()
    )
    if item is None or (not item.action_plan.is_published and not sees_internal(user, area)):
        raise NotFound(_("Item not found."), item_id=item_id)
    return item


def items_for_user(*, area: PlanningArea, user: Any) -> QuerySet[ActionItem]:
    """The open items of the user's organisations in this area ("my measures")."""
    organisations = Membership.objects.filter(user=user, planning_area=area).values("organisation")
    return (
        ActionItem.objects.filter(
            action_plan__plan__planning_area=area, responsible_organisation__in=organisations
        )
        .exclude(status__in=CLOSED)
        .select_related("action_plan", "responsible_organisation")
        .order_by("next_update_due", "action_plan__year", "order")
    )


# Public progress ----------------------------------------------------------------------------


@dataclass
class ProgressRow:
    item: ActionItem
    priority: str
    activities: list[ActionItem] = field(default_factory=list)


@dataclass
class ProgressFilters:
    priority: str = ""  # priority code
    target_group: int | None = None
    municipality: int | None = None


def progress_rows(
    *, action_plan: ActionPlan, filters: ProgressFilters | None = None
) -> list[ProgressRow]:
    """Measures of an action plan with their activities, filtered by priority, target group
    and municipality (of the measure as written in the plan)."""
    filters = filters or ProgressFilters()
    items = list(action_items(action_plan=action_plan))
    measures = Measure.objects.filter(pk__in=[i.measure_id for i in items if i.measure_id])
    if filters.priority:
        measures = measures.filter(priority__code=filters.priority)
    if filters.target_group:
        measures = measures.filter(target_groups__id=filters.target_group)
    if filters.municipality:
        measures = measures.filter(municipalities__id=filters.municipality)
    keep = set(measures.values_list("pk", flat=True))
    rows: dict[int, ProgressRow] = {}
    activities: dict[int, list[ActionItem]] = defaultdict(list)
    for item in items:
        if item.measure_id not in keep:
            continue
        if item.is_activity:
            activities[item.measure_id or 0].append(item)
        else:
            priority = item.measure.priority if item.measure else None
            rows[item.measure_id or 0] = ProgressRow(
                item=item, priority=f"{priority.code} {priority.title}" if priority else ""
            )
    for measure_id, acts in activities.items():
        if measure_id in rows:
            rows[measure_id].activities = acts
    return list(rows.values())


def progress_filter_choices(*, action_plan: ActionPlan) -> dict[str, list[tuple[str, str]]]:
    measures = Measure.objects.filter(pk__in=action_plan.items.values("measure")).prefetch_related(
        "target_groups", "municipalities", "priority"
    )
    priorities: dict[str, str] = {}
    groups: dict[int, str] = {}
    places: dict[int, str] = {}
    for m in measures:
        priorities[m.priority.code] = f"{m.priority.code} {m.priority.title}"
        groups.update({g.pk: g.name for g in m.target_groups.all()})
        places.update({p.pk: p.name for p in m.municipalities.all()})
    return {
        "priority": sorted(priorities.items()),
        "target_group": sorted(
            ((str(k), v) for k, v in groups.items()), key=lambda p: czech_sort_key(p[1])
        ),
        "municipality": sorted(
            ((str(k), v) for k, v in places.items()), key=lambda p: czech_sort_key(p[1])
        ),
    }


def progress_summary(items: list[ActionItem]) -> dict[str, Any]:
    counts = dict.fromkeys(ItemStatus.values, 0)
    for item in items:
        counts[item.status] += 1
    total = len(items)
    return {
        "total": total,
        "by_status": [(s, ItemStatus(s).label, counts[s]) for s in ItemStatus.values],
        "present": [(ItemStatus(s).label, counts[s]) for s in ItemStatus.values if counts[s]],
        "mean_percent": round(sum(i.percent for i in items) / total) if total else 0,
        "budget": sum(i.budget_czk for i in items),
        "spent": sum(i.spent_czk for i in items),
    }


# Indicators ---------------------------------------------------------------------------------


@dataclass
class IndicatorRow:
    indicator: Indicator
    measure: Measure
    values: dict[int, IndicatorValue]

    def value_list(self) -> list[tuple[int, IndicatorValue | None]]:
        years = range(self.measure.plan_version.plan.period_from_year - 1, self.last_year + 1)
        return [(y, self.values.get(y)) for y in years]

    @property
    def last_year(self) -> int:
        return self.measure.plan_version.plan.period_to_year

    @property
    def latest(self) -> IndicatorValue | None:
        return self.values[max(self.values)] if self.values else None


def indicator_rows(*, plan: Plan, version: PlanVersion) -> list[IndicatorRow]:
    """The indicators of the version (in force) with their yearly values, found by measure
    lineage and indicator name so that values survive a revision."""
    indicators = (
        Indicator.objects.filter(measure__plan_version=version)
        .select_related("measure__priority", "measure__plan_version__plan")
        .order_by("measure__priority__order", "measure__order", "measure__code", "order", "id")
    )
    values: dict[tuple[Any, str], dict[int, IndicatorValue]] = defaultdict(dict)
    for v in IndicatorValue.objects.filter(plan=plan):
        values[(v.measure_lineage, v.indicator_name)][v.year] = v
    return [
        IndicatorRow(
            indicator=i, measure=i.measure, values=values.get((i.measure.lineage, i.name), {})
        )
        for i in indicators
    ]


def indicator_lookup(*, version: PlanVersion) -> dict[tuple[str, str], Indicator]:
    """(measure code, indicator name lower-cased) → indicator, for imports."""
    return {
        (i.measure.code, i.name.strip().lower()): i
        for i in Indicator.objects.filter(measure__plan_version=version).select_related("measure")
    }


# Evaluations --------------------------------------------------------------------------------


def evaluation_list(*, area: PlanningArea, user: Any = None) -> QuerySet[Evaluation]:
    evaluations = Evaluation.objects.filter(plan__planning_area=area).select_related("plan")
    if not sees_internal(user, area):
        evaluations = evaluations.filter(state=Publication.PUBLISHED)
    return evaluations.order_by("-year", "-number")


def evaluation_get(*, area: PlanningArea, evaluation_id: int, user: Any = None) -> Evaluation:
    found = evaluation_list(area=area, user=user).filter(pk=evaluation_id).first()
    if found is None:
        raise NotFound(_("Evaluation not found."), evaluation_id=evaluation_id)
    return found


def published_evaluation_for_plan(*, plan: Plan) -> Evaluation | None:
    """The latest published evaluation of a plan (the last year, its newest version): what
    the next plan's "evaluation of the previous plan" starts from."""
    return (
        Evaluation.objects.filter(plan=plan, state=Publication.PUBLISHED)
        .order_by("-year", "-number")
        .first()
    )


def evaluation_summary_text(evaluation: Evaluation) -> str:
    """The summary of a published evaluation as Markdown, with its key figures."""
    data = evaluation.content or {}
    overview = data.get("overview", {})
    lines = [
        _("Evaluation of the plan “%(plan)s” for %(year)s (version %(number)s).")
        % {"plan": evaluation.plan.title, "year": evaluation.year, "number": evaluation.number}
    ]
    if overview:
        lines.append(
            _(
                "Of %(total)s scheduled measures and activities %(done)s were done; the mean "
                "completion was %(percent)s %%."
            )
            % {
                "total": overview.get("total", 0),
                "done": overview.get("done", 0),
                "percent": overview.get("mean_percent", 0),
            }
        )
    if evaluation.summary:
        lines.append(evaluation.summary)
    return "\n\n".join(lines)


def published_evaluations_by_year(*, plan: Plan) -> list[Evaluation]:
    """The newest published version of each year's evaluation, oldest year first."""
    latest: dict[int, Evaluation] = {}
    for evaluation in Evaluation.objects.filter(plan=plan, state=Publication.PUBLISHED).order_by(
        "year", "number"
    ):
        latest[evaluation.year] = evaluation
    return [latest[year] for year in sorted(latest)]


def plan_evaluation_summary(*, plan: Plan) -> str:
    """The text a new plan's "evaluation of the previous plan" can start from: the summary
    and key figures of every year's published evaluation ("" if there is none)."""
    return "\n\n".join(evaluation_summary_text(e) for e in published_evaluations_by_year(plan=plan))


# Reminders ----------------------------------------------------------------------------------

REMIND_DAYS_BEFORE = 7


def items_due_for_reminder(*, today: dt.date) -> list[ActionItem]:
    """Open items of published action plans whose report is due within a week (or overdue)
    and who have not been reminded of this due date yet."""
    return list(
        ActionItem.objects.filter(
            action_plan__state=Publication.PUBLISHED,
            responsible_organisation__isnull=False,
            next_update_due__isnull=False,
            next_update_due__lte=today + dt.timedelta(days=REMIND_DAYS_BEFORE),
        )
        .exclude(status__in=CLOSED)
        .filter(Q(reminded_for__isnull=True) | ~Q(reminded_for=F("next_update_due")))
        .select_related("action_plan__plan__planning_area", "responsible_organisation")
        .order_by("next_update_due", "id")
    )


def recipients_for(item: ActionItem) -> list[str]:
    """E-mail addresses of the responsible organisation's members in the item's area."""
    emails = Membership.objects.filter(
        organisation_id=item.responsible_organisation_id or 0,
        planning_area=item.action_plan.plan.planning_area,
    ).values_list("user__email", flat=True)
    return sorted({e for e in emails if e})
