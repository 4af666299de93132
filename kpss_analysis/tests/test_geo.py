"""Great-circle distances and cost tables."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.sparse as sp

from kpss_analysis import geo
from kpss_analysis.costs import cost_table_from_dense, cost_table_from_scope

R = geo.EARTH_RADIUS_KM


def test_one_degree_of_longitude_on_the_equator() -> None:
    # The arc of 1° on a great circle is 2πR / 360 = 111.19508... km.
    assert geo.haversine_km(0.0, 0.0, 0.0, 1.0) == pytest.approx(2 * math.pi * R / 360, rel=1e-14)


def test_pole_to_pole_is_half_the_circumference() -> None:
    # Half a great circle: πR.
    assert geo.haversine_km(90.0, 0.0, -90.0, 0.0) == pytest.approx(math.pi * R, rel=1e-14)


def test_prague_to_brno() -> None:
    # Prague (50.0755, 14.4378) – Brno (49.1951, 16.6068): about 185 km as the crow flies.
    assert geo.haversine_km(50.0755, 14.4378, 49.1951, 16.6068) == pytest.approx(185.0, abs=2.0)


def test_distance_matrix_is_the_element_wise_haversine() -> None:
    rng = np.random.default_rng(7)
    lat1, lon1 = rng.uniform(48.5, 51, 5), rng.uniform(12, 19, 5)
    lat2, lon2 = rng.uniform(48.5, 51, 4), rng.uniform(12, 19, 4)
    matrix = geo.distance_matrix_km(lat1, lon1, lat2, lon2)
    assert matrix.shape == (5, 4)
    for i in range(5):
        for j in range(4):
            assert matrix[i, j] == geo.haversine_km(lat1[i], lon1[i], lat2[j], lon2[j])


def test_circuity_multiplies_the_distance() -> None:
    plain = geo.cost_matrix_km([50.0], [15.0], [49.5], [16.0])
    road = geo.cost_matrix_km([50.0], [15.0], [49.5], [16.0], circuity=1.3)
    assert road[0, 0] == pytest.approx(1.3 * plain[0, 0], rel=1e-15)
    with pytest.raises(ValueError):
        geo.cost_matrix_km([50.0], [15.0], [49.5], [16.0], circuity=0.0)


def _as_dict(table: geo.CostTable) -> dict[tuple[int, int], float]:
    return {
        (int(i), int(j)): float(c)
        for i, j, c in zip(table.rows, table.cols, table.costs, strict=True)
    }


@pytest.mark.parametrize(("n", "m", "workers"), [(40, 30, None), (900, 700, 1), (900, 700, 2)])
@pytest.mark.parametrize("circuity", [1.0, 1.25])
def test_sparse_table_equals_the_cut_dense_matrix(
    n: int, m: int, workers: int | None, circuity: float
) -> None:
    # Small sizes take the dense path, larger ones the k-d tree; both must hold exactly
    # the pairs of the dense matrix with cost <= threshold, with the same costs.
    rng = np.random.default_rng(n + m)
    lat1, lon1 = rng.uniform(48.6, 51.0, n), rng.uniform(12.1, 18.8, n)
    lat2, lon2 = rng.uniform(48.6, 51.0, m), rng.uniform(12.1, 18.8, m)
    dense = geo.cost_matrix_km(lat1, lon1, lat2, lon2, circuity=circuity)
    sparse = geo.cost_table_within(
        lat1, lon1, lat2, lon2, threshold=30.0, circuity=circuity, workers=workers
    )
    expected = _as_dict(cost_table_from_dense(dense, threshold=30.0))
    got = _as_dict(sparse)
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        assert got[key] == pytest.approx(value, rel=1e-13)
    assert sparse.max_cost <= 30.0


def _points(
    rng: np.random.Generator, n: int, lat: tuple[float, float], lon: tuple[float, float]
) -> tuple[np.ndarray, np.ndarray]:
    return rng.uniform(*lat, n), rng.uniform(*lon, n)


@pytest.mark.parametrize(
    ("lat", "lon", "threshold", "path"),
    [
        ((48.6, 51.0), (12.1, 18.8), 40.0, "grid"),  # dense enough for the grid
        ((-1.0, 1.0), (-1.5, 1.5), 60.0, "grid"),  # both hemispheres, negative longitudes
        ((48.6, 51.0), (12.1, 18.8), 5.0, "tree"),  # too few points per grid cell
        ((84.0, 90.0), (-180.0, 180.0), 100.0, "tree"),  # near the pole
        ((-10.0, 10.0), (179.0, 181.0), 80.0, "tree"),  # across the antimeridian
    ],
)
@pytest.mark.parametrize(("circuity", "workers"), [(1.0, 1), (1.25, 2)])
def test_grid_and_tree_give_exactly_the_cut_dense_table(
    monkeypatch: pytest.MonkeyPatch,
    lat: tuple[float, float],
    lon: tuple[float, float],
    threshold: float,
    path: str,
    circuity: float,
    workers: int,
) -> None:
    # Same pairs, same order (by demand point, then supply point) and bit for bit the same
    # costs as the dense matrix, whichever path builds the table.
    rng = np.random.default_rng(11)
    lat1, lon1 = _points(rng, 2500, lat, lon)
    lat2, lon2 = _points(rng, 700, lat, lon)
    lon1, lon2 = (lon1 + 180.0) % 360.0 - 180.0, (lon2 + 180.0) % 360.0 - 180.0
    # Coincident points (cost 0) and a pair exactly at the threshold.
    lat2[:50], lon2[:50] = lat1[:50], lon1[:50]
    dense = geo.cost_matrix_km(lat1, lon1, lat2, lon2, circuity=circuity)
    cut = dense[(dense > 0.9 * threshold) & (dense <= threshold)]
    threshold = float(cut[0]) if cut.size else threshold
    used: list[str] = []
    for name in ("grid", "tree"):
        original = getattr(geo, f"_{name}_table")

        def spy(*args: object, _name: str = name, _original: object = original) -> object:
            used.append(_name)
            return _original(*args)  # type: ignore[operator]

        monkeypatch.setattr(geo, f"_{name}_table", spy)
    sparse = geo.cost_table_within(
        lat1, lon1, lat2, lon2, threshold=threshold, circuity=circuity, workers=workers
    )
    assert used == [path]
    expected = cost_table_from_dense(dense, threshold=threshold)
    assert sparse.n_pairs > 100
    for field in ("indptr", "rows", "cols", "costs"):
        np.testing.assert_array_equal(getattr(sparse, field), getattr(expected, field))
    assert sparse.max_cost == expected.max_cost


def test_grid_with_no_supply_in_reach_gives_an_empty_table() -> None:
    # Demand around Brno, supply around Prague: more than 150 km apart.
    rng = np.random.default_rng(3)
    lat1, lon1 = _points(rng, 1000, (49.1, 49.3), (16.5, 16.7))
    lat2, lon2 = _points(rng, 600, (50.0, 50.2), (14.3, 14.5))
    table = geo.cost_table_within(lat1, lon1, lat2, lon2, threshold=30.0)
    assert table.n_pairs == 0
    assert table.indptr.shape == (1001,)
    assert table.max_cost == 0.0


def test_a_pair_exactly_at_the_threshold_is_inside() -> None:
    # The threshold is set to the computed distance itself.
    d = float(geo.haversine_km(50.0, 15.0, 50.1, 15.2))
    table = geo.cost_table_within([50.0], [15.0], [50.1, 51.0], [15.2, 15.0], threshold=d)
    assert _as_dict(table) == {(0, 0): d}


def test_threshold_beyond_half_the_globe_keeps_every_pair() -> None:
    table = geo.cost_table_within([0.0, 10.0], [0.0, 0.0], [0.0], [180.0], threshold=1e6)
    assert table.n_pairs == 2


def test_triples_are_checked() -> None:
    ok = geo.cost_table_from_triples([0, 1], [1, 0], [3.0, 4.0], n_demand=2, n_supply=2)
    assert ok.n_pairs == 2
    assert ok.max_cost == 4.0
    cut = geo.cost_table_from_triples(
        [0, 1], [1, 0], [3.0, 4.0], n_demand=2, n_supply=2, threshold=3.0
    )
    assert _as_dict(cut) == {(0, 1): 3.0}
    for rows, cols, costs in [
        ([0, 0], [1, 1], [1.0, 2.0]),  # duplicate pair
        ([2], [0], [1.0]),  # demand index out of range
        ([0], [-1], [1.0]),  # supply index out of range
        ([0], [0], [-1.0]),  # negative cost
        ([0], [0], [math.nan]),  # missing cost
    ]:
        with pytest.raises(ValueError):
            geo.cost_table_from_triples(rows, cols, costs, n_demand=2, n_supply=2)


def test_dense_matrix_inf_and_nan_mean_not_connected() -> None:
    table = cost_table_from_dense([[1.0, np.inf], [np.nan, 0.0]])
    assert _as_dict(table) == {(0, 0): 1.0, (1, 1): 0.0}
    assert table.to_dense()[0, 1] == np.inf


def test_scope_from_dense_and_sparse_matrices() -> None:
    scope = np.array([[True, False], [True, True], [False, False]])
    dense = cost_table_from_scope(scope)
    sparse = cost_table_from_scope(sp.csr_array(scope))
    assert _as_dict(dense) == _as_dict(sparse) == {(0, 0): 0.0, (1, 0): 0.0, (1, 1): 0.0}
