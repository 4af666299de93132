"""The API is a versioned contract: the live OpenAPI document must match the snapshot."""

from __future__ import annotations

import difflib
import json

import pytest
from django.core.management import call_command

from kpss.api.management.commands.openapi_snapshot import SNAPSHOT, openapi_document
from kpss.api.router import api


def test_openapi_document_matches_the_committed_snapshot():
    live = openapi_document()
    committed = SNAPSHOT.read_text(encoding="utf-8")
    if live != committed:
        diff = "".join(
            list(
                difflib.unified_diff(
                    committed.splitlines(keepends=True),
                    live.splitlines(keepends=True),
                    "openapi_snapshot.json (committed)",
                    "live API",
                )
            )[:60]
        )
        pytest.fail(
            "The API differs from kpss/api/openapi_snapshot.json. If the change is intended, "
            "run `kpss openapi-snapshot` (or `python manage.py openapi_snapshot`) and commit "
            f"the snapshot.\n{diff}"
        )


def test_check_option_exits_with_1_when_out_of_date(monkeypatch, tmp_path):
    from kpss.api.management.commands import openapi_snapshot

    stale = tmp_path / "openapi_snapshot.json"
    stale.write_text("{}\n", encoding="utf-8")
    monkeypatch.setattr(openapi_snapshot, "SNAPSHOT", stale)
    with pytest.raises(SystemExit) as exit_info:
        call_command("openapi_snapshot", "--check")
    assert exit_info.value.code == 1

    call_command("openapi_snapshot")
    call_command("openapi_snapshot", "--check")
    assert json.loads(stale.read_text(encoding="utf-8"))["openapi"].startswith("3.1")


def test_openapi_documents_errors_as_problem_json():
    schema = api.get_openapi_schema()
    responses = {
        str(status): response
        for status, response in schema["paths"]["/api/v1/services"]["get"]["responses"].items()
    }
    assert set(responses["422"]["content"]) == {"application/problem+json"}
    assert set(responses["200"]["content"]) == {"application/json"}
    problem = schema["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "detail", "code", "instance", "errors"} <= set(
        problem["properties"]
    )


def test_openapi_endpoint_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/services" in response.json()["paths"]
