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
from dataclasses import dataclass
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

# Below this many demand × supply pairs a dense computation beats the grid and the tree.
_DENSE_PAIR_LIMIT = 250_000
# Relative slack on the chord radius so that rounding never drops a pair at the boundary;
# the exact haversine test decides.
_RADIUS_SLACK = 1e-9
# Pairs per block when computing the exact costs of the k-d tree's candidates.
_BLOCK = 1 << 15
# The k-d tree is used instead of the grid (see `_grid_cells`) above this many cells, or
# when the occupied cells hold fewer demand points on average than this (the grid's
# per-cell overhead then outweighs its faster pairs; measured crossover 8–16).
_GRID_MAX_CELLS = 20_000
_GRID_MIN_PER_CELL = 12
# Demand × supply dot products per grid block (see `_grid_table`).
_GRID_BLOCK = 1 << 16

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

    The costs and the pairs equal those of `cost_matrix_km` cut at the threshold (the same
    haversine operations on the same numbers), in the same order: by demand point, then
    by supply point. Small problems are computed densely; larger ones on a latitude ×
    longitude grid (`_grid_table`), or with a k-d tree (`_tree_table`) where the grid does
    not suit (near a pole, across the antimeridian, a threshold tiny against the area).
    Work is split over `workers` threads (default: the number of CPUs, max 4).
    """
    _check_circuity(circuity)
    if not (math.isfinite(threshold) and threshold >= 0.0):
        raise ValueError("threshold must be a finite non-negative number")
    p1, l1 = _radians(demand_lat, demand_lon, "demand")
    p2, l2 = _radians(supply_lat, supply_lon, "supply")
    n, m = p1.shape[0], p2.shape[0]
    angle = threshold / (circuity * EARTH_RADIUS_KM)
    c1, c2 = np.cos(p1), np.cos(p2)
    if n * m <= _DENSE_PAIR_LIMIT or angle >= math.pi:
        dense = _haversine(
            p1[:, None], l1[:, None], c1[:, None], p2[None, :], l2[None, :], c2[None, :]
        )
        dense *= circuity
        return cost_table_from_dense(dense, threshold=threshold)
    n_workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
    n_workers = max(1, min(n_workers, n // 256 or 1))
    points = _Points(p1, l1, c1, p2, l2, c2)
    grid = _grid_cells(points, angle)
    if grid is not None:
        return _grid_table(points, grid, angle, threshold, circuity, n_workers)
    return _tree_table(points, angle, threshold, circuity, n_workers)


@dataclass(frozen=True)
class _Points:
    """Demand (1) and supply (2) latitudes, longitudes (radians) and cosines of latitude."""

    p1: FloatArray
    l1: FloatArray
    c1: FloatArray
    p2: FloatArray
    l2: FloatArray
    c2: FloatArray

    def costs(self, i: IntArray, j: IntArray, circuity: float) -> FloatArray:
        """Costs of the pairs (i[k], j[k]), exactly as `cost_matrix_km` computes them."""
        p1, l1, c1 = self.p1.take(i), self.l1.take(i), self.c1.take(i)
        cost = _haversine(p1, l1, c1, self.p2.take(j), self.l2.take(j), self.c2.take(j))
        if circuity != 1.0:
            cost *= circuity
        return cost


def _grid_cells(points: _Points, angle: float) -> tuple[IntArray, IntArray, int] | None:
    """Grid cell numbers of the demand and the supply points, and the cells per grid row.

    A pair at most `angle` apart (radians of arc) differs by |Δφ| <= angle in latitude
    and, from the haversine formula with every |φ| <= Φ (the largest |latitude|), by
    sin(|Δλ| / 2) <= sin(angle / 2) / cos Φ in longitude. Cells that tall and that wide
    (slightly enlarged against rounding) put such a pair into the same or neighbouring
    cells. The grid has an empty border, so the 3 × 3 neighbours of a point's cell are
    cells c + dr · width + dc (dr, dc in -1, 0, 1). Returns None where the grid does not
    suit: cells wider than 60° (near a pole), neighbours across the antimeridian, more
    cells than `_GRID_MAX_CELLS` or too few demand points per occupied cell (a threshold
    small against the area).
    """
    p1, l1, p2, l2 = points.p1, points.l1, points.p2, points.l2
    half_width = math.sin(angle / 2.0) / math.cos(max(np.abs(p1).max(), np.abs(p2).max()))
    if not half_width < 0.5:
        return None
    height = angle * (1.0 + _RADIUS_SLACK) + 1e-15
    width = 2.0 * math.asin(half_width) * (1.0 + _RADIUS_SLACK) + 1e-15
    lat0, lon0 = float(min(p1.min(), p2.min())), float(min(l1.min(), l2.min()))
    lat_span = float(max(p1.max(), p2.max())) - lat0
    lon_span = float(max(l1.max(), l2.max())) - lon0
    if lon0 - width <= -math.pi or lon0 + lon_span + width >= math.pi:
        return None
    if (lat_span / height + 3.0) * (lon_span / width + 3.0) > _GRID_MAX_CELLS:
        return None
    per_row = int(lon_span / width) + 3

    def cell(lat: FloatArray, lon: FloatArray) -> IntArray:
        row = ((lat - lat0) / height).astype(np.intp)
        row += 1
        row *= per_row
        row += ((lon - lon0) / width).astype(np.intp)
        row += 1
        return row

    cell1 = cell(p1, l1)
    if np.count_nonzero(np.bincount(cell1)) * _GRID_MIN_PER_CELL > p1.shape[0]:
        return None
    return cell1, cell(p2, l2), per_row


def _grid_table(
    points: _Points,
    grid: tuple[IntArray, IntArray, int],
    angle: float,
    threshold: float,
    circuity: float,
    n_workers: int,
) -> CostTable:
    """The cost table from grid cells (see `_grid_cells`), one demand cell at a time.

    For the demand points D of a cell and the supply points S of its 3 × 3 neighbours
    (sorted by index), the dot products of their unit vectors (a small matrix product,
    D split into blocks of at most `_GRID_BLOCK` products) select the pairs with
    cos θ >= cos(angle) − 1e-12, θ the angle between them: a superset of the pairs within
    `angle` (the margin covers rounding), about a third of D × S. Only these get the
    exact haversine cost (`_Points.costs`, the operations of `cost_matrix_km`), which
    then decides. A block's pairs come out by demand point, then supply index; one
    gather at the end puts them in demand index order. Cells are split over threads
    in contiguous runs of about equal D × S work; numpy and BLAS release the GIL.
    """
    cell1, cell2, per_row = grid
    n, m = points.p1.shape[0], points.p2.shape[0]
    order1 = np.argsort(cell1, kind="stable")
    order2 = np.argsort(cell2, kind="stable")
    n_cells = int(cell1.max()) + per_row + 2
    start1 = np.searchsorted(cell1[order1], np.arange(n_cells + 1))
    start2 = np.searchsorted(cell2[order2], np.arange(n_cells + 1))
    u1 = _unit_vectors(points.p1, points.l1, points.c1)
    u2 = np.ascontiguousarray(_unit_vectors(points.p2, points.l2, points.c2).T)
    min_dot = math.cos(angle) - 1e-12
    counts = np.zeros(n, dtype=np.intp)
    occupied = np.flatnonzero(np.diff(start1))
    near = start2[occupied + per_row + 2] - start2[occupied + per_row - 1]
    near += start2[occupied + 2] - start2[occupied - 1]
    near += start2[occupied - per_row + 2] - start2[occupied - per_row - 1]
    work = np.cumsum(np.diff(start1)[occupied] * near)
    cuts = np.searchsorted(work, np.linspace(0, work[-1], n_workers + 1)[1:-1])
    Part = list[tuple[IntArray, IntArray, IntArray, FloatArray]]

    def run(cells: IntArray) -> Part:
        # Only operations that release the GIL per pair (take, ufuncs): not repeat, not
        # assignment through an index array.
        out: Part = []
        for c in cells.tolist():
            s = np.concatenate(
                [order2[start2[c + k - 1] : start2[c + k + 2]] for k in (-per_row, 0, per_row)]
            )
            if s.size == 0:
                continue
            s.sort()
            # Up to _GRID_BLOCK dot products at a time: cache-sized, and small enough that
            # OpenBLAS does not start its own threads (costly when the CPUs are busy).
            step, near_xyz = max(1, _GRID_BLOCK // s.size), u2[:, s]
            for a in range(start1[c], start1[c + 1], step):
                d = order1[a : min(a + step, start1[c + 1])]
                k = np.flatnonzero((u1[d] @ near_xyz) >= min_dot)  # row-major: by demand
                row = k // s.size
                k -= row * s.size
                j = s.take(k)
                count = np.diff(np.searchsorted(row, np.arange(d.size + 1)))
                counts[d] = count
                out.append((d, count, j, points.costs(d.take(row), j, circuity)))
        return out

    parts = np.split(occupied, cuts)
    pool = _executor(n_workers) if n_workers > 1 else None
    blocks = [
        b for part in ([run(parts[0])] if pool is None else pool.map(run, parts)) for b in part
    ]
    if not blocks:
        return make_sorted(n, m, np.zeros(0, np.intp), np.zeros(0, np.intp), np.zeros(0))
    indptr = np.zeros(n + 1, dtype=np.intp)
    np.cumsum(counts, out=indptr[1:])
    # The blocks hold the demand points in cell order; move each point's pairs to its
    # slice of the table: position p of the table comes from position p + shift[row].
    cell_order = np.concatenate([b[0] for b in blocks])
    block_counts = np.concatenate([b[1] for b in blocks])
    shift = np.zeros(n, dtype=np.intp)
    shift[cell_order] = np.cumsum(block_counts) - block_counts
    shift -= indptr[:-1]
    rows = np.repeat(np.arange(n), counts)
    source = shift.take(rows)
    source += np.arange(source.shape[0])
    cols = np.concatenate([b[2] for b in blocks]).take(source)
    costs = np.concatenate([b[3] for b in blocks]).take(source)
    keep = costs <= threshold
    if not keep.all():
        return make_sorted(n, m, rows[keep], cols[keep], costs[keep])
    max_cost = float(costs.max()) if costs.size else 0.0
    return CostTable(n, m, indptr, rows, cols, costs, max_cost)


def _tree_table(
    points: _Points, angle: float, threshold: float, circuity: float, n_workers: int
) -> CostTable:
    """The cost table with k-d trees (scipy cKDTree) over the points as unit vectors.

    The candidate pairs are those within the chord 2·sin(angle / 2), slightly enlarged;
    the exact haversine cost decides. Demand points are split into `n_workers` index
    ranges processed in threads.
    """
    p1, l1, c1 = points.p1, points.l1, points.c1
    n, m = p1.shape[0], points.p2.shape[0]
    radius = 2.0 * math.sin(angle / 2.0) * (1.0 + _RADIUS_SLACK) + 1e-15
    supply_tree = cKDTree(_unit_vectors(points.p2, points.l2, points.c2), balanced_tree=False)
    demand_xyz = _unit_vectors(p1, l1, c1)

    def chunk(bounds: tuple[int, int]) -> tuple[IntArray, IntArray, FloatArray]:
        start, stop = bounds
        tree = cKDTree(demand_xyz[start:stop], balanced_tree=False)
        found = tree.sparse_distance_matrix(supply_tree, radius, output_type="ndarray")
        local = np.asarray(found["i"], dtype=np.intp)
        j = np.asarray(found["j"], dtype=np.intp)
        order = row_order(j, m)  # two stable sorts: by demand point, then supply point
        order = order[row_order(local[order], stop - start)]
        i = local[order]
        i += start
        j = j[order]
        cost = np.empty(i.shape[0])
        for s in range(0, i.shape[0], _BLOCK):
            # Blocks keep the temporaries in cache: about twice as fast as one pass.
            cost[s : s + _BLOCK] = points.costs(i[s : s + _BLOCK], j[s : s + _BLOCK], circuity)
        keep = cost <= threshold
        if keep.all():
            return i, j, cost
        return i[keep], j[keep], cost[keep]

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
