"""Public comments on a plan version in consultation: anonymous submission with anti-spam,
moderation and settlement. Publishing the settlement is in services.py (it is part of
leaving the `settlement` state)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kpss.accounts.models import User
from kpss.core.audit import audit_record
from kpss.core.errors import ConcurrentEdit, ValidationFailed
from kpss.core.permissions import require_perm
from kpss.planning.errors import CommentRejected, RateLimited
from kpss.planning.models import Comment, Consultation, Measure, PlanVersion, Section

RATE_LIMIT = 10
RATE_WINDOW = dt.timedelta(hours=1)
LIMITS = {
    "author_name": 150,
    "email": 254,
    "organisation": 250,
    "quoted_passage": 5000,
    "proposed_change": 10000,
    "justification": 10000,
}


def ip_hash(ip: str) -> str:
    """A salted hash of the address: enough to count, not enough to know who."""
    if not ip:
        return ""
    key = f"kpss-comment-ip:{settings.SECRET_KEY}".encode()
    return hmac.new(key, ip.encode(), hashlib.sha256).hexdigest()


def consultation_is_open(consultation: Consultation, today: dt.date | None = None) -> bool:
    day = today or timezone.localdate()
    version = consultation.plan_version
    return (
        version.state == PlanVersion.State.IN_CONSULTATION
        and version.plan.planning_area.is_public
        and consultation.starts_on <= day <= consultation.ends_on
    )


def comment_submit(
    *,
    consultation: Consultation,
    author_name: str,
    email: str,
    consent: bool,
    commenter_kind: str,
    proposed_change: str,
    justification: str = "",
    organisation: str = "",
    quoted_passage: str = "",
    section_id: int | None = None,
    measure_id: int | None = None,
    ip: str = "",
    honeypot: str = "",
) -> Comment:
    """Record a comment of the public (no account). Validates every field before writing;
    refuses outside the window, when the honeypot is filled and above the rate limit."""
    if honeypot.strip():
        raise CommentRejected(_("The comment could not be accepted."))
    if not consultation_is_open(consultation):
        raise ValidationFailed(
            _("This consultation is not open for comments."), code="consultation_closed"
        )
    errors: dict[str, str] = {}
    values = {
        "author_name": author_name.strip(),
        "email": email.strip(),
        "organisation": organisation.strip(),
        "quoted_passage": quoted_passage.strip(),
        "proposed_change": proposed_change.strip(),
        "justification": justification.strip(),
    }
    for name, limit in LIMITS.items():
        if len(values[name]) > limit:
            errors[name] = _("At most %(limit)d characters.") % {"limit": limit}
    if not values["author_name"]:
        errors["author_name"] = _("Please give your name.")
    try:
        validate_email(values["email"])
    except DjangoValidationError:
        errors["email"] = _("Please give an e-mail address we can reply to.")
    if not consent:
        errors["consent"] = _("We need your consent to process your name and e-mail.")
    if commenter_kind not in Comment.CommenterKind.values:
        errors["commenter_kind"] = _("Choose who you are commenting as.")
    elif commenter_kind != Comment.CommenterKind.CITIZEN and not values["organisation"]:
        errors["organisation"] = _("Give the name of the organisation you comment for.")
    if not values["proposed_change"]:
        errors["proposed_change"] = _("Describe the change you propose.")
    version = consultation.plan_version
    section = measure = None
    if (section_id is None) == (measure_id is None):
        errors["target"] = _("Choose one section or one measure the comment concerns.")
    elif section_id is not None:
        section = Section.objects.filter(pk=section_id, plan_version=version).first()
        if section is None:
            errors["section_id"] = _("No such section in this version of the plan.")
    elif measure_id is not None:
        measure = Measure.objects.filter(pk=measure_id, plan_version=version).first()
        if measure is None:
            errors["measure_id"] = _("No such measure in this version of the plan.")
    if errors:
        raise ValidationFailed(
            _("Some fields of the comment need correcting."), code="invalid_comment", errors=errors
        )
    hashed = ip_hash(ip)
    since = timezone.now() - RATE_WINDOW
    recent = Comment.objects.filter(created_at__gte=since)
    if (hashed and recent.filter(ip_hash=hashed).count() >= RATE_LIMIT) or recent.filter(
        email__iexact=values["email"]
    ).count() >= RATE_LIMIT:
        raise RateLimited(
            _("Too many comments in a short time. Please try again in an hour."),
        )
    with transaction.atomic():
        Consultation.objects.select_for_update().filter(pk=consultation.pk).first()
        number = (consultation.comments.aggregate(m=Max("number"))["m"] or 0) + 1
        comment = Comment(
            consultation=consultation,
            number=number,
            section=section,
            measure=measure,
            commenter_kind=commenter_kind,
            consent_at=timezone.now(),
            ip_hash=hashed,
            **values,
        )
        comment.full_clean()
        comment.save()
        # Comments are anonymous to the audit trail: it notes that one arrived, not who sent it.
        audit_record(
            actor=None,
            verb="consultation.comment",
            obj=consultation,
            area_slug=version.plan.planning_area.slug,
            payload={"comment": comment.number},
        )
    return comment


def _area_slug(comment: Comment) -> str:
    return str(comment.consultation.plan_version.plan.planning_area.slug)


def comment_hide(*, actor: User, comment: Comment, reason: str) -> Comment:
    """Hide an abusive comment with a recorded reason; it then needs no settlement."""
    require_perm(
        actor, "planning.moderate_comments", comment.consultation.plan_version.plan.planning_area
    )
    if not reason.strip():
        raise ValidationFailed(
            _("Give the reason for hiding the comment."), code="reason_required", field="reason"
        )
    with transaction.atomic():
        comment.hidden = True
        comment.hidden_reason = reason.strip()[:300]
        comment.hidden_at = timezone.now()
        comment.version += 1
        comment.save()
        audit_record(
            actor=actor,
            verb="consultation.comment_hide",
            obj=comment,
            area_slug=_area_slug(comment),
            payload={"reason": comment.hidden_reason},
        )
    return comment


def comment_unhide(*, actor: User, comment: Comment) -> Comment:
    require_perm(
        actor, "planning.moderate_comments", comment.consultation.plan_version.plan.planning_area
    )
    with transaction.atomic():
        comment.hidden = False
        comment.hidden_reason = ""
        comment.hidden_at = None
        comment.version += 1
        comment.save()
        audit_record(
            actor=actor,
            verb="consultation.comment_unhide",
            obj=comment,
            area_slug=_area_slug(comment),
        )
    return comment


def comment_settle(
    *,
    actor: User,
    comment: Comment,
    expected_version: int,
    outcome: str,
    reason: str,
    resulting_section: Section | None = None,
    resulting_measure: Measure | None = None,
) -> Comment:
    """Give the comment its outcome and reason, optionally with the section or measure of the
    next version it led to. Possible while the version is in settlement."""
    version = comment.consultation.plan_version
    require_perm(actor, "planning.settle_comments", version.plan.planning_area)
    if version.state != PlanVersion.State.SETTLEMENT:
        raise ValidationFailed(
            _(
                "Comments are settled after the consultation closes and before the version "
                "moves on."
            ),
            code="not_in_settlement",
        )
    errors: dict[str, str] = {}
    if outcome not in Comment.Outcome.values:
        errors["outcome"] = _("Choose the outcome.")
    if not reason.strip():
        errors["reason"] = _("Give the reason for the outcome.")
    for name, target in (
        ("resulting_section", resulting_section),
        ("resulting_measure", resulting_measure),
    ):
        if target is not None and (
            target.plan_version.plan_id != version.plan_id
            or target.plan_version.number <= version.number
        ):
            errors[name] = _("Choose a part of a later version of this plan.")
    if errors:
        raise ValidationFailed(
            _("The settlement needs correcting."), code="invalid_settlement", errors=errors
        )
    with transaction.atomic():
        bumped = Comment.objects.filter(pk=comment.pk, version=expected_version).update(
            version=F("version") + 1, updated_at=timezone.now()
        )
        if not bumped:
            raise ConcurrentEdit(
                _("Someone else settled this comment in the meantime. Reload it."),
                current_version=Comment.objects.get(pk=comment.pk).version,
            )
        comment.version = expected_version + 1
        comment.outcome = outcome
        comment.outcome_reason = reason.strip()
        comment.resulting_section = resulting_section
        comment.resulting_measure = resulting_measure
        comment.settled_at = timezone.now()
        comment.settled_by = actor if actor.pk else None
        comment.full_clean()
        comment.save()
        audit_record(
            actor=actor,
            verb="consultation.comment_settle",
            obj=comment,
            area_slug=_area_slug(comment),
            payload={"outcome": outcome},
        )
    return comment
