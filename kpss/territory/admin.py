from django.contrib import admin

from kpss.core.admin import AuditedAdmin
from kpss.territory.models import (
    AreaMembership,
    District,
    Municipality,
    Orp,
    PlanningArea,
    PopulationFact,
    Region,
)


@admin.register(Region)
class RegionAdmin(AuditedAdmin):
    list_display = ("name", "code", "nuts")
    search_fields = ("name", "code", "nuts")


@admin.register(District)
class DistrictAdmin(AuditedAdmin):
    list_display = ("name", "code", "nuts", "region")
    list_filter = ("region",)
    search_fields = ("name", "code")


@admin.register(Orp)
class OrpAdmin(AuditedAdmin):
    list_display = ("name", "code", "region")
    list_filter = ("region",)
    search_fields = ("name", "code")


class PopulationInline(admin.TabularInline):
    model = PopulationFact
    extra = 0
    fields = (
        "reference_date",
        "total",
        "men",
        "women",
        "age_0_14",
        "age_15_64",
        "age_65_plus",
        "average_age",
        "source",
    )


@admin.register(Municipality)
class MunicipalityAdmin(AuditedAdmin):
    list_display = ("name", "code", "kind", "orp", "district", "region")
    list_filter = ("region", "kind")
    search_fields = ("name", "code")
    list_select_related = ("orp", "district", "region")
    inlines = [PopulationInline]


class AreaMembershipInline(admin.TabularInline):
    model = AreaMembership
    extra = 0
    autocomplete_fields = ("municipality",)


@admin.register(PlanningArea)
class PlanningAreaAdmin(AuditedAdmin):
    list_display = ("name", "slug", "kind", "orp", "is_public")
    list_filter = ("kind", "is_public")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [AreaMembershipInline]
