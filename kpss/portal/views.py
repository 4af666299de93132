"""The public portal and the staff entry page: thin views over the selectors."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.text import slugify
from django.utils.translation import get_language

from kpss.core.errors import NotFound
from kpss.core.models import AuditEvent
from kpss.core.text import czech_sort_key
from kpss.organisations.selectors import (
    planning_area_get_for_user,
    planning_area_list_for_user,
    user_memberships,
)
from kpss.portal.charts import (
    age_chart,
    age_groups_of_fact,
    age_groups_of_summary,
    chart_title,
)
from kpss.portal.forms import FindHelpForm, ServiceFilterForm
from kpss.portal.search import (
    SORT_DISTANCE,
    SORT_RELEVANCE,
    SearchQuery,
    filter_choices,
    guides_by_key,
    life_situation_list,
    service_search,
)
from kpss.portal.structured import municipality_ld, provider_page_ld, service_ld
from kpss.registry.selectors import (
    capacity_summary,
    provider_get,
    provider_services_in_areas,
    service_area_ids,
    service_filter_choices,
    service_get,
    service_is_withdrawn,
    service_list,
    service_type_summary,
)
from kpss.territory.models import PlanningArea
from kpss.territory.selectors import (
    area_boundaries_geojson,
    area_municipality_rows,
    municipality_boundary_geojson,
    municipality_codes_of_area,
    municipality_get,
    municipality_latest_population,
    population_summary,
)

SERVICES_PER_PAGE = 25
AUDIT_EVENTS_SHOWN = 50
STATEMENT_DATE = dt.date(2026, 11, 29)  # when the accessibility statement was last reviewed


def _area(request: HttpRequest, slug: str) -> PlanningArea:
    """The area if this user may see it; unpublished areas are 404 to outsiders."""
    try:
        return planning_area_get_for_user(user=request.user, slug=slug)
    except NotFound as error:
        raise Http404(error.message) from error


def _lang() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def _map_settings() -> dict[str, str]:
    return {
        "tile_url": settings.KPSS_MAP_TILE_URL,
        "tile_attribution": settings.KPSS_MAP_TILE_ATTRIBUTION,
    }


def _municipality_choices(areas: list[PlanningArea]) -> list[tuple[str, str]]:
    """Municipalities of the given areas, in Czech alphabetical order, each once."""
    names: dict[str, str] = {}
    for area in areas:
        for row in area_municipality_rows(area=area):
            names[row.municipality.code] = row.municipality.name
    return sorted(names.items(), key=lambda item: czech_sort_key(item[1]))


def home(request: HttpRequest) -> HttpResponse:
    areas = list(planning_area_list_for_user(user=request.user))
    situations = life_situation_list()
    form = FindHelpForm(
        None,
        municipalities=_municipality_choices(areas),
        situations=[(s.slug, s.title) for s in situations],
    )
    return render(
        request, "portal/home.html", {"areas": areas, "form": form, "situations": situations}
    )


def find_help(request: HttpRequest) -> HttpResponse:
    """Search across the areas the visitor may see: by municipality of residence, life
    situation, text and filters; Czech-aware, sorted by relevance or distance."""
    areas = list(planning_area_list_for_user(user=request.user))
    situations = life_situation_list()
    municipalities = _municipality_choices(areas)
    form = FindHelpForm(
        request.GET or None,
        municipalities=municipalities,
        situations=[(s.slug, s.title) for s in situations],
        choices=filter_choices(areas=areas),
    )
    values = form.cleaned()
    code = values.get("municipality", "")
    municipality = municipality_get(code=code) if code else None
    situation = next((s for s in situations if s.slug == values.get("situation")), None)
    query = SearchQuery(
        text=values.get("q", ""),
        municipality=municipality,
        situation=situation,
        type_key=values.get("type") or None,
        target_group_id=int(values["group"]) if values.get("group") else None,
        form_code=values.get("form") or None,
        sort=values.get("sort") or (SORT_DISTANCE if municipality else SORT_RELEVANCE),
    )
    hits = [] if query.is_empty else service_search(areas=areas, query=query)
    page = Paginator(hits, SERVICES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/find_help.html",
        {
            "form": form,
            "query": query,
            "situations": situations,
            "municipality": municipality,
            "situation": situation,
            "page": page,
            "searched": not query.is_empty,
        },
    )


def area_home(request: HttpRequest, slug: str) -> HttpResponse:
    area = _area(request, slug)
    rows = area_municipality_rows(area=area)
    summary = population_summary(rows=rows)
    type_summary = service_type_summary(area=area)
    return render(
        request,
        "portal/area_home.html",
        {
            "area": area,
            "rows": rows,
            "summary": summary,
            "chart": age_chart(age_groups_of_summary(summary), lang=_lang()),
            "chart_title": chart_title(place=area.name),
            "type_summary": type_summary,
            "service_count": sum(row.count for row in type_summary),
            "map": _map_settings(),
        },
    )


def area_boundaries(request: HttpRequest, slug: str) -> HttpResponse:
    area = _area(request, slug)
    response = JsonResponse(area_boundaries_geojson(area=area))
    response["Content-Type"] = "application/geo+json"
    return _cacheable(request, response, area, max_age=86400)


def municipality_list(request: HttpRequest, slug: str) -> HttpResponse:
    area = _area(request, slug)
    rows = area_municipality_rows(area=area)
    return render(
        request,
        "portal/municipality_list.html",
        {"area": area, "rows": rows, "summary": population_summary(rows=rows)},
    )


def municipality_detail(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    area = _area(request, slug)
    is_member = code in municipality_codes_of_area(area=area)
    municipality = municipality_get(code=code) if is_member else None
    if municipality is None:
        raise Http404("Municipality is not a member of this area.")
    population = municipality_latest_population(municipality=municipality)
    groups = age_groups_of_fact(population) if population else []
    return render(
        request,
        "portal/municipality_detail.html",
        {
            "area": area,
            "municipality": municipality,
            "population": population,
            "groups": groups,
            "chart": age_chart(groups, lang=_lang()),
            "chart_title": chart_title(place=municipality.name),
            "boundary": municipality_boundary_geojson(municipality=municipality),
            "services": service_list(municipality=municipality),
            "map": _map_settings(),
            "structured_data": municipality_ld(municipality, request.build_absolute_uri()),
        },
    )


def municipality_leaflet(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """The one-page A4 leaflet of help available to the municipality's residents (PDF)."""
    from kpss.portal.leaflet import leaflet_pdf

    area = _area(request, slug)
    municipality = (
        municipality_get(code=code) if code in municipality_codes_of_area(area=area) else None
    )
    if municipality is None:
        raise Http404("Municipality is not a member of this area.")
    page_url = request.build_absolute_uri(reverse("portal:municipality", args=[slug, code]))
    pdf = leaflet_pdf(area=area, municipality=municipality, page_url=page_url)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"pomoc-{slugify(municipality.name)}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _cacheable(request, response, area)


def _cacheable(
    request: HttpRequest, response: HttpResponse, area: PlanningArea, max_age: int = 3600
) -> HttpResponse:
    """Downloads of published areas may be cached by browsers and proxies for `max_age`
    seconds and revalidated by their ETag (304 when unchanged); others are private."""
    if not area.is_public:
        patch_cache_control(response, private=True, no_store=True)
        return response
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    not_modified = get_conditional_response(request, etag=etag, response=response)
    response = not_modified or response
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=max_age)
    patch_vary_headers(response, ["Accept-Language"])
    return response


def service_list_view(request: HttpRequest, slug: str) -> HttpResponse:
    area = _area(request, slug)
    rows = area_municipality_rows(area=area)
    form = ServiceFilterForm(
        request.GET or None, choices=service_filter_choices(area=area), municipalities=rows
    )
    filters = form.filters()
    code = filters.pop("municipality_code", None)
    municipality = next((r.municipality for r in rows if r.municipality.code == code), None)
    text = filters.pop("text", None)
    services: Any
    if text:  # Czech-aware: diacritics, word forms and typos; best matches first
        query = SearchQuery(
            text=str(text),
            municipality=municipality,
            type_key=filters.get("type_key"),  # type: ignore[arg-type]
            target_group_id=filters.get("target_group_id"),  # type: ignore[arg-type]
            form_code=filters.get("form_code"),  # type: ignore[arg-type]
        )
        services = [hit.service for hit in service_search(areas=[area], query=query)]
        filters["text"] = text
    else:
        services = service_list(area=area, municipality=municipality, **filters)  # type: ignore[arg-type]
    page = Paginator(services, SERVICES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/service_list.html",
        {
            "area": area,
            "form": form,
            "page": page,
            "filtered": any(v for v in filters.values()) or municipality is not None,
        },
    )


def service_detail(request: HttpRequest, slug: str, identifier: str) -> HttpResponse:
    area = _area(request, slug)
    service = service_get(identifier=identifier)
    if service is None or area.pk not in service_area_ids(service=service):
        raise Http404("Service not found in this area.")
    facilities = list(service.facilities.all())
    markers = [
        {"lat": f.lat, "lon": f.lon, "label": f.name or f.address_line}
        for f in facilities
        if f.lat is not None and f.lon is not None
    ]
    territory = sorted(service.territory.all(), key=lambda m: czech_sort_key(m.name))
    group_names = {group.name.strip().lower() for group in service.target_groups.all()}
    note = service.target_group_note.strip()
    target_group_note = "" if note.lower() in group_names else note
    by_type, by_service = guides_by_key()
    type_guide = by_type.get(service.service_type_id)
    own_guide = by_service.get(service.pk)
    guide = {
        name: (getattr(own_guide, name, "") or getattr(type_guide, name, ""))
        for name in ("plain_description", "who_for", "cost", "how_to_get")
    }
    page_url = request.build_absolute_uri()
    provider_url = (
        request.build_absolute_uri(reverse("portal:provider", args=[service.provider.ico]))
        if service.provider.ico
        else ""
    )
    structured = service_ld(
        service,
        url=page_url,
        provider_url=provider_url,
        guide=own_guide or type_guide,
        territory=territory,
    )
    return render(
        request,
        "portal/service_detail.html",
        {
            "guide": guide,
            "guide_is_general": own_guide is None and type_guide is not None,
            "structured_data": structured,
            "page_url": page_url,
            "area": area,
            "service": service,
            "withdrawn": service_is_withdrawn(service=service),
            "forms": service.forms.all(),
            "capacities": capacity_summary(service),
            "facilities": facilities,
            "markers": markers,
            "territory": territory,
            "target_group_note": target_group_note,
            "map": _map_settings(),
        },
    )


def provider_detail(request: HttpRequest, ico: str) -> HttpResponse:
    provider = provider_get(ico=ico)
    if provider is None:
        raise Http404("Provider not found.")
    areas = planning_area_list_for_user(user=request.user)
    return render(
        request,
        "portal/provider_detail.html",
        {
            "provider": provider,
            "groups": provider_services_in_areas(provider=provider, areas=areas),
            "structured_data": provider_page_ld(provider, request.build_absolute_uri()),
        },
    )


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/accessibility.html", {"statement_date": STATEMENT_DATE})


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST logs out; GET shows a confirmation button (logging out on GET is unsafe)."""

    http_method_names = ["get", "post", "options"]
    template_name = "portal/logout.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return render(request, self.template_name)


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    user = request.user
    memberships = sorted(
        user_memberships(user=user),
        key=lambda m: (czech_sort_key(m.planning_area.name), czech_sort_key(m.organisation.name)),
    )
    if user.is_superuser:
        areas = list(planning_area_list_for_user(user=user))
    else:
        seen: dict[int, PlanningArea] = {m.planning_area.pk: m.planning_area for m in memberships}
        areas = sorted(seen.values(), key=lambda a: czech_sort_key(a.name))
    audits = [
        (area, list(AuditEvent.objects.filter(area_slug=area.slug)[:AUDIT_EVENTS_SHOWN]))
        for area in areas
        if user.has_perm("core.view_auditevent", area)
    ]
    return render(
        request,
        "portal/staff_home.html",
        {"memberships": memberships, "areas": areas, "audits": audits},
    )
