from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_czech_even_for_an_english_browser(client):
    response = client.get("/pristupnost/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "cs"
    assert '<html lang="cs">' in response.content.decode()


@pytest.mark.django_db
def test_english_after_the_visitor_chooses_it(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/pristupnost/"})
    assert response.status_code == 302
    response = client.get("/pristupnost/")
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()
