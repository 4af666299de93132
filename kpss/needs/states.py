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


def _refusal(action: str) -> str:
    # One whole sentence per action: Czech cannot take an English verb spliced in.
    return {
        "publish": _("Only a draft survey can be published; this one is %(state)s."),
        "close": _("Only an open survey can be closed; this one is %(state)s."),
        "reopen": _("Only a closed survey can be reopened; this one is %(state)s."),
    }.get(action, _("This action is not possible for a survey that is %(state)s."))


def survey_next_status(*, current: str, action: str) -> str:
    try:
        return SURVEY_TRANSITIONS[(current, action)]
    except KeyError:
        raise IllegalTransition(
            _refusal(action) % {"state": S(current).label},
            state=current,
            action=action,
        ) from None
