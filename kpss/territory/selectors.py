"""Reads of the territory: members of a planning area, population, boundaries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from kpss.core.text import czech_sort_key
from kpss.territory.models import (
    Boundary,
    Municipality,
    PlanningArea,
    PopulationFact,
)


def _today() -> dt.date:
    return timezone.localdate()


def area_municipalities(*, area: PlanningArea, on: dt.date | None = None) -> QuerySet[Municipality]:
    """Municipalities that are members of the area on a date (today by default)."""
    day = on or _today()
    return Municipality.objects.filter(
        Q(area_memberships__valid_to__isnull=True) | Q(area_memberships__valid_to__gte=day),
        area_memberships__planning_area=area,
        area_memberships__valid_from__lte=day,
    ).distinct()


def municipality_codes_of_area(*, area: PlanningArea, on: dt.date | None = None) -> set[str]:
    return set(area_municipalities(area=area, on=on).values_list("code", flat=True))


def _latest_population() -> Prefetch[Any]:
    return Prefetch(
        "population_facts",
        queryset=PopulationFact.objects.order_by("-reference_date"),
        to_attr="population_history",
    )


@dataclass(frozen=True)
class MunicipalityRow:
    municipality: Municipality
    population: PopulationFact | None

    @property
    def share_65_plus(self) -> float | None:
        p = self.population
        if p is None or p.age_65_plus is None or not p.total:
            return None
        return p.age_65_plus / p.total


def area_municipality_rows(
    *, area: PlanningArea, on: dt.date | None = None
) -> list[MunicipalityRow]:
    """Members with their latest population, in Czech alphabetical order."""
    municipalities = area_municipalities(area=area, on=on).prefetch_related(_latest_population())
    rows = [
        MunicipalityRow(m, m.population_history[0] if m.population_history else None)  # type: ignore[attr-defined]
        for m in municipalities
    ]
    return sorted(rows, key=lambda r: czech_sort_key(r.municipality.name))


@dataclass(frozen=True)
class PopulationSummary:
    reference_date: dt.date | None
    total: int
    men: int
    women: int
    age_0_14: int | None
    age_15_64: int | None
    age_65_plus: int | None
    municipalities: int
    missing_age_data: int


def population_summary(*, rows: list[MunicipalityRow]) -> PopulationSummary:
    facts = [r.population for r in rows if r.population is not None]
    with_ages = [f for f in facts if f.age_0_14 is not None]

    def age_sum(attr: str) -> int | None:
        return sum(getattr(f, attr) for f in with_ages) if with_ages else None

    return PopulationSummary(
        reference_date=max((f.reference_date for f in facts), default=None),
        total=sum(f.total for f in facts),
        men=sum(f.men for f in facts),
        women=sum(f.women for f in facts),
        age_0_14=age_sum("age_0_14"),
        age_15_64=age_sum("age_15_64"),
        age_65_plus=age_sum("age_65_plus"),
        municipalities=len(rows),
        missing_age_data=len(facts) - len(with_ages),
    )


def municipality_get(*, code: str) -> Municipality | None:
    return (
        Municipality.objects.select_related("orp", "district", "region")
        .prefetch_related(_latest_population())
        .filter(code=code)
        .first()
    )


def municipality_latest_population(*, municipality: Municipality) -> PopulationFact | None:
    history = getattr(municipality, "population_history", None)
    if history is not None:
        return history[0] if history else None
    return municipality.population_facts.order_by("-reference_date").first()


def area_boundaries_geojson(*, area: PlanningArea, on: dt.date | None = None) -> dict[str, Any]:
    """A FeatureCollection of the member municipalities, for the map."""
    rows = area_municipality_rows(area=area, on=on)
    by_code = {r.municipality.code: r for r in rows}
    boundaries = Boundary.objects.filter(level=Boundary.Level.MUNICIPALITY, code__in=by_code)
    features = []
    for boundary in boundaries:
        row = by_code[boundary.code]
        features.append(
            {
                "type": "Feature",
                "geometry": boundary.geometry,
                "properties": {
                    "code": boundary.code,
                    "name": row.municipality.name,
                    "population": row.population.total if row.population else None,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def municipality_boundary_geojson(*, municipality: Municipality) -> dict[str, Any] | None:
    boundary = Boundary.objects.filter(
        level=Boundary.Level.MUNICIPALITY, code=municipality.code
    ).first()
    if boundary is None:
        return None
    return {
        "type": "Feature",
        "geometry": boundary.geometry,
        "properties": {"code": municipality.code, "name": municipality.name},
    }
