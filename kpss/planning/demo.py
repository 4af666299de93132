"""The demo plan of the pilot area: the real process (consultation 31 Aug – 14 Sep 2021,
public hearing 15 Sep 2021, approval by the general assembly on 20 Dec 2021) with
ILLUSTRATIVE content — the real text of the plan is not available, so priorities, measures,
comments and council opinions are examples and labelled as such (Plan.is_example,
Comment.is_example, CouncilOpinion.is_example).

Idempotent: when the plan exists, nothing is changed. Runs through the services as the
system actor, then dates the records to the real process.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils.translation import gettext as _

from kpss.accounts.models import User
from kpss.core.errors import NotFound
from kpss.governance.models import Body
from kpss.planning import states
from kpss.planning.models import (
    Comment,
    Consultation,
    Measure,
    Plan,
    PlanVersion,
    PlanVersionTransition,
)
from kpss.planning.services import (
    activity_add,
    council_opinion_record,
    indicator_add,
    measure_cost_set,
    measure_create,
    measure_update,
    network_change_add,
    plan_create,
    plan_version_approve,
    plan_version_create_draft,
    plan_version_publish_for_consultation,
    plan_version_transition,
    priority_create,
    section_update,
)
from kpss.planning.services_consultation import comment_settle
from kpss.registry.models import Form, ServiceType, TargetGroup
from kpss.territory.models import Municipality, PlanningArea

PILOT_SLUG = "valmez"
TITLE = (
    "Střednědobý plán rozvoje sociálních služeb v Mikroregionu Valašskomeziříčsko-Kelečsko "
    "na roky 2022–2024"
)
DESCRIPTION = (
    "Ilustrativní obsah: termíny procesu (připomínkování 31. 8. – 14. 9. 2021, veřejné "
    "projednání 15. 9. 2021, schválení valnou hromadou 20. 12. 2021) odpovídají skutečnosti, "
    "priority, opatření, připomínky a stanoviska rad jsou ale jen příkladem – skutečný text "
    "plánu není k dispozici."
)
LABEL = "> *Ilustrativní obsah – skutečný text plánu není v ukázkových datech k dispozici.*\n\n"
PRAGUE = ZoneInfo("Europe/Prague")

SECTIONS = {
    "descriptive": (
        "Plán zpracovali členové pracovních skupin komunitního plánování mikroregionu "
        "(senioři, osoby se zdravotním postižením, rodiny s dětmi, osoby v krizi a obce) "
        "spolu s koordinátorem. Občané se zapojili dotazníkovým šetřením a veřejným "
        "projednáním, obce prostřednictvím svých zástupců, poskytovatelé a uživatelé služeb "
        "v pracovních skupinách."
    ),
    "analytical": (
        "## Obyvatelstvo\n\nMikroregion tvoří 18 obcí správního obvodu ORP Valašské "
        "Meziříčí. Podíl obyvatel ve věku 65+ roste.\n\n## Nabídka služeb\n\nPřehled "
        "registrovaných služeb a jejich kapacit vychází z registru poskytovatelů."
    ),
    "evaluation": (
        "Opatření předchozího plánu byla z větší části splněna; nesplněná opatření "
        "přecházejí do tohoto plánu."
    ),
    "strategic": (
        "**Vize:** Lidé v mikroregionu mají dostupné sociální služby, které jim umožní žít "
        "co nejdéle doma a v komunitě.\n\nPlán má tři priority."
    ),
    "network": (
        "Síť sociálních služeb mikroregionu tvoří služby zařazené do krajské sítě, které "
        "slouží občanům členských obcí. Změny kapacit uvádějí jednotlivá opatření."
    ),
}

# (code, priority title, [(code, title, working group, service type keys, target group)])
PRIORITIES: list[tuple[str, str, list[tuple[str, str, str, list[str], str]]]] = [
    (
        "1",
        "Podpora života seniorů a osob se zdravotním postižením v domácím prostředí",
        [
            ("1.1", "Rozšíření terénní pečovatelské služby do menších obcí", "PS-SEN", ["40"],
             "senioři"),
            ("1.2", "Podpora pečujících osob a odlehčovacích služeb", "PS-SEN", ["44"],
             "pečující osoby"),
            ("1.3", "Dostupná osobní asistence pro osoby se zdravotním postižením", "PS-OZP",
             ["39"], "osoby se zdravotním postižením"),
        ],
    ),
    (
        "2",
        "Podpora rodin s dětmi a osob v krizi",
        [
            ("2.1", "Sociálně aktivizační služby pro rodiny s dětmi v celém mikroregionu",
             "PS-RDM", ["65"], "rodiny s dítětem/dětmi"),
            ("2.2", "Terénní program pro osoby ohrožené sociálním vyloučením", "PS-KRI",
             ["69"], "osoby žijící v sociálně vyloučených komunitách"),
        ],
    ),
    (
        "3",
        "Spolupráce obcí a informovanost o službách",
        [
            ("3.1", "Společný katalog sociálních služeb a informační místa v obcích", "PS-OBC",
             ["37-2"], "senioři"),
        ],
    ),
]  # fmt: skip

MUNICIPALITIES = {"1.1": ["Kelč", "Lešná", "Zašová"], "2.2": ["Valašské Meziříčí"]}

COMMENTS = [
    # (measure code, author, kind, organisation, proposed change, justification, outcome,
    #  reason)
    (
        "1.1",
        "Jana Příkladová (fiktivní)",
        "citizen",
        "",
        "Rozšířit pečovatelskou službu i na víkendy.",
        "Rodiny v menších obcích nemají o víkendu jinou pomoc.",
        "accepted",
        "Do opatření 1.1 doplněna víkendová služba.",
    ),
    (
        "1.2",
        "Petr Ukázka (fiktivní)",
        "municipality",
        "Obec Příkladov (fiktivní)",
        "Doplnit do opatření vzdělávání pečujících.",
        "Pečující se neorientují v dávkách a službách.",
        "partly_accepted",
        "Vzdělávání pečujících doplněno jako aktivita; financování zůstává na poskytovatelích.",
    ),
    (
        "2.2",
        "Marie Vzorová (fiktivní)",
        "provider",
        "Ukázkový poskytovatel, z. ú. (fiktivní)",
        "Navýšit terénní program o dva úvazky.",
        "Počet klientů v terénu roste.",
        "not_accepted",
        "Navýšení o dva úvazky nemá v letech 2022–2024 zajištěné financování; "
        "posoudí se při aktualizaci plánu.",
    ),
    (
        "3.1",
        "Karel Modelový (fiktivní)",
        "citizen",
        "",
        "Katalog vydat i v tištěné podobě pro seniory.",
        "",
        "noted",
        "Tištěná podoba katalogu je již součástí opatření 3.1.",
    ),
]

COUNCILS = [
    ("Valašské Meziříčí", "agrees", dt.date(2021, 11, 8)),
    ("Kelč", "agrees", dt.date(2021, 11, 10)),
    ("Zašová", "agrees", dt.date(2021, 11, 15)),
    ("Lešná", "agrees_with_reservations", dt.date(2021, 11, 17)),
    ("Branky", "agrees", dt.date(2021, 11, 22)),
    ("Jarcová", "not_discussed", dt.date(2021, 11, 29)),
]


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=PRAGUE)


def _backdate(version: PlanVersion, action: str, day: dt.date) -> None:
    PlanVersionTransition.objects.filter(plan_version=version, action=action).update(
        occurred_at=_at(day)
    )


def _municipality(area: PlanningArea, name: str) -> Municipality | None:
    return area.municipalities.filter(name=name).first()


def plan_demo_load(*, actor: User) -> tuple[Plan, bool]:
    """The demo plan of the pilot area and whether it was created now."""
    area = PlanningArea.objects.filter(slug=PILOT_SLUG).first()
    if area is None:
        raise NotFound(_("The pilot area does not exist; run `kpss demo` first."))
    existing = Plan.objects.filter(planning_area=area, title=TITLE).first()
    if existing is not None:
        return existing, False
    with transaction.atomic():
        plan = _load(actor, area)
    return plan, True


def _load(actor: User, area: PlanningArea) -> Plan:
    plan = plan_create(
        actor=actor,
        area=area,
        title=TITLE,
        description=DESCRIPTION,
        period_from_year=2022,
        period_to_year=2024,
        is_example=True,
    )
    first = plan.versions.get()
    for section in first.sections.all():
        section_update(
            actor=actor,
            section=section,
            expected_version=section.version,
            body=LABEL + SECTIONS[section.kind],
        )
    _strategy(actor, area, first)

    consultation = plan_version_publish_for_consultation(
        actor=actor,
        version=first,
        starts_on=dt.date(2021, 8, 31),
        ends_on=dt.date(2021, 9, 14),
        hearing_on=dt.date(2021, 9, 15),
    )
    PlanVersion.objects.filter(pk=first.pk).update(frozen_at=_at(dt.date(2021, 8, 31)))
    _backdate(first, states.PUBLISH_FOR_CONSULTATION, dt.date(2021, 8, 31))
    comments = _comments(consultation)
    plan_version_transition(actor=actor, version=first, action=states.CLOSE_CONSULTATION)
    _backdate(first, states.CLOSE_CONSULTATION, dt.date(2021, 9, 15))

    second = plan_version_create_draft(actor=actor, plan=plan)
    weekend = second.measures.get(code="1.1")
    measure_update(
        actor=actor,
        measure=weekend,
        expected_version=weekend.version,
        description=weekend.description + " Služba bude poskytována i o víkendech.",
    )
    carers = second.measures.get(code="1.2")
    activity_add(actor=actor, measure=carers, title="Vzdělávací setkání pro pečující")
    for comment, (code, *_rest, outcome, reason) in zip(comments, COMMENTS, strict=True):
        comment_settle(
            actor=actor,
            comment=comment,
            expected_version=comment.version,
            outcome=outcome,
            reason=reason,
            resulting_measure=second.measures.get(code=code)
            if outcome in ("accepted", "partly_accepted")
            else None,
        )
    Comment.objects.filter(consultation=consultation).update(settled_at=_at(dt.date(2021, 9, 30)))
    plan_version_transition(actor=actor, version=first, action=states.REVISE)
    Consultation.objects.filter(pk=consultation.pk).update(
        settlement_published_at=_at(dt.date(2021, 10, 1))
    )
    _backdate(first, states.REVISE, dt.date(2021, 10, 1))

    plan_version_transition(actor=actor, version=second, action=states.SUBMIT_TO_COUNCILS)
    PlanVersion.objects.filter(pk=second.pk).update(frozen_at=_at(dt.date(2021, 10, 1)))
    _backdate(second, states.SUBMIT_TO_COUNCILS, dt.date(2021, 10, 1))
    second.refresh_from_db()
    for name, result, day in COUNCILS:
        municipality = _municipality(area, name)
        if municipality is not None:
            council_opinion_record(
                actor=actor,
                version=second,
                municipality=municipality,
                decided_on=day,
                result=result,
                note="Ilustrativní záznam.",
                is_example=True,
            )
    assembly = area.bodies.filter(kind=Body.Kind.ASSEMBLY).first()
    plan_version_approve(
        actor=actor,
        version=second,
        decided_on=dt.date(2021, 12, 20),
        body=assembly,
        body_name="Valná hromada Mikroregionu Valašskomeziříčsko-Kelečsko",
        note="Číslo usnesení není v ukázkových datech k dispozici.",
    )
    _backdate(second, states.APPROVE, dt.date(2021, 12, 20))
    return plan


def _strategy(actor: User, area: PlanningArea, version: PlanVersion) -> None:
    field_form = Form.objects.filter(code="ter").first()
    for order, (code, title, measures) in enumerate(PRIORITIES, start=1):
        priority = priority_create(actor=actor, version=version, code=code, title=title)
        for m_code, m_title, wg_code, type_keys, group_name in measures:
            fields: dict[str, Any] = {
                "description": "Ilustrativní opatření: " + m_title.lower() + ".",
                "reason": "Potřeba vzešla z jednání pracovní skupiny (ilustrativní).",
                "working_group": area.bodies.filter(code=wg_code).first(),
                "service_types": list(ServiceType.objects.filter(key__in=type_keys)),
                "target_groups": list(TargetGroup.objects.filter(name=group_name)),
                "municipalities": [
                    m
                    for m in (_municipality(area, n) for n in MUNICIPALITIES.get(m_code, []))
                    if m is not None
                ],
                "partners": "obce mikroregionu, poskytovatelé sociálních služeb",
                "year_from": 2022,
                "year_to": 2024,
            }
            if field_form is not None and m_code in ("1.1", "1.3", "2.2"):
                fields["forms"] = [field_form]
            measure = measure_create(
                actor=actor, priority=priority, code=m_code, title=m_title, **fields
            )
            _measure_details(actor, measure, order)


def _measure_details(actor: User, measure: Measure, order: int) -> None:
    activity_add(actor=actor, measure=measure, title="Projednání s obcemi a poskytovateli")
    for year in (2022, 2023, 2024):
        measure_cost_set(
            actor=actor, measure=measure, year=year, source="region", amount_czk=150_000 * order
        )
        measure_cost_set(
            actor=actor,
            measure=measure,
            year=year,
            source="municipalities",
            amount_czk=50_000 * order,
        )
    indicator_add(
        actor=actor,
        measure=measure,
        name="Počet podpořených osob",
        unit="osoby",
        baseline=Decimal(0),
        target=Decimal(20 * order),
        source="výkazy poskytovatelů",
    )
    service_type = measure.service_types.first()
    if service_type is not None and measure.code in ("1.1", "2.2"):
        network_change_add(
            actor=actor,
            measure=measure,
            service_type=service_type,
            form=measure.forms.first(),
            year=2023,
            delta_units=Decimal("1.0"),
        )


def _comments(consultation: Consultation) -> list[Comment]:
    """Example comments, stored directly: the real window has long passed."""
    version = consultation.plan_version
    made = []
    for number, (code, author, kind, organisation, change, why, *_rest) in enumerate(
        COMMENTS, start=1
    ):
        day = dt.date(2021, 9, 1) + dt.timedelta(days=3 * number)
        comment = Comment.objects.create(
            consultation=consultation,
            number=number,
            measure=version.measures.get(code=code),
            author_name=author,
            email=f"priklad{number}@example.org",
            consent_at=_at(day),
            organisation=organisation,
            commenter_kind=kind,
            proposed_change=change,
            justification=why,
            is_example=True,
        )
        Comment.objects.filter(pk=comment.pk).update(created_at=_at(day))
        made.append(comment)
    return made
