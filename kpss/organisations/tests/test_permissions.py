"""The permission rules as one table: roles × permissions × objects.

Objects: the published pilot area, the unpublished other area, a service of Diakonie
(IČO 73632783, operating in the pilot area) and a service of another provider there.
Personas: anonymous, officer, provider_user (Diakonie staff), coordinator (pilot),
other_coordinator (of the other area) and admin.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from kpss.registry.tests.registry_rows import make_registry

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "officer", "provider_user", "coordinator", "other_coordinator", "admin"]

# perm, object: the personas (in PERSONAS order) who hold it — 1 yes, 0 no.
MATRIX = {
    ("territory.view_planningarea", "pilot_area"):          (1, 1, 1, 1, 1, 1),
    ("territory.view_planningarea", "other_area"):          (0, 0, 0, 0, 1, 1),
    ("territory.view_planningarea_internal", "pilot_area"): (0, 1, 1, 1, 0, 1),
    ("territory.view_planningarea_internal", "other_area"): (0, 0, 0, 0, 1, 1),
    ("territory.change_planningarea", "pilot_area"):        (0, 0, 0, 1, 0, 1),
    ("territory.change_planningarea", "other_area"):        (0, 0, 0, 0, 1, 1),
    ("territory.add_planningarea", None):                   (0, 0, 0, 0, 0, 1),
    ("territory.add_planningarea", "pilot_area"):           (0, 0, 0, 0, 0, 1),
    ("core.view_auditevent", "pilot_area"):                 (0, 0, 0, 1, 0, 1),
    ("core.view_auditevent", "other_area"):                 (0, 0, 0, 0, 1, 1),
    ("registry.import_services", "pilot_area"):             (0, 0, 0, 1, 0, 1),
    ("registry.import_services", "other_area"):             (0, 0, 0, 0, 1, 1),
    ("registry.change_service", "diakonie_service"):        (0, 0, 1, 1, 0, 1),
    ("registry.change_service", "other_service"):           (0, 0, 0, 1, 0, 1),
    ("registry.change_service", "roznov_service"):          (0, 0, 0, 0, 1, 1),
}  # fmt: skip

CASES = [
    pytest.param(perm, obj, persona, bool(row[i]), id=f"{perm}-{obj}-{persona}")
    for (perm, obj), row in MATRIX.items()
    for i, persona in enumerate(PERSONAS)
]


@pytest.fixture
def world(pilot_area, other_area):
    registry = make_registry()
    return {
        "pilot_area": pilot_area,
        "other_area": other_area,
        "diakonie_service": registry.diakonie_service,
        "other_service": registry.other_service,
        "roznov_service": registry.roznov_service,
        None: None,
    }


@pytest.mark.parametrize(("perm", "obj", "persona", "allowed"), CASES)
def test_permission_matrix(request, world, perm, obj, persona, allowed):
    user = AnonymousUser() if persona == "anonymous" else request.getfixturevalue(persona)
    assert user.has_perm(perm, world[obj]) is allowed


def test_every_persona_is_in_every_row():
    assert all(len(row) == len(PERSONAS) for row in MATRIX.values())


def test_provider_staff_rights_follow_the_ico_not_the_name(world, provider_user):
    """Renaming the provider in the registry does not take the service from its staff."""
    service = world["diakonie_service"]
    service.provider.name = "Diakonie – nový název"
    service.provider.save()
    assert provider_user.has_perm("registry.change_service", service)
