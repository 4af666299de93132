"""Distance-decay weights w(c) for the floating catchment methods.

Each decay maps an array of costs to weights >= 0 with the same formula as the PySAL
`access.weights` function of the same kind, applied element-wise.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from kpss_analysis._arrays import FloatArray

#: Luo & Qi (2009) step weights, the default of `access.enhanced_two_stage_fca`.
DEFAULT_STEPS: tuple[tuple[float, float], ...] = ((10.0, 1.0), (20.0, 0.68), (30.0, 0.22))


class Decay(Protocol):
    """Anything that turns costs into weights."""

    def weights(self, costs: FloatArray) -> FloatArray:
        """Weights w(c) >= 0 for each cost c."""
        ...


@dataclass(frozen=True)
class StepDecay:
    """Step weights: w(c) = weight of the smallest upper bound b with c <= b, else 0.

    `steps` is a sequence of (upper_bound, weight) pairs, e.g. ((10, 1), (20, 0.68),
    (30, 0.22)); a cost equal to a bound takes that bound's weight (as `access.step_fn`).
    """

    steps: tuple[tuple[float, float], ...]

    def __init__(self, steps: Iterable[tuple[float, float]] = DEFAULT_STEPS) -> None:
        ordered = tuple(sorted((float(b), float(w)) for b, w in steps))
        if not ordered:
            raise ValueError("at least one step is needed")
        bounds = [b for b, _ in ordered]
        if len(set(bounds)) != len(bounds):
            raise ValueError("step upper bounds must be distinct")
        if any(not (math.isfinite(w) and w >= 0.0) for _, w in ordered):
            raise ValueError("step weights must be finite and non-negative")
        object.__setattr__(self, "steps", ordered)

    def weights(self, costs: FloatArray) -> FloatArray:
        """w(c) by the step rule above."""
        out = np.zeros(costs.shape, dtype=np.float64)
        for bound, weight in reversed(self.steps):
            np.copyto(out, weight, where=costs <= bound)
        return out


@dataclass(frozen=True)
class GaussianDecay:
    """Gaussian weights without normalisation: w(c) = exp(−c² / (2σ²)), w(0) = 1."""

    sigma: float

    def __post_init__(self) -> None:
        if not (math.isfinite(self.sigma) and self.sigma != 0.0):
            raise ValueError("sigma must be finite and non-zero")

    def weights(self, costs: FloatArray) -> FloatArray:
        """exp(−c·c / (2σ²)), evaluated in that order of operations."""
        result: FloatArray = np.exp(-costs * costs / (2 * self.sigma**2))
        return result


@dataclass(frozen=True)
class PowerDecay:
    """Gravity (power) weights: w(c) = (max(c, min_cost) / scale) ** (−beta).

    This is `access.weights.gravity(scale, alpha=-beta, min_dist=min_cost)`. With
    min_cost = 0 a zero cost gives an infinite weight, which the methods reject; set
    min_cost > 0 when demand and supply can share a location.
    """

    beta: float
    scale: float = 1.0
    min_cost: float = 0.0

    def __post_init__(self) -> None:
        if not (math.isfinite(self.beta) and self.beta >= 0.0):
            raise ValueError("beta must be finite and non-negative")
        if not (math.isfinite(self.scale) and self.scale > 0.0):
            raise ValueError("scale must be finite and positive")
        if not (math.isfinite(self.min_cost) and self.min_cost >= 0.0):
            raise ValueError("min_cost must be finite and non-negative")

    def weights(self, costs: FloatArray) -> FloatArray:
        """(max(c, min_cost) / scale) ** (−beta)."""
        with np.errstate(divide="ignore"):
            result: FloatArray = np.power(np.maximum(costs, self.min_cost) / self.scale, -self.beta)
        return result
