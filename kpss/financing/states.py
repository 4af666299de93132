"""The programme lifecycle.

    draft ──open_call──▶ call_open ──start_assessment──▶ assessment ──approve──▶ approved
    approved ──close──▶ closed   (every approved grant settled)

The contribution formula and the participants change only in `draft`; providers apply only
while the call is open; assessors score, the rule proposes and the committee adjusts during
`assessment`; contracts and settlements follow the approval.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from kpss.core.errors import KpssError
from kpss.financing.models import Programme

S = Programme.State

OPEN_CALL = "open_call"
START_ASSESSMENT = "start_assessment"
APPROVE = "approve"
CLOSE = "close"

PROGRAMME_TRANSITIONS: dict[tuple[str, str], str] = {
    (S.DRAFT, OPEN_CALL): S.CALL_OPEN,
    (S.CALL_OPEN, START_ASSESSMENT): S.ASSESSMENT,
    (S.ASSESSMENT, APPROVE): S.APPROVED,
    (S.APPROVED, CLOSE): S.CLOSED,
}

#: States in which the public sees the programme's summary.
PUBLIC_STATES = (S.APPROVED, S.CLOSED)


class IllegalTransition(KpssError):
    code = "illegal_transition"
    status = 409


def _refusal(action: str) -> str:
    return {
        OPEN_CALL: _("Only a programme in preparation can open its call; this one is %(state)s."),
        START_ASSESSMENT: _(
            "Only a programme with an open call can move to assessment; this one is %(state)s."
        ),
        APPROVE: _("Only a programme in assessment can be approved; this one is %(state)s."),
        CLOSE: _("Only an approved programme can be closed; this one is %(state)s."),
    }.get(action, _("This action is not possible for a programme that is %(state)s."))


def programme_next_state(*, current: str, action: str) -> str:
    try:
        return PROGRAMME_TRANSITIONS[(current, action)]
    except KeyError:
        raise IllegalTransition(
            _refusal(action) % {"state": S(current).label}, state=current, action=action
        ) from None


def require_state(programme: Programme, *states: str, message: str) -> None:
    if programme.state not in states:
        raise IllegalTransition(
            message % {"state": S(programme.state).label}, state=programme.state
        )
