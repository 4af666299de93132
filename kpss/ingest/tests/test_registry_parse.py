"""The parsers alone: no database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kpss.ingest.registry_parse import (
    ImportProblem,
    registry_json_parse,
    template_csv_rows,
    template_parse,
    text_decode,
)
from kpss.ingest.tests.factories import KELC, facility, item, registry_file


def _parse(path):
    problems: list[ImportProblem] = []
    return list(registry_json_parse(path=path, problems=problems)), problems


def test_json_item_is_reduced_to_a_record(tmp_path):
    path = registry_file(tmp_path / "rpss.json", [item(places=[facility(), facility(KELC)])])
    [record], problems = _parse(path)
    assert problems == []
    assert record.key == "1234567"
    assert record.type_ref == "DruhSocialniSluzby/13"
    assert record.provider.ico == "73632783"
    assert record.provider.web == "https://www.diakonievm.cz"
    assert record.web == "https://sluzba.example.cz"  # service level, from a list of objects
    assert record.phone == "571 000 000"
    assert [f.municipality_code for f in record.facilities] == ["545058", KELC]
    assert record.facilities[0].house_number == "319"  # a number in JSON, text here
    assert record.facilities[0].address_point_code == "25600273"
    assert record.forms[0].capacities[0].value == 30
    assert record.forms[0].is_continuous is True
    assert record.valid_from == dt.date(2007, 1, 1)
    assert record.target_group_refs == ["CilovaSkupinaOsoby/24"]


def test_personal_data_and_documents_are_not_read(tmp_path):
    path = registry_file(tmp_path / "rpss.json", [item()])
    [record], _ = _parse(path)
    text = repr(record)
    assert "Zkušebníček" not in text
    assert "agportal" not in text  # document URLs are no websites


def test_import_key_precedence(tmp_path):
    path = registry_file(
        tmp_path / "rpss.json",
        [
            item("7654321", portalId="99", id="x"),
            item(None, portalId=6276, id="x"),
            item(None, id="kpss-valmez-01"),
        ],
    )
    records, _ = _parse(path)
    assert [r.key for r in records] == ["7654321", "portal:6276", "kpss-valmez-01"]


def test_same_facility_listed_twice_is_one_place(tmp_path):
    path = registry_file(tmp_path / "rpss.json", [item(places=[facility(), facility()])])
    [record], _ = _parse(path)
    assert len(record.facilities) == 1


def test_coordinates_only_in_wgs84(tmp_path):
    sjtsk = facility()
    sjtsk["adresa"].update({"x": -1143000.5, "y": -511000.25})
    wgs = facility(KELC, lat=49.47, lon=17.97)
    path = registry_file(tmp_path / "rpss.json", [item(places=[sjtsk, wgs])])
    [record], _ = _parse(path)
    assert (record.facilities[0].lat, record.facilities[0].lon) == (None, None)
    assert (record.facilities[1].lat, record.facilities[1].lon) == (49.47, 17.97)


def test_numeric_ico_gets_its_leading_zeros_back(tmp_path):
    path = registry_file(tmp_path / "rpss.json", [item(ico=64581)])
    [record], _ = _parse(path)
    assert record.provider.ico == "00064581"


def test_unreadable_values_are_reported(tmp_path):
    path = registry_file(
        tmp_path / "rpss.json", [item(od="loni", forms=[("pob", [("hodně", "luzka")])])]
    )
    _, problems = _parse(path)
    assert {(p.row, p.field) for p in problems} == {
        (1, "datumPoskytovaniOd"),
        (1, "formy[0].kapacity[0].pocet"),
    }


def test_streaming_reads_items_one_by_one(tmp_path):
    path = registry_file(tmp_path / "rpss.json", [item(f"{i:07d}") for i in range(1, 4)])
    parser = registry_json_parse(path=path, problems=[])
    first = next(parser)
    assert first.key == "0000001"  # a generator: the rest is not parsed yet
    assert [r.key for r in parser] == ["0000002", "0000003"]


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("Kelč;Zašová".encode(), "Kelč;Zašová"),
        (b"\xef\xbb\xbf" + "Kelč".encode(), "Kelč"),
        ("Kelč;Střítež".encode("cp1250"), "Kelč;Střítež"),
    ],
)
def test_text_decode(data, text):
    assert text_decode(data=data) == text


def test_template_semicolons_decimal_comma_and_cp1250(tmp_path):
    path = tmp_path / "sluzby.csv"
    path.write_bytes(
        "Klíč;Poskytovatel;IČO;Název služby;Druh;Forma;Typ kapacity;Kapacita;Kód obce;Lat;Lon\n"
        "a-1;Charita;;Noclehárna;63;ambulantní;lůžka;20,5;545058;49,47;17,97\n".encode("cp1250")
    )
    problems: list[ImportProblem] = []
    [record] = template_parse(
        rows=template_csv_rows(path=path), problems=problems, file_label="sluzby.csv"
    )
    assert problems == []
    assert record.forms[0].capacities[0].value == Decimal("20.5")
    assert record.facilities[0].lat == 49.47
    assert record.provider.name == "Charita"


def test_template_unknown_and_missing_columns(tmp_path):
    path = tmp_path / "sluzby.csv"
    path.write_text("klic,poskytovatel,nazev,druh\nx,P,N,49\n", encoding="utf-8")
    problems: list[ImportProblem] = []
    records = template_parse(
        rows=template_csv_rows(path=path), problems=problems, file_label="sluzby.csv"
    )
    assert records == []
    assert {(p.row, p.field) for p in problems} == {
        (1, "nazev"),
        (1, "nazev_sluzby"),
        (1, "forma"),
    }
