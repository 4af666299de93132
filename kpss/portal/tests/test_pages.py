"""The public portal page by page: content, Czech formatting, tenancy and query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kpss.core.formats import NBSP
from kpss.territory.models import Boundary

pytestmark = pytest.mark.django_db

AREA = "/uzemi/valmez/"


def test_home_lists_public_areas_with_a_clear_link(client, pilot_area, other_area):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/uzemi/valmez/"' in html
    assert "Mikroregion Valašskomeziříčsko-Kelečsko" in html
    assert "Rožnovsko" not in html  # unpublished
    assert 'class="skip-link" href="#main"' in html
    assert 'action="/i18n/setlang/"' in html
    assert 'href="/pristupnost/"' in html
    assert "KPSS – Komunitní plánování sociálních služeb" in html  # the title, in Czech


def test_home_shows_a_members_unpublished_area_to_that_member(client, other_coordinator):
    client.force_login(other_coordinator)
    html = client.get("/").content.decode()
    assert "Sdružení Mikroregion Rožnovsko" in html
    assert "Nezveřejněno" in html


def test_area_home_shows_population_age_groups_map_and_services(client, services):
    response = client.get(AREA)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Mikroregion Valašskomeziříčsko-Kelečsko</h1>" in html
    assert f"42{NBSP}575" in html  # inhabitants of the 18 municipalities, Czech grouping
    assert "1. 1. 2025" in html.replace(NBSP, " ")
    assert f"20,9{NBSP}%" in html  # share of 65+
    assert 'data-geojson-url="/uzemi/valmez/hranice.geojson"' in html
    assert '<td class="num">22' in html  # the table fallback of the map
    assert html.count('href="/uzemi/valmez/obce/') >= 18
    assert "§ 40 Pečovatelská služba" in html
    assert "počet lůžek" in html
    assert "registrované maximum" in html  # capacity is not free places
    assert 'role="img"' in html


def test_boundaries_are_served_as_geojson(client, pilot_area):
    Boundary.objects.create(
        level=Boundary.Level.MUNICIPALITY,
        code="542989",
        geometry={
            "type": "Polygon",
            "coordinates": [[[17.8, 49.4], [17.9, 49.4], [17.9, 49.5], [17.8, 49.4]]],
        },
    )
    response = client.get(reverse("portal:area_boundaries", args=["valmez"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    assert [f["properties"]["name"] for f in data["features"]] == ["Kelč"]


def test_no_external_tiles_unless_configured(client, pilot_area, settings):
    assert "data-tile-url" not in client.get(AREA).content.decode()
    settings.KPSS_MAP_TILE_URL = "https://tiles.example.cz/{z}/{x}/{y}.png"
    assert 'data-tile-url="https://tiles.example.cz/' in client.get(AREA).content.decode()


def test_municipality_list_is_in_czech_order_with_shares(client, pilot_area):
    html = client.get(AREA + "obce/").content.decode()
    assert "Podíl 65+" in html
    names = ["Branky", "Choryně", "Jarcová", "Kelč", "Zašová"]
    positions = [html.index(f">{name}</a>") for name in names]
    assert positions == sorted(positions)


def test_ch_sorts_after_h(client, territory, system_user):
    from kpss.territory.services import planning_area_create

    planning_area_create(
        actor=system_user,
        slug="pokus",
        name="Pokusné území",
        kind="custom",
        is_public=True,
        municipality_codes=["542831", "542687", "542814", "542989"],
    )
    html = client.get("/uzemi/pokus/obce/").content.decode()
    names = ["Horní Bečva", "Hutisko-Solanec", "Choryně", "Kelč"]
    positions = [html.index(f">{name}</a>") for name in names]
    assert positions == sorted(positions)


def test_municipality_detail_shows_population_chart_and_services(client, services):
    response = client.get(AREA + "obce/545058/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Valašské Meziříčí</h1>" in html
    assert f"22{NBSP}580" in html
    assert f"10{NBSP}896" in html  # men
    assert f"11{NBSP}684" in html  # women
    assert "44,0" in html  # average age with a decimal comma
    assert "ČSÚ" in html  # source
    assert '<svg class="chart__svg" role="img"' in html
    assert "<title id=" in html
    assert "Osobní asistence" in html  # field service covering the town
    assert "Charitní pečovatelská služba" in html
    assert "Domov pro osoby se zdravotním postižením Zašová" not in html  # elsewhere
    assert "Podpora samostatného bydlení" not in html  # withdrawn


def test_field_services_reach_the_municipalities_they_serve(client, services):
    html = client.get(AREA + "obce/542989/").content.decode()  # Kelč
    assert "Charitní pečovatelská služba" in html
    assert "Denní stacionář Dobromysl" not in html


def test_municipality_outside_the_area_is_404(client, services):
    assert client.get(AREA + "obce/544841/").status_code == 404  # Rožnov


def test_service_list_shows_the_registry_facts(client, services):
    html = client.get(AREA + "sluzby/").content.decode()
    assert "Domov pro osoby se zdravotním postižením Zašová" in html
    assert "§ 48 Domovy pro osoby se zdravotním postižením" in html
    assert "95 – počet lůžek" in html
    assert "neuvedeno" in html  # Charita's home care states no capacity
    assert "Zašová 45, 756 61 Zašová" in html
    assert "Pečovatelská služba Rožnov" not in html  # another area
    assert "Podpora samostatného bydlení" not in html  # withdrawn
    assert '<label for="id_q">' in html
    assert "6 služeb" in html


@pytest.mark.parametrize(
    ("query", "present", "absent"),
    [
        ("type=48", "Zašová", "Noclehárna"),
        ("form=amb", "Noclehárna", "Osobní asistence"),
        ("q=dobromysl", "Denní stacionář Dobromysl", "Noclehárna"),
        ("q=Charita", "Noclehárna", "Dobromysl"),
        ("municipality=542989", "Charitní pečovatelská", "Noclehárna"),
    ],
)
def test_service_list_filters(client, services, query, present, absent):
    html = client.get(f"{AREA}sluzby/?{query}").content.decode()
    results = html.split('id="results"')[1]  # below the filter form with its options
    assert present in results
    assert absent not in results


def test_service_list_filter_by_target_group(client, services):
    group = services.night_shelter.target_groups.get()
    html = client.get(f"{AREA}sluzby/?group={group.pk}").content.decode()
    assert "1 služba nalezena" in html
    assert "Noclehárna" in html


def test_service_list_paginates_by_25(client, services):
    from kpss.registry.models import Service

    template = services.home_care
    for number in range(30):
        clone = Service.objects.create(
            key=f"test:{number}",
            name=f"Služba {number:02d}",
            provider=template.provider,
            service_type=template.service_type,
            origin="manual",
        )
        clone.territory.set(template.territory.all())
    first = client.get(AREA + "sluzby/").content.decode()
    assert "36 služeb nalezeno" in first
    assert first.count('class="card service"') == 25
    assert 'href="?page=2"' in first
    second = client.get(AREA + "sluzby/?page=2").content.decode()
    assert second.count('class="card service"') == 11


def test_service_list_keeps_filters_in_page_links(client, services):
    from kpss.registry.models import Service

    for number in range(26):
        clone = Service.objects.create(
            key=f"test:{number}",
            name=f"Služba {number:02d}",
            provider=services.home_care.provider,
            service_type=services.home_care.service_type,
            origin="manual",
        )
        clone.territory.set(services.home_care.territory.all())
    html = client.get(AREA + "sluzby/?type=40").content.decode()
    assert 'href="?type=40&amp;page=2"' in html


def test_service_detail_shows_everything_known(client, services):
    response = client.get(AREA + "sluzby/5730896/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "5730896" in html
    assert "95 – počet lůžek" in html
    assert "registrované maximum" in html
    assert "není to počet volných míst" in html
    assert "1. 1. 2007" in html.replace(NBSP, " ")
    assert "Zašová 45" in html
    assert "MPSV, Registr poskytovatelů sociálních služeb" in html
    assert "4. 9. 2026" in html.replace(NBSP, " ")
    assert 'href="/poskytovatele/49562827/"' in html


def test_service_detail_without_identifier_uses_its_key(client, services):
    html = client.get(AREA + "sluzby/portal:mpsv-6276/").content.decode()
    assert "bez identifikátoru registru" in html
    assert 'id="service-markers"' in html  # a facility with coordinates: a marker
    assert "Střítež nad Bečvou" in html  # territory served


def test_service_from_provider_pages_is_labelled(client, services):
    html = client.get(AREA + "sluzby/web:charita-nocleharna/").content.decode()
    assert "nepocházejí z registru" in html
    assert "veřejné informace poskytovatele" in html
    assert "denik.cz" in html


def test_withdrawn_service_is_labelled(client, services):
    html = client.get(AREA + "sluzby/web:diakonie-psb/").content.decode()
    assert "již neposkytuje" in html
    assert "31. 12. 2015" in html.replace(NBSP, " ")


def test_service_of_another_area_is_404(client, services):
    assert client.get(AREA + "sluzby/web:roznov-only/").status_code == 404
    assert client.get(AREA + "sluzby/0000000/").status_code == 404


def test_provider_page_lists_its_services(client, services):
    response = client.get("/poskytovatele/73632783/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Diakonie ČCE – středisko ve Valašském Meziříčí" in html
    assert "Denní stacionář Dobromysl" in html
    assert "Podpora samostatného bydlení" in html  # withdrawn, labelled
    assert "Již se neposkytuje" in html
    assert client.get("/poskytovatele/00000000/").status_code == 404


def test_accessibility_statement(client, db):
    html = client.get("/pristupnost/").content.decode()
    assert "99/2019 Sb." in html
    assert "axe-core" in html
    assert "notice--todo" in html  # the operator's contact is still to be filled in


@pytest.mark.parametrize("path", ["", "obce/", "obce/544841/", "sluzby/", "hranice.geojson"])
def test_unpublished_area_is_404_to_outsiders(
    client, other_area, other_coordinator, coordinator, path
):
    url = f"/uzemi/roznovsko/{path}"
    assert client.get(url).status_code == 404
    client.force_login(coordinator)  # coordinator of another area
    assert client.get(url).status_code == 404
    client.force_login(other_coordinator)
    assert client.get(url).status_code == 200


def test_404_page_is_the_portal_page(client, db):
    response = client.get("/uzemi/neexistuje/")
    assert response.status_code == 404
    assert "Stránka nenalezena" in response.content.decode()


def test_english_via_the_language_switch(client, pilot_area):
    response = client.post("/i18n/setlang/", {"language": "en", "next": AREA})
    assert response.status_code == 302
    html = client.get(AREA).content.decode()
    assert '<html lang="en">' in html
    assert "Inhabitants" in html
    assert "42,575" in html  # English grouping
    assert "20.9%" in html  # and decimal point


def test_service_list_query_count_does_not_grow(client, services, django_assert_max_num_queries):
    from kpss.registry.models import Service

    for number in range(20):
        clone = Service.objects.create(
            key=f"test:{number}",
            name=f"Služba {number:02d}",
            provider=services.home_care.provider,
            service_type=services.home_care.service_type,
            origin="manual",
        )
        clone.territory.set(services.home_care.territory.all())
    with django_assert_max_num_queries(16):
        client.get(AREA + "sluzby/?type=40")
    with django_assert_max_num_queries(16):
        client.get(AREA + "sluzby/")


def test_municipality_list_query_count(client, pilot_area, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        client.get(AREA + "obce/")


def test_area_home_query_count(client, services, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        client.get(AREA)
