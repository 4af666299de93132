"""Array aliases and input checks shared by the numeric modules."""

from __future__ import annotations

from typing import TypeAlias

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray: TypeAlias = NDArray[np.float64]
IntArray: TypeAlias = NDArray[np.intp]
BoolArray: TypeAlias = NDArray[np.bool_]


def as_float_array(values: ArrayLike, name: str) -> FloatArray:
    """Return `values` as a float64 array (no copy when already one)."""
    return np.asarray(values, dtype=np.float64)


def non_negative(values: ArrayLike, name: str, *, ndim: tuple[int, ...] = (1,)) -> FloatArray:
    """Return `values` as float64, checking dimensionality, finiteness and sign."""
    array = np.asarray(values, dtype=np.float64)
    if array.ndim not in ndim:
        raise ValueError(f"{name} must have {' or '.join(map(str, ndim))} dimension(s)")
    if array.size and not (np.isfinite(array).all() and array.min() >= 0.0):
        raise ValueError(f"{name} must be finite and non-negative")
    return array
