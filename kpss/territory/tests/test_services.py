"""planning_area_create: from an ORP or from municipality codes, validated, audited, admin only."""

from __future__ import annotations

import pytest

from kpss.core.errors import PermissionDenied, ValidationFailed
from kpss.core.models import AuditEvent
from kpss.territory.models import Municipality, PlanningArea
from kpss.territory.selectors import municipality_codes_of_area
from kpss.territory.services import planning_area_create

pytestmark = pytest.mark.django_db

KELC = "542989"
BRANKY = "541648"


def test_create_from_an_orp_takes_all_its_municipalities(territory, admin):
    area = planning_area_create(
        actor=admin, slug="orp-valmez", name="ORP Valašské Meziříčí", orp_code="7210"
    )

    assert area.kind == PlanningArea.Kind.ORP
    assert area.orp.code == "7210"
    assert area.is_public is False
    assert municipality_codes_of_area(area=area) == set(
        Municipality.objects.filter(orp__code="7210").values_list("code", flat=True)
    )
    assert len(municipality_codes_of_area(area=area)) == 18


def test_create_from_municipality_codes(territory, admin):
    area = planning_area_create(
        actor=admin, slug="kelecsko", name="Kelečsko", municipality_codes=[KELC, f" {BRANKY} "]
    )

    assert area.kind == PlanningArea.Kind.CUSTOM
    assert area.orp is None
    assert municipality_codes_of_area(area=area) == {KELC, BRANKY}


def test_unknown_municipality_codes_are_all_listed(territory, admin):
    with pytest.raises(ValidationFailed) as error:
        planning_area_create(
            actor=admin, slug="x", name="X", municipality_codes=[KELC, "999999", "000001"]
        )

    assert error.value.code == "unknown_municipality"
    assert error.value.details["codes"] == ["000001", "999999"]
    assert "000001" in error.value.message
    assert "999999" in error.value.message
    assert not PlanningArea.objects.filter(slug="x").exists()


def test_unknown_orp_code(territory, admin):
    with pytest.raises(ValidationFailed) as error:
        planning_area_create(actor=admin, slug="x", name="X", orp_code="9999")
    assert error.value.code == "unknown_orp"


@pytest.mark.parametrize(
    "definition",
    [{}, {"orp_code": "7210", "municipality_codes": [KELC]}],
)
def test_either_an_orp_or_municipality_codes(territory, admin, definition):
    with pytest.raises(ValidationFailed) as error:
        planning_area_create(actor=admin, slug="x", name="X", **definition)
    assert error.value.code == "area_definition"


def test_duplicate_slug_is_refused(pilot_area, admin):
    with pytest.raises(ValidationFailed) as error:
        planning_area_create(actor=admin, slug="valmez", name="Jiné", municipality_codes=[KELC])
    assert error.value.code == "area_exists"
    assert PlanningArea.objects.filter(slug="valmez").count() == 1


@pytest.mark.parametrize("actor_name", ["coordinator", "officer", "provider_user"])
def test_only_an_admin_may_create_an_area(request, pilot_area, actor_name):
    actor = request.getfixturevalue(actor_name)
    with pytest.raises(PermissionDenied) as error:
        planning_area_create(actor=actor, slug="x", name="X", municipality_codes=[KELC])
    assert error.value.code == "permission_denied"
    assert error.value.status == 403
    assert not PlanningArea.objects.filter(slug="x").exists()


def test_creation_is_audited(territory, admin):
    area = planning_area_create(
        actor=admin, slug="kelecsko", name="Kelečsko", municipality_codes=[KELC, BRANKY]
    )

    event = AuditEvent.objects.get(verb="planning_area.create")
    assert event.actor == admin
    assert event.area_slug == "kelecsko"
    assert event.object_id == str(area.pk)
    assert event.object_label == "Kelečsko"
    assert event.payload == {"municipalities": sorted([BRANKY, KELC])}


def test_a_refused_creation_writes_no_audit_event(territory, admin):
    with pytest.raises(ValidationFailed):
        planning_area_create(actor=admin, slug="x", name="X", municipality_codes=["999999"])
    assert not AuditEvent.objects.filter(verb="planning_area.create").exists()
