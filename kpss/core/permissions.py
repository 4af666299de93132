"""Helpers for permission checks in services; the rules themselves live in each app's
permissions.py and are registered with django-rules under Django permission names."""

from __future__ import annotations

from typing import Any

import rules

from kpss.core.errors import PermissionDenied


@rules.predicate
def is_admin(user: Any) -> bool:
    """Superusers, and the system account under which CLI operations run."""
    return bool(user and user.is_authenticated and user.is_superuser) or bool(
        getattr(user, "is_system", False)
    )


def require_perm(actor: Any, perm: str, obj: Any = None) -> None:
    """Raise PermissionDenied unless the actor holds the permission (on the object)."""
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied(f"Not permitted: {perm}.", perm=perm)
