"""Needs of a planning area: the needs register, SWOT, capacity norms, stored analysis runs
and needs surveys."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kpss.core.models import BaseModel
from kpss.registry.models import AgeBand, CapacityType, Form, ServiceType, TargetGroup
from kpss.territory.models import Municipality, PlanningArea


class PopulationGroup(models.TextChoices):
    """The population a norm is measured against (the age groups the data has)."""

    TOTAL = "total", _("all inhabitants")
    AGE_0_14 = "age_0_14", _("aged 0–14")
    AGE_15_64 = "age_15_64", _("aged 15–64")
    AGE_65_PLUS = "age_65_plus", _("aged 65+")


class Need(BaseModel):
    """A numbered need of the territory, as municipalities and working groups raise them."""

    class RaisedBy(models.TextChoices):
        WORKING_GROUP = "working_group", _("working group")
        MUNICIPALITY = "municipality", _("municipality")
        SURVEY = "survey", _("survey")
        PROVIDER = "provider", _("provider")
        USERS = "users", _("users and public")
        ANALYSIS = "analysis", _("analysis of data")

    class Priority(models.TextChoices):
        HIGH = "high", _("high")
        MEDIUM = "medium", _("medium")
        LOW = "low", _("low")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        ACCEPTED = "accepted", _("accepted")
        IN_PLAN = "in_plan", _("addressed in the plan")
        MET = "met", _("met")
        REJECTED = "rejected", _("rejected")

    planning_area = models.ForeignKey(
        PlanningArea,
        verbose_name=_("planning area"),
        on_delete=models.CASCADE,
        related_name="needs",
    )
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    target_group = models.ForeignKey(
        TargetGroup, verbose_name=_("target group"), on_delete=models.PROTECT, null=True, blank=True
    )
    service_types = models.ManyToManyField(ServiceType, verbose_name=_("service types"), blank=True)
    municipalities = models.ManyToManyField(
        Municipality, verbose_name=_("municipalities concerned"), blank=True
    )
    raised_by = models.CharField(_("raised by"), max_length=20, choices=RaisedBy.choices)
    raised_by_name = models.CharField(_("raised by (name)"), max_length=200, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    identified_on = models.DateField(
        _("identified on"),
        null=True,
        blank=True,
        help_text=_(
            "When the need was first identified (a survey, a meeting); empty means the day it "
            "was recorded."
        ),
    )
    regional_need_number = models.PositiveSmallIntegerField(
        _("regional need number"),
        null=True,
        blank=True,
        help_text=_("The number of the need in the region's model (1–13 in the Zlín Region)."),
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    is_public = models.BooleanField(_("published"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["planning_area", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["planning_area", "number"], name="need_number_unique_in_area"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def identified_date(self) -> dt.date:
        """When the need arose: as entered, else the day it was recorded (for the time to
        respond to it, a goal of the network)."""
        return self.identified_on or timezone.localdate(self.created_at)


class SwotItem(BaseModel):
    class Kind(models.TextChoices):
        STRENGTH = "S", _("strength")
        WEAKNESS = "W", _("weakness")
        OPPORTUNITY = "O", _("opportunity")
        THREAT = "T", _("threat")

    planning_area = models.ForeignKey(
        PlanningArea,
        verbose_name=_("planning area"),
        on_delete=models.CASCADE,
        related_name="swot_items",
    )
    target_group = models.ForeignKey(
        TargetGroup, verbose_name=_("target group"), on_delete=models.PROTECT, null=True, blank=True
    )
    topic = models.CharField(_("topic or working group"), max_length=150, blank=True)
    kind = models.CharField(_("kind"), max_length=1, choices=Kind.choices)
    text = models.TextField(_("text"))
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("SWOT item")
        verbose_name_plural = _("SWOT items")
        ordering = ["planning_area", "topic", "kind", "order", "id"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.text[:60]}"


class NormSet(BaseModel):
    """A set of capacity norms. Czech law sets no binding norms, so they are editable data;
    a set without an area is shipped with the product and can be copied into an area."""

    planning_area = models.ForeignKey(
        PlanningArea,
        verbose_name=_("planning area"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="norm_sets",
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("norm set")
        verbose_name_plural = _("norm sets")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["planning_area", "name"], name="norm_set_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Norm(BaseModel):
    class Unit(models.TextChoices):
        CAPACITY = "capacity", _("registered capacity")
        BEDS = "beds", _("beds (network units)")
        FTE = "fte", _("direct-care FTE (network units)")

    norm_set = models.ForeignKey(
        NormSet, verbose_name=_("norm set"), on_delete=models.CASCADE, related_name="norms"
    )
    service_type = models.ForeignKey(
        ServiceType, verbose_name=_("service type"), on_delete=models.PROTECT
    )
    form = models.ForeignKey(
        Form, verbose_name=_("form"), on_delete=models.PROTECT, null=True, blank=True
    )
    population_group = models.CharField(
        _("population group"), max_length=12, choices=PopulationGroup.choices
    )
    value_per_1000 = models.DecimalField(
        _("per 1,000 inhabitants of the group"), max_digits=8, decimal_places=3
    )
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.CAPACITY)
    capacity_type = models.ForeignKey(
        CapacityType,
        verbose_name=_("capacity type"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    source = models.TextField(_("source"))
    is_assumption = models.BooleanField(
        _("assumption to confirm"),
        default=True,
        help_text=_("An assumed value the coordinator must confirm, not a published figure."),
    )

    class Meta:
        verbose_name = _("norm")
        verbose_name_plural = _("norms")
        ordering = ["norm_set", "service_type__order"]
        constraints = [
            models.CheckConstraint(condition=Q(value_per_1000__gte=0), name="norm_not_negative"),
            models.UniqueConstraint(
                fields=["norm_set", "service_type", "form"], name="norm_once_per_type_form"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_type}: {self.value_per_1000}/1000"


class AnalysisRun(BaseModel):
    """A stored analysis: inputs, parameters, norms and data versions with the results, so a
    number shown in a plan can always be traced back."""

    class Kind(models.TextChoices):
        GAPS = "gaps", _("capacity gaps")
        ACCESSIBILITY = "accessibility", _("spatial accessibility")

    planning_area = models.ForeignKey(
        PlanningArea,
        verbose_name=_("planning area"),
        on_delete=models.CASCADE,
        related_name="analysis_runs",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    label = models.CharField(_("label"), max_length=200, blank=True)
    parameters = models.JSONField(_("parameters"), default=dict)
    inputs = models.JSONField(_("inputs and data versions"), default=dict)
    results = models.JSONField(_("results"), default=dict)
    is_scenario = models.BooleanField(_("scenario"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("analysis run")
        verbose_name_plural = _("analysis runs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"


class Survey(BaseModel):
    """A needs survey: built by the coordinator, answered anonymously at a public URL."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("open for answers")
        CLOSED = "closed", _("closed")

    planning_area = models.ForeignKey(
        PlanningArea,
        verbose_name=_("planning area"),
        on_delete=models.CASCADE,
        related_name="surveys",
    )
    public_id = models.UUIDField(
        _("public identifier"), default=uuid.uuid4, unique=True, editable=False
    )
    title = models.CharField(_("title"), max_length=250)
    introduction = models.TextField(_("introduction"), blank=True)
    target_group = models.ForeignKey(
        TargetGroup, verbose_name=_("target group"), on_delete=models.PROTECT, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    opens_on = models.DateField(_("open from"), null=True, blank=True)
    closes_on = models.DateField(_("open until"), null=True, blank=True)
    ask_municipality = models.BooleanField(_("ask for municipality of residence"), default=True)
    ask_age_band = models.BooleanField(_("ask for age band"), default=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__isnull=True)
                | Q(opens_on__isnull=True)
                | Q(closes_on__gte=models.F("opens_on")),
                name="survey_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Question(BaseModel):
    class Kind(models.TextChoices):
        SINGLE = "single", _("single choice")
        MULTIPLE = "multiple", _("multiple choice")
        SCALE = "scale", _("scale")
        TEXT = "text", _("free text")

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=False)
    scale_min = models.PositiveSmallIntegerField(_("scale from"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("scale to"), default=5)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["survey", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scale_max__gt=models.F("scale_min")), name="question_scale_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.text


class Choice(BaseModel):
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="choices"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    text = models.CharField(_("answer option"), max_length=300)

    class Meta:
        verbose_name = _("answer option")
        verbose_name_plural = _("answer options")
        ordering = ["question", "order", "id"]

    def __str__(self) -> str:
        return self.text


class Response(BaseModel):
    """One anonymous filled-in questionnaire. No personal data is asked for."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="responses"
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality of residence"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    age_band = models.ForeignKey(
        AgeBand, verbose_name=_("age band"), on_delete=models.PROTECT, null=True, blank=True
    )

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["survey", "created_at"]

    def __str__(self) -> str:
        return f"{self.survey} #{self.pk}"


class Answer(BaseModel):
    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers"
    )
    choices = models.ManyToManyField(Choice, verbose_name=_("chosen options"), blank=True)
    scale_value = models.PositiveSmallIntegerField(_("value"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="answer_once_per_question"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.text or self.scale_value or ''}"
