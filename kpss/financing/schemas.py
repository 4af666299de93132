"""Shapes of co-financing programmes and allocations in the API."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class ProgrammeBrief(Schema):
    year: int
    title: str
    state: str = Field(
        description="draft | call_open | assessment | approved | closed "
        "(the public sees approved and closed only)"
    )
    participating_municipalities: int
    pot: int = Field(description="Sum of the municipalities' contributions, CZK.")
    formula_is_illustrative: bool
    real_total: int | None = Field(description="Published real amount distributed, CZK.")


class ContributionOut(Schema):
    municipality_code: str
    municipality: str
    contribution: int
    money_for_residents: int = Field(
        description="Grants attributed by the share of each service's users resident there."
    )
    resident_users: int


class GrantOut(Schema):
    number: int
    provider: str
    provider_ico: str
    service: str
    approved_amount: int | None
    is_illustrative: bool


class ProgrammeDetail(ProgrammeBrief):
    resolution_number: str
    approved_on: dt.date | None
    approved_total: int
    contributions: list[ContributionOut]
    grants: list[GrantOut]


class AllocationServiceOut(Schema):
    service_id: int
    service: str
    minimum: int = Field(description="Minimum for basic operation still lacking, CZK.")
    cap: int = Field(description="Most the service may get without overcompensation, CZK.")
    weight: float = Field(description="Weighted need of one crown (1 + unmet share of need).")
    amounts: dict[str, int] = Field(description="Amount per scenario, CZK.")


class CheckOut(Schema):
    label: str
    ok: bool
    detail: str


class AllocationOut(Schema):
    year: int
    budget: int
    floor: float
    feasible: bool
    reason: str = Field(description="'' | budget_below_minimums | budget_below_fairness_floor")
    explanation: str
    figures: dict[str, float]
    unmet_need: dict[str, float] = Field(description="Weighted unmet need per scenario.")
    services: list[AllocationServiceOut]
    checks: list[CheckOut]
