"""Governance of the planning process: bodies and their rules, people and memberships,
meetings with agenda, attendance and minutes, motions with votes and conflicts of interest,
resolutions, the process timeline, the project budget and public events."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kpss.core.models import BaseModel
from kpss.needs.models import Need
from kpss.organisations.models import Organisation
from kpss.registry.models import TargetGroup
from kpss.territory.models import PlanningArea

SHARE = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))]


class TriadSide(models.TextChoices):
    COMMISSIONER = "commissioner", _("commissioner")
    PROVIDER = "provider", _("provider")
    USER = "user", _("user of services")
    PUBLIC = "public", _("public")


class Body(BaseModel):
    """A body of the planning organisation, with its decision rules as data."""

    class Kind(models.TextChoices):
        ASSEMBLY = "assembly", _("general assembly")
        COUNCIL = "council", _("council")
        MANAGERIAL_TEAM = "managerial_team", _("managerial team")
        WORKING_GROUP = "working_group", _("working group")
        PROJECT_TEAM = "project_team", _("project team")
        AD_HOC = "ad_hoc", _("ad-hoc group")

    class Majority(models.TextChoices):
        SIMPLE = "simple", _("more than half of the members present")
        ABSOLUTE = "absolute", _("more than half of all voting members")
        TWO_THIRDS = "two_thirds", _("at least two thirds of the members present")

    planning_area = models.ForeignKey(
        PlanningArea,
        verbose_name=_("planning area"),
        on_delete=models.CASCADE,
        related_name="bodies",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(
        _("code"),
        max_length=20,
        help_text=_("Used in resolution numbers, e.g. PS-SEN gives PS-SEN/2021/07."),
    )
    purpose = models.TextField(_("purpose"), blank=True)
    target_group = models.ForeignKey(
        TargetGroup,
        verbose_name=_("target group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    forwards_to = models.ForeignKey(
        "self",
        verbose_name=_("forwards its resolutions to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forwarded_from",
    )
    quorum_share = models.DecimalField(
        _("quorum (share of voting members present)"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.5"),
        validators=SHARE,
        help_text=_(
            "The meeting has a quorum when more than this share of voting members "
            "is present (0.5 = more than half)."
        ),
    )
    majority = models.CharField(
        _("majority needed"), max_length=12, choices=Majority.choices, default=Majority.SIMPLE
    )
    allow_per_rollam = models.BooleanField(_("per-rollam voting allowed"), default=False)
    is_public = models.BooleanField(_("shown on the public site"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["planning_area", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["planning_area", "code"], name="body_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Person(BaseModel):
    """A participant of planning. Only what the work needs: name and a contact."""

    planning_area = models.ForeignKey(
        PlanningArea,
        verbose_name=_("planning area"),
        on_delete=models.CASCADE,
        related_name="people",
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="planning_people",
    )
    is_example = models.BooleanField(
        _("example person"),
        default=False,
        help_text=_("A fictional person of the demo data, labelled as such everywhere."),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BodyMembership(BaseModel):
    class Role(models.TextChoices):
        CHAIR = "chair", _("chair")
        MANAGER = "manager", _("manager")
        MEMBER = "member", _("member")
        SECRETARY = "secretary", _("secretary")
        GUEST = "guest", _("guest")

    VOTING_ROLES = (Role.CHAIR, Role.MANAGER, Role.MEMBER)

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="memberships"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation represented"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    triad_side = models.CharField(_("side of the triad"), max_length=12, choices=TriadSide.choices)
    valid_from = models.DateField(_("member since"), default=dt.date.today)
    valid_to = models.DateField(_("member until"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership in a body")
        verbose_name_plural = _("memberships in bodies")
        ordering = ["body", "role", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "person", "valid_from"], name="body_membership_unique"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="body_membership_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()} ({self.body})"

    @property
    def may_vote(self) -> bool:
        return self.role in self.VOTING_ROLES


class Meeting(BaseModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    class MinutesStatus(models.TextChoices):
        NONE = "none", _("no minutes yet")
        DRAFT = "draft", _("draft minutes")
        APPROVED = "approved", _("approved minutes")

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="meetings"
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=250, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    minutes = models.TextField(_("minutes (Markdown)"), blank=True)
    minutes_status = models.CharField(
        _("minutes"), max_length=10, choices=MinutesStatus.choices, default=MinutesStatus.NONE
    )
    minutes_approved_at = models.ForeignKey(
        "self",
        verbose_name=_("minutes approved at"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="approved_minutes_of",
    )
    is_public = models.BooleanField(_("published"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                name="meeting_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body.code} {self.starts_at:%Y-%m-%d}: {self.title}"


class AgendaItem(BaseModel):
    """A point of the agenda; it may concern a need (and later a measure or intention)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    need = models.ForeignKey(
        Need, verbose_name=_("need"), on_delete=models.SET_NULL, null=True, blank=True
    )
    reference = models.CharField(
        _("other reference"),
        max_length=200,
        blank=True,
        help_text=_("A plan measure or development intention, until they can be linked."),
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order", "id"]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class Attendance(BaseModel):
    class Status(models.TextChoices):
        PRESENT = "present", _("present")
        EXCUSED = "excused", _("excused")
        ABSENT = "absent", _("absent")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance"
    )
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE)
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices)
    is_guest = models.BooleanField(_("guest"), default=False)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_status_display()}"


class Attachment(BaseModel):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="governance/attachments/%Y/")

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title


class Motion(BaseModel):
    """A proposal put to the vote, at a meeting or per rollam. Adopted → a resolution."""

    class Status(models.TextChoices):
        OPEN = "open", _("voting open")
        CLOSED = "closed", _("voting closed")

    class Result(models.TextChoices):
        PENDING = "pending", _("not decided yet")
        ADOPTED = "adopted", _("adopted")
        REJECTED = "rejected", pgettext_lazy("motion result", "rejected")
        NO_QUORUM = "no_quorum", _("not quorate")

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="motions"
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="motions",
        help_text=_("Empty for a per-rollam vote."),
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="motions",
    )
    title = models.CharField(_("title"), max_length=250)
    text = models.TextField(_("proposed resolution"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    closes_at = models.DateTimeField(_("per-rollam deadline"), null=True, blank=True)
    result = models.CharField(
        _("result"), max_length=10, choices=Result.choices, default=Result.PENDING
    )
    result_detail = models.JSONField(_("count"), default=dict, blank=True)
    number = models.CharField(_("resolution number"), max_length=40, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    forwarded_as = models.OneToOneField(
        "self",
        verbose_name=_("forwarded as"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forwarded_from",
    )

    class Meta:
        verbose_name = _("motion")
        verbose_name_plural = _("motions")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "number"],
                condition=~Q(number=""),
                name="resolution_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number or '—'} {self.title}"

    @property
    def is_per_rollam(self) -> bool:
        return self.meeting_id is None


class Vote(BaseModel):
    class Choice(models.TextChoices):
        FOR = "for", _("for")
        AGAINST = "against", _("against")
        ABSTAIN = "abstain", _("abstained")

    motion = models.ForeignKey(
        Motion, verbose_name=_("motion"), on_delete=models.CASCADE, related_name="votes"
    )
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE)
    choice = models.CharField(_("vote"), max_length=10, choices=Choice.choices)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["motion", "person"], name="vote_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_choice_display()}"


class ConflictOfInterest(BaseModel):
    """A member declared a conflict on a motion and is excluded from its vote."""

    motion = models.ForeignKey(
        Motion, verbose_name=_("motion"), on_delete=models.CASCADE, related_name="conflicts"
    )
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE)
    reason = models.CharField(_("reason"), max_length=300)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["motion", "person"], name="conflict_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.reason}"


class Phase(BaseModel):
    """A phase of the planning cycle on the process timeline."""

    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("mission and organisation")
        ANALYSIS = "analysis", _("analysis")
        STRATEGY = "strategy", _("strategy")
        CONSULTATION = "consultation", _("consultation")
        APPROVAL = "approval", _("approval")
        IMPLEMENTATION = "implementation", _("implementation")
        MONITORING = "monitoring", _("monitoring")
        EVALUATION = "evaluation", _("evaluation")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")

    planning_area = models.ForeignKey(
        PlanningArea,
        verbose_name=_("planning area"),
        on_delete=models.CASCADE,
        related_name="phases",
    )
    kind = models.CharField(_("phase"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["planning_area", "starts_on", "order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="phase_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Milestone(BaseModel):
    phase = models.ForeignKey(
        Phase, verbose_name=_("phase"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("title"), max_length=250)
    due_on = models.DateField(_("deadline"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    responsible = models.ForeignKey(
        Person, verbose_name=_("responsible"), on_delete=models.SET_NULL, null=True, blank=True
    )
    remind_days_before = models.PositiveSmallIntegerField(_("remind days before"), default=7)
    reminded_on = models.DateField(_("reminder sent on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title


class Project(BaseModel):
    """A funded project that runs the planning process (e.g. an ESF project)."""

    planning_area = models.ForeignKey(
        PlanningArea,
        verbose_name=_("planning area"),
        on_delete=models.CASCADE,
        related_name="projects",
    )
    name = models.CharField(_("name"), max_length=300)
    registration_number = models.CharField(_("registration number"), max_length=60, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    budget_total = models.DecimalField(_("total budget (CZK)"), max_digits=14, decimal_places=2)
    participation_target = models.PositiveIntegerField(
        _("target number of people from target groups involved"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="project_period_ordered"
            ),
            models.CheckConstraint(
                condition=Q(budget_total__gte=0), name="project_budget_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class BudgetLine(BaseModel):
    class Category(models.TextChoices):
        PERSONNEL = "personnel", _("personnel")
        SERVICES = "services", _("services")
        MATERIALS = "materials", _("materials")
        OTHER = "other", _("other")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="budget_lines"
    )
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    name = models.CharField(_("name"), max_length=200)
    planned = models.DecimalField(_("planned (CZK)"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["project", "category", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned__gte=0), name="budget_line_planned_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Spending(BaseModel):
    """Actual spending on a budget line in a period (a month or a quarter)."""

    line = models.ForeignKey(
        BudgetLine,
        verbose_name=_("budget line"),
        on_delete=models.CASCADE,
        related_name="spending",
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    amount = models.DecimalField(_("spent (CZK)"), max_digits=14, decimal_places=2)
    note = models.CharField(_("note"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("spending")
        verbose_name_plural = _("spending")
        ordering = ["line", "period_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="spending_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.line}: {self.amount}"


class Participation(BaseModel):
    """How many people from target groups took part in an activity of the project."""

    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="participation",
    )
    held_on = models.DateField(_("date"))
    activity = models.CharField(_("activity"), max_length=250)
    target_group = models.ForeignKey(
        TargetGroup,
        verbose_name=_("target group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    people = models.PositiveIntegerField(_("number of people"))

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participation")
        ordering = ["project", "held_on"]

    def __str__(self) -> str:
        return f"{self.activity}: {self.people}"


class Event(BaseModel):
    """An event for the public: a social services fair, a public hearing, …"""

    class Kind(models.TextChoices):
        FAIR = "fair", _("social services fair")
        HEARING = "hearing", _("public hearing")
        PRESENTATION = "presentation", _("presentation in a municipality")
        OTHER = "other", _("other event")

    planning_area = models.ForeignKey(
        PlanningArea,
        verbose_name=_("planning area"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=250)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=250, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_public = models.BooleanField(_("published"), default=False)
    is_example = models.BooleanField(_("example data"), default=False)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                name="event_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title
