"""The analysis dashboard of a planning area: the gap table with filters, the largest gaps,
a choropleth map of one indicator, charts, exports, saved analysis runs and the area's norms.

Staff pages (`/sprava/uzemi/<slug>/analyza/`) need `needs.view_internal` on the area; the
public page (`/uzemi/<slug>/analyza/`) exists only for published areas and shows the same
numbers without saved runs or norm editing. Thin views: numbers come from
`kpss.needs.analysis`, writes go through its services and `kpss.needs.norms`.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kpss.core.errors import KpssError, NotFound
from kpss.core.formats import format_date, format_number
from kpss.needs import charts
from kpss.needs.analysis import (
    METHODS,
    AccessibilitySettings,
    GapAnalysis,
    Method,
    analysis_run_save,
    default_norm_set,
    describe_value,
    gap_analysis_compute,
    gap_rows_for_export,
)
from kpss.needs.exports import table_to_csv, table_to_xlsx
from kpss.needs.models import AnalysisRun, Norm, NormSet, PopulationGroup
from kpss.needs.norms import norm_set_copy_to_area, norm_update
from kpss.needs.scenarios import scenario_from_options
from kpss.organisations.selectors import planning_area_get_for_user
from kpss.organisations.web import forbidden, staff_view
from kpss.territory.models import PlanningArea
from kpss.territory.selectors import MunicipalityRow, area_municipality_rows
from kpss_analysis.gaps import GapAggregate, GapRow, aggregate_gaps, largest_gaps

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
SVG_TYPE = "image/svg+xml; charset=utf-8"
LARGEST_SHOWN = 10
RUNS_ON_DASHBOARD = 5
CHART_SLUGS = ("vekova-struktura", "kapacita-potreba")

METHOD_LABELS = {
    "2sfca": gettext_lazy("2SFCA – two-step floating catchment"),
    "e2sfca": gettext_lazy("E2SFCA – enhanced, with distance steps"),
    "g2sfca": gettext_lazy("Gravity 2SFCA – with distance decay"),
}
INDICATORS = {
    "gap": gettext_lazy("Gap per 1,000 inhabitants of the group"),
    "accessibility": gettext_lazy("Accessibility (capacity per 1,000 within reach)"),
    "share_65": gettext_lazy("Share of inhabitants aged 65+"),
}
# Sequential palettes (ColorBrewer OrRd and Blues, 5 classes) and the colour of "no value".
PALETTES = {
    "gap": ["#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000"],
    "accessibility": ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"],
    "share_65": ["#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f"],
}
NO_VALUE_COLOUR = "#d9d9d9"


def _lang() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def _fmt(value: float | None, decimals: int = 1) -> str:
    return format_number(value, decimals, lang=_lang())


def accessibility_text(value: float | None) -> str:
    """Capacity per 1,000 within reach, or what NaN and infinity mean, in words."""
    if value is not None and math.isfinite(value):
        return _fmt(value, 2)
    return describe_value(value)


# Filters --------------------------------------------------------------------------------


class DashboardFilterForm(forms.Form):
    type = forms.ChoiceField(label=gettext_lazy("Service type"), required=False)
    group = forms.ChoiceField(label=gettext_lazy("Population group"), required=False)
    municipality = forms.ChoiceField(label=gettext_lazy("Municipality"), required=False)
    indicator = forms.ChoiceField(
        label=gettext_lazy("Indicator on the map"),
        choices=list(INDICATORS.items()),
        required=False,
    )
    method = forms.ChoiceField(
        label=gettext_lazy("Accessibility method"),
        choices=[(m, METHOD_LABELS[m]) for m in METHODS],
        required=False,
    )
    threshold_km = forms.FloatField(
        label=gettext_lazy("Catchment (km)"),
        min_value=1,
        max_value=200,
        required=False,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 5}),
    )
    year = forms.IntegerField(
        label=gettext_lazy("Year"),
        min_value=2000,
        max_value=2070,
        required=False,
        help_text=gettext_lazy("A later year than the population data projects it (a scenario)."),
        widget=forms.NumberInput(attrs={"size": 5}),
    )
    growth_65 = forms.DecimalField(
        label=gettext_lazy("Yearly change of the 65+ group (%)"),
        min_value=Decimal(-10),
        max_value=Decimal(10),
        decimal_places=2,
        required=False,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 5}),
    )

    def __init__(
        self,
        data: Any,
        *,
        types: list[tuple[str, str]],
        groups: list[str],
        municipalities: list[MunicipalityRow],
    ) -> None:
        super().__init__(data)
        choices: dict[str, list[tuple[str, str]]] = {
            "type": [("", _("all service types")), *types],
            "group": [("", _("all groups")), *[(g, str(PopulationGroup(g).label)) for g in groups]],
            "municipality": [
                ("", _("whole area")),
                *[(r.municipality.code, r.municipality.name) for r in municipalities],
            ],
        }
        for name, options in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = options
        for name, bound in self._bound_items():
            if self.fields[name].help_text:
                bound.field.widget.attrs["aria-describedby"] = f"{bound.auto_id}_helptext"

    def _bound_items(self) -> list[tuple[str, forms.BoundField]]:
        return [(name, self[name]) for name in self.fields]


@dataclass(frozen=True)
class Filters:
    type_key: str = ""
    group: str = ""
    municipality: str = ""
    indicator: str = "gap"
    method: Method = "e2sfca"
    threshold_km: float = 30.0
    year: int | None = None
    growth_65: float | None = None  # a fraction a year (0.02 = 2 %)

    def query(self) -> dict[str, str]:
        """The filters as GET parameters (for links to exports and the form's hidden copy)."""
        values = {
            "type": self.type_key,
            "group": self.group,
            "municipality": self.municipality,
            "indicator": self.indicator,
            "method": self.method,
            "threshold_km": format_number(self.threshold_km, 1, lang=_lang()).replace("\u00a0", ""),
            "year": str(self.year) if self.year else "",
            "growth_65": (
                ""
                if self.growth_65 is None
                else format_number(self.growth_65 * 100, 2, lang=_lang()).replace("\u00a0", "")
            ),
        }
        return {k: v for k, v in values.items() if v}


def _filters(form: DashboardFilterForm) -> Filters:
    """The valid filters; an invalid field falls back to its default (its error is shown)."""
    form.is_valid()
    data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    growth = data.get("growth_65")
    return Filters(
        type_key=data.get("type", ""),
        group=data.get("group", ""),
        municipality=data.get("municipality", ""),
        indicator=data.get("indicator", "gap"),
        method=data.get("method", "e2sfca"),
        threshold_km=float(data.get("threshold_km", 30.0)),
        year=data.get("year"),
        growth_65=None if growth is None else float(growth) / 100,
    )


# The dashboard's content -----------------------------------------------------------------


@dataclass
class LegendClass:
    colour: str
    label: str
    count: int


@dataclass
class MapData:
    indicator: str
    indicator_label: str
    values: dict[str, dict[str, Any]]
    legend: list[LegendClass]
    rows: list[dict[str, Any]]


@dataclass
class Dashboard:
    area: PlanningArea
    analysis: GapAnalysis
    filters: Filters
    form: DashboardFilterForm
    norms: list[Norm]
    labels: dict[tuple[str, str], str]
    type_labels: dict[str, str]
    summary: list[GapAggregate]
    rows: list[GapRow]
    chosen_type: str
    municipality_rows: list[GapRow]
    largest: list[GapRow]
    unknown_capacity: list[dict[str, Any]]
    map: MapData
    sources: dict[str, Any]
    area_rows: list[MunicipalityRow]
    charts: list[charts.Chart] = field(default_factory=list)

    @property
    def scenario(self) -> str | None:
        return self.analysis.scenario

    @property
    def any_assumption(self) -> bool:
        return any(n.is_assumption for n in self.norms)

    def norm_for(self, service_type: str, form: str) -> Norm | None:
        return next(
            (
                n
                for n in self.norms
                if n.service_type.key == service_type and (n.form.code if n.form else "") == form
            ),
            None,
        )

    @property
    def norm_sources(self) -> list[str]:
        """Distinct sources of the norms in the table, numbered in the order they appear."""
        sources: list[str] = []
        for agg in self.summary:
            norm = self.norm_for(agg.service_type, agg.form)
            if norm is not None and norm.source not in sources:
                sources.append(norm.source)
        return sources

    def _view(self, service_type: str, form: str) -> dict[str, Any]:
        norm = self.norm_for(service_type, form)
        sources = self.norm_sources
        return {
            "label": self.labels.get((service_type, form), f"§ {service_type} {form}"),
            "norm": norm,
            "group": PopulationGroup(norm.population_group).label if norm else "",
            "source_number": (
                sources.index(norm.source) + 1 if norm and norm.source in sources else None
            ),
        }

    @property
    def summary_view(self) -> list[dict[str, Any]]:
        return [{"agg": a, **self._view(a.service_type, a.form)} for a in self.summary]

    @property
    def largest_view(self) -> list[dict[str, Any]]:
        return [
            {
                "row": r,
                "access": accessibility_text(r.accessibility),
                **self._view(r.service_type, r.form),
            }
            for r in self.largest
        ]

    @property
    def municipality_view(self) -> list[dict[str, Any]]:
        return [
            {
                "row": r,
                "access": accessibility_text(r.accessibility),
                **self._view(r.service_type, r.form),
            }
            for r in self.municipality_rows
        ]

    @property
    def chosen_label(self) -> str:
        return self.type_labels.get(self.chosen_type, self.chosen_type)

    @property
    def method_label(self) -> str:
        return str(METHOD_LABELS[self.filters.method])


def _labels(norms: list[Norm]) -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    labels = {}
    type_labels = {}
    for norm in norms:
        form = norm.form.name if norm.form else ""
        type_labels[norm.service_type.key] = str(norm.service_type)
        labels[(norm.service_type.key, norm.form.code if norm.form else "")] = (
            f"{norm.service_type} – {form}" if form else str(norm.service_type)
        )
    return labels, type_labels


def _parse_datetime(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value).date()
    except ValueError:
        return None


def _classes(values: list[float], palette: list[str]) -> list[tuple[float, float, str]]:
    """Equal-interval classes over the finite values: (from, to, colour)."""
    if not values:
        return []
    low, high = min(values), max(values)
    if math.isclose(low, high):
        return [(low, high, palette[len(palette) // 2])]
    step = (high - low) / len(palette)
    return [(low + i * step, low + (i + 1) * step, colour) for i, colour in enumerate(palette)]


def _map_data(
    *, indicator: str, rows: list[GapRow], area_rows: list[MunicipalityRow], type_label: str
) -> MapData:
    """Per municipality: the indicator's value, its text and its colour class."""
    values: dict[str, float | None] = {}
    words: dict[str, str] = {}
    names = {r.municipality.code: r.municipality.name for r in area_rows}
    if indicator == "share_65":
        for row in area_rows:
            share = row.share_65_plus
            values[row.municipality.code] = None if share is None else share * 100
    elif indicator == "accessibility":
        for gap_row in rows:
            value = gap_row.accessibility
            if value is None or not math.isfinite(value):
                values[gap_row.municipality] = None
                words[gap_row.municipality] = describe_value(value)
            else:
                values[gap_row.municipality] = value
    else:
        need: dict[str, float] = {}
        capacity: dict[str, float] = {}
        population: dict[str, float] = {}
        for gap_row in rows:
            code = gap_row.municipality
            need[code] = need.get(code, 0.0) + gap_row.need
            capacity[code] = capacity.get(code, 0.0) + gap_row.registered_capacity
            population[code] = gap_row.population
        for code in need:
            people = population[code]
            values[code] = (need[code] - capacity[code]) / people * 1000 if people else None
    finite = [v for v in values.values() if v is not None]
    classes = _classes(finite, PALETTES[indicator])
    suffix = " %" if indicator == "share_65" else ""
    counts = [0] * len(classes)
    result: dict[str, dict[str, Any]] = {}
    table = []
    for code, value in values.items():
        colour = NO_VALUE_COLOUR
        if value is not None:
            index = next(
                (i for i, (_low, high, _c) in enumerate(classes) if value <= high + 1e-12),
                len(classes) - 1,
            )
            colour = classes[index][2]
            counts[index] += 1
            text = _fmt(value, 1) + suffix
        else:
            text = words.get(code) or _("no data")
        result[code] = {"colour": colour, "text": text, "name": names.get(code, code)}
        table.append({"code": code, "name": names.get(code, code), "text": text, "colour": colour})
    legend = [
        LegendClass(colour, f"{_fmt(low, 1)} – {_fmt(high, 1)}{suffix}", count)
        for (low, high, colour), count in zip(classes, counts, strict=True)
    ]
    missing = sum(1 for v in values.values() if v is None)
    if missing:
        legend.append(LegendClass(NO_VALUE_COLOUR, _("no value (see the table)"), missing))
    label = str(INDICATORS[indicator])
    if indicator != "share_65":
        label = f"{label}: {type_label}"
    return MapData(indicator, label, result, legend, table)


def dashboard_build(request: HttpRequest, area: PlanningArea, *, with_charts: bool) -> Dashboard:
    """Everything the dashboard shows, for the filters in the request's query string."""
    norm_set = default_norm_set(area=area)
    norms = list(norm_set.norms.select_related("service_type", "form"))
    labels, type_labels = _labels(norms)
    area_rows = area_municipality_rows(area=area)
    groups = sorted({n.population_group for n in norms}, key=list(PopulationGroup.values).index)
    defaults = Filters()
    data = {
        "indicator": defaults.indicator,
        "method": defaults.method,
        "threshold_km": format_number(defaults.threshold_km, 0),
        **{k: v for k, v in request.GET.items() if v != ""},
    }
    form = DashboardFilterForm(
        data,
        types=list(type_labels.items()),
        groups=groups,
        municipalities=area_rows,
    )
    filters = _filters(form)
    analysis = gap_analysis_compute(
        area=area,
        norm_set=norm_set,
        year=filters.year,
        scenario=scenario_from_options(year=filters.year, growth_65=filters.growth_65),
        settings=AccessibilitySettings(method=filters.method, threshold_km=filters.threshold_km),
    )
    rows = analysis.rows
    if filters.type_key:
        rows = [r for r in rows if r.service_type == filters.type_key]
    if filters.group:
        rows = [r for r in rows if r.population_group == filters.group]
    all_municipalities = rows
    if filters.municipality:
        rows = [r for r in rows if r.municipality == filters.municipality]
    order = {key: i for i, key in enumerate(labels)}
    summary = sorted(
        aggregate_gaps(rows, by="area"),
        key=lambda a: order.get((a.service_type, a.form), len(order)),
    )
    largest = largest_gaps(rows, limit=LARGEST_SHOWN)
    chosen = filters.type_key or (
        largest[0].service_type if largest else (rows[0].service_type if rows else "")
    )
    chosen_rows = [r for r in all_municipalities if r.service_type == chosen]
    municipality_rows = [
        r for r in chosen_rows if not filters.municipality or r.municipality == filters.municipality
    ]
    kept_types = {(r.service_type, r.form) for r in rows}
    unknown = [
        {**s, "label": labels.get((s["type"], s["form"]), s["type"])}
        for s in analysis.inputs["services_counted"]
        if not s["capacity_known"] and (s["type"], s["form"]) in kept_types
    ]
    sources = {
        "norm_set": norm_set,
        "population_date": _parse_datetime(analysis.inputs["population_date"]),
        "registry_date": _parse_datetime(analysis.inputs["registry_updated_at"]),
        "population_year": analysis.inputs["population_year_used"],
    }
    dashboard = Dashboard(
        area=area,
        analysis=analysis,
        filters=filters,
        form=form,
        norms=norms,
        labels=labels,
        type_labels=type_labels,
        summary=summary,
        rows=rows,
        chosen_type=chosen,
        municipality_rows=municipality_rows,
        largest=largest,
        unknown_capacity=unknown,
        map=_map_data(
            indicator=filters.indicator,
            rows=chosen_rows,
            area_rows=area_rows,
            type_label=type_labels.get(chosen, chosen),
        ),
        sources=sources,
        area_rows=area_rows,
    )
    if with_charts:
        dashboard.charts = dashboard_charts(dashboard)
    return dashboard


def dashboard_charts(dashboard: Dashboard) -> list[charts.Chart]:
    lang = _lang()
    date = dashboard.sources["population_date"]
    population_note = (
        _("Population as of %(date)s (Czech Statistical Office)") % {"date": format_date(date)}
        if date
        else None
    )
    supply_note = dashboard.scenario or _("Registry data and norms of the set %(name)s") % {
        "name": dashboard.sources["norm_set"].name
    }
    return [
        charts.chart(
            "vekova-struktura",
            charts.age_structure_spec(dashboard.area_rows, subtitle=population_note),
            lang=lang,
            description=_("The table of municipalities below gives the same numbers."),
        ),
        charts.chart(
            "kapacita-potreba",
            charts.supply_need_spec(
                dashboard.summary, labels=dashboard.labels, subtitle=supply_note
            ),
            lang=lang,
            description=_("The gap table gives the same numbers."),
        ),
    ]


# Views ----------------------------------------------------------------------------------

FORBIDDEN_TEMPLATE = "needs/dashboard_forbidden.html"


def _public_area(slug: str) -> PlanningArea:
    """Only published areas have a public dashboard (members use the staff one)."""
    try:
        return planning_area_get_for_user(user=AnonymousUser(), slug=slug)
    except NotFound as error:
        raise Http404(error.message) from error


def _urls(namespace: str, area: PlanningArea, filters: Filters) -> dict[str, str]:
    query = urlencode(filters.query())
    suffix = f"?{query}" if query else ""
    urls = {
        "dashboard": reverse(f"{namespace}:dashboard", args=[area.slug]),
        "xlsx": reverse(f"{namespace}:export", args=[area.slug, "xlsx"]) + suffix,
        "csv": reverse(f"{namespace}:export", args=[area.slug, "csv"]) + suffix,
        "geojson": reverse("portal:area_boundaries", args=[area.slug]),
    }
    for slug in CHART_SLUGS:
        urls[slug] = reverse(f"{namespace}:chart", args=[area.slug, slug]) + suffix
    return urls


def _render_dashboard(
    request: HttpRequest, area: PlanningArea, *, namespace: str, public: bool
) -> HttpResponse:
    try:
        dashboard = dashboard_build(request, area, with_charts=True)
    except KpssError as error:
        return render(
            request,
            "needs/dashboard_unavailable.html",
            {"area": area, "message": error.message, "public": public},
            status=200,
        )
    user = request.user
    urls = _urls(namespace, area, dashboard.filters)
    context: dict[str, Any] = {
        "area": area,
        "d": dashboard,
        "public": public,
        "urls": urls,
        "chart_items": [(c, urls[c.slug]) for c in dashboard.charts],
        "locale": charts.FORMAT_LOCALES.get(_lang(), charts.FORMAT_LOCALES["cs"]),
        "hidden_filters": dashboard.filters.query(),
    }
    if not public:
        context.update(
            runs=list(
                AnalysisRun.objects.filter(planning_area=area).select_related("created_by")[
                    :RUNS_ON_DASHBOARD
                ]
            ),
            can_save=user.has_perm("needs.run_analysis", area),
            can_edit_norms=user.has_perm("needs.change_norms", area),
        )
    return render(request, "needs/dashboard.html", context)


def _export(request: HttpRequest, area: PlanningArea, fmt: str) -> HttpResponse:
    if fmt not in ("xlsx", "csv"):
        raise Http404("Unknown export format.")
    dashboard = dashboard_build(request, area, with_charts=False)
    header, rows = gap_rows_for_export(dashboard.analysis)
    kept = {(r.service_type, r.form, r.municipality) for r in dashboard.rows}
    rows = [
        row
        for row, gap_row in zip(rows, dashboard.analysis.rows, strict=True)
        if (gap_row.service_type, gap_row.form, gap_row.municipality) in kept
    ]
    name = f"analyza-{area.slug}"
    if dashboard.scenario:
        name += f"-scenar-{dashboard.filters.year}"
    if fmt == "xlsx":
        content = table_to_xlsx(title=_("Gap table"), header=header, rows=rows)
        response = HttpResponse(content, content_type=XLSX_TYPE)
    else:
        response = HttpResponse(table_to_csv(header=header, rows=rows), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _chart_svg(request: HttpRequest, area: PlanningArea, slug: str) -> HttpResponse:
    dashboard = dashboard_build(request, area, with_charts=False)
    specs = {
        "vekova-struktura": lambda: charts.age_structure_spec(dashboard.area_rows, subtitle=None),
        "kapacita-potreba": lambda: charts.supply_need_spec(
            dashboard.summary, labels=dashboard.labels, subtitle=dashboard.scenario
        ),
    }
    if slug not in specs:
        raise Http404("Unknown chart.")
    spec = specs[slug]()
    svg = charts.render_svg(spec, lang=_lang())
    title = spec["title"]["text"] + (f" – {dashboard.scenario}" if dashboard.scenario else "")
    response = HttpResponse(charts.svg_document(svg, title=title), content_type=SVG_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{slug}-{area.slug}.svg"'
    return response


# Public ---------------------------------------------------------------------------------


def public_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    area = _public_area(slug)
    return _render_dashboard(request, area, namespace="needs_dashboard_public", public=True)


def public_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    return _export(request, _public_area(slug), fmt)


def public_chart(request: HttpRequest, slug: str, chart: str) -> HttpResponse:
    return _chart_svg(request, _public_area(slug), chart)


# Staff ----------------------------------------------------------------------------------


@staff_view("needs.view_internal", template=FORBIDDEN_TEMPLATE)
def dashboard(request: HttpRequest, area: PlanningArea) -> HttpResponse:
    return _render_dashboard(request, area, namespace="needs_dashboard", public=False)


@staff_view("needs.view_internal", template=FORBIDDEN_TEMPLATE)
def export(request: HttpRequest, area: PlanningArea, fmt: str) -> HttpResponse:
    return _export(request, area, fmt)


@staff_view("needs.view_internal", template=FORBIDDEN_TEMPLATE)
def chart(request: HttpRequest, area: PlanningArea, chart: str) -> HttpResponse:
    return _chart_svg(request, area, chart)


@require_POST
@staff_view("needs.run_analysis", template=FORBIDDEN_TEMPLATE)
def save(request: HttpRequest, area: PlanningArea) -> HttpResponse:
    """Store the analysis for the filters posted with the button (parameters as in GET)."""
    request.GET = request.POST  # type: ignore[assignment]  # the same filters, posted
    dashboard = dashboard_build(request, area, with_charts=False)
    label = (request.POST.get("label") or "").strip()[:200]
    run = analysis_run_save(actor=request.user, analysis=dashboard.analysis, label=label)  # type: ignore[arg-type]
    messages.success(request, _("The analysis was saved with its inputs."))
    return redirect("needs_dashboard:run", slug=area.slug, pk=run.pk)


@staff_view("needs.view_internal", template=FORBIDDEN_TEMPLATE)
def run_list(request: HttpRequest, area: PlanningArea) -> HttpResponse:
    runs = AnalysisRun.objects.filter(planning_area=area).select_related("created_by")
    return render(request, "needs/dashboard_runs.html", {"area": area, "runs": runs})


def _stored_accessibility(value: Any) -> str:
    if isinstance(value, int | float):
        return describe_value(float(value))
    if value == "no_service_in_reach":
        return describe_value(math.nan)
    if value == "capacity_without_demand":
        return describe_value(math.inf)
    return describe_value(None)


@staff_view("needs.view_internal", template=FORBIDDEN_TEMPLATE)
def run_detail(request: HttpRequest, area: PlanningArea, pk: int) -> HttpResponse:
    run = AnalysisRun.objects.filter(planning_area=area, pk=pk).select_related("created_by").first()
    if run is None:
        raise Http404("No such analysis run in this area.")
    largest = [
        {**row, "accessibility_text": _stored_accessibility(row.get("accessibility"))}
        for row in run.results.get("largest", [])
    ]
    inputs = run.inputs
    return render(
        request,
        "needs/dashboard_run.html",
        {
            "area": area,
            "run": run,
            "inputs": inputs,
            "parameters": run.parameters,
            "method_label": METHOD_LABELS.get(run.parameters.get("method", ""), ""),
            "by_area": run.results.get("by_area", []),
            "largest": largest,
            "norms": inputs.get("norms", []),
            "unknown": [s for s in inputs.get("services_counted", []) if not s["capacity_known"]],
            "population_date": _parse_datetime(inputs.get("population_date")),
            "registry_date": _parse_datetime(inputs.get("registry_updated_at")),
            "scenario": (inputs.get("scenario") or {}).get("name"),
        },
    )


# Norms ----------------------------------------------------------------------------------


class NormForm(forms.Form):
    value_per_1000 = forms.DecimalField(
        label=gettext_lazy("Per 1,000 inhabitants of the group"),
        min_value=Decimal(0),
        max_digits=8,
        decimal_places=3,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 8}),
    )
    source = forms.CharField(
        label=gettext_lazy("Source"),
        widget=forms.Textarea(attrs={"rows": 2, "cols": 50}),
        max_length=2000,
    )
    is_assumption = forms.BooleanField(
        label=gettext_lazy("Assumption to confirm"),
        required=False,
        help_text=gettext_lazy("Leave ticked until the value is confirmed by a published source."),
    )

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.fields:
            bound = self[name]
            ids = [f"{bound.auto_id}_helptext"] if self.fields[name].help_text else []
            if self.is_bound and self.errors.get(name):
                ids.append(f"{bound.auto_id}_error")
                self.fields[name].widget.attrs["aria-invalid"] = "true"
            if ids:
                self.fields[name].widget.attrs["aria-describedby"] = " ".join(ids)


def _norm_form(norm: Norm, data: Any = None) -> NormForm:
    form = NormForm(
        data,
        prefix=f"norm-{norm.pk}",
        initial={
            "value_per_1000": norm.value_per_1000,
            "source": norm.source,
            "is_assumption": norm.is_assumption,
        },
    )
    if data is None:
        form.full_clean()  # only sets the accessible attributes of an unbound form
    return form


def _area_norm_set(area: PlanningArea) -> NormSet | None:
    return NormSet.objects.filter(planning_area=area).order_by("-updated_at").first()


@staff_view("needs.view_internal", template=FORBIDDEN_TEMPLATE)
def norms(request: HttpRequest, area: PlanningArea) -> HttpResponse:
    own = _area_norm_set(area)
    can_edit = request.user.has_perm("needs.change_norms", area)
    shown = own or default_norm_set(area=area)
    norm_list = list(shown.norms.select_related("service_type", "form"))
    forms_by_norm = {n.pk: _norm_form(n) for n in norm_list} if own and can_edit else {}
    status = 200
    if request.method == "POST":
        if own is None or not can_edit:
            return forbidden(request, area, FORBIDDEN_TEMPLATE)
        norm = next((n for n in norm_list if str(n.pk) == request.POST.get("norm")), None)
        if norm is None:
            raise Http404("No such norm in this area's set.")
        form = _norm_form(norm, request.POST)
        forms_by_norm[norm.pk] = form
        if form.is_valid():
            try:
                norm_update(
                    actor=request.user,  # type: ignore[arg-type]
                    norm=norm,
                    value_per_1000=form.cleaned_data["value_per_1000"],
                    source=form.cleaned_data["source"],
                    is_assumption=form.cleaned_data["is_assumption"],
                )
            except DjangoValidationError as error:
                for name, errors in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                messages.success(request, _("The norm %(norm)s was saved.") % {"norm": norm})
                return redirect(
                    reverse("needs_dashboard:norms", args=[area.slug]) + f"#norm-{norm.pk}"
                )
        status = 400
    return render(
        request,
        "needs/dashboard_norms.html",
        {
            "area": area,
            "norm_set": shown,
            "own": own,
            "can_edit": can_edit,
            "rows": [(n, forms_by_norm.get(n.pk)) for n in norm_list],
        },
        status=status,
    )


@require_POST
@staff_view("needs.change_norms", template=FORBIDDEN_TEMPLATE)
def norms_copy(request: HttpRequest, area: PlanningArea) -> HttpResponse:
    if _area_norm_set(area) is None:
        source = default_norm_set(area=area)
        norm_set_copy_to_area(actor=request.user, source=source, area=area)  # type: ignore[arg-type]
        messages.success(request, _("The norms were copied into this area; you can now edit them."))
    return redirect("needs_dashboard:norms", slug=area.slug)
