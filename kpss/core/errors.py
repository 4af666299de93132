"""Stable error codes shared by services, the API (problem+json) and the CLI."""

from __future__ import annotations

from typing import Any


class KpssError(Exception):
    """A domain error with a stable machine code and an HTTP status for the API."""

    code = "kpss_error"
    status = 400

    def __init__(self, message: str, *, code: str | None = None, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.details = details


class NotFound(KpssError):
    code = "not_found"
    status = 404


class PermissionDenied(KpssError):
    code = "permission_denied"
    status = 403


class ValidationFailed(KpssError):
    code = "validation_failed"
    status = 422


class ConcurrentEdit(KpssError):
    """The record changed since the editor loaded it; nothing was overwritten."""

    code = "concurrent_edit"
    status = 409
