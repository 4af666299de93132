"""Test data of the governance core: a working group with its rules and members."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from kpss.governance.models import Body, Meeting, Person
from kpss.governance.services import (
    attendance_record,
    body_create,
    meeting_create,
    membership_add,
    person_create,
)

MEMBER_NAMES = ["Alena Nováková", "Bohumil Černý", "Cyril Dvořák", "Dana Horáková", "Eva Šťastná"]
SIDES = ["commissioner", "provider", "user", "public", "provider"]


@dataclass
class Org:
    area: Any
    wg: Body
    mt: Body
    people: list[Person]
    meeting: Meeting


def build_org(*, coordinator: Any, area: Any, leader_user: Any = None) -> Org:
    """The managerial team (MT, per rollam allowed) and a seniors' working group (PS-SEN)
    forwarding to it; five voting members of the WG, the first its chair (linked to
    `leader_user` if given); one planned meeting of the WG next week."""
    mt = body_create(
        actor=coordinator,
        area=area,
        kind=Body.Kind.MANAGERIAL_TEAM,
        name="Manažerský tým",
        code="MT",
        allow_per_rollam=True,
        quorum_share=Decimal("0.5"),
    )
    wg = body_create(
        actor=coordinator,
        area=area,
        kind=Body.Kind.WORKING_GROUP,
        name="Pracovní skupina Senioři",
        code="PS-SEN",
        forwards_to=mt,
        quorum_share=Decimal("0.5"),
    )
    people = []
    for index, (name, side) in enumerate(zip(MEMBER_NAMES, SIDES, strict=True)):
        person = person_create(
            actor=coordinator,
            area=area,
            name=name,
            email=f"clen{index}@example.org",
            user=leader_user if index == 0 else None,
            is_example=True,
        )
        membership_add(
            actor=coordinator,
            body=wg,
            person=person,
            role="chair" if index == 0 else "member",
            triad_side=side,
            valid_from=dt.date(2020, 3, 1),
        )
        people.append(person)
    meeting = meeting_create(
        actor=coordinator,
        body=wg,
        title="Jednání PS Senioři",
        starts_at=timezone.now() + dt.timedelta(days=7),
        place="Valašské Meziříčí, Komenského 1",
    )
    return Org(area=area, wg=wg, mt=mt, people=people, meeting=meeting)


def present(org: Org, actor: Any, count: int) -> None:
    """The first `count` members present, the rest excused."""
    attendance_record(
        actor=actor,
        meeting=org.meeting,
        statuses={p.pk: ("present" if i < count else "excused") for i, p in enumerate(org.people)},
    )
