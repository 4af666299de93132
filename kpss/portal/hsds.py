"""Open Referral HSDS 3.0 export of an area's directory of social services.

Two shapes of the same data:

- JSON: one fully nested HSDS `service` object per service (organization, phones, schedules,
  service areas, locations with addresses, taxonomy attributes), as the HSDS API returns it;
- the tabular data package: one CSV per HSDS table plus `datapackage.json` (Frictionless
  Data), its field lists generated from the official schemas.

Identifiers are UUIDs derived (uuid5) from stable KPSS keys, so they stay the same from one
export to the next. Both shapes are validated against the official schemas in
`data/hsds-3.0/` (`compiled/service_with_definitions.json`, `compiled/tabular.json`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from kpss.portal.models import ServiceGuide
from kpss.portal.search import guides_by_key
from kpss.registry.models import Facility, Provider, Service
from kpss.registry.selectors import service_is_withdrawn, service_list
from kpss.territory.models import PlanningArea

HSDS_VERSION = "3.0"
HSDS_PROFILE = "https://openreferral.org/imports/hsds/"
SCHEMA_DIR = Path(settings.DATA_DIR) / "hsds-3.0"
NAMESPACE = uuid.UUID("6f1c1f0e-2b7a-5d55-9a53-6b7073732d63")  # fixed: ids must not change
LICENSE_ID = "CC-BY-4.0"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"

TAXONOMIES = {
    "type": (
        "Druhy sociálních služeb",
        "Druhy sociálních služeb podle zákona č. 108/2006 Sb., o sociálních službách.",
        "https://www.zakonyprolidi.cz/cs/2006-108",
    ),
    "group": (
        "Cílové skupiny",
        "Cílové skupiny osob podle Registru poskytovatelů sociálních služeb (MPSV).",
        "https://data.mpsv.cz/",
    ),
    "form": (
        "Formy sociálních služeb",
        "Formy poskytování sociálních služeb: pobytová, ambulantní, terénní (§ 33 zákona).",
        "https://www.zakonyprolidi.cz/cs/2006-108",
    ),
}

# Tables of the data package in HSDS order (schema name, CSV file name).
TABLES = [
    ("organization", "organizations.csv"),
    ("organization_identifier", "organization_identifiers.csv"),
    ("service", "services.csv"),
    ("location", "locations.csv"),
    ("address", "addresses.csv"),
    ("service_at_location", "service_at_location.csv"),
    ("phone", "phones.csv"),
    ("schedule", "schedules.csv"),
    ("service_area", "service_areas.csv"),
    ("language", "languages.csv"),
    ("taxonomy", "taxonomies.csv"),
    ("taxonomy_term", "taxonomy_terms.csv"),
    ("attribute", "attributes.csv"),
]


def hsds_id(kind: str, key: object) -> str:
    return str(uuid.uuid5(NAMESPACE, f"kpss:{kind}:{key}"))


def _url(value: str) -> str:
    value = value.strip()
    if not value:
        return ""
    return value if value.startswith(("http://", "https://")) else f"https://{value}"


def _email(value: str) -> str:
    value = value.strip()
    return value if value.count("@") == 1 and " " not in value else ""


def _compact(obj: dict[str, Any]) -> dict[str, Any]:
    """Leave out empty optional values (HSDS has no nulls for absent text)."""
    return {k: v for k, v in obj.items() if v not in ("", None)}


@dataclass
class HsdsExport:
    """The export of one area: nested services and the flat tables."""

    area: PlanningArea
    generated_at: dt.datetime
    services: list[dict[str, Any]]
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def _organization(provider: Provider) -> dict[str, Any]:
    org_id = hsds_id("organization", provider.ico or provider.name)
    description = provider.legal_form or "Poskytovatel sociálních služeb"
    identifiers = []
    if provider.ico:
        identifiers.append(
            {
                "id": hsds_id("organization_identifier", provider.ico),
                "organization_id": org_id,
                "identifier_scheme": "CZ-ICO",
                "identifier_type": "IČO (identifikační číslo osoby)",
                "identifier": provider.ico,
            }
        )
    phones = (
        [
            {
                "id": hsds_id("organization_phone", org_id),
                "organization_id": org_id,
                "number": provider.phone,
            }
        ]
        if provider.phone
        else []
    )
    return _compact(
        {
            "id": org_id,
            "name": provider.name,
            "description": description,
            "email": _email(provider.email),
            "website": _url(provider.web),
            "tax_id": provider.ico,
            "legal_status": provider.legal_form,
            "phones": phones,
            "organization_identifiers": identifiers,
        }
    )


def _address(facility: Facility, location_id: str) -> dict[str, Any] | None:
    municipality = facility.municipality
    if municipality is None:
        return None
    number = "/".join(n for n in (facility.house_number, facility.orientation_number) if n)
    street = " ".join(p for p in (facility.street or facility.part_of_municipality, number) if p)
    return _compact(
        {
            "id": hsds_id("address", facility.pk),
            "location_id": location_id,
            "address_1": street or municipality.name,
            "address_2": facility.part_of_municipality if facility.street else "",
            "city": municipality.name,
            "region": municipality.district.name if municipality.district_id else "",
            "state_province": municipality.region.name,
            "postal_code": facility.postcode or municipality.postcode or "",
            "country": "CZ",
            "address_type": "physical",
        }
    )


def _location(facility: Facility, organization_id: str) -> dict[str, Any]:
    location_id = hsds_id("location", facility.pk)
    address = _address(facility, location_id)
    lat, lon = facility.lat, facility.lon  # a centroid is not the place: none then
    return _compact(
        {
            "id": location_id,
            "location_type": "physical",
            "organization_id": organization_id,
            "name": facility.name or facility.address_line,
            "description": facility.note,
            "latitude": lat,
            "longitude": lon,
            "external_identifier": facility.address_point_code,
            "external_identifier_type": "RÚIAN adresní místo"
            if facility.address_point_code
            else "",
            "addresses": [address] if address else [],
        }
    )


def _term(kind: str, key: object, name: str, code: str = "") -> dict[str, Any]:
    title, _description, _uri = TAXONOMIES[kind]
    return _compact(
        {
            "id": hsds_id(f"term-{kind}", key),
            "code": code,
            "name": name,
            "description": f"{title}: {name}",
            "taxonomy": title,
            "taxonomy_id": hsds_id("taxonomy", kind),
            "language": "cs",
        }
    )


def _attribute(service_id: str, term: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": hsds_id("attribute", f"{service_id}:{term['id']}"),
        "link_id": service_id,
        "link_type": "service",
        "link_entity": "service",
        "taxonomy_term_id": term["id"],
        "taxonomy_term": term,
    }


def _description(service: Service, guide: ServiceGuide | None) -> str:
    parts = [service.description.strip()]
    if guide and guide.plain_description:
        parts.append(guide.plain_description.strip())
    return "\n\n".join(p for p in parts if p) or service.service_type.name


def _ages(service: Service) -> tuple[int | None, int | None]:
    bands = list(service.age_bands.all())
    lows = [b.age_from for b in bands if b.age_from is not None]
    highs = [b.age_to for b in bands]
    low = min(lows) if lows else None
    high = None if not highs or any(h is None for h in highs) else max(h for h in highs if h)
    return low, high


def service_hsds(service: Service, guide: ServiceGuide | None = None) -> dict[str, Any]:
    """One service as a nested HSDS 3.0 `service` object."""
    service_id = hsds_id("service", service.key)
    organization = _organization(service.provider)
    groups = list(service.target_groups.all())
    low, high = _ages(service)
    schedules = [
        _compact(
            {
                "id": hsds_id("schedule", sf.pk),
                "service_id": service_id,
                "description": sf.opening_hours
                or ("nepřetržitě (24/7)" if sf.is_continuous else ""),
                "attending_type": sf.form.name,
            }
        )
        for sf in service.forms.all()
        if sf.opening_hours or sf.is_continuous
    ]
    locations = []
    for facility in service.facilities.all():
        location = _location(facility, organization["id"])
        locations.append(
            {
                "id": hsds_id("service_at_location", f"{service.key}:{facility.pk}"),
                "service_id": service_id,
                "location_id": location["id"],
                "location": location,
            }
        )
    areas = [
        {
            "id": hsds_id("service_area", f"{service.key}:{m.code}"),
            "service_id": service_id,
            "name": m.name,
            "description": f"Obec {m.name} (kód obce {m.code})",
            "extent_type": "obec",
            "uri": f"https://linked.cuzk.cz/resource/ruian/obec/{m.code}",
        }
        for m in sorted(service.territory.all(), key=lambda m: m.code)
    ]
    if service.territory_note:
        areas.append(
            {
                "id": hsds_id("service_area", f"{service.key}:note"),
                "service_id": service_id,
                "name": service.territory_note[:200],
                "description": service.territory_note,
            }
        )
    terms = [_term("type", service.service_type.key, service.service_type.name)]
    terms += [_term("group", g.pk, g.name, g.registry_code) for g in groups]
    terms += [_term("form", sf.form.code, sf.form.name, sf.form.code) for sf in service.forms.all()]
    phone = service.phone or ""
    registration = (
        f"Registrace podle zákona č. 108/2006 Sb., identifikátor {service.identifier}"
        if service.identifier
        else ""
    )
    eligibility = "; ".join(g.name for g in groups)
    if service.target_group_note:
        eligibility = f"{eligibility}. {service.target_group_note}" if eligibility else ""
        eligibility = eligibility or service.target_group_note
    if guide and guide.who_for:
        eligibility = f"{eligibility}\n{guide.who_for}".strip()
    updated = service.updated_at
    return _compact(
        {
            "id": service_id,
            "organization_id": organization["id"],
            "name": service.name,
            "alternate_name": service.service_type.name,
            "description": _description(service, guide),
            "url": _url(service.web),
            "email": _email(service.email),
            "status": "inactive" if service_is_withdrawn(service=service) else "active",
            "application_process": guide.how_to_get if guide else "",
            "fees_description": guide.cost if guide else "",
            "eligibility_description": eligibility,
            "minimum_age": low,
            "maximum_age": high,
            "licenses": registration,
            "last_modified": updated.isoformat() if updated else "",
            "phones": [
                {
                    "id": hsds_id("service_phone", service.key),
                    "service_id": service_id,
                    "number": phone,
                }
            ]
            if phone
            else [],
            "schedules": schedules,
            "service_areas": areas,
            "languages": [
                {
                    "id": hsds_id("language", service.key),
                    "service_id": service_id,
                    "name": "čeština",
                    "code": "cs",
                }
            ],
            "service_at_locations": locations,
            "organization": organization,
            "attributes": [_attribute(service_id, t) for t in terms],
        }
    )


def hsds_services(*, area: PlanningArea) -> list[dict[str, Any]]:
    """All active services of the area, nested, ordered by their HSDS id."""
    by_type, by_service = guides_by_key()
    services = service_list(area=area).prefetch_related("territory")
    result = [
        service_hsds(s, by_service.get(s.pk) or by_type.get(s.service_type_id)) for s in services
    ]
    return sorted(result, key=lambda s: s["id"])


def _flat(obj: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if not isinstance(v, (list, dict))}


def hsds_tables(services: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The nested services spread into HSDS tables (rows without nested objects)."""
    tables: dict[str, dict[str, dict[str, Any]]] = {name: {} for name, _ in TABLES}

    def put(table: str, row: dict[str, Any]) -> None:
        tables[table].setdefault(row["id"], _flat(row))

    for kind, (name, description, uri) in TAXONOMIES.items():
        put(
            "taxonomy",
            {"id": hsds_id("taxonomy", kind), "name": name, "description": description, "uri": uri},
        )
    for service in services:
        organization = service["organization"]
        put("organization", organization)
        for identifier in organization.get("organization_identifiers", []):
            put("organization_identifier", identifier)
        for phone in organization.get("phones", []):
            put("phone", phone)
        put("service", service)
        for phone in service.get("phones", []):
            put("phone", phone)
        for schedule in service.get("schedules", []):
            put("schedule", schedule)
        for area in service.get("service_areas", []):
            put("service_area", area)
        for language in service.get("languages", []):
            put("language", language)
        for link in service.get("service_at_locations", []):
            location = link["location"]
            put("location", location)
            for address in location.get("addresses", []):
                put("address", address)
            put("service_at_location", link)
        for attribute in service.get("attributes", []):
            put("taxonomy_term", attribute["taxonomy_term"])
            put("attribute", attribute)
    return {name: sorted(rows.values(), key=lambda r: r["id"]) for name, rows in tables.items()}


def hsds_export(*, area: PlanningArea) -> HsdsExport:
    services = hsds_services(area=area)
    return HsdsExport(
        area=area,
        generated_at=timezone.now().replace(microsecond=0),
        services=services,
        tables=hsds_tables(services),
    )


# --- Schemas and validation --------------------------------------------------------------


@lru_cache(maxsize=8)
def load_schema(name: str) -> dict[str, Any]:
    with (SCHEMA_DIR / name).open(encoding="utf-8") as handle:
        schema: dict[str, Any] = json.load(handle)
    return schema


def _validator(schema: dict[str, Any]) -> Any:
    from jsonschema import Draft202012Validator, FormatChecker

    return Draft202012Validator(schema, format_checker=FormatChecker())


def hsds_validate(export: HsdsExport) -> list[str]:
    """Every schema violation of the export as "where: message"; empty when valid."""
    problems = []
    service_validator = _validator(load_schema("compiled/service_with_definitions.json"))
    for service in export.services:
        for error in service_validator.iter_errors(service):
            path = "/".join(str(p) for p in error.absolute_path)
            problems.append(f"service {service.get('id')} {path}: {error.message}")
    tabular = _validator(load_schema("compiled/tabular.json"))
    for error in tabular.iter_errors(export.tables):
        path = "/".join(str(p) for p in error.absolute_path)
        problems.append(f"tables {path}: {error.message}")
    problems += _foreign_key_problems(export.tables)
    return problems


def _foreign_key_problems(tables: dict[str, list[dict[str, Any]]]) -> list[str]:
    """The `tabular_required` references must point at rows that exist."""
    ids = {name: {row["id"] for row in rows} for name, rows in tables.items()}
    checks = [
        ("service", "organization_id", "organization"),
        ("organization_identifier", "organization_id", "organization"),
        ("service_at_location", "service_id", "service"),
        ("service_at_location", "location_id", "location"),
        ("address", "location_id", "location"),
        ("attribute", "taxonomy_term_id", "taxonomy_term"),
        ("taxonomy_term", "taxonomy_id", "taxonomy"),
    ]
    problems = []
    for table, column, target in checks:
        for row in tables.get(table, []):
            if row.get(column) not in ids[target]:
                problems.append(f"{table} {row['id']}: {column} points nowhere")
    return problems


# --- The data package --------------------------------------------------------------------


def _field(name: str, spec: dict[str, Any]) -> dict[str, Any]:
    kind = spec.get("type", "string")
    fmt = spec.get("format")
    result: dict[str, Any] = {"name": name, "description": spec.get("description", "")}
    if fmt == "date-time":
        result["type"] = "datetime"
    else:
        result["type"] = kind
        if fmt in ("uuid", "email", "uri"):
            result["format"] = fmt
    if spec.get("enum"):
        result["constraints"] = {"enum": spec["enum"]}
    return result


def table_fields(table: str) -> list[tuple[str, dict[str, Any]]]:
    """Scalar columns of an HSDS table, in the schema's order."""
    schema = load_schema(f"{table}.json")
    return [
        (name, spec)
        for name, spec in schema["properties"].items()
        if spec.get("type") in ("string", "number", "integer", "boolean")
    ]


def datapackage(export: HsdsExport, *, base_url: str = "") -> dict[str, Any]:
    area = export.area
    resources = []
    for table, path in TABLES:
        schema = load_schema(f"{table}.json")
        resources.append(
            {
                "name": table,
                "path": path,
                "description": schema.get("description", ""),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [_field(name, spec) for name, spec in table_fields(table)],
                    "primaryKey": "id",
                },
            }
        )
    return {
        "name": f"kpss-{area.slug}-hsds",
        "title": f"Sociální služby – {area.name} (HSDS 3.0)",
        "description": (
            "Adresář sociálních služeb dostupných obyvatelům území ve formátu Open Referral "
            "Human Services Data Specification 3.0. Zdroj: Registr poskytovatelů sociálních "
            "služeb (MPSV) a veřejné informace poskytovatelů; zpracováno v KPSS."
        ),
        "profile": "tabular-data-package",
        "version": export.generated_at.date().isoformat(),
        "created": export.generated_at.isoformat(),
        "homepage": base_url,
        "licenses": [{"name": LICENSE_ID, "path": LICENSE_URL, "title": "Creative Commons BY 4.0"}],
        "sources": [
            {
                "title": "Registr poskytovatelů sociálních služeb (MPSV)",
                "path": "https://data.mpsv.cz/",
            }
        ],
        "hsds_version": HSDS_VERSION,
        "resources": resources,
    }


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def table_csv(table: str, rows: list[dict[str, Any]]) -> bytes:
    """One HSDS table as UTF-8 CSV with the schema's columns (comma, no BOM: machine use)."""
    columns = [name for name, _spec in table_fields(table)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return buffer.getvalue().encode("utf-8")


def write_package(export: HsdsExport, directory: Path, *, base_url: str = "") -> list[Path]:
    """Write the JSON, the CSVs and datapackage.json into a directory; returns the files."""
    directory.mkdir(parents=True, exist_ok=True)
    files = []
    for name, content in package_files(export, base_url=base_url).items():
        path = directory / name
        path.write_bytes(content)
        files.append(path)
    return files


def package_files(export: HsdsExport, *, base_url: str = "") -> dict[str, bytes]:
    files = {path: table_csv(table, export.tables.get(table, [])) for table, path in TABLES}
    files["datapackage.json"] = _json(datapackage(export, base_url=base_url))
    files["services.json"] = _json(export.services)
    return files


def package_zip(export: HsdsExport, *, base_url: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in package_files(export, base_url=base_url).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=2).encode("utf-8")
