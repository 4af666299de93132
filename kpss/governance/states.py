"""Lifecycles of governance records, as transition tables with one typed error.

- a meeting: planned → held | cancelled (and a cancelled one may be planned again);
- its minutes: none → draft (saving) → approved (at a later meeting; then frozen);
- a motion: open (votes are taken) → closed (result and resolution number fixed).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from kpss.core.errors import KpssError
from kpss.governance.models import Meeting, Motion

M = Meeting.Status
MS = Meeting.MinutesStatus
MO = Motion.Status

MEETING_TRANSITIONS: dict[tuple[str, str], str] = {
    (M.PLANNED, "hold"): M.HELD,
    (M.PLANNED, "cancel"): M.CANCELLED,
    (M.CANCELLED, "replan"): M.PLANNED,
}

MINUTES_TRANSITIONS: dict[tuple[str, str], str] = {
    (MS.NONE, "save"): MS.DRAFT,
    (MS.DRAFT, "save"): MS.DRAFT,
    (MS.DRAFT, "approve"): MS.APPROVED,
}

MOTION_TRANSITIONS: dict[tuple[str, str], str] = {
    (MO.OPEN, "vote"): MO.OPEN,
    (MO.OPEN, "close"): MO.CLOSED,
}


class IllegalTransition(KpssError):
    code = "illegal_transition"
    status = 409


def meeting_next_status(*, current: str, action: str) -> str:
    try:
        return MEETING_TRANSITIONS[(current, action)]
    except KeyError:
        message = {
            "hold": _("Only a planned meeting can be marked as held; this one is %(state)s."),
            "cancel": _("Only a planned meeting can be cancelled; this one is %(state)s."),
            "replan": _("Only a cancelled meeting can be planned again; this one is %(state)s."),
        }.get(action, _("This action is not possible for a meeting that is %(state)s."))
        raise IllegalTransition(
            message % {"state": M(current).label}, state=current, action=action
        ) from None


def minutes_next_status(*, current: str, action: str) -> str:
    try:
        return MINUTES_TRANSITIONS[(current, action)]
    except KeyError:
        message = {
            "save": _("Approved minutes can no longer be changed."),
            "approve": _("Only draft minutes can be approved; these are %(state)s."),
        }.get(action, _("This action is not possible for minutes that are %(state)s."))
        raise IllegalTransition(
            message % {"state": MS(current).label}, state=current, action=action
        ) from None


def motion_next_status(*, current: str, action: str) -> str:
    try:
        return MOTION_TRANSITIONS[(current, action)]
    except KeyError:
        message = {
            "vote": _("The vote on this motion is closed; no more votes are accepted."),
            "close": _("The vote on this motion is already closed."),
        }.get(action, _("This action is not possible for a motion whose vote is %(state)s."))
        raise IllegalTransition(
            message % {"state": MO(current).label}, state=current, action=action
        ) from None
