"""Gap table: need against supply per service type × municipality, and its summaries.

For a service type and form with norm n (per 1,000 of population group g) and a
municipality with P_g people of that group:

    need = n × P_g / 1000        gap = need − registered capacity

A positive gap is missing capacity. Aggregates sum need and capacity first and then
subtract, so surpluses in one municipality offset shortfalls in another; the ranked list
of largest gaps works on the municipal rows, where they do not.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from kpss_analysis.ratios import Norm, norms_by_key

__all__ = [
    "GapAggregate",
    "GapRow",
    "MunicipalityPopulation",
    "SupplyRecord",
    "aggregate_gaps",
    "gap_table",
    "largest_gaps",
]


@dataclass(frozen=True)
class MunicipalityPopulation:
    """A municipality (official code), its planning area and its population by group."""

    code: str
    name: str
    area: str
    population: Mapping[str, float]


@dataclass(frozen=True)
class SupplyRecord:
    """Capacity of one service form located in (or serving) one municipality.

    `registered_capacity` is the registry's maximum capacity; `network_units` the units
    included in the region's network. Several records for the same key are summed.
    """

    service_type: str
    form: str
    municipality: str
    registered_capacity: float
    network_units: float = 0.0

    def __post_init__(self) -> None:
        for name in ("registered_capacity", "network_units"):
            value = getattr(self, name)
            if not (math.isfinite(value) and value >= 0.0):
                raise ValueError(f"{name} must be finite and non-negative")


@dataclass(frozen=True)
class GapRow:
    """One service type and form in one municipality."""

    service_type: str
    form: str
    target_group: str
    municipality: str
    municipality_name: str
    area: str
    population_group: str
    population: float
    registered_capacity: float
    network_units: float
    need: float
    gap: float
    accessibility: float | None
    norm_per_1000: float
    norm_source: str
    norm_is_assumption: bool
    scenario: str | None = None


@dataclass(frozen=True)
class GapAggregate:
    """Sums over a set of municipalities for one service type and form."""

    by: Literal["area", "target_group"]
    key: str
    service_type: str
    form: str
    population: float
    registered_capacity: float
    network_units: float
    need: float
    gap: float
    municipalities: int
    norm_is_assumption: bool
    scenario: str | None = None
    codes: tuple[str, ...] = field(default=(), repr=False)


def gap_table(
    *,
    municipalities: Sequence[MunicipalityPopulation],
    supply: Sequence[SupplyRecord],
    norms: Sequence[Norm],
    target_groups: Mapping[str, str] | None = None,
    accessibility: Mapping[tuple[str, str], float] | None = None,
    scenario: str | None = None,
) -> list[GapRow]:
    """One row per norm × municipality.

    `target_groups` maps a service type to its target group (default: the norm's
    population group); `accessibility` maps (service_type, municipality code) to an
    accessibility index; `scenario` labels rows computed on projected populations.
    Supply for a (type, form) without a norm is ignored; supply in a municipality
    outside `municipalities` raises ValueError.
    """
    index = norms_by_key(norms)
    known = {m.code for m in municipalities}
    capacity: dict[tuple[str, str, str], list[float]] = {}
    for record in supply:
        if record.municipality not in known:
            raise ValueError(f"supply in unknown municipality {record.municipality}")
        total = capacity.setdefault(
            (record.service_type, record.form, record.municipality), [0.0, 0.0]
        )
        total[0] += record.registered_capacity
        total[1] += record.network_units
    groups = target_groups or {}
    rows: list[GapRow] = []
    for norm in index.values():
        for m in municipalities:
            if norm.population_group not in m.population:
                raise ValueError(f"{m.code} has no population for group {norm.population_group}")
            population = float(m.population[norm.population_group])
            registered, network = capacity.get((norm.service_type, norm.form, m.code), (0.0, 0.0))
            need = norm.per_1000 * population / 1000.0
            rows.append(
                GapRow(
                    service_type=norm.service_type,
                    form=norm.form,
                    target_group=groups.get(norm.service_type, norm.population_group),
                    municipality=m.code,
                    municipality_name=m.name,
                    area=m.area,
                    population_group=norm.population_group,
                    population=population,
                    registered_capacity=registered,
                    network_units=network,
                    need=need,
                    gap=need - registered,
                    accessibility=(
                        None
                        if accessibility is None
                        else accessibility.get((norm.service_type, m.code))
                    ),
                    norm_per_1000=norm.per_1000,
                    norm_source=norm.source,
                    norm_is_assumption=norm.is_assumption,
                    scenario=scenario,
                )
            )
    return rows


def aggregate_gaps(
    rows: Sequence[GapRow], *, by: Literal["area", "target_group"]
) -> list[GapAggregate]:
    """Sum rows per (area or target group, service type, form); gap = Σ need − Σ capacity.

    Population is summed over distinct municipalities per key, once per population group
    (so two forms of one type do not double the population).
    """
    buckets: dict[tuple[str, str, str], list[GapRow]] = {}
    for row in rows:
        key = row.area if by == "area" else row.target_group
        buckets.setdefault((key, row.service_type, row.form), []).append(row)
    result: list[GapAggregate] = []
    for (key, service_type, form), members in buckets.items():
        codes = tuple(dict.fromkeys(r.municipality for r in members))
        population = sum(
            {(r.municipality, r.population_group): r.population for r in members}.values()
        )
        need = math.fsum(r.need for r in members)
        registered = math.fsum(r.registered_capacity for r in members)
        scenarios = {r.scenario for r in members}
        result.append(
            GapAggregate(
                by=by,
                key=key,
                service_type=service_type,
                form=form,
                population=population,
                registered_capacity=registered,
                network_units=math.fsum(r.network_units for r in members),
                need=need,
                gap=need - registered,
                municipalities=len(codes),
                norm_is_assumption=any(r.norm_is_assumption for r in members),
                scenario=scenarios.pop() if len(scenarios) == 1 else None,
                codes=codes,
            )
        )
    return result


def largest_gaps(rows: Sequence[GapRow], *, limit: int = 10) -> list[GapRow]:
    """The rows with the largest positive gap, largest first (ties: code, type, form)."""
    if limit < 0:
        raise ValueError("limit must be non-negative")
    positive = [r for r in rows if r.gap > 0.0]
    positive.sort(key=lambda r: (-r.gap, r.municipality, r.service_type, r.form))
    return positive[:limit]
