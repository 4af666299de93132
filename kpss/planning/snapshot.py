"""The content of a plan version as plain data: built from the draft tables, stored when the
version is frozen, and compared between any two versions.

Priorities and measures are matched across versions by their lineage (kept when a draft is
copied), so a renumbered measure shows as a changed code, not as one removed and one added.
"""

from __future__ import annotations

import difflib
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch

from kpss.planning.analysis_embed import analysis_table
from kpss.planning.models import Measure, NetworkEntry, PlanVersion, Priority, Section

SNAPSHOT_SCHEMA = 1


def _num(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _measure(measure: Measure) -> dict[str, Any]:
    wg = measure.working_group
    org = measure.responsible_organisation
    return {
        "id": measure.pk,
        "lineage": str(measure.lineage),
        "code": measure.code,
        "title": measure.title,
        "description": measure.description,
        "reason": measure.reason,
        "needs": [{"number": n.number, "title": n.title} for n in measure.needs.all()],
        "working_group": {"code": wg.code, "name": wg.name} if wg else None,
        "target_groups": sorted(t.name for t in measure.target_groups.all()),
        "service_types": [{"key": s.key, "name": s.name} for s in measure.service_types.all()],
        "forms": [{"code": f.code, "name": f.name} for f in measure.forms.all()],
        "municipalities": [
            {"code": m.code, "name": m.name}
            for m in sorted(measure.municipalities.all(), key=lambda m: m.code)
        ],
        "responsible_organisation": org.name if org else None,
        "partners": measure.partners,
        "year_from": measure.year_from,
        "year_to": measure.year_to,
        "activities": [
            {"title": a.title, "description": a.description} for a in measure.activities.all()
        ],
        "costs": [
            {"year": c.year, "source": c.source, "amount_czk": c.amount_czk}
            for c in measure.costs.all()
        ],
        "indicators": [
            {
                "name": i.name,
                "unit": i.unit,
                "baseline": _num(i.baseline),
                "target": _num(i.target),
                "source": i.source,
            }
            for i in measure.indicators.all()
        ],
        "network_changes": [
            {
                "service_type": c.service_type.key,
                "form": c.form.code if c.form else None,
                "delta_capacity": c.delta_capacity,
                "delta_units": _num(c.delta_units),
                "year": c.year,
            }
            for c in measure.network_changes.all()
        ],
    }


def _network_entry(entry: NetworkEntry) -> dict[str, Any]:
    service = entry.service
    return {
        "service": {
            "key": service.key,
            "identifier": service.identifier,
            "name": service.name,
            "provider": service.provider.name,
            "service_type": service.service_type.key,
        },
        "form": entry.form.code if entry.form else None,
        "capacity": _num(entry.capacity),
        "network_units": _num(entry.network_units),
        "planned_changes": list(entry.planned_changes),
        "note": entry.note,
    }


def plan_version_build_content(*, version: PlanVersion) -> dict[str, Any]:
    """The whole content of the version from its tables (what freezing stores)."""
    plan = version.plan
    measures = Measure.objects.select_related(
        "working_group", "responsible_organisation"
    ).prefetch_related(
        "needs",
        "target_groups",
        "service_types",
        "forms",
        "municipalities",
        "activities",
        "costs",
        "indicators",
        "network_changes__service_type",
        "network_changes__form",
    )
    priorities = Priority.objects.filter(plan_version=version).prefetch_related(
        Prefetch("measures", queryset=measures)
    )
    entries = NetworkEntry.objects.filter(plan_version=version).select_related(
        "service__provider", "service__service_type", "form"
    )
    return {
        "schema": SNAPSHOT_SCHEMA,
        "plan": {
            "id": plan.pk,
            "title": plan.title,
            "description": plan.description,
            "area": plan.planning_area.slug,
            "period_from_year": plan.period_from_year,
            "period_to_year": plan.period_to_year,
            "is_example": plan.is_example,
        },
        "version": {
            "id": version.pk,
            "number": version.number,
            "based_on": version.based_on.number if version.based_on else None,
        },
        "sections": [
            {
                "id": s.pk,
                "kind": s.kind,
                "title": s.title,
                "body": s.body,
                "analysis": analysis_table(s.analysis_run),
            }
            for s in Section.objects.filter(plan_version=version).select_related("analysis_run")
        ],
        "priorities": [
            {
                "id": p.pk,
                "lineage": str(p.lineage),
                "code": p.code,
                "title": p.title,
                "description": p.description,
                "measures": [_measure(m) for m in p.measures.all()],
            }
            for p in priorities
        ],
        "network": [_network_entry(e) for e in entries],
    }


def plan_version_content(*, version: PlanVersion) -> dict[str, Any]:
    """The stored snapshot of a frozen version; a draft's content as it is now."""
    if version.is_frozen and version.content:
        return version.content
    return plan_version_build_content(version=version)


# Diff --------------------------------------------------------------------------------------

MEASURE_FIELDS = [
    "code",
    "title",
    "description",
    "reason",
    "needs",
    "working_group",
    "target_groups",
    "service_types",
    "forms",
    "municipalities",
    "responsible_organisation",
    "partners",
    "year_from",
    "year_to",
    "activities",
    "costs",
    "indicators",
    "network_changes",
    "priority",
]
TEXT_FIELDS = {"description", "reason", "partners"}


def _text_diff(before: str, after: str, label_a: str, label_b: str) -> str:
    lines = difflib.unified_diff(
        (before or "").splitlines(),
        (after or "").splitlines(),
        fromfile=label_a,
        tofile=label_b,
        lineterm="",
    )
    return "\n".join(lines)


def _measures_by_lineage(content: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found = {}
    for priority in content.get("priorities", []):
        for measure in priority["measures"]:
            found[measure["lineage"]] = {**measure, "priority": priority["code"]}
    return found


def _change(field: str, before: Any, after: Any, labels: tuple[str, str]) -> dict[str, Any]:
    change: dict[str, Any] = {"field": field, "before": before, "after": after}
    if field in TEXT_FIELDS:
        change["diff"] = _text_diff(before, after, *labels)
    return change


def _run_label(section: dict[str, Any]) -> str:
    analysis = section.get("analysis")
    return f"{analysis['label']} ({analysis['saved_on']})" if analysis else ""


def content_diff(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """What changed from content `a` to content `b`: sections (a unified diff of the
    Markdown), priorities and measures (added, removed, changed with field by field
    before/after) and the network (by service and form). Unchanged items are left out."""
    labels = (f"v{a['version']['number']}", f"v{b['version']['number']}")
    sections: list[dict[str, Any]] = []
    a_sections = {s["kind"]: s for s in a.get("sections", [])}
    b_sections = {s["kind"]: s for s in b.get("sections", [])}
    for kind in [*a_sections, *(k for k in b_sections if k not in a_sections)]:
        old, new = a_sections.get(kind), b_sections.get(kind)
        if old is None or new is None:
            section = new or old
            assert section is not None
            status = "added" if old is None else "removed"
            sections.append({"kind": kind, "title": section["title"], "status": status})
        elif (old["title"], old["body"], _run_label(old)) != (
            new["title"],
            new["body"],
            _run_label(new),
        ):
            sections.append(
                {
                    "kind": kind,
                    "title": new["title"],
                    "status": "changed",
                    "title_before": old["title"],
                    "diff": _text_diff(old["body"], new["body"], *labels),
                    "analysis_before": _run_label(old),
                    "analysis_after": _run_label(new),
                }
            )

    priorities: list[dict[str, Any]] = []
    a_prio = {p["lineage"]: p for p in a.get("priorities", [])}
    b_prio = {p["lineage"]: p for p in b.get("priorities", [])}
    for lineage in [*a_prio, *(x for x in b_prio if x not in a_prio)]:
        old, new = a_prio.get(lineage), b_prio.get(lineage)
        if old is None or new is None:
            item = new or old
            assert item is not None
            status = "added" if old is None else "removed"
            priorities.append({"code": item["code"], "title": item["title"], "status": status})
            continue
        changes = [
            _change(f, old[f], new[f], labels)
            for f in ("code", "title", "description")
            if old[f] != new[f]
        ]
        if changes:
            priorities.append(
                {
                    "code": new["code"],
                    "title": new["title"],
                    "status": "changed",
                    "changes": changes,
                }
            )

    measures: list[dict[str, Any]] = []
    a_meas, b_meas = _measures_by_lineage(a), _measures_by_lineage(b)
    for lineage in [*a_meas, *(x for x in b_meas if x not in a_meas)]:
        old, new = a_meas.get(lineage), b_meas.get(lineage)
        if old is None or new is None:
            item = new or old
            assert item is not None
            status = "added" if old is None else "removed"
            measures.append({"code": item["code"], "title": item["title"], "status": status})
            continue
        changes = [
            _change(f, old.get(f), new.get(f), labels)
            for f in MEASURE_FIELDS
            if old.get(f) != new.get(f)
        ]
        if changes:
            measures.append(
                {
                    "code": new["code"],
                    "title": new["title"],
                    "status": "changed",
                    "changes": changes,
                }
            )

    network: list[dict[str, Any]] = []

    def key(entry: dict[str, Any]) -> tuple[str, str]:
        return entry["service"]["key"], entry["form"] or ""

    a_net = {key(e): e for e in a.get("network", [])}
    b_net = {key(e): e for e in b.get("network", [])}
    for k in [*a_net, *(x for x in b_net if x not in a_net)]:
        old, new = a_net.get(k), b_net.get(k)
        if old == new:
            continue
        item = new or old
        assert item is not None
        status = "added" if old is None else "removed" if new is None else "changed"
        row: dict[str, Any] = {
            "service": item["service"]["name"],
            "form": item["form"],
            "status": status,
        }
        if old is not None and new is not None:
            row["changes"] = [
                {"field": f, "before": old[f], "after": new[f]}
                for f in ("capacity", "network_units", "planned_changes", "note")
                if old[f] != new[f]
            ]
        network.append(row)

    return {
        "from_version": a["version"]["number"],
        "to_version": b["version"]["number"],
        "sections": sections,
        "priorities": priorities,
        "measures": measures,
        "network": network,
        "is_empty": not (sections or priorities or measures or network),
    }
