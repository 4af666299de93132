"""Authentication and CSRF protection of the API, in one place.

For every request under /api/:

* `Authorization: Bearer <secret>` names a personal API token (kpss.accounts). A valid one
  makes its owner the request's user, whatever session cookie came along, and exempts the
  request from CSRF checks (a browser never sends the header by itself). An invalid, revoked
  or expired token is refused with 401 `invalid_token` and `WWW-Authenticate: Bearer` –
  never treated as anonymous, so a script with a stale token notices.
* Without a token, an unsafe request (POST, PUT, PATCH, DELETE) made by a user signed in
  through the session cookie must carry the CSRF token (`X-CSRFToken` header with the value
  of the `csrftoken` cookie), else 403 `csrf_failed`. Anonymous requests carry no
  credentials to abuse, so the public writes (consultation comments, survey responses) work
  without a session, behind their own anti-spam.

It must come after `AuthenticationMiddleware` in MIDDLEWARE.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import gettext as _

from kpss.accounts.services import api_token_authenticate
from kpss.api.errors import CSRF_FAILED, INVALID_TOKEN

API_PREFIX = "/api/"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def bearer_secret(request: HttpRequest) -> str | None:
    """The secret of an `Authorization: Bearer …` header, "" if malformed, None if absent."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if not header:
        return None
    scheme, _sep, secret = header.strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    return secret.strip()


def _csrf_view(request: HttpRequest) -> HttpResponse:  # pragma: no cover - never called
    raise AssertionError


def _problem(request: HttpRequest, *, status: int, code: str, detail: str) -> HttpResponse:
    from kpss.api.errors import problem_response
    from kpss.api.router import api  # here: the router imports every app's endpoints

    return problem_response(api, request, status=status, code=code, detail=detail)


class ApiAuthMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(API_PREFIX):
            refused = self.authenticate(request)
            if refused is not None:
                return refused
        return self.get_response(request)

    def authenticate(self, request: HttpRequest) -> HttpResponse | None:
        secret = bearer_secret(request)
        if secret is not None:
            token = api_token_authenticate(secret)
            if token is None:
                response = _problem(
                    request,
                    status=401,
                    code=INVALID_TOKEN,
                    detail=_("The API token is invalid, revoked or expired."),
                )
                response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
                return response
            request.user = token.user
            request.api_token = token  # type: ignore[attr-defined]
            # No cookie vouches for this request, so there is nothing to forge; ninja's
            # session auth (django_auth) checks CSRF too and must let it through.
            request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]
            return None
        if request.method in SAFE_METHODS:
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return self.check_csrf(request)

    def check_csrf(self, request: HttpRequest) -> HttpResponse | None:
        reasons: list[str] = []

        class Checker(CsrfViewMiddleware):
            def _reject(self, request: HttpRequest, reason: str) -> HttpResponse:
                reasons.append(reason)
                return HttpResponse(status=403)

        checker = Checker(self.get_response)
        request.csrf_processing_done = False  # type: ignore[attr-defined]
        checker.process_request(request)
        if checker.process_view(request, _csrf_view, (), {}) is None:
            return None
        return _problem(
            request,
            status=403,
            code=CSRF_FAILED,
            detail=_(
                "A signed-in browser session must send the CSRF token in the X-CSRFToken "
                "header; scripts should use an API token instead."
            ),
        )
