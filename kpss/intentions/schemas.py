"""Shapes of calls, intentions and the consistency check in the API."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class CallOut(Schema):
    id: int
    title: str
    year: int = Field(description="The year of the network the call is for.")
    state: str = Field(description="open | closed (the public sees closed calls only)")
    submission_from: dt.date
    submission_to: dt.date
    statement_from: dt.date
    statement_to: dt.date
    layers: list[str] = Field(description="Admitted network layers: basic | temporary | pool.")
    service_types: list[str] = Field(description="Keys of admitted service types; empty = all.")
    regional_needs: str
    is_example: bool
    window: str = Field(description="upcoming | submission | between | statements | after | closed")
    submitted: int
    assessed: int
    statements_issued: int


class CriterionOut(Schema):
    code: str = Field(
        description="measure_in_force | service_type | form | target_groups | municipalities "
        "| capacity | gap | registration"
    )
    label: str
    result: str = Field(description="pass | fail | judgement")
    reason: str


class IntentionOut(Schema):
    id: int
    number: int
    revision: int
    title: str
    provider: str = Field(description="The provider organisation (never a person).")
    ico: str
    kind: str = Field(description="A | B | C")
    layer: str
    year: int
    state: str = Field(description="draft | submitted | assessed | statement_issued | superseded")
    service_type: str = Field(description="Key of the service type (section of Act 108/2006).")
    form: str = Field(description="pob | amb | ter")
    unit_kind: str = Field(description="fte | beds")
    units_from: float
    units_to: float
    capacity_from: float
    capacity_to: float
    measures: list[str] = Field(description="Codes of the plan measures implemented.")
    outcome: str | None = Field(description="consistent | conditional | not_consistent")
    conditions: str
    priority_order: int | None
    statement_number: str | None = Field(description="For example 1/2026.")
    statement_date: dt.date | None
    is_example: bool


class IntentionDetail(IntentionOut):
    justification: str
    reason: str = Field(description="The reason of the assessment.")
    check: list[CriterionOut] = Field(
        description="The automatic consistency check, computed now (coordinators only)."
    )
