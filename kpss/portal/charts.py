"""Server-side inline SVG charts: readable without JavaScript, with text equivalents."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from kpss.core.formats import NBSP, format_number
from kpss.territory.models import PopulationFact
from kpss.territory.selectors import PopulationSummary

WIDTH = 440
LABEL_WIDTH = 64
VALUE_WIDTH = 140
ROW_HEIGHT = 40
BAR_HEIGHT = 24
LEGEND_HEIGHT = 32


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    css_class: str


@dataclass(frozen=True)
class Row:
    label: str
    value_text: str
    y: float
    segments: list[Segment]

    @property
    def text_y(self) -> float:
        return self.y + BAR_HEIGHT / 2


@dataclass(frozen=True)
class AgeChart:
    rows: list[Row]
    width: int
    height: int
    split_by_sex: bool
    value_x: float
    label_x: float = LABEL_WIDTH - 8
    bar_height: int = BAR_HEIGHT

    @property
    def legend_y(self) -> float:
        return self.height - LEGEND_HEIGHT + 8

    @property
    def legend_text_y(self) -> float:
        return self.legend_y + 7


@dataclass(frozen=True)
class AgeGroup:
    label: str
    total: int
    men: int | None
    women: int | None


def _percent(part: int, whole: int, lang: str) -> str:
    if not whole:
        return "—"
    number = format_number(100 * part / whole, 1, lang=lang)
    return f"{number}%" if lang == "en" else f"{number}{NBSP}%"


def age_groups_of_fact(fact: PopulationFact) -> list[AgeGroup]:
    if fact.age_0_14 is None or fact.age_15_64 is None or fact.age_65_plus is None:
        return []
    return [
        AgeGroup("0–14", fact.age_0_14, fact.age_0_14_men, fact.age_0_14_women),
        AgeGroup("15–64", fact.age_15_64, fact.age_15_64_men, fact.age_15_64_women),
        AgeGroup("65+", fact.age_65_plus, fact.age_65_plus_men, fact.age_65_plus_women),
    ]


def age_groups_of_summary(summary: PopulationSummary) -> list[AgeGroup]:
    if summary.age_0_14 is None or summary.age_15_64 is None or summary.age_65_plus is None:
        return []
    return [
        AgeGroup("0–14", summary.age_0_14, None, None),
        AgeGroup("15–64", summary.age_15_64, None, None),
        AgeGroup("65+", summary.age_65_plus, None, None),
    ]


def age_chart(groups: list[AgeGroup], *, lang: str = "cs") -> AgeChart | None:
    """Horizontal bars per age group, split into men and women where the split is known."""
    if not groups:
        return None
    whole = sum(g.total for g in groups)
    largest = max(g.total for g in groups) or 1
    split = all(g.men is not None and g.women is not None for g in groups)
    bar_space = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    rows = []
    for index, group in enumerate(groups):
        y = index * ROW_HEIGHT + 8
        scale = bar_space / largest
        if split:
            men_width = (group.men or 0) * scale
            segments = [
                Segment(LABEL_WIDTH, men_width, "men"),
                Segment(LABEL_WIDTH + men_width, (group.women or 0) * scale, "women"),
            ]
        else:
            segments = [Segment(LABEL_WIDTH, group.total * scale, "total")]
        value_text = (
            f"{format_number(group.total, lang=lang)} ({_percent(group.total, whole, lang)})"
        )
        rows.append(Row(group.label, value_text, y, segments))
    height = len(groups) * ROW_HEIGHT + 8 + (LEGEND_HEIGHT if split else 0)
    return AgeChart(rows, WIDTH, height, split, WIDTH - VALUE_WIDTH + 8)


def chart_title(*, place: str) -> str:
    return _("Age structure of the population of %(place)s") % {"place": place}
