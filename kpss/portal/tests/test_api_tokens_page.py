from __future__ import annotations

import pytest
from django.urls import reverse

from kpss.accounts.models import ApiToken
from kpss.accounts.services import api_token_authenticate, api_token_create

pytestmark = pytest.mark.django_db

URL = "/sprava/tokeny/"


def test_the_page_requires_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "prihlaseni" in response["Location"]
    assert client.post(f"{URL}1/zrusit/").status_code == 302


def test_the_staff_home_links_to_the_page(client, coordinator):
    client.force_login(coordinator)
    assert URL in client.get("/sprava/").content.decode()


def test_create_shows_the_secret_once(client, coordinator):
    client.force_login(coordinator)
    page = client.get(URL).content.decode()
    assert "<h1>API tokeny</h1>" in page
    assert '<label for="id_name">' in page
    response = client.post(URL, {"name": "Měsíční import", "expires_on": "2099-12-31"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    token = ApiToken.objects.get(user=coordinator)
    secret = html.split('id="new-secret" type="text" value="')[1].split('"')[0]
    assert api_token_authenticate(secret) == token
    assert "Zkopírujte" in html
    again = client.get(URL).content.decode()
    assert secret not in again
    assert token.prefix in again
    assert "Měsíční import" in again


def test_invalid_form_shows_errors(client, coordinator):
    client.force_login(coordinator)
    response = client.post(URL, {"name": "", "expires_on": "2000-01-01"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoke_own_token_only(client, coordinator, officer):
    mine, _ = api_token_create(actor=coordinator, user=coordinator, name="Můj")
    theirs, _ = api_token_create(actor=officer, user=officer, name="Cizí")
    client.force_login(coordinator)
    assert client.post(reverse("portal:api_token_revoke", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("portal:api_token_revoke", args=[mine.pk])).status_code == 405
    response = client.post(reverse("portal:api_token_revoke", args=[mine.pk]), follow=True)
    assert response.status_code == 200
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.revoked_at is not None
    assert theirs.revoked_at is None
    page = response.content.decode()
    assert "Cizí" not in page
    assert "zrušen" in page
