"""Tenancy: a user of one planning area never sees another area's unpublished data.

`other_area` (Rožnovsko) is unpublished: invisible to the anonymous citizen and to the pilot
coordinator, visible to its own coordinator and to the administrator — through the selectors
and through the API alike.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from kpss.core.errors import NotFound
from kpss.organisations.selectors import planning_area_get_for_user, planning_area_list_for_user

pytestmark = pytest.mark.django_db

# persona -> sees the unpublished other area (everyone sees the published pilot area)
VISIBILITY = [
    ("anonymous", False),
    ("officer", False),
    ("provider_user", False),
    ("coordinator", False),
    ("other_coordinator", True),
    ("admin", True),
]


@pytest.fixture
def areas(pilot_area, other_area):
    return pilot_area, other_area


def persona(request, name: str):
    if name == "anonymous":
        return AnonymousUser()
    return request.getfixturevalue(name)


@pytest.mark.parametrize(("name", "sees_other"), VISIBILITY)
def test_area_list_selector(request, areas, name, sees_other):
    user = persona(request, name)
    slugs = sorted(a.slug for a in planning_area_list_for_user(user=user))
    assert slugs == (["roznovsko", "valmez"] if sees_other else ["valmez"])


@pytest.mark.parametrize(("name", "sees_other"), VISIBILITY)
def test_area_get_selector(request, areas, name, sees_other):
    user = persona(request, name)
    assert planning_area_get_for_user(user=user, slug="valmez").slug == "valmez"
    if sees_other:
        assert planning_area_get_for_user(user=user, slug="roznovsko").slug == "roznovsko"
    else:
        with pytest.raises(NotFound) as error:
            planning_area_get_for_user(user=user, slug="roznovsko")
        assert error.value.code == "not_found"


def test_unpublished_and_missing_areas_look_the_same_to_outsiders(areas):
    with pytest.raises(NotFound) as hidden:
        planning_area_get_for_user(user=AnonymousUser(), slug="roznovsko")
    with pytest.raises(NotFound) as missing:
        planning_area_get_for_user(user=AnonymousUser(), slug="neexistuje")
    assert hidden.value.code == missing.value.code == "not_found"


@pytest.mark.parametrize(("name", "sees_other"), VISIBILITY)
def test_api_areas(request, client, areas, name, sees_other):
    if name != "anonymous":
        client.force_login(persona(request, name))

    listed = {a["slug"]: a for a in client.get("/api/v1/areas").json()}
    assert ("roznovsko" in listed) is sees_other
    if sees_other:
        assert listed["roznovsko"]["is_public"] is False
        assert listed["roznovsko"]["name"] == "Sdružení Mikroregion Rožnovsko"

    for path in ("", "/municipalities", "/boundaries"):
        response = client.get(f"/api/v1/areas/roznovsko{path}")
        assert response.status_code == (200 if sees_other else 404), path
        if not sees_other:
            assert response["Content-Type"].startswith("application/problem+json")
            assert response.json()["code"] == "not_found"
            # The body does not reveal more than for an area that does not exist.
            missing = client.get(f"/api/v1/areas/neexistuje{path}").json()
            assert response.json()["title"] == missing["title"]
        assert client.get(f"/api/v1/areas/valmez{path}").status_code == 200

    services = client.get("/api/v1/services?area=roznovsko")
    assert services.status_code == (200 if sees_other else 404)


def test_publishing_the_area_makes_it_visible_to_everyone(client, areas, admin):
    from kpss.territory.services import planning_area_set_public

    _, other_area = areas
    assert client.get("/api/v1/areas/roznovsko").status_code == 404
    planning_area_set_public(actor=admin, area=other_area, is_public=True)
    assert client.get("/api/v1/areas/roznovsko").status_code == 200
