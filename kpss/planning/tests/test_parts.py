"""Changing the parts of a draft in place: activities, indicators and network changes of a
measure, and services taken out of the network; with permissions, frozen versions and
concurrent edits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from kpss.core.errors import ConcurrentEdit, PermissionDenied, ValidationFailed
from kpss.core.models import AuditEvent
from kpss.planning.errors import VersionFrozen
from kpss.planning.models import NetworkEntry, PlanVersion
from kpss.planning.services import (
    measure_part_update,
    network_change_add,
    network_entry_remove,
    network_entry_set,
)
from kpss.planning.tests.conftest import force_state
from kpss.registry.models import Service

pytestmark = pytest.mark.django_db
PASSWORD = "heslo-pro-testy"


def _measure(plan):
    return plan.versions.get().measures.get()


def test_activity_is_changed_in_place_with_an_audit_event(coordinator, plan):
    activity = _measure(plan).activities.get()
    changed = measure_part_update(
        actor=coordinator,
        part=activity,
        expected_updated_at=activity.updated_at,
        title="Přijmout tři pečovatelky",
    )
    assert changed.title == "Přijmout tři pečovatelky"
    event = AuditEvent.objects.get(verb="plan_activity.update")
    assert event.payload["before"] == {"title": "Přijmout dvě pečovatelky"}


def test_indicator_target_is_changed(coordinator, plan):
    indicator = _measure(plan).indicators.get()
    measure_part_update(actor=coordinator, part=indicator, target=Decimal(180))
    indicator.refresh_from_db()
    assert indicator.target == Decimal(180)
    assert indicator.baseline == Decimal(120)


def test_network_change_is_changed(coordinator, plan, codes):
    _form, stype, _group = codes
    change = network_change_add(
        actor=coordinator, measure=_measure(plan), service_type=stype, year=2023, delta_capacity=2
    )
    measure_part_update(actor=coordinator, part=change, delta_capacity=5, year=2024)
    change.refresh_from_db()
    assert (change.delta_capacity, change.year) == (5, 2024)


def test_a_stale_edit_is_refused_and_nothing_is_overwritten(coordinator, plan):
    activity = _measure(plan).activities.get()
    loaded_at = activity.updated_at
    measure_part_update(actor=coordinator, part=activity, title="První změna")
    with pytest.raises(ConcurrentEdit):
        measure_part_update(
            actor=coordinator, part=activity, expected_updated_at=loaded_at, title="Druhá změna"
        )
    activity.refresh_from_db()
    assert activity.title == "První změna"


def test_unknown_fields_are_refused(coordinator, plan):
    activity = _measure(plan).activities.get()
    with pytest.raises(ValidationFailed):
        measure_part_update(actor=coordinator, part=activity, measure_id=999)


def test_provider_may_not_change_a_part(provider_user, plan):
    activity = _measure(plan).activities.get()
    with pytest.raises(PermissionDenied):
        measure_part_update(actor=provider_user, part=activity, title="Cizí změna")


def test_parts_of_a_frozen_version_stay(coordinator, plan):
    version = plan.versions.get()
    force_state(version, PlanVersion.State.IN_CONSULTATION)
    activity = _measure(plan).activities.get()
    with pytest.raises(VersionFrozen):
        measure_part_update(actor=coordinator, part=activity, title="Pozdě")


def _entry(coordinator, plan, pilot_registry):
    service = Service.objects.filter(service_type__key="63").first() or Service.objects.first()
    return network_entry_set(
        actor=coordinator,
        version=plan.versions.get(),
        service=service,
        capacity=Decimal(10),
    )


def test_network_entry_is_removed_from_a_draft(pilot_registry, coordinator, plan):
    entry = _entry(coordinator, plan, pilot_registry)
    network_entry_remove(actor=coordinator, entry=entry)
    assert not NetworkEntry.objects.exists()
    assert AuditEvent.objects.filter(verb="plan_network_entry.remove").exists()


def test_provider_may_not_remove_a_network_entry(pilot_registry, coordinator, provider_user, plan):
    entry = _entry(coordinator, plan, pilot_registry)
    with pytest.raises(PermissionDenied):
        network_entry_remove(actor=provider_user, entry=entry)
    assert NetworkEntry.objects.exists()


# Pages --------------------------------------------------------------------------------------


def _edit_url(area, measure, part, pk):
    return reverse("planning:measure_part_edit", args=[area.slug, measure.pk, part, pk])


def test_edit_page_saves_the_activity(client, coordinator, plan, pilot_area):
    measure = _measure(plan)
    activity = measure.activities.get()
    assert client.login(username=coordinator.username, password=PASSWORD)
    url = _edit_url(pilot_area, measure, "aktivita", activity.pk)
    page = client.get(url)
    assert page.status_code == 200
    assert "Přijmout dvě pečovatelky" in page.content.decode()
    response = client.post(
        url,
        {
            "activity-title": "Přijmout tři pečovatelky",
            "activity-description": "",
            "updated_at": activity.updated_at.isoformat(),
        },
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Přijmout tři pečovatelky"


def test_edit_page_answers_409_to_a_stale_form(client, coordinator, plan, pilot_area):
    measure = _measure(plan)
    activity = measure.activities.get()
    stale = (activity.updated_at - dt.timedelta(seconds=5)).isoformat()
    assert client.login(username=coordinator.username, password=PASSWORD)
    response = client.post(
        _edit_url(pilot_area, measure, "aktivita", activity.pk),
        {"activity-title": "Jiný název", "updated_at": stale},
    )
    assert response.status_code == 409
    activity.refresh_from_db()
    assert activity.title == "Přijmout dvě pečovatelky"


def test_edit_page_shows_field_errors(client, coordinator, plan, pilot_area):
    measure = _measure(plan)
    indicator = measure.indicators.get()
    assert client.login(username=coordinator.username, password=PASSWORD)
    response = client.post(
        _edit_url(pilot_area, measure, "indikator", indicator.pk),
        {"indicator-name": "", "indicator-unit": "osoby", "indicator-target": "hodně"},
    )
    assert response.status_code == 422


def test_unknown_part_is_404(client, coordinator, plan, pilot_area):
    measure = _measure(plan)
    assert client.login(username=coordinator.username, password=PASSWORD)
    assert client.get(_edit_url(pilot_area, measure, "naklady", 1)).status_code == 404


def test_remove_button_takes_the_service_out(pilot_registry, client, coordinator, plan, pilot_area):
    entry = _entry(coordinator, plan, pilot_registry)
    version = plan.versions.get()
    assert client.login(username=coordinator.username, password=PASSWORD)
    page = client.get(reverse("planning:version", args=[pilot_area.slug, version.pk]))
    assert reverse("planning:network_entry_remove", args=[pilot_area.slug, version.pk]) in (
        page.content.decode()
    )
    response = client.post(
        reverse("planning:network_entry_remove", args=[pilot_area.slug, version.pk]),
        {"service": entry.service.key, "form": ""},
    )
    assert response.status_code == 302
    assert not NetworkEntry.objects.exists()
