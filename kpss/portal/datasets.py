"""The open datasets of the portal and their catalogue metadata (DCAT-AP, as DCAT-AP-CZ and
the national catalogue expect: title, description, licence, dates, formats, spatial scope)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max
from django.utils.translation import gettext as _

from kpss.registry.models import Service
from kpss.registry.selectors import service_list
from kpss.territory.models import PlanningArea
from kpss.territory.selectors import municipality_codes_of_area

LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENSE_NAME = "Creative Commons Uveďte původ 4.0 (CC BY 4.0)"
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
EU_THEME_SOCIETY = "http://publications.europa.eu/resource/authority/data-theme/SOCI"
EU_FREQUENCY_IRREGULAR = "http://publications.europa.eu/resource/authority/frequency/IRREG"
IANA_MEDIA = "http://www.iana.org/assignments/media-types/"
RUIAN_MUNICIPALITY = "https://linked.cuzk.cz/resource/ruian/obec/"
HSDS_SPEC = "https://docs.openreferral.org/en/latest/hsds/"


@dataclass(frozen=True)
class Distribution:
    title: str
    url: str
    file_type: str  # EU file-type code: CSV, JSON, ZIP, PDF
    media_type: str
    conforms_to: str = ""


@dataclass
class Dataset:
    key: str
    title: str
    description: str
    area: PlanningArea
    modified: dt.date | None
    distributions: list[Distribution] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)


def area_services_modified(*, area: PlanningArea) -> dt.date | None:
    ids = service_list(area=area).values("id")
    latest = Service.objects.filter(id__in=ids).aggregate(latest=Max("updated_at"))["latest"]
    return latest.date() if latest else None


def area_datasets(
    *, area: PlanningArea, url: Callable[[str, dict[str, Any]], str]
) -> list[Dataset]:
    """The datasets of one area; `url(name, kwargs)` makes absolute URLs."""
    slug = {"slug": area.slug}
    modified = area_services_modified(area=area)
    services = Dataset(
        key="sluzby",
        title=_("Social services of %(area)s") % {"area": area.name},
        description=_(
            "Social services available to residents of the area: type, provider, forms, "
            "registered capacity (the registered maximum, not free places), target groups, "
            "addresses and the territory served. Sources: the ministry's registry of social "
            "service providers and the providers' public information."
        ),
        area=area,
        modified=modified,
        keywords=[_("social services"), _("community planning"), area.name],
        distributions=[
            Distribution(_("Services (CSV)"), url("portal:services_csv", slug), "CSV", "text/csv"),
        ],
    )
    hsds = Dataset(
        key="hsds",
        title=_("Directory of social services of %(area)s (Open Referral HSDS 3.0)")
        % {"area": area.name},
        description=_(
            "The same directory in the international Human Services Data Specification 3.0: "
            "nested JSON of every service and the tabular data package (CSV files with "
            "datapackage.json), validated against the official HSDS 3.0 schemas."
        ),
        area=area,
        modified=modified,
        keywords=["HSDS", "Open Referral", _("social services")],
        distributions=[
            Distribution(
                _("HSDS services (JSON)"),
                url("portal:hsds_json", slug),
                "JSON",
                "application/json",
                HSDS_SPEC,
            ),
            Distribution(
                _("HSDS data package (ZIP with CSV and datapackage.json)"),
                url("portal:hsds_zip", slug),
                "ZIP",
                "application/zip",
                HSDS_SPEC,
            ),
            Distribution(
                _("Data package description (datapackage.json)"),
                url("portal:hsds_datapackage", slug),
                "JSON",
                "application/json",
                "https://specs.frictionlessdata.io/data-package/",
            ),
        ],
    )
    datasets = [services, hsds]
    if area.is_public:
        datasets.append(
            Dataset(
                key="potreby-kapacity",
                title=_("Need and capacity by municipality in %(area)s") % {"area": area.name},
                description=_(
                    "The gap table of the needs analysis: for each municipality and service "
                    "type the need estimated by norms against the registered capacity."
                ),
                area=area,
                modified=None,
                keywords=[_("needs analysis"), _("capacity")],
                distributions=[
                    Distribution(
                        _("Gap table (CSV)"),
                        url("needs_dashboard_public:export", {**slug, "fmt": "csv"}),
                        "CSV",
                        "text/csv",
                    )
                ],
            )
        )
    return datasets


def catalogue_jsonld(
    *, datasets: list[Dataset], catalogue_url: str, home_url: str
) -> dict[str, Any]:
    """A DCAT-AP catalogue of the datasets as JSON-LD."""

    def text(value: str) -> dict[str, str]:
        return {"@language": "cs", "@value": value}

    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": catalogue_url,
        "@type": "dcat:Catalog",
        "dct:title": text("KPSS – otevřená data komunitního plánování sociálních služeb"),
        "dct:description": text(
            "Datové sady komunitního plánování sociálních služeb: adresáře služeb a analýzy."
        ),
        "foaf:homepage": {"@id": home_url},
        "dcat:dataset": [
            {
                "@id": f"{catalogue_url}#{d.area.slug}-{d.key}",
                "@type": "dcat:Dataset",
                "dct:title": text(d.title),
                "dct:description": text(d.description),
                "dcat:keyword": [text(k) for k in d.keywords],
                "dcat:theme": {"@id": EU_THEME_SOCIETY},
                "dct:accrualPeriodicity": {"@id": EU_FREQUENCY_IRREGULAR},
                "dct:spatial": [
                    {"@id": f"{RUIAN_MUNICIPALITY}{code}"}
                    for code in sorted(municipality_codes_of_area(area=d.area))
                ],
                **(
                    {"dct:modified": {"@type": "xsd:date", "@value": d.modified.isoformat()}}
                    if d.modified
                    else {}
                ),
                "dcat:distribution": [
                    {
                        "@type": "dcat:Distribution",
                        "dct:title": text(x.title),
                        "dcat:accessURL": {"@id": x.url},
                        "dcat:downloadURL": {"@id": x.url},
                        "dct:format": {"@id": EU_FILE_TYPE + x.file_type},
                        "dcat:mediaType": {"@id": IANA_MEDIA + x.media_type},
                        "dct:license": {"@id": LICENSE_URL},
                        **({"dct:conformsTo": {"@id": x.conforms_to}} if x.conforms_to else {}),
                    }
                    for x in d.distributions
                ],
            }
            for d in datasets
        ],
    }


# --- DCAT-AP-CZ documents for a local open-data catalogue (LKOD) ---------------------------

OFN_CONTEXT = (
    "https://ofn.gov.cz/rozhraní-katalogů-otevřených-dat/2021-01-11/kontexty/"
    "rozhraní-katalogů-otevřených-dat.jsonld"
)
RPP_PUBLISHER = "https://rpp-opendata.egon.gov.cz/odrpp/zdroj/orgán-veřejné-moci/"
NO_PERSONAL_DATA = "https://data.gov.cz/podmínky-užití/neobsahuje-osobní-údaje/"


def _publisher() -> dict[str, str]:
    """The publishing public body by its IČO (setting `KPSS_OPEN_DATA_PUBLISHER_ICO`);
    the national catalogue needs it, so set it before registering the local catalogue."""
    from django.conf import settings

    ico = str(getattr(settings, "KPSS_OPEN_DATA_PUBLISHER_ICO", "") or "")
    return {"poskytovatel": f"{RPP_PUBLISHER}{ico}"} if ico else {}


def lkod_catalogue(
    *,
    datasets: list[Dataset],
    catalogue_url: str,
    home_url: str,
    dataset_url: Callable[[Dataset], str],
) -> dict[str, Any]:
    """The catalogue in the Czech "DCAT-AP Dokumenty" form (OFN Rozhraní katalogů OD)."""
    return {
        "@context": OFN_CONTEXT,
        "iri": catalogue_url,
        "typ": "Katalog",
        "název": {"cs": "KPSS – otevřená data komunitního plánování sociálních služeb"},
        "popis": {
            "cs": "Datové sady komunitního plánování sociálních služeb: adresáře služeb a "
            "analýzy potřeb."
        },
        **_publisher(),
        "domovská_stránka": home_url,
        "datová_sada": [dataset_url(d) for d in datasets],
    }


def lkod_dataset(dataset: Dataset, *, iri: str) -> dict[str, Any]:
    """One dataset in the Czech "DCAT-AP Dokumenty" form, CC BY 4.0 with the area as author."""
    terms = {
        "typ": "Specifikace podmínek užití",
        "autorské_dílo": LICENSE_URL,
        "autor": {"cs": dataset.area.name},
        "databáze_jako_autorské_dílo": LICENSE_URL,
        "autor_databáze": {"cs": dataset.area.name},
        "databáze_chráněná_zvláštními_právy": LICENSE_URL,
        "osobní_údaje": NO_PERSONAL_DATA,
    }
    return {
        "@context": OFN_CONTEXT,
        "iri": iri,
        "typ": "Datová sada",
        **_publisher(),
        "název": {"cs": dataset.title},
        "popis": {"cs": dataset.description},
        "klíčové_slovo": {"cs": list(dataset.keywords)},
        "téma": [EU_THEME_SOCIETY],
        "periodicita_aktualizace": EU_FREQUENCY_IRREGULAR,
        "prvek_rúian": [
            f"{RUIAN_MUNICIPALITY}{code}"
            for code in sorted(municipality_codes_of_area(area=dataset.area))
        ],
        "distribuce": [
            {
                "typ": "Distribuce",
                "iri": f"{iri}#distribuce-{number}",
                "název": {"cs": x.title},
                "podmínky_užití": terms,
                "soubor_ke_stažení": x.url,
                "přístupové_url": x.url,
                "typ_média": IANA_MEDIA + x.media_type,
                "formát": EU_FILE_TYPE + x.file_type,
                **({"schéma": x.conforms_to} if x.conforms_to else {}),
            }
            for number, x in enumerate(dataset.distributions, start=1)
        ],
    }
