"""The readable diff between two versions of a plan."""

from __future__ import annotations

import datetime as dt

from kpss.planning.models import PlanVersion
from kpss.planning.selectors import plan_version_diff
from kpss.planning.services import (
    measure_create,
    measure_delete,
    measure_update,
    plan_version_create_draft,
    plan_version_publish_for_consultation,
    section_update,
)


def test_diff_of_sections_and_measures(plan, coordinator):
    first = plan.versions.get()
    section = first.sections.get(kind="strategic")
    section_update(
        actor=coordinator,
        section=section,
        expected_version=1,
        body="Vize: senioři doma.\n\nDruhý odstavec.",
    )
    plan_version_publish_for_consultation(
        actor=coordinator,
        version=first,
        starts_on=dt.date(2021, 8, 31),
        ends_on=dt.date(2021, 9, 14),
    )
    draft = plan_version_create_draft(actor=coordinator, plan=plan)
    section = draft.sections.get(kind="strategic")
    section_update(
        actor=coordinator,
        section=section,
        expected_version=1,
        body="Vize: senioři doma co nejdéle.\n\nDruhý odstavec.",
    )
    measure = draft.measures.get()
    measure_update(actor=coordinator, measure=measure, expected_version=1, code="1.2", year_to=2023)
    measure_create(actor=coordinator, priority=measure.priority, code="1.3", title="Odlehčení")

    diff = plan_version_diff(a=first, b=draft)

    assert (diff["from_version"], diff["to_version"]) == (1, 2)
    [strategic] = diff["sections"]
    assert strategic["kind"] == "strategic"
    assert strategic["status"] == "changed"
    assert "-Vize: senioři doma." in strategic["diff"]
    assert "+Vize: senioři doma co nejdéle." in strategic["diff"]
    assert " Druhý odstavec." in strategic["diff"]
    by_code = {m["code"]: m for m in diff["measures"]}
    changed = {c["field"]: (c["before"], c["after"]) for c in by_code["1.2"]["changes"]}
    assert changed == {"code": ("1.1", "1.2"), "year_to": (2024, 2023)}
    assert by_code["1.3"]["status"] == "added"
    assert not diff["is_empty"]

    measure_delete(actor=coordinator, measure=draft.measures.get(code="1.3"))
    removed = plan_version_diff(a=PlanVersion.objects.get(pk=draft.pk), b=first)
    assert [m["status"] for m in removed["measures"]] == ["changed"]


def test_diff_of_a_version_with_itself_is_empty(plan):
    version = plan.versions.get()
    assert plan_version_diff(a=version, b=version)["is_empty"]
