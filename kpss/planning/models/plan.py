"""A plan of a planning area for a period, its numbered versions and their state history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kpss.core.models import BaseModel
from kpss.territory.models import PlanningArea


class Plan(BaseModel):
    """A mid-term plan for the development of social services (SPRSS) for a period."""

    planning_area = models.ForeignKey(
        PlanningArea,
        verbose_name=_("planning area"),
        on_delete=models.CASCADE,
        related_name="plans",
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    period_from_year = models.PositiveSmallIntegerField(_("from year"))
    period_to_year = models.PositiveSmallIntegerField(_("to year"))
    is_example = models.BooleanField(
        _("illustrative content"),
        default=False,
        help_text=_("The priorities and measures are an example, not the real text of a plan."),
    )

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["planning_area", "-period_from_year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_to_year__gte=models.F("period_from_year")),
                name="plan_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PlanVersion(BaseModel):
    """A numbered version of a plan. The draft lives in the content tables; from the moment
    it is frozen (published for consultation or sent to the councils) `content` holds the
    full snapshot and nothing may change it."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        IN_CONSULTATION = "in_consultation", _("in public consultation")
        SETTLEMENT = "settlement", _("settlement of comments")
        SUBMITTED_TO_COUNCILS = "submitted_to_councils", _("submitted to the councils")
        IN_FORCE = "in_force", _("in force")
        SUPERSEDED = "superseded", _("superseded")

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version number"))
    state = models.CharField(
        _("state"), max_length=24, choices=State.choices, default=State.DRAFT, db_index=True
    )
    content = models.JSONField(_("frozen content"), default=dict, blank=True)
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("based on"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_unique"),
            models.UniqueConstraint(
                fields=["plan"], condition=Q(state="draft"), name="plan_one_draft"
            ),
            models.UniqueConstraint(
                fields=["plan"], condition=Q(state="in_force"), name="plan_one_in_force"
            ),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(frozen_at__isnull=False),
                name="plan_version_frozen_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} – v{self.number}"

    @property
    def is_frozen(self) -> bool:
        return self.state != self.State.DRAFT


class PlanVersionTransition(models.Model):
    """The history of a version's states: who moved it, when, and by which action."""

    plan_version = models.ForeignKey(
        PlanVersion,
        verbose_name=_("plan version"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    action = models.CharField(_("action"), max_length=40)
    from_state = models.CharField(_("from state"), max_length=24)
    to_state = models.CharField(_("to state"), max_length=24)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    occurred_at = models.DateTimeField(_("occurred at"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")
        ordering = ["plan_version", "occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.plan_version}: {self.from_state} → {self.to_state}"
