"""The data of a yearly evaluation report, as plain JSON-ready dicts: recomputed for a draft,
frozen into `Evaluation.content` when the report is published.

Sections: overview, per priority and measure what was planned, done and spent, indicator
values against baseline and target, reasons for deviations, changes to the network."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kpss.monitoring.links import public_connections
from kpss.monitoring.models import ActionItem, ActionPlan, Evaluation, ItemStatus
from kpss.monitoring.selectors import indicator_rows, progress_summary
from kpss.planning.models import NetworkChange, Plan, PlanVersion

#: The sections of a report, in order, each with editable commentary.
SECTION_KEYS = ("overview", "measures", "indicators", "deviations", "network", "conclusion")


def section_titles() -> dict[str, str]:
    return {
        "summary": pgettext("monitoring", "Summary"),
        "overview": _("Overview"),
        "measures": _("Measures: planned, done and spent"),
        "indicators": pgettext("monitoring", "Indicators"),
        "deviations": _("Reasons for deviations"),
        "network": _("Changes to the network of services"),
        "conclusion": _("Conclusion"),
    }


def _num(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _item(item: ActionItem) -> dict[str, Any]:
    return {
        "code": item.code,
        "title": item.title,
        "is_activity": item.is_activity,
        "responsible": item.responsible_organisation.name if item.responsible_organisation else "",
        "status": item.status,
        "status_label": str(ItemStatus(item.status).label),
        "percent": item.percent,
        "reason": item.reason,
        "budget": item.budget_czk,
        "spent": item.spent_czk,
        "milestones": [
            {
                "title": m.title,
                "due_on": m.due_on.isoformat(),
                "done_on": m.done_on.isoformat() if m.done_on else None,
            }
            for m in item.milestones.all()
        ],
    }


def _connections(item: ActionItem, year: int) -> dict[str, Any]:
    """What implemented and financed the measure, as far as it is public (the report is
    published): intentions of closed calls, the approved grants of the year's co-financing
    programme and the public meetings that discussed it."""
    links = public_connections(item.measure)
    grants = [g for g in links.grants if g.programme.year == year]
    return {
        "intentions": [str(i) for i in links.intentions],
        "grants": [f"{g.service} – {g.programme}" for g in grants],
        "grants_approved": sum(g.approved_amount or 0 for g in grants),
        "meetings": [f"{m.title} ({m.starts_at:%d. %m. %Y})" for m in links.meetings],
    }


def _version_for(plan: Plan, action_plan: ActionPlan | None) -> PlanVersion | None:
    if action_plan is not None:
        return action_plan.plan_version
    return plan.versions.filter(state=PlanVersion.State.IN_FORCE).first()


def evaluation_data(*, plan: Plan, year: int) -> dict[str, Any]:
    action_plan = ActionPlan.objects.filter(plan=plan, year=year).first()
    version = _version_for(plan, action_plan)
    items: list[ActionItem] = []
    if action_plan is not None:
        items = list(
            action_plan.items.select_related(
                "responsible_organisation", "measure__priority"
            ).prefetch_related("milestones")
        )
    summary = progress_summary(items)
    measures_only = [i for i in items if not i.is_activity]
    overview = {
        "total": summary["total"],
        "measures": len(measures_only),
        "done": sum(1 for i in items if i.status == ItemStatus.DONE),
        "mean_percent": summary["mean_percent"],
        "budget": summary["budget"],
        "spent": summary["spent"],
        "by_status": [
            {"status": s, "label": str(label), "count": n} for s, label, n in summary["by_status"]
        ],
        "has_action_plan": action_plan is not None,
        "action_plan_published": bool(action_plan and action_plan.is_published),
    }
    by_priority: dict[str, dict[str, Any]] = {}
    activities: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        if item.is_activity:
            activities[item.measure_lineage].append(_item(item))
    for item in measures_only:
        priority = item.measure.priority if item.measure else None
        key = priority.code if priority else ""
        entry = by_priority.setdefault(
            key,
            {
                "code": key,
                "title": priority.title if priority else _("Without priority"),
                "measures": [],
            },
        )
        measure = _item(item)
        measure["lineage"] = str(item.measure_lineage)
        measure["activities"] = activities.get(item.measure_lineage, [])
        measure.update(_connections(item, year))
        entry["measures"].append(measure)
    indicators: list[dict[str, Any]] = []
    if version is not None:
        for row in indicator_rows(plan=plan, version=version):
            indicators.append(
                {
                    "measure": row.measure.code,
                    "name": row.indicator.name,
                    "unit": row.indicator.unit,
                    "baseline": _num(row.indicator.baseline),
                    "target": _num(row.indicator.target),
                    "source": row.indicator.source,
                    "values": {
                        str(y): _num(v.value) for y, v in sorted(row.values.items()) if y <= year
                    },
                    "value": _num(row.values[year].value) if year in row.values else None,
                }
            )
    deviations = [
        {
            "code": i.code,
            "title": i.title,
            "status_label": str(ItemStatus(i.status).label),
            "percent": i.percent,
            "reason": i.reason,
        }
        for i in items
        if i.status in (ItemStatus.POSTPONED, ItemStatus.CANCELLED)
        or (i.reason and i.status != ItemStatus.DONE)
    ]
    network: list[dict[str, Any]] = []
    if version is not None:
        changes = NetworkChange.objects.filter(
            measure__plan_version=version, year=year
        ).select_related("measure", "service_type", "form")
        status_by_lineage = {i.measure_lineage: i for i in measures_only}
        for change in changes:
            done = status_by_lineage.get(change.measure.lineage)
            network.append(
                {
                    "measure": change.measure.code,
                    "service_type": change.service_type.name,
                    "form": change.form.name if change.form else "",
                    "delta_capacity": change.delta_capacity,
                    "delta_units": _num(change.delta_units),
                    "status_label": str(ItemStatus(done.status).label) if done else "",
                }
            )
    return {
        "plan": {
            "title": plan.title,
            "period": [plan.period_from_year, plan.period_to_year],
            "is_example": plan.is_example,
            "version": version.number if version else None,
        },
        "area": plan.planning_area.name,
        "year": year,
        "generated_at": timezone.now().isoformat(timespec="minutes"),
        "overview": overview,
        "priorities": list(by_priority.values()),
        "indicators": indicators,
        "deviations": deviations,
        "network": network,
    }


def evaluation_report(evaluation: Evaluation) -> dict[str, Any]:
    """The frozen data of a published report, or the live data of a draft."""
    if evaluation.is_published and evaluation.content:
        return evaluation.content
    return evaluation_data(plan=evaluation.plan, year=evaluation.year)
