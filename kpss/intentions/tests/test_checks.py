"""The consistency check: every criterion passes, fails or needs judgement, with a reason."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kpss.intentions.checks import area_gaps, intention_check, summary
from kpss.intentions.models import Intention
from kpss.intentions.tests.conftest import make_intention, measure
from kpss.planning.models import PlanVersion
from kpss.registry.models import Form, Service, ServiceType, TargetGroup
from kpss.territory.models import Municipality

GAPS = {("40", "ter"): 3.0}


def result(intention, code, gaps=GAPS):
    found = {c.code: c for c in intention_check(intention=intention, gaps=gaps)}
    assert found[code].reason
    return found[code].result


@pytest.fixture
def good(call, provider_user, plan_in_force):
    return make_intention(call, provider_user, plan_in_force)


def test_a_well_founded_intention_passes_every_criterion(good):
    checks = intention_check(intention=good, gaps=GAPS)
    assert [c.code for c in checks] == [
        "measure_in_force",
        "service_type",
        "form",
        "target_groups",
        "municipalities",
        "capacity",
        "gap",
        "registration",
    ]
    assert {c.result for c in checks} == {"pass"}, [(c.code, c.reason) for c in checks]
    assert summary(checks) == "pass"


# 1. measure in the plan in force for the year --------------------------------------------------


def test_measure_missing(call, provider_user, plan_in_force):
    intention = make_intention(call, provider_user, plan_in_force, submit=False, measures=[])
    assert result(intention, "measure_in_force") == "fail"
    intention.kind = Intention.Kind.C
    assert result(intention, "measure_in_force") == "judgement"


def test_measure_not_in_force(good, plan_in_force):
    PlanVersion.objects.filter(plan=plan_in_force).update(state=PlanVersion.State.SUPERSEDED)
    assert result(good, "measure_in_force") == "fail"


def test_measure_not_planned_for_the_year(good, plan_in_force):
    measure(plan_in_force, "1.1").__class__.objects.filter(code="1.1").update(year_to=2025)
    assert result(good, "measure_in_force") == "fail"
    good.year = 2030
    assert result(good, "measure_in_force") == "fail"


# 2.–5. coverage of type, form, target groups and municipalities --------------------------------


def test_measure_does_not_cover_the_service_type(call, other_provider, plan_in_force):
    respite = make_intention(
        call,
        other_provider,
        plan_in_force,
        service=None,
        new_service_name="Osobní asistence Charity",
        service_type=ServiceType.objects.get(key="39"),
        measures=[measure(plan_in_force, "1.2")],
    )
    assert result(respite, "service_type") == "fail"
    assert result(respite, "form") == "fail"
    checks = intention_check(intention=respite, gaps=GAPS)
    assert summary(checks) == "fail"


def test_measure_without_service_types_needs_judgement(good, plan_in_force):
    measure(plan_in_force, "1.1").service_types.clear()
    assert result(good, "service_type") == "judgement"


def test_target_group_not_covered(good):
    other, _c = TargetGroup.objects.get_or_create(
        name="rodiny s dětmi", defaults={"status": "confirmed"}
    )
    good.target_groups.add(other)
    assert result(good, "target_groups") == "fail"
    good.target_groups.clear()
    assert result(good, "target_groups") == "judgement"


def test_municipality_not_covered(good, plan_in_force):
    valmez = Municipality.objects.get(code="545058")
    good.municipalities.add(valmez)
    assert result(good, "municipalities") == "fail"
    measure(plan_in_force, "1.1").municipalities.clear()
    assert result(good, "municipalities") == "pass"


# 6. capacity within the measure's plan ---------------------------------------------------------


def test_capacity_above_the_plan(good):
    good.units_to = Decimal("7.0")  # +3 FTE where the measure plans +2
    assert result(good, "capacity") == "fail"
    good.units_to = good.units_from
    assert result(good, "capacity") == "pass"


def test_capacity_not_quantified(good, plan_in_force):
    measure(plan_in_force, "1.1").network_changes.all().delete()
    assert result(good, "capacity") == "judgement"
    good.year = 2027
    assert result(good, "capacity") == "judgement"


# 7. the gap analysis ---------------------------------------------------------------------------


def test_gap_analysis(good):
    assert result(good, "gap", {("40", "ter"): 2.5}) == "pass"
    assert result(good, "gap", {("40", "ter"): -1.0}) == "fail"
    assert result(good, "gap", {("49", "pob"): 5.0}) == "judgement"
    assert result(good, "gap", None) == "judgement"  # no norms: cannot compute


def test_without_norms_the_area_has_no_gaps(pilot_registry):
    assert area_gaps(pilot_registry) is None


# 8. registration -------------------------------------------------------------------------------


def test_registration(good):
    assert result(good, "registration") == "pass"
    good.service = None
    good.new_service_name = "Nová služba"
    assert result(good, "registration") == "pass"
    good.service = Service.objects.get(provider__ico="73632783", service_type__key="39")
    assert result(good, "registration") == "fail"  # registered as another type
    good.service = Service.objects.filter(provider__ico="49562827").first()
    assert result(good, "registration") == "fail"  # another provider's
    good.service = Service.objects.get(provider__ico="73632783", service_type__key="40")
    Service.objects.filter(pk=good.service.pk).update(
        valid_from=dt.date(2000, 1, 1), valid_to=dt.date(2020, 1, 1)
    )
    good.service.refresh_from_db()
    assert result(good, "registration") == "fail"  # withdrawn


def test_form_of_a_measure(good, plan_in_force):
    measure(plan_in_force, "1.1").forms.set([Form.objects.get(code="amb")])
    assert result(good, "form") == "fail"
