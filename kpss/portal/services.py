"""Writes of the portal: loading the curated life situations and plain-language guides."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from kpss.accounts.models import User
from kpss.core.audit import audit_record
from kpss.core.errors import ValidationFailed
from kpss.portal.models import LifeSituation, LifeSituationType, ServiceGuide
from kpss.registry.models import ServiceType, TargetGroup

PORTAL_DATA_DIR = Path(settings.DATA_DIR) / "portal"
SITUATIONS_FILE = PORTAL_DATA_DIR / "zivotni_situace.csv"
GUIDES_FILE = PORTAL_DATA_DIR / "druhy_srozumitelne.csv"

SITUATION_COLUMNS = ("kod", "nazev", "popis", "klicova_slova", "druhy", "cilove_skupiny", "poradi")
GUIDE_COLUMNS = ("druh", "srozumitelne", "pro_koho", "cena", "jak_ziskat")


@dataclass
class GuideLoadReport:
    situations: int = 0
    guides: int = 0
    problems: list[str] = field(default_factory=list)


def _read(path: Path, columns: tuple[str, ...], problems: list[str]) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            problems.append(
                _("%(file)s: missing columns %(columns)s")
                % {"file": path.name, "columns": ", ".join(missing)}
            )
            return []
        return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split("|") if part.strip()]


def life_situations_load(
    *, actor: User, situations_path: Path | None = None, guides_path: Path | None = None
) -> GuideLoadReport:
    """Load (or refresh) the life situations and the service-type guides from CSV files.

    Validates both files first — columns, known service-type keys and target-group names —
    and writes nothing unless all rows are valid. Situations and guides are matched by their
    code and service type, so reloading updates them; situations edited away in the file are
    left as they are (they may have been added in the administration).
    """
    situations_path = situations_path or SITUATIONS_FILE
    guides_path = guides_path or GUIDES_FILE
    report = GuideLoadReport()
    problems = report.problems
    types = {t.key: t for t in ServiceType.objects.all()}
    groups = {g.name: g for g in TargetGroup.objects.all()}
    situation_rows = _read(situations_path, SITUATION_COLUMNS, problems)
    guide_rows = _read(guides_path, GUIDE_COLUMNS, problems)
    seen: set[str] = set()
    row_word = _("row")
    for number, row in enumerate(situation_rows, start=2):
        where = f"{situations_path.name}, {row_word} {number}"
        if not row["kod"] or not row["nazev"]:
            problems.append(f"{where}: " + _("code and title are required"))
        if row["kod"] in seen:
            problems.append(f"{where}: " + _("duplicate code %(code)s") % {"code": row["kod"]})
        seen.add(row["kod"])
        for key in _split(row["druhy"]):
            if key not in types:
                problems.append(
                    f"{where}, druhy: " + _("unknown service type %(key)s") % {"key": key}
                )
        for name in _split(row["cilove_skupiny"]):
            if name not in groups:
                problems.append(
                    f"{where}, cilove_skupiny: "
                    + _("unknown target group %(name)s") % {"name": name}
                )
        if row["poradi"] and not row["poradi"].isdigit():
            problems.append(f"{where}, poradi: " + _("not a whole number"))
    for number, row in enumerate(guide_rows, start=2):
        if row["druh"] not in types:
            problems.append(
                f"{guides_path.name}, {row_word} {number}, druh: "
                + _("unknown service type %(key)s") % {"key": row["druh"]}
            )
    if problems:
        raise ValidationFailed(
            _("The life situations were not loaded: %(count)d problems.")
            % {"count": len(problems)},
            problems=problems,
        )
    with transaction.atomic():
        for row in situation_rows:
            situation, _created = LifeSituation.objects.update_or_create(
                slug=row["kod"],
                defaults={
                    "title": row["nazev"],
                    "description": row["popis"],
                    "keywords": row["klicova_slova"],
                    "order": int(row["poradi"] or 0),
                },
            )
            situation.type_links.all().delete()
            LifeSituationType.objects.bulk_create(
                LifeSituationType(situation=situation, service_type=types[key], rank=rank)
                for rank, key in enumerate(_split(row["druhy"]), start=1)
            )
            situation.target_groups.set([groups[n] for n in _split(row["cilove_skupiny"])])
            report.situations += 1
        for row in guide_rows:
            ServiceGuide.objects.update_or_create(
                service_type=types[row["druh"]],
                defaults={
                    "plain_description": row["srozumitelne"],
                    "who_for": row["pro_koho"],
                    "cost": row["cena"],
                    "how_to_get": row["jak_ziskat"],
                    "source": guides_path.name,
                },
            )
            report.guides += 1
        audit_record(
            actor=actor,
            verb="portal.life_situations_load",
            object_type="portal.lifesituation",
            payload={"situations": report.situations, "guides": report.guides},
        )
    return report
