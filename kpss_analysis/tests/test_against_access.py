"""Cross-check against PySAL `access` 1.1.10 (an independent reference implementation).

Both get the same problem; `access` gets the connected pairs as a cost DataFrame. The
results must agree to 1e-12 relative, with NaN and infinity in the same places.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable

import numpy as np
import pytest

from kpss_analysis import accessibility as acc
from kpss_analysis.decay import Decay, GaussianDecay, PowerDecay, StepDecay
from kpss_analysis.tests.problems import Problem, random_problem

access = pytest.importorskip("access")
pd = pytest.importorskip("pandas")
logging.getLogger("access").setLevel(logging.WARNING)
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::FutureWarning")

WeightFn = Callable[[float], float] | None

METHODS: dict[str, tuple[WeightFn, Decay | None]] = {
    "2sfca": (None, None),
    "e2sfca-steps": (access.weights.step_fn({10: 1, 20: 0.68, 30: 0.22}), StepDecay()),
    "e2sfca-gaussian": (access.weights.gaussian(12), GaussianDecay(12)),
    "gravity": (access.weights.gravity(1, -1.5, 1), PowerDecay(1.5, 1, 1)),
}


def reference(
    problem: Problem, threshold: float | None, weight_fn: WeightFn, *, catchment: bool = False
) -> np.ndarray:
    n, m = problem.costs.shape
    types = problem.capacity.shape[1]
    rows, cols = np.nonzero(np.isfinite(problem.costs))
    cost_df = pd.DataFrame({"origin": rows, "dest": cols, "cost": problem.costs[rows, cols]})
    demand_df = pd.DataFrame({"geoid": np.arange(n), "pop": problem.population})
    names = [f"s{t}" for t in range(types)]
    supply_df = pd.DataFrame(
        {"geoid": np.arange(m), **{name: problem.capacity[:, t] for t, name in enumerate(names)}}
    )
    model = access.Access(
        demand_df=demand_df,
        demand_index="geoid",
        demand_value="pop",
        supply_df=supply_df,
        supply_index="geoid",
        supply_value=names,
        cost_df=cost_df,
        cost_origin="origin",
        cost_dest="dest",
        cost_name="cost",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if catchment:
            out = model.weighted_catchment(name="x", max_cost=threshold, weight_fn=weight_fn)
        else:
            out = model.two_stage_fca(name="x", max_cost=threshold, weight_fn=weight_fn)
    return out[[f"x_{name}" for name in names]].reindex(np.arange(n)).to_numpy()


def assert_same(ours: np.ndarray, ref: np.ndarray) -> None:
    np.testing.assert_array_equal(np.isnan(ours), np.isnan(ref), err_msg="NaN positions")
    np.testing.assert_array_equal(np.isposinf(ours), np.isposinf(ref), err_msg="inf positions")
    finite = np.isfinite(ref)
    np.testing.assert_allclose(ours[finite], ref[finite], rtol=1e-12, atol=0)


@pytest.mark.parametrize("seed", range(60))
@pytest.mark.parametrize("method", sorted(METHODS))
def test_random_problems(seed: int, method: str) -> None:
    problem = random_problem(np.random.default_rng(seed))
    threshold = None if seed % 10 == 9 else problem.threshold
    weight_fn, decay = METHODS[method]
    ours = acc.two_stage_fca(
        problem.population, problem.capacity, problem.costs, threshold=threshold, decay=decay
    )
    assert_same(ours.accessibility, reference(problem, threshold, weight_fn))


@pytest.mark.parametrize("seed", range(20))
def test_random_weighted_catchment(seed: int) -> None:
    problem = random_problem(np.random.default_rng(1000 + seed))
    weight_fn, decay = METHODS["e2sfca-steps"]
    ours = acc.weighted_catchment(
        problem.capacity, problem.costs, threshold=problem.threshold, decay=decay
    )
    ref = reference(problem, problem.threshold, weight_fn, catchment=True)
    assert_same(ours, ref)


INF = np.inf

EDGE_CASES: dict[str, Problem] = {
    # Cost equal to the threshold is inside the catchment.
    "cost equal to threshold": Problem(
        np.array([10.0, 20.0]),
        np.array([[3.0], [1.0]]),
        np.array([[30.0, 30.000001], [10.0, 30.0]]),
        30.0,
    ),
    # The weight applies in step 1 as well: weighting only step 2 gives other numbers.
    "weights in both steps": Problem(
        np.array([100.0, 100.0, 50.0]),
        np.array([[10.0], [5.0]]),
        np.array([[5.0, 25.0], [15.0, 8.0], [28.0, 12.0]]),
        30.0,
    ),
    # Municipality 1 reaches nothing (NaN); facility 1 has capacity but no population in
    # reach (inf); facility 2 has neither (0/0, skipped).
    "nan and inf": Problem(
        np.array([0.0, 40.0, 10.0]),
        np.array([[4.0], [2.0], [0.0]]),
        np.array([[5.0, 5.0, 5.0], [INF, 50.0, INF], [9.0, INF, INF]]),
        30.0,
    ),
    # Threshold beyond the last step: the pair at 35 is inside with weight 0, so the inf
    # ratio times 0 is skipped rather than propagated.
    "inf times zero weight": Problem(
        np.array([0.0, 5.0]),
        np.array([[4.0], [1.0]]),
        np.array([[35.0, INF], [INF, 1.0]]),
        40.0,
    ),
    "nothing connected": Problem(
        np.array([1.0, 2.0]), np.array([[1.0]]), np.array([[INF], [INF]]), 30.0
    ),
    "zero costs": Problem(
        np.array([3.0, 0.0]), np.array([[1.0, 2.0]]), np.array([[0.0], [0.0]]), 0.0
    ),
}


@pytest.mark.parametrize("case", sorted(EDGE_CASES))
@pytest.mark.parametrize("method", sorted(METHODS))
def test_edge_cases(case: str, method: str) -> None:
    problem = EDGE_CASES[case]
    weight_fn, decay = METHODS[method]
    ours = acc.two_stage_fca(
        problem.population,
        problem.capacity,
        problem.costs,
        threshold=problem.threshold,
        decay=decay,
    )
    assert_same(ours.accessibility, reference(problem, problem.threshold, weight_fn))


def test_the_edge_cases_do_produce_nan_and_infinity() -> None:
    ours = acc.two_stage_fca(
        EDGE_CASES["nan and inf"].population,
        EDGE_CASES["nan and inf"].capacity,
        EDGE_CASES["nan and inf"].costs,
        threshold=30.0,
    )
    # Row 1 reaches nothing; row 0 reaches facility 1 whose catchment has 0 people.
    assert np.isnan(ours.accessibility[1, 0])
    assert np.isposinf(ours.accessibility[0, 0])


def test_weighting_only_the_second_step_would_differ() -> None:
    # Guard for the case above: prove it discriminates between the two readings.
    problem = EDGE_CASES["weights in both steps"]
    w = StepDecay().weights(problem.costs)
    w[~np.isfinite(problem.costs)] = 0.0
    ratio = problem.capacity[:, 0] / (problem.population @ (problem.costs <= 30.0))
    second_step_only = w @ ratio
    both = acc.enhanced_two_stage_fca(
        problem.population, problem.capacity[:, 0], problem.costs, threshold=30.0
    )
    assert not np.allclose(both.accessibility, second_step_only)
