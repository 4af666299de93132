"""Open data of the portal: CSV of services, the HSDS 3.0 export and the dataset catalogue."""

from __future__ import annotations

import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from kpss.needs.exports import table_to_csv
from kpss.organisations.selectors import planning_area_list_for_user
from kpss.portal.datasets import (
    LICENSE_NAME,
    LICENSE_URL,
    Dataset,
    area_datasets,
    catalogue_jsonld,
    lkod_catalogue,
    lkod_dataset,
)
from kpss.portal.hsds import datapackage, hsds_export, package_zip
from kpss.portal.views import _area, _cacheable
from kpss.registry.selectors import service_list

JSON_TYPE = "application/json; charset=utf-8"


def _json_response(value: Any, *, filename: str = "") -> HttpResponse:
    response = HttpResponse(json.dumps(value, ensure_ascii=False, indent=2), content_type=JSON_TYPE)
    if filename:
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def services_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The area's active services, one row per service (Excel-friendly CSV)."""
    area = _area(request, slug)
    header = [
        "identifikator",
        "nazev",
        "druh",
        "paragraf",
        "poskytovatel",
        "ico",
        "formy",
        "kapacita",
        "cilove_skupiny",
        "adresa",
        "obce_pusobnosti",
        "telefon",
        "email",
        "web",
        "platnost_od",
        "platnost_do",
        "puvod_udaju",
        "zdroj",
        "udaje_k",
    ]
    rows = []
    for service in service_list(area=area).prefetch_related("territory"):
        capacities = [
            f"{c.value.normalize()} {c.capacity_type.name} ({sf.form.name})"
            for sf in service.forms.all()
            for c in sf.capacities.all()
        ]
        rows.append(
            [
                service.identifier,
                service.name,
                service.service_type.name,
                service.service_type.paragraph,
                service.provider.name,
                service.provider.ico,
                ", ".join(sf.form.name for sf in service.forms.all()),
                "; ".join(capacities),
                "; ".join(g.name for g in service.target_groups.all()),
                "; ".join(f.address_line for f in service.facilities.all()),
                ", ".join(sorted(m.code for m in service.territory.all())),
                service.phone,
                service.email,
                service.web,
                service.valid_from.isoformat() if service.valid_from else "",
                service.valid_to.isoformat() if service.valid_to else "",
                service.origin,
                service.source,
                service.source_date.isoformat() if service.source_date else "",
            ]
        )
    response = HttpResponse(
        table_to_csv(header=header, rows=rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="sluzby-{area.slug}.csv"'
    return _cacheable(request, response, area, max_age=900)


def hsds_json(request: HttpRequest, slug: str) -> HttpResponse:
    area = _area(request, slug)
    export = hsds_export(area=area)
    return _cacheable(
        request,
        _json_response(export.services, filename=f"hsds-{area.slug}.json"),
        area,
        max_age=900,
    )


def hsds_datapackage(request: HttpRequest, slug: str) -> HttpResponse:
    area = _area(request, slug)
    export = hsds_export(area=area)
    home = request.build_absolute_uri(reverse("portal:datasets"))
    return _cacheable(
        request, _json_response(datapackage(export, base_url=home)), area, max_age=900
    )


def hsds_zip(request: HttpRequest, slug: str) -> HttpResponse:
    area = _area(request, slug)
    export = hsds_export(area=area)
    home = request.build_absolute_uri(reverse("portal:datasets"))
    response = HttpResponse(package_zip(export, base_url=home), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="hsds-{area.slug}.zip"'
    return _cacheable(request, response, area, max_age=900)


def _datasets(request: HttpRequest) -> list[Any]:
    def url(name: str, kwargs: dict[str, Any]) -> str:
        return request.build_absolute_uri(reverse(name, kwargs=kwargs))

    result = []
    for area in planning_area_list_for_user(user=request.user):
        result.extend(area_datasets(area=area, url=url))
    return result


def datasets(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/datasets.html",
        {
            "datasets": _datasets(request),
            "license_name": LICENSE_NAME,
            "license_url": LICENSE_URL,
            "api_url": "/api/v1/docs",
        },
    )


def catalogue(request: HttpRequest) -> HttpResponse:
    """The dataset catalogue as DCAT-AP JSON-LD."""
    document = catalogue_jsonld(
        datasets=_datasets(request),
        catalogue_url=request.build_absolute_uri(reverse("portal:catalogue")),
        home_url=request.build_absolute_uri(reverse("portal:datasets")),
    )
    return _jsonld(document)


def _jsonld(document: dict[str, Any]) -> HttpResponse:
    response = _json_response(document)
    response["Content-Type"] = "application/ld+json; charset=utf-8"
    return response


def _dataset_url(request: HttpRequest, dataset: Dataset) -> str:
    return request.build_absolute_uri(
        reverse("portal:lkod_dataset", args=[dataset.area.slug, dataset.key])
    )


def lkod_catalogue_view(request: HttpRequest) -> HttpResponse:
    """The catalogue for a local open-data catalogue (DCAT-AP-CZ, "DCAT-AP Dokumenty")."""
    datasets = [d for d in _datasets(request) if d.area.is_public]
    return _jsonld(
        lkod_catalogue(
            datasets=datasets,
            catalogue_url=request.build_absolute_uri(reverse("portal:lkod_catalogue")),
            home_url=request.build_absolute_uri(reverse("portal:datasets")),
            dataset_url=lambda d: _dataset_url(request, d),
        )
    )


def lkod_dataset_view(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    area = _area(request, slug)

    def url(name: str, kwargs: dict[str, Any]) -> str:
        return request.build_absolute_uri(reverse(name, kwargs=kwargs))

    dataset = next((d for d in area_datasets(area=area, url=url) if d.key == key), None)
    if dataset is None:
        raise Http404("No such dataset.")
    return _jsonld(lkod_dataset(dataset, iri=_dataset_url(request, dataset)))
