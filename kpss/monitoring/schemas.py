"""API schemas of monitoring."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema


class ItemOut(Schema):
    id: int
    code: str
    title: str
    is_activity: bool
    measure_lineage: str
    responsible_organisation: str | None
    budget_czk: int
    spent_czk: int
    status: str
    percent: int
    reason: str
    next_update_due: dt.date | None


class ActionPlanBrief(Schema):
    id: int
    plan_id: int
    plan_title: str
    year: int
    state: str
    plan_version: int


class ActionPlanOut(ActionPlanBrief):
    items: list[ItemOut]


class ProgressIn(Schema):
    status: str = Field(..., description="not_started, in_progress, done, postponed, cancelled")
    percent: int = Field(..., ge=0, le=100)
    reason: str = ""
    spent_czk: int | None = Field(None, ge=0)
    evidence_links: list[str] = Field(default_factory=list, max_length=20)


class ProgressOut(Schema):
    id: int
    item: ItemOut


class IndicatorValueOut(Schema):
    measure: str
    indicator: str
    unit: str
    baseline: str | None
    target: str | None
    values: dict[str, str]


class EvaluationBrief(Schema):
    id: int
    plan_id: int
    year: int
    number: int
    state: str
    published_at: dt.datetime | None


class EvaluationOut(EvaluationBrief):
    summary: str
    commentary: dict[str, str]
    data: dict[str, Any]


class EvaluationSummaryOut(Schema):
    plan_id: int
    evaluation_id: int | None
    text: str


class GoalIndicatorOut(Schema):
    key: str
    name: str
    value: float | None
    display: str
    count: int
    no_data_reason: str
    definition: str
    sources: list[str]


class GoalOut(Schema):
    key: str
    title: str
    indicators: list[GoalIndicatorOut]
