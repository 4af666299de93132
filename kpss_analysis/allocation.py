"""Fair allocation of a limited budget among the services of a network: a linear programme.

Inputs per service i: `minimum[i]` for basic operation (stability), `cap[i]` — the most it
may receive without overcompensation (and no more than it asks) — and `weight[i]`, the
weighted need of one crown spent on it (from the gap analysis: services of types with larger
unmet need weigh more). `shares` (municipalities × services, sparse) says which part of each
service's users lives in each municipality.

    unmet need U(x) = Σ_i weight[i] × (cap[i] − x[i])

    minimise U(x) subject to
        Σ_i x[i] ≤ budget
        minimum[i] ≤ x[i] ≤ cap[i]                       (stability, no overcompensation)
        Σ_i shares[j, i] x[i] ≥ floor × Σ_i shares[j, i] cap[i]   for every municipality j
                                                        (fairness floor, optional)

The same rule applies to every provider: only the service's figures enter. Diminishing
returns break ties: each service's money above its minimum is split into four segments whose
weights fall by 3 % from the first to the last, so that services of (nearly) equal weight
share the money instead of a few being filled to their caps. Solved by HiGHS
through scipy.optimize.linprog. An infeasible problem is not an error: the result carries a
reason code, an explanation and the amounts that would be needed.

Alternative keys for side-by-side comparison: `proportional_cut` (everyone gets the same
fraction of its cap), `equal_per_unit` and `by_previous_key` (shares by units or by last
year's amounts, capped).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike
from scipy.optimize import linprog

from kpss_analysis._arrays import FloatArray
from kpss_analysis.financing import water_fill

OPTIMAL = "optimal"
INFEASIBLE = "infeasible"

BUDGET_BELOW_MINIMUMS = "budget_below_minimums"
BUDGET_BELOW_FLOOR = "budget_below_fairness_floor"
SOLVER_FAILED = "solver_failed"


@dataclass(frozen=True, eq=False)
class AllocationProblem:
    """A checked allocation problem; build it with `allocation_problem`."""

    minimum: FloatArray
    cap: FloatArray
    weight: FloatArray
    budget: float
    shares: sp.csr_matrix | None = None
    floor: float = 0.0
    #: Services whose minimum exceeded the cap: their minimum was lowered to the cap.
    lowered_minimums: tuple[int, ...] = ()

    @property
    def n(self) -> int:
        return int(self.cap.shape[0])

    def municipality_need(self) -> FloatArray:
        """Money needed to fund fully the services used by each municipality's residents."""
        if self.shares is None:
            return np.zeros(0)
        return np.asarray(self.shares @ self.cap, dtype=float)


def allocation_problem(
    *,
    minimum: ArrayLike,
    cap: ArrayLike,
    weight: ArrayLike,
    budget: float,
    shares: ArrayLike | sp.spmatrix | None = None,
    floor: float = 0.0,
) -> AllocationProblem:
    cap_a = np.asarray(cap, dtype=float)
    min_a = np.asarray(minimum, dtype=float)
    weight_a = np.asarray(weight, dtype=float)
    n = cap_a.shape[0]
    if min_a.shape != (n,) or weight_a.shape != (n,):
        raise ValueError("minimum, cap and weight must be vectors of the same length")
    for name, a in (("minimum", min_a), ("cap", cap_a), ("weight", weight_a)):
        if not np.all(np.isfinite(a)) or np.any(a < 0):
            raise ValueError(f"{name} must be finite and non-negative")
    if not (np.isfinite(budget) and budget >= 0):
        raise ValueError("budget must be finite and non-negative")
    if not 0.0 <= floor <= 1.0:
        raise ValueError("floor must be a share between 0 and 1")
    lowered = tuple(int(i) for i in np.flatnonzero(min_a > cap_a))
    min_a = np.minimum(min_a, cap_a)
    matrix = None
    if shares is not None:
        matrix = sp.csr_matrix(shares, dtype=float)
        if matrix.shape[1] != n:
            raise ValueError("shares must have one column per service")
        if matrix.nnz and (matrix.data.min() < 0):
            raise ValueError("shares must not be negative")
    return AllocationProblem(
        minimum=min_a,
        cap=cap_a,
        weight=weight_a,
        budget=float(budget),
        shares=matrix,
        floor=float(floor),
        lowered_minimums=lowered,
    )


@dataclass(frozen=True, eq=False)
class AllocationResult:
    status: str
    amounts: FloatArray
    reason: str = ""
    explanation: str = ""
    #: Figures behind the explanation (e.g. "required", "missing").
    figures: dict[str, float] = field(default_factory=dict)

    @property
    def feasible(self) -> bool:
        return self.status == OPTIMAL

    @property
    def total(self) -> float:
        return float(self.amounts.sum())


def unmet_need(problem: AllocationProblem, amounts: ArrayLike) -> float:
    """Σ weight × (cap − amount): the weighted need a given allocation leaves uncovered."""
    x = np.asarray(amounts, dtype=float)
    return float(problem.weight @ (problem.cap - x))


def unmet_need_by_municipality(problem: AllocationProblem, amounts: ArrayLike) -> FloatArray:
    if problem.shares is None:
        return np.zeros(0)
    x = np.asarray(amounts, dtype=float)
    return np.asarray(problem.shares @ (problem.weight * (problem.cap - x)), dtype=float)


def _floor_rows(problem: AllocationProblem) -> tuple[sp.csr_matrix | None, FloatArray | None]:
    if problem.shares is None or problem.floor <= 0:
        return None, None
    need = problem.municipality_need()
    keep = need > 0
    return problem.shares[keep], problem.floor * need[keep]


def _minimum_budget_for_floor(problem: AllocationProblem) -> float | None:
    """The smallest budget that satisfies the minimums and the fairness floor."""
    rows, rhs = _floor_rows(problem)
    if rows is None or rhs is None:
        return float(problem.minimum.sum())
    result = linprog(
        c=np.ones(problem.n),
        A_ub=-rows,
        b_ub=-rhs,
        bounds=np.column_stack([problem.minimum, problem.cap]),
        method="highs",
    )
    return float(result.fun) if result.status == 0 else None


#: Each service's money above its minimum is split into this many equal segments …
SEGMENTS = 4
#: … and the first segment counts this much more than the last (diminishing returns).
TIE_BREAK = 0.03


def _solve(problem: AllocationProblem) -> Any:
    """The LP over segment variables y[k, i] (x = minimum + Σ_k y[k]): the weight of a
    segment falls slightly from the first to the last, so that among allocations of (nearly)
    equal weighted need the money is spread over services instead of filling a few.

    Money is scaled so that the largest cap is 100 (HiGHS's tolerances are absolute), and
    HiGHS's presolve is left out: on this structure (one dense budget row) it costs far more
    than it saves. If the solver reports numerical trouble it is run again with presolve.
    The solution is returned in y order, scaled back to CZK."""
    n = problem.n
    scale = 100.0 / max(1.0, float(problem.cap.max()))
    room = (problem.cap - problem.minimum) * scale / SEGMENTS
    bonus = 1.0 + TIE_BREAK * (SEGMENTS - 1 - np.arange(SEGMENTS)) / max(SEGMENTS - 1, 1)
    cost = -np.concatenate([problem.weight * b for b in bonus])
    rows, rhs = _floor_rows(problem)
    blocks = [sp.csr_matrix(np.ones((1, n * SEGMENTS)))]
    b_ub = [(problem.budget - float(problem.minimum.sum())) * scale]
    if rows is not None and rhs is not None:
        blocks.append(-sp.hstack([rows] * SEGMENTS))
        b_ub.extend((rows @ problem.minimum - rhs) * scale)
    arguments = {
        "c": cost,
        "A_ub": sp.csr_matrix(sp.vstack(blocks)),
        "b_ub": np.asarray(b_ub, dtype=float),
        "bounds": np.column_stack([np.zeros(n * SEGMENTS), np.tile(room, SEGMENTS)]),
        "method": "highs",
    }
    result = linprog(**arguments, options={"presolve": False})
    if result.status == 4:
        result = linprog(**arguments)
    if result.x is not None:
        result.x = np.asarray(result.x, dtype=float) / scale
    return result


def allocate(problem: AllocationProblem) -> AllocationResult:
    """The allocation that minimises weighted unmet need, or an explanation why none exists."""
    n = problem.n
    required = float(problem.minimum.sum())
    if problem.budget + 1e-6 < required:
        missing = required - problem.budget
        return AllocationResult(
            status=INFEASIBLE,
            amounts=np.zeros(n),
            reason=BUDGET_BELOW_MINIMUMS,
            explanation=(
                f"The budget of {problem.budget:,.0f} CZK is below the sum of the minimums "
                f"for basic operation of the {n} services ({required:,.0f} CZK): "
                f"{missing:,.0f} CZK is missing. Raise the budget, lower the minimums or "
                "take services out of the network."
            ),
            figures={"budget": problem.budget, "required": required, "missing": missing},
        )
    if n == 0:
        return AllocationResult(status=OPTIMAL, amounts=np.zeros(0))
    result = _solve(problem)
    if result.status == 0:
        extra = np.asarray(result.x, dtype=float).reshape(SEGMENTS, n).sum(axis=0)
        amounts = np.clip(problem.minimum + extra, problem.minimum, problem.cap)
        return AllocationResult(
            status=OPTIMAL,
            amounts=amounts,
            figures={"unmet_need": unmet_need(problem, amounts)},
        )
    if result.status == 2:
        needed = _minimum_budget_for_floor(problem)
        figures = {"budget": problem.budget, "floor": problem.floor}
        if needed is not None:
            figures["required"] = needed
            figures["missing"] = max(0.0, needed - problem.budget)
        return AllocationResult(
            status=INFEASIBLE,
            amounts=np.zeros(n),
            reason=BUDGET_BELOW_FLOOR,
            explanation=(
                f"The budget of {problem.budget:,.0f} CZK cannot keep every municipality at "
                f"{problem.floor:.0%} of its need covered"
                + (f"; that needs at least {needed:,.0f} CZK." if needed is not None else ".")
                + " Raise the budget or lower the fairness floor."
            ),
            figures=figures,
        )
    return AllocationResult(
        status=INFEASIBLE,
        amounts=np.zeros(n),
        reason=SOLVER_FAILED,
        explanation=f"The solver stopped without a solution: {result.message}",
    )


# --- Simple keys for comparison --------------------------------------------------------------


def proportional_cut(problem: AllocationProblem) -> FloatArray:
    """Everyone gets the same fraction of its cap (the budget's share of all caps)."""
    total = float(problem.cap.sum())
    if total <= 0:
        return np.zeros(problem.n)
    return problem.cap * min(1.0, problem.budget / total)


def equal_per_unit(problem: AllocationProblem, units: ArrayLike) -> FloatArray:
    """The same amount per unit (FTE or bed) for everyone, capped."""
    return np.asarray(
        water_fill(list(np.asarray(units, dtype=float)), list(problem.cap), problem.budget)
    )


def by_previous_key(problem: AllocationProblem, previous: ArrayLike) -> FloatArray:
    """Shares in proportion to last year's amounts, capped."""
    return np.asarray(
        water_fill(list(np.asarray(previous, dtype=float)), list(problem.cap), problem.budget)
    )
