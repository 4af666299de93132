"""schema.org structured data (JSON-LD) and share metadata of the public pages."""

from __future__ import annotations

from typing import Any

from kpss.portal.models import ServiceGuide
from kpss.registry.models import Facility, Provider, Service
from kpss.territory.models import Municipality

CONTEXT = "https://schema.org"


def _web(value: str) -> str:
    value = (value or "").strip()
    if not value or value.startswith(("http://", "https://")):
        return value
    return "https://" + value


def _clean(obj: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if v not in ("", None, [], {})}


def organization_ld(provider: Provider, url: str = "") -> dict[str, Any]:
    return _clean(
        {
            "@type": "Organization",
            "@id": url or None,
            "name": provider.name,
            "url": _web(provider.web),
            "email": provider.email,
            "telephone": provider.phone,
            "identifier": _clean(
                {
                    "@type": "PropertyValue",
                    "propertyID": "IČO",
                    "value": provider.ico,
                }
            )
            if provider.ico
            else None,
            "address": provider.address,
        }
    )


def place_ld(facility: Facility) -> dict[str, Any]:
    municipality = facility.municipality
    number = "/".join(n for n in (facility.house_number, facility.orientation_number) if n)
    street = " ".join(p for p in (facility.street or facility.part_of_municipality, number) if p)
    return _clean(
        {
            "@type": "Place",
            "name": facility.name or facility.address_line,
            "address": _clean(
                {
                    "@type": "PostalAddress",
                    "streetAddress": street,
                    "postalCode": facility.postcode,
                    "addressLocality": municipality.name if municipality else "",
                    "addressRegion": municipality.region.name if municipality else "",
                    "addressCountry": "CZ",
                }
            ),
            "geo": {
                "@type": "GeoCoordinates",
                "latitude": facility.lat,
                "longitude": facility.lon,
            }
            if facility.lat is not None and facility.lon is not None
            else None,
        }
    )


def service_ld(
    service: Service,
    *,
    url: str,
    provider_url: str,
    guide: ServiceGuide | None,
    territory: list[Municipality],
) -> dict[str, Any]:
    description = service.description or (guide.plain_description if guide else "")
    return {
        "@context": CONTEXT,
        "@type": "Service",
        "@id": url,
        **_clean(
            {
                "url": url,
                "name": service.name,
                "serviceType": service.service_type.name,
                "description": description,
                "identifier": service.identifier,
                "provider": organization_ld(service.provider, provider_url),
                "audience": [
                    {"@type": "Audience", "audienceType": g.name}
                    for g in service.target_groups.all()
                ],
                "areaServed": [{"@type": "City", "name": m.name} for m in territory],
                "availableChannel": _clean(
                    {
                        "@type": "ServiceChannel",
                        "servicePhone": _clean(
                            {"@type": "ContactPoint", "telephone": service.phone}
                        )
                        if service.phone
                        else None,
                        "serviceUrl": _web(service.web),
                        "serviceLocation": [place_ld(f) for f in service.facilities.all()],
                    }
                ),
                "termsOfService": guide.cost if guide else "",
                "dateModified": service.updated_at.date().isoformat() if service.updated_at else "",
            }
        ),
    }


def provider_page_ld(provider: Provider, url: str) -> dict[str, Any]:
    return {"@context": CONTEXT, **organization_ld(provider, url)}


def municipality_ld(municipality: Municipality, url: str) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "@type": "City",
        "@id": url,
        "name": municipality.name,
        "url": url,
        "geo": {
            "@type": "GeoCoordinates",
            "latitude": municipality.centroid_lat,
            "longitude": municipality.centroid_lon,
        },
        "containedInPlace": {"@type": "AdministrativeArea", "name": municipality.region.name},
    }
