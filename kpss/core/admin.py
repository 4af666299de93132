from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from kpss.core.audit import audit_record
from kpss.core.models import AuditEvent

admin.site.site_header = _("KPSS – back office")
admin.site.site_title = _("KPSS back office")
admin.site.index_title = _("Administration of community planning")


class AuditedAdmin(admin.ModelAdmin):
    """Back-office edits leave the same audit trail as writes made through services."""

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_record(
                actor=request.user,  # type: ignore[arg-type]
                verb=f"admin.{'change' if change else 'add'}",
                obj=obj,
                payload={"fields": sorted(form.changed_data)},
            )

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        with transaction.atomic():
            audit_record(actor=request.user, verb="admin.delete", obj=obj)  # type: ignore[arg-type]
            super().delete_model(request, obj)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = (
        "occurred_at",
        "actor_label",
        "verb",
        "object_type",
        "object_label",
        "area_slug",
    )
    list_filter = ("verb", "object_type", "area_slug")
    search_fields = ("actor_label", "object_label", "object_id")
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
