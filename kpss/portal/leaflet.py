"""The municipality leaflet: one A4 page, black and white, listing the help available to the
residents of a municipality with contacts — for the office, the notice board and the local
newsletter. Printed from a Django template by WeasyPrint."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from kpss.core.text import czech_sort_key
from kpss.portal.search import SORT_RELEVANCE, SearchHit, SearchQuery, service_search
from kpss.territory.models import Municipality, PlanningArea

LAYOUTS = ("normal", "compact", "tight")


@dataclass(frozen=True)
class LeafletEntry:
    name: str
    type_name: str
    provider: str
    phone: str
    email: str
    web: str
    address: str
    comes_to_client: bool
    distance_km: float | None


@dataclass(frozen=True)
class LeafletSection:
    title: str
    entries: list[LeafletEntry]


def _entry(hit: SearchHit, home: Municipality) -> LeafletEntry:
    service = hit.service
    facility = hit.nearest or next(iter(service.facilities.all()), None)
    # Distances to places in another municipality only: at home, the address says enough.
    elsewhere = facility is not None and facility.municipality_id != home.pk
    return LeafletEntry(
        name=service.name,
        type_name=service.service_type.name,
        provider=service.provider.name,
        phone=service.phone or service.provider.phone,
        email=service.email or service.provider.email,
        web=service.web or service.provider.web,
        address=facility.address_line if facility else "",
        comes_to_client=hit.comes_to_client,
        distance_km=hit.distance_km if elsewhere else None,
    )


def leaflet_sections(*, area: PlanningArea, municipality: Municipality) -> list[LeafletSection]:
    """Services available to the residents, by category (care, counselling, prevention)."""
    hits = service_search(
        areas=[area], query=SearchQuery(municipality=municipality, sort=SORT_RELEVANCE)
    )
    by_category: dict[str, list[LeafletEntry]] = {}
    titles: dict[str, str] = {}
    for hit in hits:
        service_type = hit.service.service_type
        by_category.setdefault(service_type.category, []).append(_entry(hit, municipality))
        titles[service_type.category] = str(service_type.get_category_display())
    order = ["socialni_pece", "socialni_poradenstvi", "socialni_prevence", "unknown"]
    return [
        LeafletSection(
            title=titles[category],
            entries=sorted(
                by_category[category],
                key=lambda e: (czech_sort_key(e.type_name), czech_sort_key(e.name)),
            ),
        )
        for category in sorted(by_category, key=lambda c: order.index(c) if c in order else 9)
    ]


def leaflet_context(
    *, area: PlanningArea, municipality: Municipality, page_url: str = ""
) -> dict[str, Any]:
    sections = leaflet_sections(area=area, municipality=municipality)
    return {
        "area": area,
        "municipality": municipality,
        "sections": sections,
        "count": sum(len(s.entries) for s in sections),
        "page_url": page_url,
        "printed_on": timezone.localdate(),
    }


def leaflet_pdf(
    *,
    area: PlanningArea,
    municipality: Municipality,
    page_url: str = "",
    on: dt.date | None = None,
) -> bytes:
    """One A4 page (tagged PDF/UA); a long list is set again more tightly to fit."""
    from weasyprint import HTML, URLFetcher

    context = leaflet_context(area=area, municipality=municipality, page_url=page_url)
    if on is not None:
        context["printed_on"] = on
    document = None
    for layout in LAYOUTS:
        html = render_to_string("portal/documents/leaflet.html", {**context, "layout": layout})
        document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).render()
        if len(document.pages) <= 1:
            break
    assert document is not None
    # Tagged PDF/UA: headings, lists and the language are there for screen readers.
    return bytes(document.write_pdf(pdf_variant="pdf/ua-1"))
