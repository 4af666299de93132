"""The demo call for development intentions of the pilot area: ILLUSTRATIVE content (the
real intentions and statements are not available), labelled as such (Call.is_example,
Intention.is_example). The dates follow the regional calendar: submissions 1 Nov – 2 Dec
2022 for the network of 2023, statements 5–16 Dec 2022.

Three intentions against the demo plan 2022–2024: Diakonie's home care (+1 FTE, measure 1.1,
consistent, statement 1/2022), a residential home's +5 beds linked to the respite measure
(its check fails on the service type; partly consistent, into the pool, statement 2/2022)
and Diakonie's personal assistance re-entering the basic network unchanged (type C, no
statement). The call is closed, so the list is public.

Idempotent: when the call exists, nothing is changed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction

from kpss.accounts.models import User
from kpss.intentions.models import Call, Intention, NetworkLayer
from kpss.intentions.services import (
    call_close,
    call_create,
    call_set_priorities,
    intention_assess,
    intention_create,
    intention_submit,
    statement_issue,
)
from kpss.organisations.models import Organisation
from kpss.planning.models import Measure, PlanVersion
from kpss.registry.models import Form, Provider, Service, ServiceType, TargetGroup
from kpss.territory.models import PlanningArea

PILOT_SLUG = "valmez"
TITLE = "Výzva k podání rozvojových záměrů na rok 2023 (ilustrativní)"
PRAGUE = ZoneInfo("Europe/Prague")
SUBMISSION_DAY = dt.date(2022, 11, 28)
STATEMENT_DAY = dt.date(2022, 12, 12)
SIGNATORY = ("Jméno Příjmení (ilustrativní)", "vedoucí odboru sociálních věcí")
EXAMPLE = "Ilustrativní záměr – skutečné záměry nejsou v ukázkových datech k dispozici. "


def _measure(area: PlanningArea, code: str) -> Measure | None:
    return Measure.objects.filter(
        plan_version__plan__planning_area=area,
        plan_version__state=PlanVersion.State.IN_FORCE,
        code=code,
    ).first()


def _provider_org(ico: str) -> Organisation | None:
    existing = Organisation.objects.filter(ico=ico).first()
    if existing is not None:
        return existing
    provider = Provider.objects.filter(ico=ico).first()
    if provider is None:
        return None
    return Organisation.objects.create(kind=Organisation.Kind.PROVIDER, name=provider.name, ico=ico)


def intentions_demo_load(*, actor: User) -> tuple[Call | None, bool]:
    """The demo call and whether it was created now; (None, False) when the pilot area or
    its plan in force is missing."""
    area = PlanningArea.objects.filter(slug=PILOT_SLUG).first()
    if area is None or _measure(area, "1.1") is None:
        return None, False
    existing = Call.objects.filter(planning_area=area, title=TITLE).first()
    if existing is not None:
        return existing, False
    with transaction.atomic():
        call = _load(actor, area)
    return call, True


def _intention(actor: User, call: Call, organisation: Organisation, **fields: Any) -> Intention:
    intention = intention_create(
        actor=actor,
        call=call,
        organisation=organisation,
        today=SUBMISSION_DAY,
        is_example=True,
        **fields,
    )
    return intention_submit(actor=actor, intention=intention, today=SUBMISSION_DAY)


def _load(actor: User, area: PlanningArea) -> Call:
    measures = [m for m in (_measure(area, c) for c in ("1.1", "1.2", "1.3")) if m]
    call = call_create(
        actor=actor,
        area=area,
        title=TITLE,
        description=(
            "Ilustrativní výzva: termíny odpovídají krajskému kalendáři, záměry a vyjádření "
            "jsou jen příkladem."
        ),
        year=2023,
        submission_from=dt.date(2022, 11, 1),
        submission_to=dt.date(2022, 12, 2),
        statement_from=dt.date(2022, 12, 5),
        statement_to=dt.date(2022, 12, 16),
        layers=[NetworkLayer.BASIC, NetworkLayer.TEMPORARY, NetworkLayer.POOL],
        regional_needs="12",
        measures=measures,
        is_example=True,
    )
    field = Form.objects.get(code="ter")
    seniors = list(TargetGroup.objects.filter(name="senioři"))
    kelc = list(area.municipalities.filter(name__in=["Kelč", "Lešná"]))
    diakonie = _provider_org("73632783")
    home = _provider_org("49562827")
    created: list[Intention] = []
    if diakonie is not None:
        home_care = Service.objects.filter(provider__ico="73632783", service_type__key="40")
        created.append(
            _intention(
                actor,
                call,
                diakonie,
                kind=Intention.Kind.A,
                layer=NetworkLayer.BASIC,
                title="Pečovatelská služba v menších obcích",
                service=home_care.first(),
                new_service_name="" if home_care.exists() else "Pečovatelská služba",
                service_type=ServiceType.objects.get(key="40"),
                form=field,
                capacity_from=Decimal(80),
                capacity_to=Decimal(95),
                capacity_unit="klientů",
                units_from=Decimal("3.0"),
                units_to=Decimal("4.0"),
                unit_kind=Intention.UnitKind.FTE,
                start_date=dt.date(2023, 1, 1),
                total_cost_czk=720_000,
                funding={"region": 480_000, "municipalities": 140_000, "users": 100_000},
                justification=EXAMPLE + "Rozšíření služby do Lešné a okolních obcí.",
                regional_need="12",
                target_groups=seniors,
                municipalities=kelc,
                measures=measures[:1],
            )
        )
    if home is not None:
        residential = Service.objects.filter(provider__ico="49562827", service_type__key="49")
        created.append(
            _intention(
                actor,
                call,
                home,
                kind=Intention.Kind.B,
                layer=NetworkLayer.POOL,
                title="Navýšení kapacity domova pro seniory",
                service=residential.first(),
                new_service_name="" if residential.exists() else "Domov pro seniory",
                service_type=ServiceType.objects.get(key="49"),
                form=Form.objects.get(code="pob"),
                capacity_from=Decimal(100),
                capacity_to=Decimal(105),
                capacity_unit="lůžek",
                units_from=Decimal(100),
                units_to=Decimal(105),
                unit_kind=Intention.UnitKind.BEDS,
                start_date=dt.date(2023, 7, 1),
                total_cost_czk=2_400_000,
                funding={"region": 1_500_000, "users": 900_000},
                justification=EXAMPLE + "Dlouhý pořadník žadatelů o pobytovou službu.",
                regional_need="12",
                target_groups=seniors,
                measures=measures[1:2],
            )
        )
    if diakonie is not None:
        assistance = Service.objects.filter(provider__ico="73632783", service_type__key="39")
        created.append(
            _intention(
                actor,
                call,
                diakonie,
                kind=Intention.Kind.C,
                layer=NetworkLayer.BASIC,
                title="Osobní asistence – pokračování v základní síti",
                service=assistance.first(),
                new_service_name="" if assistance.exists() else "Osobní asistence",
                service_type=ServiceType.objects.get(key="39"),
                form=field,
                units_from=Decimal("2.5"),
                units_to=Decimal("2.5"),
                unit_kind=Intention.UnitKind.FTE,
                justification=EXAMPLE + "Služba pokračuje beze změny.",
                measures=measures[2:3],
            )
        )
    outcomes = {
        "Pečovatelská služba v menších obcích": (
            "consistent",
            "Záměr naplňuje opatření 1.1 a nepřesahuje plánované navýšení o 1 úvazek.",
            "",
        ),
        "Navýšení kapacity domova pro seniory": (
            "conditional",
            "Plán pobytové služby pro seniory nerozšiřuje, analýza potřeb však nedostatek "
            "lůžek ukazuje.",
            "Zařadit do zásobníku; k realizaci až po aktualizaci plánu.",
        ),
        "Osobní asistence – pokračování v základní síti": (
            "consistent",
            "Služba pokračuje beze změny v souladu s opatřením 1.3.",
            "",
        ),
    }
    for intention in created:
        outcome, reason, conditions = outcomes[intention.title]
        intention_assess(
            actor=actor,
            intention=intention,
            outcome=outcome,
            reason=reason,
            conditions=conditions,
            team_decision="Manažerský tým 8. 12. 2022 (ilustrativní)",
        )
    call_set_priorities(actor=actor, call=call, order=[i.pk for i in created])
    for intention in created:
        if intention.needs_statement:
            statement_issue(
                actor=actor,
                intention=Intention.objects.get(pk=intention.pk),
                signatory_name=SIGNATORY[0],
                signatory_function=SIGNATORY[1],
                issued_on=STATEMENT_DAY,
                today=STATEMENT_DAY,
            )
    call_close(actor=actor, call=call)
    Intention.objects.filter(call=call).update(
        submitted_at=dt.datetime.combine(SUBMISSION_DAY, dt.time(10), tzinfo=PRAGUE)
    )
    Call.objects.filter(pk=call.pk).update(
        closed_at=dt.datetime.combine(dt.date(2022, 12, 19), dt.time(9), tzinfo=PRAGUE)
    )
    return call
