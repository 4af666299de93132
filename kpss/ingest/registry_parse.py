"""Pure parsers of service lists into neutral records (no database, no models).

Two inputs produce the same `ServiceRecord`s:

* the ministry's open-data JSON (`rpss.json`, root key `polozky`, one item per registered
  service), read as a stream with ijson so that the ~100 MB national file never sits in
  memory as Python objects — only one item at a time is built, then reduced to a record;
* the CSV/XLSX template for lists kept in Excel (see docs/import-template.md).

Only named keys are read. In particular `poskytovatel.statutarniOrgany` and the names of
facility managers are personal data and are never read, and `doplnkoveUdaje` is skipped
entirely because its URLs point to documents, not to websites.

Problems that the parser can see on its own (an unreadable number or date, a bad header) are
appended to the caller's `problems` list; everything that needs the code lists or the territory
is checked later by `registry_validate`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from kpss.core.text import fold
from kpss.registry.validators import ico_normalize

try:  # the C backend is several times faster; fall back to whatever ijson has
    import ijson.backends.yajl2_c as ijson_backend
except ImportError:  # pragma: no cover - depends on the installed wheel
    import ijson as ijson_backend  # type: ignore[no-redef]

REGISTRY_SOURCE = "MPSV, Registr poskytovatelů sociálních služeb (otevřená data, rpss.json)"
TEMPLATE_SOURCE = "Tabulka služeb (šablona KPSS)"


@dataclass(slots=True)
class ImportProblem:
    """One problem found in an input file: where it is and why it is wrong (translated)."""

    file: str
    row: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}:{self.field}: {self.reason}"


@dataclass(slots=True)
class CapacityRecord:
    type_ref: str  # "TypKapacitySocialniSluzby/luzka", or "luzka" / "lůžka" in the template
    value: Decimal | None
    note: str
    row: int
    field: str


@dataclass(slots=True)
class FormRecord:
    form_ref: str  # "FormaSocialniSluzby/pob", or "pob" / "pobytová" in the template
    is_continuous: bool | None
    opening_hours: str
    capacities: list[CapacityRecord]
    row: int
    field: str


@dataclass(slots=True)
class FacilityRecord:
    name: str
    address_point_code: str
    street: str
    house_number: str
    orientation_number: str
    part_of_municipality: str
    postcode: str
    municipality_code: str
    lat: float | None
    lon: float | None
    row: int
    field: str

    def identity(self) -> tuple[Any, ...]:
        """What makes two listed facilities the same place (the registry repeats some)."""
        return (self.name, self.address_point_code, self.street, self.house_number,
                self.orientation_number, self.part_of_municipality, self.postcode,
                self.municipality_code, self.lat, self.lon)  # fmt: skip


@dataclass(slots=True)
class ProviderRecord:
    ico: str
    name: str
    legal_form: str = ""
    web: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""


@dataclass(slots=True)
class ServiceRecord:
    file: str
    row: int
    key: str
    key_field: str
    identifier: str
    portal_id: str
    name: str
    provider: ProviderRecord
    type_ref: str
    forms: list[FormRecord] = field(default_factory=list)
    facilities: list[FacilityRecord] = field(default_factory=list)
    target_group_refs: list[str] = field(default_factory=list)
    age_band_refs: list[str] = field(default_factory=list)
    target_group_note: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    web: str = ""
    email: str = ""
    phone: str = ""
    territory_codes: list[str] = field(default_factory=list)
    territory_orp_codes: list[str] = field(default_factory=list)
    territory_note: str = ""
    description: str = ""
    origin: str = "registry"
    source: str = ""
    source_date: dt.date | None = None
    note: str = ""
    has_parse_problems: bool = False
    layout: str = "json"  # "json" (ministry structure) or "template" (CSV/XLSX)


# --- shared value parsing ---------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def ref_code(*, value: Any) -> str:
    """The id of a code reference: {"id": "DruhSocialniSluzby/13"} → "DruhSocialniSluzby/13".

    A reference wrapped one level deeper ({"cilovaSkupina": {"id": …}}) is unwrapped too."""
    if isinstance(value, dict):
        if value.get("id") is not None:
            return _text(value["id"])
        for inner in value.values():
            if isinstance(inner, dict) and inner.get("id") is not None:
                return _text(inner["id"])
        return ""
    return _text(value)


def ref_suffix(*, value: str) -> str:
    """ "Obec/554499" → "554499"."""
    return value.rsplit("/", 1)[-1].strip()


def decimal_parse(*, value: Any) -> Decimal:
    """A number written the Czech way too: "12,5", "1 200", "1\u00a0200,0". Raises ValueError."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        return Decimal(str(value))
    text = re.sub(r"[\s\u00a0\u202f]", "", str(value))
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(value) from exc
    if not number.is_finite():
        raise ValueError(value)
    return number


_CZ_DATE = re.compile(r"(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})")


def date_parse(*, value: Any) -> dt.date:
    """ISO dates (also with a time part) and Czech "1. 1. 2020". Raises ValueError."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    match = _CZ_DATE.fullmatch(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return dt.date(year, month, day)
    return dt.date.fromisoformat(text[:10])


_TRUE = {"ano", "a", "true", "1", "yes", "y", "x"}
_FALSE = {"ne", "n", "false", "0", "no"}


def _contact(items: Any, key: str) -> str:
    """The first non-empty contact of a list of contact objects ({"web": …, "poznamka": …})."""
    if isinstance(items, str):
        return items.strip()
    for item in items or []:
        value = item.get(key) if isinstance(item, dict) else item
        if _text(value):
            return _text(value)
    return ""


def _hours(value: Any) -> str:
    """Opening hours as one readable line whatever the nesting; code refs give their suffix."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        return "; ".join(part for part in (_hours(v) for v in value) if part)
    if isinstance(value, dict):
        if set(value) == {"id"}:
            return ref_suffix(value=_text(value["id"]))
        return " ".join(part for part in (_hours(v) for v in value.values()) if part)
    return _text(value)


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


# --- the ministry's JSON ----------------------------------------------------------------


class _ItemReader:
    """Reduces one JSON item to a ServiceRecord, reporting what it cannot read."""

    def __init__(self, *, file: str, row: int, problems: list[ImportProblem]) -> None:
        self.file = file
        self.row = row
        self.problems = problems
        self.failed = False

    def problem(self, field_name: str, reason: str) -> None:
        self.failed = True
        self.problems.append(ImportProblem(self.file, self.row, field_name, reason))

    def decimal(self, value: Any, field_name: str) -> Decimal | None:
        if value is None or _text(value) == "":
            return None
        try:
            return decimal_parse(value=value)
        except ValueError:
            self.problem(field_name, _("Not a number: %(value)s.") % {"value": _text(value)})
            return None

    def coordinate(self, value: Any, field_name: str) -> float | None:
        number = self.decimal(value, field_name)
        return float(number) if number is not None else None

    def date(self, value: Any, field_name: str) -> dt.date | None:
        if value is None or _text(value) == "":
            return None
        try:
            return date_parse(value=value)
        except ValueError:
            self.problem(
                field_name,
                _("Not a valid date: %(value)s (use YYYY-MM-DD or D. M. YYYY).")
                % {"value": _text(value)},
            )
            return None

    def record(self, item: dict[str, Any]) -> ServiceRecord:
        kpss = _obj(item.get("kpss"))
        identifier = _text(item.get("identifikator"))
        portal_id = _text(item.get("portalId"))
        item_id = _text(item.get("id"))
        if identifier:
            key, key_field = identifier, "identifikator"
        elif portal_id:
            key, key_field = f"portal:{portal_id}", "portalId"
        else:
            key, key_field = item_id, "id"

        provider_data = _obj(item.get("poskytovatel"))
        raw_ico = provider_data.get("ico")
        # A number in JSON has lost its leading zeros; eight digits restore them.
        ico = (
            str(raw_ico).zfill(8)
            if isinstance(raw_ico, int)
            else ico_normalize(value=_text(raw_ico))
        )
        provider = ProviderRecord(
            ico=ico,
            name=_text(provider_data.get("nazev")),
            legal_form=_text(provider_data.get("pravniForma"))
            if isinstance(provider_data.get("pravniForma"), str)
            else "",
            web=_contact(provider_data.get("weby"), "web"),
            email=_contact(provider_data.get("emaily"), "email"),
            phone=_contact(provider_data.get("telefony"), "telefon"),
            address=_address_line(provider_data.get("adresa")),
        )

        forms = []
        for i, form in enumerate(item.get("formy") or []):
            path = f"formy[{i}]"
            capacities = []
            for j, capacity in enumerate(form.get("kapacity") or []):
                cpath = f"{path}.kapacity[{j}]"
                capacities.append(
                    CapacityRecord(
                        type_ref=ref_code(value=capacity.get("typ")),
                        value=self.decimal(capacity.get("pocet"), f"{cpath}.pocet"),
                        note=_text(capacity.get("popis"))[:300],
                        row=self.row,
                        field=cpath,
                    )
                )
            continuous = form.get("nepretrzitePoskytovani")
            forms.append(
                FormRecord(
                    form_ref=ref_code(value=form.get("forma")),
                    is_continuous=continuous if isinstance(continuous, bool) else None,
                    opening_hours=_hours(form.get("casoveRozsahy")),
                    capacities=capacities,
                    row=self.row,
                    field=path,
                )
            )

        facilities: list[FacilityRecord] = []
        seen: set[tuple[Any, ...]] = set()
        for i, place in enumerate(item.get("zarizeni") or []):
            facility = self.facility(place, f"zarizeni[{i}]")
            # One registration can list the same facility twice; it is still one place.
            if facility.identity() not in seen:
                seen.add(facility.identity())
                facilities.append(facility)

        territory_codes: list[str] = []
        orp_codes: list[str] = []
        for ref in _refs_in(item.get("rozsirenePusobnostiVKraji")):
            prefix, _sep, code = ref.partition("/")
            if prefix == "Obec":
                territory_codes.append(code)
            elif prefix in {"Orp", "ObecSRozsirenouPusobnosti", "SpravniObvodOrp"}:
                orp_codes.append(code)
        territory = _obj(kpss.get("uzemi"))
        territory_codes.extend(_text(code) for code in territory.get("obce") or [])

        record = ServiceRecord(
            file=self.file,
            row=self.row,
            key=key,
            key_field=key_field,
            identifier=identifier,
            portal_id=portal_id,
            name=_text(item.get("nazev")) or _text(kpss.get("nazevSluzby")),
            provider=provider,
            type_ref=ref_code(value=item.get("druhSocialniSluzby")),
            forms=forms,
            facilities=facilities,
            target_group_refs=[ref_code(value=g) for g in item.get("ciloveSkupiny") or []],
            age_band_refs=[ref_code(value=a) for a in item.get("vekoveSkupiny") or []],
            target_group_note=_join(
                _text(kpss.get("cilovaSkupinaPopis")),
                _text(item.get("doplnujiciInformaceVekoveSkupiny")),
            ),
            valid_from=self.date(item.get("datumPoskytovaniOd"), "datumPoskytovaniOd"),
            valid_to=self.date(item.get("datumPoskytovaniDo"), "datumPoskytovaniDo"),
            web=_contact(item.get("weby"), "web"),
            email=_contact(item.get("emaily"), "email"),
            phone=_contact(item.get("telefony"), "telefon"),
            territory_codes=list(dict.fromkeys(c for c in territory_codes if c)),
            territory_orp_codes=list(dict.fromkeys(c for c in orp_codes if c)),
            territory_note=_text(territory.get("popis")),
            description=_text(kpss.get("popis")),
            origin=_text(kpss.get("puvod")) or "registry",
            source=_text(kpss.get("zdroj")) or REGISTRY_SOURCE,
            source_date=self.date(kpss.get("datumDat"), "kpss.datumDat"),
            note=_join(_text(kpss.get("stavK")), _text(kpss.get("poznamka"))),
        )
        record.has_parse_problems = self.failed
        return record

    def facility(self, place: dict[str, Any], path: str) -> FacilityRecord:
        address = _obj(place.get("adresa"))
        street = address.get("ulice")
        part = address.get("castObce")
        ext = _obj(place.get("kpss"))
        # WGS84 only; S-JTSK x/y (RÚIAN) would need a conversion we do not do yet.
        lat = next((v for v in (place.get("lat"), address.get("lat"), ext.get("lat"))
                    if v is not None), None)  # fmt: skip
        lon = next((v for v in (place.get("lon"), address.get("lon"), ext.get("lon"))
                    if v is not None), None)  # fmt: skip
        orientation = _text(address.get("cisloOrientacni"))
        letter = _text(address.get("cisloOrientacniPismeno"))
        return FacilityRecord(
            name=_text(place.get("nazev"))[:300],
            address_point_code=_text(address.get("kodAdresnihoMista")),
            street=_text(street.get("nazev")) if isinstance(street, dict) else _text(street),
            house_number=_text(address.get("cisloDomovni")),
            orientation_number=orientation + letter,
            part_of_municipality=_text(part.get("nazev")) if isinstance(part, dict) else "",
            postcode=re.sub(r"\s", "", _text(address.get("psc"))),
            municipality_code=ref_suffix(value=ref_code(value=address.get("obec"))),
            lat=self.coordinate(lat, f"{path}.lat"),
            lon=self.coordinate(lon, f"{path}.lon"),
            row=self.row,
            field=path,
        )


def _refs_in(value: Any) -> Iterator[str]:
    """Every code reference id inside one named subtree (its exact shape is not documented)."""
    if isinstance(value, dict):
        if isinstance(value.get("id"), str):
            yield value["id"]
        for key, inner in value.items():
            if key != "id":
                yield from _refs_in(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _refs_in(inner)


def _address_line(address: Any) -> str:
    if isinstance(address, str):
        return address.strip()
    if not isinstance(address, dict):
        return ""
    street = address.get("ulice")
    street_name = _text(street.get("nazev")) if isinstance(street, dict) else _text(street)
    number = "/".join(
        n for n in (_text(address.get("cisloDomovni")), _text(address.get("cisloOrientacni"))) if n
    )
    return ", ".join(p for p in (_join(street_name, number), _text(address.get("psc"))) if p)[:300]


def registry_json_parse(
    *, path: Path, problems: list[ImportProblem], file_label: str | None = None
) -> Iterator[ServiceRecord]:
    """Stream the items of `polozky` one by one into records."""
    label = file_label or str(path)
    with path.open("rb") as handle:
        for row, item in enumerate(ijson_backend.items(handle, "polozky.item"), start=1):
            if not isinstance(item, dict):
                problems.append(
                    ImportProblem(label, row, "polozky", _("The item is not an object."))
                )
                continue
            yield _ItemReader(file=label, row=row, problems=problems).record(item)


# --- the CSV / XLSX template ------------------------------------------------------------

SERVICE_COLUMNS = (
    "klic", "identifikator", "poskytovatel", "ico", "nazev_sluzby", "druh", "cilove_skupiny",
    "cilova_skupina_popis", "vekove_skupiny", "uzemi_obce", "uzemi_popis", "platnost_od",
    "platnost_do", "web", "email", "telefon", "popis", "zdroj", "stav_k", "poznamka",
    "datum_udaju",
)  # fmt: skip
FORM_COLUMNS = ("forma", "nepretrzite", "provozni_doba")
CAPACITY_COLUMNS = ("typ_kapacity", "kapacita", "kapacita_poznamka")
FACILITY_COLUMNS = (
    "zarizeni_nazev", "ulice", "cislo_domovni", "cislo_orientacni", "cast_obce", "psc",
    "kod_obce", "kod_adresniho_mista", "lat", "lon",
)  # fmt: skip
TEMPLATE_COLUMNS = SERVICE_COLUMNS + FORM_COLUMNS + CAPACITY_COLUMNS + FACILITY_COLUMNS
REQUIRED_COLUMNS = ("poskytovatel", "nazev_sluzby", "druh", "forma")


def column_normalize(*, name: str) -> str:
    """ "Kód obce" → "kod_obce", so headers typed by hand still match."""
    return re.sub(r"[^a-z0-9]+", "_", fold(name or "")).strip("_")


def text_decode(*, data: bytes) -> str:
    """UTF-8 with or without BOM; anything that is not valid UTF-8 is taken as cp1250 (the
    encoding Czech Excel uses for "CSV")."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1250")


def _delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(header, delimiters=";,\t").delimiter
    except csv.Error:
        return ";" if header.count(";") >= header.count(",") else ","


def template_csv_rows(*, path: Path) -> Iterator[tuple[int, list[Any]]]:
    """(line number, cells) of a CSV; the header is line 1."""
    text = text_decode(data=path.read_bytes())
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    line = 1
    for cells in reader:
        yield line, cells
        line = reader.line_num + 1


def template_xlsx_rows(*, path: Path) -> Iterator[tuple[int, list[Any]]]:
    """(sheet row number, cell values) of the first sheet, read-only so big sheets stream."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(values)
    finally:
        workbook.close()


def _cell_text(column: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    if column == "ico" and isinstance(value, int | float):
        # Excel stores an IČO typed as a number without its leading zeros.
        return str(int(value)).zfill(8)
    return _text(value).replace("\u00a0", " ").strip()


def _split_list(value: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;\n|]", value) if part.strip()]


def template_parse(
    *,
    rows: Iterable[tuple[int, list[Any]]],
    problems: list[ImportProblem],
    file_label: str,
) -> list[ServiceRecord]:
    """Turn template rows into records. Rows that repeat a key continue the same service:
    they may add a form, a capacity of another type or a facility, but their service columns
    must be empty or equal to the first row's."""
    iterator = iter(rows)
    header_row = next(iterator, None)
    if header_row is None:
        problems.append(ImportProblem(file_label, 1, "", _("The file is empty.")))
        return []
    header = [column_normalize(name=_text(c)) for c in header_row[1]]
    for name in header:
        if name and name not in TEMPLATE_COLUMNS:
            problems.append(
                ImportProblem(
                    file_label, 1, name, _("Unknown column; see the import template description.")
                )
            )
    for name in REQUIRED_COLUMNS:
        if name not in header:
            problems.append(ImportProblem(file_label, 1, name, _("Required column is missing.")))
    if not ("klic" in header or "identifikator" in header):
        problems.append(
            ImportProblem(
                file_label, 1, "klic", _("Give a column klic or identifikator to key the services.")
            )
        )
    if any(p.row == 1 and p.file == file_label for p in problems):
        return []

    records: dict[str, ServiceRecord] = {}
    first_values: dict[str, tuple[int, dict[str, str]]] = {}
    for number, cells in iterator:
        values = {
            column: _cell_text(column, cells[i] if i < len(cells) else None)
            for i, column in enumerate(header)
            if column
        }
        if not any(values.values()):
            continue
        reader = _ItemReader(file=file_label, row=number, problems=problems)
        key = values.get("identifikator") or values.get("klic") or ""
        key_field = "identifikator" if values.get("identifikator") else "klic"
        if not key:
            reader.problem("klic", _("Missing import key (klic or identifikator)."))
            continue
        record = records.get(key)
        if record is None:
            record = _template_service(values, reader, key, key_field)
            records[key] = record
            first_values[key] = (number, values)
        else:
            first_row, first = first_values[key]
            for column in SERVICE_COLUMNS:
                if values.get(column) and values[column] != first.get(column, ""):
                    reader.problem(
                        column,
                        _("Key %(key)s is already used on row %(row)d with a different value.")
                        % {"key": key, "row": first_row},
                    )
        _template_add_form(record, values, reader)
        _template_add_facility(record, values, reader)
        record.has_parse_problems = record.has_parse_problems or reader.failed
    return list(records.values())


def _template_service(
    values: dict[str, str], reader: _ItemReader, key: str, key_field: str
) -> ServiceRecord:
    v = values.get
    return ServiceRecord(
        file=reader.file,
        row=reader.row,
        key=key,
        key_field=key_field,
        identifier=v("identifikator", ""),
        portal_id="",
        name=v("nazev_sluzby", ""),
        provider=ProviderRecord(ico=ico_normalize(value=v("ico", "")), name=v("poskytovatel", "")),
        type_ref=v("druh", ""),
        target_group_refs=_split_list(v("cilove_skupiny", "")),
        age_band_refs=_split_list(v("vekove_skupiny", "")),
        target_group_note=v("cilova_skupina_popis", ""),
        valid_from=reader.date(v("platnost_od"), "platnost_od"),
        valid_to=reader.date(v("platnost_do"), "platnost_do"),
        web=v("web", ""),
        email=v("email", ""),
        phone=v("telefon", ""),
        territory_codes=list(dict.fromkeys(re.split(r"[;,\s|]+", v("uzemi_obce", "").strip())))
        if v("uzemi_obce")
        else [],
        territory_note=v("uzemi_popis", ""),
        description=v("popis", ""),
        origin="manual",
        layout="template",
        source=v("zdroj", "") or TEMPLATE_SOURCE,
        source_date=reader.date(v("datum_udaju"), "datum_udaju"),
        note=_join(v("stav_k", ""), v("poznamka", "")),
    )


def _template_add_form(record: ServiceRecord, values: dict[str, str], reader: _ItemReader) -> None:
    form_ref = values.get("forma", "")
    if not form_ref:
        if any(values.get(c) for c in CAPACITY_COLUMNS):
            reader.problem("forma", _("A capacity needs the form it belongs to."))
        return
    continuous_text = values.get("nepretrzite", "").lower()
    continuous: bool | None = None
    if continuous_text in _TRUE:
        continuous = True
    elif continuous_text in _FALSE:
        continuous = False
    elif continuous_text:
        reader.problem("nepretrzite", _("Write ano or ne."))
    form = next((f for f in record.forms if fold(f.form_ref) == fold(form_ref)), None)
    if form is None:
        form = FormRecord(
            form_ref=form_ref,
            is_continuous=continuous,
            opening_hours=values.get("provozni_doba", ""),
            capacities=[],
            row=reader.row,
            field="forma",
        )
        record.forms.append(form)
    if values.get("kapacita") or values.get("typ_kapacity"):
        capacity = CapacityRecord(
            type_ref=values.get("typ_kapacity", ""),
            value=reader.decimal(values.get("kapacita"), "kapacita"),
            note=values.get("kapacita_poznamka", "")[:300],
            row=reader.row,
            field="kapacita",
        )
        same = [c for c in form.capacities if fold(c.type_ref) == fold(capacity.type_ref)]
        if same and same[0].value != capacity.value:
            reader.problem(
                "kapacita",
                _("Another row gives a different capacity of this type for the same form."),
            )
        elif not same:
            form.capacities.append(capacity)


def _template_add_facility(
    record: ServiceRecord, values: dict[str, str], reader: _ItemReader
) -> None:
    if not any(values.get(c) for c in FACILITY_COLUMNS):
        return
    facility = FacilityRecord(
        name=values.get("zarizeni_nazev", ""),
        address_point_code=values.get("kod_adresniho_mista", ""),
        street=values.get("ulice", ""),
        house_number=values.get("cislo_domovni", ""),
        orientation_number=values.get("cislo_orientacni", ""),
        part_of_municipality=values.get("cast_obce", ""),
        postcode=re.sub(r"\s", "", values.get("psc", "")),
        municipality_code=values.get("kod_obce", ""),
        lat=reader.coordinate(values.get("lat"), "lat"),
        lon=reader.coordinate(values.get("lon"), "lon"),
        row=reader.row,
        field="zarizeni",
    )
    if all(f.identity() != facility.identity() for f in record.facilities):
        record.facilities.append(facility)


def registry_file_parse(
    *, path: Path, problems: list[ImportProblem], file_label: str | None = None
) -> Iterator[ServiceRecord]:
    """Dispatch on the file type: .json (ministry structure), .csv, .xlsx (template)."""
    label = file_label or str(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        yield from registry_json_parse(path=path, problems=problems, file_label=label)
    elif suffix in {".csv", ".txt"}:
        yield from template_parse(
            rows=template_csv_rows(path=path), problems=problems, file_label=label
        )
    elif suffix in {".xlsx", ".xlsm"}:
        yield from template_parse(
            rows=template_xlsx_rows(path=path), problems=problems, file_label=label
        )
    else:
        problems.append(
            ImportProblem(label, 0, "", _("Unsupported file type; use .json, .csv or .xlsx."))
        )
