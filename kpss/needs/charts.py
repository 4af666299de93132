"""Charts of the analysis dashboard: Vega-Lite specifications as plain dicts, and the same
specification rendered to SVG on the server (vl-convert, no network, no browser), so the page
shows the chart without JavaScript and the chart can be downloaded as a file.

The browser draws the same specification with vega-embed (kpss/static/kpss/dashboard.js).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from threading import Lock
from typing import Any

from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kpss.territory.selectors import MunicipalityRow
from kpss_analysis.gaps import GapAggregate

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
VEGA_LITE_VERSION = "5.21"  # the vl-convert bundle closest to the vendored vega-lite 5.23
WIDTH = 560
AGE_COLOURS = ["#8fb9e3", "#2f6ea8", "#b3541e"]  # 0–14, 15–64, 65+
SUPPLY_COLOURS = ["#2f6ea8", "#b3541e"]  # registered capacity, need by norm
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif"

#: d3-format locales of the site's languages (numbers in charts as in the tables).
FORMAT_LOCALES: dict[str, dict[str, Any]] = {
    "cs": {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", "\u00a0Kč"]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", " CZK"]},
}


@dataclass(frozen=True)
class Chart:
    """A chart on the page: its id, title, Vega-Lite spec and the server-rendered SVG."""

    slug: str
    title: str
    spec: dict[str, Any]
    svg: str
    description: str

    @property
    def spec_json_id(self) -> str:
        return f"chart-spec-{self.slug}"


def _base(title: str, subtitle: str | None) -> dict[str, Any]:
    heading: dict[str, Any] = {"text": title, "anchor": "start"}
    if subtitle:
        heading["subtitle"] = subtitle
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "title": heading,
        "width": WIDTH,
        "config": {
            "font": FONT,
            "view": {"stroke": None},
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelLimit": 340},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom"},
            "title": {"fontSize": 15, "subtitleFontSize": 12, "subtitleColor": "#444444"},
        },
    }


def age_structure_spec(rows: Sequence[MunicipalityRow], *, subtitle: str | None = None) -> dict:
    """Stacked horizontal bars: inhabitants by age group, one bar per municipality."""
    groups = [("age_0_14", "0–14"), ("age_15_64", "15–64"), ("age_65_plus", "65+")]
    group_title = _("Age group")
    municipality_title = _("Municipality")
    count_title = _("Inhabitants")
    values = []
    for row in rows:
        fact = row.population
        if fact is None or fact.age_0_14 is None:
            continue
        for order, (attr, label) in enumerate(groups):
            values.append(
                {
                    "municipality": row.municipality.name,
                    "group": label,
                    "order": order,
                    "count": getattr(fact, attr),
                }
            )
    spec = _base(_("Age structure of the municipalities"), subtitle)
    spec.update(
        {
            "data": {"values": values},
            "height": {"step": 18},
            "mark": {"type": "bar", "tooltip": True},
            "encoding": {
                "y": {
                    "field": "municipality",
                    "type": "nominal",
                    "title": None,
                    "sort": {"field": "count", "op": "sum", "order": "descending"},
                },
                "x": {
                    "field": "count",
                    "type": "quantitative",
                    "aggregate": "sum",
                    "title": count_title,
                    "axis": {"format": ",d"},
                },
                "color": {
                    "field": "group",
                    "type": "nominal",
                    "title": group_title,
                    "sort": [g[1] for g in groups],
                    "scale": {"domain": [g[1] for g in groups], "range": AGE_COLOURS},
                },
                "order": {"field": "order", "type": "quantitative"},
                "tooltip": [
                    {"field": "municipality", "type": "nominal", "title": municipality_title},
                    {"field": "group", "type": "nominal", "title": group_title},
                    {
                        "field": "count",
                        "type": "quantitative",
                        "title": count_title,
                        "format": ",d",
                    },
                ],
            },
        }
    )
    return spec


def supply_need_spec(
    aggregates: Sequence[GapAggregate], *, labels: dict[tuple[str, str], str], subtitle: str | None
) -> dict:
    """Grouped horizontal bars: registered capacity against need by norm, per type × form."""
    capacity_label = _("Registered capacity")
    need_label = _("Need by norm")
    type_title = _("Service type and form")
    measure_title = pgettext("chart legend", "Measure")
    value_title = _("Places, clients or units")
    values = []
    for agg in aggregates:
        label = labels.get((agg.service_type, agg.form), f"§ {agg.service_type} {agg.form}")
        values.append({"type": label, "measure": capacity_label, "value": agg.registered_capacity})
        values.append({"type": label, "measure": need_label, "value": round(agg.need, 1)})
    spec = _base(_("Registered capacity and need by norm"), subtitle)
    spec.update(
        {
            "data": {"values": values},
            "height": {"step": 14},
            "mark": {"type": "bar", "tooltip": True},
            "encoding": {
                "y": {"field": "type", "type": "nominal", "title": None, "sort": None},
                "yOffset": {"field": "measure", "sort": [capacity_label, need_label]},
                "x": {
                    "field": "value",
                    "type": "quantitative",
                    "title": value_title,
                    "axis": {"format": ",.0f"},
                },
                "color": {
                    "field": "measure",
                    "type": "nominal",
                    "title": measure_title,
                    "sort": [capacity_label, need_label],
                    "scale": {"domain": [capacity_label, need_label], "range": SUPPLY_COLOURS},
                },
                "tooltip": [
                    {"field": "type", "type": "nominal", "title": type_title},
                    {"field": "measure", "type": "nominal", "title": measure_title},
                    {
                        "field": "value",
                        "type": "quantitative",
                        "title": value_title,
                        "format": ",.1f",
                    },
                ],
            },
        }
    )
    return spec


# Rendering ------------------------------------------------------------------------------

_CACHE: OrderedDict[str, str] = OrderedDict()
_CACHE_SIZE = 64
_LOCK = Lock()


def render_svg(spec: dict[str, Any], *, lang: str = "cs") -> str:
    """The spec drawn as an SVG document (memoised: the same spec gives the same picture).

    vl-convert runs Vega in an embedded JavaScript engine; external data URLs are refused,
    so rendering never touches the network.
    """
    import vl_convert

    text = json.dumps(spec, sort_keys=True, ensure_ascii=False)
    key = hashlib.sha256(f"{lang}\n{text}".encode()).hexdigest()
    with _LOCK:
        cached = _CACHE.get(key)
        if cached is not None:
            _CACHE.move_to_end(key)
            return cached
        svg = vl_convert.vegalite_to_svg(
            text,
            vl_version=VEGA_LITE_VERSION,
            allowed_base_urls=[],
            format_locale=FORMAT_LOCALES.get(lang, FORMAT_LOCALES["cs"]),
        )
        _CACHE[key] = svg
        if len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return svg


_SVG_OPEN = re.compile(r"<svg\b([^>]*)>")


def inline_svg(svg: str, *, label: str) -> str:
    """The SVG for embedding in the page: one image with a name (the table next to it is the
    accessible alternative), not a tree of unnamed text nodes for screen readers."""

    def add_attributes(match: re.Match[str]) -> str:
        return f'<svg{match.group(1)} role="img" aria-label="{escape(label)}" focusable="false">'

    return _SVG_OPEN.sub(add_attributes, svg, count=1)


def svg_document(svg: str, *, title: str) -> str:
    """A standalone .svg file: XML declaration and a <title> for viewers and search."""
    with_title = _SVG_OPEN.sub(
        lambda m: f"<svg{m.group(1)}><title>{escape(title)}</title>", svg, count=1
    )
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + with_title


def chart(slug: str, spec: dict[str, Any], *, lang: str, description: str) -> Chart:
    title = spec["title"]["text"]
    subtitle = spec["title"].get("subtitle")
    label = f"{title} – {subtitle}" if subtitle else title
    return Chart(
        slug=slug,
        title=label,
        spec=spec,
        svg=inline_svg(render_svg(spec, lang=lang), label=label),
        description=description,
    )
