"""Import a list of social services (the ministry's JSON or the CSV/XLSX template).

`registry_import` parses and validates the whole file first; if anything is wrong it returns
every problem and writes nothing. Otherwise it upserts providers and services in one
transaction: a service is keyed by its import key, and a content hash of everything the import
would write decides whether it changed, so re-importing the same file writes no service rows.
A changed service gets `version + 1`. Forms and capacities are updated in place (keyed by form
and capacity type) so that data the registry does not carry — the region's network units on a
form — survive a re-import. One audit event records the whole run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import ijson
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kpss.accounts.models import User
from kpss.core.audit import audit_record
from kpss.core.errors import NotFound
from kpss.core.permissions import require_perm
from kpss.ingest.registry_parse import ImportProblem, ServiceRecord, registry_file_parse
from kpss.ingest.registry_validate import Codebook, codebook_build, registry_validate
from kpss.registry.models import Capacity, Facility, Provider, Service, ServiceForm
from kpss.territory.models import AreaMembership, PlanningArea

Progress = Callable[[Iterable[Any], str, int], Iterable[Any]]

_BATCH = 500
_SERVICE_FIELDS = [
    "identifier", "portal_id", "provider_id", "service_type_id", "name", "target_group_note",
    "valid_from", "valid_to", "web", "email", "phone", "territory_note", "origin", "source",
    "source_date", "note",
]  # fmt: skip
_FACILITY_FIELDS = [
    "name", "address_point_code", "street", "house_number", "orientation_number",
    "part_of_municipality", "postcode", "municipality_id", "lat", "lon",
]  # fmt: skip


def _no_progress(items: Iterable[Any], _label: str, _total: int) -> Iterable[Any]:
    return items


@dataclass
class ImportReport:
    file: str
    area: str = ""
    dry_run: bool = False
    records: int = 0
    selected: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    providers_created: int = 0
    providers_updated: int = 0
    problems: list[ImportProblem] = field(default_factory=list)
    unmapped_codes: dict[str, int] = field(default_factory=dict)
    created_keys: list[str] = field(default_factory=list)
    updated_keys: list[str] = field(default_factory=list)
    withdrawn_keys: list[str] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "area": self.area,
            "dry_run": self.dry_run,
            "records": self.records,
            "selected": self.selected,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "withdrawn": self.withdrawn,
            "providers_created": self.providers_created,
            "providers_updated": self.providers_updated,
            "unmapped_codes": self.unmapped_codes,
        }


@dataclass
class _Planned:
    """What the import would write for one service, with resolved ids."""

    record: ServiceRecord
    provider_key: tuple[str, str]
    fields: dict[str, Any]
    forms: dict[int, tuple[bool | None, str, dict[int, tuple[Decimal, str]]]]
    facilities: list[dict[str, Any]]
    target_group_ids: list[int]
    age_band_ids: list[int]
    territory_ids: list[int]
    content_hash: str = ""


def _area_codes(slug: str, today: dt.date) -> set[str]:
    area = PlanningArea.objects.filter(slug=slug).first()
    if area is None:
        raise NotFound(_("Unknown planning area %(slug)s.") % {"slug": slug}, code="unknown_area")
    memberships = AreaMembership.objects.filter(planning_area=area, valid_from__lte=today).exclude(
        valid_to__lt=today
    )
    return set(memberships.values_list("municipality__code", flat=True))


def _in_area(record: ServiceRecord, codes: set[str], book: Codebook) -> bool:
    if any(f.municipality_code in codes for f in record.facilities):
        return True
    if any(code in codes for code in record.territory_codes):
        return True
    return any(
        code in codes
        for orp in record.territory_orp_codes
        for code in book.orp_municipalities.get(orp, ())
    )


def _provider_key(record: ServiceRecord) -> tuple[str, str]:
    return ("ico", record.provider.ico) if record.provider.ico else ("name", record.provider.name)


def _plan(record: ServiceRecord, book: Codebook) -> _Planned:
    service_type = book.service_type(record.type_ref)
    assert service_type is not None  # validated
    forms: dict[int, tuple[bool | None, str, dict[int, tuple[Decimal, str]]]] = {}
    for form in record.forms:
        form_id = book.form(form.form_ref)
        assert form_id is not None
        capacities = {
            type_id: (capacity.value, capacity.note)
            for capacity in form.capacities
            if capacity.value is not None
            and (type_id := book.capacity_type(capacity.type_ref)) is not None
        }
        forms[form_id] = (form.is_continuous, form.opening_hours, capacities)
    facilities = [
        {
            "name": f.name,
            "address_point_code": f.address_point_code,
            "street": f.street,
            "house_number": f.house_number,
            "orientation_number": f.orientation_number,
            "part_of_municipality": f.part_of_municipality,
            "postcode": f.postcode,
            "municipality_id": book.municipalities.get(f.municipality_code),
            "lat": f.lat,
            "lon": f.lon,
        }
        for f in record.facilities
    ]
    territory = {book.municipalities[c] for c in record.territory_codes}
    for orp in record.territory_orp_codes:
        territory.update(book.municipalities[c] for c in book.orp_municipalities.get(orp, ()))
    name = (
        record.name or next((f.name for f in record.facilities if f.name), "") or service_type.name
    )
    fields = {
        "identifier": record.identifier,
        "portal_id": record.portal_id,
        "service_type_id": service_type.id,
        "name": name[:300],
        "target_group_note": record.target_group_note,
        "valid_from": record.valid_from,
        "valid_to": record.valid_to,
        "web": record.web,
        "email": record.email,
        "phone": record.phone,
        "territory_note": record.territory_note,
        "origin": record.origin
        if record.origin in Service.Origin.values
        else Service.Origin.REGISTRY,
        "source": record.source,
        "source_date": record.source_date,
        "note": record.note,
    }
    if record.description:
        # The registry has no description; never blank one written by hand.
        fields["description"] = record.description
    planned = _Planned(
        record=record,
        provider_key=_provider_key(record),
        fields=fields,
        forms=forms,
        facilities=facilities,
        target_group_ids=sorted(
            {i for r in record.target_group_refs if (i := book.target_group(r)) is not None}
        ),
        age_band_ids=sorted(
            {i for r in record.age_band_refs if (i := book.age_band(r)) is not None}
        ),
        territory_ids=sorted(territory),
    )
    payload = {
        "fields": fields,
        "provider": planned.provider_key,
        "forms": sorted(
            [fid, cont, hours, sorted([tid, str(v), n] for tid, (v, n) in caps.items())]
            for fid, (cont, hours, caps) in forms.items()
        ),
        "facilities": facilities,
        "target_groups": planned.target_group_ids,
        "age_bands": planned.age_band_ids,
        "territory": planned.territory_ids,
    }
    planned.content_hash = hashlib.sha256(
        json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False).encode()
    ).hexdigest()
    return planned


def registry_import(
    *,
    actor: User,
    path: Path | str,
    area: str | None = None,
    dry_run: bool = False,
    progress: Progress = _no_progress,
    today: dt.date | None = None,
    file_label: str | None = None,
) -> ImportReport:
    """Parse, validate and (unless `dry_run` or any problem) write a service list."""
    area_obj = PlanningArea.objects.filter(slug=area).first() if area else None
    require_perm(actor, "registry.import_services", area_obj)
    path = Path(path)
    label = file_label or str(path)
    today = today or timezone.localdate()
    report = ImportReport(file=label, area=area or "", dry_run=dry_run)
    area_codes = _area_codes(area, today) if area else None
    book = codebook_build()

    problems: list[ImportProblem] = []
    records: list[ServiceRecord] = []
    try:
        for record in progress(
            registry_file_parse(path=path, problems=problems, file_label=label), "čtení", 0
        ):
            records.append(record)
    except FileNotFoundError:
        problems.append(ImportProblem(label, 0, "", _("The file does not exist.")))
    except ijson.JSONError as exc:
        problems.append(
            ImportProblem(
                label,
                len(records) + 1,
                "",
                _("The file is not valid JSON: %(error)s") % {"error": exc},
            )
        )
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        problems.append(
            ImportProblem(label, 0, "", _("The file cannot be read: %(error)s") % {"error": exc})
        )
    report.records = len(records)
    if not records and not problems:
        problems.append(ImportProblem(label, 0, "", _("The file contains no services.")))

    selected = (
        records if area_codes is None else [r for r in records if _in_area(r, area_codes, book)]
    )
    report.selected = len(selected)
    if area_codes is not None:
        # Parse problems of services outside the area do not concern this import.
        skipped_rows = {r.row for r in records} - {r.row for r in selected}
        problems = [p for p in problems if p.row not in skipped_rows]
    result = registry_validate(records=records, selected=selected, codebook=book)
    report.problems = problems + result.problems
    report.problems.sort(key=lambda p: (p.row, p.field))
    report.unmapped_codes = dict(result.unmapped_codes.most_common())
    if report.problems:
        return report

    planned = [_plan(r, book) for r in progress(selected, "porovnání", len(selected))]
    existing = {
        key: (pk, content_hash, version)
        for key, pk, content_hash, version in Service.objects.values_list(
            "key", "id", "content_hash", "version"
        )
    }
    to_create: list[_Planned] = []
    to_update: list[tuple[_Planned, int, int]] = []
    for plan in planned:
        key = plan.record.key
        if plan.fields["valid_to"] and plan.fields["valid_to"] < today:
            report.withdrawn += 1
            report.withdrawn_keys.append(key)
        current = existing.get(key)
        if current is None:
            to_create.append(plan)
        elif current[1] != plan.content_hash:
            to_update.append((plan, current[0], current[2]))
        else:
            report.unchanged += 1
    report.created = len(to_create)
    report.updated = len(to_update)
    report.created_keys = [p.record.key for p in to_create]
    report.updated_keys = [p.record.key for p, _pk, _v in to_update]

    provider_plan = _providers_plan(planned)
    report.providers_created = sum(1 for p in provider_plan.values() if p.pk is None)
    report.providers_updated = len(_providers_changed(provider_plan))
    if dry_run:
        return report

    with transaction.atomic():
        provider_ids = _providers_write(provider_plan)
        now = timezone.now()
        new_services = [
            Service(
                key=p.record.key,
                provider_id=provider_ids[p.provider_key],
                content_hash=p.content_hash,
                version=1,
                **p.fields,
            )
            for p in to_create
        ]
        Service.objects.bulk_create(new_services, batch_size=_BATCH)
        changed_services = []
        update_fields = set(_SERVICE_FIELDS) | {"content_hash", "version", "updated_at"}
        for plan, pk, version in to_update:
            service = Service(
                pk=pk,
                key=plan.record.key,
                provider_id=provider_ids[plan.provider_key],
                content_hash=plan.content_hash,
                version=version + 1,
                updated_at=now,
                **plan.fields,
            )
            update_fields.update(plan.fields)
            changed_services.append(service)
        Service.objects.bulk_update(changed_services, sorted(update_fields), batch_size=_BATCH)
        written = [(s.pk, p) for s, p in zip(new_services, to_create, strict=True)] + [
            (pk, plan) for plan, pk, _v in to_update
        ]
        _children_write(written, progress)
        report.written = True
        audit_record(
            actor=actor,
            verb="registry.import",
            object_type="registry.service",
            area_slug=area or "",
            payload=report.summary(),
        )
    return report


@dataclass
class _ProviderPlan:
    key: tuple[str, str]
    pk: int | None
    values: dict[str, str]
    current: dict[str, str]


def _providers_plan(planned: Sequence[_Planned]) -> dict[tuple[str, str], _ProviderPlan]:
    columns = ["id", "ico", "name", "legal_form", "web", "email", "phone", "address"]
    by_ico: dict[str, dict[str, Any]] = {}
    by_name: dict[str, dict[str, Any]] = {}
    for row in Provider.objects.values(*columns):
        if row["ico"]:
            by_ico[row["ico"]] = row
        else:
            by_name[row["name"]] = row
    plans: dict[tuple[str, str], _ProviderPlan] = {}
    claimed: set[int] = set()
    keys = {p.provider_key for p in planned}
    for plan in planned:
        if plan.provider_key in plans:
            continue
        provider = plan.record.provider
        # Empty incoming values never blank what another source filled in.
        values = {
            k: v
            for k, v in {
                "ico": provider.ico,
                "name": provider.name,
                "legal_form": provider.legal_form,
                "web": provider.web,
                "email": provider.email,
                "phone": provider.phone,
                "address": provider.address,
            }.items()
            if v
        }
        current = by_ico.get(provider.ico) if provider.ico else by_name.get(provider.name)
        if current is None and provider.ico:
            # A provider first known by name only gains its IČO instead of being duplicated.
            current = by_name.get(provider.name)
            if current is not None and (
                current["id"] in claimed or ("name", provider.name) in keys
            ):
                current = None
        if current is not None:
            claimed.add(current["id"])
        plans[plan.provider_key] = _ProviderPlan(
            key=plan.provider_key,
            pk=current["id"] if current else None,
            values=values,
            current=current or {},
        )
    return plans


def _providers_changed(plans: dict[tuple[str, str], _ProviderPlan]) -> list[_ProviderPlan]:
    return [
        p
        for p in plans.values()
        if p.pk is not None and any(p.current.get(k) != v for k, v in p.values.items())
    ]


def _providers_write(plans: dict[tuple[str, str], _ProviderPlan]) -> dict[tuple[str, str], int]:
    new = {key: Provider(**p.values) for key, p in plans.items() if p.pk is None}
    Provider.objects.bulk_create(new.values(), batch_size=_BATCH)
    changed = _providers_changed(plans)
    if changed:
        objects = []
        fields: set[str] = set()
        for plan in changed:
            merged = {**{k: v for k, v in plan.current.items() if k != "id"}, **plan.values}
            objects.append(Provider(pk=plan.pk, updated_at=timezone.now(), **merged))
            fields.update(k for k, v in plan.values.items() if plan.current.get(k) != v)
        Provider.objects.bulk_update(objects, sorted(fields | {"updated_at"}), batch_size=_BATCH)
    ids = {key: p.pk for key, p in plans.items() if p.pk is not None}
    ids.update({key: obj.pk for key, obj in new.items()})
    return ids  # type: ignore[return-value]


def _chunks(items: Sequence[Any], size: int = _BATCH) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _children_write(written: list[tuple[int, _Planned]], progress: Progress) -> None:
    """Bring forms, capacities, facilities and the M2M links of written services in line."""
    if not written:
        return
    service_ids = [pk for pk, _plan in written]
    existing_forms: dict[tuple[int, int], ServiceForm] = {}
    existing_capacities: dict[tuple[int, int], Capacity] = {}
    existing_facilities: dict[int, list[Facility]] = {}
    for chunk in _chunks(service_ids):
        for service_form in ServiceForm.objects.filter(service_id__in=chunk):
            existing_forms[(service_form.service_id, service_form.form_id)] = service_form
        for capacity in Capacity.objects.filter(service_form__service_id__in=chunk):
            existing_capacities[(capacity.service_form_id, capacity.capacity_type_id)] = capacity
        for facility in Facility.objects.filter(service_id__in=chunk).order_by("id"):
            existing_facilities.setdefault(facility.service_id, []).append(facility)

    forms_create: list[ServiceForm] = []
    forms_update: list[ServiceForm] = []
    forms_keep: set[int] = set()
    for service_id, plan in progress(written, "zápis", len(written)):
        for form_id, (continuous, hours, _caps) in plan.forms.items():
            current_form = existing_forms.get((service_id, form_id))
            if current_form is None:
                forms_create.append(
                    ServiceForm(
                        service_id=service_id,
                        form_id=form_id,
                        is_continuous=continuous,
                        opening_hours=hours,
                    )
                )
            else:
                forms_keep.add(current_form.pk)
                if (current_form.is_continuous, current_form.opening_hours) != (continuous, hours):
                    current_form.is_continuous = continuous
                    current_form.opening_hours = hours
                    forms_update.append(current_form)
    ServiceForm.objects.bulk_create(forms_create, batch_size=_BATCH)
    ServiceForm.objects.bulk_update(forms_update, ["is_continuous", "opening_hours"], _BATCH)
    stale_forms = [sf.pk for sf in existing_forms.values() if sf.pk not in forms_keep]
    for chunk in _chunks(stale_forms):
        Capacity.objects.filter(service_form_id__in=chunk).delete()
        ServiceForm.objects.filter(pk__in=chunk).delete()
    form_pk = {(sf.service_id, sf.form_id): sf.pk for sf in existing_forms.values()}
    form_pk.update({(sf.service_id, sf.form_id): sf.pk for sf in forms_create})

    capacities_create: list[Capacity] = []
    capacities_update: list[Capacity] = []
    capacities_keep: set[int] = set()
    for service_id, plan in written:
        for form_id, (_cont, _hours, caps) in plan.forms.items():
            sf_pk = form_pk[(service_id, form_id)]
            for type_id, (value, note) in caps.items():
                current_capacity = existing_capacities.get((sf_pk, type_id))
                if current_capacity is None:
                    capacities_create.append(
                        Capacity(
                            service_form_id=sf_pk,
                            capacity_type_id=type_id,
                            value=value,
                            note=note,
                        )
                    )
                else:
                    capacities_keep.add(current_capacity.pk)
                    if current_capacity.value != value or current_capacity.note != note:
                        current_capacity.value, current_capacity.note = value, note
                        capacities_update.append(current_capacity)
    Capacity.objects.bulk_create(capacities_create, batch_size=_BATCH)
    Capacity.objects.bulk_update(capacities_update, ["value", "note"], batch_size=_BATCH)
    stale_capacities = [
        c.pk
        for c in existing_capacities.values()
        if c.pk not in capacities_keep and c.service_form_id in form_pk.values()
    ]
    for chunk in _chunks(stale_capacities):
        Capacity.objects.filter(pk__in=chunk).delete()

    # Facilities have no official key: an identical one is kept (its id stays stable),
    # the rest are replaced.
    facilities_create: list[Facility] = []
    facilities_delete: list[int] = []
    for service_id, plan in written:
        remaining = {
            tuple(getattr(f, name) for name in _FACILITY_FIELDS): f
            for f in existing_facilities.get(service_id, [])
        }
        for values in plan.facilities:
            identity = tuple(values[name] for name in _FACILITY_FIELDS)
            if remaining.pop(identity, None) is None:
                facilities_create.append(Facility(service_id=service_id, **values))
        facilities_delete.extend(f.pk for f in remaining.values())
    for chunk in _chunks(facilities_delete):
        Facility.objects.filter(pk__in=chunk).delete()
    Facility.objects.bulk_create(facilities_create, batch_size=_BATCH)

    relations: list[tuple[Any, str, str]] = [
        (Service.target_groups.through, "targetgroup_id", "target_group_ids"),
        (Service.age_bands.through, "ageband_id", "age_band_ids"),
        (Service.territory.through, "municipality_id", "territory_ids"),
    ]
    for relation, column, attr in relations:
        for chunk in _chunks(service_ids):
            relation.objects.filter(service_id__in=chunk).delete()
        relation.objects.bulk_create(
            [
                relation(service_id=service_id, **{column: target})
                for service_id, plan in written
                for target in getattr(plan, attr)
            ],
            batch_size=_BATCH,
        )
