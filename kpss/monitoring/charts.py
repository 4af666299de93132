"""The trend chart of an indicator: yearly values against the baseline and the target, as a
Vega-Lite specification drawn to SVG on the server (vl-convert, as in kpss/needs/charts.py),
so pages show it without JavaScript and the PDF embeds it as a vector image."""

from __future__ import annotations

import base64
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kpss.needs.charts import VEGA_LITE_SCHEMA, inline_svg, render_svg

FONT = "DejaVu Sans, system-ui, sans-serif"
VALUE_COLOUR = "#2f6ea8"
BASELINE_COLOUR = "#4d4d4d"
TARGET_COLOUR = "#b3541e"


def trend_spec(
    *,
    title: str,
    unit: str,
    values: dict[int, float],
    baseline: float | None,
    target: float | None,
    years: list[int],
) -> dict[str, Any]:
    """A line of the actual values by year, with dashed rules for the baseline and the
    target (each labelled, so colour is not the only cue)."""
    value_label = _("Actual value")
    rows: list[dict[str, Any]] = [
        {"year": str(y), "value": float(v), "series": value_label}
        for y, v in sorted(values.items())
    ]
    layers: list[dict[str, Any]] = [
        {
            "data": {"values": rows},
            "mark": {"type": "line", "point": {"filled": True, "size": 60}, "color": VALUE_COLOUR},
            "encoding": {
                "x": {
                    "field": "year",
                    "type": "ordinal",
                    "title": _("Year"),
                    "scale": {"domain": [str(y) for y in years]},
                    "axis": {"labelAngle": 0},
                },
                "y": {"field": "value", "type": "quantitative", "title": unit or None},
                "tooltip": [
                    {"field": "year", "title": _("Year")},
                    {"field": "value", "title": value_label, "format": ",.2~f"},
                ],
            },
        }
    ]
    for value, label, colour in (
        (baseline, _("Baseline"), BASELINE_COLOUR),
        (target, pgettext("monitoring", "Target"), TARGET_COLOUR),
    ):
        if value is None:
            continue
        rule = {"value": float(value), "label": f"{label}: {float(value):g}"}
        layers.append(
            {
                "data": {"values": [rule]},
                "mark": {"type": "rule", "strokeDash": [6, 4], "color": colour},
                "encoding": {"y": {"field": "value", "type": "quantitative"}},
            }
        )
        layers.append(
            {
                "data": {"values": [rule]},
                "mark": {
                    "type": "text",
                    "align": "left",
                    "dx": 4,
                    "dy": -6,
                    "color": colour,
                    "x": 0,
                },
                "encoding": {
                    "y": {"field": "value", "type": "quantitative"},
                    "text": {"field": "label"},
                },
            }
        )
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "title": {"text": title, "anchor": "start"},
        "width": 420,
        "height": 180,
        "layer": layers,
        "config": {
            "font": FONT,
            "view": {"stroke": None},
            "axis": {"labelFontSize": 11, "titleFontSize": 11},
            "title": {"fontSize": 13},
        },
    }


def trend_svg(spec: dict[str, Any], *, lang: str = "cs") -> str:
    """The chart inline on a page, with a text alternative."""
    return inline_svg(render_svg(spec, lang=lang), label=spec["title"]["text"])


def trend_data_uri(spec: dict[str, Any]) -> str:
    """The chart as an SVG data URI for the PDF (WeasyPrint draws it as vectors)."""
    svg = render_svg(spec, lang="cs")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def indicator_spec(indicator: dict[str, Any], years: list[int]) -> dict[str, Any]:
    """The spec of an indicator as stored in the report data (values as strings)."""
    return trend_spec(
        title=f"{indicator['measure']} {indicator['name']}",
        unit=indicator.get("unit", ""),
        values={int(y): float(v) for y, v in indicator.get("values", {}).items() if v is not None},
        baseline=float(indicator["baseline"]) if indicator.get("baseline") else None,
        target=float(indicator["target"]) if indicator.get("target") else None,
        years=years,
    )
