"""Models of financing: the regional usual costs, service budgets, the municipal co-financing
programme with its grant applications, assessment, approval and settlement.

Money is whole CZK. Illustrative (not real) records carry `is_illustrative` and are labelled
so wherever they are shown.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kpss.core.models import BaseModel
from kpss.organisations.models import Organisation
from kpss.planning.models import Measure
from kpss.registry.models import Form, Provider, Service, ServiceType
from kpss.territory.models import Municipality, PlanningArea

Money = models.PositiveBigIntegerField


class UnitKind(models.TextChoices):
    FTE = "fte", _("direct-care FTE")
    BEDS = "beds", _("beds")


class UsualCost(BaseModel):
    """The region's usual cost and usual revenue per network unit of a service type and form
    in a year: the compensation is (cost − revenue) × units."""

    year = models.PositiveSmallIntegerField(_("year"))
    service_type = models.ForeignKey(
        ServiceType, verbose_name=_("service type"), on_delete=models.PROTECT
    )
    form = models.ForeignKey(Form, verbose_name=_("form"), on_delete=models.PROTECT)
    unit_kind = models.CharField(_("unit"), max_length=5, choices=UnitKind.choices)
    usual_cost_per_unit = Money(_("usual cost per unit"))
    usual_revenue_per_unit = Money(_("usual revenue per unit"), default=0)
    source = models.CharField(_("source"), max_length=300, blank=True)
    is_illustrative = models.BooleanField(_("illustrative values"), default=True)

    class Meta:
        verbose_name = _("usual cost")
        verbose_name_plural = _("usual costs")
        ordering = ["year", "service_type__order", "form__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "service_type", "form"], name="usual_cost_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_type} – {self.form} ({self.year})"

    @property
    def compensation_per_unit(self) -> int:
        return max(0, self.usual_cost_per_unit - self.usual_revenue_per_unit)


class ServiceBudget(BaseModel):
    """A service's budget for a year in one version (planned, adjusted, actual)."""

    class Kind(models.TextChoices):
        PLANNED = "planned", _("planned")
        ADJUSTED = "adjusted", _("adjusted")
        ACTUAL = "actual", _("actual")

    #: Revenue fields that are public money (compensation and grants).
    PUBLIC_REVENUES = ("rev_state_region", "rev_municipalities", "rev_eu", "rev_other_public")
    #: Revenue fields that are not public money.
    NON_PUBLIC_REVENUES = (
        "rev_user_payments",
        "rev_care_allowance",
        "rev_health_insurance",
        "rev_donations",
        "rev_other",
    )
    COSTS = ("cost_personnel", "cost_operating", "cost_other")

    planning_area = models.ForeignKey(
        PlanningArea, verbose_name=_("planning area"), on_delete=models.CASCADE
    )
    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="budgets"
    )
    form = models.ForeignKey(Form, verbose_name=_("form"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("version"), max_length=10, choices=Kind.choices)
    units = models.DecimalField(
        _("network units"), max_digits=8, decimal_places=2, default=Decimal(0)
    )
    unit_kind = models.CharField(_("unit"), max_length=5, choices=UnitKind.choices)
    basic_operation_cost = Money(
        _("minimum for basic operation"),
        default=0,
        help_text=_("The least the service needs in a year to keep running (costs)."),
    )
    cost_personnel = Money(_("personnel costs"), default=0)
    cost_operating = Money(_("operating costs"), default=0)
    cost_other = Money(_("other costs"), default=0)
    rev_state_region = Money(_("state and region"), default=0)
    rev_municipalities = Money(_("municipalities"), default=0)
    rev_user_payments = Money(_("users' payments"), default=0)
    rev_care_allowance = Money(_("care allowance"), default=0)
    rev_health_insurance = Money(_("health insurance"), default=0)
    rev_eu = Money(_("EU funds"), default=0)
    rev_other_public = Money(_("other public sources"), default=0)
    rev_donations = Money(_("donations"), default=0)
    rev_other = Money(_("other revenues"), default=0)
    is_illustrative = models.BooleanField(_("illustrative figures"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("service budget")
        verbose_name_plural = _("service budgets")
        ordering = ["year", "service__name", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "form", "year", "kind"], name="service_budget_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} {self.year} ({self.get_kind_display()})"

    @property
    def total_cost(self) -> int:
        return sum(getattr(self, f) for f in self.COSTS)

    @property
    def public_funding(self) -> int:
        return sum(getattr(self, f) for f in self.PUBLIC_REVENUES)

    @property
    def non_public_revenue(self) -> int:
        return sum(getattr(self, f) for f in self.NON_PUBLIC_REVENUES)

    @property
    def justified_net_cost(self) -> int:
        return max(0, self.total_cost - self.non_public_revenue)


class BudgetUsers(BaseModel):
    """Users of a service in the budget year by municipality of residence."""

    budget = models.ForeignKey(
        ServiceBudget, on_delete=models.CASCADE, related_name="users_by_municipality"
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT
    )
    users = models.PositiveIntegerField(_("users"))

    class Meta:
        verbose_name = _("users by municipality")
        verbose_name_plural = _("users by municipality")
        constraints = [
            models.UniqueConstraint(fields=["budget", "municipality"], name="budget_users_once")
        ]


class Programme(BaseModel):
    """The joint co-financing programme of a planning area for one year."""

    class State(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("programme state", "in preparation")
        CALL_OPEN = "call_open", pgettext_lazy("programme state", "call open")
        ASSESSMENT = "assessment", pgettext_lazy("programme state", "assessment")
        APPROVED = "approved", pgettext_lazy("programme state", "approved by the assembly")
        CLOSED = "closed", pgettext_lazy("programme state", "settled and closed")

    class AgeGroup(models.TextChoices):
        CHILDREN = "0_14", _("aged 0–14")
        ADULTS = "15_64", _("aged 15–64")
        SENIORS = "65_plus", _("aged 65+")

    planning_area = models.ForeignKey(
        PlanningArea,
        verbose_name=_("planning area"),
        on_delete=models.CASCADE,
        related_name="financing_programmes",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    call_from = models.DateField(_("call opens"), null=True, blank=True)
    call_to = models.DateField(_("call closes"), null=True, blank=True)
    # The contribution formula (see kpss_analysis.financing.ContributionFormula).
    fixed_czk = Money(_("fixed part per municipality (CZK)"), default=0)
    per_inhabitant = models.DecimalField(
        _("per inhabitant (CZK)"), max_digits=10, decimal_places=2, default=Decimal(0)
    )
    age_group = models.CharField(
        _("age group"), max_length=8, choices=AgeGroup.choices, default=AgeGroup.SENIORS
    )
    per_age_group_inhabitant = models.DecimalField(
        _("per inhabitant of the age group (CZK)"),
        max_digits=10,
        decimal_places=2,
        default=Decimal(0),
    )
    per_user = models.DecimalField(
        _("per resident user of services (CZK)"),
        max_digits=10,
        decimal_places=2,
        default=Decimal(0),
    )
    target_total = Money(_("target total (CZK)"), null=True, blank=True)
    real_total = Money(
        _("amount actually distributed (real figure)"),
        null=True,
        blank=True,
        help_text=_("A published real figure, kept apart from the illustrative applications."),
    )
    real_applications = models.PositiveIntegerField(
        _("applications (real figure)"), null=True, blank=True
    )
    real_providers = models.PositiveIntegerField(
        _("providers (real figure)"), null=True, blank=True
    )
    formula_is_illustrative = models.BooleanField(_("illustrative formula"), default=False)
    source = models.CharField(_("source"), max_length=400, blank=True)
    resolution_number = models.CharField(_("resolution number"), max_length=60, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("co-financing programme")
        verbose_name_plural = _("co-financing programmes")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["planning_area", "year"], name="programme_once_a_year")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.state in (self.State.APPROVED, self.State.CLOSED)


class ProgrammeMunicipality(BaseModel):
    """A municipality taking part in the programme, with its computed contribution."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="participants")
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT
    )
    inhabitants = models.PositiveIntegerField(_("inhabitants"), default=0)
    age_group_inhabitants = models.PositiveIntegerField(
        _("inhabitants of the age group"), default=0
    )
    users = models.PositiveIntegerField(_("resident users"), default=0)
    contribution_fixed = Money(_("fixed part"), default=0)
    contribution_variable = Money(_("variable part"), default=0)

    class Meta:
        verbose_name = _("participating municipality")
        verbose_name_plural = _("participating municipalities")
        ordering = ["municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "municipality"], name="programme_municipality_once"
            )
        ]

    def __str__(self) -> str:
        return str(self.municipality)

    @property
    def contribution(self) -> int:
        return self.contribution_fixed + self.contribution_variable


class Criterion(BaseModel):
    """An assessment criterion of the programme with its maximum points."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=200)
    max_points = models.PositiveSmallIntegerField(_("maximum points"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class AssessorConflict(BaseModel):
    """An assessor's declared conflict of interest with a provider in a programme: the
    assessor cannot be assigned to, nor score, that provider's applications."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="conflicts")
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assessor"), on_delete=models.CASCADE
    )
    provider = models.ForeignKey(Provider, verbose_name=_("provider"), on_delete=models.CASCADE)
    reason = models.CharField(_("reason"), max_length=300)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "assessor", "provider"], name="assessor_conflict_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessor} – {self.provider}: {self.reason}"


class GrantApplication(BaseModel):
    """A provider's application for a grant from the programme, from submission to the
    final settlement."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("grant application state", "submitted")
        APPROVED = "approved", pgettext_lazy("grant application state", "approved")
        REJECTED = "rejected", pgettext_lazy("grant application state", "not supported")
        SETTLED = "settled", pgettext_lazy("grant application state", "settled")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="applications")
    number = models.PositiveIntegerField(_("number"))
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    provider = models.ForeignKey(Provider, verbose_name=_("provider"), on_delete=models.PROTECT)
    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.PROTECT)
    form = models.ForeignKey(
        Form, verbose_name=_("form"), on_delete=models.PROTECT, null=True, blank=True
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.SUBMITTED
    )
    requested_amount = Money(_("requested amount"))
    units = models.DecimalField(_("network units"), max_digits=8, decimal_places=2)
    unit_kind = models.CharField(_("unit"), max_length=5, choices=UnitKind.choices)
    total_cost = Money(_("total costs of the service"), default=0)
    non_public_revenue = Money(_("non-public revenues"), default=0)
    other_public_funding = Money(_("other public funding"), default=0)
    purpose = models.TextField(_("purpose"), blank=True)
    measures = models.ManyToManyField(
        Measure, verbose_name=_("plan measures"), blank=True, related_name="grant_applications"
    )
    compensation_limit = Money(_("compensation limit"), null=True, blank=True)
    proposed_amount = Money(_("proposed amount"), null=True, blank=True)
    adjusted_amount = Money(_("amount adjusted by the committee"), null=True, blank=True)
    adjustment_reason = models.TextField(_("reason for the adjustment"), blank=True)
    approved_amount = Money(_("approved amount"), null=True, blank=True)
    contract_number = models.CharField(_("contract number"), max_length=60, blank=True)
    contract_signed_on = models.DateField(_("contract signed on"), null=True, blank=True)
    amount_used = Money(_("amount used"), null=True, blank=True)
    amount_returned = Money(_("amount returned"), null=True, blank=True)
    settled_on = models.DateField(_("settled on"), null=True, blank=True)
    is_illustrative = models.BooleanField(_("illustrative application"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("grant application")
        verbose_name_plural = _("grant applications")
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number"], name="grant_application_number_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}: {self.service}"

    @property
    def final_amount(self) -> int | None:
        """The amount to approve: the committee's adjustment, else the rule's proposal."""
        if self.adjusted_amount is not None:
            return self.adjusted_amount
        return self.proposed_amount

    @property
    def justified_net_cost(self) -> int:
        return max(0, self.total_cost - self.non_public_revenue)


class ApplicationUsers(BaseModel):
    """Users of the applying service by municipality of residence."""

    application = models.ForeignKey(
        GrantApplication, on_delete=models.CASCADE, related_name="users_by_municipality"
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT
    )
    users = models.PositiveIntegerField(_("users"))

    class Meta:
        verbose_name = _("users by municipality")
        verbose_name_plural = _("users by municipality")
        ordering = ["municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "municipality"], name="application_users_once"
            )
        ]


class Assignment(BaseModel):
    """An assessor assigned to an application."""

    application = models.ForeignKey(
        GrantApplication, on_delete=models.CASCADE, related_name="assignments"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assessor"), on_delete=models.CASCADE
    )
    submitted_at = models.DateTimeField(_("scored at"), null=True, blank=True)

    class Meta:
        verbose_name = _("assessor assignment")
        verbose_name_plural = _("assessor assignments")
        constraints = [
            models.UniqueConstraint(fields=["application", "assessor"], name="assignment_once")
        ]

    def __str__(self) -> str:
        return f"{self.assessor} → {self.application}"


class Score(BaseModel):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE)
    points = models.PositiveSmallIntegerField(_("points"))

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="score_once")
        ]
