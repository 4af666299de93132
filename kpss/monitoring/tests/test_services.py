"""Services of monitoring: action plans, progress, indicator values, evaluations, rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kpss.core.errors import ConcurrentEdit, PermissionDenied, ValidationFailed
from kpss.monitoring import services
from kpss.monitoring.models import ActionItem, IndicatorValue, ItemStatus, ProgressUpdate
from kpss.monitoring.selectors import (
    action_plan_list,
    evaluation_list,
    plan_evaluation_summary,
    published_evaluation_for_plan,
)
from kpss.monitoring.states import AlreadyPublished, IllegalStatusChange
from kpss.planning.models import Indicator, PlanVersion, Section

pytestmark = pytest.mark.django_db


def _measure_item(action_plan):
    return action_plan.items.get(is_activity=False)


def test_generate_takes_measures_activities_budget_and_responsible(action_plan):
    items = list(action_plan.items.order_by("order"))
    assert [(i.code, i.title, i.is_activity) for i in items] == [
        ("1.1", "Rozšířit pečovatelskou službu", False),
        ("1.1", "Přijmout dvě pečovatelky", True),
    ]
    assert items[0].budget_czk == 800_000
    assert items[0].responsible_organisation.ico == "73632783"
    assert items[0].next_update_due is not None  # published: the first report falls due


def test_generate_refuses_without_version_in_force_outside_period_and_twice(
    plan, coordinator, action_plan
):
    with pytest.raises(ValidationFailed):
        services.action_plan_generate(actor=coordinator, plan=action_plan.plan, year=2030)
    with pytest.raises(ValidationFailed):
        services.action_plan_generate(actor=coordinator, plan=action_plan.plan, year=2022)


def test_generate_needs_a_plan_in_force(plan, coordinator):
    with pytest.raises(ValidationFailed):
        services.action_plan_generate(actor=coordinator, plan=plan, year=2022)


def test_next_year_carries_unfinished_status_over(action_plan, coordinator, provider_user):
    item = _measure_item(action_plan)
    services.progress_update_record(
        actor=provider_user, item=item, status=ItemStatus.IN_PROGRESS, percent=40
    )
    following = services.action_plan_generate(actor=coordinator, plan=action_plan.plan, year=2023)
    carried = following.items.get(is_activity=False)
    assert (carried.status, carried.percent) == (ItemStatus.IN_PROGRESS, 40)
    assert carried.measure_lineage == item.measure_lineage


def test_only_the_coordinator_generates(plan_in_force, provider_user, officer, other_coordinator):
    for actor in (provider_user, officer, other_coordinator):
        with pytest.raises(PermissionDenied):
            services.action_plan_generate(actor=actor, plan=plan_in_force, year=2022)


def test_responsible_organisation_reports_progress_with_evidence(action_plan, provider_user):
    item = _measure_item(action_plan)
    update = services.progress_update_record(
        actor=provider_user,
        item=item,
        status=ItemStatus.IN_PROGRESS,
        percent=60,
        spent_czk=300_000,
        evidence_links=["https://example.org/zprava", ""],
        evidence_file=SimpleUploadedFile("zprava.pdf", b"%PDF-1.4 test"),
    )
    item.refresh_from_db()
    assert (item.status, item.percent, item.spent_czk) == ("in_progress", 60, 300_000)
    assert update.evidence_links == ["https://example.org/zprava"]
    assert update.evidence_file.name.endswith(".pdf")
    assert item.next_update_due == dt.date.today() + dt.timedelta(days=90)


def test_progress_rules(action_plan, provider_user, officer, other_coordinator, coordinator):
    item = _measure_item(action_plan)
    for actor in (officer, other_coordinator):
        with pytest.raises(PermissionDenied):
            services.progress_update_record(actor=actor, item=item, status="in_progress", percent=1)
    # The coordinator may report too.
    services.progress_update_record(actor=coordinator, item=item, status="in_progress", percent=5)


def test_progress_validation(action_plan, provider_user):
    item = _measure_item(action_plan)
    with pytest.raises(ValidationFailed) as error:
        services.progress_update_record(
            actor=provider_user, item=item, status="postponed", percent=120
        )
    assert set(error.value.details["errors"]) == {"percent", "reason"}
    with pytest.raises(ValidationFailed):
        services.progress_update_record(
            actor=provider_user,
            item=item,
            status="in_progress",
            percent=10,
            evidence_links=["javascript:alert(1)"],
        )
    with pytest.raises(ValidationFailed):
        services.progress_update_record(
            actor=provider_user,
            item=item,
            status="in_progress",
            percent=10,
            evidence_file=SimpleUploadedFile("virus.exe", b"MZ"),
        )
    assert not ProgressUpdate.objects.exists()


def test_status_transitions(action_plan, provider_user):
    item = _measure_item(action_plan)
    services.progress_update_record(actor=provider_user, item=item, status="done", percent=50)
    item.refresh_from_db()
    assert item.percent == 100  # done is done
    assert item.next_update_due is None  # no more reminders
    with pytest.raises(IllegalStatusChange):
        services.progress_update_record(
            actor=provider_user, item=item, status="postponed", percent=0, reason="x"
        )
    with pytest.raises(ValidationFailed):  # reopening needs a reason
        services.progress_update_record(
            actor=provider_user, item=item, status="in_progress", percent=80
        )
    services.progress_update_record(
        actor=provider_user, item=item, status="in_progress", percent=80, reason="Reklamace."
    )


def test_item_update_checks_version(action_plan, coordinator, provider_user):
    item = _measure_item(action_plan)
    services.action_item_update(
        actor=coordinator,
        item=item,
        expected_version=item.version,
        responsible_organisation=None,
        budget_czk=5,
    )
    with pytest.raises(ConcurrentEdit):
        services.action_item_update(
            actor=coordinator,
            item=ActionItem.objects.get(pk=item.pk) if False else item,
            expected_version=1,
            responsible_organisation=None,
            budget_czk=6,
        )
    with pytest.raises(PermissionDenied):
        services.action_item_update(
            actor=provider_user,
            item=item,
            expected_version=item.version,
            responsible_organisation=None,
            budget_czk=6,
        )


def test_milestones(action_plan, provider_user):
    item = _measure_item(action_plan)
    milestone = services.milestone_add(
        actor=provider_user, item=item, title="Výběrové řízení", due_on=dt.date(2022, 6, 30)
    )
    services.milestone_reach(actor=provider_user, milestone=milestone, done_on=dt.date(2022, 6, 1))
    assert item.milestones.get().done_on == dt.date(2022, 6, 1)


def test_indicator_values_entered_and_computed(pilot_registry, plan_in_force, coordinator):
    indicator = Indicator.objects.get(measure__plan_version__plan=plan_in_force)
    services.indicator_value_set(
        actor=coordinator, plan=plan_in_force, indicator=indicator, year=2022, value=Decimal(130)
    )
    services.indicator_value_set(
        actor=coordinator, plan=plan_in_force, indicator=indicator, year=2022, value=Decimal(131)
    )
    assert IndicatorValue.objects.get().value == Decimal(131)
    computed = services.indicator_value_compute(
        actor=coordinator,
        plan=plan_in_force,
        indicator=indicator,
        year=2023,
        method="registry_capacity",
    )
    assert computed.source == "computed"
    assert computed.value >= 0
    with pytest.raises(ValidationFailed):
        services.indicator_value_set(
            actor=coordinator, plan=plan_in_force, indicator=indicator, year=2040, value=1
        )


def test_indicator_values_survive_a_revision(plan_in_force, coordinator):
    from kpss.monitoring.selectors import indicator_rows
    from kpss.planning.services import plan_version_create_draft

    indicator = Indicator.objects.get(measure__plan_version__plan=plan_in_force)
    services.indicator_value_set(
        actor=coordinator, plan=plan_in_force, indicator=indicator, year=2022, value=Decimal(7)
    )
    draft = plan_version_create_draft(actor=coordinator, plan=plan_in_force)
    rows = indicator_rows(plan=plan_in_force, version=draft)
    assert rows[0].indicator.pk != indicator.pk
    assert rows[0].values[2022].value == Decimal(7)


def test_evaluation_publish_is_immutable_and_feeds_the_next_plan(
    action_plan, coordinator, provider_user, plan_in_force
):
    item = _measure_item(action_plan)
    services.progress_update_record(
        actor=provider_user, item=item, status="postponed", percent=20, reason="Chybí personál."
    )
    evaluation = services.evaluation_create(actor=coordinator, plan=plan_in_force, year=2022)
    evaluation = services.evaluation_section_update(
        actor=coordinator,
        evaluation=evaluation,
        expected_version=evaluation.version,
        section="deviations",
        text="Personál se nepodařilo získat.",
    )
    evaluation = services.evaluation_section_update(
        actor=coordinator,
        evaluation=evaluation,
        expected_version=evaluation.version,
        section="summary",
        text="Rok poznamenaný nedostatkem personálu.",
    )
    assert evaluation_list(area=plan_in_force.planning_area, user=None).count() == 0
    services.evaluation_publish(actor=coordinator, evaluation=evaluation)
    evaluation.refresh_from_db()
    assert evaluation.content["deviations"][0]["reason"] == "Chybí personál."
    with pytest.raises(AlreadyPublished):
        services.evaluation_section_update(
            actor=coordinator,
            evaluation=evaluation,
            expected_version=evaluation.version,
            section="overview",
            text="změna",
        )
    # Later progress does not change the published report.
    services.progress_update_record(
        actor=provider_user, item=item, status="in_progress", percent=50
    )
    evaluation.refresh_from_db()
    assert evaluation.content["deviations"][0]["percent"] == 20
    assert published_evaluation_for_plan(plan=plan_in_force) == evaluation
    summary = plan_evaluation_summary(plan=plan_in_force)
    assert "Rok poznamenaný nedostatkem personálu." in summary
    # A second version starts from the commentary.
    second = services.evaluation_create(actor=coordinator, plan=plan_in_force, year=2022)
    assert second.number == 2
    assert second.commentary["deviations"] == "Personál se nepodařilo získat."
    # It feeds the next plan's section through the planning service.
    from kpss.planning.services import plan_create

    nxt = plan_create(
        actor=coordinator,
        area=plan_in_force.planning_area,
        title="Plán 2025–2027",
        period_from_year=2025,
        period_to_year=2027,
    )
    draft = nxt.versions.get(state=PlanVersion.State.DRAFT)
    section = services.evaluation_feed_next_plan(
        actor=coordinator, evaluation=evaluation, draft=draft
    )
    assert section.kind == Section.Kind.EVALUATION
    assert "nedostatkem personálu" in section.body


def test_public_sees_only_published_action_plans(plan_in_force, coordinator):
    area = plan_in_force.planning_area
    ap = services.action_plan_generate(actor=coordinator, plan=plan_in_force, year=2022)
    assert action_plan_list(area=area, user=None).count() == 0
    assert action_plan_list(area=area, user=coordinator).count() == 1
    services.action_plan_publish(actor=coordinator, action_plan=ap)
    assert action_plan_list(area=area, user=None).count() == 1
    with pytest.raises(AlreadyPublished):
        services.action_plan_publish(actor=coordinator, action_plan=ap)


def test_indicator_value_computed_from_the_accessibility_analysis(
    pilot_registry, plan_in_force, coordinator, system_user
):
    from kpss.needs.norms import norm_set_load_default

    norm_set_load_default(actor=system_user)
    indicator = Indicator.objects.get(measure__plan_version__plan=plan_in_force)
    value = services.indicator_value_compute(
        actor=coordinator,
        plan=plan_in_force,
        indicator=indicator,
        year=2022,
        method="accessibility_index",
    )
    assert value.source == "computed"
    assert value.value >= 0
    assert "dostupnosti" in value.note or "Accessibility" in value.note


def test_the_plan_summary_takes_every_year_newest_version(action_plan, coordinator):
    from kpss.monitoring.selectors import published_evaluations_by_year

    plan = action_plan.plan
    for year, text in ((2022, "První rok."), (2023, "Druhý rok.")):
        evaluation = services.evaluation_create(actor=coordinator, plan=plan, year=year)
        evaluation = services.evaluation_section_update(
            actor=coordinator,
            evaluation=evaluation,
            expected_version=evaluation.version,
            section="summary",
            text=text,
        )
        services.evaluation_publish(actor=coordinator, evaluation=evaluation)
    corrected = services.evaluation_create(actor=coordinator, plan=plan, year=2022)
    corrected = services.evaluation_section_update(
        actor=coordinator,
        evaluation=corrected,
        expected_version=corrected.version,
        section="summary",
        text="První rok, opraveno.",
    )
    services.evaluation_publish(actor=coordinator, evaluation=corrected)
    assert [(e.year, e.number) for e in published_evaluations_by_year(plan=plan)] == [
        (2022, 2),
        (2023, 1),
    ]
    summary = plan_evaluation_summary(plan=plan)
    assert summary.index("První rok, opraveno.") < summary.index("Druhý rok.")
    assert "První rok." not in summary.replace("První rok, opraveno.", "")
