"""Open data: the HSDS 3.0 export validates against the official schemas; CSV downloads,
the dataset catalogue, the municipality leaflet and their caching headers."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from kpss.portal.hsds import (
    TABLES,
    datapackage,
    hsds_export,
    hsds_id,
    hsds_validate,
    load_schema,
    write_package,
)

pytestmark = pytest.mark.django_db


def test_the_schemas_and_licence_are_in_the_repository():
    from kpss.portal.hsds import SCHEMA_DIR

    assert (SCHEMA_DIR / "LICENSE").read_text().startswith("The Human Services Data")
    assert load_schema("service.json")["name"] == "service"


def test_hsds_export_validates_against_the_official_schemas(pilot_area, services):
    export = hsds_export(area=pilot_area)
    assert hsds_validate(export) == []
    names = {s["name"] for s in export.services}
    assert "Pečovatelská služba" in names
    assert "Pečovatelská služba Rožnov" not in names  # another area
    assert "Podpora samostatného bydlení" not in names  # withdrawn
    home_care = next(s for s in export.services if s["name"] == "Pečovatelská služba")
    assert home_care["id"] == hsds_id("service", "portal:mpsv-6281")
    assert home_care["organization"]["organization_identifiers"][0]["identifier"] == "73632783"
    location = home_care["service_at_locations"][0]["location"]
    assert location["latitude"] == pytest.approx(49.4747829)
    assert location["addresses"][0]["country"] == "CZ"
    assert location["addresses"][0]["state_province"] == "Zlínský kraj"
    assert {a["taxonomy_term"]["name"] for a in home_care["attributes"]} >= {
        "Pečovatelská služba",
        "senioři",
        "terénní",
    }
    assert export.tables["service"]
    assert export.tables["organization"]
    assert all(not isinstance(v, (list, dict)) for v in export.tables["service"][0].values())


def test_validation_reports_a_broken_export(pilot_area, services):
    export = hsds_export(area=pilot_area)
    export.services[0]["status"] = "open"
    del export.tables["organization"][0]["name"]
    problems = hsds_validate(export)
    assert any("status" in p for p in problems)
    assert any("organization" in p and "name" in p for p in problems)


def test_ids_are_stable_between_exports(pilot_area, services):
    first = [s["id"] for s in hsds_export(area=pilot_area).services]
    assert first == [s["id"] for s in hsds_export(area=pilot_area).services]


def test_the_data_package_has_a_csv_per_table_and_a_datapackage(pilot_area, services, tmp_path):
    export = hsds_export(area=pilot_area)
    write_package(export, tmp_path)
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert package["profile"] == "tabular-data-package"
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert [r["path"] for r in package["resources"]] == [path for _, path in TABLES]
    for resource in package["resources"]:
        with (tmp_path / resource["path"]).open(encoding="utf-8") as handle:
            header = next(csv.reader(handle))
        assert header == [f["name"] for f in resource["schema"]["fields"]]
    services_csv = list(csv.DictReader((tmp_path / "services.csv").open(encoding="utf-8")))
    assert len(services_csv) == len(export.services)
    assert json.loads((tmp_path / "services.json").read_text(encoding="utf-8")) == export.services


def test_the_export_command_writes_a_valid_package(pilot_area, services, tmp_path, capsys):
    call_command("export_hsds", "--area", "valmez", "--out", str(tmp_path / "hsds"))
    assert "valid" in capsys.readouterr().out
    assert (tmp_path / "hsds" / "datapackage.json").exists()
    assert (tmp_path / "hsds" / "services.csv").exists()


def test_hsds_downloads(client, services):
    response = client.get("/uzemi/valmez/otevrena-data/hsds.json")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert any(s["name"] == "Noclehárna" for s in response.json())
    again = client.get("/uzemi/valmez/otevrena-data/hsds.json", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304  # unchanged: the browser keeps its copy
    archive = zipfile.ZipFile(
        io.BytesIO(client.get("/uzemi/valmez/otevrena-data/hsds.zip").content)
    )
    assert "datapackage.json" in archive.namelist()
    assert "services.csv" in archive.namelist()
    package = client.get("/uzemi/valmez/otevrena-data/datapackage.json").json()
    assert package["name"] == "kpss-valmez-hsds"


def test_unpublished_areas_downloads_are_hidden(client, services, other_area):
    assert client.get("/uzemi/roznovsko/otevrena-data/hsds.json").status_code == 404
    assert client.get("/uzemi/roznovsko/otevrena-data/sluzby.csv").status_code == 404


def test_an_unpublished_areas_downloads_are_not_cached_for_its_members(
    client, services, other_coordinator
):
    client.force_login(other_coordinator)
    response = client.get("/uzemi/roznovsko/otevrena-data/hsds.json")
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_services_csv(client, services):
    response = client.get("/uzemi/valmez/otevrena-data/sluzby.csv")
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    names = {r["nazev"] for r in rows}
    assert "Domov pro osoby se zdravotním postižením Zašová" in names
    assert "Podpora samostatného bydlení" not in names
    zasova = next(r for r in rows if r["identifikator"] == "5730896")
    assert zasova["kapacita"] == "95 počet lůžek (pobytová)"


def test_datasets_page_and_catalogue(client, services):
    html = client.get("/otevrena-data/").content.decode()
    assert "CC BY 4.0" in html
    assert "/uzemi/valmez/otevrena-data/sluzby.csv" in html
    assert "/uzemi/valmez/analyza/tabulka.csv" in html  # the gap table
    assert "HSDS 3.0" in html
    catalogue = client.get("/otevrena-data/katalog.jsonld")
    assert catalogue["Content-Type"].startswith("application/ld+json")
    data = catalogue.json()
    assert data["@type"] == "dcat:Catalog"
    dataset = data["dcat:dataset"][0]
    assert dataset["dct:spatial"][0]["@id"].startswith(
        "https://linked.cuzk.cz/resource/ruian/obec/"
    )
    distribution = dataset["dcat:distribution"][0]
    assert distribution["dct:license"]["@id"] == "https://creativecommons.org/licenses/by/4.0/"
    assert distribution["dct:format"]["@id"].endswith("/CSV")
    assert "dct:modified" in dataset


def test_municipality_leaflet_is_one_a4_page_listing_the_services(client, services):
    html = client.get("/uzemi/valmez/obce/542989/").content.decode()
    assert 'href="/uzemi/valmez/obce/542989/letak.pdf"' in html
    response = client.get("/uzemi/valmez/obce/542989/letak.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="pomoc-kelc.pdf"' in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged for screen readers
    assert reader.trailer["/Root"]["/Lang"] == "cs"
    assert reader.metadata.title == "Kde najít pomoc – Kelč"
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    text = reader.pages[0].extract_text()
    assert "Kelč" in text
    assert "Charitní pečovatelská služba" in text
    assert "Osobní asistence" in text
    assert "571 629 084" in text
    assert "Noclehárna" not in text


def test_leaflet_of_a_non_member_is_404(client, services):
    assert client.get("/uzemi/valmez/obce/544841/letak.pdf").status_code == 404


def test_leaflet_command(pilot_area, services, tmp_path):
    out = tmp_path / "letak.pdf"
    call_command("leaflet", "--area", "valmez", "--municipality", "542989", "-o", str(out))
    reader = PdfReader(str(out))
    assert "Charitní pečovatelská služba" in reader.pages[0].extract_text()


def test_datapackage_fields_follow_the_schema(pilot_area, services):
    package = datapackage(hsds_export(area=pilot_area))
    service = next(r for r in package["resources"] if r["name"] == "service")
    fields = {f["name"]: f for f in service["schema"]["fields"]}
    assert fields["id"]["format"] == "uuid"
    assert fields["last_modified"]["type"] == "datetime"
    assert fields["status"]["constraints"]["enum"][0] == "active"


def test_lkod_documents_for_the_national_catalogue(client, services, settings):
    settings.KPSS_OPEN_DATA_PUBLISHER_ICO = "00304191"
    catalogue = client.get("/otevrena-data/lkod/")
    assert catalogue["Content-Type"].startswith("application/ld+json")
    data = catalogue.json()
    assert data["typ"] == "Katalog"
    assert data["poskytovatel"].endswith("/orgán-veřejné-moci/00304191")
    first = data["datová_sada"][0]
    assert first == "http://testserver/otevrena-data/lkod/valmez/sluzby.jsonld"
    dataset = client.get("/otevrena-data/lkod/valmez/sluzby.jsonld").json()
    assert dataset["typ"] == "Datová sada"
    assert dataset["iri"] == first
    assert dataset["téma"] == ["http://publications.europa.eu/resource/authority/data-theme/SOCI"]
    assert "https://linked.cuzk.cz/resource/ruian/obec/542989" in dataset["prvek_rúian"]
    distribution = dataset["distribuce"][0]
    assert distribution["formát"].endswith("/file-type/CSV")
    assert distribution["podmínky_užití"]["autorské_dílo"] == (
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert distribution["soubor_ke_stažení"].endswith("/uzemi/valmez/otevrena-data/sluzby.csv")
    assert client.get("/otevrena-data/lkod/valmez/nic.jsonld").status_code == 404
