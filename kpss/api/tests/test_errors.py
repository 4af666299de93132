"""One error format: every failure is RFC 7807 problem+json with a stable `code`."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.test import RequestFactory
from ninja.errors import AuthenticationError, AuthorizationError, HttpError

from kpss.api.router import api
from kpss.api.tests.conftest import problem
from kpss.core.errors import ConcurrentEdit, KpssError, PermissionDenied, ValidationFailed

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("exc", "status", "code"),
    [
        (KpssError("Something."), 400, "kpss_error"),
        (
            ValidationFailed("Unknown codes.", code="unknown_municipality"),
            422,
            "unknown_municipality",
        ),
        (PermissionDenied("Not permitted: x."), 403, "permission_denied"),
        (ConcurrentEdit("Changed."), 409, "concurrent_edit"),
        (Http404("No Service matches the given query."), 404, "not_found"),
        (AuthenticationError(), 401, "not_authenticated"),
        (AuthorizationError(), 403, "permission_denied"),
        (DjangoPermissionDenied(), 403, "permission_denied"),
        (HttpError(429, "Too many requests."), 429, "http_error"),
    ],
)
def test_exceptions_map_to_problems(exc, status, code):
    request = RequestFactory().get("/api/v1/anything")
    response = api.on_exception(request, exc)

    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json; charset=utf-8"
    import json

    body = json.loads(response.content)
    assert body["code"] == code
    assert body["status"] == status
    assert body["type"] == f"urn:kpss:problem:{code}"
    assert body["instance"] == "/api/v1/anything"
    assert body["title"]
    assert body["detail"]


def test_kpss_error_detail_is_its_message():
    request = RequestFactory().get("/api/v1/x")
    response = api.on_exception(request, ValidationFailed("Neznámé kódy obcí: 999999."))
    assert "Neznámé kódy obcí: 999999." in response.content.decode("utf-8")


def test_unexpected_error_is_a_500_problem_without_traceback(client, monkeypatch, caplog):
    def broken():
        raise RuntimeError("secret internals: password=hunter2")

    monkeypatch.setattr("kpss.registry.api.form_list", broken)
    response = client.get("/api/v1/codelists/forms")

    body = problem(response, 500, "internal_error")
    text = response.content.decode("utf-8")
    assert "hunter2" not in text
    assert "Traceback" not in text
    assert "RuntimeError" not in text
    assert set(body) == {"type", "title", "status", "detail", "code", "instance"}
    assert any("hunter2" in (r.exc_text or "") or r.exc_info for r in caplog.records)


def test_validation_error_lists_every_invalid_input(client, territory):
    response = client.get("/api/v1/services?limit=100000&offset=-5&municipality=abc")

    body = problem(response, 422, "validation_failed")
    assert sorted((e["location"], e["field"]) for e in body["errors"]) == [
        ("query", "limit"),
        ("query", "municipality"),
        ("query", "offset"),
    ]
    for error in body["errors"]:
        assert error["message"]
        assert error["type"]
        assert error["loc"] == ["query", error["field"]]


def test_error_titles_follow_the_language(client, territory):
    response = client.get("/api/v1/municipalities/999999", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["title"] == "Not found"


@pytest.mark.parametrize("path", ["/api/v1/nothing-here", "/api/v1/areas/valmez/extra/deep"])
def test_unknown_paths_are_problem_404s(client, path):
    problem(client.get(path), 404, "not_found")
