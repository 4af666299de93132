"""Helpers shared by the process timeline, the project budget and public events: checking
the fields a service accepts, and saving a validated row with its audit event."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from kpss.accounts.models import User
from kpss.core.audit import audit_record
from kpss.core.errors import ValidationFailed
from kpss.territory.models import PlanningArea


def check_fields(fields: dict[str, Any], allowed: Iterable[str]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationFailed(
            _("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )


def changed_fields(obj: models.Model, fields: dict[str, Any]) -> list[str]:
    return sorted(name for name, value in fields.items() if getattr(obj, name) != value)


def save_audited(
    *,
    actor: User,
    obj: models.Model,
    verb: str,
    area: PlanningArea,
    payload: dict[str, Any] | None = None,
) -> None:
    """full_clean() (fields and database constraints), save, and record the write.
    Call it inside the writing transaction."""
    obj.full_clean()
    obj.save()
    audit_record(actor=actor, verb=verb, obj=obj, area_slug=area.slug, payload=payload or {})


def delete_audited(
    *, actor: User, obj: models.Model, verb: str, area: PlanningArea, payload: dict[str, Any]
) -> None:
    audit_record(actor=actor, verb=verb, obj=obj, area_slug=area.slug, payload=payload)
    obj.delete()


def field_error(field: str, message: str) -> ValidationFailed:
    """A validation error the forms show at `field`."""
    return ValidationFailed(message, field=field, errors={field: message})


def check_order(start: Any, end: Any, field: str) -> None:
    """The end (`field`) is not before the start; shown at the end's field."""
    if start is not None and end is not None and end < start:
        raise field_error(field, _("The end cannot be before the start."))
