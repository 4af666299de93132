"""Gap and accessibility analysis of a planning area: the Django side of `kpss_analysis`.

It gathers populations, registered capacities and norms from the database, hands plain
arrays and dataclasses to the numeric core and stores what it computed, with its inputs, as an
AnalysisRun so that every number can be traced back.

Where capacity is counted (the registry gives capacity per registration, not per place):
* residential and outpatient forms count in the municipalities of their facilities inside the
  area, split evenly when a registration has facilities in several municipalities;
* field forms count over their territorial scope inside the area, split in proportion to the
  norm's population group; without a known scope they count where their facilities are.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any, Literal

import numpy as np
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kpss.accounts.models import User
from kpss.core.audit import audit_record
from kpss.core.errors import ValidationFailed
from kpss.core.permissions import require_perm
from kpss.needs.models import AnalysisRun, Norm, NormSet, PopulationGroup
from kpss.registry.models import Service, ServiceType
from kpss.registry.selectors import service_list
from kpss.territory.models import PlanningArea
from kpss.territory.selectors import MunicipalityRow, area_municipality_rows
from kpss_analysis import accessibility as fca
from kpss_analysis.gaps import (
    GapAggregate,
    GapRow,
    MunicipalityPopulation,
    SupplyRecord,
    aggregate_gaps,
    gap_table,
    largest_gaps,
)
from kpss_analysis.geo import cost_table_within
from kpss_analysis.projection import Scenario, project_population
from kpss_analysis.ratios import Norm as CoreNorm

FIELD_FORM = "ter"
Method = Literal["2sfca", "e2sfca", "g2sfca"]
METHODS: tuple[Method, ...] = ("2sfca", "e2sfca", "g2sfca")


@dataclass(frozen=True)
class AccessibilitySettings:
    method: Method = "e2sfca"
    threshold_km: float = 30.0
    circuity: float = 1.3
    beta: float = 1.0


@dataclass
class GapAnalysis:
    area: PlanningArea
    norm_set: NormSet
    rows: list[GapRow]
    by_area: list[GapAggregate]
    by_target_group: list[GapAggregate]
    largest: list[GapRow]
    inputs: dict[str, Any]
    settings: AccessibilitySettings
    scenario: str | None


def default_norm_set(*, area: PlanningArea) -> NormSet:
    """The area's own norm set if it has one, otherwise the shipped default."""
    own = NormSet.objects.filter(planning_area=area).order_by("-updated_at").first()
    shipped = NormSet.objects.filter(planning_area__isnull=True).order_by("id").first()
    chosen = own or shipped
    if chosen is None:
        raise ValidationFailed(
            _("No norm set exists yet. Load the default one with `kpss load-norms`."),
            code="no_norm_set",
        )
    return chosen


def _group_population(row: MunicipalityRow, group: str) -> float | None:
    fact = row.population
    if fact is None:
        return None
    value = fact.total if group == "total" else getattr(fact, group)
    return None if value is None else float(value)


def _capacity_of(service_form: Any, norm: Norm) -> float:
    capacities = list(service_form.capacities.all())
    if norm.unit in (Norm.Unit.BEDS, Norm.Unit.FTE):
        return float(service_form.network_units or 0)
    if norm.capacity_type_id is not None:
        capacities = [c for c in capacities if c.capacity_type_id == norm.capacity_type_id]
    return float(sum((c.value for c in capacities), Decimal(0)))


def _network_units(service_form: Any) -> float:
    return float(service_form.network_units or 0)


def _supply_records(
    *, services: list[Service], norms: list[Norm], rows: list[MunicipalityRow]
) -> tuple[list[SupplyRecord], list[dict[str, Any]]]:
    """Registered capacity placed in municipalities of the area (see the module docstring)."""
    in_area = {r.municipality.code: r for r in rows}
    norms_by_key = {(n.service_type.key, n.form.code if n.form else ""): n for n in norms}
    records: list[SupplyRecord] = []
    used: list[dict[str, Any]] = []
    for service in services:
        for service_form in service.forms.all():
            norm = norms_by_key.get((service.service_type.key, service_form.form.code))
            if norm is None:
                continue
            capacity = _capacity_of(service_form, norm)
            units = _network_units(service_form)
            places = _places(service, service_form.form.code, in_area)
            if not places:
                continue
            weights = _weights(places, norm, service_form.form.code, in_area)
            for code, weight in zip(places, weights, strict=True):
                records.append(
                    SupplyRecord(
                        service_type=norm.service_type.key,
                        form=service_form.form.code,
                        municipality=code,
                        registered_capacity=capacity * weight,
                        network_units=units * weight,
                    )
                )
            used.append(
                {
                    "service": service.identifier or service.key,
                    "name": service.name,
                    "type": norm.service_type.key,
                    "form": service_form.form.code,
                    "capacity": capacity,
                    "capacity_known": bool(service_form.capacities.all()),
                    "municipalities": places,
                }
            )
    return records, used


def _places(service: Service, form_code: str, in_area: dict[str, MunicipalityRow]) -> list[str]:
    facility_codes = sorted(
        {
            f.municipality.code
            for f in service.facilities.all()
            if f.municipality is not None and f.municipality.code in in_area
        }
    )
    if form_code == FIELD_FORM:
        scope = sorted(m.code for m in service.territory.all() if m.code in in_area)
        return scope or facility_codes
    return facility_codes


def _weights(
    places: list[str], norm: Norm, form_code: str, in_area: dict[str, MunicipalityRow]
) -> list[float]:
    if form_code != FIELD_FORM or len(places) == 1:
        return [1.0 / len(places)] * len(places)
    sizes = [_group_population(in_area[c], norm.population_group) or 0.0 for c in places]
    total = sum(sizes)
    if total <= 0:
        return [1.0 / len(places)] * len(places)
    return [s / total for s in sizes]


def gap_analysis_compute(
    *,
    area: PlanningArea,
    norm_set: NormSet | None = None,
    year: int | None = None,
    scenario: Scenario | None = None,
    settings: AccessibilitySettings | None = None,
    on: dt.date | None = None,
) -> GapAnalysis:
    """The gap table of an area: need by norm against registered capacity, per municipality.

    With `year` later than the population data and a `scenario`, populations are projected
    and every row carries the scenario's name.
    """
    norm_set = norm_set or default_norm_set(area=area)
    settings = settings or AccessibilitySettings()
    norms = list(norm_set.norms.select_related("service_type", "form", "capacity_type"))
    rows = area_municipality_rows(area=area, on=on)
    groups = sorted({n.population_group for n in norms})
    base_dates = [r.population.reference_date for r in rows if r.population]
    base_year = max(base_dates).year if base_dates else None
    municipalities = []
    missing_age = []
    for row in rows:
        population = {}
        for group in groups:
            value = _group_population(row, group)
            if value is None:
                missing_age.append(row.municipality.code)
                value = math.nan
            population[group] = value
        municipalities.append(
            MunicipalityPopulation(
                code=row.municipality.code,
                name=row.municipality.name,
                area=area.slug,
                population=population,
            )
        )
    scenario_label = None
    if scenario is not None and year is not None and base_year is not None and year != base_year:
        base = {g: [m.population[g] for m in municipalities] for g in groups}
        projected = {
            p.population_group: p.population
            for p in project_population(base, base_year=base_year, years=[year], scenario=scenario)
        }
        municipalities = [
            MunicipalityPopulation(
                code=m.code,
                name=m.name,
                area=m.area,
                population={g: float(projected[g][i]) for g in groups},
            )
            for i, m in enumerate(municipalities)
        ]
        scenario_label = scenario.name
    services = list(service_list(area=area, on=on).prefetch_related("territory"))
    supply, used = _supply_records(services=services, norms=norms, rows=rows)
    core_norms = [
        CoreNorm(
            service_type=n.service_type.key,
            form=n.form.code if n.form else "",
            population_group=n.population_group,
            per_1000=float(n.value_per_1000),
            source=n.source,
            is_assumption=n.is_assumption,
        )
        for n in norms
    ]
    index = accessibility_index(
        area=area, norms=norms, services=services, rows=rows, settings=settings
    )
    table = gap_table(
        municipalities=[m for m in municipalities if m.code not in missing_age],
        supply=[s for s in supply if s.municipality not in missing_age],
        norms=core_norms,
        target_groups={n.service_type.key: n.get_population_group_display() for n in norms},
        accessibility=index,
        scenario=scenario_label,
    )
    registry_updated = Service.objects.aggregate(last=Max("updated_at"))["last"]
    inputs = {
        "population_date": max(base_dates).isoformat() if base_dates else None,
        "population_year_used": year or base_year,
        "municipalities": len(rows),
        "municipalities_without_age_data": sorted(set(missing_age)),
        "registry_updated_at": registry_updated.isoformat() if registry_updated else None,
        "services_counted": used,
        "norm_set": {"id": norm_set.pk, "name": norm_set.name},
        "norms": [
            {
                "type": n.service_type.key,
                "form": n.form.code if n.form else "",
                "group": n.population_group,
                "per_1000": float(n.value_per_1000),
                "unit": n.unit,
                "source": n.source,
                "assumption": n.is_assumption,
            }
            for n in norms
        ],
        "scenario": asdict(scenario) if scenario_label and scenario else None,
        "accessibility": asdict(settings),
        "computed_at": timezone.now().isoformat(),
    }
    return GapAnalysis(
        area=area,
        norm_set=norm_set,
        rows=table,
        by_area=aggregate_gaps(table, by="area"),
        by_target_group=aggregate_gaps(table, by="target_group"),
        largest=largest_gaps(table, limit=15),
        inputs=inputs,
        settings=settings,
        scenario=scenario_label,
    )


def accessibility_index(
    *,
    area: PlanningArea,
    norms: list[Norm],
    services: list[Service],
    rows: list[MunicipalityRow],
    settings: AccessibilitySettings,
) -> dict[tuple[str, str], float]:
    """Accessibility per (service type key, municipality code) for the norms' types.

    Places with capacity: facilities with coordinates (or their municipality's centroid);
    field forms use their territorial scope instead of distance.
    """
    result: dict[tuple[str, str], float] = {}
    for norm in norms:
        form_code = norm.form.code if norm.form else ""
        values = accessibility_for_type(
            service_type_key=norm.service_type.key,
            form_code=form_code,
            population_group=norm.population_group,
            services=services,
            rows=rows,
            settings=settings,
        )
        for code, value in values.items():
            result[(norm.service_type.key, code)] = value
    return result


def accessibility_for_type(
    *,
    service_type_key: str,
    form_code: str,
    population_group: str,
    services: list[Service],
    rows: list[MunicipalityRow],
    settings: AccessibilitySettings,
) -> dict[str, float]:
    demand_rows = [r for r in rows if _group_population(r, population_group) is not None]
    if not demand_rows:
        return {}
    demand = np.array([_group_population(r, population_group) for r in demand_rows])
    codes = [r.municipality.code for r in demand_rows]
    index_of = {c: i for i, c in enumerate(codes)}
    points: list[tuple[float, float, float, list[int]]] = []  # lat, lon, capacity, scope
    for service in services:
        if service.service_type.key != service_type_key:
            continue
        for service_form in service.forms.all():
            if form_code and service_form.form.code != form_code:
                continue
            capacity = float(sum((c.value for c in service_form.capacities.all()), Decimal(0)))
            if service_form.form.code == FIELD_FORM:
                scope = [index_of[m.code] for m in service.territory.all() if m.code in index_of]
                scope = scope or [
                    index_of[f.municipality.code]
                    for f in service.facilities.all()
                    if f.municipality is not None and f.municipality.code in index_of
                ]
                points.append((math.nan, math.nan, capacity, scope))
                continue
            located = [
                point for point in map(_coordinates, service.facilities.all()) if point is not None
            ]
            for point_lat, point_lon in located:
                points.append((point_lat, point_lon, capacity / len(located), []))
    if not points:
        return dict.fromkeys(codes, math.nan)
    if form_code == FIELD_FORM:
        scope_matrix = np.zeros((len(codes), len(points)), dtype=bool)
        for j, (_lat, _lon, _cap, scope) in enumerate(points):
            scope_matrix[scope, j] = True
        outcome = fca.territorial_scope_fca(demand, [p[2] for p in points], scope_matrix)
    else:
        lat = [r.municipality.label_lat for r in demand_rows]
        lon = [r.municipality.label_lon for r in demand_rows]
        costs = cost_table_within(
            lat,
            lon,
            [p[0] for p in points],
            [p[1] for p in points],
            threshold=settings.threshold_km,
            circuity=settings.circuity,
        )
        capacities = [p[2] for p in points]
        if settings.method == "2sfca":
            outcome = fca.two_stage_fca(demand, capacities, costs, threshold=settings.threshold_km)
        elif settings.method == "g2sfca":
            outcome = fca.gravity_two_stage_fca(
                demand,
                capacities,
                costs,
                threshold=settings.threshold_km,
                beta=settings.beta,
                min_cost=1.0,
            )
        else:
            # Luo & Qi's three zones with their weights, scaled to the chosen catchment.
            zones = ((1 / 3, 1.0), (2 / 3, 0.68), (1.0, 0.22))
            steps = [(settings.threshold_km * share, weight) for share, weight in zones]
            outcome = fca.enhanced_two_stage_fca(
                demand, capacities, costs, threshold=settings.threshold_km, steps=steps
            )
    values = np.asarray(outcome.accessibility, dtype=float)
    # Per 1,000 people of the group: the same scale as the norms.
    return {code: float(v) * 1000.0 for code, v in zip(codes, values, strict=True)}


@dataclass
class AccessibilityReport:
    area: PlanningArea
    service_type: str
    population_group: str
    population_group_label: str
    settings: AccessibilitySettings
    rows: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        return {
            "area": self.area.slug,
            "service_type": self.service_type,
            "population_group": self.population_group,
            "settings": asdict(self.settings),
            "municipalities": [
                {
                    **row,
                    "value": row["value"] if math.isfinite(row["value"]) else None,
                    "description": fca.describe_accessibility(row["value"]),
                }
                for row in self.rows
            ],
        }


def accessibility_report(
    *,
    area: PlanningArea,
    type_label: str,
    settings: AccessibilitySettings,
    norm_set: NormSet | None = None,
    on: dt.date | None = None,
) -> AccessibilityReport:
    """Accessibility of one service type for each member municipality. The population
    group and form come from the type's norm (65+ for homes for seniors, …)."""
    service_type = service_type_for_label(type_label)
    norm_set = norm_set or default_norm_set(area=area)
    norm = norm_set.norms.filter(service_type=service_type).select_related("form").first()
    group = norm.population_group if norm else "total"
    form_code = norm.form.code if norm and norm.form else ""
    rows = area_municipality_rows(area=area, on=on)
    services = list(service_list(area=area, on=on).prefetch_related("territory"))
    values = accessibility_for_type(
        service_type_key=service_type.key,
        form_code=form_code,
        population_group=group,
        services=services,
        rows=rows,
        settings=settings,
    )
    return AccessibilityReport(
        area=area,
        service_type=str(service_type),
        population_group=group,
        population_group_label=str(PopulationGroup(group).label),
        settings=settings,
        rows=[
            {
                "code": r.municipality.code,
                "name": r.municipality.name,
                "value": values.get(r.municipality.code, math.nan),
            }
            for r in rows
        ],
    )


def _coordinates(facility: Any) -> tuple[float, float] | None:
    """The facility's own point, else its municipality's inner point (for the 3.6 % of
    registry addresses without an address point)."""
    if facility.lat is not None and facility.lon is not None:
        return facility.lat, facility.lon
    if facility.municipality is not None:
        return facility.municipality.label_lat, facility.municipality.label_lon
    return None


def describe_value(value: float | None) -> str:
    """NaN and infinity in words, never raw."""
    if value is None:
        return _("not computed")
    kind = fca.describe_accessibility(value)
    if kind == "no_service_in_reach":
        return _("no service within reach")
    if kind == "capacity_without_demand":
        return _("capacity with no demand in reach")
    return f"{value:.2f}"


def service_type_for_label(label: str) -> ServiceType:
    """Accept "§ 49", "49", "37 odst. 3", "37-3" or the type's name."""
    text = label.replace("§", "").strip()
    key = text.replace(" odst. ", "-").replace(" ", "")
    found = (
        ServiceType.objects.filter(key=key).first()
        or ServiceType.objects.filter(paragraph=text).first()
        or ServiceType.objects.filter(name__iexact=label.strip()).first()
    )
    if found is None:
        raise ValidationFailed(
            _("Unknown service type %(label)s.") % {"label": label}, code="unknown_service_type"
        )
    return found


def analysis_run_save(*, actor: User, analysis: GapAnalysis, label: str = "") -> AnalysisRun:
    """Keep the inputs, parameters and results of an analysis."""
    require_perm(actor, "needs.run_analysis", analysis.area)
    with transaction.atomic():
        run = AnalysisRun.objects.create(
            planning_area=analysis.area,
            kind=AnalysisRun.Kind.GAPS,
            label=label or _("Gap analysis"),
            created_by=actor if actor.pk else None,
            parameters={"norm_set": analysis.norm_set.pk, **asdict(analysis.settings)},
            inputs=analysis.inputs,
            results={
                "rows": [_jsonable(asdict(r)) for r in analysis.rows],
                "by_area": [_jsonable(asdict(a)) for a in analysis.by_area],
                "largest": [_jsonable(asdict(r)) for r in analysis.largest],
            },
            is_scenario=analysis.scenario is not None,
        )
        audit_record(
            actor=actor,
            verb="analysis.save",
            obj=run,
            area_slug=analysis.area.slug,
            payload={"rows": len(analysis.rows)},
        )
    return run


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    """JSON has no NaN or infinity; keep them as words a reader understands."""
    clean: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, float) and not math.isfinite(value):
            clean[key] = fca.describe_accessibility(value)
        elif isinstance(value, tuple):
            clean[key] = list(value)
        else:
            clean[key] = value
    return clean


def gap_rows_for_export(analysis: GapAnalysis) -> tuple[list[str], list[list[Any]]]:
    header = [
        _("Service type"),
        _("Form"),
        _("Municipality code"),
        _("Municipality"),
        _("Population group"),
        _("Population"),
        _("Registered capacity"),
        _("Network units"),
        _("Norm per 1,000"),
        _("Need by norm"),
        _("Gap"),
        _("Accessibility per 1,000"),
        _("Norm source"),
        _("Norm is an assumption"),
        _("Scenario"),
    ]
    rows = [
        [
            r.service_type,
            r.form,
            r.municipality,
            r.municipality_name,
            r.population_group,
            round(r.population),
            round(r.registered_capacity, 2),
            round(r.network_units, 2),
            r.norm_per_1000,
            round(r.need, 2),
            round(r.gap, 2),
            describe_value(r.accessibility),
            r.norm_source,
            _("yes") if r.norm_is_assumption else _("no"),
            r.scenario or "",
        ]
        for r in analysis.rows
    ]
    return header, rows
