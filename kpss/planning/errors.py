"""Typed errors of planning (the illegal state move lives with the table in states.py)."""

from __future__ import annotations

from kpss.core.errors import KpssError, ValidationFailed
from kpss.planning.states import CommentsUnsettled, IllegalTransition, VersionFrozen


class RateLimited(KpssError):
    """Too many comments from one address or e-mail in a short time."""

    code = "rate_limited"
    status = 429


class CommentRejected(ValidationFailed):
    """A comment that looks automated (the honeypot field was filled)."""

    code = "comment_rejected"


__all__ = [
    "CommentRejected",
    "CommentsUnsettled",
    "IllegalTransition",
    "RateLimited",
    "VersionFrozen",
]
