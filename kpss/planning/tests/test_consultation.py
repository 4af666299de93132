"""Public comments: the window, anti-spam, moderation, settlement and the e-mails."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from kpss.core.errors import PermissionDenied, ValidationFailed
from kpss.planning import states
from kpss.planning.errors import CommentRejected, CommentsUnsettled, RateLimited
from kpss.planning.models import Comment, PlanVersion
from kpss.planning.selectors import settlement_table
from kpss.planning.services import (
    consultation_settlement_publish,
    plan_version_create_draft,
    plan_version_transition,
)
from kpss.planning.services_consultation import comment_hide, comment_settle

from .conftest import add_comment, open_consultation

S = PlanVersion.State


@pytest.fixture
def consultation(plan):
    return open_consultation(plan)


def _close(coordinator, consultation):
    plan_version_transition(
        actor=coordinator, version=consultation.plan_version, action=states.CLOSE_CONSULTATION
    )
    consultation.plan_version.refresh_from_db()


def test_a_citizen_comments_without_an_account(consultation):
    comment = add_comment(consultation, quoted_passage="o víkendech")
    assert comment.number == 1
    assert comment.consent_at is not None
    assert comment.ip_hash
    assert "192.0.2.10" not in comment.ip_hash
    assert add_comment(consultation, email="petr@example.org").number == 2


def test_comments_only_within_the_window(consultation):
    consultation.ends_on = timezone.localdate() - dt.timedelta(days=1)
    consultation.save()
    with pytest.raises(ValidationFailed) as error:
        add_comment(consultation)
    assert error.value.code == "consultation_closed"


def test_comments_only_on_a_public_area(consultation, pilot_area):
    pilot_area.is_public = False
    pilot_area.save()
    consultation.refresh_from_db()
    with pytest.raises(ValidationFailed):
        add_comment(consultation)


def test_comments_not_on_a_closed_consultation(consultation, coordinator):
    _close(coordinator, consultation)
    with pytest.raises(ValidationFailed):
        add_comment(consultation)


def test_the_honeypot_rejects_bots(consultation):
    with pytest.raises(CommentRejected):
        add_comment(consultation, honeypot="http://spam.example")
    assert not Comment.objects.exists()


def test_every_invalid_field_is_reported(consultation):
    with pytest.raises(ValidationFailed) as error:
        add_comment(
            consultation,
            author_name=" ",
            email="nope",
            consent=False,
            commenter_kind="provider",
            proposed_change="",
        )
    assert set(error.value.details["errors"]) == {
        "author_name",
        "email",
        "consent",
        "organisation",
        "proposed_change",
    }


def test_comments_target_this_versions_parts_only(consultation, plan, coordinator):
    draft = plan_version_create_draft(actor=coordinator, plan=plan)
    with pytest.raises(ValidationFailed) as error:
        add_comment(consultation, measure_id=draft.measures.get().pk)
    assert "measure_id" in error.value.details["errors"]


def test_rate_limit_per_address_and_per_email(consultation):
    for n in range(10):
        add_comment(consultation, email=f"a{n}@example.org")
    with pytest.raises(RateLimited) as error:
        add_comment(consultation, email="another@example.org")
    assert error.value.status == 429
    for _n in range(10):
        add_comment(consultation, email="b@example.org", ip="")
    with pytest.raises(RateLimited):
        add_comment(consultation, email="B@example.org", ip="198.51.100.1")


def test_hidden_comments_need_a_reason_and_no_settlement(consultation, coordinator, officer):
    abusive = add_comment(consultation, proposed_change="urážka")
    kept = add_comment(consultation, email="petr@example.org")
    with pytest.raises(PermissionDenied):
        comment_hide(actor=officer, comment=abusive, reason="urážlivé")
    with pytest.raises(ValidationFailed):
        comment_hide(actor=coordinator, comment=abusive, reason=" ")
    comment_hide(actor=coordinator, comment=abusive, reason="Urážlivý obsah.")
    _close(coordinator, consultation)
    comment_settle(
        actor=coordinator, comment=kept, expected_version=1, outcome="noted", reason="Děkujeme."
    )
    table = settlement_table(consultation=consultation)
    assert [r.number for r in table.rows] == [2]
    assert table.hidden_count == 1


def test_settlement_blocks_leaving_until_every_comment_is_settled(
    consultation, coordinator, django_capture_on_commit_callbacks
):
    first = add_comment(consultation)
    second = add_comment(
        consultation,
        email="obec@example.org",
        commenter_kind="municipality",
        organisation="Obec Lhota",
    )
    with pytest.raises(ValidationFailed):
        comment_settle(
            actor=coordinator, comment=first, expected_version=1, outcome="accepted", reason="Ano."
        )
    _close(coordinator, consultation)
    version = consultation.plan_version
    assert version.state == S.SETTLEMENT
    draft = plan_version_create_draft(actor=coordinator, plan=version.plan)
    comment_settle(
        actor=coordinator,
        comment=first,
        expected_version=1,
        outcome="accepted",
        reason="Doplněno do opatření.",
        resulting_measure=draft.measures.get(),
    )
    with pytest.raises(CommentsUnsettled) as error:
        plan_version_transition(actor=coordinator, version=version, action=states.REVISE)
    assert error.value.details["unsettled"] == 1
    with pytest.raises(CommentsUnsettled):
        consultation_settlement_publish(actor=coordinator, consultation=consultation)
    version.refresh_from_db()
    assert version.state == S.SETTLEMENT

    comment_settle(
        actor=coordinator,
        comment=second,
        expected_version=1,
        outcome="not_accepted",
        reason="Mimo území plánu.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        plan_version_transition(actor=coordinator, version=version, action=states.REVISE)
    version.refresh_from_db()
    consultation.refresh_from_db()
    assert version.state == S.SUPERSEDED
    assert consultation.settlement_is_published
    assert sorted(m.to[0] for m in mail.outbox) == ["jana@example.org", "obec@example.org"]
    message = next(m for m in mail.outbox if m.to == ["obec@example.org"])
    assert "Mimo území plánu." in message.body
    table = settlement_table(consultation=consultation)
    assert table.published
    assert table.rows[0].resulting_change.startswith("1.1")
    assert table.rows[1].commenter == "Obec Lhota"
    assert table.rows[0].commenter == str(Comment.CommenterKind.CITIZEN.label)


def test_settling_needs_outcome_and_reason(consultation, coordinator):
    comment = add_comment(consultation)
    _close(coordinator, consultation)
    with pytest.raises(ValidationFailed) as error:
        comment_settle(
            actor=coordinator, comment=comment, expected_version=1, outcome="maybe", reason=""
        )
    assert set(error.value.details["errors"]) == {"outcome", "reason"}


def test_no_mail_before_the_transaction_commits(
    consultation, coordinator, django_capture_on_commit_callbacks
):
    comment = add_comment(consultation)
    _close(coordinator, consultation)
    comment_settle(
        actor=coordinator,
        comment=comment,
        expected_version=1,
        outcome="noted",
        reason="Bereme na vědomí.",
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        consultation_settlement_publish(actor=coordinator, consultation=consultation)
    assert mail.outbox == []
    assert len(callbacks) == 1
