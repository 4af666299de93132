"""Opinions of the member municipalities' councils and the approval by the assembly."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kpss.core.models import BaseModel
from kpss.governance.models import Body
from kpss.planning.models.plan import PlanVersion
from kpss.territory.models import Municipality


class CouncilOpinion(BaseModel):
    class Result(models.TextChoices):
        AGREES = "agrees", _("agrees")
        AGREES_WITH_RESERVATIONS = "agrees_with_reservations", _("agrees with reservations")
        DISAGREES = "disagrees", _("disagrees")
        NOT_DISCUSSED = "not_discussed", _("not discussed")

    plan_version = models.ForeignKey(
        PlanVersion,
        verbose_name=_("plan version"),
        on_delete=models.CASCADE,
        related_name="council_opinions",
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT
    )
    resolution_number = models.CharField(_("resolution number"), max_length=60, blank=True)
    decided_on = models.DateField(_("date"))
    result = models.CharField(_("result"), max_length=24, choices=Result.choices)
    note = models.TextField(_("note"), blank=True)
    file = models.FileField(_("file"), upload_to="planning/council_opinions/%Y/", blank=True)
    is_example = models.BooleanField(_("example record"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("council opinion")
        verbose_name_plural = _("council opinions")
        ordering = ["plan_version", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan_version", "municipality"], name="council_opinion_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.get_result_display()}"


class Approval(BaseModel):
    """The assembly's resolution that puts a version in force."""

    plan_version = models.OneToOneField(
        PlanVersion,
        verbose_name=_("plan version"),
        on_delete=models.CASCADE,
        related_name="approval",
    )
    body = models.ForeignKey(
        Body,
        verbose_name=_("approving body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_approvals",
    )
    body_name = models.CharField(
        _("approving body (name)"),
        max_length=250,
        help_text=_("As written in the resolution; filled from the body when there is one."),
    )
    resolution_number = models.CharField(_("resolution number"), max_length=60, blank=True)
    decided_on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        ordering = ["-decided_on"]

    def __str__(self) -> str:
        return f"{self.body_name} {self.decided_on:%d. %m. %Y}"
