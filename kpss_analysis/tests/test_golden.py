"""Golden files: a small fixed problem and its results, stored as JSON.

Regenerate after an intended change with `KPSS_UPDATE_GOLDEN=1 pytest kpss_analysis`,
then review the diff of kpss_analysis/tests/golden/.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from kpss_analysis import accessibility as acc
from kpss_analysis import geo

GOLDEN = Path(__file__).parent / "golden"

# Eight municipalities of the Valašské Meziříčí microregion (centroids, people 65+) and
# four facilities (places) at made-up positions nearby.
DEMAND = [
    (49.47180, 17.97120, 5284.0),  # Valašské Meziříčí
    (49.46050, 17.83030, 218.0),
    (49.47820, 18.02410, 617.0),
    (49.41510, 17.89020, 1024.0),
    (49.52580, 17.87210, 312.0),
    (49.50400, 18.09100, 109.0),
    (49.39000, 18.05000, 0.0),  # no people of the group
    (49.90000, 17.20000, 400.0),  # far away: no service within reach
]
SUPPLY = [
    (49.47500, 17.96000, 120.0),
    (49.42000, 17.88000, 40.0),
    (49.51000, 18.10000, 25.0),
    (49.39100, 18.05100, 10.0),
]
THRESHOLD_KM = 10.0
CIRCUITY = 1.2


def _encode(value: float) -> float | str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return value


def _decode(value: float | str) -> float:
    return float(value)


def _compute() -> dict[str, Any]:
    lat1, lon1, pop = (np.array(c) for c in zip(*DEMAND, strict=True))
    lat2, lon2, cap = (np.array(c) for c in zip(*SUPPLY, strict=True))
    table = geo.cost_table_within(lat1, lon1, lat2, lon2, threshold=THRESHOLD_KM, circuity=CIRCUITY)
    runs = {
        "2sfca": acc.two_stage_fca(pop, cap, table, threshold=THRESHOLD_KM),
        "e2sfca": acc.enhanced_two_stage_fca(
            pop, cap, table, threshold=THRESHOLD_KM, steps=[(3, 1.0), (6, 0.68), (10, 0.22)]
        ),
        "e2sfca_gaussian": acc.enhanced_two_stage_fca(
            pop, cap, table, threshold=THRESHOLD_KM, sigma=5.0
        ),
        "g2sfca": acc.gravity_two_stage_fca(
            pop, cap, table, threshold=THRESHOLD_KM, beta=1.5, min_cost=1.0
        ),
    }
    return {
        "threshold_km": THRESHOLD_KM,
        "circuity": CIRCUITY,
        "costs": sorted(
            [int(i), int(j), float(c)]
            for i, j, c in zip(table.rows, table.cols, table.costs, strict=True)
        ),
        "results": {
            name: {
                "accessibility": [_encode(float(v)) for v in run.accessibility],
                "supply_ratio": [_encode(float(v)) for v in run.supply_ratio],
            }
            for name, run in runs.items()
        },
    }


def test_golden_small_problem() -> None:
    path = GOLDEN / "accessibility_small.json"
    current = _compute()
    if os.environ.get("KPSS_UPDATE_GOLDEN") == "1":
        path.write_text(json.dumps(current, indent=1, ensure_ascii=False) + "\n")
        pytest.skip("golden file rewritten")
    golden = json.loads(path.read_text())
    assert golden["threshold_km"] == current["threshold_km"]
    assert [c[:2] for c in golden["costs"]] == [c[:2] for c in current["costs"]]
    np.testing.assert_allclose(
        [c[2] for c in current["costs"]], [c[2] for c in golden["costs"]], rtol=1e-12
    )
    for name, expected in golden["results"].items():
        for field, values in expected.items():
            got = np.array([_decode(v) for v in current["results"][name][field]])
            want = np.array([_decode(v) for v in values])
            np.testing.assert_array_equal(np.isnan(got), np.isnan(want), err_msg=name)
            np.testing.assert_array_equal(np.isinf(got), np.isinf(want), err_msg=name)
            finite = np.isfinite(want)
            np.testing.assert_allclose(got[finite], want[finite], rtol=1e-12, err_msg=name)


def test_golden_file_shows_every_special_value() -> None:
    # The fixture is built to contain "no service in reach" for the far municipality.
    golden = json.loads((GOLDEN / "accessibility_small.json").read_text())
    assert golden["results"]["2sfca"]["accessibility"][7] == "NaN"
