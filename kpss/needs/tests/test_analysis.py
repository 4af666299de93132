"""The gap and accessibility analysis on the real pilot territory with hand-made services."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from django.utils import translation

from kpss.needs.analysis import (
    AccessibilitySettings,
    accessibility_report,
    analysis_run_save,
    describe_value,
    gap_analysis_compute,
)
from kpss.needs.models import AnalysisRun, Norm, NormSet
from kpss.needs.scenarios import scenario_from_options
from kpss.registry.models import (
    Capacity,
    CapacityType,
    Facility,
    Form,
    Provider,
    Service,
    ServiceForm,
    ServiceType,
)
from kpss.territory.models import Municipality, PopulationFact

KELC, ZASOVA = "542989", "545236"


def _over65(code: str) -> int:
    return PopulationFact.objects.get(municipality__code=code).age_65_plus


def _service(key, type_key, form_code, capacity, capacity_code, *, facility=None, scope=()):
    provider, _ = Provider.objects.get_or_create(ico="73632783", defaults={"name": "Diakonie"})
    service = Service.objects.create(
        key=key,
        provider=provider,
        service_type=ServiceType.objects.get(key=type_key),
        name=key,
        origin=Service.Origin.MANUAL,
    )
    service_form = ServiceForm.objects.create(
        service=service, form=Form.objects.get(code=form_code)
    )
    if capacity is not None:
        Capacity.objects.create(
            service_form=service_form,
            value=Decimal(capacity),
            capacity_type=CapacityType.objects.get(registry_code=capacity_code),
        )
    if facility:
        Facility.objects.create(
            service=service, municipality=Municipality.objects.get(code=facility)
        )
    service.territory.set(Municipality.objects.filter(code__in=scope))
    return service


@pytest.fixture
def norm_set(codelists, pilot_area):
    norm_set = NormSet.objects.create(planning_area=pilot_area, name="Testovací normy")
    beds = CapacityType.objects.get(registry_code="TypKapacitySocialniSluzby/luzka")
    clients = CapacityType.objects.get(registry_code="TypKapacitySocialniSluzby/klient")
    Norm.objects.create(
        norm_set=norm_set,
        service_type=ServiceType.objects.get(key="49"),
        form=Form.objects.get(code="pob"),
        population_group="age_65_plus",
        value_per_1000=Decimal("20"),
        capacity_type=beds,
        source="test",
    )
    Norm.objects.create(
        norm_set=norm_set,
        service_type=ServiceType.objects.get(key="40"),
        form=Form.objects.get(code="ter"),
        population_group="age_65_plus",
        value_per_1000=Decimal("10"),
        capacity_type=clients,
        source="test",
    )
    return norm_set


@pytest.fixture
def services(norm_set):
    home = _service("ds-kelc", "49", "pob", 30, "TypKapacitySocialniSluzby/luzka", facility=KELC)
    care = _service(
        "ps",
        "40",
        "ter",
        10,
        "TypKapacitySocialniSluzby/klient",
        facility=KELC,
        scope=(KELC, ZASOVA),
    )
    unknown = _service("ps-bez-kapacity", "40", "ter", None, "", facility=ZASOVA)
    return home, care, unknown


def test_need_capacity_and_gap_by_hand(pilot_area, norm_set, services):
    analysis = gap_analysis_compute(area=pilot_area, norm_set=norm_set)
    area_65 = sum(
        f.age_65_plus
        for f in PopulationFact.objects.filter(
            municipality__area_memberships__planning_area=pilot_area
        )
    )
    homes = next(a for a in analysis.by_area if a.service_type == "49")
    # need = 20 per 1,000 of the 65+ population of the area; capacity = 30 beds in Kelč
    assert homes.need == pytest.approx(20 * area_65 / 1000)
    assert homes.registered_capacity == pytest.approx(30)
    assert homes.gap == pytest.approx(20 * area_65 / 1000 - 30)
    kelc = next(r for r in analysis.rows if r.service_type == "49" and r.municipality == KELC)
    assert kelc.gap == pytest.approx(20 * _over65(KELC) / 1000 - 30)


def test_field_capacity_is_split_over_the_scope_by_population(pilot_area, norm_set, services):
    analysis = gap_analysis_compute(area=pilot_area, norm_set=norm_set)
    care = {r.municipality: r for r in analysis.rows if r.service_type == "40"}
    kelc, zasova = _over65(KELC), _over65(ZASOVA)
    assert care[KELC].registered_capacity == pytest.approx(10 * kelc / (kelc + zasova))
    assert care[ZASOVA].registered_capacity == pytest.approx(10 * zasova / (kelc + zasova))
    unknown = [s for s in analysis.inputs["services_counted"] if not s["capacity_known"]]
    assert [s["service"] for s in unknown] == ["ps-bez-kapacity"]


def test_2sfca_of_a_single_home_reaching_everyone(pilot_area, norm_set, services):
    report = accessibility_report(
        area=pilot_area,
        type_label="§ 49",
        norm_set=norm_set,
        settings=AccessibilitySettings(method="2sfca", threshold_km=60),
    )
    area_65 = sum(_over65(r["code"]) for r in report.rows)
    # One supply point reaching all demand: R = 30 / Σ P, and every A_i = R (× 1,000).
    for row in report.rows:
        assert row["value"] == pytest.approx(30 / area_65 * 1000)


def test_no_service_in_reach_is_said_in_words(pilot_area, norm_set, services):
    report = accessibility_report(
        area=pilot_area,
        type_label="49",
        norm_set=norm_set,
        settings=AccessibilitySettings(method="2sfca", threshold_km=1),
    )
    values = {row["code"]: row["value"] for row in report.rows}
    assert math.isnan(values[ZASOVA])
    assert describe_value(values[ZASOVA]) == "žádná služba v dosahu"  # Czech, the default
    with translation.override("en"):
        assert describe_value(values[ZASOVA]) == "no service within reach"
    as_json = report.as_dict()["municipalities"]
    assert {m["description"] for m in as_json} >= {"no_service_in_reach"}
    assert all(m["value"] is None or math.isfinite(m["value"]) for m in as_json)


def test_a_scenario_is_labelled_and_changes_the_need(pilot_area, norm_set, services):
    base = gap_analysis_compute(area=pilot_area, norm_set=norm_set)
    later = gap_analysis_compute(
        area=pilot_area,
        norm_set=norm_set,
        year=2030,
        scenario=scenario_from_options(year=2030, growth_65=0.02),
    )
    assert base.scenario is None
    assert later.scenario
    assert all(r.scenario == later.scenario for r in later.rows)
    before = next(a for a in base.by_area if a.service_type == "49").need
    after = next(a for a in later.by_area if a.service_type == "49").need
    assert after == pytest.approx(before * 1.02**5)


def test_a_saved_run_keeps_inputs_and_results(pilot_area, norm_set, services, coordinator):
    analysis = gap_analysis_compute(area=pilot_area, norm_set=norm_set)
    run = analysis_run_save(actor=coordinator, analysis=analysis)
    run = AnalysisRun.objects.get(pk=run.pk)
    assert run.inputs["norm_set"]["name"] == "Testovací normy"
    assert run.inputs["population_date"] == "2025-01-01"
    assert len(run.results["rows"]) == 2 * 18


def test_the_shipped_sample_gives_a_gap_table_for_the_main_types(pilot_registry, system_user):
    from kpss.needs.norms import norm_set_load_default

    norm_set_load_default(actor=system_user)
    analysis = gap_analysis_compute(area=pilot_registry)
    types = {a.service_type for a in analysis.by_area}
    assert {"39", "40", "44", "49", "50"} <= types
    special = next(a for a in analysis.by_area if a.service_type == "50")
    assert special.registered_capacity == pytest.approx(42)  # Diakonie, 42 beds
