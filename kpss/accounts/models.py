from __future__ import annotations

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
