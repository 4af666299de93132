from django.contrib import admin

from kpss.core.admin import AuditedAdmin
from kpss.organisations.models import Membership, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ("name", "kind", "ico", "municipality")
    list_filter = ("kind",)
    search_fields = ("name", "ico")
    autocomplete_fields = ("municipality",)
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ("user", "role", "organisation", "planning_area")
    list_filter = ("role", "planning_area")
    search_fields = ("user__username", "organisation__name")
    autocomplete_fields = ("user", "organisation")
