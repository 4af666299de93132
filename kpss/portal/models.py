"""Curated texts of the public portal: life situations and plain-language service guides.

They are editorial content of the portal, not registry data: a life situation ("I care for a
parent at home") maps to the service types and target groups that can help; a guide explains
a service type (or, overriding it, one service) in plain words — who it is for, what it
costs and how to get it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kpss.core.models import BaseModel
from kpss.registry.models import Service, ServiceType, TargetGroup


class LifeSituation(BaseModel):
    slug = models.SlugField(_("code"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    keywords = models.CharField(
        _("search words"),
        max_length=300,
        blank=True,
        help_text=_("Further words people use for this situation, separated by spaces."),
    )
    service_types = models.ManyToManyField(
        ServiceType,
        verbose_name=_("service types that help"),
        blank=True,
        related_name="+",
        through="LifeSituationType",
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("target groups"), blank=True, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("shown"), default=True)

    class Meta:
        verbose_name = _("life situation")
        verbose_name_plural = _("life situations")
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title

    def ranked_type_ids(self) -> list[int]:
        """Ids of the service types that help, most fitting first."""
        return [link.service_type_id for link in self.type_links.all()]


class LifeSituationType(models.Model):
    """A service type that helps in a situation; `rank` 1 is the most fitting."""

    situation = models.ForeignKey(
        LifeSituation, on_delete=models.CASCADE, related_name="type_links"
    )
    service_type = models.ForeignKey(
        ServiceType, verbose_name=_("service type"), on_delete=models.CASCADE, related_name="+"
    )
    rank = models.PositiveSmallIntegerField(_("rank"), default=1)

    class Meta:
        verbose_name = _("service type of a life situation")
        verbose_name_plural = _("service types of a life situation")
        ordering = ["rank", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["situation", "service_type"], name="situation_type_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.situation} – {self.service_type}"


class ServiceGuide(BaseModel):
    """Plain-language text for a service type, or for one service (which then takes precedence).

    Exactly one of `service_type` and `service` is set.
    """

    service_type = models.OneToOneField(
        ServiceType,
        verbose_name=_("service type"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    service = models.OneToOneField(
        Service,
        verbose_name=_("service"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    plain_description = models.TextField(_("in plain words"), blank=True)
    who_for = models.TextField(_("who it is for"), blank=True)
    cost = models.TextField(_("what it costs"), blank=True)
    how_to_get = models.TextField(_("how to get it"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("plain-language guide")
        verbose_name_plural = _("plain-language guides")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(service_type__isnull=True) & models.Q(service__isnull=False))
                | (models.Q(service_type__isnull=False) & models.Q(service__isnull=True)),
                name="guide_for_type_or_service",
            )
        ]

    def __str__(self) -> str:
        return str(self.service or self.service_type)
