from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kpss.core.models import BaseModel
from kpss.territory.models import Municipality, PlanningArea


class Organisation(BaseModel):
    """A body that takes part in planning: municipality, union, region, provider or other."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("municipality")
        UNION = "union", _("union of municipalities")
        REGION = "region", _("region")
        PROVIDER = "provider", _("provider of social services")
        OTHER = "other", _("other")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=250)
    ico = models.CharField(
        _("IČO"), max_length=8, blank=True, help_text=_("8 digits; links a provider's users.")
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    web = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["ico"], condition=~Q(ico=""), name="organisation_ico_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(BaseModel):
    """A user acts for an organisation in a planning area with one role.

    The role decides what the user may do (see permissions.py); the area scopes it.
    """

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("KPSS coordinator")
        MUNICIPALITY_OFFICER = "municipality_officer", _("municipality officer")
        PROVIDER = "provider", _("provider staff")
        MEMBER = "member", _("planning participant")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    planning_area = models.ForeignKey(
        PlanningArea,
        verbose_name=_("planning area"),
        on_delete=models.CASCADE,
        related_name="user_memberships",
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "planning_area", "role"],
                name="membership_unique",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.user} – {self.get_role_display()} ({self.organisation}, {self.planning_area})"
        )
