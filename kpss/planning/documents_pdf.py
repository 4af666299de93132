"""PDF documents of a plan: Django templates printed by WeasyPrint (A4, running header, page
numbers), the cost chart as a Vega-Lite spec drawn to SVG by vl-convert and embedded as a
vector image."""

from __future__ import annotations

import base64
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from kpss.needs.charts import VEGA_LITE_SCHEMA, render_svg
from kpss.planning.documents import MeasureDoc, PlanDoc, SettlementDoc

CHART_FONT = "DejaVu Sans, sans-serif"
CHART_COLOURS = ["#2f6ea8", "#b3541e", "#5b8c3a", "#8a5aa8", "#c9a227", "#4d4d4d"]


def cost_chart_spec(document: PlanDoc) -> dict[str, Any]:
    """Grouped bars: estimated costs of each priority in each year of the plan (CZK)."""
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "title": {"text": "Odhadované náklady podle priorit a let", "anchor": "start"},
        "width": 460,
        "height": 220,
        "data": {"values": document.cost_data},
        "mark": {"type": "bar"},
        "encoding": {
            "x": {"field": "year", "type": "ordinal", "title": "Rok", "axis": {"labelAngle": 0}},
            "xOffset": {"field": "priority"},
            "y": {
                "field": "amount",
                "type": "quantitative",
                "title": "Kč",
                "axis": {"format": ",d"},
            },
            "color": {
                "field": "priority",
                "type": "nominal",
                "title": None,
                "scale": {"range": CHART_COLOURS},
                "legend": {"orient": "bottom"},
            },
        },
        "config": {
            "font": CHART_FONT,
            "view": {"stroke": None},
            "axis": {"labelFontSize": 10, "titleFontSize": 10},
            "legend": {"labelFontSize": 10},
            "title": {"fontSize": 12},
        },
    }


def cost_chart_data_uri(document: PlanDoc) -> str:
    """The chart as an SVG data URI (WeasyPrint draws SVG images as vectors)."""
    if not document.cost_data:
        return ""
    svg = render_svg(cost_chart_spec(document), lang="cs")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def css_string(text: str) -> SafeString:
    """`text` for the inside of a quoted CSS string in a <style> element (running headers):
    quotes, backslashes, angle brackets and line breaks as CSS escapes."""
    escaped = "".join(
        f"\\{ord(char):x} " if char in "\"\\<>&'" or ord(char) < 32 else char for char in text
    )
    return mark_safe(escaped)  # every character that could end the string or the element is escaped


def _html(template: str, context: dict[str, Any]) -> Any:
    """The rendered template for WeasyPrint; only data: URIs (the chart) may be loaded,
    never a file or a network address, whatever a text contains."""
    from weasyprint import HTML, URLFetcher

    html = render_to_string(template, context)
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"}))


def _pdf(template: str, context: dict[str, Any]) -> bytes:
    return bytes(_html(template, context).write_pdf())


def plan_pdf(document: PlanDoc) -> bytes:
    return _pdf(
        "planning/documents/plan.html",
        {
            "doc": document,
            "chart": cost_chart_data_uri(document),
            "header_left": css_string(document.short_title),
        },
    )


def measure_pdf(document: PlanDoc, measure: MeasureDoc) -> bytes:
    """One A4 page; a long measure is set again more tightly to stay on one page."""
    context: dict[str, Any] = {
        "doc": document,
        "measure": measure,
        "header_left": css_string(document.short_title),
    }
    for compact in (False, True):
        rendered = _html(
            "planning/documents/measure_summary.html", {**context, "compact": compact}
        ).render()
        if len(rendered.pages) <= 1 or compact:
            break
    return bytes(rendered.write_pdf())


def settlement_pdf_render(document: SettlementDoc) -> bytes:
    return _pdf(
        "planning/documents/settlement.html",
        {"doc": document, "header_left": css_string(f"{document.title} – {document.plan_title}")},
    )
