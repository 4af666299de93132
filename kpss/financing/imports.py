"""Import of service budgets from a table, the way providers and coordinators send them.

XLSX (first sheet), or CSV in UTF-8 (with or without BOM) or cp1250 with ';' or ','; numbers
may be written the Czech way ("1 250 000,50", spaces or non-breaking spaces between thousands,
a decimal comma). One row per service, year and budget version. The columns are described in
docs/workflows/financing.md and in the downloadable template (`template_xlsx`).

This module only reads: it parses the file and checks every row against the registry and the
territory (`budget_rows_validate`). The write is `services.service_budgets_import`, which
writes nothing unless the whole file is valid.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from kpss.core.text import fold
from kpss.financing.models import ServiceBudget, UnitKind
from kpss.ingest.registry_parse import (
    ImportProblem,
    column_normalize,
    decimal_parse,
    text_decode,
)
from kpss.registry.models import Form, Service
from kpss.registry.selectors import service_list
from kpss.territory.models import Municipality, PlanningArea
from kpss.territory.selectors import area_municipalities

MAX_ROWS = 5000
MAX_AMOUNT = 10**12

#: Budget columns in the template order: (normalised header, model field, Czech header).
AMOUNT_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("naklady_osobni", "cost_personnel", "náklady osobní"),
    ("naklady_provozni", "cost_operating", "náklady provozní"),
    ("naklady_ostatni", "cost_other", "náklady ostatní"),
    ("vynosy_stat_a_kraj", "rev_state_region", "výnosy stát a kraj"),
    ("vynosy_obce", "rev_municipalities", "výnosy obce"),
    ("vynosy_uhrady_uzivatelu", "rev_user_payments", "výnosy úhrady uživatelů"),
    ("vynosy_prispevek_na_peci", "rev_care_allowance", "výnosy příspěvek na péči"),
    ("vynosy_zdravotni_pojistovny", "rev_health_insurance", "výnosy zdravotní pojišťovny"),
    ("vynosy_eu", "rev_eu", "výnosy EU"),
    ("vynosy_ostatni_verejne", "rev_other_public", "výnosy ostatní veřejné"),
    ("vynosy_dary", "rev_donations", "výnosy dary"),
    ("vynosy_ostatni", "rev_other", "výnosy ostatní"),
)
#: Optional amount column: the minimum for basic operation.
BASIC_COLUMN = (
    "minimum_pro_zakladni_provoz",
    "basic_operation_cost",
    "minimum pro základní provoz",
)

#: Accepted spellings (normalised) of the other columns → column key.
HEADERS: dict[str, str] = {
    "sluzba": "service",
    "identifikator": "service",
    "identifikator_sluzby": "service",
    "klic_sluzby": "service",
    "service": "service",
    "nazev_sluzby": "name",
    "forma": "form",
    "rok": "year",
    "year": "year",
    "verze": "kind",
    "verze_rozpoctu": "kind",
    "version": "kind",
    "jednotky": "units",
    "pocet_jednotek": "units",
    "units": "units",
    "druh_jednotky": "unit_kind",
    "jednotka": "unit_kind",
    "unit_kind": "unit_kind",
    "ilustrativni": "illustrative",
    **{normal: field_name for normal, field_name, _label in AMOUNT_COLUMNS},
    BASIC_COLUMN[0]: BASIC_COLUMN[1],
}
#: Czech headers of the template (what a problem names when a column is missing).
LABELS: dict[str, str] = {
    "service": "identifikátor služby",
    "name": "název služby",
    "form": "forma",
    "year": "rok",
    "kind": "verze",
    "units": "jednotky",
    "unit_kind": "druh jednotky",
    "illustrative": "ilustrativní",
    **{field_name: label for _normal, field_name, label in AMOUNT_COLUMNS},
    BASIC_COLUMN[1]: BASIC_COLUMN[2],
}
REQUIRED = ("service", "year", "kind", "units", *(f for _n, f, _l in AMOUNT_COLUMNS))
USERS_PREFIX = "uzivatele_"

KINDS = {
    "planned": ServiceBudget.Kind.PLANNED,
    "plan": ServiceBudget.Kind.PLANNED,
    "planovany": ServiceBudget.Kind.PLANNED,
    "planovana": ServiceBudget.Kind.PLANNED,
    "adjusted": ServiceBudget.Kind.ADJUSTED,
    "uprava": ServiceBudget.Kind.ADJUSTED,
    "upraveny": ServiceBudget.Kind.ADJUSTED,
    "upravena": ServiceBudget.Kind.ADJUSTED,
    "actual": ServiceBudget.Kind.ACTUAL,
    "skutecnost": ServiceBudget.Kind.ACTUAL,
    "skutecny": ServiceBudget.Kind.ACTUAL,
}
UNIT_KINDS = {
    "fte": UnitKind.FTE,
    "uvazky": UnitKind.FTE,
    "uvazek": UnitKind.FTE,
    "prepocteny_uvazek": UnitKind.FTE,
    "prepoctene_uvazky": UnitKind.FTE,
    "beds": UnitKind.BEDS,
    "luzka": UnitKind.BEDS,
    "luzko": UnitKind.BEDS,
}
_TRUE = {"a", "ano", "1", "true", "x", "yes"}
_FALSE = {"", "n", "ne", "0", "false", "no"}


@dataclass
class BudgetRow:
    """One valid row: what the budget of a service, form, year and version should be."""

    row: int
    service: Service
    form: Form
    year: int
    kind: str
    units: Decimal
    unit_kind: str
    amounts: dict[str, int]
    users: dict[Municipality, int] | None
    is_illustrative: bool
    #: The stored budget as seen when validating (None: it will be created).
    existing: ServiceBudget | None = None
    #: Its `version` at that moment (a change in between is a concurrent edit).
    seen_version: int | None = None


@dataclass
class BudgetImportReport:
    file: str
    dry_run: bool = False
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[ImportProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


# --- reading the table -----------------------------------------------------------------------


def _delimiter(text: str) -> str:
    """';' or ',' by the header line; a decimal comma in data rows never decides it."""
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") >= header.count(",") else ","


def table_rows(*, file_name: str, data: bytes) -> Iterator[tuple[int, list[Any]]]:
    """(row number as the user sees it, cells) of a CSV or of the first sheet of an XLSX.

    Raises ValueError when the file is not a readable table."""
    if file_name.lower().endswith((".xlsx", ".xlsm")) or data[:2] == b"PK":
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a broken file
            raise ValueError(str(error)) from error
        try:
            for number, values in enumerate(
                workbook.worksheets[0].iter_rows(values_only=True), start=1
            ):
                yield number, list(values)
        finally:
            workbook.close()
        return
    text = text_decode(data=data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    line = 1
    for cells in reader:
        yield line, cells
        line = reader.line_num + 1


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\u00a0", " ").strip()


def amount_parse(value: Any) -> int:
    """Whole CZK from "1 250 000,50" (halíře rounded half up); an empty cell is 0.
    Raises ValueError for text that is not a number."""
    if _text(value) == "":
        return 0
    number = decimal_parse(value=value)
    return int(number.quantize(Decimal(1), rounding=ROUND_HALF_UP))


# --- the registry and the territory ----------------------------------------------------------


def _service_index(area: PlanningArea) -> tuple[dict[str, Service], set[int]]:
    """Every service by registry identifier and by import key, and the ids of the area's."""
    index: dict[str, Service] = {}
    for service in Service.objects.select_related("provider", "service_type").prefetch_related(
        "forms__form"
    ):
        index.setdefault(service.key.lower(), service)
        if service.identifier:
            index[service.identifier.lower()] = service
    in_area = set(service_list(area=area, include_withdrawn=True).values_list("pk", flat=True))
    return index, in_area


def _municipality_lookup(area: PlanningArea) -> dict[str, Municipality]:
    lookup: dict[str, Municipality] = {}
    for municipality in area_municipalities(area=area):
        lookup[municipality.code] = municipality
        lookup[column_normalize(name=municipality.name)] = municipality
    return lookup


def _form_lookup() -> dict[str, Form]:
    lookup: dict[str, Form] = {}
    for form in Form.objects.all():
        lookup[form.code.lower()] = form
        lookup[column_normalize(name=form.name)] = form
    return lookup


# --- validation ------------------------------------------------------------------------------


def budget_rows_validate(
    *,
    area: PlanningArea,
    file_name: str,
    data: bytes,
    own_icos: set[str] | None = None,
) -> tuple[list[BudgetRow], list[ImportProblem]]:
    """Parse and check every row. `own_icos`, when given, limits the file to services of the
    providers with these IČO (a provider's staff import only their own budgets).

    Returns the valid rows and the problems; rows are worth writing only without problems."""
    problems: list[ImportProblem] = []

    def add(row: int, column: str, reason: str) -> None:
        problems.append(ImportProblem(file=file_name, row=row, field=column, reason=reason))

    try:
        rows = [(n, cells) for n, cells in table_rows(file_name=file_name, data=data)]
    except (ValueError, UnicodeDecodeError, csv.Error) as error:
        add(0, "", _("The file cannot be read as CSV or XLSX: %(error)s") % {"error": error})
        return [], problems
    rows = [(n, cells) for n, cells in rows if any(_text(v) for v in cells)]
    if not rows:
        add(0, "", _("The file is empty."))
        return [], problems
    header_row, header = rows[0]
    columns: dict[str, int] = {}
    labels: dict[str, str] = {}
    user_columns: list[tuple[int, Municipality]] = []
    municipalities = _municipality_lookup(area)
    for index, raw in enumerate(header):
        label = _text(raw)
        normal = column_normalize(name=label)
        if not normal:
            continue
        if normal.startswith(USERS_PREFIX) or normal == "uzivatele":
            target = normal[len(USERS_PREFIX) :]
            municipality = municipalities.get(target)
            if municipality is None:
                add(
                    header_row,
                    label,
                    _("Unknown municipality “%(name)s”: not a municipality of the area.")
                    % {"name": label[len("uživatelé") :].strip(" _-:") or label},
                )
            elif any(m == municipality for _i, m in user_columns):
                add(header_row, label, _("The municipality has two columns."))
            else:
                user_columns.append((index, municipality))
            continue
        key = HEADERS.get(normal)
        if key is None:
            add(header_row, label, _("Unknown column."))
        elif key in columns:
            add(header_row, label, _("The column is twice in the header."))
        else:
            columns[key] = index
            labels[key] = label
    missing = [key for key in REQUIRED if key not in columns]
    for key in missing:
        add(header_row, LABELS[key], _("The column is missing."))
    if missing:
        # Without a required column no row can be read; other header problems (an unknown
        # column or municipality) still let every row be checked.
        return [], problems
    body = rows[1:]
    if len(body) > MAX_ROWS:
        add(0, "", _("More than %(max)s rows.") % {"max": MAX_ROWS})
        return [], problems

    services, in_area = _service_index(area)
    forms = _form_lookup()
    valid: list[BudgetRow] = []
    seen: dict[tuple[int, int, int, str], int] = {}
    for number, cells in body:

        def cell(key: str, cells: list[Any] = cells) -> Any:
            index = columns.get(key)
            return cells[index] if index is not None and index < len(cells) else None

        def problem(key: str, reason: str, number: int = number) -> None:
            add(number, labels.get(key, LABELS.get(key, key)), reason)

        before = len(problems)
        # The service.
        ident = _text(cell("service"))
        service = services.get(ident.lower()) if ident else None
        if not ident:
            problem("service", _("The service identifier is missing."))
        elif service is None:
            problem(
                "service",
                _("Unknown service “%(value)s”: no service has this registry identifier or key.")
                % {"value": ident},
            )
        elif service.pk not in in_area:
            problem(
                "service",
                _("The service “%(name)s” does not operate in the area %(area)s.")
                % {"name": service.name, "area": area.name},
            )
            service = None
        elif own_icos is not None and service.provider.ico not in own_icos:
            problem(
                "service",
                _(
                    "The service “%(name)s” belongs to another provider; you may import only "
                    "the budgets of your own services."
                )
                % {"name": service.name},
            )
            service = None
        # The form: given, or the service's only one.
        form: Form | None = None
        if service is not None:
            service_forms = {sf.form.pk: sf for sf in service.forms.all()}
            form_text = _text(cell("form"))
            if form_text:
                form = forms.get(form_text.lower()) or forms.get(column_normalize(name=form_text))
                if form is None or form.pk not in service_forms:
                    problem(
                        "form",
                        _("The service is not provided in the form “%(value)s”.")
                        % {"value": form_text},
                    )
                    form = None
            elif len(service_forms) == 1:
                form = next(iter(service_forms.values())).form
            else:
                problem(
                    "form",
                    _("The service has several forms; say which one (pob, amb or ter)."),
                )
        # The year.
        year_text = _text(cell("year"))
        year: int | None = None
        if re.fullmatch(r"\d{4}", year_text):
            year = int(year_text)
            if not 2000 <= year <= 2100:
                problem("year", _("The year %(value)s is out of range.") % {"value": year_text})
                year = None
        else:
            problem("year", _("“%(value)s” is not a year.") % {"value": year_text})
        # The version.
        kind_text = _text(cell("kind"))
        kind = KINDS.get(column_normalize(name=kind_text))
        if kind is None:
            problem(
                "kind",
                _(
                    "Unknown budget version “%(value)s”; use plán, úprava or skutečnost "
                    "(planned, adjusted, actual)."
                )
                % {"value": kind_text},
            )
        # Units.
        units = Decimal(0)
        units_text = _text(cell("units"))
        try:
            units = decimal_parse(value=cell("units")) if units_text else Decimal(0)
        except ValueError:
            problem("units", _("“%(value)s” is not a number.") % {"value": units_text})
        else:
            if units < 0:
                problem("units", _("The number of units must not be negative."))
            elif units >= 1_000_000 or units != units.quantize(Decimal("0.01")):
                problem("units", _("Units are a number below a million with at most 2 decimals."))
        unit_text = _text(cell("unit_kind"))
        unit_kind = UNIT_KINDS.get(column_normalize(name=unit_text)) if unit_text else None
        if unit_text and unit_kind is None:
            problem(
                "unit_kind",
                _("Unknown unit “%(value)s”; use úvazky (FTE) or lůžka (beds).")
                % {"value": unit_text},
            )
        elif unit_kind is None and form is not None:
            unit_kind = UnitKind.BEDS if form.code == "pob" else UnitKind.FTE
        # Amounts.
        amounts: dict[str, int] = {}
        amount_keys = [f for _n, f, _l in AMOUNT_COLUMNS]
        if BASIC_COLUMN[1] in columns:
            amount_keys.append(BASIC_COLUMN[1])
        for key in amount_keys:
            raw = cell(key)
            try:
                amount = amount_parse(raw)
            except ValueError:
                problem(key, _("“%(value)s” is not an amount.") % {"value": _text(raw)})
                continue
            if amount < 0:
                problem(key, _("The amount must not be negative."))
            elif amount >= MAX_AMOUNT:
                problem(key, _("The amount is too large."))
            else:
                amounts[key] = amount
        # Users by municipality.
        users: dict[Municipality, int] | None = None
        if user_columns:
            users = {}
            for index, municipality in user_columns:
                raw = cells[index] if index < len(cells) else None
                label = _text(header[index])
                try:
                    count = decimal_parse(value=raw) if _text(raw) else Decimal(0)
                except ValueError:
                    add(number, label, _("“%(value)s” is not a number.") % {"value": _text(raw)})
                    continue
                if count < 0 or count != count.to_integral_value() or count > 10**6:
                    add(number, label, _("The number of users is a whole number, 0 or more."))
                    continue
                users[municipality] = int(count)
        illustrative_text = fold(_text(cell("illustrative")))
        if illustrative_text not in _TRUE | _FALSE:
            problem("illustrative", _("Write A (yes) or N (no)."))
        # Duplicates within the file.
        if service is not None and form is not None and year is not None and kind is not None:
            identity = (service.pk, form.pk, year, str(kind))
            if identity in seen:
                problem(
                    "kind",
                    _(
                        "Duplicate row: the same service, form, year and version are already "
                        "on row %(row)s."
                    )
                    % {"row": seen[identity]},
                )
            else:
                seen[identity] = number
        if len(problems) > before or service is None or form is None:
            continue
        if year is None or kind is None:
            continue
        valid.append(
            BudgetRow(
                row=number,
                service=service,
                form=form,
                year=year,
                kind=str(kind),
                units=units,
                unit_kind=str(unit_kind),
                amounts=amounts,
                users=users,
                is_illustrative=illustrative_text in _TRUE,
            )
        )
    _attach_existing(valid)
    for budget_row in valid:
        other = budget_row.existing
        if other is not None and other.planning_area_id != area.pk:
            add(
                budget_row.row,
                labels["service"],
                _(
                    "This budget of the service is kept by another planning area "
                    "(%(area)s); it cannot be imported here."
                )
                % {"area": other.planning_area.name},
            )
    return valid, problems


def _attach_existing(rows: list[BudgetRow]) -> None:
    if not rows:
        return
    query = Q()
    for row in rows:
        query |= Q(service=row.service, form=row.form, year=row.year, kind=row.kind)
    stored = {
        (b.service_id, b.form_id, b.year, b.kind): b
        for b in ServiceBudget.objects.filter(query)
        .select_related("planning_area")
        .prefetch_related("users_by_municipality")
    }
    for row in rows:
        budget = stored.get((row.service.pk, row.form.pk, row.year, row.kind))
        row.existing = budget
        row.seen_version = budget.version if budget is not None else None


def budget_differs(budget: ServiceBudget, row: BudgetRow) -> bool:
    """Whether writing the row would change the stored budget."""
    if budget.units != row.units or budget.unit_kind != row.unit_kind:
        return True
    if budget.is_illustrative != row.is_illustrative:
        return True
    if any(getattr(budget, name) != value for name, value in row.amounts.items()):
        return True
    if row.users is not None:
        current = {u.municipality_id: u.users for u in budget.users_by_municipality.all()}
        for municipality, count in row.users.items():
            if current.get(municipality.pk, 0) != count:
                return True
    return False


# --- the template ----------------------------------------------------------------------------


def template_headers(area: PlanningArea) -> list[str]:
    """The header row of the template, with one users column per municipality of the area."""
    users = [f"uživatelé {m.code}" for m in area_municipalities(area=area).order_by("name")]
    return [
        "identifikátor služby",
        "název služby",
        "forma",
        "rok",
        "verze",
        "jednotky",
        "druh jednotky",
        BASIC_COLUMN[2],
        *(label for _n, _f, label in AMOUNT_COLUMNS),
        "ilustrativní",
        *users,
    ]


def template_xlsx(area: PlanningArea) -> bytes:
    """The downloadable template: the header row, one illustrative example row and a sheet
    that explains every column and lists the area's municipalities with their codes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Rozpočty"
    headers = template_headers(area)
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    example: list[Any] = [
        "1234567",
        "Ukázková služba (ilustrativní řádek, před importem smažte)",
        "ter",
        2025,
        "plán",
        "2,5",
        "úvazky",
        1_500_000,
        1_400_000,
        350_000,
        50_000,
        900_000,
        300_000,
        200_000,
        0,
        0,
        0,
        0,
        20_000,
        0,
        "A",
    ]
    sheet.append(example + [None] * (len(headers) - len(example)))
    sheet.freeze_panes = "B2"
    help_sheet = workbook.create_sheet("Vysvětlivky")
    help_sheet.append(["sloupec", "povinný", "význam"])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    explanations = [
        ("identifikátor služby", "ano", "identifikátor z registru poskytovatelů (7 číslic) "
         "nebo klíč služby v KPSS"),
        ("název služby", "ne", "jen pro orientaci, import ho nečte"),
        ("forma", "ne", "pob, amb nebo ter; povinná, má-li služba více forem"),
        ("rok", "ano", "rok rozpočtu, např. 2025"),
        ("verze", "ano", "plán, úprava nebo skutečnost (planned, adjusted, actual)"),
        ("jednotky", "ano", "počet jednotek sítě, desetinná čárka povolena"),
        ("druh jednotky", "ne", "úvazky nebo lůžka; bez údaje lůžka u pobytové formy, "
         "jinak úvazky"),
        (BASIC_COLUMN[2], "ne", "Kč za rok; když sloupec chybí, údaj se nemění"),
        *((label, "ano", "Kč za rok; prázdná buňka = 0; haléře se zaokrouhlí na koruny")
          for _n, _f, label in AMOUNT_COLUMNS),
        ("ilustrativní", "ne", "A = ukázková (ne skutečná) čísla; prázdné = N"),
        ("uživatelé <kód obce>", "ne", "počet uživatelů s bydlištěm v obci; sloupec lze "
         "pojmenovat i názvem obce, např. „uživatelé Kelč“"),
    ]  # fmt: skip
    for line in explanations:
        help_sheet.append(list(line))
    help_sheet.append([])
    help_sheet.append(["kód obce", "obec"])
    for municipality in area_municipalities(area=area).order_by("name"):
        help_sheet.append([municipality.code, municipality.name])
    help_sheet.column_dimensions["A"].width = 32
    help_sheet.column_dimensions["C"].width = 90
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
