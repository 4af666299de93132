"""The table of a stored gap analysis as a plan section shows it: one row per service type
and form for the whole area, with the names the snapshot needs to stand on its own."""

from __future__ import annotations

from typing import Any

from kpss.needs.models import AnalysisRun
from kpss.registry.models import Form, ServiceType


def _round(value: Any) -> float | None:
    return round(float(value), 1) if isinstance(value, int | float) else None


def analysis_table(run: AnalysisRun | None) -> dict[str, Any] | None:
    """The snapshot part of an embedded analysis, or None when the section embeds none."""
    if run is None:
        return None
    type_names = dict(ServiceType.objects.values_list("key", "name"))
    form_names = dict(Form.objects.values_list("code", "name"))
    rows = [
        {
            "service_type": row["service_type"],
            "service_type_name": type_names.get(row["service_type"], row["service_type"]),
            "form": row["form"],
            "form_name": form_names.get(row["form"], row["form"]),
            "population": _round(row.get("population")),
            "capacity": _round(row.get("registered_capacity")),
            "need": _round(row.get("need")),
            "gap": _round(row.get("gap")),
            "municipalities": row.get("municipalities"),
            "assumption": bool(row.get("norm_is_assumption")),
        }
        for row in run.results.get("by_area", [])
        if row.get("by", "area") == "area"
    ]
    return {
        "run": run.pk,
        "label": run.label,
        "saved_on": run.created_at.date().isoformat(),
        "is_scenario": run.is_scenario,
        "rows": rows,
    }


def analysis_runs_for_sections(area: Any) -> Any:
    """The area's stored gap analyses a section may embed, newest first."""
    return AnalysisRun.objects.filter(planning_area=area, kind=AnalysisRun.Kind.GAPS).order_by(
        "-created_at"
    )
