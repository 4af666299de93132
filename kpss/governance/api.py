"""Planning organisation endpoints: bodies with their rules and triad balance, meetings,
motions and resolutions, and casting one's own vote per rollam.

The public sees public bodies with their rules and counts of members, published meetings
and the resolutions adopted there; members of the area see everything, including the names
of members. Voting needs a signed-in session (with CSRF) of a voting member of the body.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Path, Router
from ninja.security import django_auth

from kpss.api.auth import caller
from kpss.api.errors import PROBLEM_RESPONSES, Problem
from kpss.core.errors import NotFound
from kpss.governance.models import Body, Meeting, Motion
from kpss.governance.schemas import BodyDetail, BodyOut, MeetingOut, MotionOut, VoteIn, VoteOut
from kpss.governance.selectors import (
    body_get,
    body_list,
    meeting_list,
    motion_list,
    sees_internal,
    triad_balance,
)
from kpss.governance.services import vote_cast
from kpss.organisations.selectors import planning_area_get_for_user
from kpss.territory.models import PlanningArea

router = Router(tags=["governance"])

AreaSlug = Path(
    ..., pattern=r"^[-a-zA-Z0-9_]+$", max_length=60, description="Short name of the area."
)


def _area(request: HttpRequest, slug: str) -> PlanningArea:
    return planning_area_get_for_user(user=caller(request), slug=slug)


def _body(request: HttpRequest, slug: str, body_id: int) -> Body:
    area = _area(request, slug)
    body = body_get(area=area, user=caller(request), body_id=body_id)
    if body is None:
        raise NotFound("Body not found.")
    return body


def _body_out(body: Body) -> dict[str, Any]:
    memberships = body.current_memberships  # type: ignore[attr-defined]
    return {
        "id": body.pk,
        "code": body.code,
        "name": body.name,
        "kind": body.kind,
        "purpose": body.purpose,
        "target_group": body.target_group.name if body.target_group else None,
        "is_public": body.is_public,
        "rules": {
            "quorum_share": float(body.quorum_share),
            "majority": body.majority,
            "allow_per_rollam": body.allow_per_rollam,
            "forwards_to": body.forwards_to_id,
        },
        "member_count": len(memberships),
        "voting_member_count": sum(1 for m in memberships if m.may_vote),
        "triad": [
            {"side": s.side, "count": s.count, "percent": s.percent}
            for s in triad_balance(memberships)
        ],
    }


@router.get(
    "/areas/{slug}/bodies",
    response={200: list[BodyOut], **PROBLEM_RESPONSES},
    summary="Bodies of the planning organisation",
)
def area_body_list(request: HttpRequest, slug: str = AreaSlug) -> list[dict[str, Any]]:
    """Public bodies with their rules and triad balance; members of the area see all."""
    area = _area(request, slug)
    return [_body_out(body) for body in body_list(area=area, user=caller(request))]


@router.get(
    "/areas/{slug}/bodies/{body_id}",
    response={200: BodyDetail, **PROBLEM_RESPONSES},
    summary="A body with its members",
)
def area_body_detail(request: HttpRequest, body_id: int, slug: str = AreaSlug) -> dict[str, Any]:
    """The body; the names of its members only for members of the area (else null)."""
    body = _body(request, slug, body_id)
    members = None
    if sees_internal(user=caller(request), area=body.planning_area):
        members = [
            {
                "name": m.person.name,
                "role": m.role,
                "triad_side": m.triad_side,
                "organisation": m.organisation.name if m.organisation else None,
                "since": m.valid_from,
            }
            for m in body.current_memberships  # type: ignore[attr-defined]
        ]
    return {**_body_out(body), "members": members}


def _meeting_out(meeting: Meeting) -> dict[str, Any]:
    return {
        "id": meeting.pk,
        "body": meeting.body_id,
        "title": meeting.title,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "place": meeting.place,
        "status": meeting.status,
        "minutes_status": meeting.minutes_status,
        "is_public": meeting.is_public,
    }


@router.get(
    "/areas/{slug}/bodies/{body_id}/meetings",
    response={200: list[MeetingOut], **PROBLEM_RESPONSES},
    summary="Meetings of a body",
)
def area_body_meetings(
    request: HttpRequest, body_id: int, slug: str = AreaSlug
) -> list[dict[str, Any]]:
    """Published meetings, newest first; members see all of them."""
    body = _body(request, slug, body_id)
    return [_meeting_out(m) for m in meeting_list(body=body, user=caller(request))]


def _motion_out(motion: Motion) -> dict[str, Any]:
    return {
        "id": motion.pk,
        "body": motion.body_id,
        "meeting": motion.meeting_id,
        "title": motion.title,
        "text": motion.text,
        "status": motion.status,
        "closes_at": motion.closes_at,
        "result": motion.result,
        "number": motion.number,
        "decided_at": motion.decided_at,
        "count": motion.result_detail or {},
    }


@router.get(
    "/areas/{slug}/bodies/{body_id}/motions",
    response={200: list[MotionOut], **PROBLEM_RESPONSES},
    summary="Motions and resolutions of a body",
)
def area_body_motions(
    request: HttpRequest, body_id: int, slug: str = AreaSlug, resolutions_only: bool = False
) -> list[dict[str, Any]]:
    """Members see every motion; the public the published resolutions only."""
    body = _body(request, slug, body_id)
    motions = motion_list(body=body, user=caller(request))
    if resolutions_only:
        motions = motions.filter(result=Motion.Result.ADOPTED).exclude(number="")
    return [_motion_out(m) for m in motions]


@router.post(
    "/motions/{motion_id}/vote",
    auth=django_auth,
    response={200: VoteOut, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="Cast one's own vote per rollam",
)
def motion_vote(request: HttpRequest, motion_id: int, payload: VoteIn) -> dict[str, Any]:
    """The signed-in voting member casts (or changes) their vote before the deadline.
    Errors: 401 not signed in, 403 not a voting member (not_a_voting_member), 409 the vote
    is closed (illegal_transition), 422 deadline passed (deadline_passed), a conflict of
    interest (conflict_of_interest) or a meeting motion (not_per_rollam)."""
    user = caller(request)
    motion = (
        Motion.objects.select_related("body__planning_area", "meeting").filter(pk=motion_id).first()
    )
    if motion is None or not user.has_perm("governance.view_body", motion.body):
        raise NotFound("Motion not found.")
    vote = vote_cast(actor=user, motion=motion, choice=payload.choice)
    return {"motion": motion.pk, "choice": vote.choice}
