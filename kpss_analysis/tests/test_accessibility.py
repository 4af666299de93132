"""Hand-computed floating catchment cases."""

from __future__ import annotations

import math

import numpy as np
import pytest

from kpss_analysis import accessibility as acc
from kpss_analysis.costs import cost_table_from_dense
from kpss_analysis.decay import GaussianDecay, PowerDecay, StepDecay

INF = math.inf

# Three municipalities (demand) and two facilities (supply); threshold 10.
#   pairs inside: (0,0) cost 5, (1,0) cost 10 (equal to the threshold: inside), (1,1) cost 8
#   outside:      (0,1) 15, (2,0) 20, (2,1) 12  → municipality 2 reaches nothing.
POPULATION = np.array([100.0, 200.0, 300.0])
CAPACITY = np.array([10.0, 20.0])
COSTS = np.array([[5.0, 15.0], [10.0, 8.0], [20.0, 12.0]])


def test_two_stage_fca_by_hand() -> None:
    # D_0 = 100 + 200 = 300, R_0 = 10/300 = 1/30;  D_1 = 200, R_1 = 20/200 = 1/10
    # A_0 = 1/30;  A_1 = 1/30 + 1/10 = 2/15;  A_2 = NaN (no service within reach)
    result = acc.two_stage_fca(POPULATION, CAPACITY, COSTS, threshold=10.0)
    np.testing.assert_allclose(result.demand_in_catchment, [300.0, 200.0], rtol=1e-15)
    np.testing.assert_allclose(result.supply_ratio, [1 / 30, 1 / 10], rtol=1e-15)
    np.testing.assert_allclose(result.accessibility, [1 / 30, 2 / 15, np.nan], rtol=1e-15)
    # Conservation over the reached municipalities: 100/30 + 200·2/15 = 10/3 + 80/3 = 30.
    assert np.nansum(result.accessibility * POPULATION) == pytest.approx(30.0, rel=1e-15)
    assert acc.describe_accessibility(result.accessibility[2]) == "no_service_in_reach"


def test_a_sparse_table_gives_the_same_as_the_dense_matrix() -> None:
    dense = acc.two_stage_fca(POPULATION, CAPACITY, COSTS, threshold=10.0)
    sparse = acc.two_stage_fca(POPULATION, CAPACITY, cost_table_from_dense(COSTS), threshold=10.0)
    np.testing.assert_array_equal(dense.accessibility, sparse.accessibility)


def test_enhanced_two_stage_fca_with_steps_by_hand() -> None:
    # Steps (5 → 1.0, 10 → 0.5): w00 = 1 (5 <= 5), w10 = 0.5, w11 = 0.5.
    # D_0 = 1·100 + 0.5·200 = 200, R_0 = 10/200 = 0.05;  D_1 = 0.5·200 = 100, R_1 = 0.2
    # A_0 = 1·0.05 = 0.05;  A_1 = 0.5·0.05 + 0.5·0.2 = 0.125;  A_2 = NaN
    result = acc.enhanced_two_stage_fca(
        POPULATION, CAPACITY, COSTS, threshold=10.0, steps=[(10.0, 0.5), (5.0, 1.0)]
    )
    np.testing.assert_allclose(result.supply_ratio, [0.05, 0.2], rtol=1e-15)
    np.testing.assert_allclose(result.accessibility, [0.05, 0.125, np.nan], rtol=1e-15)


def test_enhanced_two_stage_fca_with_a_gaussian_by_hand() -> None:
    # σ = 10: w(c) = exp(−c²/200): w00 = e^−0.125, w10 = e^−0.5, w11 = e^−0.32
    w00, w10, w11 = math.exp(-0.125), math.exp(-0.5), math.exp(-0.32)
    r0 = 10.0 / (w00 * 100 + w10 * 200)
    r1 = 20.0 / (w11 * 200)
    result = acc.enhanced_two_stage_fca(POPULATION, CAPACITY, COSTS, threshold=10.0, sigma=10.0)
    np.testing.assert_allclose(
        result.accessibility, [w00 * r0, w10 * r0 + w11 * r1, np.nan], rtol=1e-14
    )


def test_gravity_two_stage_fca_by_hand() -> None:
    # β = 1: w = 1/c: w00 = 0.2, w10 = 0.1, w11 = 0.125
    # D_0 = 0.2·100 + 0.1·200 = 40, R_0 = 0.25;  D_1 = 0.125·200 = 25, R_1 = 0.8
    # A_0 = 0.2·0.25 = 0.05;  A_1 = 0.1·0.25 + 0.125·0.8 = 0.125
    result = acc.gravity_two_stage_fca(POPULATION, CAPACITY, COSTS, threshold=10.0, beta=1.0)
    np.testing.assert_allclose(result.supply_ratio, [0.25, 0.8], rtol=1e-15)
    np.testing.assert_allclose(result.accessibility, [0.05, 0.125, np.nan], rtol=1e-15)


def test_gravity_needs_a_minimum_cost_when_a_cost_is_zero() -> None:
    costs = np.array([[0.0]])
    with pytest.raises(ValueError, match="min_cost"):
        acc.gravity_two_stage_fca([1.0], [1.0], costs, threshold=10.0, beta=1.0)
    # (max(0, 1)/1)^−1 = 1: R = 1/1, A = 1.
    result = acc.gravity_two_stage_fca([1.0], [1.0], costs, threshold=10.0, beta=1.0, min_cost=1)
    assert result.accessibility[0] == 1.0


def test_infinity_and_nan_by_hand() -> None:
    # Demand: 0 people (municipality 0), 100 people (1), 0 people (2).
    # Supply: 5, 0, 3, 0 places.  Pairs: (0,0), (0,3), (1,1), (1,2), (2,3), all cost 1.
    # D = [0, 100, 100, 0]  →  R = [5/0 = inf, 0, 0.03, 0/0 = NaN]
    # A_0 = inf + NaN(skipped) = inf;  A_1 = 0 + 0.03;  A_2 = NaN(skipped) → 0
    costs = np.full((3, 4), INF)
    for i, j in [(0, 0), (0, 3), (1, 1), (1, 2), (2, 3)]:
        costs[i, j] = 1.0
    result = acc.two_stage_fca([0.0, 100.0, 0.0], [5.0, 0.0, 3.0, 0.0], costs, threshold=2.0)
    np.testing.assert_array_equal(result.supply_ratio, [INF, 0.0, 0.03, np.nan])
    np.testing.assert_array_equal(result.accessibility, [INF, 0.03, 0.0])
    assert acc.describe_accessibility(result.accessibility[0]) == "capacity_without_demand"
    assert acc.describe_accessibility(result.accessibility[1]) == "ok"


def test_an_infinite_ratio_with_zero_weight_is_skipped() -> None:
    # Steps end at 10 but the threshold is 30: the pair (0,0) at cost 20 is inside with
    # weight 0.  D_0 = 0·50 = 0 → R_0 = inf;  A_0 = inf·0 = NaN, skipped → 0 (not NaN:
    # the service is within reach).
    result = acc.enhanced_two_stage_fca(
        [50.0], [4.0], np.array([[20.0]]), threshold=30.0, steps=[(10.0, 1.0)]
    )
    assert result.supply_ratio[0] == INF
    assert result.accessibility[0] == 0.0


def test_threshold_none_keeps_every_pair_of_the_table() -> None:
    # With no threshold every finite cost is connected: D_0 = 1 + 3 = 4, R_0 = 8/4 = 2,
    # A = [2, 2].
    result = acc.two_stage_fca([1.0, 3.0], [8.0], np.array([[100.0], [1e6]]), threshold=None)
    np.testing.assert_array_equal(result.accessibility, [2.0, 2.0])


def test_many_types_in_one_call_equal_one_call_per_type() -> None:
    rng = np.random.default_rng(3)
    costs = rng.uniform(0, 40, (30, 20))
    population = rng.integers(0, 500, 30).astype(float)
    capacity = rng.integers(0, 30, (20, 5)).astype(float)
    together = acc.enhanced_two_stage_fca(population, capacity, costs, threshold=30.0)
    assert together.accessibility.shape == (30, 5)
    for t in range(5):
        alone = acc.enhanced_two_stage_fca(population, capacity[:, t], costs, threshold=30.0)
        np.testing.assert_allclose(together.accessibility[:, t], alone.accessibility, rtol=1e-13)
        np.testing.assert_allclose(together.supply_ratio[:, t], alone.supply_ratio, rtol=1e-13)


def test_per_type_populations() -> None:
    # Two types with their own population column.  Type 0: D = 10 + 30 = 40, R = 4/40;
    # type 1: D = 0 + 5 = 5, R = 1/5.  Every municipality reaches the one facility.
    result = acc.two_stage_fca(
        np.array([[10.0, 0.0], [30.0, 5.0]]),
        np.array([[4.0, 1.0]]),
        np.array([[1.0], [2.0]]),
        threshold=5.0,
    )
    np.testing.assert_allclose(result.accessibility, [[0.1, 0.2], [0.1, 0.2]], rtol=1e-15)


def test_infinity_in_many_types() -> None:
    # Type 0 has capacity 2 at facility 0 whose catchment holds no population.
    costs = np.array([[1.0, INF], [INF, 1.0]])
    result = acc.two_stage_fca([0.0, 5.0], np.array([[2.0, 0.0], [1.0, 1.0]]), costs, threshold=2)
    np.testing.assert_array_equal(result.accessibility, [[INF, 0.0], [0.2, 0.2]])


def test_field_services_by_territorial_scope() -> None:
    # Service 0 serves municipalities 0 and 1; service 1 serves 1 and 2.
    # R_0 = 6/(100 + 200) = 0.02;  R_1 = 9/(200 + 100) = 0.03
    # A = [0.02, 0.05, 0.03]; municipality 3 is outside every scope → NaN.
    scope = np.array([[1, 0], [1, 1], [0, 1], [0, 0]], dtype=bool)
    result = acc.territorial_scope_fca([100.0, 200.0, 100.0, 50.0], [6.0, 9.0], scope)
    np.testing.assert_allclose(result.accessibility, [0.02, 0.05, 0.03, np.nan], rtol=1e-15)


def test_weighted_catchment_sums_supply_in_reach() -> None:
    # A_0 = 10 (cost 5);  A_1 = 10 + 20;  A_2 = NaN
    result = acc.weighted_catchment(CAPACITY, COSTS, threshold=10.0)
    np.testing.assert_array_equal(result, [10.0, 30.0, np.nan])
    weighted = acc.weighted_catchment(
        CAPACITY, COSTS, threshold=10.0, decay=StepDecay([(5.0, 1.0), (10.0, 0.5)])
    )
    np.testing.assert_array_equal(weighted, [10.0, 15.0, np.nan])


def test_normalized_accessibility() -> None:
    # mean = (1/30·100 + 2/15·200) / 600 = 30/600 = 0.05 (NaN term skipped, its people
    # still in the denominator, as `access`).
    result = acc.two_stage_fca(POPULATION, CAPACITY, COSTS, threshold=10.0)
    normal = acc.normalized_accessibility(result.accessibility, POPULATION)
    np.testing.assert_allclose(normal, [(1 / 30) / 0.05, (2 / 15) / 0.05, np.nan], rtol=1e-14)


def test_decay_weights() -> None:
    costs = np.array([0.0, 10.0, 10.5, 20.0, 30.0, 30.1])
    np.testing.assert_array_equal(StepDecay().weights(costs), [1.0, 1.0, 0.68, 0.68, 0.22, 0.0])
    assert GaussianDecay(20.0).weights(np.array([20.0]))[0] == pytest.approx(math.exp(-0.5))
    np.testing.assert_allclose(
        PowerDecay(2.0, scale=20.0, min_cost=1.0).weights(np.array([0.0, 2.0, 40.0])),
        [400.0, 100.0, 0.25],
    )
    with pytest.raises(ValueError):
        StepDecay([(10.0, -1.0)])
    with pytest.raises(ValueError):
        GaussianDecay(0.0)


def test_bad_inputs_are_rejected() -> None:
    with pytest.raises(ValueError):
        acc.two_stage_fca([-1.0, 0.0, 0.0], CAPACITY, COSTS, threshold=10.0)
    with pytest.raises(ValueError):
        acc.two_stage_fca(POPULATION[:2], CAPACITY, COSTS, threshold=10.0)
    with pytest.raises(ValueError):
        acc.two_stage_fca(POPULATION, [np.nan, 1.0], COSTS, threshold=10.0)
    with pytest.raises(ValueError):
        acc.enhanced_two_stage_fca(POPULATION, CAPACITY, COSTS, threshold=10.0, steps=[], sigma=1)
