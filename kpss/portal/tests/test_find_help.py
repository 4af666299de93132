"""The "Find help" pages, the loader of life situations and the service page's guide."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from kpss.core.errors import ValidationFailed
from kpss.core.models import AuditEvent
from kpss.portal.models import LifeSituation, ServiceGuide
from kpss.portal.services import SITUATIONS_FILE, life_situations_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def situations(codelists, system_user):
    report = life_situations_load(actor=system_user)
    assert report.situations >= 10
    assert report.guides >= 20
    return report


def test_the_shipped_file_loads_with_its_ranked_types(situations):
    care = LifeSituation.objects.get(slug="pece-o-blizkeho")
    assert care.title == "Pečuji o blízkého doma"
    assert care.ranked_type_ids()[0] == care.type_links.first().service_type_id
    assert care.type_links.first().service_type.key == "40"
    assert care.target_groups.filter(name="pečující osoby").exists()
    assert AuditEvent.objects.filter(verb="portal.life_situations_load").count() == 1


def test_loading_again_updates_instead_of_duplicating(situations, system_user):
    before = LifeSituation.objects.count()
    life_situations_load(actor=system_user)
    assert LifeSituation.objects.count() == before
    assert ServiceGuide.objects.filter(service_type__key="40").count() == 1


def test_an_invalid_file_writes_nothing_and_names_row_and_column(codelists, system_user, tmp_path):
    bad = tmp_path / "situace.csv"
    bad.write_text(
        SITUATIONS_FILE.read_text(encoding="utf-8").splitlines()[0]
        + "\nnova,Nová situace,,,40|999,senioři,1\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationFailed) as error:
        life_situations_load(actor=system_user, situations_path=bad)
    assert any("řádek 2, druhy" in p and "999" in p for p in error.value.details["problems"])
    assert not LifeSituation.objects.exists()


def test_the_command_loads_the_files(codelists, capsys):
    call_command("load_life_situations")
    out = capsys.readouterr().out
    assert LifeSituation.objects.filter(slug="dluhy").exists()
    assert str(LifeSituation.objects.count()) in out


def test_home_offers_find_help_with_municipalities_and_situations(client, situations, services):
    html = client.get("/").content.decode()
    assert 'action="/najit-pomoc/"' in html
    assert '<option value="542989">Kelč</option>' in html
    assert "Pečuji o blízkého doma" in html


def test_find_help_for_kelc_and_care_at_home(client, situations, services):
    response = client.get(
        "/najit-pomoc/", {"municipality": "542989", "situation": "pece-o-blizkeho"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Charitní pečovatelská služba" in html
    assert "Osobní asistence" in html
    assert "Noclehárna" not in html
    assert "přijede za vámi domů" in html.lower() or "k vám domů" in html.lower()


def test_find_help_by_text_without_diacritics(client, situations, services):
    html = client.get("/najit-pomoc/", {"q": "nocleharna"}).content.decode()
    assert "Noclehárna" in html
    assert "Pečovatelská služba</a>" not in html


def test_find_help_ignores_unknown_values(client, situations, services):
    response = client.get("/najit-pomoc/", {"municipality": "000000", "sort": "x", "group": "a"})
    assert response.status_code == 200


def test_the_service_list_filter_is_czech_aware(client, services):
    html = client.get("/uzemi/valmez/sluzby/", {"q": "pecovatelska"}).content.decode()
    assert "Pečovatelská služba" in html
    assert "Noclehárna" not in html


def test_service_page_explains_in_plain_words_with_structured_data(client, situations, services):
    response = client.get("/uzemi/valmez/sluzby/portal:mpsv-6281/")
    html = response.content.decode()
    assert '<h2 id="plain-heading">Srozumitelně</h2>' in html
    assert "Kolik stojí" in html
    assert "vyhláška č. 505/2006 Sb." in html  # what it costs
    assert "Pro koho je" in html
    assert "Jak ji získat" in html
    assert "registrované maximum" in html
    assert '<meta property="og:title" content="Pečovatelská služba – Diakonie' in html
    start = html.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    data = json.loads(html[start : html.index("</script>", start)])
    assert data["@type"] == "Service"
    assert data["provider"]["@type"] == "Organization"
    assert data["provider"]["identifier"]["value"] == "73632783"
    assert data["availableChannel"]["serviceLocation"][0]["@type"] == "Place"
    assert data["availableChannel"]["serviceLocation"][0]["geo"]["latitude"] == 49.4747829


def test_a_service_specific_guide_overrides_the_type_guide(client, situations, services):
    ServiceGuide.objects.create(service=services.home_care, cost="Zdarma pro občany obce.")
    html = client.get("/uzemi/valmez/sluzby/portal:mpsv-6281/").content.decode()
    assert "Zdarma pro občany obce." in html


def test_data_files_exist() -> None:
    assert Path(SITUATIONS_FILE).exists()


def _ld(html: str) -> dict:
    start = html.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    return json.loads(html[start : html.index("</script>", start)])


def test_provider_and_municipality_pages_carry_structured_data(client, services):
    provider = _ld(client.get("/poskytovatele/73632783/").content.decode())
    assert provider["@type"] == "Organization"
    assert provider["identifier"]["value"] == "73632783"
    html = client.get("/uzemi/valmez/obce/542989/").content.decode()
    city = _ld(html)
    assert city["@type"] == "City"
    assert city["name"] == "Kelč"
    assert '<meta property="og:title" content="Pomoc dostupná obyvatelům obce Kelč">' in html
    assert '<meta name="description" content="Sociální služby dostupné obyvatelům obce Kelč' in html


def test_structured_data_cannot_break_out_of_its_script(client, services):
    services.home_care.description = "</script><script>alert(1)</script>"
    services.home_care.save()
    html = client.get("/uzemi/valmez/sluzby/portal:mpsv-6281/").content.decode()
    assert "<script>alert(1)" not in html
    assert _ld(html)["description"] == "</script><script>alert(1)</script>"


def test_the_back_office_edits_life_situations(client, admin, situations):
    client.force_login(admin)
    care = LifeSituation.objects.get(slug="pece-o-blizkeho")
    assert client.get("/admin/portal/lifesituation/").status_code == 200
    page = client.get(f"/admin/portal/lifesituation/{care.pk}/change/")
    assert page.status_code == 200
    assert "Pečuji o blízkého doma" in page.content.decode()
    assert client.get("/admin/portal/serviceguide/").status_code == 200
