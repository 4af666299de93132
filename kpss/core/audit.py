"""The one way to record that a write happened. Call it inside the writing transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

from kpss.core.models import AuditEvent

if TYPE_CHECKING:
    from kpss.accounts.models import User


def audit_record(
    *,
    actor: User | None,
    verb: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    area_slug: str = "",
    payload: dict[str, Any] | None = None,
) -> AuditEvent:
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    label = str(obj)[:300] if obj is not None else ""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        actor_label=actor.get_username() if actor is not None else "system",
        verb=verb,
        object_type=object_type,
        object_id=object_id,
        object_label=label,
        area_slug=area_slug,
        payload=payload or {},
    )
