"""Shapes of the planning organisation in the API."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class TriadCount(Schema):
    side: str = Field(description="commissioner | provider | user | public")
    count: int
    percent: int


class RulesOut(Schema):
    quorum_share: float = Field(description="More than this share of voting members (0.5).")
    majority: str = Field(description="simple | absolute | two_thirds")
    allow_per_rollam: bool
    forwards_to: int | None = Field(description="Id of the body resolutions go to next.")


class BodyOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    purpose: str
    target_group: str | None
    is_public: bool
    rules: RulesOut
    member_count: int
    voting_member_count: int
    triad: list[TriadCount]


class MemberOut(Schema):
    name: str
    role: str = Field(description="chair | manager | member | secretary | guest")
    triad_side: str
    organisation: str | None
    since: dt.date


class BodyDetail(BodyOut):
    members: list[MemberOut] | None = Field(
        description="Names of the members: for members of the area only, else null."
    )


class MeetingOut(Schema):
    id: int
    body: int
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    place: str
    status: str = Field(description="planned | held | cancelled")
    minutes_status: str = Field(description="none | draft | approved")
    is_public: bool


class MotionOut(Schema):
    id: int
    body: int
    meeting: int | None = Field(description="Null for a vote per rollam.")
    title: str
    text: str
    status: str = Field(description="open | closed")
    closes_at: dt.datetime | None
    result: str = Field(description="pending | adopted | rejected | no_quorum")
    number: str = Field(description="Resolution number, e.g. PS-SEN/2021/07; empty if none.")
    decided_at: dt.datetime | None
    count: dict[str, int | str | bool] = Field(description="The tally at the close.")


class VoteIn(Schema):
    choice: str = Field(description="for | against | abstain", pattern="^(for|against|abstain)$")


class VoteOut(Schema):
    motion: int
    choice: str
