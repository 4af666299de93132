"""Who is calling the API.

For now every endpoint is a public read: nothing requires a login, and no endpoint takes
`auth=`. The Django session (set by `AuthenticationMiddleware`, so a user signed in to the
site in the same browser) only widens what a caller may *see*: unpublished planning areas
of which the user is a member, or all of them for an administrator. Access decisions are
made by the selectors (`planning_area_get_for_user`) and the rules, never here.

API tokens and session authentication for writes (with CSRF) come later; they will plug in
as ninja `auth=` classes that set `request.auth`, and `caller()` will prefer that user.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest


def caller(request: HttpRequest) -> Any:
    """The user on whose behalf the request is made: the session user or an anonymous one."""
    auth = getattr(request, "auth", None)
    if auth is not None and getattr(auth, "is_authenticated", False):
        return auth
    user = getattr(request, "user", None)
    return user if user is not None else AnonymousUser()
