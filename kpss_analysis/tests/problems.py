"""Small problem generators shared by the tests of the numeric core."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kpss_analysis._arrays import FloatArray


@dataclass(frozen=True)
class Problem:
    """Demand populations, supply capacities (supply × types) and a dense cost matrix
    with `inf` for unconnected pairs."""

    population: FloatArray
    capacity: FloatArray
    costs: FloatArray
    threshold: float


def random_problem(rng: np.random.Generator, *, types: int = 2) -> Problem:
    """A random problem rich in ties, boundary costs, zeros and unreachable points."""
    n = int(rng.integers(1, 12))
    m = int(rng.integers(1, 10))
    costs = rng.choice([0.0, 5.0, 10.0, 15.0, 20.0, 25.0, 30.0, 35.0], size=(n, m))
    costs = costs + rng.choice([0.0, 0.0, 0.5, 0.123], size=(n, m))
    costs[rng.random((n, m)) < 0.3] = np.inf
    population = rng.integers(0, 4, n).astype(float) * rng.choice([1.0, 1000.0, 0.37], n)
    capacity = rng.integers(0, 3, (m, types)).astype(float) * rng.choice([1.0, 2.5], (m, 1))
    threshold = float(rng.choice([10.0, 20.0, 25.0, 30.0]))
    return Problem(population, capacity, costs, threshold)
