"""Drafting a plan: content, snapshots, immutability of frozen versions, copies, locking."""

from __future__ import annotations

import datetime as dt

import pytest

from kpss.core.errors import ConcurrentEdit, PermissionDenied, ValidationFailed
from kpss.core.models import AuditEvent
from kpss.planning.errors import VersionFrozen
from kpss.planning.models import Measure, PlanVersion, Section
from kpss.planning.services import (
    activity_add,
    measure_cost_set,
    measure_create,
    measure_update,
    plan_version_create_draft,
    plan_version_publish_for_consultation,
    priority_create,
    section_update,
)

S = PlanVersion.State


def _publish(coordinator, version):
    return plan_version_publish_for_consultation(
        actor=coordinator,
        version=version,
        starts_on=dt.date(2021, 8, 31),
        ends_on=dt.date(2021, 9, 14),
        hearing_on=dt.date(2021, 9, 15),
        hearing_place="Valašské Meziříčí",
    )


def test_a_new_plan_has_a_draft_with_the_five_parts_of_the_decree(plan):
    version = plan.versions.get()
    assert version.state == S.DRAFT
    assert version.number == 1
    assert list(version.sections.values_list("kind", flat=True)) == Section.Kind.values
    assert AuditEvent.objects.filter(verb="plan.create", area_slug="valmez").exists()


def test_freezing_stores_the_full_snapshot(plan, coordinator):
    version = plan.versions.get()
    _publish(coordinator, version)
    version.refresh_from_db()
    assert version.state == S.IN_CONSULTATION
    assert version.frozen_at is not None
    content = version.content
    assert content["plan"]["period_from_year"] == 2022
    assert len(content["sections"]) == 5
    measure = content["priorities"][0]["measures"][0]
    assert measure["code"] == "1.1"
    assert measure["working_group"] == {"code": "PS-SEN", "name": "Pracovní skupina Senioři"}
    assert measure["municipalities"] == [{"code": "542989", "name": "Kelč"}]
    assert measure["costs"] == [{"year": 2022, "source": "region", "amount_czk": 800000}]
    assert measure["indicators"][0]["baseline"] == "120"
    assert measure["activities"] == [{"title": "Přijmout dvě pečovatelky", "description": ""}]


def test_frozen_versions_refuse_every_edit(plan, coordinator):
    version = plan.versions.get()
    _publish(coordinator, version)
    section = version.sections.first()
    measure = version.measures.get()
    edits = [
        lambda: section_update(
            actor=coordinator, section=section, expected_version=section.version, body="x"
        ),
        lambda: priority_create(actor=coordinator, version=version, code="9", title="X"),
        lambda: measure_create(actor=coordinator, priority=measure.priority, code="9.9", title="X"),
        lambda: measure_update(
            actor=coordinator, measure=measure, expected_version=measure.version, title="X"
        ),
        lambda: activity_add(actor=coordinator, measure=measure, title="X"),
        lambda: measure_cost_set(
            actor=coordinator, measure=measure, year=2023, source="eu", amount_czk=1
        ),
    ]
    for edit in edits:
        with pytest.raises(VersionFrozen):
            edit()
    version.refresh_from_db()
    assert version.content["priorities"][0]["measures"][0]["title"] == measure.title


def test_a_new_draft_copies_the_last_version_with_lineage(plan, coordinator):
    first = plan.versions.get()
    _publish(coordinator, first)
    draft = plan_version_create_draft(actor=coordinator, plan=plan)
    assert (draft.number, draft.based_on) == (2, first)
    old, new = first.measures.get(), draft.measures.get()
    assert new.pk != old.pk
    assert new.lineage == old.lineage
    assert list(new.municipalities.all()) == list(old.municipalities.all())
    assert new.costs.get().amount_czk == 800_000
    assert new.indicators.count() == new.activities.count() == 1
    assert draft.sections.count() == 5
    with pytest.raises(ValidationFailed):
        plan_version_create_draft(actor=coordinator, plan=plan)


def test_concurrent_measure_edits_are_detected(plan, coordinator):
    measure = plan.versions.get().measures.get()
    stale = Measure.objects.get(pk=measure.pk)
    measure_update(actor=coordinator, measure=measure, expected_version=1, title="Nové")
    with pytest.raises(ConcurrentEdit):
        measure_update(actor=coordinator, measure=stale, expected_version=1, title="Jiné")
    assert Measure.objects.get(pk=measure.pk).title == "Nové"


def test_working_group_lead_edits_own_measures_only(plan, wg_lead, officer):
    measure = plan.versions.get().measures.get()
    measure_update(actor=wg_lead, measure=measure, expected_version=1, partners="charita")
    with pytest.raises(PermissionDenied):
        measure_update(actor=officer, measure=measure, expected_version=2, partners="x")
    with pytest.raises(PermissionDenied):
        priority_create(actor=wg_lead, version=measure.plan_version, code="2", title="X")


def test_measures_take_only_the_areas_municipalities(plan, coordinator, other_area):
    from kpss.territory.models import Municipality

    measure = plan.versions.get().measures.get()
    outsider = Municipality.objects.exclude(planning_areas__slug="valmez").first()
    with pytest.raises(ValidationFailed) as error:
        measure_update(
            actor=coordinator, measure=measure, expected_version=1, municipalities=[outsider]
        )
    assert "municipalities" in error.value.details["errors"]


def test_costs_lie_within_the_period(plan, coordinator):
    measure = plan.versions.get().measures.get()
    with pytest.raises(ValidationFailed):
        measure_cost_set(actor=coordinator, measure=measure, year=2030, source="eu", amount_czk=1)
    measure_cost_set(actor=coordinator, measure=measure, year=2022, source="region", amount_czk=0)
    assert not measure.costs.exists()


def test_provider_staff_cannot_draft(plan, provider_user):
    with pytest.raises(PermissionDenied):
        priority_create(actor=provider_user, version=plan.versions.get(), code="2", title="X")
