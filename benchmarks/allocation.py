"""Benchmark: the fair-allocation LP for a national-size network.

The real 6,258 municipalities of data/territory/cz_obce.csv (population, ORP) and about
6,700 generated services: each service sits in an ORP (more services where more people live)
and serves the municipalities of its ORP, its users spread by population. Per service a
compensation cap, a minimum for basic operation (20–70 % of the cap) and a need weight
(1 + the unmet share of need of its ORP). The budget is 60 % of all caps; the fairness floor
keeps every municipality at 50 % of its need covered.

Times `kpss_analysis.allocation.allocate` (problem build + HiGHS solve) a few times and
reports the median, the peak RSS of the process, and the weighted unmet need of the optimal
allocation against a proportional cut of the same budget (which ignores minimums and the
floor: how many it breaks is counted too).

    .venv/bin/python benchmarks/allocation.py [--services 6700] [--floor 0.5] [--seed 2026]
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import resource
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import scipy
import scipy.sparse as sp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kpss_analysis import allocation as lp  # noqa: E402


def municipalities() -> tuple[list[str], np.ndarray, list[str]]:
    with (ROOT / "data" / "territory" / "cz_obce.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return (
        [r["kod_obce"] for r in rows],
        np.array([int(r["obyvatel_celkem"]) for r in rows], dtype=float),
        [r["orp_kod"] for r in rows],
    )


def network(n_services: int, floor: float, seed: int) -> tuple[lp.AllocationProblem, np.ndarray]:
    rng = np.random.default_rng(seed)
    codes, population, orps = municipalities()
    by_orp: dict[str, list[int]] = defaultdict(list)
    for j, orp in enumerate(orps):
        by_orp[orp].append(j)
    orp_keys = sorted(by_orp)
    orp_pop = np.array([population[by_orp[o]].sum() for o in orp_keys])
    # At least one service per ORP, the rest by population.
    counts = np.ones(len(orp_keys), dtype=int)
    extra = rng.multinomial(n_services - len(orp_keys), orp_pop / orp_pop.sum())
    counts += extra
    orp_gap = rng.uniform(0.0, 0.6, len(orp_keys))  # unmet share of need per ORP
    rows, cols, data, weight, cap, units = [], [], [], [], [], []
    i = 0
    for k, orp in enumerate(orp_keys):
        members = np.array(by_orp[orp])
        share = population[members] / population[members].sum()
        for _ in range(counts[k]):
            # Field services reach a random part of the ORP; every ORP member is reached by
            # its first service so that no municipality is left without one.
            if i == 0 or rng.random() < 0.5 or _ == 0:
                reach = members
                s = share
            else:
                take = rng.random(len(members)) < 0.6
                take[np.argmax(population[members])] = True
                reach = members[take]
                s = population[reach] / population[reach].sum()
            rows.extend(reach.tolist())
            cols.extend([i] * len(reach))
            data.extend(s.tolist())
            u = rng.uniform(1.0, 40.0)
            units.append(u)
            cap.append(u * rng.uniform(350_000, 750_000))
            weight.append(1.0 + orp_gap[k] * rng.uniform(0.8, 1.2))
            i += 1
    n = i
    cap_a = np.array(cap)
    minimum = cap_a * rng.uniform(0.2, 0.7, n)
    shares = sp.csr_matrix((data, (rows, cols)), shape=(len(codes), n))
    problem = lp.allocation_problem(
        minimum=minimum,
        cap=cap_a,
        weight=np.array(weight),
        budget=0.6 * cap_a.sum(),
        shares=shares,
        floor=floor,
    )
    return problem, np.array(units)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=6700)
    parser.add_argument("--floor", type=float, default=0.5)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    started = time.perf_counter()
    problem, _units = network(args.services, args.floor, args.seed)
    built = time.perf_counter() - started
    load0 = f"{os.getloadavg()[0]:.2f}"
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    times, cpu = [], []
    result = None
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        result = lp.allocate(problem)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert result is not None
    shares = problem.shares
    assert shares is not None
    print(f"Python {platform.python_version()}, SciPy {scipy.__version__}, {platform.machine()}")
    print(
        f"Network: {problem.n} services, {shares.shape[0]} municipalities, "
        f"{shares.nnz} service–municipality pairs (generated in {built:.2f} s)"
    )
    print(
        f"Budget {problem.budget / 1e9:.2f} bn CZK = 60 % of all caps "
        f"({problem.cap.sum() / 1e9:.2f} bn); minimums {problem.minimum.sum() / 1e9:.2f} bn; "
        f"fairness floor {problem.floor:.0%}"
    )
    print(f"Status: {result.status} {result.reason}")
    print(
        f"Solve (build + HiGHS), {args.repeat} runs: median {statistics.median(times):.3f} s, "
        f"min {min(times):.3f} s, max {max(times):.3f} s; CPU time median "
        f"{statistics.median(cpu):.3f} s"
    )
    print(f"Load average before/after: {load0} / {os.getloadavg()[0]:.2f}")
    print(f"Peak RSS: {rss_after / 1024:.0f} MiB (before the solves {rss_before / 1024:.0f} MiB)")
    if not result.feasible:
        print(result.explanation)
        return
    optimal = result.amounts
    cut = lp.proportional_cut(problem)
    u_opt = lp.unmet_need(problem, optimal)
    u_cut = lp.unmet_need(problem, cut)
    need = problem.municipality_need()
    covered_cut = shares @ cut
    covered_opt = shares @ optimal
    below_floor_cut = int(np.sum(covered_cut + 1 < problem.floor * need))  # 1 CZK
    below_floor_opt = int(np.sum(covered_opt + 1 < problem.floor * need))
    below_min_cut = int(np.sum(cut + 1 < problem.minimum))
    tight = int(np.sum(covered_opt < problem.floor * need * (1 + 1e-6)))
    print(
        f"Weighted unmet need: optimal {u_opt / 1e9:.3f} bn, proportional cut {u_cut / 1e9:.3f} bn "
        f"({(u_cut - u_opt) / u_cut:.1%} less with the optimum)"
    )
    print(
        f"Proportional cut breaks {below_min_cut} minimums and {below_floor_cut} municipality "
        f"floors; the optimum breaks {below_floor_opt} floors (the floor binds at {tight} "
        f"municipalities) and spends {optimal.sum() / 1e9:.2f} bn"
    )


if __name__ == "__main__":
    main()
