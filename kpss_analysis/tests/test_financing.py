"""Contribution formulas, the allocation rule, compensation and the allocation LP, by hand."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

from kpss_analysis import allocation as lp
from kpss_analysis.financing import (
    ApplicationClaim,
    ContributionError,
    ContributionFormula,
    MunicipalityBase,
    compensation_check,
    compensation_limit,
    contributions,
    largest_remainder,
    proposed_amounts,
    water_fill,
)

A = MunicipalityBase("1", "Aaa", 1000, {"65_plus": 200, "0_14": 150}, users=10)
B = MunicipalityBase("2", "Bbb", 3000, {"65_plus": 400, "0_14": 500}, users=5)


def test_contribution_per_inhabitant_and_fixed_part() -> None:
    formula = ContributionFormula(fixed_czk=5000, per_inhabitant=Decimal("12.5"))
    result = contributions(formula, [A, B])
    assert [(c.fixed, c.variable, c.total) for c in result] == [
        (5000, 12500, 17500),
        (5000, 37500, 42500),
    ]


def test_contribution_combines_age_group_and_users() -> None:
    formula = ContributionFormula(
        per_age_group_inhabitant=Decimal(20), age_group="65_plus", per_user=Decimal(1000)
    )
    # A: 200 × 20 + 10 × 1000 = 14 000; B: 400 × 20 + 5 × 1000 = 13 000
    assert [c.total for c in contributions(formula, [A, B])] == [14000, 13000]


def test_contribution_target_total_is_met_exactly() -> None:
    formula = ContributionFormula(fixed_czk=1000, per_inhabitant=Decimal(1), target_total=10001)
    result = contributions(formula, [A, B])
    # 8 001 variable split 1:3 → 2 000.25 and 6 000.75 → 2 000 and 6 001
    assert [c.variable for c in result] == [2000, 6001]
    assert sum(c.total for c in result) == 10001


def test_contribution_target_below_fixed_parts_is_explained() -> None:
    formula = ContributionFormula(fixed_czk=6000, per_inhabitant=Decimal(1), target_total=10000)
    with pytest.raises(ContributionError, match="below the fixed parts"):
        contributions(formula, [A, B])


def test_largest_remainder_keeps_total() -> None:
    assert largest_remainder([1 / 3, 1 / 3, 1 / 3], 1) == [1, 0, 0]
    assert sum(largest_remainder([2.5, 2.5, 5.0], 10)) == 10


def test_water_fill_redistributes_capped_surplus() -> None:
    # 300 by weights 1:1:1, first capped at 50 → the others share 250.
    assert water_fill([1, 1, 1], [50, 1000, 1000], 300) == pytest.approx([50, 125, 125])
    # Every cap reached: the rest stays unspent.
    assert water_fill([1, 2], [10, 10], 100) == [10, 10]


def test_allocation_rule_score_times_units_capped() -> None:
    claims = [
        ApplicationClaim("a", score=80, units=2, requested=1_000_000),
        ApplicationClaim("b", score=40, units=2, requested=1_000_000),
        ApplicationClaim("c", score=80, units=1, requested=50_000, limit=200_000),
    ]
    # Weights 160:80:80 of 400 000 → 200 000, 100 000, 100 000; c capped at 50 000 → the
    # remaining 50 000 goes to a and b 2:1.
    amounts = proposed_amounts(claims, 400_000)
    assert amounts == {"a": 233_333, "b": 116_667, "c": 50_000}
    assert sum(amounts.values()) == 400_000


def test_allocation_rule_respects_compensation_limit_and_zero_score() -> None:
    claims = [
        ApplicationClaim("a", score=50, units=1, requested=500_000, limit=120_000),
        ApplicationClaim("b", score=0, units=3, requested=500_000),
    ]
    assert proposed_amounts(claims, 400_000) == {"a": 120_000, "b": 0}


def test_compensation_limit_and_overcompensation() -> None:
    assert compensation_limit(900_000, 150_000, Decimal("2.5")) == 1_875_000
    assert compensation_limit(100, 150, Decimal(3)) == 0
    fine = compensation_check(
        total_cost=2_000_000, non_public_revenue=600_000, public_funding=1_400_000
    )
    assert fine.justified_net_cost == 1_400_000
    assert not fine.is_overcompensated
    assert fine.headroom == 0
    over = compensation_check(
        total_cost=2_000_000, non_public_revenue=600_000, public_funding=1_550_000
    )
    assert over.is_overcompensated
    assert over.overcompensation == 150_000


# --- The LP ---------------------------------------------------------------------------------


def test_lp_puts_money_where_weighted_need_is_larger() -> None:
    # Two services, budget 150, minimums 20 each, caps 100: the heavier one (weight 2) gets
    # its cap, the other the rest: x = (100, 50); unmet = 2·0 + 1·50 = 50.
    problem = lp.allocation_problem(minimum=[20, 20], cap=[100, 100], weight=[2, 1], budget=150)
    result = lp.allocate(problem)
    assert result.feasible
    assert result.amounts == pytest.approx([100, 50])
    assert lp.unmet_need(problem, result.amounts) == pytest.approx(50)
    # A proportional cut (75, 75) leaves more weighted need uncovered: 2·25 + 1·25 = 75.
    assert lp.unmet_need(problem, lp.proportional_cut(problem)) == pytest.approx(75)


def test_lp_keeps_minimums_for_stability() -> None:
    # Weight makes the first service attractive, but the second must keep its minimum 40.
    problem = lp.allocation_problem(minimum=[0, 40], cap=[100, 100], weight=[5, 1], budget=100)
    result = lp.allocate(problem)
    assert result.amounts == pytest.approx([60, 40])


def test_lp_fairness_floor_binds() -> None:
    # Municipality 1 uses only service 0, municipality 2 only service 1 (caps 100 each).
    # Without a floor all 100 goes to the heavier service 0; with a 30 % floor municipality 2
    # keeps 30: x = (70, 30), unmet = 3·30 + 1·70 = 160.
    shares = np.array([[1.0, 0.0], [0.0, 1.0]])
    free = lp.allocation_problem(minimum=[0, 0], cap=[100, 100], weight=[3, 1], budget=100)
    assert lp.allocate(free).amounts == pytest.approx([100, 0])
    fair = lp.allocation_problem(
        minimum=[0, 0], cap=[100, 100], weight=[3, 1], budget=100, shares=shares, floor=0.3
    )
    result = lp.allocate(fair)
    assert result.amounts == pytest.approx([70, 30])
    assert lp.unmet_need(fair, result.amounts) == pytest.approx(160)


def test_lp_never_overcompensates_when_budget_is_ample() -> None:
    problem = lp.allocation_problem(minimum=[0, 0], cap=[10, 20], weight=[1, 1], budget=1000)
    result = lp.allocate(problem)
    assert result.amounts == pytest.approx([10, 20])


def test_lp_budget_below_minimums_is_explained_not_raised() -> None:
    problem = lp.allocation_problem(minimum=[60, 70], cap=[100, 100], weight=[1, 1], budget=100)
    result = lp.allocate(problem)
    assert not result.feasible
    assert result.reason == lp.BUDGET_BELOW_MINIMUMS
    assert result.figures["missing"] == pytest.approx(30)
    assert "below the sum of the minimums" in result.explanation
    assert "30 CZK is missing" in result.explanation


def test_lp_floor_out_of_reach_names_the_budget_needed() -> None:
    shares = np.array([[1.0, 0.0], [0.0, 1.0]])
    problem = lp.allocation_problem(
        minimum=[0, 0], cap=[100, 100], weight=[1, 1], budget=100, shares=shares, floor=0.8
    )
    result = lp.allocate(problem)
    assert not result.feasible
    assert result.reason == lp.BUDGET_BELOW_FLOOR
    assert result.figures["required"] == pytest.approx(160)


def test_minimum_above_cap_is_lowered_to_cap() -> None:
    problem = lp.allocation_problem(minimum=[50, 0], cap=[30, 100], weight=[1, 1], budget=200)
    assert problem.lowered_minimums == (0,)
    assert lp.allocate(problem).amounts == pytest.approx([30, 100])


def test_comparison_keys() -> None:
    problem = lp.allocation_problem(minimum=[0, 0], cap=[100, 300], weight=[1, 1], budget=200)
    assert lp.proportional_cut(problem) == pytest.approx([50, 150])
    assert lp.equal_per_unit(problem, [1, 1]) == pytest.approx([100, 100])
    assert lp.by_previous_key(problem, [1, 3]) == pytest.approx([50, 150])


def test_lp_spreads_money_among_equal_weights() -> None:
    # Equal weights, budget for half of the caps: nobody is left below a quarter of its cap,
    # and the weighted unmet need equals that of the proportional cut.
    problem = lp.allocation_problem(
        minimum=[0, 0, 0, 0], cap=[100, 100, 100, 100], weight=[1, 1, 1, 1], budget=200
    )
    result = lp.allocate(problem)
    assert result.amounts == pytest.approx([50, 50, 50, 50])
    assert lp.unmet_need(problem, result.amounts) == pytest.approx(200)
