"""Capacity ratios, norms, projections and the gap table, by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from kpss_analysis import gaps, projection, ratios

HOMES = ratios.Norm(
    service_type="§ 49",
    form="residential",
    population_group="65+",
    per_1000=20.0,
    source="Example regional plan 2023–2025, p. 12",
)
CARE = ratios.Norm(
    service_type="§ 40",
    form="outreach",
    population_group="65+",
    per_1000=10.0,
    source="",
    is_assumption=True,
)


def test_per_1000() -> None:
    # 30 beds for 1,500 people 65+ = 20 per 1,000; no people: inf (beds) or NaN (none).
    np.testing.assert_array_equal(
        ratios.per_1000([30.0, 5.0, 0.0], [1500.0, 0.0, 0.0]), [20.0, math.inf, math.nan]
    )


def test_per_1000_by_area_pools_before_dividing() -> None:
    # Area A: (10 + 0) / (1000 + 1000) × 1000 = 5;  area B: 3 / 100 × 1000 = 30.
    result = ratios.per_1000_by_area([10.0, 0.0, 3.0], [1000.0, 1000.0, 100.0], ["A", "A", "B"])
    assert result == {"A": 5.0, "B": 30.0}


def test_norm_need_and_gap() -> None:
    # need = 20 × 2,500 / 1,000 = 50 beds; gap = 50 − 35 = 15 missing.
    need = ratios.norm_need(HOMES, [2500.0])
    assert need[0] == 50.0
    assert ratios.gap(need, [35.0])[0] == 15.0


def test_a_norm_needs_a_source_or_the_assumption_flag() -> None:
    with pytest.raises(ValueError, match="source"):
        ratios.Norm("§ 49", "residential", "65+", 20.0, source=" ")
    with pytest.raises(ValueError):
        ratios.Norm("§ 49", "residential", "65+", -1.0, source="x")
    with pytest.raises(ValueError, match="two norms"):
        ratios.norms_by_key([HOMES, HOMES])


def test_scenario_growth_and_table() -> None:
    growth = projection.Scenario("growth 2 %", annual_growth={"65+": 0.02})
    # 1.02² = 1.0404; groups not listed stay constant.
    assert growth.factor("65+", base_year=2025, year=2027) == pytest.approx(1.0404)
    assert growth.factor("0-14", base_year=2025, year=2027) == 1.0
    # Totals 1,000 (2025) and 1,210 (2027): factor 1.21, and 1.1 in 2026 (constant rate).
    table = projection.Scenario.from_totals(
        "projection file", base_year=2025, totals={2025: {"65+": 1000.0}, 2027: {"65+": 1210.0}}
    )
    assert table.factor("65+", base_year=2025, year=2027) == pytest.approx(1.21)
    assert table.factor("65+", base_year=2025, year=2026) == pytest.approx(1.1)
    with pytest.raises(ValueError, match="no factor"):
        table.factor("65+", base_year=2025, year=2030)


def test_projected_need_carries_the_scenario_label() -> None:
    scenario = projection.Scenario("ageing +3 %/year", annual_growth={"65+": 0.03})
    rate = projection.UsageRate("§ 40", "65+", per_1000=50.0, source="", is_assumption=True)
    result = projection.project_need(
        {"65+": [1000.0, 200.0]},
        base_year=2025,
        years=[2025, 2026],
        rates=[rate],
        scenario=scenario,
    )
    assert [(r.scenario, r.year) for r in result] == [
        ("ageing +3 %/year", 2025),
        ("ageing +3 %/year", 2026),
    ]
    # 2026: population × 1.03, need = 50 × P / 1000 → [51.5, 10.3]
    np.testing.assert_allclose(result[1].need, [51.5, 10.3])
    assert result[1].rate_is_assumption


MUNICIPALITIES = [
    gaps.MunicipalityPopulation("545058", "Valašské Meziříčí", "valmez", {"65+": 5000.0}),
    gaps.MunicipalityPopulation("542717", "Kelč", "valmez", {"65+": 600.0}),
    gaps.MunicipalityPopulation("544761", "Rožnov", "roznov", {"65+": 4000.0}),
]
SUPPLY = [
    gaps.SupplyRecord("§ 49", "residential", "545058", 60.0, 55.0),
    gaps.SupplyRecord("§ 49", "residential", "545058", 20.0, 20.0),
    gaps.SupplyRecord("§ 49", "residential", "544761", 100.0, 90.0),
    gaps.SupplyRecord("§ 40", "outreach", "542717", 10.0, 8.0),
    gaps.SupplyRecord("§ 44", "residential", "542717", 5.0),  # no norm: ignored
]


def test_gap_table_by_hand() -> None:
    rows = gaps.gap_table(
        municipalities=MUNICIPALITIES,
        supply=SUPPLY,
        norms=[HOMES, CARE],
        target_groups={"§ 49": "seniors", "§ 40": "seniors"},
        accessibility={("§ 49", "545058"): 0.016},
    )
    by_key = {(r.service_type, r.municipality): r for r in rows}
    vm = by_key[("§ 49", "545058")]
    # need = 20 × 5,000 / 1,000 = 100; capacity 60 + 20 = 80; gap = 20.
    assert (vm.need, vm.registered_capacity, vm.network_units, vm.gap) == (100.0, 80.0, 75.0, 20.0)
    assert vm.accessibility == 0.016
    assert vm.target_group == "seniors"
    # Rožnov: need 80, capacity 100 → gap −20 (surplus).
    assert by_key[("§ 49", "544761")].gap == -20.0
    # Care service in Kelč: need 10 × 600 / 1,000 = 6, capacity 10 → −4; an assumption.
    kelc = by_key[("§ 40", "542717")]
    assert (kelc.need, kelc.gap, kelc.norm_is_assumption) == (6.0, -4.0, True)
    assert len(rows) == 6

    per_area = {(a.key, a.service_type): a for a in gaps.aggregate_gaps(rows, by="area")}
    # valmez § 49: need 100 + 12 = 112, capacity 80 → gap 32 over 5,600 people.
    valmez = per_area[("valmez", "§ 49")]
    assert (valmez.need, valmez.registered_capacity, valmez.gap) == (112.0, 80.0, 32.0)
    assert (valmez.population, valmez.municipalities) == (5600.0, 2)

    per_group = gaps.aggregate_gaps(rows, by="target_group")
    assert {(a.key, a.service_type) for a in per_group} == {
        ("seniors", "§ 49"),
        ("seniors", "§ 40"),
    }

    # Positive gaps: VM § 40 (50 − 0), Rožnov § 40 (40 − 0), VM § 49 (20), Kelč § 49 (12).
    ranked = gaps.largest_gaps(rows, limit=3)
    assert [(r.municipality, r.service_type, r.gap) for r in ranked] == [
        ("545058", "§ 40", 50.0),
        ("544761", "§ 40", 40.0),
        ("545058", "§ 49", 20.0),
    ]


def test_supply_in_an_unknown_municipality_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown municipality"):
        gaps.gap_table(
            municipalities=MUNICIPALITIES[:1],
            supply=[gaps.SupplyRecord("§ 49", "residential", "999999", 1.0)],
            norms=[HOMES],
        )
