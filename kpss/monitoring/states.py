"""The status of a scheduled measure or activity, and the publication of action plans and
evaluation reports.

    not_started ──▶ in_progress | done | postponed | cancelled
    in_progress ──▶ in_progress | done | postponed | cancelled
    postponed   ──▶ in_progress | not_started | cancelled | postponed
    done        ──▶ in_progress            (reopened, with a reason)
    cancelled   ──▶ not_started            (renewed, with a reason)

    draft ──publish──▶ published           (a published evaluation never changes)
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from kpss.core.errors import KpssError
from kpss.monitoring.models import ItemStatus

I = ItemStatus  # noqa: E741

ITEM_TRANSITIONS: dict[str, frozenset[str]] = {
    I.NOT_STARTED: frozenset({I.NOT_STARTED, I.IN_PROGRESS, I.DONE, I.POSTPONED, I.CANCELLED}),
    I.IN_PROGRESS: frozenset({I.IN_PROGRESS, I.DONE, I.POSTPONED, I.CANCELLED}),
    I.POSTPONED: frozenset({I.POSTPONED, I.IN_PROGRESS, I.NOT_STARTED, I.CANCELLED}),
    I.DONE: frozenset({I.DONE, I.IN_PROGRESS}),
    I.CANCELLED: frozenset({I.CANCELLED, I.NOT_STARTED}),
}

#: Statuses that need a reason (a deviation from the plan, or going back).
NEEDS_REASON = frozenset({I.POSTPONED, I.CANCELLED})
#: Statuses after which no more updates are expected (no reminders).
CLOSED = frozenset({I.DONE, I.CANCELLED})


class IllegalStatusChange(KpssError):
    code = "illegal_status_change"
    status = 409


class AlreadyPublished(KpssError):
    """A published action plan or evaluation is a record; it is not changed."""

    code = "already_published"
    status = 409


def item_status_check(*, current: str, new: str) -> None:
    if new not in ITEM_TRANSITIONS.get(current, frozenset()):
        raise IllegalStatusChange(
            _("The status cannot change from “%(current)s” to “%(new)s”.")
            % {"current": I(current).label, "new": I(new).label},
            current=current,
            new=new,
        )


def needs_reason(*, current: str, new: str) -> bool:
    """Postponing or cancelling, and reopening a finished item, must be explained."""
    return new in NEEDS_REASON or (current in CLOSED and new != current)
