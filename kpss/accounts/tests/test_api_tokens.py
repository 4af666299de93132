from __future__ import annotations

import datetime as dt
import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from kpss.accounts.models import ApiToken
from kpss.accounts.services import (
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
)
from kpss.core.errors import PermissionDenied, ValidationFailed
from kpss.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_create_stores_only_a_hash_and_returns_the_secret_once(coordinator):
    token, secret = api_token_create(actor=coordinator, user=coordinator, name="Import")
    assert secret.startswith("kpss_")
    assert len(secret) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {getattr(stored, f.attname) for f in ApiToken._meta.fields}
    assert stored.prefix == secret[:13]
    assert secret.startswith(stored.prefix)
    event = AuditEvent.objects.get(verb="api_token.create")
    assert event.actor == coordinator
    assert secret not in str(event.payload)
    assert stored.secret_hash not in str(event.payload)
    assert event.payload["prefix"] == stored.prefix


def test_people_manage_only_their_own_tokens(coordinator, officer, admin):
    with pytest.raises(PermissionDenied):
        api_token_create(actor=officer, user=coordinator, name="Cizí")
    token, _secret = api_token_create(actor=admin, user=coordinator, name="Od správce")
    with pytest.raises(PermissionDenied):
        api_token_revoke(actor=officer, token=token)
    api_token_revoke(actor=coordinator, token=token)
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(verb="api_token.revoke", actor=coordinator).count() == 1
    api_token_revoke(actor=admin, token=token)  # twice: nothing more happens
    assert AuditEvent.objects.filter(verb="api_token.revoke").count() == 1


def test_create_validates_name_and_expiry(coordinator):
    with pytest.raises(ValidationFailed) as exc:
        api_token_create(
            actor=coordinator, user=coordinator, name=" ", expires_on=timezone.localdate()
        )
    assert set(exc.value.details) == {"name", "expires_on"}


def test_authenticate_refuses_revoked_expired_and_unknown(coordinator):
    token, secret = api_token_create(
        actor=coordinator,
        user=coordinator,
        name="Krátký",
        expires_on=timezone.localdate() + dt.timedelta(days=1),
    )
    assert api_token_authenticate(secret) == token
    assert api_token_authenticate(secret + "x") is None
    assert api_token_authenticate("") is None
    ApiToken.objects.filter(pk=token.pk).update(expires_on=timezone.localdate() - dt.timedelta(1))
    assert api_token_authenticate(secret) is None
    ApiToken.objects.filter(pk=token.pk).update(expires_on=None)
    assert api_token_authenticate(secret) == token
    api_token_revoke(actor=coordinator, token=token)
    assert api_token_authenticate(secret) is None


def test_last_used_is_written_at_most_once_a_minute(coordinator):
    token, secret = api_token_create(actor=coordinator, user=coordinator, name="Skript")
    assert token.last_used_at is None
    first = api_token_authenticate(secret).last_used_at
    assert first is not None
    assert api_token_authenticate(secret).last_used_at == first
    earlier = first - dt.timedelta(seconds=61)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=earlier)
    assert api_token_authenticate(secret).last_used_at > earlier


def test_cli_creates_lists_and_revokes(coordinator):
    out, err = StringIO(), StringIO()
    call_command(
        "api_token",
        "create",
        "--user",
        coordinator.username,
        "--name",
        "Noční import",
        "--expires",
        "2099-12-31",
        stdout=out,
        stderr=err,
    )
    lines = out.getvalue().splitlines()
    secret = lines[-1]
    token = ApiToken.objects.get()
    assert api_token_authenticate(secret) == token
    assert token.expires_on == dt.date(2099, 12, 31)
    assert "not shown again" in err.getvalue() or "znovu" in err.getvalue()
    out = StringIO()
    call_command("api_token", "list", "--user", coordinator.username, stdout=out)
    assert token.prefix in out.getvalue()
    assert secret not in out.getvalue()
    call_command("api_token", "revoke", str(token.pk), stdout=StringIO())
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.get(verb="api_token.revoke").actor_label == "system"


def test_cli_errors(coordinator):
    with pytest.raises(CommandError):
        call_command("api_token", "create", "--user", "nikdo", "--name", "x", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command(
            "api_token",
            "create",
            "--user",
            coordinator.username,
            "--name",
            "x",
            "--expires",
            "31. 12. 2027",
            stdout=StringIO(),
        )
    with pytest.raises(CommandError):
        call_command("api_token", "revoke", "999", stdout=StringIO())
