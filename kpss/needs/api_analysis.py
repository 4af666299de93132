"""Gap and accessibility analysis endpoints, and the stored analysis runs.

The gap table and accessibility are public for published areas (members also see their
unpublished areas); saved runs are for members (`needs.view_internal`). JSON has no NaN or
infinity: such a value is `null` with a `description` that says what it means
(`no_service_in_reach`, `capacity_without_demand`; `ok` for a number).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema

from kpss.api.auth import caller
from kpss.api.errors import PROBLEM_RESPONSES, Problem
from kpss.core.errors import NotFound, PermissionDenied
from kpss.needs.analysis import (
    AccessibilitySettings,
    accessibility_report,
    gap_analysis_compute,
)
from kpss.needs.models import AnalysisRun
from kpss.needs.scenarios import scenario_from_options
from kpss.organisations.selectors import planning_area_get_for_user
from kpss.territory.models import PlanningArea
from kpss_analysis import accessibility as fca

router = Router(tags=["analysis"])

AreaSlug = Path(
    ..., pattern=r"^[-a-zA-Z0-9_]+$", max_length=60, description="Short name of the area."
)
MethodName = Literal["2sfca", "e2sfca", "g2sfca"]
Description = Literal["ok", "no_service_in_reach", "capacity_without_demand", "not_computed"]
RESPONSES_WITH_403: dict[int, type[Schema]] = {**PROBLEM_RESPONSES, 403: Problem}


class GapQuery(Schema):
    year: int | None = Field(
        None, ge=2000, le=2070, description="Project the population to this year (a scenario)."
    )
    growth_65: float | None = Field(
        None,
        ge=-0.2,
        le=0.2,
        description="Scenario: yearly change of the 65+ group as a fraction (0.02 = 2 %).",
    )
    method: MethodName = Field("e2sfca", description="Accessibility method.")
    threshold_km: float = Field(30.0, gt=0, le=300, description="Catchment in km.")


class AccessibilityQuery(Schema):
    type: str = Field(
        ..., min_length=1, max_length=60, description='Service type: "§ 49", "49" or its name.'
    )
    method: MethodName = Field("e2sfca", description="Accessibility method.")
    threshold_km: float = Field(30.0, gt=0, le=300, description="Catchment in km.")


class GapRowOut(Schema):
    service_type: str
    form: str
    target_group: str
    municipality: str
    municipality_name: str
    population_group: str
    population: float
    registered_capacity: float
    network_units: float
    need: float
    gap: float
    accessibility: float | None = Field(
        description="Capacity per 1,000 of the group within reach; null if not a number."
    )
    description: Description = Field(description="What the accessibility value means.")
    norm_per_1000: float
    norm_source: str
    norm_is_assumption: bool
    scenario: str | None


class GapAggregateOut(Schema):
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
    scenario: str | None


class GapsOut(Schema):
    area: str
    scenario: str | None = Field(description="Set when the numbers are a projection.")
    settings: dict[str, Any]
    inputs: dict[str, Any] = Field(
        description="Norm set, norms, population and registry dates, services counted."
    )
    rows: list[GapRowOut]
    by_area: list[GapAggregateOut]
    by_target_group: list[GapAggregateOut]
    largest: list[GapRowOut]


class AccessibilityMunicipality(Schema):
    code: str
    name: str
    value: float | None
    description: Description


class AccessibilityOut(Schema):
    area: str
    service_type: str
    population_group: str
    settings: dict[str, Any]
    municipalities: list[AccessibilityMunicipality]


class AnalysisRunBrief(Schema):
    id: int
    kind: str
    label: str
    created_at: dt.datetime
    created_by: str | None
    is_scenario: bool
    parameters: dict[str, Any]


class AnalysisRunDetail(AnalysisRunBrief):
    inputs: dict[str, Any]
    results: dict[str, Any]


def _area(request: HttpRequest, slug: str) -> PlanningArea:
    return planning_area_get_for_user(user=caller(request), slug=slug)


def _describe(value: float | None) -> str:
    return "not_computed" if value is None else fca.describe_accessibility(value)


def _row(row: Any) -> dict[str, Any]:
    data = asdict(row)
    value = data["accessibility"]
    data["description"] = _describe(value)
    data["accessibility"] = value if value is not None and math.isfinite(value) else None
    return data


def _aggregate(aggregate: Any) -> dict[str, Any]:
    data = asdict(aggregate)
    data.pop("codes", None)
    return data


@router.get(
    "/areas/{slug}/gaps",
    response={200: GapsOut, **PROBLEM_RESPONSES},
    summary="Gap table of an area",
)
def area_gaps(
    request: HttpRequest, filters: Query[GapQuery], slug: str = AreaSlug
) -> dict[str, Any]:
    """Need by norm against registered capacity per service type × municipality, the sums
    per area and per target group, and the largest gaps. With `year` later than the
    population data the population is projected (65+ changing by `growth_65` a year) and
    every row carries the scenario's name."""
    area = _area(request, slug)
    query = filters
    analysis = gap_analysis_compute(
        area=area,
        year=query.year,
        scenario=scenario_from_options(year=query.year, growth_65=query.growth_65),
        settings=AccessibilitySettings(method=query.method, threshold_km=query.threshold_km),
    )
    return {
        "area": area.slug,
        "scenario": analysis.scenario,
        "settings": asdict(analysis.settings),
        "inputs": analysis.inputs,
        "rows": [_row(r) for r in analysis.rows],
        "by_area": [_aggregate(a) for a in analysis.by_area],
        "by_target_group": [_aggregate(a) for a in analysis.by_target_group],
        "largest": [_row(r) for r in analysis.largest],
    }


@router.get(
    "/areas/{slug}/accessibility",
    response={200: AccessibilityOut, **PROBLEM_RESPONSES},
    summary="Spatial accessibility of one service type",
)
def area_accessibility(
    request: HttpRequest, filters: Query[AccessibilityQuery], slug: str = AreaSlug
) -> dict[str, Any]:
    """Capacity per 1,000 inhabitants of the type's population group within reach, for each
    member municipality. An unknown type is a 422 problem with code `unknown_service_type`."""
    area = _area(request, slug)
    report = accessibility_report(
        area=area,
        type_label=filters.type,
        settings=AccessibilitySettings(method=filters.method, threshold_km=filters.threshold_km),
    )
    return report.as_dict()


def _member_area(request: HttpRequest, slug: str) -> PlanningArea:
    area = _area(request, slug)
    user = caller(request)
    if not user.has_perm("needs.view_internal", area):
        raise PermissionDenied(_("Saved analyses are for members of the planning area."))
    return area


def _run(run: AnalysisRun, *, detail: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": run.pk,
        "kind": run.kind,
        "label": run.label,
        "created_at": run.created_at,
        "created_by": run.created_by.username if run.created_by else None,
        "is_scenario": run.is_scenario,
        "parameters": run.parameters,
    }
    if detail:
        data["inputs"] = run.inputs
        data["results"] = run.results
    return data


@router.get(
    "/areas/{slug}/analysis-runs",
    response={200: list[AnalysisRunBrief], **RESPONSES_WITH_403},
    summary="Saved analyses of an area",
)
def area_analysis_run_list(request: HttpRequest, slug: str = AreaSlug) -> list[dict[str, Any]]:
    """Newest first; for members of the area."""
    area = _member_area(request, slug)
    runs = AnalysisRun.objects.filter(planning_area=area).select_related("created_by")
    return [_run(run, detail=False) for run in runs]


@router.get(
    "/areas/{slug}/analysis-runs/{run_id}",
    response={200: AnalysisRunDetail, **RESPONSES_WITH_403},
    summary="One saved analysis",
)
def area_analysis_run_detail(
    request: HttpRequest, run_id: int, slug: str = AreaSlug
) -> dict[str, Any]:
    """Inputs (norm set, norms, population and registry dates), parameters and results."""
    area = _member_area(request, slug)
    run = (
        AnalysisRun.objects.filter(planning_area=area, pk=run_id)
        .select_related("created_by")
        .first()
    )
    if run is None:
        raise NotFound(_("No such saved analysis in this area."), id=run_id)
    return _run(run, detail=True)
