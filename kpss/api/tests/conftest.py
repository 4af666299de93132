from __future__ import annotations

import pytest

from kpss.registry.tests.registry_rows import Registry, make_registry


@pytest.fixture
def registry(pilot_area, other_area) -> Registry:
    return make_registry()


def problem(response, status: int, code: str) -> dict:
    """Assert that the response is a problem+json error with the status and stable code."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["type"] == f"urn:kpss:problem:{code}"
    assert body["title"]
    assert body["detail"]
    assert body["instance"] == response.wsgi_request.path
    return body
