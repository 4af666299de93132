"""The survey lifecycle: draft → open → closed (and reopen while the period allows)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from kpss.core.errors import KpssError
from kpss.needs.models import Survey

S = Survey.Status

SURVEY_TRANSITIONS: dict[tuple[str, str], str] = {
    (S.DRAFT, "publish"): S.OPEN,
    (S.OPEN, "close"): S.CLOSED,
    (S.CLOSED, "reopen"): S.OPEN,
}


class IllegalTransition(KpssError):
    code = "illegal_transition"
    status = 409


def survey_next_status(*, current: str, action: str) -> str:
    try:
        return SURVEY_TRANSITIONS[(current, action)]
    except KeyError:
        raise IllegalTransition(
            _("A survey in state %(state)s cannot be %(action)s.")
            % {"state": S(current).label, "action": action},
            state=current,
            action=action,
        ) from None
