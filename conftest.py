"""Shared test fixtures: the real pilot territory and a small cast of personas.

Personas: `admin`, `coordinator` (KPSS coordinator of the pilot area), `officer` (municipality
officer of Kelč), `provider_user` (staff of Diakonie Valašské Meziříčí, IČO 73632783),
`other_coordinator` (coordinator of a second, unpublished area) and the anonymous citizen.
"""

from __future__ import annotations

import pytest

PILOT_ORP = "7210"  # Valašské Meziříčí
OTHER_ORP = "7206"  # Rožnov pod Radhoštěm, the neighbouring microregion
DIAKONIE_ICO = "73632783"


def _orp_codes(*orps: str) -> set[str]:
    from kpss.ingest.territory import _read_csv

    return {r["kod_obce"] for r in _read_csv("cz_obce.csv") if r["orp_kod"] in orps}


@pytest.fixture
def system_user(db):
    from kpss.accounts.models import system_actor

    return system_actor()


@pytest.fixture
def territory(system_user):
    """Regions, districts and ORPs of all Czechia; municipalities of two ORPs."""
    from kpss.ingest.territory import territory_load

    territory_load(
        actor=system_user,
        municipality_codes=_orp_codes(PILOT_ORP, OTHER_ORP),
        with_boundaries=False,
    )


@pytest.fixture
def pilot_area(territory, system_user):
    from kpss.territory.services import planning_area_create

    return planning_area_create(
        actor=system_user,
        slug="valmez",
        name="Mikroregion Valašskomeziříčsko-Kelečsko",
        kind="union",
        orp_code=PILOT_ORP,
        is_public=True,
    )


@pytest.fixture
def other_area(territory, system_user):
    """A second tenant that is not published yet."""
    from kpss.territory.services import planning_area_create

    return planning_area_create(
        actor=system_user,
        slug="roznovsko",
        name="Sdružení Mikroregion Rožnovsko",
        kind="union",
        orp_code=OTHER_ORP,
        is_public=False,
    )


def _member(username: str, area, org_kwargs: dict, role: str):
    from kpss.accounts.models import User
    from kpss.organisations.models import Membership, Organisation

    user = User.objects.create_user(username=username, password="heslo-pro-testy")  # noqa: S106
    org, _ = Organisation.objects.get_or_create(**org_kwargs)
    Membership.objects.create(user=user, organisation=org, planning_area=area, role=role)
    return user


@pytest.fixture
def admin(db):
    from kpss.accounts.models import User

    return User.objects.create_superuser(username="spravce", password="heslo-pro-testy")  # noqa: S106


@pytest.fixture
def coordinator(pilot_area):
    return _member(
        "koordinatorka",
        pilot_area,
        {"kind": "union", "name": "Mikroregion Valašskomeziříčsko-Kelečsko"},
        "coordinator",
    )


@pytest.fixture
def officer(pilot_area):
    from kpss.territory.models import Municipality

    kelc = Municipality.objects.get(code="542989")
    return _member(
        "urednik-kelc",
        pilot_area,
        {"kind": "municipality", "name": "Město Kelč", "municipality": kelc},
        "municipality_officer",
    )


@pytest.fixture
def provider_user(pilot_area):
    return _member(
        "diakonie",
        pilot_area,
        {
            "kind": "provider",
            "name": "Diakonie ČCE – středisko Valašské Meziříčí",
            "ico": DIAKONIE_ICO,
        },
        "provider",
    )


@pytest.fixture
def other_coordinator(other_area):
    return _member(
        "koordinator-roznov",
        other_area,
        {"kind": "union", "name": "Sdružení Mikroregion Rožnovsko"},
        "coordinator",
    )


@pytest.fixture
def codelists(territory, system_user):
    from kpss.ingest.codelists import codelists_load

    return codelists_load(actor=system_user)


@pytest.fixture
def pilot_registry(pilot_area, codelists, system_user):
    """The pilot area with the real services of the shipped sample (official JSON structure)."""
    from kpss.ingest.demo import SAMPLE_FILE
    from kpss.ingest.registry_load import registry_import

    report = registry_import(actor=system_user, path=SAMPLE_FILE, area="valmez")
    assert not report.problems
    return pilot_area
