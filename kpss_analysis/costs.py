"""Sparse demand × supply cost tables.

A cost table lists the *connected* pairs (demand point i, supply point j) with a travel
cost c_ij >= 0 (kilometres or minutes; the numeric core does not care). A pair that is
absent is unreachable. The pairs are kept sorted by demand point (compressed sparse row
order): three parallel arrays `rows`, `cols`, `costs` plus `indptr`, where the pairs of
demand point i are the slice indptr[i]:indptr[i + 1]. Every accessibility step is then one
sparse matrix–vector product.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike

from kpss_analysis._arrays import BoolArray, FloatArray, IntArray


@dataclass(frozen=True, eq=False)
class CostTable:
    """Connected demand × supply pairs and their costs.

    `rows[k]` is the demand index, `cols[k]` the supply index and `costs[k]` the cost of
    pair k; `rows` is sorted and `indptr` (length n_demand + 1) delimits each demand
    point's pairs. Each pair occurs at most once. `max_cost` is max_k costs[k] (0 when
    empty). Build instances with the `cost_table_*` functions, which check their input.
    """

    n_demand: int
    n_supply: int
    indptr: IntArray
    rows: IntArray
    cols: IntArray
    costs: FloatArray
    max_cost: float

    @property
    def n_pairs(self) -> int:
        """Number of connected pairs."""
        return int(self.costs.shape[0])

    def within(self, threshold: float | None) -> CostTable:
        """The pairs with cost <= threshold (the catchment); `None` keeps every pair."""
        if threshold is None or self.max_cost <= threshold:
            return self
        if not threshold >= 0.0:
            raise ValueError("threshold must be non-negative")
        keep = self.costs <= threshold
        return make_sorted(
            self.n_demand, self.n_supply, self.rows[keep], self.cols[keep], self.costs[keep]
        )

    def pattern(
        self, weights: FloatArray | None = None, *, keep: BoolArray | None = None
    ) -> sp.csr_matrix:
        """The n_demand × n_supply CSR matrix with `weights` (default 1) on the pairs,
        optionally only on the pairs where `keep` is true. Explicit zeros are kept."""
        data = np.ones(self.n_pairs) if weights is None else weights
        if keep is None:
            return sp.csr_matrix(
                (data, self.cols, self.indptr), shape=(self.n_demand, self.n_supply), copy=False
            )
        indptr = _indptr(self.rows[keep], self.n_demand)
        return sp.csr_matrix(
            (data[keep], self.cols[keep], indptr), shape=(self.n_demand, self.n_supply)
        )

    def to_dense(self) -> FloatArray:
        """Dense n_demand × n_supply matrix with `inf` for unconnected pairs."""
        dense = np.full((self.n_demand, self.n_supply), np.inf)
        dense[self.rows, self.cols] = self.costs
        return dense


def _indptr(sorted_rows: IntArray, n_demand: int) -> IntArray:
    indptr = np.zeros(n_demand + 1, dtype=np.intp)
    np.cumsum(np.bincount(sorted_rows, minlength=n_demand), out=indptr[1:])
    return indptr


def row_order(rows: IntArray, n_demand: int) -> IntArray:
    """Stable permutation sorting `rows` (radix sort for up to 65,536 demand points)."""
    key = rows.astype(np.uint16) if n_demand <= 65536 else rows
    return np.argsort(key, kind="stable").astype(np.intp, copy=False)


def make_sorted(
    n_demand: int, n_supply: int, rows: IntArray, cols: IntArray, costs: FloatArray
) -> CostTable:
    """CostTable from pairs already sorted by demand index (not checked)."""
    return CostTable(
        n_demand=n_demand,
        n_supply=n_supply,
        indptr=_indptr(rows, n_demand),
        rows=rows,
        cols=cols,
        costs=costs,
        max_cost=float(costs.max()) if costs.size else 0.0,
    )


def cost_table_from_dense(matrix: ArrayLike, *, threshold: float | None = None) -> CostTable:
    """Cost table from a dense n_demand × n_supply matrix.

    Entries that are `inf` or NaN mean "not connected"; finite entries must be >= 0. With a
    `threshold`, only pairs with cost <= threshold are kept.
    """
    dense = np.asarray(matrix, dtype=np.float64)
    if dense.ndim != 2:
        raise ValueError("the cost matrix must have two dimensions")
    keep = np.isfinite(dense)
    if threshold is not None:
        keep &= dense <= threshold
    rows, cols = np.nonzero(keep)
    costs = dense[rows, cols]
    if costs.size and costs.min() < 0.0:
        raise ValueError("costs must be non-negative")
    return make_sorted(dense.shape[0], dense.shape[1], rows, cols, costs)


def cost_table_from_triples(
    rows: ArrayLike,
    cols: ArrayLike,
    costs: ArrayLike,
    *,
    n_demand: int,
    n_supply: int,
    threshold: float | None = None,
    check_duplicates: bool = True,
) -> CostTable:
    """Cost table from parallel (demand index, supply index, cost) arrays.

    This is how a supplied travel-time matrix enters the core: the caller parses the file
    and maps its codes to indices. Costs must be finite and >= 0; each pair may occur
    only once (checked unless `check_duplicates` is false). With a `threshold`, only pairs
    with cost <= threshold are kept.
    """
    r = np.asarray(rows, dtype=np.intp)
    c = np.asarray(cols, dtype=np.intp)
    v = np.asarray(costs, dtype=np.float64)
    if not (r.ndim == c.ndim == v.ndim == 1 and r.shape == c.shape == v.shape):
        raise ValueError("rows, cols and costs must be one-dimensional and equally long")
    if n_demand < 0 or n_supply < 0:
        raise ValueError("n_demand and n_supply must be non-negative")
    if v.size:
        if r.min() < 0 or r.max() >= n_demand:
            raise ValueError("a demand index is out of range")
        if c.min() < 0 or c.max() >= n_supply:
            raise ValueError("a supply index is out of range")
        if not (np.isfinite(v).all() and v.min() >= 0.0):
            raise ValueError("costs must be finite and non-negative")
        if check_duplicates:
            keys = np.sort(r.astype(np.int64) * n_supply + c)
            if (keys[1:] == keys[:-1]).any():
                raise ValueError("a (demand, supply) pair occurs more than once")
    if v.size and (r[1:] < r[:-1]).any():
        order = row_order(r, n_demand)
        r, c, v = r[order], c[order], v[order]
    return make_sorted(n_demand, n_supply, r, c, v).within(threshold)


def cost_table_from_scope(scope: ArrayLike | sp.sparray | sp.spmatrix) -> CostTable:
    """Cost table of a territorial scope: demand i is served by supply j where scope[i, j].

    `scope` is a boolean (or 0/1) n_demand × n_supply matrix, dense or scipy sparse. Every
    member pair gets cost 0, so any non-negative threshold keeps it.
    """
    if sp.issparse(scope):
        coo = sp.coo_array(scope)
        keep = coo.data != 0
        rows = np.asarray(coo.row[keep], dtype=np.intp)
        cols = np.asarray(coo.col[keep], dtype=np.intp)
        order = np.lexsort((cols, rows))
        rows, cols = rows[order], cols[order]
        if rows.size > 1:
            same = (rows[1:] == rows[:-1]) & (cols[1:] == cols[:-1])
            if same.any():
                raise ValueError("the scope matrix has duplicate entries")
        n_demand, n_supply = coo.shape
    else:
        dense: BoolArray = np.asarray(scope) != 0
        if dense.ndim != 2:
            raise ValueError("the scope matrix must have two dimensions")
        rows, cols = np.nonzero(dense)
        n_demand, n_supply = dense.shape
    return make_sorted(int(n_demand), int(n_supply), rows, cols, np.zeros(rows.shape[0]))
