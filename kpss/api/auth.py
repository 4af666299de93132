"""Who is calling the API.

Two ways to be someone (both resolved by `kpss.api.middleware.ApiAuthMiddleware`, so
`request.user` is already the right person when an endpoint runs):

* a personal API token, `Authorization: Bearer <secret>` (kpss.accounts.ApiToken) – for
  scripts; an invalid, revoked or expired token is refused with 401 `invalid_token`;
* the Django session of a user signed in to the site in the same browser; its writes must
  carry the CSRF token (403 `csrf_failed` otherwise).

Without either the caller is anonymous: every public read works, and so do the public
writes (consultation comments, survey responses). Endpoints that need a user declare
ninja's `auth=django_auth`, which accepts both ways. What a caller may see or do is decided
by the selectors (`planning_area_get_for_user`) and the rules, never here.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest


def caller(request: HttpRequest) -> Any:
    """The user on whose behalf the request is made: the token's owner, the session user,
    or an anonymous one."""
    auth = getattr(request, "auth", None)
    if auth is not None and getattr(auth, "is_authenticated", False):
        return auth
    user = getattr(request, "user", None)
    return user if user is not None else AnonymousUser()
