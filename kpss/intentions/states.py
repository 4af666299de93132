"""The lifecycle of an intention revision and of a call.

    draft ──submit──▶ submitted ──assess──▶ assessed ──assess──▶ assessed
    assessed ──issue_statement──▶ statement_issued
    submitted ──revise──▶ superseded   (the new revision starts as a draft)
    assessed ──revise──▶ superseded

    call: open ──close──▶ closed

Leaving `draft` freezes the revision: nothing of it changes any more, a change is a new
revision with a reason.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from kpss.core.errors import KpssError
from kpss.intentions.models import Call, Intention

S = Intention.State

SUBMIT = "submit"
ASSESS = "assess"
ISSUE_STATEMENT = "issue_statement"
REVISE = "revise"
CLOSE = "close"

INTENTION_TRANSITIONS: dict[tuple[str, str], str] = {
    (S.DRAFT, SUBMIT): S.SUBMITTED,
    (S.SUBMITTED, ASSESS): S.ASSESSED,
    (S.ASSESSED, ASSESS): S.ASSESSED,
    (S.ASSESSED, ISSUE_STATEMENT): S.STATEMENT_ISSUED,
    (S.SUBMITTED, REVISE): S.SUPERSEDED,
    (S.ASSESSED, REVISE): S.SUPERSEDED,
}

CALL_TRANSITIONS: dict[tuple[str, str], str] = {
    (Call.State.OPEN, CLOSE): Call.State.CLOSED,
}


class IllegalTransition(KpssError):
    code = "illegal_transition"
    status = 409


class IntentionFrozen(KpssError):
    """A submitted revision is a record; a change is a new revision with a reason."""

    code = "intention_frozen"
    status = 409


class OutsideWindow(KpssError):
    """The action is allowed only in the call's submission or statement window."""

    code = "outside_window"
    status = 409


def _refusal(action: str) -> str:
    return {
        SUBMIT: _("Only a draft can be submitted; this intention is %(state)s."),
        ASSESS: _("Only a submitted intention can be assessed; this one is %(state)s."),
        ISSUE_STATEMENT: _(
            "A statement can be issued only for an assessed intention; this one is %(state)s."
        ),
        REVISE: _(
            "Only a submitted intention without a statement can be revised; this one is %(state)s."
        ),
    }.get(action, _("This action is not possible for an intention that is %(state)s."))


def intention_next_state(*, current: str, action: str) -> str:
    try:
        return INTENTION_TRANSITIONS[(current, action)]
    except KeyError:
        raise IllegalTransition(
            _refusal(action) % {"state": S(current).label}, state=current, action=action
        ) from None


def call_next_state(*, current: str, action: str) -> str:
    try:
        return CALL_TRANSITIONS[(current, action)]
    except KeyError:
        raise IllegalTransition(
            _("This call is already closed."), state=current, action=action
        ) from None
