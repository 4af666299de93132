"""Floating catchment accessibility: 2SFCA, enhanced 2SFCA, gravity 2SFCA, field services.

Notation: demand points i with population P_i, supply points j with capacity S_j, the
catchment is the set of connected pairs with cost c_ij <= threshold (a cost equal to the
threshold is inside), and w(c) is a decay weight (w = 1 for plain 2SFCA).

Step 1, supply-to-demand ratio of each supply point:

    D_j = Σ_{i in catchment of j} w(c_ij) · P_i          R_j = S_j / D_j

Step 2, accessibility of each demand point (the weight applies in both steps):

    A_i = Σ_{j in catchment of i} w(c_ij) · R_j

Special values follow PySAL `access` 1.1.10 exactly:

* R_j = +inf when S_j > 0 and D_j = 0 (capacity whose catchment holds no population),
  R_j = NaN when S_j = 0 and D_j = 0;
* in step 2, terms that are NaN (R_j = NaN, or R_j = inf with w = 0) are skipped, so a
  demand point reaching an infinite ratio with w > 0 gets A_i = +inf;
* A_i = NaN when demand point i has no pair in the catchment (no service within reach).

With every demand point inside some catchment and every supply point reaching some
population, Σ_i A_i · P_i = Σ_j S_j (2SFCA conserves supply).

Capacities may be a 2-D array (supply × service types): all types are computed in one
call sharing the cost table and the weights. Demand may then be 1-D (one population for
every type) or 2-D (demand × types).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, cast

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike

from kpss_analysis._arrays import FloatArray, non_negative
from kpss_analysis.costs import CostTable, cost_table_from_dense, cost_table_from_scope
from kpss_analysis.decay import DEFAULT_STEPS, Decay, GaussianDecay, PowerDecay, StepDecay

__all__ = [
    "AccessibilityResult",
    "CostInput",
    "describe_accessibility",
    "enhanced_two_stage_fca",
    "gravity_two_stage_fca",
    "normalized_accessibility",
    "territorial_scope_fca",
    "two_stage_fca",
    "weighted_catchment",
]

#: A cost table or a dense n_demand × n_supply matrix (inf/NaN = not connected).
CostInput = CostTable | FloatArray

Method = Literal["2sfca", "e2sfca", "g2sfca", "scope", "catchment"]


@dataclass(frozen=True, eq=False)
class AccessibilityResult:
    """Result of one floating catchment run.

    `accessibility` has one value per demand point (A_i; per type in columns when the
    capacities were 2-D), `supply_ratio` one per supply point (R_j) and
    `demand_in_catchment` the weighted population D_j behind each ratio.
    """

    method: Method
    accessibility: FloatArray
    supply_ratio: FloatArray
    demand_in_catchment: FloatArray
    threshold: float | None


def _table(costs: CostInput, threshold: float | None) -> CostTable:
    if threshold is not None and not (threshold >= 0.0):
        raise ValueError("threshold must be non-negative (or None)")
    if isinstance(costs, CostTable):
        return costs.within(threshold)
    return cost_table_from_dense(costs, threshold=threshold)


def _weights(table: CostTable, decay: Decay | None) -> FloatArray | None:
    if decay is None:
        return None
    w = np.asarray(decay.weights(table.costs), dtype=np.float64)
    if w.shape != table.costs.shape:
        raise ValueError("the decay must return one weight per pair")
    if w.size and not (np.isfinite(w).all() and w.min() >= 0.0):
        raise ValueError(
            "decay weights must be finite and non-negative (for a power decay, set min_cost > 0)"
        )
    return w


def _to_supply(matrix: sp.csr_matrix, demand: FloatArray) -> FloatArray:
    """D_j = Σ_i w_ij P_i over the pairs (column-wise for 2-D demand)."""
    return cast(FloatArray, np.asarray(matrix.T @ demand, dtype=np.float64))


def _to_demand(
    table: CostTable, matrix: sp.csr_matrix, w: FloatArray | None, ratio: FloatArray
) -> FloatArray:
    """A_i = Σ_j w_ij R_j over the pairs, skipping NaN terms; NaN where i has no pair."""
    finite = np.isfinite(ratio)
    all_finite = bool(finite.all())
    r = ratio if all_finite else np.where(finite, ratio, 0.0)
    result = np.asarray(matrix @ r, dtype=np.float64)
    if not all_finite:
        infinite = np.isposinf(ratio)
        if infinite.any():
            # inf · w is inf for w > 0 and NaN (skipped) for w = 0.
            positive = None if w is None else w > 0.0
            hits = table.pattern(keep=positive) @ infinite.astype(np.float64)
            result[np.asarray(hits) > 0.0] = np.inf
    unreached = table.indptr[1:] == table.indptr[:-1]
    if unreached.any():
        result[unreached] = np.nan
    return result


def _check_shapes(table: CostTable, demand: FloatArray, supply: FloatArray) -> None:
    if demand.shape[0] != table.n_demand:
        raise ValueError(f"demand has {demand.shape[0]} points, the costs {table.n_demand}")
    if supply.shape[0] != table.n_supply:
        raise ValueError(f"supply has {supply.shape[0]} points, the costs {table.n_supply}")
    if demand.ndim == 2 and (supply.ndim != 2 or supply.shape[1] != demand.shape[1]):
        raise ValueError("2-D demand needs 2-D supply with the same number of types")


def _two_stage(
    method: Method,
    demand: ArrayLike,
    supply: ArrayLike,
    costs: CostInput,
    threshold: float | None,
    decay: Decay | None,
) -> AccessibilityResult:
    p = non_negative(demand, "demand", ndim=(1, 2))
    s = non_negative(supply, "supply", ndim=(1, 2))
    table = _table(costs, threshold)
    _check_shapes(table, p, s)
    w = _weights(table, decay)
    matrix = table.pattern(w)
    d = _to_supply(matrix, p)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ratio = s / d[:, None] if (s.ndim == 2 and d.ndim == 1) else s / d
    return AccessibilityResult(
        method=method,
        accessibility=_to_demand(table, matrix, w, ratio),
        supply_ratio=ratio,
        demand_in_catchment=d,
        threshold=threshold,
    )


def two_stage_fca(
    demand: ArrayLike,
    supply: ArrayLike,
    costs: CostInput,
    *,
    threshold: float | None,
    decay: Decay | None = None,
) -> AccessibilityResult:
    """Two-step floating catchment area (Luo & Wang 2003), optionally with a decay.

    Same as `access.Access.two_stage_fca(max_cost=threshold, weight_fn=decay)`;
    `threshold=None` keeps every pair of the cost table.
    """
    return _two_stage("2sfca", demand, supply, costs, threshold, decay)


def enhanced_two_stage_fca(
    demand: ArrayLike,
    supply: ArrayLike,
    costs: CostInput,
    *,
    threshold: float | None,
    steps: Iterable[tuple[float, float]] | None = None,
    sigma: float | None = None,
) -> AccessibilityResult:
    """Enhanced 2SFCA (Luo & Qi 2009): step weights or a Gaussian decay in both steps.

    Give `steps` as [(upper_bound, weight), ...] (default ((10, 1), (20, 0.68),
    (30, 0.22)), as `access`), or `sigma` for w(c) = exp(−c²/(2σ²)); not both.
    """
    if steps is not None and sigma is not None:
        raise ValueError("give either steps or sigma, not both")
    decay: Decay = (
        GaussianDecay(sigma)
        if sigma is not None
        else StepDecay(DEFAULT_STEPS if steps is None else steps)
    )
    return _two_stage("e2sfca", demand, supply, costs, threshold, decay)


def gravity_two_stage_fca(
    demand: ArrayLike,
    supply: ArrayLike,
    costs: CostInput,
    *,
    threshold: float | None,
    beta: float,
    scale: float = 1.0,
    min_cost: float = 0.0,
) -> AccessibilityResult:
    """Gravity-based 2SFCA: w(c) = (max(c, min_cost)/scale)^(−beta) in both steps.

    Same as `access` two_stage_fca with `weights.gravity(scale, -beta, min_cost)`.
    """
    decay = PowerDecay(beta=beta, scale=scale, min_cost=min_cost)
    return _two_stage("g2sfca", demand, supply, costs, threshold, decay)


def territorial_scope_fca(
    demand: ArrayLike,
    supply: ArrayLike,
    scope: ArrayLike | sp.sparray | sp.spmatrix | CostTable,
) -> AccessibilityResult:
    """2SFCA for field services, whose catchment is their territorial scope.

    `scope[i, j]` is true when service j serves municipality i (dense boolean or scipy
    sparse). R_j = S_j / Σ_{i served by j} P_i and A_i = Σ_{j serving i} R_j.
    """
    table = scope if isinstance(scope, CostTable) else cost_table_from_scope(scope)
    return _two_stage("scope", demand, supply, table, None, None)


def weighted_catchment(
    supply: ArrayLike,
    costs: CostInput,
    *,
    threshold: float | None,
    decay: Decay | None = None,
) -> FloatArray:
    """Supply within reach: A_i = Σ_{j in catchment of i} w(c_ij) · S_j (NaN if none).

    Same as `access.Access.weighted_catchment(max_cost=threshold, weight_fn=decay)`.
    """
    s = non_negative(supply, "supply", ndim=(1, 2))
    table = _table(costs, threshold)
    if s.shape[0] != table.n_supply:
        raise ValueError(f"supply has {s.shape[0]} points, the costs {table.n_supply}")
    w = _weights(table, decay)
    return _to_demand(table, table.pattern(w), w, s)


def normalized_accessibility(accessibility: ArrayLike, demand: ArrayLike) -> FloatArray:
    """A_i divided by the population-weighted mean Σ A_i P_i / Σ P_i (NaN terms skipped).

    This is `access`'s `normalize=True`; per column when `accessibility` is 2-D.
    """
    a = np.asarray(accessibility, dtype=np.float64)
    p = non_negative(demand, "demand")
    weighted = a * (p[:, None] if a.ndim == 2 else p)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.nansum(weighted, axis=0) / p.sum()
        result: FloatArray = a / mean
    return result


AccessibilityDescription = Literal["ok", "no_service_in_reach", "capacity_without_demand"]


def describe_accessibility(value: float) -> AccessibilityDescription:
    """Classify a value: NaN → no service in reach, ±inf → capacity without demand."""
    if math.isnan(value):
        return "no_service_in_reach"
    if math.isinf(value):
        return "capacity_without_demand"
    return "ok"
