"""The import of service budgets from a file: parsing (cp1250/UTF-8, ';'/',', decimal comma,
XLSX), every validation reason with file/row/column, nothing written on any error,
idempotence, the rules, concurrency, the CLI and the page."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from kpss.core.errors import ConcurrentEdit, PermissionDenied
from kpss.core.models import AuditEvent
from kpss.financing import imports, services
from kpss.financing.models import BudgetUsers, ServiceBudget
from kpss.registry.models import Provider, Service, ServiceType

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[3] / "data" / "pilot" / "rozpocty_sluzeb_ukazka.csv"
NBSP = "\u00a0"

HEADER = [
    "identifikátor služby", "název služby", "rok", "verze", "jednotky", "druh jednotky",
    "náklady osobní", "náklady provozní", "náklady ostatní",
    "výnosy stát a kraj", "výnosy obce", "výnosy úhrady uživatelů", "výnosy příspěvek na péči",
    "výnosy zdravotní pojišťovny", "výnosy EU", "výnosy ostatní veřejné", "výnosy dary",
    "výnosy ostatní", "uživatelé 542989", "uživatelé Zašová",
]  # fmt: skip


def row(service="portal:6281", year="2025", kind="plán", units="6,5", **overrides):
    """A valid row of the Diakonie's home care (Pečovatelská služba)."""
    values = {
        "identifikátor služby": service,
        "název služby": "Pečovatelská služba",
        "rok": year,
        "verze": kind,
        "jednotky": units,
        "druh jednotky": "úvazky",
        "náklady osobní": f"1{NBSP}250{NBSP}000,50",
        "náklady provozní": "312 000",
        "náklady ostatní": "",
        "výnosy stát a kraj": "900 000",
        "výnosy obce": "300 000",
        "výnosy úhrady uživatelů": "250 000",
        "výnosy příspěvek na péči": "0",
        "výnosy zdravotní pojišťovny": "",
        "výnosy EU": "",
        "výnosy ostatní veřejné": "",
        "výnosy dary": "12 000",
        "výnosy ostatní": "",
        "uživatelé 542989": "21",
        "uživatelé Zašová": "9",
    }
    values.update(overrides)
    return [values[h] for h in HEADER]


def csv_bytes(rows, *, delimiter=";", encoding="cp1250", header=HEADER) -> bytes:
    import csv

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows, header=HEADER) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run(actor, area, data, name="rozpocty.csv", dry_run=False):
    return services.service_budgets_import(
        actor=actor, area=area, file_name=name, data=data, dry_run=dry_run
    )


def problems_of(report):
    return [(p.file, p.row, p.field, p.reason) for p in report.problems]


# --- parsing ---------------------------------------------------------------------------------


def test_cp1250_semicolon_and_decimal_comma(pilot_registry, coordinator):
    data = csv_bytes([row()], encoding="cp1250")
    report = run(coordinator, pilot_registry, data)
    assert report.ok, problems_of(report)
    assert (report.created, report.updated, report.unchanged) == (1, 0, 0)
    budget = ServiceBudget.objects.get(service__key="portal:6281", year=2025)
    assert budget.kind == "planned"
    assert budget.units == Decimal("6.5")
    assert budget.unit_kind == "fte"
    assert budget.cost_personnel == 1_250_001  # halíře rounded half up
    assert budget.cost_operating == 312_000
    assert budget.cost_other == 0
    assert budget.rev_donations == 12_000
    assert budget.form.code == "ter"
    assert budget.planning_area == pilot_registry
    users = {u.municipality.name: u.users for u in budget.users_by_municipality.all()}
    assert users == {"Kelč": 21, "Zašová": 9}


def test_utf8_bom_and_comma(pilot_registry, coordinator):
    data = b"\xef\xbb\xbf" + csv_bytes(
        [row(kind="skutečnost", year="2024"), row(kind="actual", year="2023")],
        delimiter=",",
        encoding="utf-8",
    )
    report = run(coordinator, pilot_registry, data)
    assert report.ok, problems_of(report)
    assert report.created == 2
    assert set(ServiceBudget.objects.values_list("year", "kind")) == {
        (2024, "actual"),
        (2023, "actual"),
    }
    assert ServiceBudget.objects.get(year=2024).cost_personnel == 1_250_001


def test_xlsx_with_numbers_and_text(pilot_registry, coordinator):
    values = row(kind="úprava", units=52)
    values[HEADER.index("náklady osobní")] = 1_250_000.5
    values[HEADER.index("rok")] = 2025
    values[HEADER.index("uživatelé 542989")] = 21
    report = run(coordinator, pilot_registry, xlsx_bytes([values]), name="rozpocty.xlsx")
    assert report.ok, problems_of(report)
    budget = ServiceBudget.objects.get()
    assert (budget.kind, budget.units, budget.cost_personnel) == ("adjusted", 52, 1_250_001)


def test_the_shipped_sample_and_template(pilot_registry, coordinator):
    report = run(coordinator, pilot_registry, SAMPLE.read_bytes(), name=SAMPLE.name)
    assert report.ok, problems_of(report)
    assert report.created == 5
    assert ServiceBudget.objects.filter(is_illustrative=True).count() == 5
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(imports.template_xlsx(pilot_registry)))
    header = [c.value for c in workbook["Rozpočty"][1]]
    assert header[:5] == ["identifikátor služby", "název služby", "forma", "rok", "verze"]
    assert "uživatelé 542989" in header
    assert "Vysvětlivky" in workbook.sheetnames


# --- validation ------------------------------------------------------------------------------


def _outside_service() -> Service:
    provider = Provider.objects.create(ico="12345678", name="Jinde, z. ú.")
    return Service.objects.create(
        key="jinde-1",
        identifier="9999999",
        provider=provider,
        service_type=ServiceType.objects.first(),
        name="Služba jinde",
        origin=Service.Origin.MANUAL,
    )


def test_every_reason_names_file_row_and_column(pilot_registry, coordinator):
    _outside_service()
    header = [*HEADER, "uživatelé 999999"]
    rows = [
        [*row(service="0000000"), ""],  # 2 unknown service
        [*row(service="9999999"), ""],  # 3 outside the area
        [*row(year="dva tisíce"), ""],  # 4 year not a number
        [*row(year="2021", **{"náklady provozní": "-5 000"}), ""],  # 5 negative amount
        [*row(year="2022", kind="odhad"), ""],  # 6 unknown version
        [*row(year="2023", units="hodně"), ""],  # 7 units not a number
        [*row(year="2024", **{"výnosy dary": "tisíc"}), ""],  # 8 amount not a number
        [*row(year="2030"), ""],  # 9
        [*row(year="2030", kind="planned"), ""],  # 10 duplicate of row 9
        [*row(service="kpss-valmez-08", **{"uživatelé 542989": "-1"}), ""],  # 11
    ]
    report = run(coordinator, pilot_registry, csv_bytes(rows, header=header))
    # An unknown municipality in the header is reported, and every row is still checked.
    assert problems_of(report)[0] == (
        "rozpocty.csv",
        1,
        "uživatelé 999999",
        "Neznámá obec „999999“: není obcí území.",
    )
    assert (11, "uživatelé 542989") in {(p.row, p.field) for p in report.problems}
    assert len(report.problems) == 10
    report = run(coordinator, pilot_registry, csv_bytes(rows[:9], header=HEADER))
    found = {(p.row, p.field): p.reason for p in report.problems}
    assert all(p.file == "rozpocty.csv" for p in report.problems)
    assert "Neznámá služba „0000000“" in found[(2, "identifikátor služby")]
    assert "nepůsobí v území" in found[(3, "identifikátor služby")]
    assert found[(4, "rok")] == "„dva tisíce“ není rok."
    assert found[(5, "náklady provozní")] == "Částka nesmí být záporná."
    assert "Neznámá verze rozpočtu „odhad“" in found[(6, "verze")]
    assert found[(7, "jednotky")] == "„hodně“ není číslo."
    assert found[(8, "výnosy dary")] == "„tisíc“ není částka."
    assert "Duplicitní řádek" in found[(10, "verze")]
    assert "řádku 9" in found[(10, "verze")]
    assert len(report.problems) == 8, [str(p) for p in report.problems]
    assert ServiceBudget.objects.count() == 0


def test_users_missing_columns_and_forms(pilot_registry, coordinator):
    report = run(
        coordinator,
        pilot_registry,
        csv_bytes([row(service="kpss-valmez-08", **{"uživatelé 542989": "-1"})]),
    )
    assert problems_of(report) == [
        ("rozpocty.csv", 2, "uživatelé 542989", "Počet uživatelů je celé číslo 0 nebo větší.")
    ]
    header = [h for h in HEADER if h != "výnosy EU"]
    report = run(coordinator, pilot_registry, csv_bytes([], header=header))
    assert problems_of(report) == [("rozpocty.csv", 1, "výnosy EU", "Sloupec chybí.")]
    bad_form = [*row(), "amb"]
    report = run(coordinator, pilot_registry, csv_bytes([bad_form], header=[*HEADER, "forma"]))
    assert problems_of(report) == [
        ("rozpocty.csv", 2, "forma", "Služba se neposkytuje ve formě „amb“.")
    ]


def test_one_bad_row_writes_nothing(pilot_registry, coordinator):
    rows = [row(), row(service="kpss-valmez-08"), row(service="portal:6276", year="20x5")]
    report = run(coordinator, pilot_registry, csv_bytes(rows))
    assert problems_of(report) == [("rozpocty.csv", 4, "rok", "„20x5“ není rok.")]
    assert ServiceBudget.objects.count() == 0
    assert BudgetUsers.objects.count() == 0
    assert not AuditEvent.objects.filter(verb="service_budget.import").exists()


def test_unreadable_and_empty_files(pilot_registry, coordinator):
    report = run(coordinator, pilot_registry, b"PK\x03\x04broken", name="x.xlsx")
    assert report.problems[0].row == 0
    assert "nelze přečíst" in report.problems[0].reason
    report = run(coordinator, pilot_registry, b"\n\n")
    assert problems_of(report) == [("rozpocty.csv", 0, "", "Soubor je prázdný.")]


# --- idempotence and versions ----------------------------------------------------------------


def test_importing_again_changes_nothing_and_changes_update(pilot_registry, coordinator):
    data = csv_bytes([row(), row(service="kpss-valmez-08", units="78", **{"druh jednotky": ""})])
    first = run(coordinator, pilot_registry, data)
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    versions = dict(ServiceBudget.objects.values_list("pk", "version"))
    assert ServiceBudget.objects.get(service__key="kpss-valmez-08").unit_kind == "beds"
    second = run(coordinator, pilot_registry, data)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert dict(ServiceBudget.objects.values_list("pk", "version")) == versions
    changed = csv_bytes([row(**{"výnosy obce": "350 000"}), row(service="kpss-valmez-08")])
    third = run(coordinator, pilot_registry, changed)
    assert (third.created, third.updated, third.unchanged) == (0, 2, 0)
    budget = ServiceBudget.objects.get(service__key="portal:6281")
    assert budget.rev_municipalities == 350_000
    assert budget.version == versions[budget.pk] + 1
    events = AuditEvent.objects.filter(verb="service_budget.import").order_by("id")
    counts = [(e.payload["created"], e.payload["updated"], e.payload["unchanged"]) for e in events]
    assert counts == [
        (2, 0, 0),
        (0, 0, 2),
        (0, 2, 0),
    ]
    assert events[0].area_slug == "valmez"
    assert events[0].payload["file"] == "rozpocty.csv"


def test_dry_run_counts_but_writes_nothing(pilot_registry, coordinator):
    report = run(coordinator, pilot_registry, csv_bytes([row()]), dry_run=True)
    assert report.ok
    assert report.dry_run
    assert report.created == 1
    assert ServiceBudget.objects.count() == 0
    assert not AuditEvent.objects.filter(verb="service_budget.import").exists()


def test_a_budget_changed_meanwhile_is_a_concurrent_edit(pilot_registry, coordinator):
    run(coordinator, pilot_registry, csv_bytes([row()]))
    rows, problems = imports.budget_rows_validate(
        area=pilot_registry, file_name="r.csv", data=csv_bytes([row(**{"výnosy obce": "1"})])
    )
    assert not problems
    budget = ServiceBudget.objects.get()
    ServiceBudget.objects.filter(pk=budget.pk).update(version=budget.version + 1)
    with pytest.raises(ConcurrentEdit):
        services._budget_row_write(rows[0], pilot_registry)


# --- the rules -------------------------------------------------------------------------------


def test_a_provider_imports_only_its_own_services(pilot_registry, provider_user):
    own = run(provider_user, pilot_registry, csv_bytes([row()]))
    assert own.ok
    assert own.created == 1
    mixed = run(
        provider_user,
        pilot_registry,
        csv_bytes([row(year="2026"), row(service="kpss-valmez-08")]),
    )
    assert [(p.row, p.field) for p in mixed.problems] == [(3, "identifikátor služby")]
    assert "jinému poskytovateli" in mixed.problems[0].reason
    assert ServiceBudget.objects.count() == 1


def test_outsiders_are_refused(pilot_registry, other_coordinator, officer):
    for actor in (other_coordinator, officer):
        with pytest.raises(PermissionDenied):
            run(actor, pilot_registry, csv_bytes([row()]))
    assert ServiceBudget.objects.count() == 0


# --- the CLI ---------------------------------------------------------------------------------


def test_cli_exit_codes(pilot_registry, tmp_path, capsys):
    bad = tmp_path / "spatne.csv"
    bad.write_bytes(csv_bytes([row(year="rok"), row(service="0000000")]))
    with pytest.raises(CommandError) as error:
        call_command("import_budgets", str(bad), area="valmez")
    assert error.value.returncode == 1
    err = capsys.readouterr().err
    assert f"{bad}:2:rok: „rok“ není rok." in err
    assert f"{bad}:3:identifikátor služby: Neznámá služba" in err
    good = tmp_path / "dobre.csv"
    good.write_bytes(SAMPLE.read_bytes())
    call_command("import_budgets", str(good), area="valmez", dry_run=True)
    assert "5 nových" in capsys.readouterr().out
    assert ServiceBudget.objects.count() == 0
    call_command("import_budgets", str(good), area="valmez")
    assert "5 nových" in capsys.readouterr().out
    call_command("import_budgets", str(good), area="valmez")
    assert "5 beze změny" in capsys.readouterr().out
    with pytest.raises(CommandError) as error:
        call_command("import_budgets", str(good), area="nikde")
    assert error.value.returncode == 1


def test_cli_as_a_provider_user(pilot_registry, provider_user, tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes(csv_bytes([row(service="kpss-valmez-08")]))
    with pytest.raises(CommandError) as error:
        call_command("import_budgets", str(path), area="valmez", user="diakonie")
    assert error.value.returncode == 1
    assert ServiceBudget.objects.count() == 0


# --- the page --------------------------------------------------------------------------------


def _upload(data: bytes, name: str = "rozpocty.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_page_dry_run_then_import(client, pilot_registry, coordinator):
    client.force_login(coordinator)
    budgets = client.get(reverse("financing:budgets", args=["valmez"]))
    url = reverse("financing:budget_import", args=["valmez"])
    assert url in budgets.content.decode()
    page = client.get(url)
    assert page.status_code == 200
    assert "Jen zkontrolovat" in page.content.decode()
    response = client.post(url, {"file": _upload(csv_bytes([row()])), "dry_run": "on"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="import-counts"' in html
    assert ServiceBudget.objects.count() == 0
    response = client.post(url, {"file": _upload(csv_bytes([row()]))})
    assert 'id="import-counts"' in response.content.decode()
    assert ServiceBudget.objects.count() == 1
    response = client.post(url, {"file": _upload(csv_bytes([row(year="x")]))})
    html = response.content.decode()
    assert 'id="import-problems"' in html
    assert "„x“ není rok." in html
    template = client.get(reverse("financing:budget_import_template", args=["valmez"]))
    assert template.status_code == 200
    assert template["Content-Type"].startswith("application/vnd.openxml")


def test_page_by_persona(client, pilot_registry, provider_user, other_coordinator):
    url = reverse("financing:budget_import", args=["valmez"])
    client.force_login(provider_user)
    assert client.get(url).status_code == 200
    response = client.post(url, {"file": _upload(csv_bytes([row(service="kpss-valmez-08")]))})
    assert "jinému poskytovateli" in response.content.decode()
    assert ServiceBudget.objects.count() == 0
    client.force_login(other_coordinator)
    assert client.get(url).status_code == 403
    response = client.post(url, {"file": _upload(csv_bytes([row()]))})
    assert response.status_code == 403
    assert ServiceBudget.objects.count() == 0


def test_the_template_filled_in_imports(pilot_registry, coordinator):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(imports.template_xlsx(pilot_registry)))
    sheet = workbook["Rozpočty"]
    header = [c.value for c in sheet[1]]
    example = dict(zip(header, [c.value for c in sheet[2]], strict=False))
    # The example row names no real service: importing it as is is refused.
    buffer = io.BytesIO()
    workbook.save(buffer)
    refused = run(coordinator, pilot_registry, buffer.getvalue(), name="sablona.xlsx")
    assert [(p.row, p.field) for p in refused.problems] == [(2, "identifikátor služby")]
    sheet.cell(row=2, column=1, value="portal:6281")
    sheet.cell(row=2, column=header.index("uživatelé 542989") + 1, value=21)
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = run(coordinator, pilot_registry, buffer.getvalue(), name="sablona.xlsx")
    assert report.ok, problems_of(report)
    budget = ServiceBudget.objects.get()
    assert budget.basic_operation_cost == example["minimum pro základní provoz"]
    assert budget.is_illustrative
    assert budget.users_by_municipality.get().users == 21


def test_a_budget_kept_by_another_area_is_not_overwritten(pilot_registry, other_area, coordinator):
    service = Service.objects.get(key="portal:6281")
    ServiceBudget.objects.create(
        planning_area=other_area,
        service=service,
        form=service.forms.get().form,
        year=2025,
        kind="planned",
        unit_kind="fte",
        cost_personnel=1,
    )
    report = run(coordinator, pilot_registry, csv_bytes([row()]))
    assert [(p.row, p.field) for p in report.problems] == [(2, "identifikátor služby")]
    assert ServiceBudget.objects.get().cost_personnel == 1
