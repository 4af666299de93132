"""The portal's API: find help, life situations, HSDS endpoints, and rate limiting."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from kpss.api.tests.conftest import problem
from kpss.portal.hsds import hsds_id

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_help_search_for_kelc(client, services):
    response = client.get(
        "/api/v1/areas/valmez/help", {"municipality": "542989", "q": "pecovatelska"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    hit = body["items"][0]
    assert hit["name"].startswith("Charitní pečovatelská služba")
    assert hit["comes_to_client"] is True
    assert hit["url"] == "/uzemi/valmez/sluzby/web:charita-pecovatelska/"


def test_help_search_errors_are_problems(client, services):
    problem(client.get("/api/v1/areas/valmez/help", {"situation": "nic"}), 404, "not_found")
    problem(client.get("/api/v1/areas/valmez/help", {"sort": "x"}), 422, "validation_failed")
    problem(client.get("/api/v1/areas/roznovsko/help"), 404, "not_found")  # unpublished


def test_life_situations(client, codelists, system_user):
    from kpss.portal.services import life_situations_load

    life_situations_load(actor=system_user)
    body = client.get("/api/v1/life-situations").json()
    care = next(s for s in body if s["slug"] == "pece-o-blizkeho")
    assert care["service_types"][0] == "40"


def test_hsds_endpoints(client, services):
    info = client.get("/api/v1/areas/valmez/hsds/").json()
    assert info["version"] == "3.0"
    page = client.get("/api/v1/areas/valmez/hsds/services", {"per_page": 2}).json()
    assert page["total_items"] >= 5
    assert page["size"] == 2
    assert page["first_page"] is True
    assert page["last_page"] is False
    service_id = hsds_id("service", "portal:mpsv-6281")
    one = client.get(f"/api/v1/areas/valmez/hsds/services/{service_id}").json()
    assert one["name"] == "Pečovatelská služba"
    problem(client.get("/api/v1/areas/valmez/hsds/services/nope"), 404, "not_found")
    organizations = client.get("/api/v1/areas/valmez/hsds/organizations").json()
    assert {"Charita Valašské Meziříčí"} <= {o["name"] for o in organizations["contents"]}


def test_anonymous_clients_are_rate_limited(client, settings, pilot_area):
    settings.KPSS_API_ANON_RATE = "3/m"
    for _ in range(3):
        assert client.get("/api/v1/areas/valmez/hsds/").status_code == 200
    response = client.get("/api/v1/areas/valmez/hsds/")
    body = problem(response, 429, "rate_limited")
    assert 1 <= int(response["Retry-After"]) <= 61
    assert "Retry-After" not in body


def test_signed_in_users_are_not_rate_limited(client, settings, coordinator):
    settings.KPSS_API_ANON_RATE = "1/m"
    client.force_login(coordinator)
    for _ in range(3):
        assert client.get("/api/v1/areas/valmez/hsds/").status_code == 200


def test_limits_are_per_client_address(client, settings, pilot_area):
    settings.KPSS_API_ANON_RATE = "1/m"
    assert client.get("/api/v1/areas/valmez/hsds/", REMOTE_ADDR="10.0.0.1").status_code == 200
    assert client.get("/api/v1/areas/valmez/hsds/", REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.get("/api/v1/areas/valmez/hsds/", REMOTE_ADDR="10.0.0.2").status_code == 200


def test_a_forged_forwarded_for_header_does_not_reset_the_limit(client, settings, pilot_area):
    settings.KPSS_API_ANON_RATE = "1/m"
    url = "/api/v1/areas/valmez/hsds/"
    assert client.get(url, HTTP_X_FORWARDED_FOR="1.1.1.1").status_code == 200
    assert client.get(url, HTTP_X_FORWARDED_FOR="2.2.2.2").status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_address_counts(client, settings, pilot_area):
    settings.KPSS_API_ANON_RATE = "1/m"
    settings.KPSS_API_TRUSTED_PROXIES = 1
    url = "/api/v1/areas/valmez/hsds/"
    assert client.get(url, HTTP_X_FORWARDED_FOR="1.1.1.1").status_code == 200
    assert client.get(url, HTTP_X_FORWARDED_FOR="9.9.9.9, 2.2.2.2").status_code == 200
    assert client.get(url, HTTP_X_FORWARDED_FOR="1.1.1.1").status_code == 429
