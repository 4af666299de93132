from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in. Roles come from memberships in organisations, not from here."""

    is_system = models.BooleanField(
        _("system account"),
        default=False,
        help_text=_("The account under which command-line operations are recorded."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


SYSTEM_USERNAME = "system"


def system_actor() -> User:
    """The actor for operator commands run from the CLI; it cannot sign in."""
    user, _created = User.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"is_system": True, "is_active": False, "first_name": "KPSS", "last_name": "CLI"},
    )
    return user


class ApiToken(models.Model):
    """A personal token with which a script calls the API as its owner.

    Only the SHA-256 hash of the secret is stored; the secret is shown once, when the token
    is created. The prefix (the secret's first characters) lets people tell tokens apart.
    """

    PREFIX_LENGTH = 8

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16)
    secret_hash = models.CharField(_("secret hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_active_on(self, day: Any) -> bool:
        """Not revoked, and not past its expiry date on the given day."""
        if self.revoked_at is not None:
            return False
        return self.expires_on is None or day <= self.expires_on
