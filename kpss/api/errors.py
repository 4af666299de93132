"""One error format for the whole API: RFC 7807 problem details (`application/problem+json`).

Every error body has `type`, `title`, `status`, `detail`, `instance` and a stable machine
`code`; validation errors add `errors`, one entry per offending field with its location.
Clients branch on `code` (and `status`), never on `title` or `detail`, which are for people
and are translated.
"""

from __future__ import annotations

import logging
import math
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import Field, Schema
from ninja.errors import (
    AuthenticationError,
    AuthorizationError,
    HttpError,
    Throttled,
    ValidationError,
)

from kpss.core.errors import KpssError

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger("kpss.api")

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_TYPE_PREFIX = "urn:kpss:problem:"

# Stable codes for errors that do not come from a KpssError.
NOT_FOUND = "not_found"
VALIDATION_FAILED = "validation_failed"
NOT_AUTHENTICATED = "not_authenticated"
PERMISSION_DENIED = "permission_denied"
INTERNAL_ERROR = "internal_error"
HTTP_ERROR = "http_error"
RATE_LIMITED = "rate_limited"
INVALID_TOKEN = "invalid_token"  # noqa: S105 (an error code)
CSRF_FAILED = "csrf_failed"


class ProblemFieldError(Schema):
    """One invalid input: where it is (`location` + `field`) and what is wrong with it."""

    location: str = Field(description="Part of the request: query, path, body, header, …")
    field: str = Field(description="Dotted name of the parameter or body field.")
    loc: list[str | int] = Field(description="The full location, as a list.")
    message: str
    type: str = Field(description="Machine name of the failed check (pydantic's error type).")


class Problem(Schema):
    """An error (RFC 7807 problem details)."""

    type: str = Field(description="URI naming the kind of problem: urn:kpss:problem:<code>.")
    title: str = Field(description="Short summary for people; translated, do not parse.")
    status: int
    detail: str = Field(description="Explanation of this occurrence; translated, do not parse.")
    code: str = Field(description="Stable machine-readable error code.")
    instance: str = Field(description="The request path that failed.")
    errors: list[ProblemFieldError] | None = Field(
        None, description="For validation_failed: every invalid input."
    )


#: Responses every endpoint may give besides its success response (for the OpenAPI document).
PROBLEM_RESPONSES: dict[int, type[Schema]] = {404: Problem, 422: Problem, 429: Problem}


def _title(code: str, status: int) -> str:
    titles = {
        NOT_FOUND: _("Not found"),
        VALIDATION_FAILED: _("Invalid request"),
        NOT_AUTHENTICATED: _("Sign-in required"),
        PERMISSION_DENIED: _("Not permitted"),
        INTERNAL_ERROR: _("Internal error"),
        "concurrent_edit": _("Changed by someone else"),
        RATE_LIMITED: _("Too many requests"),
        INVALID_TOKEN: _("Invalid API token"),
        CSRF_FAILED: _("CSRF check failed"),
    }
    if code in titles:
        return str(titles[code])
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return str(_("Request failed"))


def problem_response(
    api: NinjaAPI,
    request: HttpRequest,
    *,
    status: int,
    code: str,
    detail: str,
    errors: list[dict[str, Any]] | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": f"{PROBLEM_TYPE_PREFIX}{code}",
        "title": _title(code, status),
        "status": status,
        "detail": detail,
        "code": code,
        "instance": request.path,
    }
    if errors is not None:
        body["errors"] = errors
    content = api.renderer.render(request, body, response_status=status)
    return HttpResponse(
        content, status=status, content_type=f"{PROBLEM_CONTENT_TYPE}; charset=utf-8"
    )


def _field_errors(exc: ValidationError) -> list[dict[str, Any]]:
    rows = []
    for error in exc.errors:
        loc = [p if isinstance(p, int) else str(p) for p in error.get("loc", ())]
        location = str(loc[0]) if loc else ""
        rows.append(
            {
                "location": location,
                "field": ".".join(str(p) for p in loc[1:]),
                "loc": loc,
                "message": str(error.get("msg", "")),
                "type": str(error.get("type", "")),
            }
        )
    return rows


def install_problem_handlers(api: NinjaAPI) -> None:
    """Replace ninja's default error bodies with problem details."""

    @api.exception_handler(KpssError)
    def on_kpss_error(request: HttpRequest, exc: KpssError) -> HttpResponse:
        return problem_response(api, request, status=exc.status, code=exc.code, detail=exc.message)

    @api.exception_handler(ValidationError)
    def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = _field_errors(exc)
        return problem_response(
            api,
            request,
            status=422,
            code=VALIDATION_FAILED,
            errors=errors,
            detail=ngettext(
                "The request has %(count)d invalid input: %(fields)s.",
                "The request has %(count)d invalid inputs: %(fields)s.",
                len(errors),
            )
            % {
                "count": len(errors),
                "fields": ", ".join(e["field"] or e["location"] for e in errors),
            },
        )

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem_response(
            api,
            request,
            status=404,
            code=NOT_FOUND,
            detail=_("The requested resource does not exist."),
        )

    @api.exception_handler(Throttled)
    def on_throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        retry_after = max(1, math.ceil(exc.wait or 1))
        response = problem_response(
            api,
            request,
            status=429,
            code=RATE_LIMITED,
            detail=ngettext(
                "Too many requests from this address. Try again in %(seconds)d second.",
                "Too many requests from this address. Try again in %(seconds)d seconds.",
                retry_after,
            )
            % {"seconds": retry_after},
        )
        response["Retry-After"] = str(retry_after)
        return response

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc, AuthenticationError):
            code = NOT_AUTHENTICATED
        elif isinstance(exc, AuthorizationError) or exc.status_code == 403:
            code = PERMISSION_DENIED
        elif exc.status_code == 404:
            code = NOT_FOUND
        else:
            code = HTTP_ERROR
        return problem_response(
            api, request, status=exc.status_code, code=code, detail=str(exc.message)
        )

    @api.exception_handler(DjangoPermissionDenied)
    def on_permission_denied(request: HttpRequest, exc: DjangoPermissionDenied) -> HttpResponse:
        return problem_response(
            api,
            request,
            status=403,
            code=PERMISSION_DENIED,
            detail=_("You are not permitted to do this."),
        )

    @api.exception_handler(Exception)
    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("Unhandled error in %s %s", request.method, request.path)
        return problem_response(
            api,
            request,
            status=500,
            code=INTERNAL_ERROR,
            detail=_("Something went wrong on our side. The error has been logged."),
        )
