"""Login, logout and the staff home."""

from __future__ import annotations

import pytest

from kpss.core.audit import audit_record

pytestmark = pytest.mark.django_db


def test_staff_home_requires_login(client, db):
    response = client.get("/sprava/")
    assert response.status_code == 302
    assert response["Location"].startswith("/prihlaseni/?next=/sprava/")


def test_login_page_is_czech_and_logs_in(client, coordinator):
    html = client.get("/prihlaseni/").content.decode()
    assert "<h1>Přihlášení</h1>" in html
    response = client.post(
        "/prihlaseni/", {"username": "koordinatorka", "password": "heslo-pro-testy"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/sprava/"


def test_wrong_password_shows_an_error(client, coordinator):
    response = client.post("/prihlaseni/", {"username": "koordinatorka", "password": "x"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_logout_asks_on_get_and_logs_out_on_post(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/odhlaseni/").status_code == 200
    assert client.get("/sprava/").status_code == 200
    response = client.post("/odhlaseni/")
    assert response.status_code == 302
    assert client.get("/sprava/").status_code == 302


def test_coordinator_sees_memberships_and_the_audit_log(client, coordinator, pilot_area):
    audit_record(actor=coordinator, verb="plan.publish", area_slug="valmez")
    audit_record(actor=None, verb="other.area", area_slug="roznovsko")
    client.force_login(coordinator)
    html = client.get("/sprava/").content.decode()
    assert "Koordinátor KPSS" in html or "koordinátor" in html.lower()
    assert 'href="/uzemi/valmez/"' in html
    assert "plan.publish" in html
    assert "other.area" not in html
    assert "/admin/" not in html  # not staff


def test_officer_sees_no_audit_log(client, officer):
    audit_record(actor=None, verb="plan.publish", area_slug="valmez")
    client.force_login(officer)
    html = client.get("/sprava/").content.decode()
    assert "Město Kelč" in html
    assert "plan.publish" not in html


def test_staff_user_gets_the_admin_link(client, admin, pilot_area):
    client.force_login(admin)
    html = client.get("/sprava/").content.decode()
    assert 'href="/admin/"' in html
