"""Capacity ratios and norm-based need.

Czech law sets no binding capacity norms, so a norm is editable data with its source or
an explicit "assumption" flag. For a population group of size P:

    ratio per 1,000 = capacity / P × 1000
    need            = norm value per 1,000 × P / 1000
    gap             = need − supply          (positive: capacity is missing)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from kpss_analysis._arrays import FloatArray, non_negative

__all__ = [
    "Norm",
    "gap",
    "norm_need",
    "norms_by_key",
    "per_1000",
    "per_1000_by_area",
    "sum_by_area",
]


@dataclass(frozen=True)
class Norm:
    """Capacity norm: `per_1000` units of a service form per 1,000 of a population group.

    `service_type` is the registry key (e.g. "§ 49"), `form` the form of the service
    (e.g. "residential"), `population_group` the group the norm is relative to (e.g.
    "65+"). A norm either names its `source` or is marked `is_assumption` for the
    coordinator to confirm.
    """

    service_type: str
    form: str
    population_group: str
    per_1000: float
    source: str
    is_assumption: bool = False

    def __post_init__(self) -> None:
        if not (math.isfinite(self.per_1000) and self.per_1000 >= 0.0):
            raise ValueError("a norm value must be finite and non-negative")
        if not self.is_assumption and not self.source.strip():
            raise ValueError("a norm needs a source or must be marked as an assumption")

    @property
    def key(self) -> tuple[str, str]:
        """(service_type, form): what the norm applies to."""
        return (self.service_type, self.form)


def per_1000(capacity: ArrayLike, population: ArrayLike) -> FloatArray:
    """capacity / population × 1000, element-wise.

    A population of 0 gives +inf for positive capacity and NaN for zero capacity.
    """
    c = non_negative(capacity, "capacity", ndim=(0, 1, 2))
    p = non_negative(population, "population", ndim=(0, 1, 2))
    with np.errstate(divide="ignore", invalid="ignore"):
        result: FloatArray = np.asarray(c / p * 1000.0, dtype=np.float64)
    return result


def sum_by_area(values: ArrayLike, areas: Sequence[str]) -> dict[str, float]:
    """Σ of `values` per area label (one label per element), in first-seen order."""
    v = np.asarray(values, dtype=np.float64)
    if v.ndim != 1 or v.shape[0] != len(areas):
        raise ValueError("values must be 1-D with one area label each")
    labels, inverse = np.unique(np.asarray(areas, dtype=object), return_inverse=True)
    sums = np.bincount(inverse, weights=v, minlength=labels.shape[0])
    totals = {str(label): float(total) for label, total in zip(labels, sums, strict=True)}
    return {a: totals[a] for a in dict.fromkeys(areas)}


def per_1000_by_area(
    capacity: ArrayLike, population: ArrayLike, areas: Sequence[str]
) -> dict[str, float]:
    """Per area: Σ capacity / Σ population × 1000 (not the mean of municipal ratios)."""
    cap = sum_by_area(non_negative(capacity, "capacity"), areas)
    pop = sum_by_area(non_negative(population, "population"), areas)
    return {a: float(per_1000(cap[a], pop[a])) for a in cap}


def norm_need(norm: Norm, population: ArrayLike) -> FloatArray:
    """need = norm.per_1000 × population / 1000."""
    p = non_negative(population, "population", ndim=(0, 1, 2))
    result: FloatArray = np.asarray(norm.per_1000 * p / 1000.0, dtype=np.float64)
    return result


def gap(need: ArrayLike, supply: ArrayLike) -> FloatArray:
    """gap = need − supply (negative where supply exceeds the need)."""
    result: FloatArray = np.asarray(
        np.asarray(need, dtype=np.float64) - np.asarray(supply, dtype=np.float64)
    )
    return result


def norms_by_key(norms: Sequence[Norm]) -> Mapping[tuple[str, str], Norm]:
    """Index norms by (service_type, form); a key may occur once."""
    index: dict[tuple[str, str], Norm] = {}
    for norm in norms:
        if norm.key in index:
            raise ValueError(f"two norms for {norm.service_type} / {norm.form}")
        index[norm.key] = norm
    return index
