"""The programme from set-up to settlement through the services, with the rules enforced."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from kpss.core.errors import PermissionDenied, ValidationFailed
from kpss.financing import selectors, services, states
from kpss.financing.models import GrantApplication, UsualCost
from kpss.financing.tests.conftest import apply, diakonie_service, participants_of, to_assessment
from kpss.registry.models import Service
from kpss.territory.models import PopulationFact

pytestmark = pytest.mark.django_db


def test_usual_costs_are_loaded_and_labelled_illustrative(usual_costs):
    assert usual_costs == UsualCost.objects.count() > 50
    assert not UsualCost.objects.filter(is_illustrative=False).exists()


def test_usual_costs_import_reports_rows_and_writes_nothing(tmp_path, pilot_registry, coordinator):
    path = tmp_path / "naklady.csv"
    path.write_text(
        "rok;druh;forma;jednotka;obvykle_naklady_na_jednotku_Kc;obvykle_vynosy_na_jednotku_Kc\n"
        "2024;40;ter;fte;860 000;240000\n"
        "2024;xx;ter;fte;1;0\n",
        encoding="cp1250",
    )
    with pytest.raises(ValidationFailed) as error:
        services.usual_costs_import(actor=coordinator, area=pilot_registry, path=path)
    assert error.value.details["problems"] == [
        {"file": "naklady.csv", "row": 3, "column": "druh", "reason": "unknown service type"}
    ]
    assert not UsualCost.objects.exists()


def test_contributions_follow_the_formula(programme):
    participants = list(programme.participants.select_related("municipality"))
    assert len(participants) == 13
    for p in participants:
        fact = PopulationFact.objects.filter(municipality=p.municipality).latest("reference_date")
        assert p.contribution == 10_000 + 50 * fact.total
    assert selectors.pot(programme) == sum(p.contribution for p in participants)


def test_target_total_mode_hits_the_target(programme, coordinator):
    services.programme_formula_set(
        actor=coordinator, programme=programme, target_total=2_000_000, fixed_czk=20_000
    )
    assert selectors.pot(programme) == 2_000_000


def test_provider_applies_only_for_own_services(programme, coordinator, provider_user):
    services.programme_transition(actor=coordinator, programme=programme, action=states.OPEN_CALL)
    programme.refresh_from_db()
    mine = apply(provider_user, programme, diakonie_service(), 300_000)
    assert mine.provider.ico == "73632783"
    other = Service.objects.exclude(provider__ico="73632783").first()
    with pytest.raises(ValidationFailed):
        apply(provider_user, programme, other, 100_000)


def test_programme_end_to_end(programme, coordinator, provider_user, assessor_a, assessor_b):
    services.programme_transition(actor=coordinator, programme=programme, action=states.OPEN_CALL)
    programme.refresh_from_db()
    care = apply(provider_user, programme, diakonie_service(), 400_000)
    respite = apply(
        provider_user, programme, diakonie_service("Odlehčovací služby - terénní"), 300_000, "1.0"
    )
    programme = to_assessment(coordinator, programme)
    criteria = list(programme.criteria.all())
    # Assessor B declares a conflict with Diakonie: cannot be assigned, cannot score.
    services.assessor_assign(actor=coordinator, application=care, assessor=assessor_a)
    services.assessor_assign(actor=coordinator, application=care, assessor=assessor_b)
    services.assessor_assign(actor=coordinator, application=respite, assessor=assessor_a)
    services.conflict_declare(
        actor=assessor_b,
        programme=programme,
        assessor=assessor_b,
        provider=care.provider,
        reason="Člen správní rady poskytovatele",
    )
    with pytest.raises(ValidationFailed) as refused:
        services.assessor_assign(actor=coordinator, application=respite, assessor=assessor_b)
    assert refused.value.code == "conflict_of_interest"
    with pytest.raises(services.ConflictOfInterest):
        services.application_score(
            actor=assessor_b, application=care, points={c.pk: 10 for c in criteria}
        )
    # An unassigned user cannot score either.
    with pytest.raises(PermissionDenied):
        services.application_score(
            actor=coordinator, application=respite, points={c.pk: 10 for c in criteria}
        )
    services.application_score(
        actor=assessor_a, application=care, points={c.pk: 40 for c in criteria}
    )
    services.application_score(
        actor=assessor_a, application=respite, points={c.pk: 20 for c in criteria}
    )
    amounts = services.programme_propose(actor=coordinator, programme=programme)
    care.refresh_from_db()
    respite.refresh_from_db()
    # Compensation limit: (860 000 − 240 000) × 2 FTE = 1 240 000, headroom 1 100 000 → the
    # requested 400 000 caps the care service; respite gets the rest of the pot up to 300 000.
    assert amounts[care.pk] == 400_000
    assert amounts[respite.pk] == 300_000
    with pytest.raises(ValidationFailed):
        services.application_adjust(
            actor=coordinator, application=respite, amount=250_000, reason=""
        )
    services.application_adjust(
        actor=coordinator,
        application=respite,
        amount=250_000,
        reason="Nižší obsazenost v roce 2023",
    )
    with pytest.raises(ValidationFailed):
        services.programme_transition(actor=coordinator, programme=programme, action=states.APPROVE)
    programme = services.programme_transition(
        actor=coordinator,
        programme=programme,
        action=states.APPROVE,
        resolution_number="VH 3/2024",
        approved_on=dt.date(2024, 6, 10),
    )
    respite.refresh_from_db()
    assert respite.state == GrantApplication.State.APPROVED
    assert respite.approved_amount == 250_000
    services.application_contract(
        actor=coordinator,
        application=respite,
        contract_number="VPS 7/2024",
        signed_on=dt.date(2024, 7, 1),
    )
    with pytest.raises(ValidationFailed):
        services.application_settle(
            actor=coordinator,
            application=respite,
            amount_used=260_000,
            settled_on=dt.date(2025, 1, 31),
        )
    services.application_settle(
        actor=coordinator, application=respite, amount_used=240_000, settled_on=dt.date(2025, 1, 31)
    )
    respite.refresh_from_db()
    assert respite.amount_returned == 10_000
    summary = selectors.programme_summary(programme=programme)
    assert summary.approved == 650_000
    assert summary.returned == 10_000
    report = {r.name: r for r in selectors.municipality_report(programme=programme)}
    # Kelč has 12 of the 20 users of each service: 60 % of 400 000 + 60 % of 250 000.
    assert report["Kelč"].money_for_residents == 240_000 + 150_000
    assert report["Kelč"].users == 24


def test_adjustment_cannot_overcompensate(programme, coordinator):
    services.programme_transition(actor=coordinator, programme=programme, action=states.OPEN_CALL)
    programme.refresh_from_db()
    application = apply(coordinator, programme, diakonie_service(), 1_000_000)
    to_assessment(coordinator, programme)
    application.refresh_from_db()
    limit = services.application_compensation_limit(application)
    assert limit == 1_100_000  # justified net cost 2 300 000 − other public 1 200 000
    application.requested_amount = 2_000_000
    with pytest.raises(ValidationFailed) as refused:
        services.application_adjust(
            actor=coordinator, application=application, amount=1_200_000, reason="x"
        )
    assert set(refused.value.details["errors"]) == {"amount"}


def test_other_area_coordinator_and_public_see_nothing_internal(programme, other_coordinator):
    area = programme.planning_area
    assert not selectors.programme_list(area=area, user=other_coordinator).exists()
    from django.contrib.auth.models import AnonymousUser

    assert not selectors.programme_list(area=area, user=AnonymousUser()).exists()
    with pytest.raises(PermissionDenied):
        services.programme_formula_set(actor=other_coordinator, programme=programme, fixed_czk=1)


def test_participants_2019_are_ten(pilot_registry):
    assert len(participants_of(2019)) == 10
    assert len(participants_of(2020)) == 13


def test_service_finance_for_year_and_compensation(pilot_registry, coordinator, usual_costs):
    service = diakonie_service()
    form = service.forms.first().form
    services.service_budget_save(
        actor=coordinator,
        area=pilot_registry,
        service=service,
        form=form,
        year=2024,
        kind="planned",
        units=Decimal("3.5"),
        unit_kind="fte",
        amounts={
            "basic_operation_cost": 2_000_000,
            "cost_personnel": 2_400_000,
            "cost_operating": 500_000,
            "rev_state_region": 1_500_000,
            "rev_municipalities": 600_000,
            "rev_user_payments": 700_000,
            "rev_eu": 100_000,
        },
    )
    (finance,) = selectors.service_finance_for_year(pilot_registry, 2024)
    assert finance.total_cost == 2_900_000
    assert finance.public_funding == 2_200_000
    assert finance.justified_net_cost == 2_200_000
    assert finance.usual_cost_per_unit == 860_000
    assert finance.unit_kind == "fte"
    (row,) = selectors.compensation_rows(area=pilot_registry, year=2024)
    assert not row.check.is_overcompensated
    services.service_budget_save(
        actor=coordinator,
        area=pilot_registry,
        service=service,
        form=form,
        year=2024,
        kind="actual",
        units=Decimal("3.5"),
        unit_kind="fte",
        amounts={
            "cost_personnel": 2_400_000,
            "rev_state_region": 1_900_000,
            "rev_municipalities": 600_000,
            "rev_user_payments": 700_000,
        },
    )
    (row,) = selectors.compensation_rows(area=pilot_registry, year=2024)
    assert row.budget.kind == "actual"
    assert row.check.overcompensation == 800_000


def test_grants_for_measure_follow_the_lineage(programme, coordinator):
    from kpss.planning.models import Measure, PlanVersion
    from kpss.planning.services import measure_create, plan_create, priority_create

    plan = plan_create(
        actor=coordinator,
        area=programme.planning_area,
        title="Plán",
        period_from_year=2024,
        period_to_year=2026,
    )
    first = plan.versions.get()
    priority = priority_create(actor=coordinator, version=first, code="1", title="Senioři")
    measure = measure_create(actor=coordinator, priority=priority, code="1.1", title="Péče doma")
    services.programme_transition(actor=coordinator, programme=programme, action=states.OPEN_CALL)
    programme.refresh_from_db()
    application = apply(coordinator, programme, diakonie_service(), 100_000)
    services.application_measures_set(
        actor=coordinator, application=application, measures=[measure]
    )
    # A later version of the plan carries a copy of the measure with the same lineage.
    second = PlanVersion.objects.create(
        plan=plan,
        number=2,
        created_by=coordinator,
        state=PlanVersion.State.SUPERSEDED,
        frozen_at=timezone.now(),
    )
    copy = Measure.objects.get(pk=measure.pk)
    copy.pk = None
    copy.plan_version = second
    copy.priority = priority
    copy.save()
    assert list(selectors.grants_for_measure(copy)) == [application]
    assert list(selectors.grants_for_measure(measure)) == [application]
