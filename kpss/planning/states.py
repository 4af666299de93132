"""The plan version lifecycle.

    draft ──publish_for_consultation──▶ in_consultation ──close_consultation──▶ settlement
    settlement ──submit_to_councils──▶ submitted_to_councils ──approve──▶ in_force
    settlement ──revise──▶ superseded   (the work goes on in the next draft)
    draft ──submit_to_councils──▶ submitted_to_councils   (a revised draft after consultation)
    in_force ──supersede──▶ superseded   (only by the approval of a newer version)

Leaving `draft` freezes the version (its full content is stored as a snapshot).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from kpss.core.errors import KpssError
from kpss.planning.models import PlanVersion

S = PlanVersion.State

PUBLISH_FOR_CONSULTATION = "publish_for_consultation"
CLOSE_CONSULTATION = "close_consultation"
SUBMIT_TO_COUNCILS = "submit_to_councils"
REVISE = "revise"
APPROVE = "approve"
SUPERSEDE = "supersede"

PLAN_VERSION_TRANSITIONS: dict[tuple[str, str], str] = {
    (S.DRAFT, PUBLISH_FOR_CONSULTATION): S.IN_CONSULTATION,
    (S.IN_CONSULTATION, CLOSE_CONSULTATION): S.SETTLEMENT,
    (S.SETTLEMENT, SUBMIT_TO_COUNCILS): S.SUBMITTED_TO_COUNCILS,
    (S.DRAFT, SUBMIT_TO_COUNCILS): S.SUBMITTED_TO_COUNCILS,
    (S.SETTLEMENT, REVISE): S.SUPERSEDED,
    (S.SUBMITTED_TO_COUNCILS, APPROVE): S.IN_FORCE,
    (S.IN_FORCE, SUPERSEDE): S.SUPERSEDED,
}

ACTIONS = (
    PUBLISH_FOR_CONSULTATION,
    CLOSE_CONSULTATION,
    SUBMIT_TO_COUNCILS,
    REVISE,
    APPROVE,
    SUPERSEDE,
)

#: States whose versions the public may read (never drafts).
PUBLIC_STATES = (
    S.IN_CONSULTATION,
    S.SETTLEMENT,
    S.SUBMITTED_TO_COUNCILS,
    S.IN_FORCE,
    S.SUPERSEDED,
)


class IllegalTransition(KpssError):
    code = "illegal_transition"
    status = 409


class VersionFrozen(KpssError):
    """A frozen version is an immutable record; edits go into a new draft."""

    code = "version_frozen"
    status = 409


class CommentsUnsettled(KpssError):
    code = "comments_unsettled"
    status = 409


def _refusal(action: str) -> str:
    # One whole sentence per action: Czech cannot take an English verb spliced in.
    return {
        PUBLISH_FOR_CONSULTATION: _(
            "Only a draft can be published for consultation; this version is %(state)s."
        ),
        CLOSE_CONSULTATION: _(
            "Only a version in consultation can have its consultation closed; this one is "
            "%(state)s."
        ),
        SUBMIT_TO_COUNCILS: _(
            "Only a settled or revised version can be submitted to the councils; this one is "
            "%(state)s."
        ),
        REVISE: _("Only a version in settlement can be revised; this one is %(state)s."),
        APPROVE: _(
            "Only a version submitted to the councils can be approved; this one is %(state)s."
        ),
        SUPERSEDE: _("Only a version in force can be superseded; this one is %(state)s."),
    }.get(action, _("This action is not possible for a version that is %(state)s."))


def plan_version_next_state(*, current: str, action: str) -> str:
    try:
        return PLAN_VERSION_TRANSITIONS[(current, action)]
    except KeyError:
        raise IllegalTransition(
            _refusal(action) % {"state": S(current).label}, state=current, action=action
        ) from None
