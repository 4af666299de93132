"""Great-circle distances and cost tables built from coordinates.

Distance is the haversine great-circle distance on a sphere of radius R = 6371.0088 km
(the IUGG mean Earth radius), with latitudes φ and longitudes λ in radians:

    a = sin²((φ2 − φ1) / 2) + cos φ1 · cos φ2 · sin²((λ2 − λ1) / 2)
    d = 2 R · asin(min(1, √a))

A road is longer than the great circle; the cost of a pair is d × circuity, where the
circuity factor (>= 1 in practice, 1.0 by default) is a parameter of the analysis.
"""

from __future__ import annotations

import math
import os
from concurrent.futures import ThreadPoolExecutor
from threading import Lock

import numpy as np
from numpy.typing import ArrayLike
from scipy.spatial import cKDTree

from kpss_analysis._arrays import FloatArray, IntArray
from kpss_analysis.costs import (
    CostTable,
    cost_table_from_dense,
    cost_table_from_scope,
    cost_table_from_triples,
    make_sorted,
    row_order,
)

__all__ = [
    "EARTH_RADIUS_KM",
    "cost_matrix_km",
    "cost_table_from_dense",
    "cost_table_from_scope",
    "cost_table_from_triples",
    "cost_table_within",
    "distance_matrix_km",
    "haversine_km",
]

EARTH_RADIUS_KM = 6371.0088

# Below this many demand × supply pairs a dense computation beats building k-d trees.
_DENSE_PAIR_LIMIT = 250_000
# Relative slack on the chord radius so that rounding never drops a pair at the boundary;
# the exact haversine test decides.
_RADIUS_SLACK = 1e-9
# Pairs per block when computing the exact costs of the candidates.
_BLOCK = 1 << 15

_pool: ThreadPoolExecutor | None = None
_pool_lock = Lock()


def _executor(workers: int) -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None or _pool._max_workers < workers:
            _pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="kpss-geo")
        return _pool


def _radians(lat: ArrayLike, lon: ArrayLike, name: str) -> tuple[FloatArray, FloatArray]:
    la = np.asarray(lat, dtype=np.float64)
    lo = np.asarray(lon, dtype=np.float64)
    if la.ndim != 1 or la.shape != lo.shape:
        raise ValueError(f"{name} latitudes and longitudes must be 1-D and equally long")
    if la.size and not (np.isfinite(la).all() and np.isfinite(lo).all()):
        raise ValueError(f"{name} coordinates must be finite")
    if la.size and (np.abs(la).max() > 90.0):
        raise ValueError(f"{name} latitudes must lie in [-90, 90]")
    return np.radians(la), np.radians(lo)


def _haversine(
    lat1: FloatArray,
    lon1: FloatArray,
    cos1: FloatArray,
    lat2: FloatArray,
    lon2: FloatArray,
    cos2: FloatArray,
) -> FloatArray:
    """The haversine kernel on radians (broadcasting); one sequence of operations for all
    callers, so dense and sparse tables hold the same numbers."""
    a = np.asarray(np.subtract(lat2, lat1))
    a *= 0.5
    np.sin(a, out=a)
    a *= a
    b = np.asarray(np.subtract(lon2, lon1))
    b *= 0.5
    np.sin(b, out=b)
    b *= b
    b *= cos1
    b *= cos2
    a += b
    np.minimum(a, 1.0, out=a)
    np.sqrt(a, out=a)
    np.arcsin(a, out=a)
    a *= 2.0 * EARTH_RADIUS_KM
    return a


def haversine_km(lat1: ArrayLike, lon1: ArrayLike, lat2: ArrayLike, lon2: ArrayLike) -> FloatArray:
    """Great-circle distance in km between points given in degrees (numpy broadcasting)."""
    p1 = np.radians(np.asarray(lat1, dtype=np.float64))
    l1 = np.radians(np.asarray(lon1, dtype=np.float64))
    p2 = np.radians(np.asarray(lat2, dtype=np.float64))
    l2 = np.radians(np.asarray(lon2, dtype=np.float64))
    return _haversine(p1, l1, np.cos(p1), p2, l2, np.cos(p2))


def distance_matrix_km(
    demand_lat: ArrayLike, demand_lon: ArrayLike, supply_lat: ArrayLike, supply_lon: ArrayLike
) -> FloatArray:
    """Dense n_demand × n_supply matrix of great-circle distances in km."""
    p1, l1 = _radians(demand_lat, demand_lon, "demand")
    p2, l2 = _radians(supply_lat, supply_lon, "supply")
    c1, c2 = np.cos(p1), np.cos(p2)
    return _haversine(p1[:, None], l1[:, None], c1[:, None], p2[None, :], l2[None, :], c2[None, :])


def cost_matrix_km(
    demand_lat: ArrayLike,
    demand_lon: ArrayLike,
    supply_lat: ArrayLike,
    supply_lon: ArrayLike,
    *,
    circuity: float = 1.0,
) -> FloatArray:
    """Dense cost matrix: great-circle km × circuity."""
    _check_circuity(circuity)
    matrix = distance_matrix_km(demand_lat, demand_lon, supply_lat, supply_lon)
    matrix *= circuity
    return matrix


def _check_circuity(circuity: float) -> None:
    if not (math.isfinite(circuity) and circuity > 0.0):
        raise ValueError("circuity must be a positive finite number")


def _unit_vectors(lat: FloatArray, lon: FloatArray, cos_lat: FloatArray) -> FloatArray:
    return np.column_stack((cos_lat * np.cos(lon), cos_lat * np.sin(lon), np.sin(lat)))


def cost_table_within(
    demand_lat: ArrayLike,
    demand_lon: ArrayLike,
    supply_lat: ArrayLike,
    supply_lon: ArrayLike,
    *,
    threshold: float,
    circuity: float = 1.0,
    workers: int | None = None,
) -> CostTable:
    """Sparse table of the pairs whose cost (great-circle km × circuity) is <= threshold.

    Points become unit vectors in 3-D; a k-d tree (scipy cKDTree) finds the candidate
    pairs within the chord 2·sin(θ/2) of the angle θ = threshold / (circuity·R), slightly
    enlarged, and the exact haversine cost of each candidate decides. The costs equal
    those of `cost_matrix_km` on the same coordinates. Demand points are split into
    `workers` index ranges processed in threads (default: the number of CPUs, max 4).
    """
    _check_circuity(circuity)
    if not (math.isfinite(threshold) and threshold >= 0.0):
        raise ValueError("threshold must be a finite non-negative number")
    p1, l1 = _radians(demand_lat, demand_lon, "demand")
    p2, l2 = _radians(supply_lat, supply_lon, "supply")
    n, m = p1.shape[0], p2.shape[0]
    angle = threshold / (circuity * EARTH_RADIUS_KM)
    if n * m <= _DENSE_PAIR_LIMIT or angle >= math.pi:
        c1, c2 = np.cos(p1), np.cos(p2)
        dense = _haversine(
            p1[:, None], l1[:, None], c1[:, None], p2[None, :], l2[None, :], c2[None, :]
        )
        dense *= circuity
        return cost_table_from_dense(dense, threshold=threshold)

    c1, c2 = np.cos(p1), np.cos(p2)
    radius = 2.0 * math.sin(angle / 2.0) * (1.0 + _RADIUS_SLACK) + 1e-15
    supply_tree = cKDTree(_unit_vectors(p2, l2, c2), balanced_tree=False)
    demand_xyz = _unit_vectors(p1, l1, c1)

    def chunk(bounds: tuple[int, int]) -> tuple[IntArray, IntArray, FloatArray]:
        start, stop = bounds
        tree = cKDTree(demand_xyz[start:stop], balanced_tree=False)
        found = tree.sparse_distance_matrix(supply_tree, radius, output_type="ndarray")
        local = np.asarray(found["i"], dtype=np.intp)
        order = row_order(local, stop - start)
        i = local[order]
        i += start
        j = np.asarray(found["j"], dtype=np.intp)[order]
        cost = np.empty(i.shape[0])
        for s in range(0, i.shape[0], _BLOCK):
            # Blocks keep the temporaries in cache: about twice as fast as one pass.
            bi, bj = i[s : s + _BLOCK], j[s : s + _BLOCK]
            block = _haversine(p1[bi], l1[bi], c1[bi], p2[bj], l2[bj], c2[bj])
            block *= circuity
            cost[s : s + _BLOCK] = block
        keep = cost <= threshold
        if keep.all():
            return i, j, cost
        return i[keep], j[keep], cost[keep]

    n_workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
    n_workers = max(1, min(n_workers, n // 256 or 1))
    edges = np.linspace(0, n, n_workers + 1).astype(int)
    ranges = list(zip(edges[:-1].tolist(), edges[1:].tolist(), strict=True))
    pool = _executor(n_workers) if n_workers > 1 else None
    parts = [chunk(ranges[0])] if pool is None else list(pool.map(chunk, ranges))
    return make_sorted(
        n,
        m,
        np.concatenate([p[0] for p in parts]),
        np.concatenate([p[1] for p in parts]),
        np.concatenate([p[2] for p in parts]),
    )
