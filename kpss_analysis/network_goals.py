"""The five goals of the network of social services as computable indicators.

The planning intention asks for a network that is efficient, stable, flexible, accessible
(in time, place and capacity) and fair. Each function here takes plain inputs (numbers and
dates, no database) and returns a `GoalValue`: the value, how many records it rests on, and,
when it cannot be computed, the reason instead of a made-up number.

Definitions:

- efficient: cost index = Σ total cost / Σ (units × regional usual cost per unit), over the
  services whose usual cost is known. 1.0 means the network costs what the region considers
  usual; below 1 cheaper, above 1 dearer.
- stable: the share of services whose public funding covers their basic operation
  (public funding ≥ cost of basic operation).
- flexible: the median number of days from identifying a need to the approval of a plan
  change (or an intention) that answers it; needs still waiting are counted separately.
- accessible: the share of the target population living where the accessibility index
  (places per 1,000 people of the group within the catchment) reaches the norm; and the share
  of service forms whose opening hours cover the whole week (24/7) among those with the
  information.
- fair: the coefficient of variation (population standard deviation / mean) of public funding
  per unit across providers of the same service type and form, averaged over the type–form
  groups with at least two providers, weighted by the number of providers.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

Number = int | float | Decimal

NO_RECORDS = "no_records"
NO_USUAL_COST = "no_usual_cost"
NO_DECISIONS = "no_decisions"
NO_GROUPS = "no_groups_with_two_providers"
NO_FUNDING = "no_funding"


@dataclass(frozen=True)
class GoalValue:
    """A computed indicator. `value` is None when it cannot be computed; `reason` says why
    (one of the NO_* codes). `details` carries the parts a page may show."""

    value: float | None
    count: int
    reason: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def available(self) -> bool:
        return self.value is not None


def _missing(reason: str, count: int = 0, **details: Any) -> GoalValue:
    return GoalValue(value=None, count=count, reason=reason, details=details)


# Efficient ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CostRow:
    units: Number
    total_cost: Number
    usual_cost_per_unit: Number | None


def cost_index(rows: Iterable[CostRow]) -> GoalValue:
    """Σ cost / Σ (units × usual cost per unit), over the rows with units and a usual cost."""
    rows = list(rows)
    if not rows:
        return _missing(NO_RECORDS)
    usable = [r for r in rows if r.usual_cost_per_unit and float(r.units) > 0]
    if not usable:
        return _missing(NO_USUAL_COST, count=0, skipped=len(rows))
    cost = sum(float(r.total_cost) for r in usable)
    usual = sum(float(r.units) * float(r.usual_cost_per_unit or 0) for r in usable)
    return GoalValue(
        value=cost / usual,
        count=len(usable),
        details={"total_cost": cost, "usual_cost": usual, "skipped": len(rows) - len(usable)},
    )


# Stable ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FundingRow:
    public_funding: Number
    basic_operation_cost: Number


def basic_operation_coverage(rows: Iterable[FundingRow]) -> GoalValue:
    """The share of services with public funding ≥ the cost of their basic operation.
    A service without a basic operation cost is left out (nothing to cover)."""
    rows = [r for r in rows if float(r.basic_operation_cost) > 0]
    if not rows:
        return _missing(NO_RECORDS)
    covered = sum(1 for r in rows if float(r.public_funding) >= float(r.basic_operation_cost))
    return GoalValue(value=covered / len(rows), count=len(rows), details={"covered": covered})


# Flexible ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class NeedResponse:
    identified_on: dt.date
    answered_on: dt.date | None  # the approval of the change that answers the need


def response_time(pairs: Iterable[NeedResponse], *, today: dt.date | None = None) -> GoalValue:
    """Median days from a need to the approved change; waiting needs are counted, and their
    median waiting time so far is reported when `today` is given."""
    pairs = list(pairs)
    if not pairs:
        return _missing(NO_RECORDS)
    answered = [
        (p.answered_on - p.identified_on).days
        for p in pairs
        if p.answered_on is not None and p.answered_on >= p.identified_on
    ]
    waiting = [p for p in pairs if p.answered_on is None]
    details: dict[str, Any] = {"waiting": len(waiting)}
    if today is not None and waiting:
        details["waiting_median_days"] = statistics.median(
            (today - p.identified_on).days for p in waiting
        )
    if not answered:
        return GoalValue(value=None, count=0, reason=NO_DECISIONS, details=details)
    details["min_days"] = min(answered)
    details["max_days"] = max(answered)
    return GoalValue(value=float(statistics.median(answered)), count=len(answered), details=details)


# Accessible --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlaceAccess:
    population: Number
    accessibility: float | None  # places per 1,000 people of the group within reach; NaN ok


def population_share_with_access(rows: Iterable[PlaceAccess], *, norm: Number) -> GoalValue:
    """The share of the group's population living where accessibility ≥ the norm. Places
    with no service in reach (NaN, None) count as not reaching it; infinity (capacity with
    no demand) as reaching it."""
    rows = [r for r in rows if float(r.population) > 0]
    total = sum(float(r.population) for r in rows)
    if not rows or total <= 0:
        return _missing(NO_RECORDS)
    reached = sum(
        float(r.population)
        for r in rows
        if r.accessibility is not None
        and not math.isnan(r.accessibility)
        and r.accessibility >= float(norm)
    )
    return GoalValue(
        value=reached / total,
        count=len(rows),
        details={"population": total, "population_reached": reached, "norm": float(norm)},
    )


def continuous_share(flags: Iterable[bool | None]) -> GoalValue:
    """The share of service forms open round the clock among those where it is known."""
    known = [f for f in flags if f is not None]
    if not known:
        return _missing(NO_RECORDS)
    continuous = sum(1 for f in known if f)
    return GoalValue(
        value=continuous / len(known), count=len(known), details={"continuous": continuous}
    )


# Fair --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProviderFunding:
    provider_id: int
    service_type_key: str
    form_code: str
    units: Number
    public_funding: Number


def coefficient_of_variation(values: Sequence[float]) -> float | None:
    """Population standard deviation / mean; None for fewer than two values or mean 0."""
    if len(values) < 2:
        return None
    mean = statistics.fmean(values)
    if mean == 0:
        return None
    return statistics.pstdev(values) / mean


def funding_dispersion(rows: Iterable[ProviderFunding]) -> GoalValue:
    """The weighted mean coefficient of variation of public funding per unit across the
    providers of each service type and form (a provider's services of one type and form are
    added up first). 0 is perfectly even; groups with one provider say nothing and are left
    out."""
    per_provider: dict[tuple[str, str], dict[int, list[float]]] = defaultdict(dict)
    rows = list(rows)
    if not rows:
        return _missing(NO_RECORDS)
    for r in rows:
        if float(r.units) <= 0:
            continue
        sums = per_provider[(r.service_type_key, r.form_code)].setdefault(r.provider_id, [0.0, 0.0])
        sums[0] += float(r.public_funding)
        sums[1] += float(r.units)
    groups: list[dict[str, Any]] = []
    for (type_key, form_code), providers in sorted(per_provider.items()):
        per_unit = [funding / units for funding, units in providers.values()]
        if not any(per_unit):
            continue
        cv = coefficient_of_variation(per_unit)
        if cv is None:
            continue
        groups.append(
            {
                "service_type_key": type_key,
                "form_code": form_code,
                "providers": len(per_unit),
                "cv": cv,
                "mean_per_unit": statistics.fmean(per_unit),
            }
        )
    if not groups:
        if not any(float(r.public_funding) for r in rows):
            return _missing(NO_FUNDING)
        return _missing(NO_GROUPS)
    weight = sum(g["providers"] for g in groups)
    value = sum(g["cv"] * g["providers"] for g in groups) / weight
    return GoalValue(value=value, count=weight, details={"groups": groups})
