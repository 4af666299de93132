"""Staff and public plan pages through the Django test client: who sees what in which state,
the editor, the comment form with its anti-spam, the settlement and the council opinions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from kpss.planning.models import Comment, CouncilOpinion, Plan, PlanVersion
from kpss.planning.services_consultation import RATE_LIMIT
from kpss.planning.tests.conftest import add_comment, force_state, open_consultation
from kpss.territory.models import Municipality

S = PlanVersion.State
PASSWORD = "heslo-pro-testy"
KELC = "542989"


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def staff(name, area, *args):
    return reverse(f"planning:{name}", args=[area.slug, *args])


def public(name, area, *args):
    return reverse(f"planning_public:{name}", args=[area.slug, *args])


# Staff: who may see and do what ------------------------------------------------------------


def test_anonymous_is_sent_to_login(client, plan, pilot_area):
    response = client.get(staff("plans", pilot_area))
    assert response.status_code == 302
    assert "login" in response["Location"] or "prihlaseni" in response["Location"]


def test_coordinator_lists_and_creates_plans(client, coordinator, plan, pilot_area):
    login(client, coordinator)
    response = client.get(staff("plans", pilot_area))
    assert response.status_code == 200
    assert "Střednědobý plán 2022–2024" in response.content.decode()
    response = client.post(
        staff("plans", pilot_area),
        {"title": "Plán 2025–2027", "period_from_year": 2025, "period_to_year": 2027},
    )
    new = Plan.objects.get(title="Plán 2025–2027")
    assert response.status_code == 302
    assert new.versions.get().state == S.DRAFT
    assert new.versions.get().sections.count() == 5


def test_plan_form_shows_errors_with_summary(client, coordinator, pilot_area, db):
    login(client, coordinator)
    response = client.post(
        staff("plans", pilot_area),
        {"title": "", "period_from_year": 2025, "period_to_year": 2020},
    )
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_title_error"' in html


def test_provider_may_read_but_not_create(client, provider_user, plan, pilot_area):
    login(client, provider_user)
    assert client.get(staff("plans", pilot_area)).status_code == 200
    response = client.post(
        staff("plans", pilot_area),
        {"title": "X", "period_from_year": 2025, "period_to_year": 2027},
    )
    assert response.status_code == 403
    version = plan.versions.get()
    section = version.sections.first()
    assert client.get(staff("section_edit", pilot_area, version.pk, section.pk)).status_code == 403


def test_outsider_of_another_area_gets_403_or_404(client, other_coordinator, plan, pilot_area):
    login(client, other_coordinator)
    assert client.get(staff("plans", pilot_area)).status_code in (403, 404)
    pilot_area.is_public = False
    pilot_area.save()
    assert client.get(staff("plans", pilot_area)).status_code == 404


def test_draft_editor_edits_a_section_with_preview(client, coordinator, plan, pilot_area):
    login(client, coordinator)
    version = plan.versions.get()
    section = version.sections.first()
    url = staff("section_edit", pilot_area, version.pk, section.pk)
    data = {"title": "Popisná část", "body": "## Úvod\n\n<script>x</script>**tučně**", "version": 1}
    response = client.post(url, {**data, "preview": "1"})
    html = response.content.decode()
    assert "<strong>tučně</strong>" in html
    assert "<script>x" not in html
    section.refresh_from_db()
    assert section.body == ""
    response = client.post(url, data)
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.body.startswith("## Úvod")
    assert section.version == 2


def test_section_conflict_is_409_with_the_stored_text(client, coordinator, plan, pilot_area):
    login(client, coordinator)
    version = plan.versions.get()
    section = version.sections.first()
    url = staff("section_edit", pilot_area, version.pk, section.pk)
    client.post(url, {"title": section.title, "body": "Uloženo dříve", "version": 1})
    response = client.post(url, {"title": section.title, "body": "Moje verze", "version": 1})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Uloženo dříve" in html
    assert "Moje verze" in html
    section.refresh_from_db()
    assert section.body == "Uloženo dříve"


def test_priority_and_measure_are_created_and_edited(client, coordinator, plan, pilot_area):
    login(client, coordinator)
    version = plan.versions.get()
    response = client.post(
        staff("priority_create", pilot_area, version.pk), {"code": "2", "title": "Rodiny"}
    )
    assert response.status_code == 302
    priority = version.priorities.get(code="2")
    response = client.post(
        staff("measure_create", pilot_area, version.pk),
        {"priority": priority.pk, "code": "2.1", "title": "Sociálně aktivizační služby"},
    )
    assert response.status_code == 302
    measure = version.measures.get(code="2.1")
    url = staff("measure", pilot_area, measure.pk)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "priority": priority.pk,
            "code": "2.1",
            "title": "Sociálně aktivizační služby pro rodiny",
            "year_from": 2023,
            "year_to": 2022,
            "version": measure.version,
        },
    )
    assert response.status_code == 422
    assert "error-summary" in response.content.decode()
    response = client.post(
        url,
        {
            "priority": priority.pk,
            "code": "2.1",
            "title": "Sociálně aktivizační služby pro rodiny",
            "year_from": 2022,
            "year_to": 2024,
            "version": measure.version,
        },
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.title.endswith("pro rodiny")
    part = reverse("planning:measure_part", args=[pilot_area.slug, measure.pk, "naklady"])
    response = client.post(
        part, {"cost-year": 2023, "cost-source": "region", "cost-amount_czk": 50000}
    )
    assert response.status_code == 302
    assert measure.costs.get().amount_czk == 50000
    response = client.post(part, {"cost-year": 2030, "cost-source": "region", "cost-amount_czk": 1})
    assert response.status_code == 422
    part = reverse("planning:measure_part", args=[pilot_area.slug, measure.pk, "indikator"])
    client.post(part, {"indicator-name": "Rodiny", "indicator-unit": "počet"})
    assert measure.indicators.count() == 1
    part = reverse("planning:measure_part", args=[pilot_area.slug, measure.pk, "aktivita"])
    client.post(part, {"activity-title": "Najmout pracovníka"})
    assert measure.activities.count() == 1
    response = client.post(staff("measure_delete", pilot_area, measure.pk))
    assert response.status_code == 302
    assert not version.measures.filter(code="2.1").exists()


def test_measure_conflict_keeps_the_stored_values(client, coordinator, plan, pilot_area):
    login(client, coordinator)
    measure = plan.versions.get().measures.get()
    url = staff("measure", pilot_area, measure.pk)
    base = {"priority": measure.priority_id, "code": "1.1", "version": measure.version}
    assert client.post(url, {**base, "title": "První"}).status_code == 302
    response = client.post(url, {**base, "title": "Druhá"})
    assert response.status_code == 409
    measure.refresh_from_db()
    assert measure.title == "První"


def test_publish_for_consultation_freezes_and_shows_snapshot(client, coordinator, plan, pilot_area):
    login(client, coordinator)
    version = plan.versions.get()
    today = timezone.localdate()
    response = client.post(
        staff("publish", pilot_area, version.pk),
        {"starts_on": today, "ends_on": today - dt.timedelta(days=1)},
    )
    assert response.status_code == 422
    response = client.post(
        staff("publish", pilot_area, version.pk),
        {"starts_on": today, "ends_on": today + dt.timedelta(days=14)},
    )
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.state == S.IN_CONSULTATION
    html = client.get(staff("version", pilot_area, version.pk)).content.decode()
    assert "Rozšířit pečovatelskou službu" in html
    assert "800\u00a0000\u00a0Kč" in html
    assert staff("section_edit", pilot_area, version.pk, version.sections.first().pk) not in html
    section = version.sections.first()
    response = client.get(staff("section_edit", pilot_area, version.pk, section.pk))
    assert response.status_code == 302


def test_manager_may_publish_but_not_edit(client, manager, plan, pilot_area):
    from kpss.organisations.models import Membership, Organisation

    org = Organisation.objects.create(kind="other", name="Manažer o. s.")
    Membership.objects.create(
        user=manager, organisation=org, planning_area=pilot_area, role="provider"
    )
    login(client, manager)
    version = plan.versions.get()
    assert client.get(staff("publish", pilot_area, version.pk)).status_code == 200
    section = version.sections.first()
    assert client.get(staff("section_edit", pilot_area, version.pk, section.pk)).status_code == 403


def test_transition_requires_post_and_permission(
    client, coordinator, provider_user, plan, pilot_area
):
    version = plan.versions.get()
    force_state(version, S.IN_CONSULTATION)
    login(client, provider_user)
    url = staff("transition", pilot_area, version.pk)
    assert client.get(url).status_code == 405
    assert client.post(url, {"action": "close_consultation"}).status_code == 403
    login(client, coordinator)
    assert client.post(url, {"action": "close_consultation"}).status_code == 302
    version.refresh_from_db()
    assert version.state == S.SETTLEMENT


def test_diff_shows_changed_section_and_added_measure(client, coordinator, plan, pilot_area):
    from kpss.planning.services import (
        measure_create,
        plan_version_create_draft,
        section_update,
    )

    v1 = plan.versions.get()
    force_state(v1, S.SETTLEMENT)
    v1.consultation.settlement_published_at = timezone.now()
    v1.consultation.save()
    draft = plan_version_create_draft(actor=coordinator, plan=plan)
    section = draft.sections.get(kind="descriptive")
    section_update(actor=coordinator, section=section, expected_version=1, body="Nový odstavec")
    measure_create(
        actor=coordinator, priority=draft.priorities.get(), code="1.2", title="Odlehčovací služba"
    )
    login(client, coordinator)
    response = client.get(staff("diff", pilot_area, plan.pk), {"a": v1.pk, "b": draft.pk})
    html = response.content.decode()
    assert "<ins" in html
    assert "Nový odstavec" in html
    assert "Odlehčovací služba" in html


# Consultation: comments, moderation, settlement ---------------------------------------------


def comment_data(version, **overrides):
    measure = version.measures.first()
    data = {
        "author_name": "Jan Novák",
        "email": "jan@example.org",
        "organisation": "",
        "commenter_kind": "citizen",
        "target": f"m:{measure.pk}",
        "quoted_passage": "",
        "proposed_change": "Doplnit víkendovou službu.",
        "justification": "Potřeba v obcích.",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def test_public_comment_is_recorded_without_an_account(client, plan, pilot_area):
    consultation = open_consultation(plan)
    version = consultation.plan_version
    page = client.get(public("version", pilot_area, version.pk)).content.decode()
    assert public("comment", pilot_area, version.pk) in page
    form = client.get(public("comment", pilot_area, version.pk)).content.decode()
    assert 'class="hp" aria-hidden="true"' in form
    assert 'tabindex="-1"' in form
    response = client.post(public("comment", pilot_area, version.pk), comment_data(version))
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.author_name == "Jan Novák"
    assert "jan@example.org" not in client.get(response["Location"]).content.decode()


def test_comment_form_errors_are_listed_and_linked(client, plan, pilot_area):
    consultation = open_consultation(plan)
    version = consultation.plan_version
    response = client.post(
        public("comment", pilot_area, version.pk),
        comment_data(version, email="neni-email", consent="", commenter_kind="provider", target=""),
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert 'href="#id_email"' in html
    assert 'aria-describedby="id_email_helptext id_email_error"' in html
    assert not Comment.objects.exists()
    response = client.post(
        public("comment", pilot_area, version.pk),
        comment_data(version, commenter_kind="provider"),
    )
    assert response.status_code == 422
    assert "organizace" in response.content.decode().lower()


def test_honeypot_rejects_the_comment(client, plan, pilot_area):
    consultation = open_consultation(plan)
    version = consultation.plan_version
    response = client.post(
        public("comment", pilot_area, version.pk), comment_data(version, website="http://spam")
    )
    assert response.status_code == 422
    assert not Comment.objects.exists()


def test_rate_limit_is_explained_politely(client, plan, pilot_area):
    consultation = open_consultation(plan)
    version = consultation.plan_version
    for _i in range(RATE_LIMIT):
        add_comment(consultation, email="jan@example.org")
    response = client.post(public("comment", pilot_area, version.pk), comment_data(version))
    assert response.status_code == 429
    assert "error-summary" in response.content.decode()


def test_closed_consultation_has_no_form(client, plan, pilot_area):
    consultation = open_consultation(plan)
    consultation.ends_on = timezone.localdate() - dt.timedelta(days=1)
    consultation.starts_on = consultation.ends_on - dt.timedelta(days=10)
    consultation.save()
    version = consultation.plan_version
    response = client.post(public("comment", pilot_area, version.pk), comment_data(version))
    assert not Comment.objects.exists()
    assert "<form" not in response.content.decode().split("<main", 1)[1]


def test_public_never_sees_a_draft(client, plan, pilot_area):
    version = plan.versions.get()
    assert client.get(public("version", pilot_area, version.pk)).status_code == 404
    assert "Rozšířit" not in client.get(public("plan", pilot_area)).content.decode()


def test_settlement_flow(client, coordinator, plan, pilot_area, django_capture_on_commit_callbacks):
    consultation = open_consultation(plan)
    version = consultation.plan_version
    first = add_comment(consultation)
    abusive = add_comment(consultation, proposed_change="urážka", email="x@example.org")
    force_state(version, S.SETTLEMENT)
    login(client, coordinator)
    comments_url = staff("comments", pilot_area, version.pk)
    html = client.get(comments_url, {"state": "unsettled"}).content.decode()
    assert "Doplnit víkendovou službu" in html
    response = client.post(staff("settlement_publish", pilot_area, version.pk), follow=True)
    assert "2" in response.content.decode()
    consultation.refresh_from_db()
    assert not consultation.settlement_is_published
    response = client.post(staff("comment_hide", pilot_area, abusive.pk), {"reason": ""})
    assert response.status_code == 422
    client.post(staff("comment_hide", pilot_area, abusive.pk), {"reason": "urážlivé"})
    abusive.refresh_from_db()
    assert abusive.hidden
    assert "urážka" not in client.get(comments_url).content.decode()
    assert "urážka" in client.get(comments_url, {"hidden": "only"}).content.decode()
    url = staff("comment", pilot_area, first.pk)
    response = client.post(url, {"outcome": "accepted", "reason": "", "version": first.version})
    assert response.status_code == 422
    response = client.post(
        url, {"outcome": "accepted", "reason": "Doplněno.", "version": first.version}
    )
    assert response.status_code == 302
    response = client.post(url, {"outcome": "noted", "reason": "Jinak.", "version": first.version})
    assert response.status_code == 409
    first.refresh_from_db()
    assert first.outcome == "accepted"
    assert client.get(public("settlement", pilot_area, version.pk)).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        client.post(staff("settlement_publish", pilot_area, version.pk))
    consultation.refresh_from_db()
    assert consultation.settlement_is_published
    assert len(mail.outbox) == 1
    client.logout()
    html = client.get(public("settlement", pilot_area, version.pk)).content.decode()
    assert "Doplněno." in html
    assert "jana@example.org" not in html
    assert "urážka" not in html


# Council opinions --------------------------------------------------------------------------


def test_council_opinions_progress_and_permissions(client, coordinator, officer, plan, pilot_area):
    version = plan.versions.get()
    force_state(version, S.SUBMITTED_TO_COUNCILS)
    kelc = Municipality.objects.get(code=KELC)
    other = pilot_area.municipalities.exclude(pk=kelc.pk).first()
    login(client, officer)
    html = client.get(staff("councils", pilot_area, version.pk)).content.decode()
    assert f"0 z {pilot_area.municipalities.count()}" in html or "0 of" in html
    assert client.get(staff("council_opinion", pilot_area, version.pk, other.pk)).status_code == 403
    response = client.post(
        staff("council_opinion", pilot_area, version.pk, kelc.pk),
        {"result": "agrees", "decided_on": "2021-11-15", "resolution_number": "12/2021"},
    )
    assert response.status_code == 302
    assert CouncilOpinion.objects.get().municipality == kelc
    login(client, coordinator)
    response = client.post(
        staff("council_opinion", pilot_area, version.pk, other.pk),
        {"result": "disagrees", "decided_on": "2021-11-20"},
    )
    assert response.status_code == 302
    assert CouncilOpinion.objects.count() == 2


def test_approval_puts_the_version_in_force_for_the_public(client, coordinator, plan, pilot_area):
    version = plan.versions.get()
    force_state(version, S.SUBMITTED_TO_COUNCILS)
    login(client, coordinator)
    response = client.post(
        staff("approve", pilot_area, version.pk),
        {"body_name": "Valná hromada", "resolution_number": "5/2021", "decided_on": "2021-12-20"},
    )
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.state == S.IN_FORCE
    client.logout()
    html = client.get(public("plan", pilot_area)).content.decode()
    assert "Rozšířit pečovatelskou službu" in html
    assert "5/2021" in html


def test_example_plan_is_labelled(client, plan, pilot_area):
    plan.is_example = True
    plan.save()
    version = plan.versions.get()
    force_state(version, S.IN_CONSULTATION)
    html = client.get(public("version", pilot_area, version.pk)).content.decode()
    assert "example-label" in html


def test_downloads_of_drafts_are_not_public(client, plan, pilot_area):
    version = plan.versions.get()
    assert client.get(public("download", pilot_area, version.pk, "pdf")).status_code == 404


def test_documents_download_for_staff_and_public(client, coordinator, plan, pilot_area):
    version = plan.versions.get()
    force_state(version, S.IN_CONSULTATION)
    response = client.get(public("download", pilot_area, version.pk, "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    measure = version.measures.get()
    response = client.get(public("measure_download", pilot_area, version.pk, measure.pk))
    assert response.content.startswith(b"%PDF")
    assert (
        client.get(public("settlement_download", pilot_area, version.pk, "xlsx")).status_code == 404
    )
    login(client, coordinator)
    response = client.get(staff("download", pilot_area, version.pk, "docx"))
    assert response.status_code == 200
    assert response.content.startswith(b"PK")
    response = client.get(staff("settlement_download", pilot_area, version.pk, "xlsx"))
    assert response.content.startswith(b"PK")
    pilot_area.is_public = False
    pilot_area.save()
    client.logout()
    assert client.get(public("download", pilot_area, version.pk, "pdf")).status_code == 404


def test_an_unknown_measure_summary_is_a_404_not_a_server_error(client, plan, pilot_area):
    version = plan.versions.get()
    force_state(version, S.IN_CONSULTATION)
    response = client.get(public("measure_download", pilot_area, version.pk, 999_999))
    assert response.status_code == 404


@pytest.fixture
def demo_plan(pilot_area, codelists):
    from django.core.management import call_command

    from kpss.governance.models import Body

    for code in ("PS-SEN", "PS-OZP", "PS-RDM", "PS-KRI"):
        Body.objects.create(
            planning_area=pilot_area, kind=Body.Kind.WORKING_GROUP, code=code, name=code
        )
    call_command("demo_plan", verbosity=0)
    return Plan.objects.get()


def test_demo_plan_pages_render(client, coordinator, demo_plan, pilot_area):
    first, second = demo_plan.versions.order_by("number")
    html = client.get(public("plan", pilot_area)).content.decode()
    assert "Ilustrativní obsah" in html
    assert "example-label" in html
    assert public("settlement", pilot_area, first.pk) in html
    html = client.get(public("settlement", pilot_area, first.pk)).content.decode()
    assert "<table" in html
    assert "@" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    assert client.get(public("version", pilot_area, first.pk)).status_code == 200
    login(client, coordinator)
    for url in (
        staff("plans", pilot_area),
        staff("plan", pilot_area, demo_plan.pk),
        staff("version", pilot_area, first.pk),
        staff("version", pilot_area, second.pk),
        staff("comments", pilot_area, first.pk),
        staff("councils", pilot_area, second.pk),
    ):
        assert client.get(url).status_code == 200, url
    response = client.get(staff("diff", pilot_area, demo_plan.pk))
    assert response.status_code == 200
    assert "diff-item" in response.content.decode()
    comment = Comment.objects.filter(consultation=first.consultation).first()
    assert client.get(staff("comment", pilot_area, comment.pk)).status_code == 200


def test_priority_is_edited_and_deleted_only_when_empty(client, coordinator, plan, pilot_area):
    login(client, coordinator)
    version = plan.versions.get()
    priority = version.priorities.get()
    url = staff("priority", pilot_area, priority.pk)
    response = client.post(url, {"code": "1", "title": "Senioři v domácím prostředí"})
    assert response.status_code == 302
    priority.refresh_from_db()
    assert priority.title == "Senioři v domácím prostředí"
    client.post(url, {"delete": "1"})
    assert version.priorities.filter(pk=priority.pk).exists()
    version.measures.all().delete()
    client.post(url, {"delete": "1"})
    assert not version.priorities.filter(pk=priority.pk).exists()


def test_measure_parts_are_removed_by_post(client, coordinator, provider_user, plan, pilot_area):
    measure = plan.versions.get().measures.get()
    activity = measure.activities.get()
    indicator = measure.indicators.get()
    url = reverse(
        "planning:measure_part_delete",
        args=[pilot_area.slug, measure.pk, "aktivita", activity.pk],
    )
    login(client, provider_user)
    assert client.post(url).status_code == 403
    login(client, coordinator)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not measure.activities.exists()
    url = reverse(
        "planning:measure_part_delete",
        args=[pilot_area.slug, measure.pk, "indikator", indicator.pk],
    )
    client.post(url)
    assert not measure.indicators.exists()


def test_frozen_priority_and_parts_cannot_change(coordinator, plan):
    from kpss.planning.errors import VersionFrozen
    from kpss.planning.services import measure_part_delete, priority_delete, priority_update

    version = plan.versions.get()
    force_state(version, S.IN_CONSULTATION)
    priority = version.priorities.get()
    with pytest.raises(VersionFrozen):
        priority_update(actor=coordinator, priority=priority, code="9", title="X")
    with pytest.raises(VersionFrozen):
        priority_delete(actor=coordinator, priority=priority)
    with pytest.raises(VersionFrozen):
        measure_part_delete(actor=coordinator, part=version.measures.get().activities.get())


def test_network_entry_is_added_to_the_draft(client, coordinator, pilot_registry, plan):
    from kpss.registry.selectors import service_list

    area = pilot_registry
    service = service_list(area=area).first()
    version = plan.versions.get()
    login(client, coordinator)
    url = staff("network_entry", area, version.pk)
    response = client.post(url, {"entry-service": service.pk, "entry-planned_changes": "rok dva"})
    assert response.status_code == 422
    assert "error-summary" in response.content.decode()
    response = client.post(
        url,
        {
            "entry-service": service.pk,
            "entry-capacity": "12",
            "entry-planned_changes": "2023 +5\n2024 2 0,5",
        },
    )
    assert response.status_code == 302
    entry = version.network_entries.get()
    assert entry.planned_changes[0] == {"year": 2023, "delta_capacity": 5, "delta_units": "0"}
    html = client.get(staff("version", area, version.pk)).content.decode()
    assert service.name in html


@pytest.mark.parametrize(
    ("persona", "reads", "edits"),
    [
        ("coordinator", 200, 200),
        ("officer", 200, 403),
        ("provider_user", 200, 403),
        ("other_coordinator", 403, 403),
    ],
)
def test_staff_pages_by_persona(request, client, plan, pilot_area, persona, reads, edits):
    user = request.getfixturevalue(persona)
    login(client, user)
    version = plan.versions.get()
    section = version.sections.first()
    assert client.get(staff("plan", pilot_area, plan.pk)).status_code == reads
    assert client.get(staff("version", pilot_area, version.pk)).status_code == reads
    assert client.get(staff("section_edit", pilot_area, version.pk, section.pk)).status_code == (
        edits
    )
    assert client.get(staff("measure_create", pilot_area, version.pk)).status_code == edits
    assert client.get(staff("approve", pilot_area, version.pk)).status_code == edits


def test_unpublished_area_is_404_to_the_public_and_outsiders(
    client, other_coordinator, plan, pilot_area
):
    version = plan.versions.get()
    force_state(version, S.IN_FORCE)
    pilot_area.is_public = False
    pilot_area.save()
    assert client.get(public("plan", pilot_area)).status_code == 404
    assert client.get(public("version", pilot_area, version.pk)).status_code == 404
    login(client, other_coordinator)
    assert client.get(public("plan", pilot_area)).status_code == 404
    assert client.get(staff("version", pilot_area, version.pk)).status_code == 404


def test_measure_summary_is_linked_from_the_public_version(client, plan, pilot_area):
    version = plan.versions.get()
    force_state(version, S.IN_CONSULTATION)
    measure = version.measures.get()
    html = client.get(public("version", pilot_area, version.pk)).content.decode()
    url = public("measure_download", pilot_area, version.pk, measure.pk)
    assert url in html
    assert client.get(url).content.startswith(b"%PDF")


def test_working_group_lead_edits_the_groups_measure(client, wg_lead, plan, pilot_area):
    measure = plan.versions.get().measures.get()
    login(client, wg_lead)
    url = staff("measure", pilot_area, measure.pk)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "priority": measure.priority_id,
            "code": "1.1",
            "title": "Rozšířit pečovatelskou službu i o víkendy",
            "working_group": measure.working_group_id,
            "version": measure.version,
        },
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.title.endswith("o víkendy")
    assert (
        client.get(staff("measure_create", pilot_area, measure.plan_version_id)).status_code == 403
    )
