"""Load the territorial structure of Czechia from the repository's data files.

Regions, districts, ORPs, all municipalities with population (total, sex, age groups) and
boundaries. Idempotent: rows are keyed by official codes, and unchanged rows are not written.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models, transaction

from kpss.accounts.models import User
from kpss.core.audit import audit_record
from kpss.territory.models import Boundary, District, Municipality, Orp, PopulationFact, Region

TERRITORY_DIR = Path(settings.DATA_DIR) / "territory"
POPULATION_SOURCE = "ČSÚ, Počet obyvatel v obcích k 1. 1. 2025; věkové skupiny ČSÚ (podíly 2025)"

Progress = Callable[[Iterable[Any], str, int], Iterable[Any]]


def _no_progress(items: Iterable[Any], _label: str, _total: int) -> Iterable[Any]:
    return items


@dataclass
class LoadCounts:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, created: int, updated: int, unchanged: int) -> None:
        self.created[kind] = created
        self.updated[kind] = updated
        self.unchanged[kind] = unchanged


def _read_csv(name: str) -> list[dict[str, str]]:
    with (TERRITORY_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _int_or_none(value: str) -> int | None:
    return int(value) if value.strip() else None


def _upsert(
    model: type[models.Model],
    key: str,
    rows: dict[str, dict[str, Any]],
    progress: Progress,
    label: str,
) -> tuple[int, int, int]:
    """Create missing rows, update changed ones, leave the rest untouched."""
    existing = {getattr(obj, key): obj for obj in model.objects.all()}  # type: ignore[attr-defined]
    to_create: list[models.Model] = []
    to_update: list[models.Model] = []
    fields: set[str] = set()
    for code, values in progress(rows.items(), label, len(rows)):
        obj = existing.get(code)
        if obj is None:
            to_create.append(model(**{key: code, **values}))
            continue
        changed = [name for name, value in values.items() if _differs(getattr(obj, name), value)]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            fields.update(changed)
            to_update.append(obj)
    model.objects.bulk_create(to_create, batch_size=500)  # type: ignore[attr-defined]
    if to_update:
        model.objects.bulk_update(to_update, sorted(fields), batch_size=500)  # type: ignore[attr-defined]
    return len(to_create), len(to_update), len(rows) - len(to_create) - len(to_update)


def _differs(current: Any, new: Any) -> bool:
    if isinstance(current, models.Model):
        return current.pk != getattr(new, "pk", new)
    if isinstance(current, Decimal) and new is not None:
        return current != Decimal(str(new))
    if isinstance(current, float) and new is not None:
        return abs(current - float(new)) > 1e-9
    return bool(current != new)


def territory_load(
    *,
    actor: User,
    municipality_codes: set[str] | None = None,
    with_boundaries: bool = True,
    progress: Progress = _no_progress,
) -> LoadCounts:
    """Load (or refresh) the territory. `municipality_codes` limits municipalities, their
    population and boundaries to a subset (used by tests and small demos); regions, districts
    and ORPs are always loaded whole because they are few."""
    counts = LoadCounts()
    with transaction.atomic():
        regions = {
            r["kraj_kod"]: {
                "nuts": r["kraj_nuts"],
                "ruian_code": r["kraj_ruian_kod"],
                "name": r["kraj_nazev"],
                "abbreviation": r["kraj_zkratka"],
            }
            for r in _read_csv("cz_kraje.csv")
        }
        counts.add("regions", *_upsert(Region, "code", regions, progress, "kraje"))
        region_by_code = {r.code: r for r in Region.objects.all()}

        districts = {
            r["okres_kod"]: {
                "nuts": r["okres_nuts"],
                "ruian_code": r["okres_ruian_kod"],
                "name": r["okres_nazev"],
                "region": region_by_code[r["kraj_kod"]],
            }
            for r in _read_csv("cz_okresy.csv")
        }
        counts.add("districts", *_upsert(District, "code", districts, progress, "okresy"))
        orps = {
            r["orp_kod"]: {
                "ruian_code": r["orp_ruian_kod"],
                "name": r["orp_nazev"],
                "region": region_by_code[r["kraj_kod"]],
            }
            for r in _read_csv("cz_orp.csv")
        }
        counts.add("orps", *_upsert(Orp, "code", orps, progress, "ORP"))
        district_by_code = {d.code: d for d in District.objects.all()}
        orp_by_code = {o.code: o for o in Orp.objects.all()}

        source_rows = [
            r
            for r in _read_csv("cz_obce.csv")
            if municipality_codes is None or r["kod_obce"] in municipality_codes
        ]
        municipalities = {
            r["kod_obce"]: {
                "name": r["nazev_obce"],
                "kind": r["typ_obce"],
                "pou_code": r["pou_kod"],
                "pou_name": r["pou_nazev"],
                "orp": orp_by_code[r["orp_kod"]],
                "district": district_by_code[r["okres_kod"]],
                "region": region_by_code[r["kraj_kod"]],
                "centroid_lat": float(r["centroid_lat"]),
                "centroid_lon": float(r["centroid_lon"]),
                "label_lat": float(r["vnitrni_bod_lat"]),
                "label_lon": float(r["vnitrni_bod_lon"]),
                "postcode": r["psc"],
                "area_km2": Decimal(r["rozloha_km2"]),
            }
            for r in source_rows
        }
        counts.add(
            "municipalities",
            *_upsert(Municipality, "code", municipalities, progress, "obce"),
        )
        counts.add("population", *_load_population(source_rows, progress))
        if with_boundaries:
            counts.add("boundaries", *_load_boundaries(municipality_codes, progress))
        audit_record(
            actor=actor,
            verb="territory.load",
            object_type="territory",
            payload={"created": counts.created, "updated": counts.updated},
        )
    return counts


def _load_population(source_rows: list[dict[str, str]], progress: Progress) -> tuple[int, int, int]:
    ages = {r["kod_obce"]: r for r in _read_csv("cz_obce_vek_2025.csv")}
    municipality_id = dict(Municipality.objects.values_list("code", "id"))
    existing = {(f.municipality_id, f.reference_date): f for f in PopulationFact.objects.all()}
    create: list[PopulationFact] = []
    update: list[PopulationFact] = []
    unchanged = 0
    value_fields = [
        "total",
        "men",
        "women",
        "age_0_14",
        "age_15_64",
        "age_65_plus",
        "age_0_14_men",
        "age_15_64_men",
        "age_65_plus_men",
        "age_0_14_women",
        "age_15_64_women",
        "age_65_plus_women",
        "average_age",
        "source",
    ]
    for row in progress(source_rows, "obyvatelé", len(source_rows)):
        age = ages.get(row["kod_obce"], {})
        has_ages = age.get("podil_zdroj_chybi") == "0"
        values: dict[str, Any] = {
            "total": int(row["obyvatel_celkem"]),
            "men": int(row["obyvatel_muzi"]),
            "women": int(row["obyvatel_zeny"]),
            "average_age": Decimal(row["prumerny_vek"]) if row["prumerny_vek"] else None,
            "source": POPULATION_SOURCE,
        }
        for src, dst in (
            ("vek_0_14", "age_0_14"),
            ("vek_15_64", "age_15_64"),
            ("vek_65_plus", "age_65_plus"),
        ):
            for suffix in ("", "_muzi", "_zeny"):
                target = dst + {"": "", "_muzi": "_men", "_zeny": "_women"}[suffix]
                values[target] = _int_or_none(age[src + suffix]) if has_ages else None
        reference_date = dt.date.fromisoformat(row["stav_obyvatel_k"])
        key = (municipality_id[row["kod_obce"]], reference_date)
        fact = existing.get(key)
        if fact is None:
            create.append(
                PopulationFact(municipality_id=key[0], reference_date=reference_date, **values)
            )
        elif any(_differs(getattr(fact, name), values[name]) for name in value_fields):
            for name in value_fields:
                setattr(fact, name, values[name])
            update.append(fact)
        else:
            unchanged += 1
    PopulationFact.objects.bulk_create(create, batch_size=500)
    PopulationFact.objects.bulk_update(update, value_fields, batch_size=500)
    return len(create), len(update), unchanged


_BOUNDARY_FILES = [
    (Boundary.Level.REGION, "cz_kraje_hranice.geojson", "kraj_kod"),
    (Boundary.Level.DISTRICT, "cz_okresy_hranice.geojson", "okres_kod"),
    (Boundary.Level.ORP, "cz_orp_hranice.geojson", "orp_kod"),
    (Boundary.Level.MUNICIPALITY, "cz_obce_hranice.geojson", "kod_obce"),
]


def _load_boundaries(
    municipality_codes: set[str] | None, progress: Progress
) -> tuple[int, int, int]:
    existing = {(b.level, b.code): b for b in Boundary.objects.all()}
    create: list[Boundary] = []
    update: list[Boundary] = []
    unchanged = 0
    for level, filename, code_field in _BOUNDARY_FILES:
        with (TERRITORY_DIR / filename).open(encoding="utf-8") as handle:
            features = json.load(handle)["features"]
        for feature in progress(features, f"hranice {level}", len(features)):
            code = str(feature["properties"][code_field])
            if (
                level == Boundary.Level.MUNICIPALITY
                and municipality_codes is not None
                and code not in municipality_codes
            ):
                continue
            boundary = existing.get((level, code))
            if boundary is None:
                create.append(Boundary(level=level, code=code, geometry=feature["geometry"]))
            elif boundary.geometry != feature["geometry"]:
                boundary.geometry = feature["geometry"]
                update.append(boundary)
            else:
                unchanged += 1
    Boundary.objects.bulk_create(create, batch_size=200)
    Boundary.objects.bulk_update(update, ["geometry"], batch_size=200)
    return len(create), len(update), unchanged
