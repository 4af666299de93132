"""The network-goals dashboard of an area and a year: for each of the five goals of the
planning intention (efficient, stable, flexible, accessible, fair) one or two indicators,
each with its definition and data sources. The arithmetic is in kpss_analysis.network_goals
(pure, tested on hand-made data); here the inputs are gathered from the apps that own them.

Where the data is missing the indicator says "no data" and why; no value is ever invented.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from kpss.core.errors import KpssError
from kpss.core.formats import format_number
from kpss.intentions.models import Assessment, Statement
from kpss.monitoring.links import finance_for_year
from kpss.needs.analysis import AccessibilitySettings, accessibility_report, default_norm_set
from kpss.needs.models import Need
from kpss.planning.models import Approval, Measure
from kpss.registry.models import Form, ServiceForm, ServiceType
from kpss.registry.selectors import service_list
from kpss.territory.models import PlanningArea
from kpss.territory.selectors import area_municipality_rows
from kpss_analysis import network_goals as ng


@dataclass
class Indicator:
    key: str
    name: str
    definition: str
    sources: list[str]
    result: ng.GoalValue
    display: str = ""
    no_data_reason: str = ""
    rows: list[dict[str, Any]] = field(default_factory=list)
    illustrative: bool = False

    @property
    def available(self) -> bool:
        return self.result.available


@dataclass
class Goal:
    key: str
    title: str
    question: str
    indicators: list[Indicator]


def _reason(code: str) -> str:
    return {
        ng.NO_RECORDS: _("There are no records to compute it from yet."),
        ng.NO_USUAL_COST: _("No service has a regional usual cost per unit."),
        ng.NO_DECISIONS: _("No need has been answered by an approved plan change yet."),
        ng.NO_GROUPS: _("No service type and form has two or more funded providers."),
        ng.NO_FUNDING: _("No public funding is recorded."),
        "finance_none": _("No service budget is recorded for this year."),
        "no_norms": _("The area has no norms of capacity to compare with."),
        "analysis_failed": _("The accessibility analysis could not be computed."),
    }.get(code, code)


def _percent(value: float | None) -> str:
    return "" if value is None else f"{format_number(value * 100, 0)} %"


def _finished(indicator: Indicator, fmt: Any) -> Indicator:
    result = indicator.result
    if result.available:
        indicator.display = fmt(result.value)
    else:
        indicator.no_data_reason = _reason(result.reason)
    return indicator


def _finance_source() -> str:
    return _(
        "Costs, public funding and usual costs of the services: the financing module of KPSS "
        "(the services' budgets and the region's usual costs)"
    )


def _finance_goals(area: PlanningArea, year: int) -> tuple[Indicator, Indicator, Indicator]:
    finance, illustrative = finance_for_year(area, year)
    cost = ng.cost_index(ng.CostRow(r.units, r.total_cost, r.usual_cost_per_unit) for r in finance)
    stable = ng.basic_operation_coverage(
        ng.FundingRow(r.public_funding, r.basic_operation_cost) for r in finance
    )
    fair = ng.funding_dispersion(
        ng.ProviderFunding(
            r.provider_id, r.service_type_key, r.form_code, r.units, r.public_funding
        )
        for r in finance
    )
    if not finance:
        cost = stable = fair = ng.GoalValue(value=None, count=0, reason="finance_none")
    efficient = Indicator(
        key="cost_index",
        name=_("Cost per unit against the regional usual cost"),
        definition=_(
            "Total cost of the services divided by their units (direct-care FTE or beds) "
            "times the region's usual cost per unit, over the services with a usual cost. "
            "1.00 means the network costs what the region considers usual; below 1 cheaper."
        ),
        sources=[_finance_source()],
        result=cost,
    )
    stability = Indicator(
        key="basic_operation_coverage",
        name=_("Services whose public funding covers their basic operation"),
        definition=_(
            "The share of services whose public funding (state subsidy, region, "
            "municipalities) is at least the cost of their basic operation."
        ),
        sources=[_finance_source()],
        result=stable,
    )
    fairness = Indicator(
        key="funding_dispersion",
        name=_("Dispersion of public funding per unit across providers"),
        definition=_(
            "The coefficient of variation (standard deviation / mean) of public funding per "
            "unit across the providers of the same service type and form, averaged over the "
            "type–form groups with at least two providers (weighted by their number). 0 means "
            "every provider gets the same per unit; the lower, the fairer."
        ),
        sources=[_finance_source()],
        result=fair,
    )
    for indicator in (efficient, stability, fairness):
        indicator.illustrative = illustrative and indicator.result.available
    if fair.available:
        type_names = dict(ServiceType.objects.values_list("key", "name"))
        form_names = dict(Form.objects.values_list("code", "name"))
        fairness.rows = [
            {
                "label": f"{type_names.get(g['service_type_key'], g['service_type_key'])}, "
                f"{form_names.get(g['form_code'], g['form_code'])}",
                "value": format_number(g["cv"], 2),
                "count": g["providers"],
            }
            for g in fair.details["groups"]
        ]
    return (
        _finished(efficient, lambda v: format_number(v, 2)),
        _finished(stability, _percent),
        _finished(fairness, lambda v: format_number(v, 2)),
    )


def _flexible(area: PlanningArea, today: dt.date) -> Indicator:
    approvals = {
        a.plan_version_id: a.decided_on
        for a in Approval.objects.filter(plan_version__plan__planning_area=area)
    }
    answered: dict[int, dt.date] = {}
    for measure in Measure.objects.filter(plan_version_id__in=list(approvals)).prefetch_related(
        "needs"
    ):
        decided = approvals[measure.plan_version_id]
        for need in measure.needs.all():
            if need.pk not in answered or decided < answered[need.pk]:
                answered[need.pk] = decided
    # An intention with a positive statement of consistency answers its needs too.
    for statement in Statement.objects.filter(
        planning_area=area,
        intention__assessment__outcome__in=(
            Assessment.Outcome.CONSISTENT,
            Assessment.Outcome.CONDITIONAL,
        ),
    ).prefetch_related("intention__needs"):
        for need in statement.intention.needs.all():
            if need.pk not in answered or statement.issued_on < answered[need.pk]:
                answered[need.pk] = statement.issued_on
    needs = Need.objects.filter(planning_area=area).exclude(status=Need.Status.REJECTED)
    pairs = [ng.NeedResponse(need.identified_date, answered.get(need.pk)) for need in needs]
    result = ng.response_time(pairs, today=today)
    indicator = Indicator(
        key="need_response_days",
        name=_("Days from an identified need to an approved plan change"),
        definition=_(
            "The median number of days from the day a need was identified (as entered in the "
            "needs register, else the day it was recorded) to the first approved answer: the "
            "approval of the plan version whose measure answers it, "
            "or a positive statement of consistency for a development intention that answers "
            "it. Needs still waiting are counted separately."
        ),
        sources=[
            _("Needs register of the area (date identified or recorded)"),
            _("Measures of the plan and the date of the plan's approval"),
            _("Development intentions and the dates of their statements of consistency"),
        ],
        result=result,
    )
    indicator = _finished(indicator, lambda v: format_number(v, 0))
    indicator.rows = [
        {"label": _("Needs answered"), "value": str(result.count)},
        {"label": _("Needs waiting"), "value": str(result.details.get("waiting", 0))},
    ]
    return indicator


def _population(row: Any, group: str) -> float:
    fact = row.population
    if fact is None:
        return 0.0
    value = fact.total if group == "total" else getattr(fact, group, None)
    return float(value or 0)


def _accessible(area: PlanningArea) -> tuple[Indicator, Indicator]:
    try:
        norm_set = default_norm_set(area=area)
        norms = list(norm_set.norms.select_related("service_type", "form"))
    except KpssError:
        norms = []
    per_type: list[dict[str, Any]] = []
    shares: list[ng.GoalValue] = []
    reason = "no_norms"
    population_rows = {r.municipality.code: r for r in area_municipality_rows(area=area)}
    seen: set[int] = set()
    for listed in norms:
        if listed.service_type_id in seen:
            continue
        seen.add(listed.service_type_id)
        # The norm the accessibility analysis itself uses for the type.
        norm = norm_set.norms.filter(service_type_id=listed.service_type_id).first() or listed
        try:
            report = accessibility_report(
                area=area,
                type_label=norm.service_type.key,
                settings=AccessibilitySettings(),
                norm_set=norm_set,
            )
        except (KpssError, ValueError, ZeroDivisionError):
            reason = "analysis_failed"
            continue
        places = [
            ng.PlaceAccess(
                _population(population_rows[r["code"]], report.population_group),
                r["value"] if r["value"] is not None else math.nan,
            )
            for r in report.rows
            if r["code"] in population_rows
        ]
        label = f"{norm.service_type} ({report.population_group_label})"
        if not any(p.accessibility and not math.isnan(p.accessibility) for p in places):
            # No capacity of the type in the registry data (e.g. no network units recorded):
            # unknown, not zero.
            per_type.append({"label": label, "value": _("no capacity data"), "count": 0})
            continue
        share = ng.population_share_with_access(places, norm=norm.value_per_1000)
        if share.available:
            shares.append(share)
            per_type.append(
                {
                    "label": label,
                    "value": _percent(share.value),
                    "count": len(places),
                }
            )
    if shares:
        total = sum(s.details["population"] for s in shares)
        reached = sum(s.details["population_reached"] for s in shares)
        combined = ng.GoalValue(value=reached / total if total else None, count=len(shares))
    else:
        combined = ng.GoalValue(value=None, count=0, reason=reason)
    access = Indicator(
        key="population_with_access",
        name=_("Target population within reach of sufficient capacity"),
        definition=_(
            "For each service type with a norm: the share of the target group's population "
            "living in municipalities whose accessibility index (places per 1,000 people of "
            "the group within 30 km, enhanced two-step floating catchment) reaches the norm; "
            "all types together, weighted by population."
        ),
        sources=[
            _("Accessibility analysis of KPSS (registry of social services, facilities)"),
            _("Population by age: Czech Statistical Office"),
            _("Norms of capacity of the area (or the shipped defaults)"),
        ],
        result=combined,
        rows=per_type,
    )
    flags = [
        sf.is_continuous for sf in ServiceForm.objects.filter(service__in=service_list(area=area))
    ]
    hours = Indicator(
        key="continuous_share",
        name=_("Service forms open round the clock"),
        definition=_(
            "The share of the area's service forms provided 24/7 among those for which the "
            "registry says whether they are."
        ),
        sources=[_("Registry of social service providers: operating hours of each form")],
        result=ng.continuous_share(flags),
    )
    return _finished(access, _percent), _finished(hours, _percent)


def network_goals(*, area: PlanningArea, year: int, today: dt.date | None = None) -> list[Goal]:
    today = today or dt.date.today()
    efficient, stable, fair = _finance_goals(area, year)
    access, hours = _accessible(area)
    return [
        Goal("efficient", _("Efficient"), _("Does the network cost what is usual?"), [efficient]),
        Goal(
            "stable",
            _("Stable"),
            _("Can the services rely on public funding for their basic operation?"),
            [stable],
        ),
        Goal(
            "flexible",
            _("Flexible"),
            _("How fast does the plan answer a new need?"),
            [_flexible(area, today)],
        ),
        Goal(
            "accessible",
            _("Accessible"),
            _("Can people reach enough capacity in time and place?"),
            [access, hours],
        ),
        Goal(
            "fair",
            _("Fair"),
            _("Do comparable providers get comparable public money?"),
            [fair],
        ),
    ]
