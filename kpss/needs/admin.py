"""Back office for needs, SWOT, norms, analysis runs and surveys (every edit is audited)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kpss.core.admin import AuditedAdmin
from kpss.needs.models import (
    AnalysisRun,
    Answer,
    Choice,
    Need,
    Norm,
    NormSet,
    Question,
    Response,
    Survey,
    SwotItem,
)


@admin.register(Need)
class NeedAdmin(AuditedAdmin):
    list_display = (
        "number",
        "title",
        "planning_area",
        "target_group",
        "priority",
        "status",
        "is_public",
    )
    list_display_links = ("number", "title")
    list_filter = ("planning_area", "status", "priority", "raised_by", "is_public")
    search_fields = ("title", "description", "evidence", "raised_by_name")
    autocomplete_fields = ("municipalities",)
    filter_horizontal = ("service_types",)
    readonly_fields = ("version", "created_at", "updated_at")
    ordering = ("planning_area", "number")


@admin.register(SwotItem)
class SwotItemAdmin(AuditedAdmin):
    list_display = ("planning_area", "topic", "target_group", "kind", "text", "order")
    list_filter = ("planning_area", "kind", "target_group")
    search_fields = ("text", "topic")


class NormInline(admin.TabularInline):
    model = Norm
    extra = 0
    fields = (
        "service_type",
        "form",
        "population_group",
        "value_per_1000",
        "unit",
        "capacity_type",
        "is_assumption",
        "source",
    )


@admin.register(NormSet)
class NormSetAdmin(AuditedAdmin):
    list_display = ("name", "planning_area")
    list_filter = ("planning_area",)
    search_fields = ("name", "description")
    inlines = [NormInline]


@admin.register(AnalysisRun)
class AnalysisRunAdmin(AuditedAdmin):
    """Stored runs are evidence for the numbers in a plan: viewable, never edited."""

    list_display = ("created_at", "planning_area", "kind", "label", "is_scenario", "created_by")
    list_filter = ("planning_area", "kind", "is_scenario")
    search_fields = ("label",)
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    fields = ("order", "kind", "text", "help_text", "required", "scale_min", "scale_max")
    show_change_link = True


@admin.register(Survey)
class SurveyAdmin(AuditedAdmin):
    list_display = ("title", "planning_area", "status", "opens_on", "closes_on")
    list_filter = ("planning_area", "status")
    search_fields = ("title", "introduction")
    readonly_fields = ("public_id", "version", "created_at", "updated_at")
    inlines = [QuestionInline]


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0


@admin.register(Question)
class QuestionAdmin(AuditedAdmin):
    list_display = ("text", "survey", "kind", "order", "required")
    list_filter = ("kind", "survey__planning_area")
    search_fields = ("text", "survey__title")
    inlines = [ChoiceInline]


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    fields = ("question", "scale_value", "text")
    readonly_fields = fields
    can_delete = False


@admin.register(Response)
class ResponseAdmin(AuditedAdmin):
    """Anonymous answers of the public: read-only in the back office."""

    list_display = ("pk", "survey", "municipality", "age_band", "created_at")
    list_filter = ("survey__planning_area", "survey")
    inlines = [AnswerInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
