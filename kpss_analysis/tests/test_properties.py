"""Hypothesis properties of the floating catchment methods."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from kpss_analysis import accessibility as acc
from kpss_analysis.decay import Decay, GaussianDecay, PowerDecay, StepDecay

DECAYS: list[Decay | None] = [
    None,
    StepDecay(),
    GaussianDecay(15.0),
    PowerDecay(1.5, min_cost=1.0),
]


@st.composite
def problems(
    draw: st.DrawFn, *, positive: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = draw(st.integers(1, 8))
    m = draw(st.integers(1, 6))
    people = st.floats(1e-3, 1e6)
    population = draw(
        hnp.arrays(np.float64, n, elements=people if positive else st.just(0.0) | people)
    )
    capacity = draw(hnp.arrays(np.float64, m, elements=st.just(0.0) | st.floats(1e-3, 1e4)))
    costs = draw(
        hnp.arrays(np.float64, (n, m), elements=st.one_of(st.floats(0.0, 40.0), st.just(np.inf)))
    )
    return population, capacity, costs


def _same_special_values(a: np.ndarray, b: np.ndarray) -> None:
    np.testing.assert_array_equal(np.isnan(a), np.isnan(b))
    np.testing.assert_array_equal(np.isinf(a), np.isinf(b))


@settings(max_examples=200, deadline=None)
@given(problems(), st.sampled_from(DECAYS))
def test_results_are_non_negative(problem: tuple, decay: Decay | None) -> None:
    population, capacity, costs = problem
    result = acc.two_stage_fca(population, capacity, costs, threshold=30.0, decay=decay)
    values = result.accessibility[~np.isnan(result.accessibility)]
    assert (values >= 0).all()
    ratios = result.supply_ratio[~np.isnan(result.supply_ratio)]
    assert (ratios >= 0).all()


@settings(max_examples=200, deadline=None)
@given(problems(), st.sampled_from(DECAYS), st.floats(1e-3, 1e3))
def test_scaling_capacity_scales_accessibility(
    problem: tuple, decay: Decay | None, k: float
) -> None:
    population, capacity, costs = problem
    base = acc.two_stage_fca(population, capacity, costs, threshold=30.0, decay=decay)
    scaled = acc.two_stage_fca(population, k * capacity, costs, threshold=30.0, decay=decay)
    _same_special_values(base.accessibility, scaled.accessibility)
    finite = np.isfinite(base.accessibility)
    np.testing.assert_allclose(
        scaled.accessibility[finite], k * base.accessibility[finite], rtol=1e-12
    )


@settings(max_examples=200, deadline=None)
@given(problems(), st.sampled_from(DECAYS), st.floats(1e-3, 1e3))
def test_scaling_population_scales_accessibility_inversely(
    problem: tuple, decay: Decay | None, k: float
) -> None:
    population, capacity, costs = problem
    base = acc.two_stage_fca(population, capacity, costs, threshold=30.0, decay=decay)
    scaled = acc.two_stage_fca(k * population, capacity, costs, threshold=30.0, decay=decay)
    _same_special_values(base.accessibility, scaled.accessibility)
    finite = np.isfinite(base.accessibility)
    np.testing.assert_allclose(
        scaled.accessibility[finite], base.accessibility[finite] / k, rtol=1e-12
    )


@settings(max_examples=300, deadline=None)
@given(problems(positive=True), st.sampled_from(DECAYS))
def test_supply_is_conserved(problem: tuple, decay: Decay | None) -> None:
    # Σ_i A_i P_i = Σ_j S_j · (Σ_i w_ij P_i) / D_j = Σ_j S_j when every demand point reaches
    # a service and every service has (weighted) demand.  Make that so: connect each
    # municipality to a facility at cost 1 and each facility to a municipality at cost 1.
    population, capacity, costs = problem
    n, m = costs.shape
    costs = costs.copy()
    for i in range(n):
        costs[i, i % m] = 1.0
    for j in range(m):
        costs[j % n, j] = 1.0
    result = acc.two_stage_fca(population, capacity, costs, threshold=30.0, decay=decay)
    total = float(np.sum(result.accessibility * population))
    np.testing.assert_allclose(total, capacity.sum(), rtol=1e-12, atol=1e-9)


@settings(max_examples=100, deadline=None)
@given(problems(), st.integers(1, 4))
def test_many_types_equal_one_type_at_a_time(problem: tuple, types: int) -> None:
    population, capacity, costs = problem
    stacked = np.column_stack([capacity * (t + 1) for t in range(types)])
    together = acc.enhanced_two_stage_fca(population, stacked, costs, threshold=30.0)
    for t in range(types):
        alone = acc.enhanced_two_stage_fca(population, stacked[:, t], costs, threshold=30.0)
        _same_special_values(together.accessibility[:, t], alone.accessibility)
        finite = np.isfinite(alone.accessibility)
        np.testing.assert_allclose(
            together.accessibility[finite, t], alone.accessibility[finite], rtol=1e-12
        )
