from django.contrib import admin

from kpss.core.admin import AuditedAdmin
from kpss.portal.models import LifeSituation, LifeSituationType, ServiceGuide


class LifeSituationTypeInline(admin.TabularInline):
    model = LifeSituationType
    extra = 1


@admin.register(LifeSituation)
class LifeSituationAdmin(AuditedAdmin):
    inlines = [LifeSituationTypeInline]
    list_display = ("title", "slug", "order", "is_active")
    list_editable = ("order", "is_active")
    search_fields = ("title", "keywords")
    filter_horizontal = ("target_groups",)
    prepopulated_fields = {"slug": ("title",)}


@admin.register(ServiceGuide)
class ServiceGuideAdmin(AuditedAdmin):
    list_display = ("__str__", "service_type", "service")
    search_fields = ("service__name", "service_type__name", "plain_description")
    raw_id_fields = ("service",)
