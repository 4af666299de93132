"""The network-goal indicators on hand-made data, computed by hand in the comments."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import pytest

from kpss_analysis import network_goals as ng


def test_cost_index_weights_by_units_and_skips_unknown_usual_cost() -> None:
    rows = [
        # 2 FTE at 600 000 usual = 1 200 000 usual; cost 1 100 000
        ng.CostRow(units=Decimal("2"), total_cost=1_100_000, usual_cost_per_unit=600_000),
        # 10 beds at 400 000 usual = 4 000 000 usual; cost 4 300 000
        ng.CostRow(units=10, total_cost=4_300_000, usual_cost_per_unit=400_000),
        # no usual cost: left out
        ng.CostRow(units=3, total_cost=9_999_999, usual_cost_per_unit=None),
    ]
    result = ng.cost_index(rows)
    # (1 100 000 + 4 300 000) / (1 200 000 + 4 000 000) = 5 400 000 / 5 200 000
    assert result.value == pytest.approx(5_400_000 / 5_200_000)
    assert result.count == 2
    assert result.details["skipped"] == 1


def test_cost_index_without_data_says_why() -> None:
    assert ng.cost_index([]).reason == ng.NO_RECORDS
    unusual = ng.cost_index([ng.CostRow(units=1, total_cost=5, usual_cost_per_unit=None)])
    assert unusual.value is None
    assert unusual.reason == ng.NO_USUAL_COST
    assert not unusual.available


def test_basic_operation_coverage() -> None:
    rows = [
        ng.FundingRow(public_funding=1_000_000, basic_operation_cost=900_000),  # covered
        ng.FundingRow(public_funding=900_000, basic_operation_cost=900_000),  # exactly covered
        ng.FundingRow(public_funding=500_000, basic_operation_cost=800_000),  # not
        ng.FundingRow(public_funding=100, basic_operation_cost=0),  # nothing to cover: out
    ]
    result = ng.basic_operation_coverage(rows)
    assert result.value == pytest.approx(2 / 3)
    assert result.count == 3
    assert result.details["covered"] == 2
    assert ng.basic_operation_coverage([]).reason == ng.NO_RECORDS


def test_response_time_median_and_waiting() -> None:
    pairs = [
        ng.NeedResponse(dt.date(2024, 1, 1), dt.date(2024, 1, 31)),  # 30 days
        ng.NeedResponse(dt.date(2024, 1, 1), dt.date(2024, 4, 10)),  # 100 days
        ng.NeedResponse(dt.date(2024, 3, 1), dt.date(2024, 3, 11)),  # 10 days
        ng.NeedResponse(dt.date(2024, 6, 1), None),  # waiting 30 days on 1 July
    ]
    result = ng.response_time(pairs, today=dt.date(2024, 7, 1))
    assert result.value == 30.0
    assert result.count == 3
    assert result.details["waiting"] == 1
    assert result.details["waiting_median_days"] == 30
    assert (result.details["min_days"], result.details["max_days"]) == (10, 100)


def test_response_time_without_any_decision() -> None:
    only_waiting = ng.response_time([ng.NeedResponse(dt.date(2024, 1, 1), None)])
    assert only_waiting.value is None
    assert only_waiting.reason == ng.NO_DECISIONS
    assert only_waiting.details["waiting"] == 1
    assert ng.response_time([]).reason == ng.NO_RECORDS


def test_population_share_with_access() -> None:
    rows = [
        ng.PlaceAccess(population=1000, accessibility=25.0),  # reaches the norm 20
        ng.PlaceAccess(population=500, accessibility=20.0),  # exactly
        ng.PlaceAccess(population=300, accessibility=10.0),  # below
        ng.PlaceAccess(population=200, accessibility=math.nan),  # no service in reach
        ng.PlaceAccess(population=0, accessibility=99.0),  # nobody lives there: out
        ng.PlaceAccess(population=100, accessibility=math.inf),  # capacity without demand
    ]
    result = ng.population_share_with_access(rows, norm=20)
    # (1000 + 500 + 100) / (1000 + 500 + 300 + 200 + 100)
    assert result.value == pytest.approx(1600 / 2100)
    assert result.details["population"] == 2100
    assert ng.population_share_with_access([], norm=20).reason == ng.NO_RECORDS


def test_continuous_share_ignores_unknown() -> None:
    result = ng.continuous_share([True, False, None, True, False])
    assert result.value == pytest.approx(0.5)
    assert result.count == 4
    assert ng.continuous_share([None, None]).reason == ng.NO_RECORDS


def test_coefficient_of_variation() -> None:
    # values 2 and 4: mean 3, population sd 1 → 1/3
    assert ng.coefficient_of_variation([2.0, 4.0]) == pytest.approx(1 / 3)
    assert ng.coefficient_of_variation([5.0]) is None
    assert ng.coefficient_of_variation([0.0, 0.0]) is None


def test_funding_dispersion_by_type_and_form() -> None:
    rows = [
        # § 40 outreach: provider 1 has two services (sum: 3 000 000 for 6 FTE = 500 000/FTE),
        ng.ProviderFunding(1, "40", "ter", units=2, public_funding=1_000_000),
        ng.ProviderFunding(1, "40", "ter", units=4, public_funding=2_000_000),
        # provider 2: 1 000 000 per FTE
        ng.ProviderFunding(2, "40", "ter", units=1, public_funding=1_000_000),
        # § 49 residential: three providers at 200, 200, 200 thousand per bed → CV 0
        ng.ProviderFunding(3, "49", "pob", units=10, public_funding=2_000_000),
        ng.ProviderFunding(4, "49", "pob", units=5, public_funding=1_000_000),
        ng.ProviderFunding(5, "49", "pob", units=20, public_funding=4_000_000),
        # a lone provider of § 52: says nothing, left out
        ng.ProviderFunding(6, "52", "amb", units=3, public_funding=600_000),
        # no units: left out
        ng.ProviderFunding(7, "40", "ter", units=0, public_funding=800_000),
    ]
    result = ng.funding_dispersion(rows)
    # § 40: 500 000 and 1 000 000 → mean 750 000, sd 250 000 → CV 1/3 (2 providers)
    # § 49: CV 0 (3 providers) → weighted (1/3 × 2 + 0 × 3) / 5 = 2/15
    assert result.value == pytest.approx(2 / 15)
    assert result.count == 5
    groups = {g["service_type_key"]: g for g in result.details["groups"]}
    assert groups["40"]["cv"] == pytest.approx(1 / 3)
    assert groups["49"]["cv"] == pytest.approx(0)
    assert "52" not in groups


def test_funding_dispersion_without_comparable_providers() -> None:
    assert ng.funding_dispersion([]).reason == ng.NO_RECORDS
    lone = [ng.ProviderFunding(1, "40", "ter", units=1, public_funding=10)]
    assert ng.funding_dispersion(lone).reason == ng.NO_GROUPS
    unfunded = [
        ng.ProviderFunding(1, "40", "ter", units=1, public_funding=0),
        ng.ProviderFunding(2, "40", "ter", units=1, public_funding=0),
    ]
    assert ng.funding_dispersion(unfunded).reason == ng.NO_FUNDING
