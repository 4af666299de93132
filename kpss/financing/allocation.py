"""Fair allocation of a limited budget among the area's services, from their budgets.

Per service form with a budget in the year (see selectors.budgets_for_year):

- minimum: what the service still lacks for basic operation after its non-public revenues
  and the public money other than the allocated budget (state/region, EU, other public):
  max(0, basic_operation_cost − non-public revenues − other public funding);
- cap: the most it may receive without overcompensation: justified net cost − other public
  funding, and no more than (usual cost − usual revenue) per unit × units where the region's
  usual cost is known;
- weight: 1 + the share of unmet need of the service's type in the municipalities its users
  come from (gap analysis: max(0, gap) / need), so money goes first where need is unmet;
- shares: the service's users by municipality of residence (else its territory, evenly).

Scenarios compared side by side: `need` (the LP of kpss_analysis.allocation), `previous`
(last year's municipal money as the key), `per_unit` (the same amount per unit) and
`proportional` (the same fraction of every cap).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp
from django.utils.translation import gettext as _

from kpss.core.text import czech_sort_key
from kpss.financing.models import ServiceBudget
from kpss.financing.selectors import budgets_for_year, usual_costs_for_year
from kpss.territory.models import PlanningArea
from kpss.territory.selectors import area_municipalities
from kpss_analysis import allocation as lp

SCENARIOS = ("need", "previous", "per_unit", "proportional")


def scenario_label(key: str) -> str:
    return {
        "need": _("Need-based (optimal)"),
        "previous": _("Last year's key"),
        "per_unit": _("Equal per unit"),
        "proportional": _("Proportional cut"),
    }[key]


@dataclass
class ServiceInput:
    budget: ServiceBudget
    minimum: int
    cap: int
    weight: float
    previous: int
    shares: dict[str, float]


def _gap_ratios(area: PlanningArea) -> dict[tuple[str, str], float]:
    """(service type key, municipality code) → unmet share of need, from the gap analysis;
    empty when no norm set is loaded."""
    try:
        from kpss.needs.analysis import gap_analysis_compute

        analysis = gap_analysis_compute(area=area)
    except Exception:
        return {}
    ratios: dict[tuple[str, str], float] = {}
    for row in analysis.rows:
        if row.need > 0 and np.isfinite(row.gap):
            key = (row.service_type, row.municipality)
            ratios[key] = max(ratios.get(key, 0.0), max(0.0, row.gap) / row.need)
    return ratios


def allocation_inputs(*, area: PlanningArea, year: int) -> list[ServiceInput]:
    usual = usual_costs_for_year(year=year)
    ratios = _gap_ratios(area)
    members = {m.pk: m.code for m in area_municipalities(area=area)}
    previous: dict[tuple[int, int], int] = {
        (b.service_id, b.form_id): b.rev_municipalities
        for b in budgets_for_year(area=area, year=year - 1)
    }
    inputs = []
    for budget in budgets_for_year(area=area, year=year):
        other_public = budget.public_funding - budget.rev_municipalities
        cap = max(0, budget.justified_net_cost - other_public)
        cost = usual.get((budget.service.service_type_id, budget.form_id))
        if cost is not None:
            cap = min(cap, int(cost.compensation_per_unit * budget.units))
        minimum = max(0, budget.basic_operation_cost - budget.non_public_revenue - other_public)
        users = {
            members[u.municipality_id]: u.users
            for u in budget.users_by_municipality.all()
            if u.municipality_id in members
        }
        if not users:
            territory = [members[m.pk] for m in budget.service.territory.all() if m.pk in members]
            users = dict.fromkeys(territory, 1)
        total_users = sum(users.values())
        shares = {code: n / total_users for code, n in users.items()} if total_users else {}
        type_key = budget.service.service_type.key
        weight = 1.0 + sum(
            share * ratios.get((type_key, code), 0.0) for code, share in shares.items()
        )
        inputs.append(
            ServiceInput(
                budget=budget,
                minimum=minimum,
                cap=cap,
                weight=round(weight, 4),
                previous=previous.get((budget.service_id, budget.form_id), 0),
                shares=shares,
            )
        )
    return inputs


@dataclass
class Comparison:
    """The scenarios side by side, per service and per municipality."""

    year: int
    budget: int
    floor: float
    inputs: list[ServiceInput]
    municipalities: list[str]
    municipality_names: dict[str, str]
    amounts: dict[str, list[int]]
    unmet: dict[str, float]
    by_municipality: dict[str, list[int]]
    result: lp.AllocationResult
    lowered_minimums: list[int] = field(default_factory=list)
    #: Per scenario: services left below their minimum, municipalities below the floor.
    below_minimum: dict[str, int] = field(default_factory=dict)
    below_floor: dict[str, int] = field(default_factory=dict)

    @property
    def feasible(self) -> bool:
        return self.result.feasible

    def explanation(self) -> str:
        """The reason in the user's language, with the figures."""
        figures = self.result.figures
        if self.result.reason == lp.BUDGET_BELOW_MINIMUMS:
            return _(
                "The budget of %(budget)s CZK is below the sum of the minimums for basic "
                "operation of the %(n)s services (%(required)s CZK): %(missing)s CZK is "
                "missing. Raise the budget, lower the minimums or take services out of the "
                "network."
            ) % {
                "budget": _fmt(figures["budget"]),
                "n": len(self.inputs),
                "required": _fmt(figures["required"]),
                "missing": _fmt(figures["missing"]),
            }
        if self.result.reason == lp.BUDGET_BELOW_FLOOR:
            return _(
                "The budget of %(budget)s CZK cannot keep every municipality at %(floor)s %% "
                "of its need covered; that needs at least %(required)s CZK. Raise the budget "
                "or lower the fairness floor."
            ) % {
                "budget": _fmt(figures["budget"]),
                "floor": round(self.floor * 100),
                "required": _fmt(figures.get("required", 0)),
            }
        return self.result.explanation


def _fmt(value: float) -> str:
    return f"{round(value):,}".replace(",", "\u00a0")


def _to_czk(values: Any, caps: np.ndarray) -> list[int]:
    return [int(min(np.floor(v + 1e-6), c)) for v, c in zip(values, caps, strict=True)]


def allocation_compare(
    *, area: PlanningArea, year: int, budget: int, floor: float = 0.0
) -> Comparison:
    inputs = allocation_inputs(area=area, year=year)
    names = {m.code: m.name for m in area_municipalities(area=area)}
    codes = sorted(names, key=lambda c: czech_sort_key(names[c]))
    index = {c: j for j, c in enumerate(codes)}
    rows, cols, data = [], [], []
    for i, item in enumerate(inputs):
        for code, share in item.shares.items():
            rows.append(index[code])
            cols.append(i)
            data.append(share)
    shares = sp.csr_matrix((data, (rows, cols)), shape=(len(codes), len(inputs)))
    problem = lp.allocation_problem(
        minimum=[s.minimum for s in inputs],
        cap=[s.cap for s in inputs],
        weight=[s.weight for s in inputs],
        budget=budget,
        shares=shares,
        floor=floor,
    )
    result = lp.allocate(problem)
    raw = {
        "need": result.amounts,
        "previous": lp.by_previous_key(problem, [s.previous for s in inputs])
        if any(s.previous for s in inputs)
        else lp.proportional_cut(problem),
        "per_unit": lp.equal_per_unit(problem, [float(s.budget.units) for s in inputs]),
        "proportional": lp.proportional_cut(problem),
    }
    amounts = {k: _to_czk(v, problem.cap) for k, v in raw.items()}
    by_municipality = {
        k: [round(x) for x in (shares @ np.asarray(v, dtype=float))] for k, v in amounts.items()
    }
    need = problem.municipality_need()
    below_minimum = {
        k: int(np.sum(np.asarray(v, dtype=float) + 1 < problem.minimum)) for k, v in amounts.items()
    }
    below_floor = {
        k: int(np.sum(np.asarray(v, dtype=float) + 1 < floor * need)) if floor > 0 else 0
        for k, v in by_municipality.items()
    }
    return Comparison(
        year=year,
        budget=budget,
        floor=floor,
        inputs=inputs,
        municipalities=codes,
        municipality_names=names,
        amounts=amounts,
        unmet={k: lp.unmet_need(problem, v) for k, v in amounts.items()},
        by_municipality=by_municipality,
        result=result,
        lowered_minimums=list(problem.lowered_minimums),
        below_minimum=below_minimum,
        below_floor=below_floor,
    )


@dataclass(frozen=True)
class Check:
    label: str
    ok: bool
    detail: str


def allocation_checks(comparison: Comparison, scenario: str) -> list[Check]:
    """The checks printed with an allocation: budget kept, minimums met, no
    overcompensation."""
    amounts = comparison.amounts[scenario]
    spent = sum(amounts)
    short = [
        s.budget.service.name
        for s, x in zip(comparison.inputs, amounts, strict=True)
        if x + 1 < s.minimum
    ]
    over = [
        s.budget.service.name for s, x in zip(comparison.inputs, amounts, strict=True) if x > s.cap
    ]
    return [
        Check(
            _("Within the budget"),
            spent <= comparison.budget,
            _("%(spent)s of %(budget)s CZK allocated")
            % {"spent": _fmt(spent), "budget": _fmt(comparison.budget)},
        ),
        Check(
            _("Minimums for basic operation met"),
            not short,
            ", ".join(short) if short else _("all services"),
        ),
        Check(
            _("No overcompensation"),
            not over,
            ", ".join(over) if over else _("no service above its compensation limit"),
        ),
    ]
