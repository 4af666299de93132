"""Fixtures of the intentions tests: a plan in force (2025–2027) with two measures, a call
for 2026 and the personas of the root conftest plus `other_provider` (Charita, IČO
44741529, a second provider of the pilot area) and `manager` (a member of the area's
managerial team, from the planning tests).

Measure 1.1 covers home care (§ 40, field form) for seniors in Kelč with +2 FTE in 2026;
measure 1.2 covers respite care (§ 44, residential). The call's windows are fixed dates, so
tests pass `today` to the services: SUBMISSION_DAY is inside the submission window,
STATEMENT_DAY inside the statement window.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kpss.intentions.models import Call, Intention, NetworkLayer
from kpss.intentions.services import call_create, intention_create, intention_submit
from kpss.planning.models import Plan, PlanVersion
from kpss.planning.services import (
    measure_create,
    network_change_add,
    plan_create,
    priority_create,
)
from kpss.planning.tests.conftest import force_state, manager  # noqa: F401  (fixture)
from kpss.registry.models import CodeStatus, Form, Service, ServiceType, TargetGroup
from kpss.territory.models import Municipality

KELC = "542989"
SUBMISSION_DAY = dt.date(2025, 11, 20)
STATEMENT_DAY = dt.date(2025, 12, 10)
AFTER_SUBMISSION = dt.date(2025, 12, 4)
OTHER_ICO = "44741529"
PASSWORD = "heslo-pro-testy"


@pytest.fixture
def seniors(db) -> TargetGroup:
    group, _c = TargetGroup.objects.get_or_create(
        name="senioři", defaults={"status": CodeStatus.CONFIRMED}
    )
    return group


@pytest.fixture
def plan_in_force(pilot_registry, coordinator, seniors) -> Plan:
    plan = plan_create(
        actor=coordinator,
        area=pilot_registry,
        title="Střednědobý plán 2025–2027",
        period_from_year=2025,
        period_to_year=2027,
    )
    version = plan.versions.get()
    priority = priority_create(actor=coordinator, version=version, code="1", title="Senioři doma")
    kelc = Municipality.objects.get(code=KELC)
    home_care = measure_create(
        actor=coordinator,
        priority=priority,
        code="1.1",
        title="Rozšířit pečovatelskou službu",
        service_types=[ServiceType.objects.get(key="40")],
        forms=[Form.objects.get(code="ter")],
        target_groups=[seniors],
        municipalities=[kelc],
        year_from=2025,
        year_to=2027,
    )
    network_change_add(
        actor=coordinator,
        measure=home_care,
        service_type=ServiceType.objects.get(key="40"),
        form=Form.objects.get(code="ter"),
        year=2026,
        delta_capacity=20,
        delta_units=Decimal("2.0"),
    )
    measure_create(
        actor=coordinator,
        priority=priority,
        code="1.2",
        title="Odlehčovací pobyty pro pečující",
        service_types=[ServiceType.objects.get(key="44")],
        forms=[Form.objects.get(code="pob")],
        target_groups=[seniors],
        year_from=2025,
        year_to=2027,
    )
    force_state(version, PlanVersion.State.IN_FORCE)
    return plan


def measure(plan: Plan, code: str):
    return plan.versions.get(state=PlanVersion.State.IN_FORCE).measures.get(code=code)


@pytest.fixture
def call(plan_in_force, coordinator, pilot_area) -> Call:
    return call_create(
        actor=coordinator,
        area=pilot_area,
        title="Výzva k podání rozvojových záměrů na rok 2026",
        year=2026,
        submission_from=dt.date(2025, 11, 1),
        submission_to=dt.date(2025, 12, 3),
        statement_from=dt.date(2025, 12, 4),
        statement_to=dt.date(2025, 12, 15),
        layers=[NetworkLayer.BASIC, NetworkLayer.POOL],
        regional_needs="12, 13",
        measures=list(plan_in_force.versions.get(state="in_force").measures.all()),
    )


@pytest.fixture
def other_provider(pilot_area):
    from kpss.accounts.models import User
    from kpss.organisations.models import Membership, Organisation

    user = User.objects.create_user(
        username="charita", password=PASSWORD, email="charita@example.org"
    )
    org = Organisation.objects.create(
        kind="provider", name="Charita Valašské Meziříčí", ico=OTHER_ICO
    )
    Membership.objects.create(
        user=user, organisation=org, planning_area=pilot_area, role="provider"
    )
    return user


def org_of(user):
    return user.memberships.get().organisation


def draft_fields(plan: Plan, **overrides):
    """A complete type A intention of Diakonie: home care in Kelč, +1.5 FTE in 2026."""
    fields = {
        "kind": Intention.Kind.A,
        "layer": NetworkLayer.BASIC,
        "title": "Pečovatelská služba i o víkendech",
        "service": Service.objects.get(provider__ico="73632783", service_type__key="40"),
        "service_type": ServiceType.objects.get(key="40"),
        "form": Form.objects.get(code="ter"),
        "capacity_from": Decimal(60),
        "capacity_to": Decimal(75),
        "capacity_unit": "klientů",
        "units_from": Decimal("4.0"),
        "units_to": Decimal("5.5"),
        "unit_kind": Intention.UnitKind.FTE,
        "start_date": dt.date(2026, 1, 1),
        "total_cost_czk": 900_000,
        "funding": {"region": 600_000, "municipalities": 200_000, "users": 100_000},
        "justification": "Rostoucí počet seniorů v Kelči, kteří potřebují péči i o víkendu.",
        "regional_need": "12",
        "target_groups": [TargetGroup.objects.get(name="senioři")],
        "municipalities": [Municipality.objects.get(code=KELC)],
        "measures": [measure(plan, "1.1")],
    }
    fields.update(overrides)
    return fields


def make_intention(call, user, plan, *, submit=True, **overrides) -> Intention:
    intention = intention_create(
        actor=user,
        call=call,
        organisation=org_of(user),
        today=SUBMISSION_DAY,
        **draft_fields(plan, **overrides),
    )
    if submit:
        intention = intention_submit(actor=user, intention=intention, today=SUBMISSION_DAY)
    return intention
