"""Fixtures of the financing tests: the usual-cost table, two assessors, the 2024 programme
with the municipalities that took part in 2021, and helpers to move it along."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from kpss.financing import services, states
from kpss.financing.models import Programme
from kpss.registry.models import Service
from kpss.territory.models import Municipality

DATA = Path(__file__).resolve().parents[3] / "data" / "pilot"
USUAL_COSTS = DATA / "financovani_obvykle_naklady_ilustrativni.csv"
PASSWORD = "heslo-pro-testy"


def participants_of(year: int) -> list[Municipality]:
    with (DATA / "obce_mikroregionu.csv").open(encoding="utf-8") as handle:
        names = [r["obec"] for r in csv.DictReader(handle) if r[f"kofinancovani_{year}"] == "A"]
    return list(Municipality.objects.filter(name__in=names, orp__code="7210"))


def _member(username: str, area, role: str = "member"):
    from kpss.accounts.models import User
    from kpss.organisations.models import Membership, Organisation

    user = User.objects.create_user(username=username, password=PASSWORD)
    org, _ = Organisation.objects.get_or_create(kind="union", name="Hodnoticí komise")
    Membership.objects.create(user=user, organisation=org, planning_area=area, role=role)
    return user


@pytest.fixture
def usual_costs(pilot_registry, coordinator):
    return services.usual_costs_import(actor=coordinator, area=pilot_registry, path=USUAL_COSTS)


@pytest.fixture
def assessor_a(pilot_area):
    return _member("hodnotitel-a", pilot_area)


@pytest.fixture
def assessor_b(pilot_area):
    return _member("hodnotitel-b", pilot_area)


@pytest.fixture
def programme(pilot_registry, coordinator, usual_costs) -> Programme:
    programme = services.programme_create(
        actor=coordinator,
        area=pilot_registry,
        year=2024,
        title="Program kofinancování sociálních služeb 2024",
        call_from=dt.date(2024, 3, 1),
        call_to=dt.date(2024, 3, 31),
        formula_is_illustrative=True,
    )
    services.programme_participants_set(
        actor=coordinator, programme=programme, municipalities=participants_of(2021)
    )
    services.programme_formula_set(
        actor=coordinator,
        programme=programme,
        fixed_czk=10_000,
        per_inhabitant=Decimal(50),
        formula_is_illustrative=True,
    )
    services.criterion_add(actor=coordinator, programme=programme, name="Potřebnost", max_points=50)
    services.criterion_add(actor=coordinator, programme=programme, name="Kvalita", max_points=50)
    return programme


def diakonie_service(name: str = "Pečovatelská služba") -> Service:
    return Service.objects.select_related("provider").get(
        provider__ico="73632783", name__startswith=name
    )


def apply(actor, programme, service: Service, requested: int, units: str = "2.0"):
    form = service.forms.first().form
    kelc = Municipality.objects.get(code="542989")
    zasova = Municipality.objects.get(name="Zašová")
    return services.application_submit(
        actor=actor,
        programme=programme,
        service=service,
        form=form,
        requested_amount=requested,
        units=Decimal(units),
        unit_kind="beds" if form.code == "pob" else "fte",
        total_cost=3_000_000,
        non_public_revenue=700_000,
        other_public_funding=1_200_000,
        users={kelc: 12, zasova: 8},
        is_illustrative=True,
    )


def to_assessment(coordinator, programme):
    programme = services.programme_transition(
        actor=coordinator, programme=programme, action=states.START_ASSESSMENT
    )
    return programme
