"""Reads of plans. Tenancy and visibility are decided here: the public sees only frozen
versions (in consultation and later) of published areas, never a draft; members of the area
see its drafts too."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kpss.core.errors import NotFound
from kpss.organisations.selectors import planning_area_get_for_user, user_can
from kpss.planning.models import Comment, Consultation, CouncilOpinion, Plan, PlanVersion
from kpss.planning.snapshot import content_diff, plan_version_content
from kpss.planning.states import PUBLIC_STATES
from kpss.territory.models import AreaMembership, Municipality, PlanningArea

S = PlanVersion.State
#: What the public plan page lists: the valid plan and the one open for comments.
LISTED_PUBLIC_STATES = (S.IN_CONSULTATION, S.IN_FORCE)


def _sees_drafts(user: Any, area: PlanningArea) -> bool:
    return user_can(user, "planning.view_draft", area)


def plan_list(*, area: PlanningArea, user: Any = None) -> QuerySet[Plan]:
    """The area's plans; outsiders only those with a version the public may read."""
    plans = Plan.objects.filter(planning_area=area)
    if not _sees_drafts(user, area):
        public = PlanVersion.objects.filter(plan=OuterRef("pk"), state__in=PUBLIC_STATES)
        plans = plans.filter(Exists(public))
    return plans.order_by("-period_from_year", "title")


def plan_get_for_user(*, user: Any, plan_id: int) -> Plan:
    plan = Plan.objects.select_related("planning_area").filter(pk=plan_id).first()
    if plan is None:
        raise NotFound(_("Plan not found."), plan_id=plan_id)
    area = planning_area_get_for_user(user=user, slug=plan.planning_area.slug)
    if not plan_list(area=area, user=user).filter(pk=plan.pk).exists():
        raise NotFound(_("Plan not found."), plan_id=plan_id)
    return plan


def plan_version_list(*, plan: Plan, user: Any = None) -> QuerySet[PlanVersion]:
    """Members: every version. The public: the version in force and the one in consultation."""
    versions = plan.versions.select_related("approval").order_by("number")
    if not _sees_drafts(user, plan.planning_area):
        versions = versions.filter(state__in=LISTED_PUBLIC_STATES)
    return versions


def plan_version_in_force(*, plan: Plan) -> PlanVersion | None:
    return plan.versions.filter(state=S.IN_FORCE).first()


def plan_version_get_for_user(*, user: Any, version_id: int) -> PlanVersion:
    """A frozen version of a visible area, or a draft for the area's members; else NotFound
    (a draft does not reveal that it exists)."""
    version = (
        PlanVersion.objects.select_related("plan__planning_area").filter(pk=version_id).first()
    )
    if version is None:
        raise NotFound(_("Plan version not found."), version_id=version_id)
    area = planning_area_get_for_user(user=user, slug=version.plan.planning_area.slug)
    if version.state not in PUBLIC_STATES and not _sees_drafts(user, area):
        raise NotFound(_("Plan version not found."), version_id=version_id)
    return version


def plan_version_diff(*, a: PlanVersion, b: PlanVersion) -> dict[str, Any]:
    """A readable, structured diff from version `a` to version `b` (see snapshot.content_diff)."""
    return content_diff(plan_version_content(version=a), plan_version_content(version=b))


def consultation_list(*, plan: Plan, user: Any = None) -> QuerySet[Consultation]:
    consultations = Consultation.objects.filter(plan_version__plan=plan).select_related(
        "plan_version"
    )
    if not _sees_drafts(user, plan.planning_area):
        consultations = consultations.filter(plan_version__state__in=PUBLIC_STATES)
    return consultations.order_by("starts_on")


def consultation_get_for_user(*, user: Any, consultation_id: int) -> Consultation:
    consultation = (
        Consultation.objects.select_related("plan_version__plan__planning_area")
        .filter(pk=consultation_id)
        .first()
    )
    if consultation is None:
        raise NotFound(_("Consultation not found."), consultation_id=consultation_id)
    plan_version_get_for_user(user=user, version_id=consultation.plan_version_id)
    return consultation


def comment_list(*, consultation: Consultation, include_hidden: bool = False) -> QuerySet[Comment]:
    comments = consultation.comments.select_related(
        "section", "measure", "resulting_section", "resulting_measure"
    )
    if not include_hidden:
        comments = comments.filter(hidden=False)
    return comments.order_by("number")


@dataclass
class SettlementRow:
    number: int
    target: str
    quoted_passage: str
    commenter: str
    commenter_kind: str
    proposed_change: str
    justification: str
    outcome: str
    outcome_label: str
    outcome_reason: str
    resulting_change: str
    is_example: bool


@dataclass
class Settlement:
    consultation: Consultation
    rows: list[SettlementRow]
    hidden_count: int
    published: bool


def _target_label(comment: Comment) -> str:
    if comment.measure is not None:
        return f"{comment.measure.code} {comment.measure.title}"
    return comment.section.title if comment.section is not None else ""


def settlement_table(*, consultation: Consultation) -> Settlement:
    """The settlement table: every visible comment with its outcome. Never the e-mail; the
    commenter is shown by organisation, a private person only by the kind of commenter."""
    rows = []
    for comment in comment_list(consultation=consultation):
        resulting = comment.resulting_measure or comment.resulting_section
        rows.append(
            SettlementRow(
                number=comment.number,
                target=_target_label(comment),
                quoted_passage=comment.quoted_passage,
                commenter=comment.organisation or str(comment.get_commenter_kind_display()),
                commenter_kind=comment.commenter_kind,
                proposed_change=comment.proposed_change,
                justification=comment.justification,
                outcome=comment.outcome,
                outcome_label=str(comment.get_outcome_display()) if comment.outcome else "",
                outcome_reason=comment.outcome_reason,
                resulting_change=str(resulting) if resulting is not None else "",
                is_example=comment.is_example,
            )
        )
    return Settlement(
        consultation=consultation,
        rows=rows,
        hidden_count=consultation.comments.filter(hidden=True).count(),
        published=consultation.settlement_is_published,
    )


@dataclass
class CouncilProgress:
    recorded: int
    total: int
    by_result: dict[str, int] = field(default_factory=dict)
    missing: list[Municipality] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.recorded >= self.total


def council_progress(*, version: PlanVersion) -> CouncilProgress:
    """How many member councils gave their opinion ("12 of 18"), by result, and who is
    missing."""
    area = version.plan.planning_area
    today = timezone.localdate()
    members = Municipality.objects.filter(
        pk__in=AreaMembership.objects.filter(planning_area=area)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .values("municipality")
    ).order_by("name")
    opinions = CouncilOpinion.objects.filter(plan_version=version, municipality__in=members)
    given = {o.municipality_id: o.result for o in opinions}
    return CouncilProgress(
        recorded=len(given),
        total=members.count(),
        by_result=dict(Counter(given.values())),
        missing=[m for m in members if m.pk not in given],
    )
