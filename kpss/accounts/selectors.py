"""Reads of accounts."""

from __future__ import annotations

from django.db.models import QuerySet

from kpss.accounts.models import ApiToken, User


def api_tokens_for_user(*, user: User) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first (revoked ones included, for the record)."""
    return ApiToken.objects.filter(user=user).select_related("user")


def api_token_list(*, user: User | None = None) -> QuerySet[ApiToken]:
    """All tokens (for operators), optionally of one user."""
    tokens = ApiToken.objects.select_related("user")
    return tokens.filter(user=user) if user is not None else tokens
