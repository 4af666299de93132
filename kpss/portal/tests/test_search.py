"""Finding help: Czech-aware text search, life situations, municipality of residence, sort."""

from __future__ import annotations

import pytest

from kpss.portal.models import LifeSituation, LifeSituationType
from kpss.portal.search import (
    SORT_DISTANCE,
    SearchQuery,
    edit_distance,
    service_search,
    stem,
    terms,
)
from kpss.portal.tests.fixtures import KELC
from kpss.registry.models import ServiceType, TargetGroup
from kpss.territory.models import Municipality

pytestmark = pytest.mark.django_db


def _names(hits) -> list[str]:
    return [hit.service.name for hit in hits]


def _search(area, **kwargs) -> list[str]:
    return _names(service_search(areas=[area], query=SearchQuery(**kwargs)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pečovatelská služba", ["pecovatelsk"]),
        ("pečovatelskou službou", ["pecovatelsk"]),
        ("PECOVATELSKE SLUZBY", ["pecovatelsk"]),
        ("seniorům", ["senior"]),
        ("senioři", ["senior"]),
        ("Kelči", ["kelc"]),
    ],
)
def test_terms_fold_case_diacritics_and_word_forms(text: str, expected: list[str]) -> None:
    assert terms(text) == expected


def test_stem_and_edit_distance() -> None:
    assert stem("noclehárny".replace("á", "a")) == stem("nocleharna")
    assert edit_distance("pecovatelsk", "pecovatlesk", 2) == 1  # a swap counts once
    assert edit_distance("kelc", "zasova", 1) == 2


def test_search_ignores_diacritics_and_case(pilot_area, services) -> None:
    for text in ("pecovatelska", "PEČOVATELSKÁ", "Pečovatelská služba"):
        found = _search(pilot_area, text=text)
        assert "Pečovatelská služba" in found, text
        assert "Noclehárna" not in found


def test_search_understands_word_forms(pilot_area, services) -> None:
    assert "Pečovatelská služba" in _search(pilot_area, text="pečovatelskou službu")
    assert "Noclehárna" in _search(pilot_area, text="noclehárny")
    assert "Denní stacionář Dobromysl" in _search(pilot_area, text="stacionáře")


def test_search_tolerates_a_typo(pilot_area, services) -> None:
    assert "Pečovatelská služba" in _search(pilot_area, text="pecovatleska")
    assert "Osobní asistence" in _search(pilot_area, text="asistnce")
    assert _search(pilot_area, text="xyzzy") == []


def test_every_word_must_match_and_best_match_comes_first(pilot_area, services) -> None:
    found = _search(pilot_area, text="pečovatelská Charita")
    assert found == ["Charitní pečovatelská služba (Valašské Meziříčí; pracoviště Kelč)"]
    ranked = _search(pilot_area, text="pečovatelská")
    assert ranked[0] == "Pečovatelská služba"  # the name matches exactly


def test_search_by_target_group_word(pilot_area, services) -> None:
    found = _search(pilot_area, text="senioři")
    assert "Denní stacionář Dobromysl" in found
    assert "Noclehárna" not in found


def test_municipality_of_residence_gives_local_and_field_services(pilot_area, services) -> None:
    kelc = Municipality.objects.get(code=KELC)
    hits = service_search(
        areas=[pilot_area], query=SearchQuery(municipality=kelc, sort=SORT_DISTANCE)
    )
    names = _names(hits)
    assert "Charitní pečovatelská služba (Valašské Meziříčí; pracoviště Kelč)" in names
    assert "Osobní asistence" in names  # field service for all 18 municipalities
    assert "Noclehárna" not in names  # only in Valašské Meziříčí, not for Kelč
    assert hits[0].comes_to_client
    assert hits[0].distance_km == 0.0


def test_distance_sort_measures_from_the_municipality(pilot_area, services) -> None:
    valmez = Municipality.objects.get(code="545058")
    hits = service_search(
        areas=[pilot_area], query=SearchQuery(municipality=valmez, sort=SORT_DISTANCE)
    )
    distances = [h.distance_km for h in hits if h.distance_km is not None]
    assert distances == sorted(distances)
    assert all(d < 10 for d in distances)


def test_life_situation_narrows_to_its_types_in_curated_order(pilot_area, services) -> None:
    situation = LifeSituation.objects.create(slug="pece", title="Pečuji o blízkého doma")
    for rank, key in enumerate(["40", "39"], start=1):
        LifeSituationType.objects.create(
            situation=situation, service_type=ServiceType.objects.get(key=key), rank=rank
        )
    situation.target_groups.set([TargetGroup.objects.get(name="senioři")])
    kelc = Municipality.objects.get(code=KELC)
    names = _search(pilot_area, situation=situation, municipality=kelc)
    assert names[0] == "Charitní pečovatelská služba (Valašské Meziříčí; pracoviště Kelč)"
    assert set(names) == {names[0], "Osobní asistence"}


def test_situation_keywords_are_searched(pilot_area, services) -> None:
    situation = LifeSituation.objects.create(
        slug="bydleni", title="Přišel jsem o bydlení", keywords="bezdomovec ulice nocleh"
    )
    LifeSituationType.objects.create(
        situation=situation, service_type=ServiceType.objects.get(key="63")
    )
    assert _search(pilot_area, text="bezdomovec") == ["Noclehárna"]


def test_other_areas_services_are_not_found(pilot_area, services) -> None:
    assert "Pečovatelská služba Rožnov" not in _search(pilot_area, text="pečovatelská")


def test_withdrawn_services_are_not_found(pilot_area, services) -> None:
    assert _search(pilot_area, text="samostatného bydlení") == []


def test_the_nearest_place_is_shown_for_a_service_with_several(pilot_area, services) -> None:
    from kpss.registry.models import Facility

    kelc = Municipality.objects.get(code=KELC)
    branch = Facility.objects.create(
        service=services.day_care, street="Náměstí", house_number="1", municipality=kelc
    )
    hits = service_search(
        areas=[pilot_area], query=SearchQuery(municipality=kelc, text="stacionář")
    )
    assert [h.service.name for h in hits] == ["Denní stacionář Dobromysl"]
    assert hits[0].nearest == branch
    assert hits[0].distance_km == 0.0
    assert not hits[0].comes_to_client  # an outpatient service: the client goes there


def test_a_place_name_in_the_text_finds_services_serving_it(pilot_area, services) -> None:
    found = _search(pilot_area, text="osobní asistence Kelči")
    assert found == ["Osobní asistence"]  # its territory includes Kelč
    assert "Noclehárna" not in _search(pilot_area, text="Kelč")
