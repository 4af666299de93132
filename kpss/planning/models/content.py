"""The editable content of a plan version: sections (Decree 505/2006, part VII), the strategic
part (priority → measure → activity, with costs, indicators and network changes) and the
network of services."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kpss.core.models import BaseModel
from kpss.governance.models import Body
from kpss.needs.models import AnalysisRun, Need
from kpss.organisations.models import Organisation
from kpss.planning.models.plan import PlanVersion
from kpss.registry.models import Form, Service, ServiceType, TargetGroup
from kpss.territory.models import Municipality


class Section(BaseModel):
    """A text part of the plan, in Markdown (sanitised when rendered)."""

    class Kind(models.TextChoices):
        DESCRIPTIVE = "descriptive", _("descriptive part")
        ANALYTICAL = "analytical", _("analytical part")
        EVALUATION = "evaluation", _("evaluation of the previous plan")
        STRATEGIC = "strategic", _("strategic part")
        NETWORK = "network", _("securing the network of services")

    plan_version = models.ForeignKey(
        PlanVersion,
        verbose_name=_("plan version"),
        on_delete=models.CASCADE,
        related_name="sections",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=250)
    body = models.TextField(_("text (Markdown)"), blank=True)
    # A stored gap analysis whose table the section shows after its text; freezing copies
    # the table into the snapshot, so a later change of the run cannot alter the plan.
    analysis_run = models.ForeignKey(
        AnalysisRun,
        verbose_name=_("embedded analysis"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["plan_version", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan_version", "kind"], name="section_kind_once_per_version"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Priority(BaseModel):
    plan_version = models.ForeignKey(
        PlanVersion,
        verbose_name=_("plan version"),
        on_delete=models.CASCADE,
        related_name="priorities",
    )
    lineage = models.UUIDField(
        _("lineage"), default=uuid.uuid4, help_text=_("Shared by the copies of one priority.")
    )
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        ordering = ["plan_version", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan_version", "code"], name="priority_code_unique_in_version"
            ),
            models.UniqueConstraint(
                fields=["plan_version", "lineage"], name="priority_lineage_once_per_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Measure(BaseModel):
    """An opatření: what will be done, why, by whom, for how much and how it is measured."""

    plan_version = models.ForeignKey(
        PlanVersion,
        verbose_name=_("plan version"),
        on_delete=models.CASCADE,
        related_name="measures",
    )
    priority = models.ForeignKey(
        Priority, verbose_name=_("priority"), on_delete=models.CASCADE, related_name="measures"
    )
    lineage = models.UUIDField(
        _("lineage"), default=uuid.uuid4, help_text=_("Shared by the copies of one measure.")
    )
    code = models.CharField(_("code"), max_length=20, help_text=_("For example 2.1.3."))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    reason = models.TextField(_("reason"), blank=True)
    needs = models.ManyToManyField(Need, verbose_name=_("needs addressed"), blank=True)
    working_group = models.ForeignKey(
        Body,
        verbose_name=_("working group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_measures",
    )
    target_groups = models.ManyToManyField(TargetGroup, verbose_name=_("target groups"), blank=True)
    service_types = models.ManyToManyField(ServiceType, verbose_name=_("service types"), blank=True)
    forms = models.ManyToManyField(Form, verbose_name=_("forms"), blank=True)
    municipalities = models.ManyToManyField(
        Municipality, verbose_name=_("municipalities concerned"), blank=True
    )
    responsible_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("responsible organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    partners = models.TextField(_("partners"), blank=True)
    year_from = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    year_to = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["plan_version", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan_version", "code"], name="measure_code_unique_in_version"
            ),
            models.UniqueConstraint(
                fields=["plan_version", "lineage"], name="measure_lineage_once_per_version"
            ),
            models.CheckConstraint(
                condition=Q(year_to__isnull=True)
                | Q(year_from__isnull=True)
                | Q(year_to__gte=models.F("year_from")),
                name="measure_timeframe_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Activity(BaseModel):
    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="activities"
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["measure", "order", "id"]

    def __str__(self) -> str:
        return self.title


class FundingSource(models.TextChoices):
    REGION = "region", _("region")
    STATE = "state", pgettext_lazy("funding source", "state")
    MUNICIPALITIES = "municipalities", _("municipalities")
    USERS = "users", _("users' payments")
    HEALTH_INSURANCE = "health_insurance", _("health insurance")
    EU = "eu", _("EU funds")
    OTHER = "other", _("other sources")


class MeasureCost(BaseModel):
    """Estimated cost of a measure in one year from one source, in whole CZK."""

    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="costs"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("funding source"), max_length=20, choices=FundingSource.choices)
    amount_czk = models.PositiveBigIntegerField(_("amount (CZK)"))

    class Meta:
        verbose_name = _("estimated cost")
        verbose_name_plural = _("estimated costs")
        ordering = ["measure", "year", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "year", "source"], name="measure_cost_once_per_year_source"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.source}: {self.amount_czk}"


class Indicator(BaseModel):
    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=50)
    baseline = models.DecimalField(
        _("baseline"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    source = models.CharField(_("source of data"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["measure", "order", "id"]

    def __str__(self) -> str:
        return self.name


class NetworkChange(BaseModel):
    """The change of the network a measure implies: capacity or units of a service type."""

    measure = models.ForeignKey(
        Measure,
        verbose_name=_("measure"),
        on_delete=models.CASCADE,
        related_name="network_changes",
    )
    service_type = models.ForeignKey(
        ServiceType, verbose_name=_("service type"), on_delete=models.PROTECT
    )
    form = models.ForeignKey(
        Form, verbose_name=_("form"), on_delete=models.PROTECT, null=True, blank=True
    )
    delta_capacity = models.IntegerField(_("change of capacity"), default=0)
    delta_units = models.DecimalField(
        _("change of network units"), max_digits=8, decimal_places=2, default=0
    )
    year = models.PositiveSmallIntegerField(_("year"))

    class Meta:
        verbose_name = _("network change")
        verbose_name_plural = _("network changes")
        ordering = ["measure", "year", "id"]

    def __str__(self) -> str:
        return f"{self.service_type} {self.year}: {self.delta_capacity:+d}"


class NetworkEntry(BaseModel):
    """A registered service the plan includes in the local network, with its capacity, units
    and planned changes per year (`planned_changes`: [{"year", "delta_capacity",
    "delta_units"}])."""

    plan_version = models.ForeignKey(
        PlanVersion,
        verbose_name=_("plan version"),
        on_delete=models.CASCADE,
        related_name="network_entries",
    )
    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.PROTECT)
    form = models.ForeignKey(
        Form, verbose_name=_("form"), on_delete=models.PROTECT, null=True, blank=True
    )
    capacity = models.DecimalField(
        _("capacity"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    network_units = models.DecimalField(
        _("network units"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    planned_changes = models.JSONField(_("planned changes per year"), default=list, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("network entry")
        verbose_name_plural = _("network entries")
        ordering = ["plan_version", "service__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan_version", "service", "form"], name="network_entry_once"
            ),
        ]

    def __str__(self) -> str:
        return str(self.service)
