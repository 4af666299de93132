"""The default norm set shipped with the product, and copying a norm set into an area."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from kpss.accounts.models import User
from kpss.core.audit import audit_record
from kpss.core.errors import ValidationFailed
from kpss.core.permissions import require_perm
from kpss.needs.models import Norm, NormSet
from kpss.registry.models import CapacityType, Form, ServiceType
from kpss.territory.models import PlanningArea

DEFAULT_NORMS_FILE = Path(settings.DATA_DIR) / "needs" / "normy_vychozi.csv"
DEFAULT_SET_NAME = "Výchozí sada norem (předpoklady k potvrzení)"


def norm_set_load_default(*, actor: User, path: Path = DEFAULT_NORMS_FILE) -> NormSet:
    """Load (or refresh) the shipped norm set; every value carries its source."""
    require_perm(actor, "registry.load_codelists")
    types = {t.key: t for t in ServiceType.objects.all()}
    forms = {f.code: f for f in Form.objects.all()}
    capacity_types = {c.registry_code: c for c in CapacityType.objects.all()}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    problems = []
    for number, row in enumerate(rows, start=2):
        if row["druh_paragraf"] not in types:
            problems.append(f"{path.name}:{number}:druh_paragraf: {row['druh_paragraf']}")
        if row["forma"] and row["forma"] not in forms:
            problems.append(f"{path.name}:{number}:forma: {row['forma']}")
    if problems:
        raise ValidationFailed(
            _("The norm file has unknown codes: %(problems)s") % {"problems": "; ".join(problems)}
        )
    with transaction.atomic():
        norm_set, _created = NormSet.objects.get_or_create(
            planning_area=None,
            name=DEFAULT_SET_NAME,
            defaults={
                "description": _(
                    "Czech law sets no binding capacity norms. These values are starting points: "
                    "each is marked as an assumption until the coordinator confirms it."
                )
            },
        )
        for row in rows:
            Norm.objects.update_or_create(
                norm_set=norm_set,
                service_type=types[row["druh_paragraf"]],
                form=forms.get(row["forma"]),
                defaults={
                    "population_group": row["skupina_obyvatel"],
                    "value_per_1000": Decimal(row["hodnota_na_1000"]),
                    "unit": row["jednotka"],
                    "capacity_type": capacity_types.get(row["typ_kapacity"]),
                    "source": row["zdroj"],
                    "is_assumption": row["predpoklad"] == "ano",
                },
            )
        audit_record(
            actor=actor, verb="norm_set.load_default", obj=norm_set, payload={"norms": len(rows)}
        )
    return norm_set


def norm_set_copy_to_area(
    *, actor: User, source: NormSet, area: PlanningArea, name: str = ""
) -> NormSet:
    """An area's own editable copy of a norm set."""
    require_perm(actor, "needs.change_norms", area)
    with transaction.atomic():
        copy = NormSet.objects.create(
            planning_area=area, name=name or source.name, description=source.description
        )
        Norm.objects.bulk_create(
            Norm(
                norm_set=copy,
                service_type=n.service_type,
                form=n.form,
                population_group=n.population_group,
                value_per_1000=n.value_per_1000,
                unit=n.unit,
                capacity_type=n.capacity_type,
                source=n.source,
                is_assumption=n.is_assumption,
            )
            for n in source.norms.all()
        )
        audit_record(
            actor=actor,
            verb="norm_set.copy",
            obj=copy,
            area_slug=area.slug,
            payload={"from": source.pk},
        )
    return copy


def norm_update(
    *, actor: User, norm: Norm, value_per_1000: Decimal, source: str, is_assumption: bool
) -> Norm:
    area = norm.norm_set.planning_area
    if area is None:
        require_perm(actor, "registry.load_codelists")
    else:
        require_perm(actor, "needs.change_norms", area)
    with transaction.atomic():
        before = {"value": str(norm.value_per_1000), "assumption": norm.is_assumption}
        norm.value_per_1000 = value_per_1000
        norm.source = source
        norm.is_assumption = is_assumption
        norm.full_clean()
        norm.save()
        audit_record(
            actor=actor,
            verb="norm.update",
            obj=norm,
            area_slug=area.slug if area else "",
            payload={
                "before": before,
                "after": {"value": str(value_per_1000), "assumption": is_assumption},
            },
        )
    return norm
