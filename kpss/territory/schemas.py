"""Shapes of the territory in the API: planning areas, municipalities, population, GeoJSON."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema

from kpss.territory.models import Municipality, PlanningArea, PopulationFact
from kpss.territory.selectors import municipality_latest_population


class CodeName(Schema):
    code: str
    name: str


class _AreaFields(Schema):
    slug: str
    name: str
    kind: str = Field(description="union | orp | custom")
    is_public: bool = Field(description="False only for members' own unpublished areas.")
    orp_code: str | None = Field(description="ČSÚ code of the ORP the area is defined by.")


class AreaBrief(_AreaFields):
    @staticmethod
    def resolve_orp_code(obj: PlanningArea) -> str | None:
        return obj.orp.code if obj.orp else None


class PopulationSummaryOut(Schema):
    """Sums over the member municipalities, from their latest figures."""

    reference_date: dt.date | None = Field(description="Latest 'as of' date of the figures.")
    total: int
    men: int
    women: int
    age_0_14: int | None
    age_15_64: int | None
    age_65_plus: int | None
    municipalities: int = Field(description="Number of member municipalities.")
    missing_age_data: int = Field(description="Municipalities whose figures lack age groups.")


class AreaDetail(_AreaFields):
    description: str
    population: PopulationSummaryOut


class PopulationBrief(Schema):
    reference_date: dt.date
    total: int
    men: int
    women: int
    age_0_14: int | None
    age_15_64: int | None
    age_65_plus: int | None


class AreaMunicipality(Schema):
    code: str
    name: str
    orp_code: str
    population: PopulationBrief | None


class AgeGroupBySex(Schema):
    total: int | None
    men: int | None
    women: int | None


class PopulationDetail(Schema):
    reference_date: dt.date
    total: int
    men: int
    women: int
    age_0_14: AgeGroupBySex
    age_15_64: AgeGroupBySex
    age_65_plus: AgeGroupBySex
    average_age: float | None
    source: str

    @staticmethod
    def _group(obj: PopulationFact, group: str) -> dict[str, int | None]:
        return {
            "total": getattr(obj, group),
            "men": getattr(obj, f"{group}_men"),
            "women": getattr(obj, f"{group}_women"),
        }

    @staticmethod
    def resolve_age_0_14(obj: PopulationFact) -> dict[str, int | None]:
        return PopulationDetail._group(obj, "age_0_14")

    @staticmethod
    def resolve_age_15_64(obj: PopulationFact) -> dict[str, int | None]:
        return PopulationDetail._group(obj, "age_15_64")

    @staticmethod
    def resolve_age_65_plus(obj: PopulationFact) -> dict[str, int | None]:
        return PopulationDetail._group(obj, "age_65_plus")

    @staticmethod
    def resolve_average_age(obj: PopulationFact) -> float | None:
        return float(obj.average_age) if obj.average_age is not None else None


class Point(Schema):
    lat: float
    lon: float


class MunicipalityDetail(Schema):
    code: str
    name: str
    kind: str = Field(description="Status of the municipality (obec, město, městys, …).")
    postcode: str
    area_km2: float
    orp: CodeName
    district: CodeName
    region: CodeName
    pou: CodeName = Field(description="Municipality with a commissioned local authority.")
    centroid: Point
    population: PopulationDetail | None = Field(description="The latest figures.")

    @staticmethod
    def resolve_pou(obj: Municipality) -> dict[str, str]:
        return {"code": obj.pou_code, "name": obj.pou_name}

    @staticmethod
    def resolve_centroid(obj: Municipality) -> dict[str, float]:
        return {"lat": obj.centroid_lat, "lon": obj.centroid_lon}

    @staticmethod
    def resolve_population(obj: Municipality) -> PopulationFact | None:
        return municipality_latest_population(municipality=obj)


class BoundaryProperties(Schema):
    code: str
    name: str
    population: int | None


class BoundaryFeature(Schema):
    type: Literal["Feature"]
    geometry: dict[str, Any] = Field(description="GeoJSON geometry in WGS84.")
    properties: BoundaryProperties


class BoundaryCollection(Schema):
    """GeoJSON FeatureCollection of the member municipalities."""

    type: Literal["FeatureCollection"]
    features: list[BoundaryFeature]
