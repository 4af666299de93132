"""The automatic check of an intention's consistency with the plan in force.

Each criterion passes, fails or needs judgement, and always says why:

1. `measure_in_force` – the linked measures are in the plan version in force, for the year;
2. `service_type` – a linked measure covers the intention's service type;
3. `form` – … and its form;
4. `target_groups` – … and its target groups;
5. `municipalities` – … and the municipalities it serves;
6. `capacity` – the requested change of network units does not exceed what the measures plan
   for that service type in that year (their network changes);
7. `gap` – the gap analysis of the area shows a need for that service type and form;
8. `registration` – the provider is registered for the service (or it is a new registration).

The result is computed live on every view and stored with the assessment as it stood then.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any, Literal

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kpss.core.errors import KpssError
from kpss.intentions.models import Intention
from kpss.planning.models import Measure, NetworkChange, PlanVersion
from kpss.registry.selectors import service_is_withdrawn

Result = Literal["pass", "fail", "judgement"]
PASS: Result = "pass"  # noqa: S105  (a check result, not a password)
FAIL: Result = "fail"
JUDGEMENT: Result = "judgement"

RESULT_LABELS = {
    PASS: gettext_lazy("passes"),
    FAIL: gettext_lazy("fails"),
    JUDGEMENT: gettext_lazy("needs judgement"),
}

CRITERIA = (
    ("measure_in_force", gettext_lazy("The measure is in the plan in force for the year")),
    ("service_type", gettext_lazy("The measure covers the service type")),
    ("form", gettext_lazy("The measure covers the form")),
    ("target_groups", gettext_lazy("The measure covers the target groups")),
    ("municipalities", gettext_lazy("The measure covers the municipalities")),
    ("capacity", gettext_lazy("The requested capacity is within what the measure plans")),
    ("gap", gettext_lazy("The gap analysis shows a need")),
    ("registration", gettext_lazy("The provider is registered for the service")),
)
LABELS = dict(CRITERIA)


@dataclass(frozen=True)
class Criterion:
    code: str
    result: Result
    reason: str

    @property
    def label(self) -> str:
        return str(LABELS.get(self.code, self.code))

    @property
    def result_label(self) -> str:
        return str(RESULT_LABELS[self.result])

    def as_dict(self) -> dict[str, str]:
        return {**asdict(self), "label": self.label, "result_label": self.result_label}


def criteria_from_stored(rows: Iterable[dict[str, Any]]) -> list[Criterion]:
    return [Criterion(code=r["code"], result=r["result"], reason=r["reason"]) for r in rows]


def summary(criteria: Iterable[Criterion]) -> Result:
    """The worst result: fail before needs judgement before pass."""
    results = {c.result for c in criteria}
    if FAIL in results:
        return FAIL
    return JUDGEMENT if JUDGEMENT in results else PASS


def _num(value: Decimal) -> str:
    """1.50 → "1,5" (Czech decimal comma, no trailing zeros)."""
    text = format(Decimal(value).normalize(), "f")
    return text.replace(".", ",")


def _names(objects: Iterable[Any]) -> str:
    return ", ".join(str(o) for o in objects)


def _codes(measures: Iterable[Measure]) -> str:
    return ", ".join(m.code for m in measures)


def _in_force_measures(intention: Intention) -> tuple[list[Measure], list[Criterion]]:
    """The in-force copies of the linked measures (matched by lineage) and criterion 1."""
    area = intention.call.planning_area
    linked = list(intention.measures.select_related("plan_version__plan"))
    if not linked:
        if intention.kind == Intention.Kind.C:
            return [], [
                Criterion(
                    "measure_in_force",
                    JUDGEMENT,
                    _("A type C intention (re-entry unchanged) need not name a measure."),
                )
            ]
        return [], [
            Criterion("measure_in_force", FAIL, _("The intention names no measure of the plan."))
        ]
    in_force = list(
        Measure.objects.filter(
            plan_version__plan__planning_area=area,
            plan_version__state=PlanVersion.State.IN_FORCE,
            lineage__in=[m.lineage for m in linked],
        ).select_related("plan_version__plan")
    )
    found = {m.lineage for m in in_force}
    missing = [m for m in linked if m.lineage not in found]
    if missing:
        return in_force, [
            Criterion(
                "measure_in_force",
                FAIL,
                _("Measure %(codes)s is not in the plan in force.") % {"codes": _codes(missing)},
            )
        ]
    year = intention.year
    outside = [
        m
        for m in in_force
        if not (m.plan_version.plan.period_from_year <= year <= m.plan_version.plan.period_to_year)
        or (m.year_from is not None and year < m.year_from)
        or (m.year_to is not None and year > m.year_to)
    ]
    if outside:
        return in_force, [
            Criterion(
                "measure_in_force",
                FAIL,
                _("Measure %(codes)s is not planned for the year %(year)s.")
                % {"codes": _codes(outside), "year": year},
            )
        ]
    return in_force, [
        Criterion(
            "measure_in_force",
            PASS,
            _("Measure %(codes)s is in the plan in force and planned for %(year)s.")
            % {"codes": _codes(in_force), "year": year},
        )
    ]


def _covers(
    code: str,
    measures: list[Measure],
    wanted: list[Any],
    relation: str,
    *,
    empty_means_all: bool = False,
) -> Criterion:
    if not measures:
        return Criterion(code, JUDGEMENT, _("No measure of the plan in force to compare with."))
    if not wanted:
        return Criterion(code, JUDGEMENT, _("The intention does not say."))
    covered: set[int] = set()
    unrestricted = False
    for measure in measures:
        ids = set(getattr(measure, relation).values_list("pk", flat=True))
        if not ids:
            unrestricted = True
        covered |= ids
    missing = [w for w in wanted if w.pk not in covered]
    if not missing:
        return Criterion(
            code, PASS, _("Covered by measure %(codes)s.") % {"codes": _codes(measures)}
        )
    if unrestricted and empty_means_all:
        return Criterion(code, PASS, _("The measure applies to the whole area."))
    if unrestricted:
        return Criterion(
            code,
            JUDGEMENT,
            _("The measure does not name them; not covered explicitly: %(names)s.")
            % {"names": _names(missing)},
        )
    return Criterion(
        code,
        FAIL,
        _("Not covered by measure %(codes)s: %(names)s.")
        % {"codes": _codes(measures), "names": _names(missing)},
    )


def _capacity(intention: Intention, measures: list[Measure]) -> Criterion:
    delta = intention.delta_units
    if delta <= 0:
        return Criterion(
            "capacity", PASS, _("The intention asks for no increase of network units.")
        )
    if not measures:
        return Criterion(
            "capacity", JUDGEMENT, _("No measure of the plan in force to compare with.")
        )
    changes = NetworkChange.objects.filter(
        measure__in=measures, service_type=intention.service_type
    ).filter(Q(form__isnull=True) | Q(form=intention.form))
    if not changes.exists():
        return Criterion(
            "capacity",
            JUDGEMENT,
            _("The measure does not quantify the change of the network for this service type."),
        )
    planned = sum((c.delta_units for c in changes if c.year == intention.year), Decimal(0))
    if planned <= 0:
        return Criterion(
            "capacity",
            JUDGEMENT,
            _("The measure plans no increase of network units for %(year)s.")
            % {"year": intention.year},
        )
    values = {"requested": _num(delta), "planned": _num(planned), "year": intention.year}
    if delta > planned:
        return Criterion(
            "capacity",
            FAIL,
            _("%(requested)s network units requested, the measure plans %(planned)s for %(year)s.")
            % values,
        )
    return Criterion(
        "capacity",
        PASS,
        _("%(requested)s network units requested, the measure plans %(planned)s for %(year)s.")
        % values,
    )


def _gap(intention: Intention, gaps: dict[tuple[str, str], float] | None) -> Criterion:
    if gaps is None:
        return Criterion("gap", JUDGEMENT, _("The gap analysis of the area cannot be computed."))
    key = (intention.service_type.key, intention.form.code)
    if key not in gaps:
        return Criterion(
            "gap",
            JUDGEMENT,
            _("The norms set no need for this service type and form; judge from the needs."),
        )
    gap = gaps[key]
    if gap > 0:
        return Criterion(
            "gap",
            PASS,
            _("The analysis shows a missing capacity of %(gap)s in the area.")
            % {"gap": f"{gap:.1f}".replace(".", ",")},
        )
    return Criterion(
        "gap",
        FAIL,
        _("The analysis shows no missing capacity in the area (surplus %(gap)s).")
        % {"gap": f"{-gap:.1f}".replace(".", ",")},
    )


def _registration(intention: Intention) -> Criterion:
    service = intention.service
    if service is None:
        return Criterion(
            "registration", PASS, _("A new service: the registration will be applied for.")
        )
    ico = intention.organisation.ico
    if not ico or service.provider.ico != ico:
        return Criterion(
            "registration",
            FAIL,
            _("The service %(service)s is registered to another provider.")
            % {"service": service.name},
        )
    if service.service_type_id != intention.service_type_id:
        return Criterion(
            "registration",
            FAIL,
            _("The service %(service)s is registered as another service type.")
            % {"service": service.name},
        )
    if service_is_withdrawn(service=service):
        return Criterion(
            "registration",
            FAIL,
            _("The registration of %(service)s has ended.") % {"service": service.name},
        )
    if service.identifier:
        return Criterion(
            "registration",
            PASS,
            _("Registered as %(identifier)s.") % {"identifier": service.identifier},
        )
    return Criterion(
        "registration",
        PASS,
        _("The service %(service)s is in the registry.") % {"service": service.name},
    )


def area_gaps(area: Any) -> dict[tuple[str, str], float] | None:
    """Gap per (service type key, form code) over the whole area, or None without norms."""
    from kpss.needs.analysis import gap_analysis_compute

    try:
        analysis = gap_analysis_compute(area=area)
    except KpssError:
        return None
    return {(a.service_type, a.form): a.gap for a in analysis.by_area}


def intention_check(
    *, intention: Intention, gaps: dict[tuple[str, str], float] | None = None
) -> list[Criterion]:
    """Every criterion of the consistency check, in order. `gaps` (from `area_gaps`) may be
    passed in to share one gap analysis among the intentions of a call."""
    if gaps is None:
        gaps = area_gaps(intention.call.planning_area)
    measures, result = _in_force_measures(intention)
    target_groups = list(intention.target_groups.all())
    municipalities = list(intention.municipalities.all())
    result += [
        _covers("service_type", measures, [intention.service_type], "service_types"),
        _covers("form", measures, [intention.form], "forms"),
        _covers("target_groups", measures, target_groups, "target_groups"),
        _covers("municipalities", measures, municipalities, "municipalities", empty_means_all=True),
        _capacity(intention, measures),
        _gap(intention, gaps),
        _registration(intention),
    ]
    return result
