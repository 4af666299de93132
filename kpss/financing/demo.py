"""Demo content of financing for the pilot area (idempotent).

Real: which municipalities took part in 2019 (10), 2020 and 2021 (13) — from
data/pilot/obce_mikroregionu.csv — and the 2020 total of 1 780 000 CZK from 50 applications
of 19 providers approved by the general assembly on 9 June 2020
(data/pilot/kofinancovani_mikroregion.csv).

Illustrative, and labelled so: the contribution formula (the real key is not public), the
usual-cost table, the service budgets and the 2024 applications with their scores.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings

from kpss.accounts.models import User
from kpss.financing import services, states
from kpss.financing.models import GrantApplication, Programme, ServiceBudget, UsualCost
from kpss.registry.models import Service
from kpss.registry.selectors import service_list
from kpss.territory.models import Municipality, PlanningArea, PopulationFact
from kpss.territory.selectors import area_municipalities

PILOT_DIR = Path(settings.DATA_DIR) / "pilot"
USUAL_COSTS = PILOT_DIR / "financovani_obvykle_naklady_ilustrativni.csv"
PURPOSE = "Ilustrativní žádost: spolufinancování provozu služby pro obyvatele zapojených obcí."
SOURCE_2020 = "https://www.meziricsko.cz/page/3/ ; https://www.obec-lesna.cz/mikroregion-valasskomeziricsko-kelecsko/"


def participants(year: int) -> list[Municipality]:
    with (PILOT_DIR / "obce_mikroregionu.csv").open(encoding="utf-8") as handle:
        names = [r["obec"] for r in csv.DictReader(handle) if r[f"kofinancovani_{year}"] == "A"]
    return list(Municipality.objects.filter(name__in=names, orp__code="7210"))


def _factor(key: str, low: float, high: float) -> float:
    """A stable pseudo-random number in [low, high) from a key (same on every run)."""
    digest = int(hashlib.sha256(key.encode()).hexdigest()[:8], 16)
    return low + (high - low) * digest / 0xFFFFFFFF


def _units(service: Service, form_code: str) -> Decimal:
    capacity = sum((c.value for sf in service.forms.all() for c in sf.capacities.all()), Decimal(0))
    if form_code == "pob":
        return max(Decimal(4), capacity or Decimal(20))
    return Decimal(str(round(max(1.0, min(12.0, float(capacity or 20) / 8)), 1)))


def _users(service: Service, members: list[Municipality]) -> dict[Municipality, int]:
    facts = {
        f.municipality_id: f.total
        for f in PopulationFact.objects.filter(municipality__in=members).order_by("reference_date")
    }
    served = [m for m in service.territory.all() if m in members] or members
    base = 40 + int(_factor(service.key, 0, 80))
    total = sum(facts.get(m.pk, 0) for m in served) or 1
    return {m: max(1, round(base * facts.get(m.pk, 0) / total)) for m in served}


def _budgets(actor: User, area: PlanningArea) -> None:
    if ServiceBudget.objects.filter(planning_area=area).exists():
        return
    usual = {(u.year, u.service_type_id, u.form_id): u for u in UsualCost.objects.all()}
    members = list(area_municipalities(area=area))
    for service in (
        service_list(area=area)
        .distinct()
        .prefetch_related("forms__form", "forms__capacities", "territory")
    ):
        service_form = service.forms.first()
        if service_form is None:
            continue
        form = service_form.form
        units = _units(service, form.code)
        users = _users(service, members)
        for year, kind in ((2023, "actual"), (2024, "planned")):
            cost = usual.get((year, service.service_type_id, form.pk))
            per_unit = cost.usual_cost_per_unit if cost else 800_000
            revenue = cost.usual_revenue_per_unit if cost else 100_000
            total = int(per_unit * units * Decimal(str(_factor(f"{service.key}{year}", 0.9, 1.15))))
            non_public = int(revenue * units)
            net = max(0, total - non_public)
            state = int(net * _factor(f"s{service.key}", 0.55, 0.75))
            municipal = int(net * _factor(f"m{service.key}", 0.05, 0.15))
            services.service_budget_save(
                actor=actor,
                area=area,
                service=service,
                form=form,
                year=year,
                kind=kind,
                units=units,
                unit_kind="beds" if form.code == "pob" else "fte",
                amounts={
                    "basic_operation_cost": int(total * 0.8),
                    "cost_personnel": int(total * 0.72),
                    "cost_operating": int(total * 0.23),
                    "cost_other": total - int(total * 0.72) - int(total * 0.23),
                    "rev_state_region": state,
                    "rev_municipalities": municipal,
                    "rev_user_payments": int(non_public * 0.7),
                    "rev_care_allowance": non_public - int(non_public * 0.7),
                },
                users=users,
                is_illustrative=True,
            )


def _history(actor: User, area: PlanningArea) -> None:
    rows: list[tuple[int, dict[str, Any], dict[str, Any]]] = [
        (2019, {"fixed_czk": 5000, "per_inhabitant": Decimal(30)}, {}),
        (
            2020,
            {"fixed_czk": 10000, "per_inhabitant": Decimal(1), "target_total": 1_780_000},
            {
                "real_total": 1_780_000,
                "real_applications": 50,
                "real_providers": 19,
                "resolution_number": "Valná hromada 9. 6. 2020",
                "approved_on": dt.date(2020, 6, 9),
                "source": SOURCE_2020,
            },
        ),
        (2021, {"fixed_czk": 10000, "per_inhabitant": Decimal(35)}, {}),
    ]
    for year, formula, real in rows:
        if Programme.objects.filter(planning_area=area, year=year).exists():
            continue
        services.programme_record_history(
            actor=actor,
            area=area,
            year=year,
            title=f"Program kofinancování sociálních a souvisejících služeb {year}",
            municipalities=participants(year),
            **formula,
            **real,
        )


def _assessors(area: PlanningArea, actor: User) -> list[User]:
    found = list(User.objects.filter(username__in=["koordinator", "urednik"]).order_by("username"))
    return found or [actor]


def _programme_2024(actor: User, area: PlanningArea) -> None:
    if Programme.objects.filter(planning_area=area, year=2024).exists():
        return
    programme = services.programme_create(
        actor=actor,
        area=area,
        year=2024,
        title="Program kofinancování sociálních a souvisejících služeb 2024",
        call_from=dt.date(2024, 3, 1),
        call_to=dt.date(2024, 3, 31),
        formula_is_illustrative=True,
    )
    services.programme_participants_set(
        actor=actor, programme=programme, municipalities=participants(2021)
    )
    services.programme_formula_set(
        actor=actor,
        programme=programme,
        fixed_czk=10_000,
        per_inhabitant=Decimal(30),
        per_age_group_inhabitant=Decimal(40),
        age_group="65_plus",
        target_total=2_050_000,
    )
    for name, points in (
        ("Potřebnost služby v území", 40),
        ("Kvalita a dostupnost", 30),
        ("Hospodárnost rozpočtu", 30),
    ):
        services.criterion_add(actor=actor, programme=programme, name=name, max_points=points)
    services.programme_transition(actor=actor, programme=programme, action=states.OPEN_CALL)
    members = set(participants(2021))
    for budget in (
        ServiceBudget.objects.filter(planning_area=area, year=2024)
        .select_related("service__provider", "form")
        .prefetch_related("users_by_municipality__municipality")
    ):
        users = {
            u.municipality: u.users
            for u in budget.users_by_municipality.all()
            if u.municipality in members
        }
        if not users:
            continue
        net = budget.justified_net_cost
        services.application_submit(
            actor=actor,
            programme=programme,
            service=budget.service,
            form=budget.form,
            requested_amount=max(
                20_000, int(net * _factor(f"r{budget.service.key}", 0.04, 0.12)) // 1000 * 1000
            ),
            units=budget.units,
            unit_kind=budget.unit_kind,
            total_cost=budget.total_cost,
            non_public_revenue=budget.non_public_revenue,
            other_public_funding=budget.rev_state_region,
            purpose=PURPOSE,
            users=users,
            is_illustrative=True,
        )
    programme = services.programme_transition(
        actor=actor, programme=programme, action=states.START_ASSESSMENT
    )
    assessors = _assessors(area, actor)
    criteria = list(programme.criteria.all())
    for application in programme.applications.all():
        for assessor in assessors:
            services.assessor_assign(actor=actor, application=application, assessor=assessor)
            services.application_score(
                actor=assessor,
                application=application,
                points={
                    c.pk: round(
                        c.max_points * _factor(f"{assessor.pk}{application.pk}{c.pk}", 0.5, 1.0)
                    )
                    for c in criteria
                },
            )
    services.programme_propose(actor=actor, programme=programme)
    first = programme.applications.order_by("number").first()
    if first is not None and first.proposed_amount:
        services.application_adjust(
            actor=actor,
            application=first,
            amount=first.proposed_amount // 2 // 1000 * 1000,
            reason="Ilustrativní úprava komise: služba zahájila provoz až v polovině roku.",
        )
    services.programme_transition(
        actor=actor,
        programme=programme,
        action=states.APPROVE,
        resolution_number="VH 2/2024 (ilustrativní)",
        approved_on=dt.date(2024, 6, 11),
    )
    for application in programme.applications.filter(
        state=GrantApplication.State.APPROVED
    ).order_by("number")[:3]:
        services.application_contract(
            actor=actor,
            application=application,
            contract_number=f"VPS {application.number}/2024",
            signed_on=dt.date(2024, 7, 1),
        )


def demo_financing_load(*, actor: User) -> None:
    area = PlanningArea.objects.filter(slug="valmez").first()
    if area is None:
        return
    services.usual_costs_import(actor=actor, area=area, path=USUAL_COSTS)
    _budgets(actor, area)
    _history(actor, area)
    _programme_2024(actor, area)
