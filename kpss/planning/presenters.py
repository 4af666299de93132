"""Plan content (the snapshot dict) prepared for the templates: rendered Markdown, cost tables,
labels of codes, and a diff made readable. Pure reads; no writes."""

from __future__ import annotations

from typing import Any

from django.utils.safestring import SafeString, mark_safe

from kpss.planning.markdown import markdown_to_safe_html
from kpss.planning.models import FundingSource
from kpss.registry.models import Form, ServiceType


def czk(amount: int | None) -> str:
    """12 345 678 Kč with non-breaking spaces."""
    if amount is None:
        return ""
    return f"{amount:,}".replace(",", "\u00a0") + "\u00a0Kč"


def number(value: Any) -> str:
    if value is None or value == "":
        return ""
    return str(value).replace(".", ",")


def _costs(costs: list[dict[str, Any]]) -> dict[str, Any]:
    years = sorted({c["year"] for c in costs})
    labels = dict(FundingSource.choices)
    rows = []
    for source in FundingSource.values:
        amounts = {c["year"]: c["amount_czk"] for c in costs if c["source"] == source}
        if amounts:
            rows.append(
                {
                    "source": str(labels[source]),
                    "cells": [czk(amounts.get(y)) for y in years],
                    "total": czk(sum(amounts.values())),
                }
            )
    totals = [czk(sum(c["amount_czk"] for c in costs if c["year"] == y)) for y in years]
    return {
        "years": years,
        "rows": rows,
        "totals": totals,
        "total": czk(sum(c["amount_czk"] for c in costs)),
    }


def present_content(content: dict[str, Any]) -> dict[str, Any]:
    """The snapshot with what the templates need added (never changes `content`)."""
    type_names = dict(ServiceType.objects.values_list("key", "name"))
    form_names = dict(Form.objects.values_list("code", "name"))
    sections = [
        {**s, "html": mark_safe(markdown_to_safe_html(s.get("body", "")))}
        for s in content.get("sections", [])
    ]
    priorities = []
    for priority in content.get("priorities", []):
        measures = []
        for m in priority.get("measures", []):
            measures.append(
                {
                    **m,
                    "cost_table": _costs(m.get("costs", [])),
                    "indicator_rows": [
                        {**i, "baseline": number(i["baseline"]), "target": number(i["target"])}
                        for i in m.get("indicators", [])
                    ],
                    "network_rows": [
                        {
                            **c,
                            "service_type_name": type_names.get(c["service_type"], ""),
                            "form_name": form_names.get(c["form"] or "", ""),
                            "delta_units": number(c["delta_units"]),
                        }
                        for c in m.get("network_changes", [])
                    ],
                }
            )
        priorities.append({**priority, "measures": measures})
    network = [
        {
            **e,
            "form_name": form_names.get(e["form"] or "", ""),
            "capacity": number(e["capacity"]),
            "network_units": number(e["network_units"]),
        }
        for e in content.get("network", [])
    ]
    return {**content, "sections": sections, "priorities": priorities, "network": network}


def diff_lines(diff: str) -> list[tuple[str, str]]:
    """A unified diff as (kind, text) lines: kind is ins, del, hunk or same; the file
    headers are left out."""
    lines = []
    for line in (diff or "").splitlines():
        if line.startswith(("---", "+++")):
            continue
        if line.startswith("@@"):
            lines.append(("hunk", line))
        elif line.startswith("+"):
            lines.append(("ins", line[1:]))
        elif line.startswith("-"):
            lines.append(("del", line[1:]))
        else:
            lines.append(("same", line[1:] if line.startswith(" ") else line))
    return lines


def render_diff(diff: str) -> SafeString:
    from django.utils.html import escape

    parts = []
    for kind, text in diff_lines(diff):
        text = escape(text) or "&nbsp;"
        if kind == "ins":
            parts.append(f'<ins class="diff__line diff__line--ins">+ {text}</ins>')
        elif kind == "del":
            parts.append(f'<del class="diff__line diff__line--del">− {text}</del>')
        elif kind == "hunk":
            parts.append(f'<span class="diff__line diff__line--hunk">{text}</span>')
        else:
            parts.append(f'<span class="diff__line">&nbsp; {text}</span>')
    return mark_safe('<div class="diff">' + "".join(parts) + "</div>")


def _field_label(name: str) -> str:
    from django.core.exceptions import FieldDoesNotExist
    from django.utils.text import capfirst

    from kpss.planning.models import Activity, Indicator, Measure, MeasureCost, NetworkChange

    related = {
        "activities": Activity,
        "costs": MeasureCost,
        "indicators": Indicator,
        "network_changes": NetworkChange,
    }
    if name in related:
        return str(capfirst(related[name]._meta.verbose_name_plural))
    try:
        return str(capfirst(Measure._meta.get_field(name).verbose_name))  # type: ignore[union-attr]
    except FieldDoesNotExist:
        return name


def _short(value: Any) -> str:
    """A before/after value of a measure field as readable text."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, dict):
        return str(value.get("name") or value.get("title") or value)
    if isinstance(value, list):
        parts = []
        for item in value:
            if isinstance(item, dict):
                parts.append(
                    " ".join(
                        str(item[k])
                        for k in ("year", "number", "code", "name", "title", "source", "amount_czk")
                        if k in item and item[k] not in (None, "")
                    )
                )
            else:
                parts.append(str(item))
        return "; ".join(parts)
    return str(value)


def present_diff(diff: dict[str, Any]) -> dict[str, Any]:
    sections = [{**s, "html": render_diff(s.get("diff", ""))} for s in diff["sections"]]
    measures = []
    for m in diff["measures"]:
        changes = []
        for c in m.get("changes", []):
            html = render_diff(c["diff"]) if "diff" in c else None
            changes.append(
                {
                    **c,
                    "html": html,
                    "label": _field_label(c["field"]),
                    "before_text": _short(c["before"]),
                    "after_text": _short(c["after"]),
                }
            )
        measures.append({**m, "changes": changes})
    return {**diff, "sections": sections, "measures": measures}
