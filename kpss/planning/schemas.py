"""Shapes of plans, versions, diffs, comments and settlement in the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema


class VersionRef(Schema):
    id: int
    number: int


class ApprovalOut(Schema):
    body_name: str
    resolution_number: str
    decided_on: dt.date


class PlanBrief(Schema):
    id: int
    title: str
    period_from_year: int
    period_to_year: int
    is_example: bool = Field(description="The content is illustrative, not a real plan text.")
    in_force_version: VersionRef | None
    consultation_version: VersionRef | None = Field(
        description="The version in public consultation, if any."
    )


class VersionBrief(Schema):
    id: int
    number: int
    state: str = Field(
        description="draft | in_consultation | settlement | submitted_to_councils | in_force "
        "| superseded (the public sees in_consultation and in_force only)"
    )
    frozen_at: dt.datetime | None
    approval: ApprovalOut | None


class ConsultationOut(Schema):
    id: int
    version: VersionRef
    starts_on: dt.date
    ends_on: dt.date
    hearing_on: dt.date | None
    hearing_time: dt.time | None
    hearing_place: str
    accepting_comments: bool
    settlement_published_at: dt.datetime | None


class PlanDetail(PlanBrief):
    area: str
    description: str
    versions: list[VersionBrief]
    consultations: list[ConsultationOut]


class CouncilProgressOut(Schema):
    recorded: int
    total: int
    by_result: dict[str, int] = Field(
        description="agrees | agrees_with_reservations | disagrees | not_discussed → count"
    )


class VersionDetail(Schema):
    id: int
    plan_id: int
    number: int
    state: str
    frozen_at: dt.datetime | None
    based_on: VersionRef | None
    is_example: bool
    consultation_id: int | None
    council_progress: CouncilProgressOut | None
    content: dict[str, Any] = Field(
        description="The snapshot: plan, version, sections (Markdown), priorities with their "
        "measures (needs, working group, target groups, service types, forms, municipalities, "
        "costs per year and source in CZK, indicators, network changes, activities), network."
    )


class FieldChange(Schema):
    field: str
    before: Any
    after: Any
    diff: str | None = Field(None, description="Unified diff of a long text field.")


class SectionDiff(Schema):
    kind: str
    title: str
    status: str = Field(description="added | removed | changed")
    title_before: str | None = None
    diff: str | None = Field(None, description="Unified diff of the Markdown text.")
    analysis_before: str | None = Field(None, description="Embedded analysis before.")
    analysis_after: str | None = Field(None, description="Embedded analysis after.")


class ItemDiff(Schema):
    code: str
    title: str
    status: str = Field(description="added | removed | changed")
    changes: list[FieldChange] = Field(default_factory=list)


class NetworkDiff(Schema):
    service: str
    form: str | None
    status: str
    changes: list[FieldChange] = Field(default_factory=list)


class DiffOut(Schema):
    from_version: int
    to_version: int
    is_empty: bool
    sections: list[SectionDiff]
    priorities: list[ItemDiff]
    measures: list[ItemDiff]
    network: list[NetworkDiff]


class CommentIn(Schema):
    """A comment of the public, as on the paper form. Exactly one of section_id and
    measure_id (ids from the version's content). `website` must stay empty."""

    section_id: int | None = None
    measure_id: int | None = None
    quoted_passage: str = ""
    author_name: str = Field(..., max_length=150)
    email: str = Field(..., max_length=254, description="For the reply only; never published.")
    consent: bool = Field(description="Consent to processing the name and e-mail.")
    organisation: str = ""
    commenter_kind: str = Field(description="citizen | municipality | provider | other")
    proposed_change: str
    justification: str = ""
    website: str = Field("", description="Leave empty (a trap for robots).")


class CommentReceipt(Schema):
    consultation: int
    number: int


class SettlementRowOut(Schema):
    number: int
    target: str
    quoted_passage: str
    commenter: str = Field(description="The organisation, or the kind of a private commenter.")
    commenter_kind: str
    proposed_change: str
    justification: str
    outcome: str = Field(description="accepted | partly_accepted | not_accepted | noted")
    outcome_label: str
    outcome_reason: str
    resulting_change: str = Field(description="The part of the next version it led to.")
    is_example: bool


class SettlementOut(Schema):
    consultation: int
    version: VersionRef
    published_at: dt.datetime | None
    hidden_count: int = Field(description="Comments hidden by moderation (not listed).")
    rows: list[SettlementRowOut]
