"""Services of intentions: windows, freezing and revisions, assessment, priorities and
statements (numbering, e-mail)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from kpss.core.errors import ConcurrentEdit, PermissionDenied, ValidationFailed
from kpss.core.models import AuditEvent
from kpss.intentions import services
from kpss.intentions.models import Assessment, Call, Intention, NetworkLayer
from kpss.intentions.selectors import (
    call_dashboard,
    intention_history,
    intentions_for_measure,
    ranked_intentions,
)
from kpss.intentions.states import IllegalTransition, IntentionFrozen, OutsideWindow
from kpss.intentions.tests.conftest import (
    AFTER_SUBMISSION,
    STATEMENT_DAY,
    SUBMISSION_DAY,
    draft_fields,
    make_intention,
    measure,
    org_of,
)

S = Intention.State


# Windows ------------------------------------------------------------------------------------


@pytest.mark.parametrize("day", [dt.date(2025, 10, 31), dt.date(2025, 12, 4), dt.date(2026, 1, 5)])
def test_nothing_is_submitted_outside_the_window(call, provider_user, plan_in_force, day):
    intention = make_intention(call, provider_user, plan_in_force, submit=False)
    with pytest.raises(OutsideWindow):
        services.intention_submit(actor=provider_user, intention=intention, today=day)
    intention.refresh_from_db()
    assert intention.state == S.DRAFT


def test_submission_on_the_first_and_last_day(call, provider_user, plan_in_force):
    first = make_intention(call, provider_user, plan_in_force, submit=False)
    services.intention_submit(actor=provider_user, intention=first, today=call.submission_from)
    second = make_intention(call, provider_user, plan_in_force, submit=False)
    services.intention_submit(actor=provider_user, intention=second, today=call.submission_to)
    assert {i.state for i in Intention.objects.all()} == {S.SUBMITTED}
    assert [i.number for i in Intention.objects.order_by("number")] == [1, 2]


def test_no_draft_after_the_window(call, provider_user, plan_in_force):
    with pytest.raises(OutsideWindow):
        services.intention_create(
            actor=provider_user,
            call=call,
            organisation=org_of(provider_user),
            today=AFTER_SUBMISSION,
            **draft_fields(plan_in_force),
        )


def test_statements_only_in_their_window(call, provider_user, coordinator, plan_in_force):
    intention = make_intention(call, provider_user, plan_in_force)
    services.intention_assess(
        actor=coordinator, intention=intention, outcome="consistent", reason="V souladu.", gaps={}
    )
    for day in (SUBMISSION_DAY, dt.date(2025, 12, 16)):
        with pytest.raises(OutsideWindow):
            services.statement_issue(
                actor=coordinator,
                intention=intention,
                signatory_name="Ing. Jana Malá",
                signatory_function="vedoucí odboru sociálních věcí",
                today=day,
            )
    assert not hasattr(Intention.objects.get(pk=intention.pk), "statement")


# Drafts, freezing and revisions --------------------------------------------------------------


def test_type_a_needs_a_measure_to_be_submitted(call, provider_user, plan_in_force):
    intention = make_intention(call, provider_user, plan_in_force, submit=False, measures=[])
    with pytest.raises(ValidationFailed) as error:
        services.intention_submit(actor=provider_user, intention=intention, today=SUBMISSION_DAY)
    assert "measures" in error.value.details["errors"]
    intention_c = make_intention(
        call,
        provider_user,
        plan_in_force,
        submit=False,
        measures=[],
        kind=Intention.Kind.C,
        units_to=4,
    )
    services.intention_submit(actor=provider_user, intention=intention_c, today=SUBMISSION_DAY)


def test_draft_is_edited_with_optimistic_locking(call, provider_user, plan_in_force):
    intention = make_intention(call, provider_user, plan_in_force, submit=False)
    services.intention_update(
        actor=provider_user, intention=intention, expected_version=1, title="Nový název"
    )
    with pytest.raises(ConcurrentEdit):
        services.intention_update(
            actor=provider_user, intention=intention, expected_version=1, title="Jiný"
        )
    assert Intention.objects.get(pk=intention.pk).title == "Nový název"


def test_call_rules_are_kept_in_a_draft(call, provider_user, plan_in_force):
    with pytest.raises(ValidationFailed) as error:
        make_intention(call, provider_user, plan_in_force, layer=NetworkLayer.TEMPORARY)
    assert "layer" in error.value.details["errors"]
    with pytest.raises(ValidationFailed) as error:
        make_intention(call, provider_user, plan_in_force, service=None, new_service_name="")
    assert "new_service_name" in error.value.details["errors"]


def test_submitted_intention_is_frozen(call, provider_user, plan_in_force):
    intention = make_intention(call, provider_user, plan_in_force)
    with pytest.raises(IntentionFrozen):
        services.intention_update(
            actor=provider_user,
            intention=intention,
            expected_version=intention.version,
            title="Změna po podání",
        )
    with pytest.raises(IllegalTransition):
        services.intention_submit(actor=provider_user, intention=intention, today=SUBMISSION_DAY)
    assert Intention.objects.get(pk=intention.pk).title == "Pečovatelská služba i o víkendech"


def test_revision_keeps_the_history(call, provider_user, plan_in_force):
    intention = make_intention(call, provider_user, plan_in_force)
    with pytest.raises(ValidationFailed):
        services.intention_revise(
            actor=provider_user, intention=intention, reason=" ", today=SUBMISSION_DAY
        )
    revision = services.intention_revise(
        actor=provider_user,
        intention=intention,
        reason="Kraj upřesnil počet úvazků.",
        today=SUBMISSION_DAY,
    )
    assert (revision.number, revision.revision, revision.state) == (1, 2, S.DRAFT)
    assert revision.previous_id == intention.pk
    assert list(revision.measures.all()) == [measure(plan_in_force, "1.1")]
    intention.refresh_from_db()
    assert intention.state == S.SUPERSEDED
    services.intention_update(
        actor=provider_user, intention=revision, expected_version=1, units_to=5
    )
    services.intention_submit(actor=provider_user, intention=revision, today=SUBMISSION_DAY)
    assert [i.revision for i in intention_history(intention=revision)] == [1, 2]
    assert AuditEvent.objects.filter(verb="intention.revise").count() == 1
    with pytest.raises(OutsideWindow):
        services.intention_revise(
            actor=provider_user, intention=revision, reason="Pozdě.", today=AFTER_SUBMISSION
        )


def test_provider_cannot_file_for_another_organisation(
    call, provider_user, other_provider, plan_in_force
):
    with pytest.raises(PermissionDenied):
        services.intention_create(
            actor=provider_user,
            call=call,
            organisation=org_of(other_provider),
            today=SUBMISSION_DAY,
            **draft_fields(plan_in_force),
        )


def test_service_of_another_provider_is_refused(call, other_provider, plan_in_force):
    with pytest.raises(ValidationFailed) as error:
        make_intention(call, other_provider, plan_in_force)
    assert "service" in error.value.details["errors"]


# Assessment, priorities, statements ----------------------------------------------------------


def test_assessment_stores_the_check(call, provider_user, coordinator, plan_in_force):
    intention = make_intention(call, provider_user, plan_in_force)
    with pytest.raises(ValidationFailed) as error:
        services.intention_assess(
            actor=coordinator, intention=intention, outcome="conditional", reason="Ano."
        )
    assert "conditions" in error.value.details["errors"]
    with pytest.raises(PermissionDenied):
        services.intention_assess(
            actor=provider_user, intention=intention, outcome="consistent", reason="Sám sobě."
        )
    assessment = services.intention_assess(
        actor=coordinator,
        intention=intention,
        outcome=Assessment.Outcome.CONSISTENT,
        reason="Naplňuje opatření 1.1.",
        team_decision="Manažerský tým 2. 12. 2025, usnesení 4/2025",
    )
    assert [c["code"] for c in assessment.check_result][:2] == ["measure_in_force", "service_type"]
    assert Intention.objects.get(pk=intention.pk).state == S.ASSESSED


def test_priorities_rank_the_submitted_intentions(
    call, provider_user, other_provider, coordinator, plan_in_force
):
    first = make_intention(call, provider_user, plan_in_force)
    second = make_intention(call, provider_user, plan_in_force, title="Druhý záměr")
    draft = make_intention(call, provider_user, plan_in_force, submit=False)
    with pytest.raises(ValidationFailed):
        services.call_set_priorities(actor=coordinator, call=call, order=[first.pk, draft.pk])
    services.call_set_priorities(actor=coordinator, call=call, order=[second.pk, first.pk])
    assert [i.pk for i in ranked_intentions(call=call)] == [second.pk, first.pk]


def test_statement_needs_an_assessment(call, provider_user, coordinator, plan_in_force):
    intention = make_intention(call, provider_user, plan_in_force)
    with pytest.raises(IllegalTransition):
        services.statement_issue(
            actor=coordinator,
            intention=intention,
            signatory_name="Ing. Jana Malá",
            signatory_function="vedoucí odboru",
            today=STATEMENT_DAY,
        )


def test_statement_numbering_and_email(
    call, provider_user, coordinator, plan_in_force, django_capture_on_commit_callbacks
):
    provider_user.email = "diakonie@example.org"
    provider_user.save()
    numbers = []
    for title in ("První", "Druhý"):
        intention = make_intention(call, provider_user, plan_in_force, title=title)
        services.intention_assess(
            actor=coordinator, intention=intention, outcome="consistent", reason="Ano.", gaps={}
        )
        with django_capture_on_commit_callbacks(execute=True):
            statement = services.statement_issue(
                actor=coordinator,
                intention=Intention.objects.get(pk=intention.pk),
                signatory_name="Ing. Jana Malá",
                signatory_function="vedoucí odboru sociálních věcí",
                today=STATEMENT_DAY,
            )
        numbers.append(statement.number)
    assert numbers == ["1/2025", "2/2025"]
    assert len(mail.outbox) == 2
    assert mail.outbox[0].to == ["diakonie@example.org"]
    assert "1/2025" in mail.outbox[0].subject
    assert Intention.objects.get(title="První").state == S.STATEMENT_ISSUED


def test_call_closes_only_when_everything_is_settled(
    call, provider_user, coordinator, plan_in_force
):
    intention = make_intention(call, provider_user, plan_in_force)
    with pytest.raises(ValidationFailed):
        services.call_close(actor=coordinator, call=call)
    services.intention_assess(
        actor=coordinator, intention=intention, outcome="not_consistent", reason="Ne.", gaps={}
    )
    services.statement_issue(
        actor=coordinator,
        intention=Intention.objects.get(pk=intention.pk),
        signatory_name="Ing. Jana Malá",
        signatory_function="vedoucí odboru",
        today=STATEMENT_DAY,
    )
    services.call_close(actor=coordinator, call=call)
    assert Call.objects.get(pk=call.pk).state == Call.State.CLOSED
    with pytest.raises(IllegalTransition):
        services.call_close(actor=coordinator, call=call)


def test_call_windows_are_validated(coordinator, pilot_area, plan_in_force):
    with pytest.raises(ValidationFailed) as error:
        services.call_create(
            actor=coordinator,
            area=pilot_area,
            title="Chybná výzva",
            year=2026,
            submission_from=dt.date(2025, 11, 1),
            submission_to=dt.date(2025, 12, 3),
            statement_from=dt.date(2025, 12, 1),
            statement_to=dt.date(2025, 12, 15),
            layers=[],
        )
    assert set(error.value.details["errors"]) == {"layers", "statement_from"}


def test_dashboard_counts(call, provider_user, coordinator, plan_in_force):
    make_intention(call, provider_user, plan_in_force, submit=False)
    submitted = make_intention(call, provider_user, plan_in_force)
    assessed = make_intention(call, provider_user, plan_in_force)
    services.intention_assess(
        actor=coordinator, intention=assessed, outcome="consistent", reason="Ano.", gaps={}
    )
    board = call_dashboard(call=call, today=SUBMISSION_DAY)
    assert (board.drafts, board.submitted, board.assessed, board.pending) == (1, 2, 1, 2)
    assert (board.window, board.days_left) == ("submission", 13)
    assert call_dashboard(call=call, today=STATEMENT_DAY).days_left == 5
    assert submitted.state == S.SUBMITTED


def test_intentions_for_measure_follow_the_lineage(call, provider_user, plan_in_force):
    submitted = make_intention(call, provider_user, plan_in_force)
    make_intention(call, provider_user, plan_in_force, submit=False)
    in_force = measure(plan_in_force, "1.1")
    assert list(intentions_for_measure(in_force)) == [submitted]
    from kpss.planning.services import plan_version_create_draft

    draft = plan_version_create_draft(actor=_coord(call), plan=plan_in_force)
    copy = draft.measures.get(code="1.1")
    assert copy.pk != in_force.pk
    assert list(intentions_for_measure(copy)) == [submitted]
    assert not intentions_for_measure(measure(plan_in_force, "1.2")).exists()


def _coord(call):
    from kpss.organisations.models import Membership

    return Membership.objects.get(planning_area=call.planning_area, role="coordinator").user


def test_network_units_follow_the_form(call, provider_user, plan_in_force):
    with pytest.raises(ValidationFailed) as error:
        make_intention(call, provider_user, plan_in_force, unit_kind=Intention.UnitKind.BEDS)
    assert "unit_kind" in error.value.details["errors"]


def test_type_c_reenters_the_basic_network_unchanged(call, provider_user, plan_in_force):
    intention = make_intention(
        call, provider_user, plan_in_force, submit=False, kind=Intention.Kind.C
    )
    with pytest.raises(ValidationFailed) as error:
        services.intention_submit(actor=provider_user, intention=intention, today=SUBMISSION_DAY)
    assert set(error.value.details["errors"]) == {"units_to"}
