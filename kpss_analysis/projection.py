"""Projection of population and need under an explicit, labelled scenario.

For a population group g, base year y0 and year y, the projected population is

    P_g(y) = P_g(y0) × f_g(y)

where the scenario's factor f_g(y) is either (1 + r_g)^(y − y0) for an annual growth
rate r_g, or read from a projection table (factors relative to y0; between two table
years the factor is interpolated at a constant annual rate). Need follows from a usage
(prevalence) rate per 1,000: need = rate × P_g(y) / 1000. Every result carries the
scenario name: a projection is a scenario, never a fact.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike

from kpss_analysis._arrays import FloatArray, non_negative

__all__ = [
    "ProjectedNeed",
    "ProjectedPopulation",
    "Scenario",
    "UsageRate",
    "project_need",
    "project_population",
]


@dataclass(frozen=True)
class Scenario:
    """A named set of assumptions about population change.

    `annual_growth` maps a population group to its yearly rate (0.02 = +2 % a year;
    groups not listed stay constant). `table`, when given, maps year → group → factor
    relative to the base year and takes precedence.
    """

    name: str
    annual_growth: Mapping[str, float] = field(default_factory=dict)
    table: Mapping[int, Mapping[str, float]] | None = None
    description: str = ""

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("a scenario needs a name")
        for group, rate in self.annual_growth.items():
            if not (math.isfinite(rate) and rate > -1.0):
                raise ValueError(f"growth rate of {group} must be finite and > -1")
        for year, factors in (self.table or {}).items():
            for group, factor in factors.items():
                if not (math.isfinite(factor) and factor >= 0.0):
                    raise ValueError(f"factor of {group} in {year} must be finite, >= 0")

    @classmethod
    def from_totals(
        cls,
        name: str,
        *,
        base_year: int,
        totals: Mapping[int, Mapping[str, float]],
        description: str = "",
    ) -> Scenario:
        """Scenario from projected totals per year and group (e.g. a projection file):
        f_g(y) = total_g(y) / total_g(base_year)."""
        if base_year not in totals:
            raise ValueError("the totals must include the base year")
        base = totals[base_year]
        table = {
            year: {g: value / base[g] for g, value in groups.items() if base.get(g, 0.0) > 0}
            for year, groups in totals.items()
        }
        return cls(name=name, table=table, description=description)

    def factor(self, group: str, *, base_year: int, year: int) -> float:
        """f_g(year) relative to base_year (1 in the base year)."""
        if year == base_year:
            return 1.0
        if self.table is None:
            return float((1.0 + self.annual_growth.get(group, 0.0)) ** (year - base_year))
        known = {base_year: 1.0}
        known.update({y: f[group] for y, f in self.table.items() if group in f})
        if year in known:
            return float(known[year])
        before = [y for y in known if y < year]
        after = [y for y in known if y > year]
        if not before or not after:
            raise ValueError(f"scenario {self.name!r} has no factor for {group} in {year}")
        y1, y2 = max(before), min(after)
        f1, f2 = known[y1], known[y2]
        if f1 == 0.0 or f2 == 0.0:
            return f1 + (f2 - f1) * (year - y1) / (y2 - y1)
        return float(f1 * (f2 / f1) ** ((year - y1) / (y2 - y1)))


@dataclass(frozen=True)
class UsageRate:
    """Usage or prevalence of a service: persons in need per 1,000 of a group."""

    service_type: str
    population_group: str
    per_1000: float
    source: str
    is_assumption: bool = False

    def __post_init__(self) -> None:
        if not (math.isfinite(self.per_1000) and self.per_1000 >= 0.0):
            raise ValueError("a usage rate must be finite and non-negative")
        if not self.is_assumption and not self.source.strip():
            raise ValueError("a usage rate needs a source or must be marked as an assumption")


@dataclass(frozen=True, eq=False)
class ProjectedPopulation:
    """Population of one group in one year under a scenario (per municipality)."""

    scenario: str
    year: int
    population_group: str
    population: FloatArray


@dataclass(frozen=True, eq=False)
class ProjectedNeed:
    """Projected need for one service type in one year under a scenario."""

    scenario: str
    year: int
    service_type: str
    population_group: str
    population: FloatArray
    need: FloatArray
    rate_per_1000: float
    rate_source: str
    rate_is_assumption: bool


def project_population(
    base: Mapping[str, ArrayLike],
    *,
    base_year: int,
    years: Sequence[int],
    scenario: Scenario,
) -> list[ProjectedPopulation]:
    """P_g(y) = P_g(base_year) × f_g(y) for every group in `base` and every year."""
    arrays = {g: non_negative(p, f"population of {g}", ndim=(0, 1)) for g, p in base.items()}
    return [
        ProjectedPopulation(
            scenario=scenario.name,
            year=year,
            population_group=group,
            population=np.asarray(
                population * scenario.factor(group, base_year=base_year, year=year),
                dtype=np.float64,
            ),
        )
        for year in years
        for group, population in arrays.items()
    ]


def project_need(
    base: Mapping[str, ArrayLike],
    *,
    base_year: int,
    years: Sequence[int],
    rates: Sequence[UsageRate],
    scenario: Scenario,
) -> list[ProjectedNeed]:
    """need = rate.per_1000 × P_g(y) / 1000 for each usage rate and year."""
    missing = {r.population_group for r in rates} - set(base)
    if missing:
        raise ValueError(f"no base population for {', '.join(sorted(missing))}")
    groups = {r.population_group for r in rates}
    projected = {
        (p.year, p.population_group): p
        for p in project_population(
            {g: base[g] for g in groups}, base_year=base_year, years=years, scenario=scenario
        )
    }
    result: list[ProjectedNeed] = []
    for year in years:
        for rate in rates:
            population = projected[(year, rate.population_group)].population
            result.append(
                ProjectedNeed(
                    scenario=scenario.name,
                    year=year,
                    service_type=rate.service_type,
                    population_group=rate.population_group,
                    population=population,
                    need=np.asarray(rate.per_1000 * population / 1000.0, dtype=np.float64),
                    rate_per_1000=rate.per_1000,
                    rate_source=rate.source,
                    rate_is_assumption=rate.is_assumption,
                )
            )
    return result
