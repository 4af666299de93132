"""Portal endpoints: finding help (life situations, Czech-aware search) and the Open Referral
HSDS 3.0 view of an area's directory (shaped as the HSDS API: `/services`, `/organizations`).

All public reads; unpublished areas are 404 for outsiders (`planning_area_get_for_user`).
"""

from __future__ import annotations

import math
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from kpss.api.auth import caller
from kpss.api.errors import PROBLEM_RESPONSES
from kpss.api.pagination import Page, PageParams
from kpss.core.errors import NotFound
from kpss.organisations.selectors import planning_area_get_for_user
from kpss.portal.hsds import HSDS_PROFILE, HSDS_VERSION, hsds_export
from kpss.portal.search import SORT_DISTANCE, SORT_RELEVANCE, SearchQuery, service_search
from kpss.portal.search import life_situation_list as situations_all
from kpss.territory.models import PlanningArea
from kpss.territory.selectors import municipality_get

router = Router(tags=["portal"])


def _area(request: HttpRequest, slug: str) -> PlanningArea:
    return planning_area_get_for_user(user=caller(request), slug=slug)


class LifeSituationOut(Schema):
    slug: str = Field(description="Stable code of the situation.")
    title: str
    description: str
    service_types: list[str] = Field(description="Keys of the service types that help, best first.")
    target_groups: list[str] = Field(description="Names of the target groups concerned.")


@router.get(
    "/life-situations",
    response={200: list[LifeSituationOut]},
    summary="Life situations and the service types that help in them",
)
def life_situation_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "slug": s.slug,
            "title": s.title,
            "description": s.description,
            "service_types": [link.service_type.key for link in s.type_links.all()],
            "target_groups": [g.name for g in s.target_groups.all()],
        }
        for s in situations_all()
    ]


class HelpFilters(Schema):
    municipality: str | None = Field(
        None, pattern=r"^\d{6}$", description="Municipality of residence (6-digit code)."
    )
    situation: str | None = Field(None, max_length=60, description="Life situation code.")
    q: str | None = Field(
        None,
        max_length=200,
        description="Free text; diacritics, case, Czech word forms and small typos are ignored.",
    )
    type: str | None = Field(None, max_length=20, description="Service type key, e.g. '40'.")
    target_group: int | None = Field(None, ge=1, description="Target group id.")
    form: str | None = Field(None, pattern=r"^[a-z]{3}$", description="pob | amb | ter")
    sort: str | None = Field(
        None,
        pattern=r"^(relevance|distance|name)$",
        description="relevance (default), distance (from the municipality) or name.",
    )


class HelpHit(Schema):
    identifier: str = Field(description="Registry identifier, or the import key without one.")
    name: str
    service_type: str
    provider: str
    score: float = Field(description="Relevance; higher is better.")
    distance_km: float | None = Field(
        description="From the centre of the municipality to the nearest place of the service."
    )
    comes_to_client: bool = Field(
        description="A field service whose territory includes the municipality."
    )
    phone: str
    url: str = Field(description="Path of the service page on the portal.")


class HelpPage(Page):
    items: list[HelpHit]


@router.get(
    "/areas/{slug}/help",
    response={200: HelpPage, **PROBLEM_RESPONSES},
    summary="Find help: services of an area by residence, situation and text",
)
def help_search(
    request: HttpRequest,
    slug: str,
    filters: Query[HelpFilters],
    page: Query[PageParams],
) -> dict[str, Any]:
    area = _area(request, slug)
    municipality = None
    if filters.municipality:
        municipality = municipality_get(code=filters.municipality)
        if municipality is None:
            raise NotFound(
                _("No municipality has the code %(code)s.") % {"code": filters.municipality}
            )
    situation = None
    if filters.situation:
        situation = next((s for s in situations_all() if s.slug == filters.situation), None)
        if situation is None:
            raise NotFound(
                _("No life situation has the code %(code)s.") % {"code": filters.situation}
            )
    query = SearchQuery(
        text=filters.q or "",
        municipality=municipality,
        situation=situation,
        type_key=filters.type,
        target_group_id=filters.target_group,
        form_code=filters.form,
        sort=filters.sort or (SORT_DISTANCE if municipality else SORT_RELEVANCE),
    )
    hits = service_search(areas=[area], query=query)
    window = hits[page.offset : page.offset + page.limit]
    return {
        "count": len(hits),
        "limit": page.limit,
        "offset": page.offset,
        "items": [
            {
                "identifier": h.service.identifier or h.service.key,
                "name": h.service.name,
                "service_type": h.service.service_type.name,
                "provider": h.service.provider.name,
                "score": round(h.score, 3),
                "distance_km": None if h.distance_km is None else round(h.distance_km, 2),
                "comes_to_client": h.comes_to_client,
                "phone": h.service.phone or h.service.provider.phone,
                "url": reverse(
                    "portal:service", args=[area.slug, h.service.identifier or h.service.key]
                ),
            }
            for h in window
        ],
    }


# --- HSDS 3.0 --------------------------------------------------------------------------


class HsdsInfo(Schema):
    version: str
    profile: str
    openapi_url: str


class HsdsPageParams(Schema):
    page: int = Field(1, ge=1, description="Page number, from 1 (as in the HSDS API).")
    per_page: int = Field(50, ge=1, le=500, description="Items per page.")


class HsdsPage(Schema):
    """The HSDS API's paginated list."""

    total_items: int
    total_pages: int
    page_number: int
    size: int
    first_page: bool
    last_page: bool
    empty: bool
    contents: list[dict[str, Any]]


def _hsds_page(items: list[dict[str, Any]], params: HsdsPageParams) -> dict[str, Any]:
    total_pages = max(1, math.ceil(len(items) / params.per_page))
    start = (params.page - 1) * params.per_page
    contents = items[start : start + params.per_page]
    return {
        "total_items": len(items),
        "total_pages": total_pages,
        "page_number": params.page,
        "size": len(contents),
        "first_page": params.page == 1,
        "last_page": params.page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


@router.get(
    "/areas/{slug}/hsds/",
    response={200: HsdsInfo, **PROBLEM_RESPONSES},
    summary="HSDS 3.0: about this directory",
)
def hsds_info(request: HttpRequest, slug: str) -> dict[str, Any]:
    _area(request, slug)
    return {
        "version": HSDS_VERSION,
        "profile": HSDS_PROFILE,
        "openapi_url": request.build_absolute_uri("/api/v1/openapi.json"),
    }


@router.get(
    "/areas/{slug}/hsds/services",
    response={200: HsdsPage, **PROBLEM_RESPONSES},
    summary="HSDS 3.0: services of the area (full service objects)",
)
def hsds_service_list(
    request: HttpRequest,
    slug: str,
    params: Query[HsdsPageParams],
) -> dict[str, Any]:
    export = hsds_export(area=_area(request, slug))
    return _hsds_page(export.services, params)


@router.get(
    "/areas/{slug}/hsds/services/{service_id}",
    response={200: dict[str, Any], **PROBLEM_RESPONSES},
    summary="HSDS 3.0: one service",
)
def hsds_service_get(request: HttpRequest, slug: str, service_id: str) -> dict[str, Any]:
    export = hsds_export(area=_area(request, slug))
    for service in export.services:
        if service["id"] == service_id:
            return service
    raise NotFound(_("No service of this area has the id %(id)s.") % {"id": service_id})


@router.get(
    "/areas/{slug}/hsds/organizations",
    response={200: HsdsPage, **PROBLEM_RESPONSES},
    summary="HSDS 3.0: providers of the area's services",
)
def hsds_organization_list(
    request: HttpRequest,
    slug: str,
    params: Query[HsdsPageParams],
) -> dict[str, Any]:
    export = hsds_export(area=_area(request, slug))
    organizations: dict[str, dict[str, Any]] = {}
    for service in export.services:
        organizations.setdefault(service["organization"]["id"], service["organization"])
    return _hsds_page(sorted(organizations.values(), key=lambda o: o["id"]), params)
