"""National-scale accessibility benchmark: kpss_analysis against PySAL `access`.

Demand: the 6,258 real municipality centroids of data/territory/cz_obce.csv with their
people aged 65+ (cz_obce_vek_2025.csv; where the age split is missing, total population
times the national 65+ share). Supply: generated points (seeded) placed near municipality
centroids drawn with probability proportional to population, offset by N(0, 2 km) in each
direction. Catchment: 30 km great-circle distance.

Run from the repository root:

    .venv/bin/python benchmarks/accessibility.py [--runs 7] [--access-runs 3]

Timings are the median of several runs (time.perf_counter). `access` is timed from an
`Access` object creation to its result, given a prepared cost DataFrame; building that
DataFrame is not counted against it. Results of both are compared in the same run.
"""

from __future__ import annotations

import argparse
import csv
import logging
import os
import platform
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kpss_analysis import accessibility as acc  # noqa: E402
from kpss_analysis import geo  # noqa: E402
from kpss_analysis.costs import CostTable  # noqa: E402

DATA = ROOT / "data" / "territory"
THRESHOLD_KM = 30.0
STEPS = [(10.0, 1.0), (20.0, 0.68), (30.0, 0.22)]
BETA, MIN_KM = 1.5, 1.0
PILOT_ORP = "7210"


@dataclass
class Data:
    codes: list[str]
    orp: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    pop65: np.ndarray
    estimated: int
    s_lat: np.ndarray
    s_lon: np.ndarray
    s_anchor: np.ndarray
    capacity: np.ndarray
    capacity_types: np.ndarray


def load(n_supply: int, types: int, seed: int) -> Data:
    with (DATA / "cz_obce.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with (DATA / "cz_obce_vek_2025.csv").open(encoding="utf-8") as f:
        ages = {r["kod_obce"]: r for r in csv.DictReader(f)}
    total = np.array([float(r["obyvatel_celkem"]) for r in rows])
    old = np.array(
        [float(ages[r["kod_obce"]]["vek_65_plus"] or "nan") for r in rows], dtype=np.float64
    )
    known = ~np.isnan(old)
    share = old[known].sum() / total[known].sum()
    pop65 = np.where(known, old, np.round(total * share))
    lat = np.array([float(r["centroid_lat"]) for r in rows])
    lon = np.array([float(r["centroid_lon"]) for r in rows])
    rng = np.random.default_rng(seed)
    anchor = rng.choice(len(rows), size=n_supply, p=total / total.sum())
    km_lat = 111.2
    s_lat = lat[anchor] + rng.normal(0.0, 2.0, n_supply) / km_lat
    s_lon = lon[anchor] + rng.normal(0.0, 2.0, n_supply) / (
        km_lat * np.cos(np.radians(lat[anchor]))
    )
    capacity = rng.integers(5, 121, n_supply).astype(np.float64)
    capacity_types = rng.integers(0, 60, (n_supply, types)).astype(np.float64)
    capacity_types[rng.random((n_supply, types)) < 0.5] = 0.0
    return Data(
        codes=[r["kod_obce"] for r in rows],
        orp=np.array([r["orp_kod"] for r in rows]),
        lat=lat,
        lon=lon,
        pop65=pop65,
        estimated=int((~known).sum()),
        s_lat=s_lat,
        s_lon=s_lon,
        s_anchor=anchor,
        capacity=capacity,
        capacity_types=capacity_types,
    )


def median_time(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def compare(ours: np.ndarray, ref: np.ndarray) -> str:
    """'same' when NaN/inf positions match and finite values agree to 1e-12 relative."""
    same_nan = np.array_equal(np.isnan(ours), np.isnan(ref))
    same_inf = np.array_equal(np.isinf(ours), np.isinf(ref))
    finite = np.isfinite(ref) & np.isfinite(ours)
    denom = np.abs(ref[finite])
    rel = np.abs(ours[finite] - ref[finite]) / np.where(denom > 0, denom, 1.0)
    worst = float(rel.max()) if rel.size else 0.0
    ok = same_nan and same_inf and worst <= 1e-12
    return f"{'same' if ok else 'DIFFERENT'} (max rel {worst:.1e})"


def access_model(pop: np.ndarray, capacity: np.ndarray, cost_df: Any) -> Any:
    import pandas as pd
    from access import Access

    demand_df = pd.DataFrame({"geoid": np.arange(pop.shape[0]), "pop": pop})
    supply_df = pd.DataFrame({"geoid": np.arange(capacity.shape[0]), "cap": capacity})
    return Access(
        demand_df=demand_df,
        demand_index="geoid",
        demand_value="pop",
        supply_df=supply_df,
        supply_index="geoid",
        supply_value="cap",
        cost_df=cost_df,
        cost_origin="origin",
        cost_dest="dest",
        cost_name="cost",
    )


def run_access(pop: np.ndarray, capacity: np.ndarray, cost_df: Any, method: str) -> np.ndarray:
    from access import weights

    model = access_model(pop, capacity, cost_df)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if method == "e2sfca":
            out = model.enhanced_two_stage_fca(
                name="x", max_cost=THRESHOLD_KM, weight_fn=weights.step_fn(dict(STEPS))
            )
        elif method == "2sfca":
            out = model.two_stage_fca(name="x", max_cost=THRESHOLD_KM)
        else:
            out = model.two_stage_fca(
                name="x", max_cost=THRESHOLD_KM, weight_fn=weights.gravity(1.0, -BETA, MIN_KM)
            )
    return out["x_cap"].reindex(np.arange(pop.shape[0])).to_numpy()


def run_ours(
    pop: np.ndarray, capacity: np.ndarray, costs: CostTable, method: str
) -> acc.AccessibilityResult:
    if method == "e2sfca":
        return acc.enhanced_two_stage_fca(pop, capacity, costs, threshold=THRESHOLD_KM, steps=STEPS)
    if method == "2sfca":
        return acc.two_stage_fca(pop, capacity, costs, threshold=THRESHOLD_KM)
    return acc.gravity_two_stage_fca(
        pop, capacity, costs, threshold=THRESHOLD_KM, beta=BETA, min_cost=MIN_KM
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of ours per figure")
    parser.add_argument("--access-runs", type=int, default=3, help="runs of access per figure")
    parser.add_argument("--supply", type=int, default=6700)
    parser.add_argument("--types", type=int, default=30)
    parser.add_argument("--seed", type=int, default=20250101)
    parser.add_argument("--skip-dense", action="store_true", help="skip access on dense table")
    args = parser.parse_args()
    logging.getLogger("access").setLevel(logging.WARNING)
    import pandas as pd
    import scipy

    data = load(args.supply, args.types, args.seed)
    n, m = data.lat.shape[0], data.s_lat.shape[0]
    print(
        f"python {platform.python_version()}, numpy {np.__version__}, scipy {scipy.__version__},"
        f" pandas {pd.__version__}, access {version('access')}"
    )
    print(f"{os.cpu_count()} CPUs, load average at start {os.getloadavg()[0]:.2f}")
    print(
        f"demand {n} municipalities (65+: {data.pop65.sum():,.0f}; {data.estimated} estimated),"
        f" supply {m} points, {THRESHOLD_KM:g} km catchment, runs {args.runs}/{args.access_runs}"
    )

    def build() -> CostTable:
        return geo.cost_table_within(
            data.lat, data.lon, data.s_lat, data.s_lon, threshold=THRESHOLD_KM
        )

    t_build, table = median_time(build, args.runs)
    print(
        f"sparse cost table: {table.n_pairs:,} pairs within {THRESHOLD_KM:g} km,"
        f" built in {t_build * 1000:.1f} ms"
    )
    rows: list[tuple[str, str, float, float | None, str, str]] = []
    methods = ["e2sfca", "2sfca", "gravity"]
    goals_e2e = {"e2sfca": 20.0, "2sfca": 10.0, "gravity": 100.0}
    goals_sparse = {"e2sfca": 20.0, "2sfca": 3.0, "gravity": None}

    # (1) End to end from coordinates vs access on the dense cost table.
    if not args.skip_dense:
        start = time.perf_counter()
        dense = geo.cost_matrix_km(data.lat, data.lon, data.s_lat, data.s_lon)
        dense_df = pd.DataFrame(
            {
                "origin": np.repeat(np.arange(n), m),
                "dest": np.tile(np.arange(m), n),
                "cost": dense.ravel(),
            }
        )
        del dense
        print(
            f"dense cost DataFrame for access: {len(dense_df):,} rows,"
            f" built in {time.perf_counter() - start:.1f} s (not counted)"
        )
        for method in methods:
            t_ours, ours = median_time(
                lambda method=method: run_ours(data.pop65, data.capacity, build(), method),
                args.runs,
            )
            t_ref, ref = median_time(
                lambda method=method: run_access(data.pop65, data.capacity, dense_df, method),
                args.access_runs,
            )
            goal = goals_e2e[method]
            verdict = (
                f"{'met' if t_ref / t_ours >= goal and t_ours < 0.2 else 'MISSED'}"
                f" (>= {goal:g}x, < 200 ms)"
            )
            rows.append(
                (
                    "1 end to end / dense",
                    method,
                    t_ours,
                    t_ref,
                    verdict,
                    compare(ours.accessibility, ref),
                )
            )
        del dense_df

    # (2) Both given the same pre-cut sparse table.
    sparse_df = pd.DataFrame({"origin": table.rows, "dest": table.cols, "cost": table.costs})
    for method in methods:
        t_ours, ours = median_time(
            lambda method=method: run_ours(data.pop65, data.capacity, table, method), args.runs
        )
        t_ref, ref = median_time(
            lambda method=method: run_access(data.pop65, data.capacity, sparse_df, method),
            args.access_runs,
        )
        goal = goals_sparse[method]
        verdict = (
            "(no goal)"
            if goal is None
            else f"{'met' if t_ref / t_ours >= goal else 'MISSED'} (>= {goal:g}x)"
        )
        rows.append(
            (
                "2 same sparse table",
                method,
                t_ours,
                t_ref,
                verdict,
                compare(ours.accessibility, ref),
            )
        )

    # (3) All service types in one call from the sparse table.
    for method in ["e2sfca", "2sfca"]:
        t_multi, multi = median_time(
            lambda method=method: run_ours(data.pop65, data.capacity_types, table, method),
            args.runs,
        )
        single = run_ours(data.pop65, data.capacity_types[:, 7], table, method)
        rows.append(
            (
                f"3 {args.types} types, one call",
                method,
                t_multi,
                None,
                f"{'met' if t_multi < 0.060 else 'MISSED'} (< 60 ms)",
                "type 8 vs single: " + compare(multi.accessibility[:, 7], single.accessibility),
            )
        )

    # (4) The pilot microregion end to end from coordinates.
    inside = data.orp == PILOT_ORP
    facility = np.isin(data.s_anchor, np.nonzero(inside)[0])
    mlat, mlon, mpop = data.lat[inside], data.lon[inside], data.pop65[inside]
    flat, flon, fcap = data.s_lat[facility], data.s_lon[facility], data.capacity[facility]

    def micro() -> acc.AccessibilityResult:
        t = geo.cost_table_within(mlat, mlon, flat, flon, threshold=THRESHOLD_KM)
        return acc.enhanced_two_stage_fca(mpop, fcap, t, threshold=THRESHOLD_KM, steps=STEPS)

    micro()
    t_micro, micro_result = median_time(micro, max(args.runs, 50))
    micro_df = pd.DataFrame(
        {
            "origin": np.repeat(np.arange(mlat.size), flat.size),
            "dest": np.tile(np.arange(flat.size), mlat.size),
            "cost": geo.cost_matrix_km(mlat, mlon, flat, flon).ravel(),
        }
    )
    t_micro_ref, micro_ref = median_time(
        lambda: run_access(mpop, fcap, micro_df, "e2sfca"), args.access_runs
    )
    rows.append(
        (
            f"4 microregion {PILOT_ORP} ({mlat.size}x{flat.size})",
            "e2sfca",
            t_micro,
            t_micro_ref,
            f"{'met' if t_micro < 0.001 else 'MISSED'} (< 1 ms)",
            compare(micro_result.accessibility, micro_ref),
        )
    )

    print(f"load average at end {os.getloadavg()[0]:.2f}")
    print()
    header = ("scenario", "method", "ours ms", "access ms", "speed-up", "goal", "results")
    table_rows = [
        (
            s,
            meth,
            f"{t * 1000:.2f}" if t < 0.01 else f"{t * 1000:.1f}",
            "" if r is None else f"{r * 1000:.0f}",
            "" if r is None else f"{r / t:.0f}x",
            verdict,
            cmp,
        )
        for s, meth, t, r, verdict, cmp in rows
    ]
    widths = [max(len(str(x[k])) for x in [header, *table_rows]) for k in range(len(header))]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |"
    print(line)
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in table_rows:
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) + " |")
    return 0 if all("MISSED" not in r[4] and "DIFFERENT" not in r[5] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
