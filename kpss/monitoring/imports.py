"""Import of indicator values from a table (XLSX, or CSV in UTF-8 or cp1250 with ';' or ','):
one row per indicator and year with the columns Opatření (measure code), Ukazatel (indicator
name as in the plan), Rok, Hodnota (decimal comma allowed) and optionally Poznámka.

Everything is validated first; nothing is written unless every row is valid, and each problem
names the file, row, column and reason."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from kpss.accounts.models import User
from kpss.core.errors import ValidationFailed
from kpss.monitoring.selectors import indicator_lookup
from kpss.monitoring.services import (
    indicator_values_store,
    parse_decimal,
    version_in_force,
)
from kpss.planning.models import Indicator, Plan

#: Accepted header names (lower-case, Czech and English) → column key.
HEADERS = {
    "opatření": "measure",
    "opatreni": "measure",
    "kód opatření": "measure",
    "measure": "measure",
    "ukazatel": "indicator",
    "indicator": "indicator",
    "rok": "year",
    "year": "year",
    "hodnota": "value",
    "value": "value",
    "poznámka": "note",
    "poznamka": "note",
    "note": "note",
}
REQUIRED = ("measure", "indicator", "year", "value")
MAX_ROWS = 5000


@dataclass
class Problem:
    file: str
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}, řádek {self.row}, sloupec {self.column}: {self.reason}"


@dataclass
class ImportReport:
    file: str
    stored: int = 0
    problems: list[Problem] = field(default_factory=list)


def _rows(name: str, data: bytes) -> Iterator[list[Any]]:
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            for values in workbook.worksheets[0].iter_rows(values_only=True):
                yield list(values)
        finally:
            workbook.close()
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1250")
    first = text.splitlines()[0] if text else ""
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    yield from csv.reader(io.StringIO(text), delimiter=delimiter)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def indicator_values_import(
    *, actor: User, plan: Plan, file_name: str, data: bytes
) -> ImportReport:
    """Validate the whole table, then store every value (source "imported") or nothing."""
    version = version_in_force(plan)
    lookup = indicator_lookup(version=version)
    report = ImportReport(file=file_name)
    try:
        rows = list(_rows(file_name, data))
    except Exception as error:
        report.problems.append(
            Problem(file_name, 0, "", _("The file cannot be read: %(error)s") % {"error": error})
        )
        return report
    rows = [r for r in rows if any(_text(v) for v in r)]
    if not rows:
        report.problems.append(Problem(file_name, 0, "", _("The file is empty.")))
        return report
    header = [_text(v) for v in rows[0]]
    columns: dict[str, int] = {}
    labels: dict[str, str] = {}
    for index, name in enumerate(header):
        key = HEADERS.get(name.lower())
        if key and key not in columns:
            columns[key] = index
            labels[key] = name
    missing = [k for k in REQUIRED if k not in columns]
    if missing:
        report.problems.append(
            Problem(
                file_name,
                1,
                ", ".join(missing),
                _("Missing columns; expected Opatření, Ukazatel, Rok and Hodnota."),
            )
        )
        return report
    if len(rows) - 1 > MAX_ROWS:
        report.problems.append(
            Problem(file_name, 0, "", _("More than %(max)s rows.") % {"max": MAX_ROWS})
        )
        return report
    valid: list[tuple[Indicator, int, Decimal, str]] = []
    seen: dict[tuple[int, int], int] = {}
    for number, raw in enumerate(rows[1:], start=2):

        def cell(key: str, raw: list[Any] = raw) -> str:
            index = columns.get(key)
            return _text(raw[index]) if index is not None and index < len(raw) else ""

        def problem(key: str, reason: str, number: int = number) -> None:
            report.problems.append(Problem(file_name, number, labels.get(key, key), reason))

        code, name = cell("measure"), cell("indicator")
        indicator = lookup.get((code, name.lower()))
        if not code:
            problem("measure", _("The measure code is missing."))
        elif indicator is None:
            problem(
                "indicator",
                _("The plan in force has no indicator “%(name)s” in measure %(code)s.")
                % {"name": name, "code": code},
            )
        try:
            year = int(cell("year"))
        except ValueError:
            problem("year", _("“%(value)s” is not a year.") % {"value": cell("year")})
            year = 0
        if year and not plan.period_from_year - 1 <= year <= plan.period_to_year:
            problem(
                "year",
                _("The year must lie within the plan's period %(start)s–%(end)s.")
                % {"start": plan.period_from_year, "end": plan.period_to_year},
            )
            year = 0
        try:
            value = parse_decimal(cell("value")) if cell("value") else None
        except ValueError:
            value = None
        if value is None:
            problem("value", _("“%(value)s” is not a number.") % {"value": cell("value")})
        elif abs(value) >= Decimal("1e12"):
            problem("value", _("The number is too large."))
            value = None
        if indicator is not None and year:
            pair = (indicator.pk, year)
            if pair in seen:
                problem(
                    "year",
                    _("The same indicator and year are already on row %(row)s.")
                    % {"row": seen[pair]},
                )
            seen[pair] = number
        if indicator is not None and year and value is not None:
            valid.append((indicator, year, value.quantize(Decimal("0.01")), cell("note")))
    if report.problems:
        return report
    report.stored = indicator_values_store(actor=actor, plan=plan, rows=valid, file_name=file_name)
    return report


def raise_for(report: ImportReport) -> None:
    """For the API: the problems as one ValidationFailed."""
    if report.problems:
        raise ValidationFailed(
            _("The file has %(count)s problems; nothing was imported.")
            % {"count": len(report.problems)},
            problems=[p.__dict__ for p in report.problems],
        )
