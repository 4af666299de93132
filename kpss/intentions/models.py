"""Development intentions (rozvojové záměry) of providers, the calls they answer, the
coordinator's assessment and the numbered statement of consistency with the plan."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kpss.core.models import BaseModel
from kpss.needs.models import Need
from kpss.organisations.models import Organisation
from kpss.planning.models import Measure
from kpss.registry.models import Form, Provider, Service, ServiceType, TargetGroup
from kpss.territory.models import Municipality, PlanningArea

#: Labels of the funding sources (planning.FundingSource keys); with a context, because a
#: bare "state" means the state of a record elsewhere.
FUNDING_LABELS = {
    "region": pgettext_lazy("funding source", "region"),
    "state": pgettext_lazy("funding source", "state"),
    "municipalities": pgettext_lazy("funding source", "municipalities"),
    "users": pgettext_lazy("funding source", "users' payments"),
    "health_insurance": pgettext_lazy("funding source", "health insurance"),
    "eu": pgettext_lazy("funding source", "EU funds"),
    "other": pgettext_lazy("funding source", "other sources"),
}


class NetworkLayer(models.TextChoices):
    BASIC = "basic", _("basic network")
    TEMPORARY = "temporary", _("temporary network")
    POOL = "pool", _("pool of intentions")


class Call(BaseModel):
    """A call (výzva) for development intentions of one year in one planning area."""

    class State(models.TextChoices):
        OPEN = "open", _("announced")
        CLOSED = "closed", _("closed")

    planning_area = models.ForeignKey(
        PlanningArea,
        verbose_name=_("planning area"),
        on_delete=models.CASCADE,
        related_name="intention_calls",
    )
    year = models.PositiveSmallIntegerField(_("year of the network"))
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    submission_from = models.DateField(_("submissions from"))
    submission_to = models.DateField(_("submissions until"))
    statement_from = models.DateField(_("statements from"))
    statement_to = models.DateField(_("statements until"))
    layers = models.JSONField(_("admitted network layers"), default=list, blank=True)
    service_types = models.ManyToManyField(
        ServiceType,
        verbose_name=_("admitted service types"),
        blank=True,
        help_text=_("None selected: every service type is admitted."),
    )
    regional_needs = models.CharField(
        _("regional need numbers"),
        max_length=200,
        blank=True,
        help_text=_("The numbers of the region's needs the call answers, e.g. 12, 13."),
    )
    measures = models.ManyToManyField(
        Measure, verbose_name=_("action-plan measures"), blank=True, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.OPEN, db_index=True
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    is_example = models.BooleanField(_("illustrative content"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("call for intentions")
        verbose_name_plural = _("calls for intentions")
        ordering = ["planning_area", "-year", "-submission_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(submission_to__gte=models.F("submission_from")),
                name="call_submission_window_ordered",
            ),
            models.CheckConstraint(
                condition=Q(statement_to__gte=models.F("statement_from")),
                name="call_statement_window_ordered",
            ),
            models.CheckConstraint(
                condition=Q(statement_from__gt=models.F("submission_to")),
                name="call_statements_after_submissions",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def layer_labels(self) -> list[str]:
        return [str(NetworkLayer(code).label) for code in self.layers if code in NetworkLayer]


class Intention(BaseModel):
    """One revision of a provider's development intention. A submitted revision is frozen;
    a change makes a new revision (same `number`, `previous` pointing back) with a reason."""

    class Kind(models.TextChoices):
        A = "A", _("A – answers the call or an action-plan measure")
        B = "B", _("B – answers an identified local need")
        C = "C", _("C – re-entry into the basic network unchanged")

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        ASSESSED = "assessed", _("assessed")
        STATEMENT_ISSUED = "statement_issued", _("statement issued")
        SUPERSEDED = "superseded", _("replaced by a revision")

    class UnitKind(models.TextChoices):
        FTE = "fte", _("direct-care FTE")
        BEDS = "beds", _("beds")

    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="intentions"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="intentions",
    )
    provider = models.ForeignKey(
        Provider,
        verbose_name=_("registered provider"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="intentions",
    )
    number = models.PositiveIntegerField(_("number"))
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    previous = models.OneToOneField(
        "self",
        verbose_name=_("previous revision"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_revision",
    )
    revision_reason = models.TextField(_("reason for the revision"), blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )
    kind = models.CharField(_("type of intention"), max_length=1, choices=Kind.choices)
    layer = models.CharField(_("network layer"), max_length=10, choices=NetworkLayer.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=250)
    service = models.ForeignKey(
        Service,
        verbose_name=_("existing service"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="intentions",
    )
    new_service_name = models.CharField(_("name of the new service"), max_length=300, blank=True)
    service_type = models.ForeignKey(
        ServiceType, verbose_name=_("service type"), on_delete=models.PROTECT, related_name="+"
    )
    form = models.ForeignKey(Form, verbose_name=_("form"), on_delete=models.PROTECT)
    target_groups = models.ManyToManyField(TargetGroup, verbose_name=_("target groups"), blank=True)
    municipalities = models.ManyToManyField(
        Municipality, verbose_name=_("municipalities served"), blank=True, related_name="+"
    )
    capacity_from = models.DecimalField(
        _("capacity now"), max_digits=10, decimal_places=2, default=0
    )
    capacity_to = models.DecimalField(
        _("capacity requested"), max_digits=10, decimal_places=2, default=0
    )
    capacity_unit = models.CharField(
        _("unit of capacity"), max_length=50, blank=True, help_text=_("E.g. clients, beds.")
    )
    units_from = models.DecimalField(
        _("network units now"), max_digits=8, decimal_places=2, default=0
    )
    units_to = models.DecimalField(
        _("network units requested"), max_digits=8, decimal_places=2, default=0
    )
    unit_kind = models.CharField(_("network unit"), max_length=5, choices=UnitKind.choices)
    start_date = models.DateField(_("start of the change"), null=True, blank=True)
    total_cost_czk = models.PositiveBigIntegerField(_("yearly costs (CZK)"), default=0)
    funding = models.JSONField(
        _("expected funding by source"), default=dict, blank=True
    )  # {"region": 1200000, ...} in whole CZK, keys of planning.FundingSource
    justification = models.TextField(_("justification"))
    measures = models.ManyToManyField(
        Measure,
        verbose_name=_("plan measures implemented"),
        blank=True,
        related_name="intentions",
    )
    needs = models.ManyToManyField(
        Need, verbose_name=_("needs answered"), blank=True, related_name="intentions"
    )
    regional_need = models.CharField(_("regional need number"), max_length=20, blank=True)
    priority_order = models.PositiveSmallIntegerField(_("priority order"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_example = models.BooleanField(_("illustrative content"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("development intention")
        verbose_name_plural = _("development intentions")
        ordering = ["call", "number", "revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "number", "revision"], name="intention_revision_unique"
            ),
            models.UniqueConstraint(
                fields=["call", "number"],
                condition=~Q(state="superseded"),
                name="intention_one_current_revision",
            ),
        ]

    def __str__(self) -> str:
        return f"RZ {self.number} – {self.title}"

    @property
    def label(self) -> str:
        return f"{self.number}" if self.revision == 1 else f"{self.number}.{self.revision}"

    @property
    def is_frozen(self) -> bool:
        return self.state != self.State.DRAFT

    @property
    def needs_statement(self) -> bool:
        return self.kind in (self.Kind.A, self.Kind.B)

    @property
    def delta_units(self) -> Decimal:
        return Decimal(self.units_to) - Decimal(self.units_from)

    @property
    def delta_capacity(self) -> Decimal:
        return Decimal(self.capacity_to) - Decimal(self.capacity_from)

    @property
    def service_label(self) -> str:
        return self.service.name if self.service is not None else self.new_service_name


class Assessment(BaseModel):
    """The coordinator's assessment of an intention, with the automatic check as it stood."""

    class Outcome(models.TextChoices):
        CONSISTENT = "consistent", _("consistent with the plan")
        CONDITIONAL = "conditional", _("partly consistent, with conditions")
        NOT_CONSISTENT = "not_consistent", _("not consistent with the plan")

    intention = models.OneToOneField(
        Intention,
        verbose_name=_("intention"),
        on_delete=models.CASCADE,
        related_name="assessment",
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    reason = models.TextField(_("reason"))
    conditions = models.TextField(_("conditions"), blank=True)
    team_decision = models.CharField(
        _("decision of the managerial team"),
        max_length=300,
        blank=True,
        help_text=_("The meeting or resolution that decided, e.g. meeting of 10 Dec, res. 5/2026."),
    )
    check_result = models.JSONField(_("automatic check at assessment"), default=list)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    assessed_at = models.DateTimeField(_("assessed at"))
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.intention}: {self.outcome}"


class Statement(BaseModel):
    """The numbered statement of the ORP municipality on the consistency of an intention with
    the community plan (vyjádření SO ORP k souladu s komunitním plánem)."""

    intention = models.OneToOneField(
        Intention,
        verbose_name=_("intention"),
        on_delete=models.PROTECT,
        related_name="statement",
    )
    planning_area = models.ForeignKey(
        PlanningArea, verbose_name=_("planning area"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence number"))
    issued_on = models.DateField(_("date of the statement"))
    signatory_name = models.CharField(_("signatory"), max_length=150)
    signatory_function = models.CharField(_("function of the signatory"), max_length=150)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("statement of consistency")
        verbose_name_plural = _("statements of consistency")
        ordering = ["planning_area", "year", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["planning_area", "year", "sequence"], name="statement_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"{self.sequence}/{self.year}"
