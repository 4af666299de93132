"""Territory endpoints: planning areas (as the caller may see them) and municipalities.

Thin adapters: visibility is decided by `planning_area_*_for_user`, figures by the selectors.
"""

from __future__ import annotations

from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Router

from kpss.api.auth import caller
from kpss.api.errors import PROBLEM_RESPONSES
from kpss.core.errors import NotFound
from kpss.organisations.selectors import planning_area_get_for_user, planning_area_list_for_user
from kpss.territory.models import Municipality, PlanningArea
from kpss.territory.schemas import (
    AreaBrief,
    AreaDetail,
    AreaMunicipality,
    BoundaryCollection,
    MunicipalityDetail,
)
from kpss.territory.selectors import (
    MunicipalityRow,
    area_boundaries_geojson,
    area_municipality_rows,
    municipality_get,
    population_summary,
)

router = Router(tags=["territory"])

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
MUNICIPALITY_CODE_PATTERN = r"^\d{6}$"

AreaSlug = Path(..., pattern=SLUG_PATTERN, max_length=60, description="Short name of the area.")


def _area(request: HttpRequest, slug: str) -> PlanningArea:
    return planning_area_get_for_user(user=caller(request), slug=slug)


@router.get("/areas", response=list[AreaBrief], summary="List planning areas")
def area_list(request: HttpRequest) -> list[PlanningArea]:
    """Published areas, plus the unpublished ones the signed-in user is a member of."""
    return list(planning_area_list_for_user(user=caller(request)))


@router.get(
    "/areas/{slug}", response={200: AreaDetail, **PROBLEM_RESPONSES}, summary="Planning area"
)
def area_detail(request: HttpRequest, slug: str = AreaSlug) -> dict[str, object]:
    """The area with a population summary of its current member municipalities."""
    area = _area(request, slug)
    summary = population_summary(rows=area_municipality_rows(area=area))
    return {
        "slug": area.slug,
        "name": area.name,
        "kind": area.kind,
        "is_public": area.is_public,
        "orp_code": area.orp.code if area.orp else None,
        "description": area.description,
        "population": summary,
    }


def _municipality_row(row: MunicipalityRow) -> dict[str, object]:
    m = row.municipality
    return {"code": m.code, "name": m.name, "orp_code": m.orp.code, "population": row.population}


@router.get(
    "/areas/{slug}/municipalities",
    response={200: list[AreaMunicipality], **PROBLEM_RESPONSES},
    summary="Member municipalities of an area",
)
def area_municipality_list(request: HttpRequest, slug: str = AreaSlug) -> list[dict[str, object]]:
    """Current members in Czech alphabetical order, each with its latest population."""
    area = _area(request, slug)
    rows = area_municipality_rows(area=area)
    prefetch_related_objects([r.municipality for r in rows], "orp")
    return [_municipality_row(r) for r in rows]


@router.get(
    "/areas/{slug}/boundaries",
    response={200: BoundaryCollection, **PROBLEM_RESPONSES},
    summary="Boundaries of an area's municipalities (GeoJSON)",
)
def area_boundaries(request: HttpRequest, slug: str = AreaSlug) -> dict[str, object]:
    """A GeoJSON FeatureCollection (WGS84) with one feature per member municipality."""
    return area_boundaries_geojson(area=_area(request, slug))


@router.get(
    "/municipalities/{code}",
    response={200: MunicipalityDetail, **PROBLEM_RESPONSES},
    summary="Municipality",
)
def municipality_detail(
    request: HttpRequest,
    code: str = Path(..., pattern=MUNICIPALITY_CODE_PATTERN, description="6-digit ČSÚ code."),
) -> Municipality:
    """A municipality with its ORP, district and region, latest population and centroid."""
    municipality = municipality_get(code=code)
    if municipality is None:
        raise NotFound(_("Municipality %(code)s not found.") % {"code": code})
    return municipality
