"""Fixtures of the ingest tests: the real territory of ORP Valašské Meziříčí and the code lists."""

from __future__ import annotations

import pytest

PILOT_ORP = "7210"


@pytest.fixture
def actor(db):
    from kpss.accounts.models import system_actor

    return system_actor()


@pytest.fixture
def orp7210(actor):
    """Regions, districts, ORPs of Czechia, and the 18 municipalities of ORP 7210 only."""
    from kpss.ingest.territory import _read_csv, territory_load

    codes = {r["kod_obce"] for r in _read_csv("cz_obce.csv") if r["orp_kod"] == PILOT_ORP}
    territory_load(actor=actor, municipality_codes=codes, with_boundaries=False)
    return codes


@pytest.fixture
def codebook(orp7210, actor):
    from kpss.ingest.codelists import codelists_load

    return codelists_load(actor=actor)


@pytest.fixture
def valmez(codebook, actor):
    from kpss.territory.services import planning_area_create

    return planning_area_create(
        actor=actor,
        slug="valmez",
        name="Mikroregion Valašskomeziříčsko-Kelečsko",
        kind="union",
        orp_code=PILOT_ORP,
    )
