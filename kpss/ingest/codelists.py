"""Load the registry code lists (service types, forms, target groups, age bands, capacity
types) from `data/codelists/*.csv` into the registry models.

Idempotent: rows are keyed by a stable key (service-type key, open-data code or name) and
unchanged rows are not written. The CSVs say how sure each row is; that text is mapped to
`CodeStatus` so unverified rows stay visible as such.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models, transaction

from kpss.accounts.models import User
from kpss.core.audit import audit_record
from kpss.core.text import fold
from kpss.registry.models import (
    AgeBand,
    CapacityType,
    CodeStatus,
    Form,
    ServiceCategory,
    ServiceType,
    TargetGroup,
)

CODELISTS_DIR = Path(settings.DATA_DIR) / "codelists"

Progress = Callable[[Iterable[Any], str, int], Iterable[Any]]


def _no_progress(items: Iterable[Any], _label: str, _total: int) -> Iterable[Any]:
    return items


@dataclass
class CodelistCounts:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, created: int, updated: int, unchanged: int) -> None:
        self.created[kind] = created
        self.updated[kind] = updated
        self.unchanged[kind] = unchanged


def code_status_from_text(*, text: str) -> CodeStatus:
    """Map the free-text status of the CSVs to CodeStatus.

    "inferred …" → inferred; "from memory", "unknown", "n/a" or empty → unverified;
    "confirmed", "verified …" and "seen in registry-derived data" → confirmed. A target group
    "verified (name seen on provider page)" is confirmed as a name; its missing open-data code
    stays visible as an empty code, not as a lower status.
    """
    value = (text or "").strip().lower()
    if value.startswith("inferred"):
        return CodeStatus.INFERRED
    if value.startswith(("confirmed", "verified", "seen in registry")):
        return CodeStatus.CONFIRMED
    return CodeStatus.UNVERIFIED


def service_type_key(*, paragraph: str, name: str) -> str:
    """Slug of the section: "37 odst. 3" → "37-3", "60a" → "60a"; the centre of mental health
    care has no verified section yet and gets "cdz"."""
    paragraph = (paragraph or "").strip()
    if not paragraph or paragraph == "?":
        if fold(name).strip() == "centrum dusevniho zdravi":
            return "cdz"
        return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")[:20]
    match = re.fullmatch(r"(\d+[a-z]?)(?:\s*odst\.\s*(\d+))?", paragraph.replace("§", "").strip())
    if not match:
        return re.sub(r"[^a-z0-9]+", "-", fold(paragraph)).strip("-")[:20]
    return match.group(1) if match.group(2) is None else f"{match.group(1)}-{match.group(2)}"


def _read(name: str, directory: Path) -> list[dict[str, str]]:
    with (directory / name).open(encoding="utf-8-sig", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def _clean(value: str) -> str:
    return "" if value in {"?", "n/a"} else value


def _upsert(
    model: type[models.Model], key: str, rows: dict[str, dict[str, Any]]
) -> tuple[int, int, int, dict[str, models.Model]]:
    manager = model._default_manager
    existing = {getattr(obj, key): obj for obj in manager.all()}
    create: list[models.Model] = []
    update: list[models.Model] = []
    fields: set[str] = set()
    for code, values in rows.items():
        obj = existing.get(code)
        if obj is None:
            obj = model(**{key: code, **values})
            create.append(obj)
            existing[code] = obj
            continue
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            fields.update(changed)
            update.append(obj)
    manager.bulk_create(create)
    if update:
        manager.bulk_update(update, sorted(fields))
    unchanged = len(rows) - len(create) - len(update)
    return len(create), len(update), unchanged, existing


def codelists_load(
    *, actor: User, directory: Path | None = None, progress: Progress = _no_progress
) -> CodelistCounts:
    """Load or refresh all registry code lists in one transaction with one audit event."""
    directory = directory or CODELISTS_DIR
    counts = CodelistCounts()
    with transaction.atomic():
        forms: dict[str, dict[str, Any]] = {}
        for order, row in enumerate(_read("formy_socialnich_sluzeb.csv", directory), start=1):
            forms[row["kod_opendata"]] = {
                "code": row["kod_opendata"].rsplit("/", 1)[-1],
                "name": row["nazev"],
                "status": code_status_from_text(text=row["kod_status"]),
                "order": order,
            }
        *form_counts, form_by_code = _upsert(Form, "registry_code", forms)
        counts.add("forms", *form_counts)
        form_by_column = {
            "forma_pobytova": form_by_code.get("FormaSocialniSluzby/pob"),
            "forma_ambulantni": form_by_code.get("FormaSocialniSluzby/amb"),
            "forma_terenni": form_by_code.get("FormaSocialniSluzby/ter"),
        }

        type_rows = _read("druhy_socialnich_sluzeb.csv", directory)
        types: dict[str, dict[str, Any]] = {}
        allowed: dict[str, set[int]] = {}
        for order, row in enumerate(progress(type_rows, "druhy služeb", len(type_rows)), 1):
            key = service_type_key(paragraph=row["zakon_108_2006_paragraf"], name=row["nazev"])
            category = _clean(row["kategorie"])
            status_text = row["opendata_kod_status"]
            types[key] = {
                "paragraph": _clean(row["zakon_108_2006_paragraf"]),
                "name": row["nazev"],
                "category": category
                if category in ServiceCategory.values
                else ServiceCategory.UNKNOWN,
                "decree_paragraph": _clean(row["vyhlaska_505_2006_paragraf"]),
                "registry_code": _clean(row["opendata_kod"]),
                "registry_api_id": _clean(row["mpsv_api_druhSocialniSluzbyId"]),
                "status": code_status_from_text(text=status_text),
                # "n/a": basic counselling, which every provider gives and nobody registers.
                "is_registrable": status_text.strip().lower() != "n/a",
                "note": row["poznamka"],
                "order": order,
            }
            allowed[key] = {
                form.pk
                for column, form in form_by_column.items()
                if form is not None and row[column].upper() == "A"
            }
        *type_counts, type_by_key = _upsert(ServiceType, "key", types)
        allowed_changed = 0
        for key, form_ids in allowed.items():
            service_type = type_by_key[key]
            assert isinstance(service_type, ServiceType)
            current = set(service_type.allowed_forms.values_list("pk", flat=True))
            if current != form_ids:
                service_type.allowed_forms.set(form_ids)
                allowed_changed += 1
        counts.add("service_types", *type_counts)
        counts.add("allowed_forms", 0, allowed_changed, len(allowed) - allowed_changed)

        groups = {
            row["nazev"]: {
                "registry_code": row["kod_opendata"],
                "status": code_status_from_text(text=row["status"]),
                "source": row["zdroj"],
            }
            for row in _read("cilove_skupiny.csv", directory)
        }
        counts.add("target_groups", *_upsert(TargetGroup, "name", groups)[:3])

        bands = {
            row["nazev"]: {
                "age_from": int(row["od_let"]) if row["od_let"] else None,
                "age_to": int(row["do_let"]) if row["do_let"] else None,
                "status": code_status_from_text(text=row["status"]),
                "source": row["zdroj"],
            }
            for row in _read("vekove_kategorie.csv", directory)
        }
        counts.add("age_bands", *_upsert(AgeBand, "name", bands)[:3])

        capacity_types = {
            row["kod_opendata"]: {"name": row["vyznam"], "typical_for": row["typicky_pro"]}
            for row in _read("typy_kapacity.csv", directory)
        }
        counts.add("capacity_types", *_upsert(CapacityType, "registry_code", capacity_types)[:3])

        audit_record(
            actor=actor,
            verb="codelists.load",
            object_type="registry.codelists",
            payload={"created": counts.created, "updated": counts.updated},
        )
    return counts
