"""Import of indicator values: CSV in cp1250 with ';' and decimal commas; all or nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kpss.core.errors import ConcurrentEdit
from kpss.monitoring import services
from kpss.monitoring.imports import indicator_values_import
from kpss.monitoring.models import IndicatorValue

pytestmark = pytest.mark.django_db


def test_csv_in_cp1250_with_semicolons_and_decimal_commas(plan_in_force, coordinator):
    data = "Opatření;Ukazatel;Rok;Hodnota;Poznámka\n1.1;Počet klientů;2022;1 234,5;výkaz\n"
    report = indicator_values_import(
        actor=coordinator, plan=plan_in_force, file_name="hodnoty.csv", data=data.encode("cp1250")
    )
    assert report.problems == []
    assert report.stored == 1
    value = IndicatorValue.objects.get()
    assert value.value == Decimal("1234.50")
    assert value.note == "výkaz"
    assert value.source == "imported"


def test_every_problem_is_reported_with_file_row_and_column(plan_in_force, coordinator):
    data = (
        "Opatření,Ukazatel,Rok,Hodnota\n"
        "1.1,Počet klientů,2022,10\n"
        "1.1,Počet klientů,2022,11\n"  # the same indicator and year again
        ",Počet klientů,2023,5\n"  # no measure code
        "1.1,Počet klientů,1990,5\n"  # out of the period
        "1.1,Počet klientů,2023,x\n"  # not a number
    )
    report = indicator_values_import(
        actor=coordinator, plan=plan_in_force, file_name="h.csv", data=data.encode()
    )
    where = [(p.file, p.row, p.column) for p in report.problems]
    assert where == [
        ("h.csv", 3, "Rok"),
        ("h.csv", 4, "Opatření"),
        ("h.csv", 5, "Rok"),
        ("h.csv", 6, "Hodnota"),
    ]
    assert not IndicatorValue.objects.exists()


def test_missing_columns_and_empty_files(plan_in_force, coordinator):
    report = indicator_values_import(
        actor=coordinator, plan=plan_in_force, file_name="h.csv", data=b"Rok;Hodnota\n2022;1\n"
    )
    assert report.problems[0].row == 1
    assert "Opatření" in report.problems[0].reason or "measure" in report.problems[0].column
    empty = indicator_values_import(
        actor=coordinator, plan=plan_in_force, file_name="h.csv", data=b""
    )
    assert empty.problems


def test_a_stale_commentary_is_refused(plan_in_force, coordinator):
    evaluation = services.evaluation_create(actor=coordinator, plan=plan_in_force, year=2022)
    services.evaluation_section_update(
        actor=coordinator, evaluation=evaluation, expected_version=1, section="overview", text="A"
    )
    with pytest.raises(ConcurrentEdit):
        services.evaluation_section_update(
            actor=coordinator,
            evaluation=evaluation,
            expected_version=1,
            section="overview",
            text="B",
        )
    evaluation.refresh_from_db()
    assert evaluation.commentary["overview"] == "A"
