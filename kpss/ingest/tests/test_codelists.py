from __future__ import annotations

import pytest

from kpss.core.models import AuditEvent
from kpss.ingest.codelists import code_status_from_text, codelists_load, service_type_key
from kpss.registry.models import (
    AgeBand,
    CapacityType,
    CodeStatus,
    Form,
    ServiceCategory,
    ServiceType,
    TargetGroup,
)


@pytest.mark.parametrize(
    ("paragraph", "name", "key"),
    [
        ("37 odst. 3", "Odborné sociální poradenství", "37-3"),
        ("37 odst. 2", "Základní sociální poradenství", "37-2"),
        ("49", "Domovy pro seniory", "49"),
        ("60a", "Intervenční centra", "60a"),
        ("?", "Centrum duševního zdraví", "cdz"),
    ],
)
def test_service_type_key(paragraph, name, key):
    assert service_type_key(paragraph=paragraph, name=name) == key


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("seen in registry-derived data (2026-09)", CodeStatus.CONFIRMED),
        ("confirmed", CodeStatus.CONFIRMED),
        ("verified (code+name)", CodeStatus.CONFIRMED),
        ("inferred", CodeStatus.INFERRED),
        ("inferred (suffix not seen)", CodeStatus.INFERRED),
        ("from memory - verify against data.mpsv.cz", CodeStatus.UNVERIFIED),
        ("unknown", CodeStatus.UNVERIFIED),
        ("n/a", CodeStatus.UNVERIFIED),
    ],
)
def test_code_status_from_text(text, status):
    assert code_status_from_text(text=text) == status


@pytest.mark.django_db
def test_load_is_complete_and_idempotent(actor):
    counts = codelists_load(actor=actor)
    assert counts.created["service_types"] == 35
    assert Form.objects.count() == 3
    assert CapacityType.objects.count() == 5
    assert TargetGroup.objects.filter(registry_code="CilovaSkupinaOsoby/24").get().name == "senioři"
    assert AgeBand.objects.get(name="starší senioři").age_to is None

    homes = ServiceType.objects.get(key="49")
    assert homes.registry_code == "DruhSocialniSluzby/13"
    assert homes.status == CodeStatus.CONFIRMED
    assert sorted(homes.allowed_forms.values_list("code", flat=True)) == ["pob"]
    respite = ServiceType.objects.get(key="44")
    assert sorted(respite.allowed_forms.values_list("code", flat=True)) == ["amb", "pob", "ter"]
    cdz = ServiceType.objects.get(key="cdz")
    assert (cdz.paragraph, cdz.category, cdz.status) == (
        "",
        ServiceCategory.UNKNOWN,
        CodeStatus.UNVERIFIED,
    )
    assert not ServiceType.objects.get(key="37-2").is_registrable
    assert ServiceType.objects.get(key="43").status == CodeStatus.INFERRED

    events = AuditEvent.objects.filter(verb="codelists.load").count()
    again = codelists_load(actor=actor)
    assert sum(again.created.values()) == 0
    assert sum(again.updated.values()) == 0
    assert AuditEvent.objects.filter(verb="codelists.load").count() == events + 1
