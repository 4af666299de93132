"""Plan endpoints: plans and their versions, snapshots and diffs, public comments and the
settlement table.

The public reads only frozen versions of published areas (plan pages list the version in
force and the one in consultation); members of an area also see its drafts. Commenting is
anonymous. Visibility is decided by the selectors, rights by the rules.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Router, Status
from ninja.errors import ValidationError

from kpss.api.auth import caller
from kpss.api.errors import PROBLEM_RESPONSES, Problem
from kpss.core.errors import NotFound, ValidationFailed
from kpss.organisations.selectors import planning_area_get_for_user, user_can
from kpss.planning.models import Consultation, Plan, PlanVersion
from kpss.planning.schemas import (
    CommentIn,
    CommentReceipt,
    DiffOut,
    PlanBrief,
    PlanDetail,
    SettlementOut,
    VersionDetail,
)
from kpss.planning.selectors import (
    consultation_get_for_user,
    consultation_list,
    council_progress,
    plan_get_for_user,
    plan_list,
    plan_version_diff,
    plan_version_get_for_user,
    plan_version_list,
    settlement_table,
)
from kpss.planning.services_consultation import comment_submit, consultation_is_open
from kpss.planning.snapshot import plan_version_content

router = Router(tags=["planning"])

S = PlanVersion.State
AreaSlug = Path(
    ..., pattern=r"^[-a-zA-Z0-9_]+$", max_length=60, description="Short name of the area."
)


def _ref(version: PlanVersion | None) -> dict[str, int] | None:
    return {"id": version.pk, "number": version.number} if version is not None else None


def _plan_brief(plan: Plan, versions: list[PlanVersion]) -> dict[str, Any]:
    by_state = {v.state: v for v in versions}
    return {
        "id": plan.pk,
        "title": plan.title,
        "period_from_year": plan.period_from_year,
        "period_to_year": plan.period_to_year,
        "is_example": plan.is_example,
        "in_force_version": _ref(by_state.get(S.IN_FORCE)),
        "consultation_version": _ref(by_state.get(S.IN_CONSULTATION)),
    }


@router.get(
    "/areas/{slug}/plans",
    response={200: list[PlanBrief], **PROBLEM_RESPONSES},
    summary="Mid-term plans of an area",
)
def area_plan_list(request: HttpRequest, slug: str = AreaSlug) -> list[dict[str, Any]]:
    """Plans with a version the caller may read, newest period first."""
    user = caller(request)
    area = planning_area_get_for_user(user=user, slug=slug)
    plans = plan_list(area=area, user=user).prefetch_related("versions")
    return [_plan_brief(p, list(p.versions.all())) for p in plans]


def _consultation(consultation: Consultation) -> dict[str, Any]:
    return {
        "id": consultation.pk,
        "version": _ref(consultation.plan_version),
        "starts_on": consultation.starts_on,
        "ends_on": consultation.ends_on,
        "hearing_on": consultation.hearing_on,
        "hearing_time": consultation.hearing_time,
        "hearing_place": consultation.hearing_place,
        "accepting_comments": consultation_is_open(consultation),
        "settlement_published_at": consultation.settlement_published_at,
    }


def _approval(version: PlanVersion) -> dict[str, Any] | None:
    approval = getattr(version, "approval", None)
    if approval is None:
        return None
    return {
        "body_name": approval.body_name,
        "resolution_number": approval.resolution_number,
        "decided_on": approval.decided_on,
    }


@router.get(
    "/plans/{plan_id}",
    response={200: PlanDetail, **PROBLEM_RESPONSES},
    summary="A plan with its versions and consultations",
)
def plan_detail(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    """The public sees the version in force and the one in consultation; members every
    version. Consultations are listed with their settlement once it is published."""
    user = caller(request)
    plan = plan_get_for_user(user=user, plan_id=plan_id)
    versions = list(plan_version_list(plan=plan, user=user))
    return {
        **_plan_brief(plan, versions),
        "area": plan.planning_area.slug,
        "description": plan.description,
        "versions": [
            {
                "id": v.pk,
                "number": v.number,
                "state": v.state,
                "frozen_at": v.frozen_at,
                "approval": _approval(v),
            }
            for v in versions
        ],
        "consultations": [_consultation(c) for c in consultation_list(plan=plan, user=user)],
    }


@router.get(
    "/plan-versions/{version_id}",
    response={200: VersionDetail, **PROBLEM_RESPONSES},
    summary="The content of a plan version",
)
def plan_version_detail(request: HttpRequest, version_id: int) -> dict[str, Any]:
    """A frozen version's stored snapshot (a draft's current content, for members only)."""
    version = plan_version_get_for_user(user=caller(request), version_id=version_id)
    consultation = Consultation.objects.filter(plan_version=version).first()
    progress = None
    if version.state in (S.SUBMITTED_TO_COUNCILS, S.IN_FORCE, S.SUPERSEDED):
        found = council_progress(version=version)
        progress = {"recorded": found.recorded, "total": found.total, "by_result": found.by_result}
    return {
        "id": version.pk,
        "plan_id": version.plan_id,
        "number": version.number,
        "state": version.state,
        "frozen_at": version.frozen_at,
        "based_on": _ref(version.based_on),
        "is_example": version.plan.is_example,
        "consultation_id": consultation.pk if consultation else None,
        "council_progress": progress,
        "content": plan_version_content(version=version),
    }


@router.get(
    "/plan-versions/{version_id}/diff/{other_id}",
    response={200: DiffOut, **PROBLEM_RESPONSES},
    summary="What changed between two versions of a plan",
)
def plan_version_diff_detail(
    request: HttpRequest, version_id: int, other_id: int
) -> dict[str, Any]:
    """From `version_id` to `other_id`: sections as unified diffs of their text, priorities
    and measures as added, removed or changed field by field, the network by service."""
    user = caller(request)
    a = plan_version_get_for_user(user=user, version_id=version_id)
    b = plan_version_get_for_user(user=user, version_id=other_id)
    if a.plan_id != b.plan_id:
        raise ValidationFailed(
            _("Only versions of the same plan can be compared."), code="different_plans"
        )
    return plan_version_diff(a=a, b=b)


def _client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


@router.post(
    "/consultations/{consultation_id}/comments",
    response={201: CommentReceipt, 404: Problem, 422: Problem, 429: Problem},
    summary="Comment on a plan in public consultation (anonymous)",
)
def consultation_comment_create(
    request: HttpRequest, consultation_id: int, payload: CommentIn
) -> Status[dict[str, Any]]:
    """Invalid fields give 422 with one entry per field; a closed consultation 422 with code
    consultation_closed; too many comments from one address or e-mail 429 rate_limited."""
    consultation = consultation_get_for_user(user=caller(request), consultation_id=consultation_id)
    try:
        comment = comment_submit(
            consultation=consultation,
            author_name=payload.author_name,
            email=payload.email,
            consent=payload.consent,
            commenter_kind=payload.commenter_kind,
            proposed_change=payload.proposed_change,
            justification=payload.justification,
            organisation=payload.organisation,
            quoted_passage=payload.quoted_passage,
            section_id=payload.section_id,
            measure_id=payload.measure_id,
            ip=_client_ip(request),
            honeypot=payload.website,
        )
    except ValidationFailed as error:
        field_errors = error.details.get("errors")
        if not field_errors:
            raise
        raise ValidationError(
            [
                {"loc": ["body", name], "msg": str(message), "type": "invalid_comment"}
                for name, message in field_errors.items()
            ]
        ) from error
    return Status(201, {"consultation": consultation.pk, "number": comment.number})


@router.get(
    "/consultations/{consultation_id}/settlement",
    response={200: SettlementOut, **PROBLEM_RESPONSES},
    summary="The published settlement of comments",
)
def consultation_settlement(request: HttpRequest, consultation_id: int) -> dict[str, Any]:
    """Every visible comment with its outcome and reason, bound to the version commented.
    Never an e-mail or a private person's name. Until it is published, only those who settle
    the comments see it."""
    user = caller(request)
    consultation = consultation_get_for_user(user=user, consultation_id=consultation_id)
    area = consultation.plan_version.plan.planning_area
    if not consultation.settlement_is_published and not user_can(
        user, "planning.settle_comments", area
    ):
        raise NotFound(
            _("The settlement has not been published yet."), code="settlement_not_published"
        )
    table = settlement_table(consultation=consultation)
    return {
        "consultation": consultation.pk,
        "version": _ref(consultation.plan_version),
        "published_at": consultation.settlement_published_at,
        "hidden_count": table.hidden_count,
        "rows": [asdict(row) for row in table.rows],
    }
