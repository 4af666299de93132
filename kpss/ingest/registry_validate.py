"""Validate parsed service records against the code lists and the territory.

Everything is checked before anything is written, and every problem is collected as
(file, row, field, reason) so one run shows the whole list. The code lists and municipality
codes are read once into a `Codebook`; the checks themselves run no queries.

Unknown target-group or age-band codes in the ministry's JSON are counted, not rejected: our
code lists of those are still incomplete (see data/SOURCES.md), and an import of the national
file must not fail because of our gap. In the template, where a person typed the name, an
unknown name is a problem to fix.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from kpss.core.text import fold
from kpss.ingest.codelists import service_type_key
from kpss.ingest.registry_parse import (
    CapacityRecord,
    FacilityRecord,
    FormRecord,
    ImportProblem,
    ServiceRecord,
    ref_suffix,
)
from kpss.registry.models import AgeBand, CapacityType, Form, ServiceType, TargetGroup
from kpss.registry.validators import ico_has_valid_format, ico_is_valid
from kpss.territory.models import Municipality

LAT_RANGE = (48.5, 51.1)
LON_RANGE = (12.0, 18.9)

_CAPACITY_ALIASES = {
    "klienti": "klient", "klientu": "klient", "kontakty": "kontakt", "kontaktu": "kontakt",
    "intervence": "interv", "intervenci": "interv", "hovory": "hovor", "hovoru": "hovor",
    "luzko": "luzka", "luzek": "luzka",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class TypeInfo:
    id: int
    name: str
    allowed_form_ids: frozenset[int]


@dataclass
class Codebook:
    """Lookup tables of the code lists and territory, keyed by every spelling we accept."""

    service_types: dict[str, TypeInfo] = field(default_factory=dict)
    forms: dict[str, int] = field(default_factory=dict)
    form_names: dict[int, str] = field(default_factory=dict)
    capacity_types: dict[str, int] = field(default_factory=dict)
    target_groups: dict[str, int] = field(default_factory=dict)
    age_bands: dict[str, int] = field(default_factory=dict)
    municipalities: dict[str, int] = field(default_factory=dict)
    orp_municipalities: dict[str, list[str]] = field(default_factory=dict)

    _memo: dict[tuple[str, str], Any] = field(default_factory=dict, repr=False)

    def _resolve(self, kind: str, ref: str, lookup: Callable[[str], Any]) -> Any:
        # The national file repeats the same few hundred codes tens of thousands of times.
        memo_key = (kind, ref)
        if memo_key not in self._memo:
            self._memo[memo_key] = lookup(ref)
        return self._memo[memo_key]

    def service_type(self, ref: str) -> TypeInfo | None:
        def lookup(ref: str) -> TypeInfo | None:
            if ref in self.service_types:
                return self.service_types[ref]
            text = ref.replace("§", "").strip()
            return self.service_types.get(
                service_type_key(paragraph=text, name=text)
            ) or self.service_types.get(fold(text))

        return self._resolve("type", ref, lookup)  # type: ignore[no-any-return]

    def form(self, ref: str) -> int | None:
        return self._resolve(  # type: ignore[no-any-return]
            "form", ref, lambda r: self.forms.get(r) or self.forms.get(fold(r).strip())
        )

    def capacity_type(self, ref: str) -> int | None:
        def lookup(ref: str) -> int | None:
            if ref in self.capacity_types:
                return self.capacity_types[ref]
            folded = fold(ref_suffix(value=ref)).strip()
            return self.capacity_types.get(_CAPACITY_ALIASES.get(folded, folded))

        return self._resolve("capacity", ref, lookup)  # type: ignore[no-any-return]

    def target_group(self, ref: str) -> int | None:
        return self._resolve(  # type: ignore[no-any-return]
            "group",
            ref,
            lambda r: self.target_groups.get(r) or self.target_groups.get(fold(r).strip()),
        )

    def age_band(self, ref: str) -> int | None:
        return self._resolve(  # type: ignore[no-any-return]
            "age", ref, lambda r: self.age_bands.get(r) or self.age_bands.get(fold(r).strip())
        )


def codebook_build() -> Codebook:
    book = Codebook()
    for form in Form.objects.all():
        book.form_names[form.pk] = form.name
        for spelling in (form.registry_code, form.code, fold(form.name)):
            book.forms[spelling] = form.pk
    allowed: dict[int, set[int]] = {}
    for type_id, form_id in ServiceType.allowed_forms.through.objects.values_list(
        "servicetype_id", "form_id"
    ):
        allowed.setdefault(type_id, set()).add(form_id)
    for service_type in ServiceType.objects.all():
        info = TypeInfo(
            service_type.pk, str(service_type), frozenset(allowed.get(service_type.pk, ()))
        )
        for spelling in (service_type.registry_code, service_type.key, fold(service_type.name)):
            if spelling:
                book.service_types.setdefault(spelling, info)
    for capacity_type in CapacityType.objects.all():
        for spelling in (
            capacity_type.registry_code,
            ref_suffix(value=capacity_type.registry_code),
            fold(capacity_type.name),
        ):
            book.capacity_types[spelling] = capacity_type.pk
    for group in TargetGroup.objects.all():
        if group.registry_code:
            book.target_groups[group.registry_code] = group.pk
        book.target_groups[fold(group.name)] = group.pk
    for band in AgeBand.objects.all():
        book.age_bands[fold(band.name)] = band.pk
    for code, pk, orp_code in Municipality.objects.values_list("code", "id", "orp__code"):
        book.municipalities[code] = pk
        book.orp_municipalities.setdefault(orp_code, []).append(code)
    return book


@dataclass
class ValidationResult:
    problems: list[ImportProblem] = field(default_factory=list)
    unmapped_codes: Counter[str] = field(default_factory=Counter)


# Field names as the person sees them: JSON paths for the ministry's file, columns for the
# template. Each entry: (json field, template column).
_FIELDS = {
    "provider_name": ("poskytovatel.nazev", "poskytovatel"),
    "ico": ("poskytovatel.ico", "ico"),
    "type": ("druhSocialniSluzby", "druh"),
    "forms": ("formy", "forma"),
    "name": ("nazev", "nazev_sluzby"),
    "valid_to": ("datumPoskytovaniDo", "platnost_do"),
    "identifier": ("identifikator", "identifikator"),
    "territory": ("kpss.uzemi.obce", "uzemi_obce"),
    "territory_orp": ("rozsirenePusobnostiVKraji", "uzemi_obce"),
    "target_groups": ("ciloveSkupiny", "cilove_skupiny"),
    "age_bands": ("vekoveSkupiny", "vekove_skupiny"),
    "web": ("weby", "web"),
    "email": ("emaily", "email"),
    "phone": ("telefony", "telefon"),
    "provider_web": ("poskytovatel.weby", "web"),
    "provider_email": ("poskytovatel.emaily", "email"),
    "provider_phone": ("poskytovatel.telefony", "telefon"),
    "territory_note": ("kpss.uzemi.popis", "uzemi_popis"),
}

# Model column limits, so that a long value is reported instead of failing in the database.
_SERVICE_LIMITS = {"name": 300, "web": 300, "email": 200, "phone": 100, "territory_note": 300}
_PROVIDER_LIMITS = {"name": 300, "web": 300, "email": 200, "phone": 100}
_FACILITY_LIMITS = {
    "name": 300, "street": 150, "house_number": 10, "orientation_number": 10,
    "part_of_municipality": 150,
}  # fmt: skip


class _Checker:
    def __init__(self, book: Codebook, result: ValidationResult) -> None:
        self.book = book
        self.result = result

    def add(self, record: ServiceRecord, row: int, field_name: str, reason: str) -> None:
        self.result.problems.append(ImportProblem(record.file, row, field_name, reason))

    def field(self, record: ServiceRecord, name: str) -> str:
        json_name, column = _FIELDS[name]
        return column if record_is_template(record) else json_name

    def check(self, record: ServiceRecord) -> None:
        f = self.field
        if not record.key:
            self.add(
                record,
                record.row,
                record.key_field,
                _("Missing import key (identifikator, portalId or id)."),
            )
        elif len(record.key) > 60:
            self.add(
                record,
                record.row,
                record.key_field,
                _("The import key is longer than 60 characters."),
            )
        if record.identifier and not re.fullmatch(r"\d{1,7}", record.identifier):
            self.add(
                record,
                record.row,
                f(record, "identifier"),
                _("The registry identifier must be a number of at most 7 digits."),
            )
        self.check_provider(record)
        service_type = None
        if not record.type_ref:
            self.add(record, record.row, f(record, "type"), _("Required value is missing."))
        else:
            service_type = self.book.service_type(record.type_ref)
            if service_type is None:
                self.add(
                    record,
                    record.row,
                    f(record, "type"),
                    _("Unknown service type %(code)s.") % {"code": record.type_ref},
                )
        if record_is_template(record) and not record.name:
            self.add(record, record.row, f(record, "name"), _("Required value is missing."))
        for attr, limit in _SERVICE_LIMITS.items():
            if len(getattr(record, attr)) > limit:
                self.add(
                    record,
                    record.row,
                    f(record, attr),
                    _("The value is longer than %(limit)d characters.") % {"limit": limit},
                )
        if not record.forms:
            self.add(
                record,
                record.row,
                f(record, "forms"),
                _("At least one form of the service is required."),
            )
        seen_forms: set[int] = set()
        for form in record.forms:
            self.check_form(record, form, service_type, seen_forms)
        for facility in record.facilities:
            self.check_facility(record, facility)
        if record.valid_from and record.valid_to and record.valid_to < record.valid_from:
            self.add(
                record,
                record.row,
                f(record, "valid_to"),
                _("The end date is before the start date."),
            )
        for code in record.territory_codes:
            if code not in self.book.municipalities:
                self.add(
                    record,
                    record.row,
                    f(record, "territory"),
                    _("Unknown municipality code %(code)s.") % {"code": code},
                )
        for code in record.territory_orp_codes:
            if code not in self.book.orp_municipalities:
                self.add(
                    record,
                    record.row,
                    f(record, "territory_orp"),
                    _("Unknown ORP code %(code)s.") % {"code": code},
                )
        self.check_codes(
            record,
            record.target_group_refs,
            self.book.target_group,
            "target_groups",
            _("Unknown target group %(code)s."),
        )
        self.check_codes(
            record,
            record.age_band_refs,
            self.book.age_band,
            "age_bands",
            _("Unknown age band %(code)s."),
        )

    def check_provider(self, record: ServiceRecord) -> None:
        provider = record.provider
        if not provider.name:
            self.add(
                record,
                record.row,
                self.field(record, "provider_name"),
                _("Required value is missing."),
            )
        if provider.ico:
            if not ico_has_valid_format(value=provider.ico):
                self.add(
                    record,
                    record.row,
                    self.field(record, "ico"),
                    _("IČO must have exactly 8 digits, leading zeros included: %(value)s.")
                    % {"value": provider.ico},
                )
            elif not ico_is_valid(value=provider.ico):
                self.add(
                    record,
                    record.row,
                    self.field(record, "ico"),
                    _("IČO %(value)s has a wrong check digit.") % {"value": provider.ico},
                )
        for attr, limit in _PROVIDER_LIMITS.items():
            if len(getattr(provider, attr)) > limit:
                name = "provider_name" if attr == "name" else f"provider_{attr}"
                self.add(
                    record,
                    record.row,
                    self.field(record, name),
                    _("The value is longer than %(limit)d characters.") % {"limit": limit},
                )

    def check_form(
        self,
        record: ServiceRecord,
        form: FormRecord,
        service_type: TypeInfo | None,
        seen: set[int],
    ) -> None:
        template = record_is_template(record)
        form_field = "forma" if template else f"{form.field}.forma"
        form_id = self.book.form(form.form_ref) if form.form_ref else None
        if not form.form_ref:
            self.add(record, form.row, form_field, _("Required value is missing."))
        elif form_id is None:
            self.add(
                record, form.row, form_field, _("Unknown form %(code)s.") % {"code": form.form_ref}
            )
        else:
            if form_id in seen:
                self.add(record, form.row, form_field, _("The form is listed twice."))
            seen.add(form_id)
            # A type whose allowed forms are not known (empty set) cannot be judged.
            if (
                service_type
                and service_type.allowed_form_ids
                and form_id not in service_type.allowed_form_ids
            ):
                self.add(
                    record,
                    form.row,
                    form_field,
                    _("Form %(form)s is not allowed for service type %(type)s.")
                    % {"form": self.book.form_names[form_id], "type": service_type.name},
                )
        seen_types: set[int] = set()
        for capacity in form.capacities:
            self.check_capacity(record, capacity, seen_types)

    def check_capacity(
        self, record: ServiceRecord, capacity: CapacityRecord, seen: set[int]
    ) -> None:
        template = record_is_template(record)
        type_field = "typ_kapacity" if template else f"{capacity.field}.typ"
        value_field = "kapacita" if template else f"{capacity.field}.pocet"
        if not capacity.type_ref:
            if capacity.value is not None:
                self.add(record, capacity.row, type_field, _("The capacity type is missing."))
        else:
            type_id = self.book.capacity_type(capacity.type_ref)
            if type_id is None:
                self.add(
                    record,
                    capacity.row,
                    type_field,
                    _("Unknown capacity type %(code)s.") % {"code": capacity.type_ref},
                )
            elif type_id in seen:
                self.add(
                    record,
                    capacity.row,
                    type_field,
                    _("A capacity of this type is given twice for the form."),
                )
            else:
                seen.add(type_id)
        if capacity.value is not None:
            if capacity.value < 0:
                self.add(record, capacity.row, value_field, _("The capacity must not be negative."))
            elif capacity.value >= Decimal("100000000"):
                self.add(record, capacity.row, value_field, _("The capacity is too large."))

    def check_facility(self, record: ServiceRecord, facility: FacilityRecord) -> None:
        template = record_is_template(record)

        def name(json_suffix: str, column: str) -> str:
            return column if template else f"{facility.field}.{json_suffix}"

        code = facility.municipality_code
        if code and code not in self.book.municipalities:
            self.add(
                record,
                facility.row,
                name("adresa.obec", "kod_obce"),
                _("Unknown municipality code %(code)s.") % {"code": code},
            )
        if facility.postcode and not re.fullmatch(r"\d{5}", facility.postcode):
            self.add(
                record,
                facility.row,
                name("adresa.psc", "psc"),
                _("The postcode must have 5 digits."),
            )
        if facility.address_point_code and not re.fullmatch(
            r"\d{1,10}", facility.address_point_code
        ):
            self.add(
                record,
                facility.row,
                name("adresa.kodAdresnihoMista", "kod_adresniho_mista"),
                _("The RÚIAN address point code must be a number of at most 10 digits."),
            )
        for attr, limit in _FACILITY_LIMITS.items():
            if len(getattr(facility, attr)) > limit:
                self.add(
                    record,
                    facility.row,
                    name(attr, attr),
                    _("The value is longer than %(limit)d characters.") % {"limit": limit},
                )
        if (facility.lat is None) != (facility.lon is None):
            self.add(
                record,
                facility.row,
                name("lat", "lat"),
                _("Give both latitude and longitude, or neither."),
            )
        elif (
            facility.lat is not None
            and facility.lon is not None
            and not (
                LAT_RANGE[0] <= facility.lat <= LAT_RANGE[1]
                and LON_RANGE[0] <= facility.lon <= LON_RANGE[1]
            )
        ):
            self.add(
                record,
                facility.row,
                name("lat", "lat"),
                _("Coordinates %(lat)s, %(lon)s are outside Czechia (WGS84 expected).")
                % {"lat": facility.lat, "lon": facility.lon},
            )

    def check_codes(
        self, record: ServiceRecord, refs: list[str], resolve: object, kind: str, message: str
    ) -> None:
        assert callable(resolve)
        for ref in refs:
            if not ref or resolve(ref) is not None:
                continue
            if record_is_template(record):
                self.add(record, record.row, self.field(record, kind), message % {"code": ref})
            else:
                self.result.unmapped_codes[ref] += 1


def record_is_template(record: ServiceRecord) -> bool:
    return record.layout == "template"


def registry_validate(
    *,
    records: Iterable[ServiceRecord],
    selected: Iterable[ServiceRecord],
    codebook: Codebook,
) -> ValidationResult:
    """Check duplicate keys across the whole file and everything else for `selected`."""
    result = ValidationResult()
    first_row: dict[str, int] = {}
    for record in records:
        if not record.key:
            continue
        if record.key in first_row:
            result.problems.append(
                ImportProblem(
                    record.file,
                    record.row,
                    record.key_field,
                    _("Duplicate key %(key)s; record %(row)d already uses it.")
                    % {"key": record.key, "row": first_row[record.key]},
                )
            )
        else:
            first_row[record.key] = record.row
    checker = _Checker(codebook, result)
    for record in selected:
        checker.check(record)
    return result
