"""Money rules of the co-financing programme, in whole CZK.

- `contributions`: each participating municipality's contribution by a configurable formula:
  a fixed part plus a variable part per inhabitant, per inhabitant of an age group and per
  user resident in the municipality. With `target_total` the variable part is scaled so that
  the contributions add up to the target exactly (largest remainders get the odd crowns).
- `water_fill`: a pot shared in proportion to weights, no share above its cap; what a capped
  share leaves over goes to the others in the same proportion.
- `proposed_amounts`: the allocation rule of the programme — a share of the pot
  proportional to score × units, capped by the requested amount and by the compensation
  limit.
- `compensation_limit`, `compensation_check`: the compensation under Commission Decision
  2012/21/EU is (usual cost per unit − usual revenue per unit) × units, and public money
  from all sources must not exceed the justified net cost (costs − non-public revenues).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

AGE_GROUPS = ("0_14", "15_64", "65_plus")


def _czk(value: Decimal | float) -> int:
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def largest_remainder(values: Sequence[float], total: int) -> list[int]:
    """Whole crowns for real-valued shares that add up to `total` exactly (Hamilton's
    method; ties go to the earlier entry). `values` must add up to `total` within rounding."""
    floors = [math.floor(v + 1e-9) for v in values]
    left = total - sum(floors)
    order = sorted(range(len(values)), key=lambda i: (-(values[i] - floors[i]), i))
    for i in order[: max(left, 0)]:
        floors[i] += 1
    return floors


# --- Contributions of municipalities --------------------------------------------------------


@dataclass(frozen=True)
class ContributionFormula:
    """How a municipality's contribution is computed; every part may be zero.

    contribution = fixed_czk + per_inhabitant × inhabitants
                   + per_age_group_inhabitant × inhabitants of `age_group`
                   + per_user × users of services resident in the municipality

    With `target_total` the variable part is used as a key only: the pot minus the fixed
    parts is split in proportion to it.
    """

    fixed_czk: int = 0
    per_inhabitant: Decimal = Decimal(0)
    age_group: str = "65_plus"
    per_age_group_inhabitant: Decimal = Decimal(0)
    per_user: Decimal = Decimal(0)
    target_total: int | None = None

    def __post_init__(self) -> None:
        if self.age_group not in AGE_GROUPS:
            raise ValueError(f"age_group must be one of {AGE_GROUPS}")
        for name in ("fixed_czk", "per_inhabitant", "per_age_group_inhabitant", "per_user"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")
        if self.target_total is not None and self.target_total < 0:
            raise ValueError("target_total must not be negative")


@dataclass(frozen=True)
class MunicipalityBase:
    """What a municipality's contribution is computed from."""

    code: str
    name: str
    inhabitants: int
    age_groups: Mapping[str, int]
    users: int = 0


@dataclass(frozen=True)
class Contribution:
    code: str
    name: str
    fixed: int
    variable: int

    @property
    def total(self) -> int:
        return self.fixed + self.variable


class ContributionError(ValueError):
    """The formula cannot produce contributions (e.g. the target is below the fixed parts)."""


def _variable_base(formula: ContributionFormula, m: MunicipalityBase) -> Decimal:
    return (
        formula.per_inhabitant * m.inhabitants
        + formula.per_age_group_inhabitant * m.age_groups.get(formula.age_group, 0)
        + formula.per_user * m.users
    )


def contributions(
    formula: ContributionFormula, municipalities: Sequence[MunicipalityBase]
) -> list[Contribution]:
    """Each municipality's contribution, in the order given."""
    bases = [_variable_base(formula, m) for m in municipalities]
    fixed = formula.fixed_czk
    if formula.target_total is None:
        variables = [_czk(b) for b in bases]
    else:
        remaining = formula.target_total - fixed * len(municipalities)
        if remaining < 0:
            raise ContributionError(
                f"The target of {formula.target_total} CZK is below the fixed parts "
                f"({fixed} CZK × {len(municipalities)} municipalities)."
            )
        total_base = sum(bases, Decimal(0))
        if total_base == 0:
            if remaining and municipalities:
                raise ContributionError(
                    "The variable part has no key: set a rate per inhabitant, age group or user."
                )
            variables = [0] * len(municipalities)
        else:
            variables = largest_remainder(
                [float(Decimal(remaining) * b / total_base) for b in bases], remaining
            )
    return [
        Contribution(code=m.code, name=m.name, fixed=fixed, variable=v)
        for m, v in zip(municipalities, variables, strict=True)
    ]


# --- Sharing a pot ---------------------------------------------------------------------------


def water_fill(weights: Sequence[float], caps: Sequence[float], pot: float) -> list[float]:
    """Shares of `pot` proportional to `weights`, none above its cap; the surplus of capped
    entries is shared again among the others. Entries with weight 0 get nothing; if every
    cap is reached the rest of the pot stays unspent."""
    n = len(weights)
    if len(caps) != n:
        raise ValueError("weights and caps must have the same length")
    if any(w < 0 or not math.isfinite(w) for w in weights) or any(c < 0 for c in caps):
        raise ValueError("weights and caps must be finite and non-negative")
    shares = [0.0] * n
    active = {i for i in range(n) if weights[i] > 0 and caps[i] > 0}
    remaining = max(float(pot), 0.0)
    while active and remaining > 1e-9:
        total = sum(weights[i] for i in active)
        capped = {i for i in active if remaining * weights[i] / total >= caps[i] - shares[i]}
        if not capped:
            for i in active:
                shares[i] += remaining * weights[i] / total
            remaining = 0.0
            break
        for i in capped:
            remaining -= caps[i] - shares[i]
            shares[i] = float(caps[i])
        active -= capped
    return shares


def water_fill_czk(weights: Sequence[float], caps: Sequence[int], pot: int) -> list[int]:
    """`water_fill` in whole crowns: the spent total is kept exactly, no cap is exceeded."""
    shares = water_fill(weights, [float(c) for c in caps], float(pot))
    spent = min(pot, _czk(sum(shares)))
    result = largest_remainder(shares, spent)
    # Rounding up never pushes an entry over its cap: a capped share is already whole.
    return [min(r, c) for r, c in zip(result, caps, strict=True)]


# --- The allocation rule of the programme ---------------------------------------------------


@dataclass(frozen=True)
class ApplicationClaim:
    """One assessed application: its mean score, units, requested amount and the
    compensation limit of its service (None when no usual cost is known)."""

    key: str
    score: float
    units: float
    requested: int
    limit: int | None = None

    @property
    def cap(self) -> int:
        return self.requested if self.limit is None else max(0, min(self.requested, self.limit))


def proposed_amounts(claims: Sequence[ApplicationClaim], pot: int) -> dict[str, int]:
    """The rule: the pot is shared in proportion to score × units, no application gets more
    than it requested or than its compensation limit, and what a capped application leaves
    is shared among the others by the same key."""
    weights = [max(c.score, 0.0) * max(c.units, 0.0) for c in claims]
    amounts = water_fill_czk(weights, [c.cap for c in claims], pot)
    return {c.key: a for c, a in zip(claims, amounts, strict=True)}


# --- Compensation ---------------------------------------------------------------------------


def compensation_limit(
    usual_cost_per_unit: float | Decimal, usual_revenue_per_unit: float | Decimal, units: Decimal
) -> int:
    """(usual cost per unit − usual revenue per unit) × units, never below zero."""
    per_unit = Decimal(str(usual_cost_per_unit)) - Decimal(str(usual_revenue_per_unit))
    return max(0, _czk(per_unit * Decimal(str(units))))


@dataclass(frozen=True)
class CompensationCheck:
    total_cost: int
    non_public_revenue: int
    public_funding: int

    @property
    def justified_net_cost(self) -> int:
        """Costs minus the revenues that are not public money (never below zero)."""
        return max(0, self.total_cost - self.non_public_revenue)

    @property
    def overcompensation(self) -> int:
        return max(0, self.public_funding - self.justified_net_cost)

    @property
    def is_overcompensated(self) -> bool:
        return self.overcompensation > 0

    @property
    def headroom(self) -> int:
        """How much more public money the service may receive."""
        return max(0, self.justified_net_cost - self.public_funding)


def compensation_check(
    *, total_cost: int, non_public_revenue: int, public_funding: int
) -> CompensationCheck:
    if min(total_cost, non_public_revenue, public_funding) < 0:
        raise ValueError("amounts must not be negative")
    return CompensationCheck(total_cost, non_public_revenue, public_funding)
