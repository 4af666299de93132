"""Fixtures of the planning tests: a plan with one fully described measure, the personas of
the root conftest plus `manager` (a member of the area's managerial team) and `wg_lead` (the
manager of a working group), and helpers that put a version into any state."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from kpss.governance.models import Body, BodyMembership, Person
from kpss.planning.models import Comment, Consultation, Plan, PlanVersion
from kpss.planning.services import (
    activity_add,
    indicator_add,
    measure_cost_set,
    measure_create,
    plan_create,
    priority_create,
)
from kpss.registry.models import CodeStatus, Form, ServiceType, TargetGroup
from kpss.territory.models import Municipality

KELC = "542989"
VALMEZ = "545058"


def _body(area, kind, code, name):
    body, _created = Body.objects.get_or_create(
        planning_area=area, code=code, defaults={"kind": kind, "name": name}
    )
    return body


def _person_in(body, user, role):
    person = Person.objects.create(planning_area=body.planning_area, name=str(user), user=user)
    BodyMembership.objects.create(
        body=body, person=person, role=role, triad_side="public", valid_from=dt.date(2020, 1, 1)
    )
    return person


@pytest.fixture
def manager(pilot_area):
    from kpss.accounts.models import User

    user = User.objects.create_user(username="manazer", password="heslo-pro-testy")
    team = _body(pilot_area, Body.Kind.MANAGERIAL_TEAM, "MT", "Manažerský tým")
    _person_in(team, user, BodyMembership.Role.MEMBER)
    return user


@pytest.fixture
def working_group(pilot_area):
    return _body(pilot_area, Body.Kind.WORKING_GROUP, "PS-SEN", "Pracovní skupina Senioři")


@pytest.fixture
def wg_lead(working_group):
    from kpss.accounts.models import User

    user = User.objects.create_user(username="vedouci-ps", password="heslo-pro-testy")
    _person_in(working_group, user, BodyMembership.Role.MANAGER)
    return user


@pytest.fixture
def codes(db):
    form, _c = Form.objects.get_or_create(
        code="ter",
        defaults={"registry_code": "terenni", "name": "terénní", "status": CodeStatus.CONFIRMED},
    )
    stype, _c = ServiceType.objects.get_or_create(
        key="40",
        defaults={
            "name": "pečovatelská služba",
            "category": "socialni_pece",
            "status": CodeStatus.CONFIRMED,
        },
    )
    group, _c = TargetGroup.objects.get_or_create(
        name="senioři", defaults={"status": CodeStatus.CONFIRMED}
    )
    return form, stype, group


@pytest.fixture
def plan(coordinator, pilot_area, working_group, codes) -> Plan:
    form, stype, group = codes
    plan = plan_create(
        actor=coordinator,
        area=pilot_area,
        title="Střednědobý plán 2022–2024",
        period_from_year=2022,
        period_to_year=2024,
    )
    version = plan.versions.get()
    priority = priority_create(actor=coordinator, version=version, code="1", title="Senioři doma")
    measure = measure_create(
        actor=coordinator,
        priority=priority,
        code="1.1",
        title="Rozšířit pečovatelskou službu",
        description="Terénní péče i o víkendech.",
        reason="Rostoucí počet seniorů.",
        working_group=working_group,
        target_groups=[group],
        service_types=[stype],
        forms=[form],
        municipalities=[Municipality.objects.get(code=KELC)],
        partners="obce mikroregionu",
        year_from=2022,
        year_to=2024,
    )
    activity_add(actor=coordinator, measure=measure, title="Přijmout dvě pečovatelky")
    measure_cost_set(
        actor=coordinator, measure=measure, year=2022, source="region", amount_czk=800_000
    )
    indicator_add(
        actor=coordinator,
        measure=measure,
        name="Počet klientů",
        unit="osoby",
        baseline=Decimal(120),
        target=Decimal(150),
        source="výkazy poskytovatele",
    )
    return plan


def force_state(version: PlanVersion, state: str) -> PlanVersion:
    """Put a version straight into a state (test set-up, not a transition)."""
    from kpss.planning.snapshot import plan_version_build_content

    if state != PlanVersion.State.DRAFT and not version.content:
        version.content = plan_version_build_content(version=version)
    version.state = state
    version.frozen_at = None if state == PlanVersion.State.DRAFT else timezone.now()
    version.save()
    if state not in (PlanVersion.State.DRAFT,) and not hasattr(version, "consultation"):
        today = timezone.localdate()
        Consultation.objects.create(
            plan_version=version,
            starts_on=today - dt.timedelta(days=3),
            ends_on=today + dt.timedelta(days=10),
        )
    return version


def open_consultation(plan: Plan) -> Consultation:
    version = plan.versions.get(number=1)
    force_state(version, PlanVersion.State.IN_CONSULTATION)
    return version.consultation


def add_comment(consultation: Consultation, **overrides) -> Comment:
    from kpss.planning.services_consultation import comment_submit

    measure = consultation.plan_version.measures.first()
    fields = {
        "author_name": "Jana Nováková",
        "email": "jana@example.org",
        "consent": True,
        "commenter_kind": Comment.CommenterKind.CITIZEN,
        "proposed_change": "Doplnit víkendovou službu i pro Lhotu.",
        "justification": "Ve Lhotě žije mnoho seniorů.",
        "measure_id": measure.pk,
        "ip": "192.0.2.10",
    }
    fields.update(overrides)
    return comment_submit(consultation=consultation, **fields)
