"""Writes of accounts: personal API tokens.

A token's secret is `kpss_` + `secrets.token_urlsafe(32)`; only its SHA-256 hash is stored,
so a lookup by hash is the comparison (no secret is ever compared character by character).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kpss.accounts.models import ApiToken, User
from kpss.core.audit import audit_record
from kpss.core.errors import ValidationFailed
from kpss.core.permissions import require_perm

SECRET_PREFIX = "kpss_"  # noqa: S105 (a marker, not a secret)
#: `last_used_at` is written at most this often per token.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)
NAME_MAX_LENGTH = 100


def api_token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _payload(token: ApiToken) -> dict[str, Any]:
    return {
        "user": token.user.get_username(),
        "name": token.name,
        "prefix": token.prefix,
        "expires_on": token.expires_on.isoformat() if token.expires_on else None,
    }


def api_token_create(
    *, actor: Any, user: User, name: str, expires_on: dt.date | None = None
) -> tuple[ApiToken, str]:
    """Create a token for `user`; return it with its secret, which is not stored anywhere."""
    require_perm(actor, "accounts.manage_api_token", user)
    name = (name or "").strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("Give the token a name, e.g. the script that will use it.")
    elif len(name) > NAME_MAX_LENGTH:
        errors["name"] = _("The name may have at most %(max)d characters.") % {
            "max": NAME_MAX_LENGTH
        }
    if expires_on is not None and expires_on <= timezone.localdate():
        errors["expires_on"] = _("The expiry date must be in the future.")
    if not user.is_active or getattr(user, "is_system", False):
        errors["user"] = _("Tokens can be created only for active people.")
    if errors:
        raise ValidationFailed(" ".join(errors.values()), **errors)
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name,
            prefix=secret[: len(SECRET_PREFIX) + ApiToken.PREFIX_LENGTH],
            secret_hash=api_token_hash(secret),
            expires_on=expires_on,
        )
        audit_record(actor=actor, verb="api_token.create", obj=token, payload=_payload(token))
    return token, secret


def api_token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    """Revoke the token; it stops working at once. Revoking twice changes nothing."""
    require_perm(actor, "accounts.manage_api_token", token)
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit_record(actor=actor, verb="api_token.revoke", obj=token, payload=_payload(token))
    return token


def api_token_authenticate(secret: str) -> ApiToken | None:
    """The active token with this secret (its user loaded), or None. Marks it as used,
    writing `last_used_at` at most once a minute."""
    if not secret or len(secret) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user").filter(secret_hash=api_token_hash(secret)).first()
    )
    if token is None or not token.is_active_on(timezone.localdate()) or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
