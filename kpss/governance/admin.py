"""Back office for bodies, people, meetings and motions (every edit is audited). Votes are
shown read-only: they are recorded through the services, which apply the rules."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kpss.core.admin import AuditedAdmin
from kpss.governance.models import (
    AgendaItem,
    Attendance,
    Body,
    BodyMembership,
    ConflictOfInterest,
    Meeting,
    Motion,
    Person,
    Vote,
)


class MembershipInline(admin.TabularInline):
    model = BodyMembership
    extra = 0
    autocomplete_fields = ("person",)


@admin.register(Body)
class BodyAdmin(AuditedAdmin):
    list_display = ("name", "code", "kind", "planning_area", "majority", "allow_per_rollam")
    list_filter = ("planning_area", "kind", "is_public")
    search_fields = ("name", "code")
    inlines = [MembershipInline]


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ("name", "email", "planning_area", "user", "is_example")
    list_filter = ("planning_area", "is_example")
    search_fields = ("name", "email")


class AgendaInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(AuditedAdmin):
    list_display = ("title", "body", "starts_at", "status", "minutes_status", "is_public")
    list_filter = ("body__planning_area", "status", "minutes_status", "is_public")
    search_fields = ("title",)
    inlines = [AgendaInline, AttendanceInline]


class VoteInline(admin.TabularInline):
    model = Vote
    extra = 0
    can_delete = False
    readonly_fields = ("person", "choice")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ConflictInline(admin.TabularInline):
    model = ConflictOfInterest
    extra = 0
    can_delete = False
    readonly_fields = ("person", "reason")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Motion)
class MotionAdmin(AuditedAdmin):
    list_display = ("number", "title", "body", "status", "result", "decided_at")
    list_filter = ("body__planning_area", "status", "result")
    search_fields = ("number", "title", "text")
    readonly_fields = ("status", "result", "result_detail", "number", "decided_at")
    inlines = [VoteInline, ConflictInline]
