from django.contrib import admin

from kpss.core.admin import AuditedAdmin
from kpss.registry.models import (
    AgeBand,
    Capacity,
    CapacityType,
    Facility,
    Form,
    Provider,
    Service,
    ServiceForm,
    ServiceType,
    TargetGroup,
)


@admin.register(ServiceType)
class ServiceTypeAdmin(AuditedAdmin):
    list_display = ("paragraph", "name", "category", "registry_code", "status")
    list_filter = ("category", "status")
    search_fields = ("name", "paragraph")
    filter_horizontal = ("allowed_forms",)


@admin.register(Form)
class FormAdmin(AuditedAdmin):
    list_display = ("name", "code", "registry_code", "status")


@admin.register(TargetGroup)
class TargetGroupAdmin(AuditedAdmin):
    list_display = ("name", "registry_code", "status")
    list_filter = ("status",)
    search_fields = ("name",)


@admin.register(AgeBand)
class AgeBandAdmin(AuditedAdmin):
    list_display = ("name", "age_from", "age_to", "status")


@admin.register(CapacityType)
class CapacityTypeAdmin(AuditedAdmin):
    list_display = ("name", "registry_code", "typical_for")


@admin.register(Provider)
class ProviderAdmin(AuditedAdmin):
    list_display = ("name", "ico", "legal_form", "web")
    search_fields = ("name", "ico")


class FacilityInline(admin.StackedInline):
    model = Facility
    extra = 0
    autocomplete_fields = ("municipality",)


class ServiceFormInline(admin.TabularInline):
    model = ServiceForm
    extra = 0
    show_change_link = True


@admin.register(Service)
class ServiceAdmin(AuditedAdmin):
    list_display = ("name", "identifier", "service_type", "provider", "valid_to", "origin")
    list_filter = ("service_type", "origin")
    search_fields = ("name", "identifier", "key", "provider__name", "provider__ico")
    list_select_related = ("service_type", "provider")
    autocomplete_fields = ("provider", "territory")
    filter_horizontal = ("target_groups", "age_bands")
    readonly_fields = ("key", "content_hash", "version")
    inlines = [ServiceFormInline, FacilityInline]


class CapacityInline(admin.TabularInline):
    model = Capacity
    extra = 0


@admin.register(ServiceForm)
class ServiceFormAdmin(AuditedAdmin):
    list_display = ("service", "form", "is_continuous", "network_units", "network_unit_kind")
    list_select_related = ("service", "form")
    search_fields = ("service__name",)
    inlines = [CapacityInline]
