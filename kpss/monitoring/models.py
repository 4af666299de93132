"""Models of monitoring: the yearly action plans of a plan in force, the progress of their
measures and activities, yearly indicator values and the yearly evaluation reports.

Measures are linked by their lineage (shared by the copies of one measure across plan
versions), so a revision of the plan keeps the history of implementation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kpss.core.models import BaseModel
from kpss.organisations.models import Organisation
from kpss.planning.models import Activity, Indicator, Measure, Plan, PlanVersion


class Publication(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class ItemStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    POSTPONED = "postponed", _("postponed")
    CANCELLED = "cancelled", _("cancelled")


class ActionPlan(BaseModel):
    """The action plan of one year of a plan: which measures and activities are scheduled,
    by whom, for how much and with which milestones. Generated from the version in force."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="action_plans"
    )
    plan_version = models.ForeignKey(
        PlanVersion,
        verbose_name=_("generated from version"),
        on_delete=models.PROTECT,
        related_name="action_plans",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    state = models.CharField(
        _("state"), max_length=12, choices=Publication.choices, default=Publication.DRAFT
    )
    note = models.TextField(_("note"), blank=True)
    update_interval_days = models.PositiveSmallIntegerField(
        _("progress update every (days)"),
        default=90,
        help_text=_("The responsible organisations are reminded when an update is due."),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["plan", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year"], name="action_plan_once_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} – {self.year}"

    @property
    def is_published(self) -> bool:
        return self.state == Publication.PUBLISHED


class ActionItem(BaseModel):
    """A measure (activity empty) or one of its activities scheduled in an action plan, with
    its current progress (the latest ProgressUpdate)."""

    action_plan = models.ForeignKey(
        ActionPlan, verbose_name=_("action plan"), on_delete=models.CASCADE, related_name="items"
    )
    measure_lineage = models.UUIDField(_("measure lineage"), db_index=True)
    measure = models.ForeignKey(
        Measure,
        verbose_name=_("measure"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
    )
    is_activity = models.BooleanField(_("activity"), default=False)
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=300)
    responsible_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("responsible organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
    )
    budget_czk = models.PositiveBigIntegerField(_("budget for the year (CZK)"), default=0)
    spent_czk = models.PositiveBigIntegerField(_("spent (CZK)"), default=0)
    status = models.CharField(
        _("status"), max_length=12, choices=ItemStatus.choices, default=ItemStatus.NOT_STARTED
    )
    percent = models.PositiveSmallIntegerField(_("completion (%)"), default=0)
    reason = models.TextField(_("reason"), blank=True)
    next_update_due = models.DateField(_("next update due"), null=True, blank=True)
    reminded_for = models.DateField(_("reminded for the due date"), null=True, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("scheduled measure or activity")
        verbose_name_plural = _("scheduled measures and activities")
        ordering = ["action_plan", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="action_item_percent"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Milestone(BaseModel):
    item = models.ForeignKey(
        ActionItem, verbose_name=_("item"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("milestone"), max_length=250)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("reached on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["item", "due_on", "id"]

    def __str__(self) -> str:
        return self.title


class ProgressUpdate(BaseModel):
    """One report on an item: status, reason, completion and evidence. Never edited; the
    item keeps the latest values."""

    item = models.ForeignKey(
        ActionItem, verbose_name=_("item"), on_delete=models.CASCADE, related_name="updates"
    )
    status = models.CharField(_("status"), max_length=12, choices=ItemStatus.choices)
    percent = models.PositiveSmallIntegerField(_("completion (%)"))
    reason = models.TextField(_("reason"), blank=True)
    spent_czk = models.PositiveBigIntegerField(_("spent so far (CZK)"), default=0)
    evidence_links = models.JSONField(_("evidence links"), default=list, blank=True)
    evidence_file = models.FileField(
        _("evidence file"), upload_to="monitoring/evidence/%Y/", blank=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["item", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.item}: {self.status} {self.percent} %"


class IndicatorValue(BaseModel):
    """The actual value of a plan indicator in a year. Keyed by the measure's lineage and the
    indicator's name, so values survive a revision of the plan."""

    class Source(models.TextChoices):
        ENTERED = "entered", _("entered")
        IMPORTED = "imported", _("imported")
        COMPUTED = "computed", _("computed")

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="indicator_values"
    )
    measure_lineage = models.UUIDField(_("measure lineage"))
    indicator_name = models.CharField(_("indicator"), max_length=300)
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="values",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["plan", "indicator_name", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "measure_lineage", "indicator_name", "year"],
                name="indicator_value_once_per_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_name} {self.year}: {self.value}"


class Evaluation(BaseModel):
    """The yearly evaluation report of a plan. A draft is recomputed from the data on every
    view; publishing freezes the data (`content`) and the commentary for good. A correction
    is a new numbered version."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="evaluations"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("version number"), default=1)
    state = models.CharField(
        _("state"), max_length=12, choices=Publication.choices, default=Publication.DRAFT
    )
    commentary = models.JSONField(_("commentary per section"), default=dict, blank=True)
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("A short summary; it feeds the evaluation of the previous plan."),
    )
    content = models.JSONField(_("frozen data"), default=dict, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("evaluation report")
        verbose_name_plural = _("evaluation reports")
        ordering = ["plan", "-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "year", "number"], name="evaluation_number_unique"
            ),
            models.UniqueConstraint(
                fields=["plan", "year"], condition=Q(state="draft"), name="evaluation_one_draft"
            ),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(published_at__isnull=False),
                name="evaluation_published_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} – {self.year} (v{self.number})"

    @property
    def is_published(self) -> bool:
        return self.state == Publication.PUBLISHED
