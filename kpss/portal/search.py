"""Finding help: Czech-aware search over the services of the areas a visitor may see.

Text is compared word by word after folding (lower case, no diacritics), a light Czech stemmer
(case endings: "pečovatelskou službou" ≈ "pečovatelská služba") and with typo tolerance
(edit distance 1 for words of 4–6 letters, 2 for longer ones). Every word of the query must
match something; the score weighs where it matched (name over type over provider…).
Life situations narrow the results to the service types that help, in the curated order.
Distances run from the centroid of the municipality of residence to the nearest facility;
a field service whose territory includes that municipality comes to the client (distance 0).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kpss.core.text import czech_sort_key, fold
from kpss.portal.models import LifeSituation, ServiceGuide
from kpss.registry.models import Facility, Service
from kpss.registry.selectors import ServiceFilterChoices, service_filter_choices, service_list
from kpss.territory.models import Municipality, PlanningArea
from kpss.territory.selectors import municipality_codes_of_area

SORT_RELEVANCE = "relevance"
SORT_DISTANCE = "distance"
SORT_NAME = "name"

# Folded words that carry no meaning for the search ("I need help with care for my mum").
STOP_WORDS = frozenset(
    [
        "a",
        "aby",
        "ale",
        "ani",
        "az",
        "by",
        "bych",
        "co",
        "do",
        "i",
        "ja",
        "jak",
        "jako",
        "je",
        "jeho",
        "jsem",
        "jsme",
        "k",
        "ke",
        "kde",
        "kdo",
        "ktery",
        "ma",
        "mam",
        "me",
        "mi",
        "mne",
        "moje",
        "muj",
        "my",
        "na",
        "nas",
        "nebo",
        "o",
        "od",
        "po",
        "pod",
        "pro",
        "proto",
        "s",
        "se",
        "si",
        "sluzba",
        "sluzby",
        "socialni",
        "ta",
        "ten",
        "to",
        "u",
        "v",
        "ve",
        "z",
        "za",
        "ze",
        "pomoc",
        "pomoci",
        "potrebuji",
        "hledam",
        "chci",
    ]
)

STOP_STEMS = frozenset({"sluzb", "socialn", "pomoc", "potreb"})

# Light stemmer for folded Czech (after Dolamic & Savoy): longest case endings first.
_SUFFIXES: tuple[tuple[int, tuple[str, ...]], ...] = (
    (7, ("atech",)),
    (6, ("etem", "atum")),
    (
        5,
        (
            "ech", "ich", "eho", "emi", "emu", "ete", "eti", "iho", "imi", "imu",
            "ach", "ata", "aty", "ych", "ama", "ami", "ove", "ovi", "ymi",
        ),
    ),
    (4, ("em", "es", "im", "um", "at", "am", "os", "us", "ym", "mi", "ou")),
    (3, ("a", "e", "i", "o", "u", "y")),
)  # fmt: skip
_WORD = re.compile(r"[a-z0-9]+")

FIELD_WEIGHTS = {
    "name": 3.0,
    "type": 2.0,
    "groups": 1.5,
    "place": 1.5,
    "territory": 1.0,
    "provider": 1.0,
    "situations": 1.0,
    "text": 0.5,
}


@lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    """Strip one Czech case ending from a folded word ("sluzbou" → "sluzb")."""
    for min_length, endings in _SUFFIXES:
        if len(word) >= min_length:
            for ending in endings:
                if word.endswith(ending):
                    return _palatal(word[: -len(ending)])
    return word


def _palatal(word: str) -> str:
    # "péče"/"pečovat", "Kelči"/"Kelč": unify a few softened stem endings.
    for soft, hard in (("ck", "k"), ("zk", "h")):
        if word.endswith(soft):
            return word[: -len(soft)] + hard
    return word


def words(text: str) -> list[str]:
    """Folded words of a text, stop words left out."""
    return [w for w in _WORD.findall(fold(text)) if w not in STOP_WORDS]


def terms(text: str) -> list[str]:
    """Stems of the meaningful words of a text."""
    return [s for s in (stem(w) for w in words(text)) if s not in STOP_STEMS]


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau–Levenshtein distance (optimal string alignment), or limit+1 when above limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def typo_limit(term: str) -> int:
    if len(term) >= 7:
        return 2
    if len(term) >= 4:
        return 1
    return 0


def term_match(query: str, token: str) -> float:
    """How well one query stem matches one document stem (0 = not at all)."""
    if query == token:
        return 1.0
    if len(query) >= 3 and token.startswith(query):
        return 0.85
    limit = typo_limit(query)
    if limit and edit_distance(query, token, limit) <= limit:
        return 0.6
    if limit and len(token) > len(query) and edit_distance(query, token[: len(query)], 1) <= 1:
        return 0.5  # a typo in a word being typed ("pecovatelsk" of "pečovatelskou")
    return 0.0


def text_score(query_terms: Sequence[str], fields: dict[str, list[str]]) -> float | None:
    """Weighted score of a document's fields, or None when some query term matches nothing."""
    total = 0.0
    for query in query_terms:
        best = 0.0
        for name, tokens in fields.items():
            weight = FIELD_WEIGHTS[name]
            for token in tokens:
                value = term_match(query, token)
                if value:
                    best = max(best, value * weight)
        if not best:
            return None
        total += best
    return total


def name_coverage(query_terms: Sequence[str], name_terms: Sequence[str]) -> float:
    """Share of the name's words the query matched: "Pečovatelská služba" fits "pečovatelská"
    better than a longer name that also contains it."""
    if not name_terms:
        return 0.0
    covered = sum(1 for t in name_terms if any(term_match(q, t) for q in query_terms))
    return covered / len(name_terms)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    radius = 6371.0
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * radius * math.asin(math.sqrt(a))


@dataclass
class SearchQuery:
    text: str = ""
    municipality: Municipality | None = None
    situation: LifeSituation | None = None
    type_key: str | None = None
    target_group_id: int | None = None
    form_code: str | None = None
    sort: str = SORT_RELEVANCE

    @property
    def is_empty(self) -> bool:
        return not (
            self.text.strip()
            or self.municipality
            or self.situation
            or self.type_key
            or self.target_group_id
            or self.form_code
        )


@dataclass
class SearchHit:
    service: Service
    area: PlanningArea
    score: float = 0.0
    distance_km: float | None = None
    comes_to_client: bool = False
    guide: ServiceGuide | None = None
    nearest: Facility | None = None


def situations_for_types() -> dict[int, list[str]]:
    """Keywords and titles of the active situations, by service type id (for text search)."""
    result: dict[int, list[str]] = {}
    for situation in LifeSituation.objects.filter(is_active=True).prefetch_related("service_types"):
        for service_type in situation.service_types.all():
            result.setdefault(service_type.pk, []).extend(
                terms(f"{situation.title} {situation.keywords}")
            )
    return result


def guides_by_key() -> tuple[dict[int, ServiceGuide], dict[int, ServiceGuide]]:
    """Guides by service type id and by service id."""
    by_type: dict[int, ServiceGuide] = {}
    by_service: dict[int, ServiceGuide] = {}
    for guide in ServiceGuide.objects.all():
        if guide.service_id:
            by_service[guide.service_id] = guide
        elif guide.service_type_id:
            by_type[guide.service_type_id] = guide
    return by_type, by_service


def _fields(
    service: Service, situation_terms: dict[int, list[str]], guide: ServiceGuide | None
) -> dict[str, list[str]]:
    places = " ".join(
        f.municipality.name for f in service.facilities.all() if f.municipality is not None
    )
    return {
        "name": terms(service.name),
        "type": terms(service.service_type.name),
        "groups": terms(" ".join(g.name for g in service.target_groups.all())),
        "place": terms(places),
        "territory": terms(" ".join(m.name for m in service.territory.all())),
        "provider": terms(service.provider.name),
        "situations": situation_terms.get(service.service_type_id, []),
        "text": terms(
            " ".join(
                [service.description, service.target_group_note]
                + ([guide.plain_description, guide.who_for] if guide else [])
            )
        ),
    }


def _distance(
    service: Service, home: Municipality | None
) -> tuple[float | None, bool, Facility | None]:
    """Distance to the nearest place of the service, whether it comes to the client, and
    that place. A facility without coordinates stands at its municipality's centroid."""
    facilities = list(service.facilities.all())
    if home is None:
        return None, False, facilities[0] if facilities else None
    serves_home = any(m.pk == home.pk for m in service.territory.all())
    is_field = any(sf.form.code == "ter" for sf in service.forms.all())
    if serves_home and is_field:
        return 0.0, True, None
    located: list[tuple[float, Facility]] = []
    for f in facilities:
        if f.lat is not None and f.lon is not None:
            point = (f.lat, f.lon)
        elif f.municipality is not None:
            point = (f.municipality.centroid_lat, f.municipality.centroid_lon)
        else:
            continue
        located.append((haversine_km(home.centroid_lat, home.centroid_lon, *point), f))
    if not located:
        return (0.0, True, None) if serves_home else (None, False, None)
    nearest, facility = min(located, key=lambda pair: pair[0])
    return nearest, False, facility


def areas_of_municipality(
    *, municipality: Municipality, areas: Iterable[PlanningArea]
) -> list[PlanningArea]:
    return [a for a in areas if municipality.code in municipality_codes_of_area(area=a)]


def service_search(*, areas: Sequence[PlanningArea], query: SearchQuery) -> list[SearchHit]:
    """Services of the given areas that match the query, best first."""
    if query.municipality is not None:
        areas = areas_of_municipality(municipality=query.municipality, areas=areas)
    hits: dict[int, SearchHit] = {}
    for area in areas:
        for service in service_list(
            area=area,
            municipality=query.municipality,
            type_key=query.type_key,
            target_group_id=query.target_group_id,
            form_code=query.form_code,
        ).prefetch_related("territory"):
            hits.setdefault(service.pk, SearchHit(service=service, area=area))
    situation_types: list[int] = []
    situation_groups: set[int] = set()
    if query.situation is not None:
        situation_types = query.situation.ranked_type_ids()
        situation_groups = {g.pk for g in query.situation.target_groups.all()}
    query_terms = terms(query.text)
    situation_terms = situations_for_types() if query_terms else {}
    by_type, by_service = guides_by_key()
    results = []
    for hit in hits.values():
        service = hit.service
        hit.guide = by_service.get(service.pk) or by_type.get(service.service_type_id)
        score = 0.0
        if situation_types:
            if service.service_type_id not in situation_types:
                continue
            # The curated order of types in a situation is its order of relevance.
            rank = situation_types.index(service.service_type_id)
            score += 2.0 / (1 + rank)
            overlap = {g.pk for g in service.target_groups.all()} & situation_groups
            score += 0.5 * len(overlap)
        elif (
            situation_groups and not {g.pk for g in service.target_groups.all()} & situation_groups
        ):
            continue
        if query_terms:
            fields = _fields(service, situation_terms, hit.guide)
            matched = text_score(query_terms, fields)
            if matched is None:
                continue
            score += matched + name_coverage(query_terms, fields["name"])
        hit.score = score
        hit.distance_km, hit.comes_to_client, hit.nearest = _distance(service, query.municipality)
        results.append(hit)
    return sort_hits(results, query.sort)


def sort_hits(hits: list[SearchHit], sort: str) -> list[SearchHit]:
    def distance(hit: SearchHit) -> float:
        return hit.distance_km if hit.distance_km is not None else math.inf

    def name(hit: SearchHit) -> tuple[object, ...]:
        return czech_sort_key(hit.service.name)

    if sort == SORT_DISTANCE:
        return sorted(hits, key=lambda h: (distance(h), -h.score, name(h)))
    if sort == SORT_NAME:
        return sorted(hits, key=name)
    return sorted(hits, key=lambda h: (-round(h.score, 6), distance(h), name(h)))


def life_situation_list() -> list[LifeSituation]:
    return list(
        LifeSituation.objects.filter(is_active=True).prefetch_related("type_links", "target_groups")
    )


def filter_choices(*, areas: Sequence[PlanningArea]) -> ServiceFilterChoices:
    """The code-list values that occur among the services of all the given areas."""
    types: dict[int, Any] = {}
    groups: dict[int, Any] = {}
    forms: dict[int, Any] = {}
    for area in areas:
        choices = service_filter_choices(area=area)
        types.update((t.pk, t) for t in choices.service_types)
        groups.update((g.pk, g) for g in choices.target_groups)
        forms.update((f.pk, f) for f in choices.forms)
    return ServiceFilterChoices(
        service_types=sorted(types.values(), key=lambda t: (t.order, t.name)),
        target_groups=sorted(groups.values(), key=lambda g: czech_sort_key(g.name)),
        forms=sorted(forms.values(), key=lambda f: (f.order, f.code)),
    )
