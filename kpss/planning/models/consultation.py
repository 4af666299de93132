"""Public consultation of a frozen plan version: the window, the comments and their
settlement (vypořádání)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kpss.core.models import BaseModel
from kpss.planning.models.content import Measure, Section
from kpss.planning.models.plan import PlanVersion


class Consultation(BaseModel):
    plan_version = models.OneToOneField(
        PlanVersion,
        verbose_name=_("plan version"),
        on_delete=models.CASCADE,
        related_name="consultation",
    )
    starts_on = models.DateField(_("comments from"))
    ends_on = models.DateField(_("comments until"))
    hearing_on = models.DateField(_("public hearing on"), null=True, blank=True)
    hearing_time = models.TimeField(_("public hearing at"), null=True, blank=True)
    hearing_place = models.CharField(_("public hearing place"), max_length=250, blank=True)
    settlement_published_at = models.DateTimeField(
        _("settlement published at"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("public consultation")
        verbose_name_plural = _("public consultations")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="consultation_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_version} ({self.starts_on:%d. %m. %Y}–{self.ends_on:%d. %m. %Y})"

    @property
    def settlement_is_published(self) -> bool:
        return self.settlement_published_at is not None


class Comment(BaseModel):
    """A comment of the public on a section or a measure: the fields of the paper form.

    The e-mail is only for the reply and is never shown publicly; the IP address is kept only
    as a salted hash, for rate limiting.
    """

    class CommenterKind(models.TextChoices):
        CITIZEN = "citizen", _("citizen")
        MUNICIPALITY = "municipality", _("municipality")
        PROVIDER = "provider", _("provider of services")
        OTHER = "other", _("other organisation")

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("accepted")
        PARTLY_ACCEPTED = "partly_accepted", _("partly accepted")
        NOT_ACCEPTED = "not_accepted", _("not accepted")
        NOTED = "noted", _("noted")

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("public consultation"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    number = models.PositiveIntegerField(_("number"))
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
    )
    measure = models.ForeignKey(
        Measure,
        verbose_name=_("measure"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
    )
    quoted_passage = models.TextField(_("quoted passage"), blank=True)
    author_name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"))
    consent_at = models.DateTimeField(_("consent given at"))
    organisation = models.CharField(_("organisation"), max_length=250, blank=True)
    commenter_kind = models.CharField(
        _("commenting as"), max_length=12, choices=CommenterKind.choices
    )
    proposed_change = models.TextField(_("proposed change"))
    justification = models.TextField(_("justification"), blank=True)
    ip_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    is_example = models.BooleanField(_("example comment"), default=False)
    hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    outcome_reason = models.TextField(_("reason for the outcome"), blank=True)
    resulting_section = models.ForeignKey(
        Section,
        verbose_name=_("resulting section"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resulting_measure = models.ForeignKey(
        Measure,
        verbose_name=_("resulting measure"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("settled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["consultation", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "number"], name="comment_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(section__isnull=True, measure__isnull=False)
                | Q(section__isnull=False, measure__isnull=True),
                name="comment_one_target",
            ),
            models.CheckConstraint(
                condition=Q(hidden=False) | ~Q(hidden_reason=""),
                name="comment_hidden_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | ~Q(outcome_reason=""),
                name="comment_outcome_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.author_name}"

    @property
    def is_settled(self) -> bool:
        return bool(self.outcome)
