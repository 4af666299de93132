"""Importing the registry JSON and the template into the database."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from kpss.core.models import AuditEvent
from kpss.ingest.registry_load import registry_import
from kpss.ingest.tests.factories import KELC, VM, facility, item, registry_file
from kpss.registry.models import Capacity, Facility, Provider, Service, ServiceForm

SAMPLE = Path(settings.DATA_DIR) / "pilot" / "rpss_valmez_sample.json"
TEMPLATE_SAMPLE = Path(settings.DATA_DIR) / "pilot" / "sluzby_sablona_ukazka.csv"
TODAY = dt.date(2026, 11, 29)

pytestmark = pytest.mark.django_db


def _snapshot() -> dict[str, object]:
    return {
        "services": sorted(
            Service.objects.values_list("key", "content_hash", "version", "updated_at")
        ),
        "providers": sorted(Provider.objects.values_list("ico", "name", "updated_at")),
        "forms": ServiceForm.objects.count(),
        "capacities": sorted(Capacity.objects.values_list("id", "value")),
        "facilities": sorted(Facility.objects.values_list("id", flat=True)),
        "audit": AuditEvent.objects.filter(verb="registry.import").count(),
    }


def _import(actor, path, **kwargs):
    return registry_import(actor=actor, path=path, today=TODAY, **kwargs)


def test_official_structure_sample_imports(actor, codebook):
    report = _import(actor, SAMPLE)
    assert report.problems == []
    assert (report.created, report.updated, report.unchanged) == (16, 0, 0)
    assert report.written
    care = Service.objects.get(key="portal:6281")
    assert care.provider.ico == "73632783"
    assert care.service_type.key == "40"
    # Capacity belongs to the registration: 12 once, although two facilities are listed.
    assert [c.value for c in Capacity.objects.filter(service_form__service=care)] == [12]
    assert care.facilities.count() == 2
    respite = Service.objects.get(key="portal:6277")
    assert respite.territory.count() == 18
    assert "https://www.diakonievm.cz" in respite.note
    assert respite.source.startswith("MPSV")
    zasova = Service.objects.get(identifier="5730896")
    assert zasova.key == "5730896"
    assert zasova.facilities.get().municipality.name == "Zašová"
    charita = Service.objects.get(key="kpss-valmez-05")
    assert charita.provider.ico == ""
    assert charita.origin == Service.Origin.PROVIDER_PAGE
    assert AuditEvent.objects.filter(verb="registry.import").count() == 1


def test_reimport_of_unchanged_file_changes_nothing(actor, codebook):
    _import(actor, SAMPLE)
    before = _snapshot()
    report = _import(actor, SAMPLE)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 16)
    after = _snapshot()
    assert after.pop("audit") == before.pop("audit") + 1  # one event per run, no data change
    assert after == before


def test_changed_service_gets_a_new_version_and_keeps_network_units(actor, codebook, tmp_path):
    path = registry_file(tmp_path / "a.json", [item(forms=[("pob", [(30, "luzka")])])])
    _import(actor, path)
    service_form = ServiceForm.objects.get()
    service_form.network_units = Decimal("28")
    service_form.network_unit_kind = ServiceForm.NetworkUnit.BEDS
    service_form.save()

    registry_file(path, [item(forms=[("pob", [(32, "luzka")])])])
    report = _import(actor, path)
    assert (report.created, report.updated) == (0, 1)
    service = Service.objects.get()
    assert service.version == 2
    service_form = ServiceForm.objects.get()
    assert service_form.network_units == Decimal("28")  # the region's figure survives
    assert service_form.capacities.get().value == 32


def test_withdrawn_service_is_kept_with_its_end_date(actor, codebook, tmp_path):
    path = registry_file(
        tmp_path / "a.json",
        [
            item("1111111", do="2024-12-31"),
            item("2222222", do="2027-12-31"),
        ],
    )
    report = _import(actor, path)
    assert report.withdrawn == 1
    assert report.withdrawn_keys == ["1111111"]
    assert Service.objects.get(key="1111111").valid_to == dt.date(2024, 12, 31)
    assert Service.objects.count() == 2


def test_statutory_bodies_are_stored_nowhere(actor, codebook, tmp_path):
    path = registry_file(tmp_path / "a.json", [item()])
    _import(actor, path)
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    dump = out.getvalue()
    assert "Zkušebníček" not in dump
    assert "Svatopluk" not in dump
    assert "agportal" not in dump
    assert "sluzba.example.cz" in dump  # the dump does contain the imported service


def test_bad_rows_report_every_problem_and_write_nothing(actor, codebook, tmp_path):
    _import(actor, SAMPLE)
    before = _snapshot()
    path = registry_file(
        tmp_path / "bad.json",
        [
            item("1000001", druh=999),  # 1 unknown type
            item("1000002", druh=13, forms=[("ter", [(5, "klient")])]),  # 2 form not allowed
            item("1000003", forms=[("pob", [(-3, "luzka")])]),  # 3 negative capacity
            item("1000004", forms=[("pob", [(3, "postele")])]),  # 4 unknown capacity type
            item("1000005", ico="73632784"),  # 5 bad IČO checksum
            item("1000006", places=[facility("999999")]),  # 6 unknown municipality
            item("1000007", places=[facility(lat=48.0, lon=16.4)]),  # 7 coordinates in Austria
            item("1000008", od="2020-01-01", do="2019-12-31"),  # 8 end before start
            item("1000001"),  # 9 duplicate key
            item("1000010", provider="", druh=None),  # 10 missing fields
        ],
    )
    path.write_text(path.read_text().replace('{"id": "DruhSocialniSluzby/None"}', "null"))
    report = _import(actor, path)
    assert not report.written
    found = {(p.row, p.field) for p in report.problems}
    assert found >= {
        (1, "druhSocialniSluzby"),
        (2, "formy[0].forma"),
        (3, "formy[0].kapacity[0].pocet"),
        (4, "formy[0].kapacity[0].typ"),
        (5, "poskytovatel.ico"),
        (6, "zarizeni[0].adresa.obec"),
        (7, "zarizeni[0].lat"),
        (8, "datumPoskytovaniDo"),
        (9, "identifikator"),
        (10, "poskytovatel.nazev"),
        (10, "druhSocialniSluzby"),
    }
    assert all(p.file == str(path) and p.reason for p in report.problems)
    assert _snapshot() == before


def test_problem_reasons_name_the_value(actor, codebook, tmp_path):
    path = registry_file(tmp_path / "bad.json", [item(ico="73632784")])
    with translation.override("en"):
        report = _import(actor, path)
    assert [str(p) for p in report.problems] == [
        f"{path}:1:poskytovatel.ico: IČO 73632784 has a wrong check digit."
    ]


def test_dry_run_writes_nothing(actor, codebook):
    before = _snapshot()
    report = _import(actor, SAMPLE, dry_run=True)
    assert report.created == 16
    assert not report.written
    assert _snapshot() == before
    assert Provider.objects.count() == 0


def test_area_limits_the_import(actor, valmez, tmp_path):
    path = registry_file(
        tmp_path / "a.json",
        [
            item("1000001"),  # facility in Val. Meziříčí
            item("1000002", places=[facility("554782")]),  # Praha, outside the area
            item(
                "1000003", places=[], forms=[("ter", [])], druh=4, kpss={"uzemi": {"obce": [KELC]}}
            ),  # serves Kelč
            item("1000004", places=[facility("554782", lat=0, lon=0)]),  # outside: not validated
        ],
    )
    report = _import(actor, path, area="valmez")
    assert report.problems == []
    assert report.records == 4
    assert sorted(Service.objects.values_list("key", flat=True)) == ["1000001", "1000003"]
    assert AuditEvent.objects.get(verb="registry.import").area_slug == "valmez"


# --- the template -------------------------------------------------------------------------


def _template_rows() -> list[list[str]]:
    with TEMPLATE_SAMPLE.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))


def test_template_sample_imports(actor, codebook):
    report = _import(actor, TEMPLATE_SAMPLE)
    assert report.problems == []
    assert report.created == 4
    care = Service.objects.get(key="kpss-valmez-07")
    assert sorted(care.facilities.values_list("municipality__code", flat=True)) == sorted(
        [VM, KELC]
    )
    assert list(care.target_groups.values_list("name", flat=True)) == [
        "osoby s chronickým onemocněním",
        "senioři",
    ]
    dzr = Service.objects.get(key="kpss-valmez-01")
    facility_ = dzr.facilities.get()
    assert (facility_.lat, facility_.lon, facility_.postcode) == (49.4716208, 17.9766406, "75701")
    assert dzr.forms.get().capacities.get().value == 42
    assert dzr.origin == Service.Origin.MANUAL


def test_template_in_cp1250_with_commas_in_numbers(actor, codebook, tmp_path):
    path = tmp_path / "sluzby.csv"
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(_template_rows())
    path.write_bytes(buffer.getvalue().encode("cp1250"))
    report = _import(actor, path)
    assert report.problems == []
    assert report.created == 4
    assert Facility.objects.get(service__key="kpss-valmez-01").lat == 49.4716208
    assert Service.objects.get(key="kpss-valmez-01").provider.name == "Diakonie Valašské Meziříčí"


def test_template_utf8_bom_with_comma_delimiter(actor, codebook, tmp_path):
    path = tmp_path / "sluzby.csv"
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=",").writerows(_template_rows())
    path.write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8"))
    report = _import(actor, path)
    assert report.problems == []
    assert report.created == 4
    again = _import(actor, path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)


def test_template_xlsx(actor, codebook, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "Klíč",
            "Poskytovatel",
            "IČO",
            "Název služby",
            "Druh",
            "Forma",
            "Typ kapacity",
            "Kapacita",
            "Kód obce",
            "Lat",
            "Lon",
            "Platnost od",
        ]
    )
    # IČO typed as a number loses its leading zeros in Excel; Praha's 00064581 comes back.
    sheet.append(
        [
            "x-1",
            "Hlavní město Praha",
            64581,
            "Domov pro seniory",
            49,
            "pobytová",
            "luzka",
            35.0,
            545058,
            49.47,
            17.97,
            dt.datetime(2020, 1, 1),
        ]
    )
    sheet.append(
        [
            "x-2",
            "Charita Valašské Meziříčí",
            None,
            "Terénní program",
            "§ 69",
            "ter",
            "kontakt",
            1200,
            542989,
            None,
            None,
            "1. 1. 2021",
        ]
    )
    path = tmp_path / "sluzby.xlsx"
    workbook.save(path)
    report = _import(actor, path)
    assert report.problems == []
    praha = Service.objects.get(key="x-1")
    assert praha.provider.ico == "00064581"
    assert praha.valid_from == dt.date(2020, 1, 1)
    assert praha.forms.get().capacities.get().value == 35
    assert Service.objects.get(key="x-2").valid_from == dt.date(2021, 1, 1)


def test_template_bad_rows_are_reported_by_row_and_column(actor, codebook, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "klic;poskytovatel;ico;nazev_sluzby;druh;forma;typ_kapacity;kapacita;kod_obce;lat;lon\n"
        "a;Charita;;Noclehárna;63;pobytová;luzka;20;545058;;\n"  # 2 form not allowed
        "b;Charita;12345678;Poradna;37 odst. 3;amb;klient;-1;545058;;\n"  # 3 IČO, negative
        "c;Charita;;;49;pob;luzka;abc;545058;;\n"  # 4 name, number
        "a;Jiný;;Noclehárna;63;ambulantní;;;545058;;\n"  # 5 key reused
        "d;Charita;;Dům;49;pob;luzka;10;111111;52,1;14\n",  # 6 municipality, coords
        encoding="utf-8",
    )
    report = _import(actor, path)
    assert {(p.row, p.field) for p in report.problems} >= {
        (2, "forma"),
        (3, "ico"),
        (3, "kapacita"),
        (4, "nazev_sluzby"),
        (4, "kapacita"),
        (5, "poskytovatel"),
        (6, "kod_obce"),
        (6, "lat"),
    }
    assert Service.objects.count() == 0


# --- the command ----------------------------------------------------------------------------


def test_command_exits_1_and_prints_every_problem(actor, codebook, tmp_path):
    path = registry_file(tmp_path / "bad.json", [item(ico="73632784"), item(druh=999)])
    err = io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("import_registry", str(path), "--no-progress", stderr=err)
    assert excinfo.value.returncode == 1
    lines = err.getvalue().splitlines()
    assert any(line.startswith(f"{path}:1:poskytovatel.ico: ") for line in lines)
    assert any(line.startswith(f"{path}:2:") for line in lines)  # duplicate key and type
    assert Service.objects.count() == 0


def test_cli_exit_code(actor, codebook, tmp_path, capsys):
    from kpss.cli import main

    path = registry_file(tmp_path / "bad.json", [item(druh=999)])
    with pytest.raises(SystemExit) as excinfo:
        main(["import-registry", str(path), "--no-progress"])
    assert excinfo.value.code == 1
    assert f"{path}:1:druhSocialniSluzby: " in capsys.readouterr().err


def test_command_dry_run_prints_changes_and_writes_nothing(actor, codebook):
    out = io.StringIO()
    call_command("import_registry", str(SAMPLE), "--dry-run", "--no-progress", stdout=out)
    assert Service.objects.count() == 0
    assert "portal:6276" in out.getvalue()
    with translation.override("en"):
        out = io.StringIO()
        call_command("import_registry", str(SAMPLE), "--no-progress", stdout=out)
    assert "16 new" in out.getvalue()
    assert Service.objects.count() == 16


def test_sample_json_keeps_unknown_facts_empty():
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    by_key = {i["id"] or i["portalId"]: i for i in data["polozky"]}
    # Charita's IČO and most capacities are not published by the sources: they stay null.
    assert by_key["kpss-valmez-05"]["poskytovatel"]["ico"] is None
    assert by_key["kpss-valmez-08"]["formy"][0]["kapacity"] == []
    assert all("statutarniOrgany" not in i["poskytovatel"] for i in data["polozky"])
