"""Writes of intentions: calls, the provider's drafts, submission and revisions, the
coordinator's assessment and priorities, and the statements of consistency.

Every write takes an actor, is permitted by a rule (permissions.py), moves states only
through states.py and leaves an audit event. Windows are checked against `today`, which
defaults to the local date and may be passed in (tests, the demo).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kpss.accounts.models import User
from kpss.core.audit import audit_record
from kpss.core.errors import ConcurrentEdit, PermissionDenied, ValidationFailed
from kpss.core.formats import format_date
from kpss.core.permissions import require_perm
from kpss.intentions import states
from kpss.intentions.checks import intention_check
from kpss.intentions.models import Assessment, Call, Intention, NetworkLayer, Statement
from kpss.intentions.permissions import provider_organisation_ids
from kpss.intentions.selectors import call_window
from kpss.needs.models import Need
from kpss.organisations.models import Membership, Organisation
from kpss.planning.models import FundingSource, Measure
from kpss.registry.models import Provider, Service

S = Intention.State

CALL_FIELDS = (
    "title",
    "description",
    "year",
    "submission_from",
    "submission_to",
    "statement_from",
    "statement_to",
    "layers",
    "regional_needs",
    "is_example",
)
CALL_RELATIONS = ("service_types", "measures")
INTENTION_FIELDS = (
    "kind",
    "layer",
    "year",
    "title",
    "service",
    "new_service_name",
    "service_type",
    "form",
    "capacity_from",
    "capacity_to",
    "capacity_unit",
    "units_from",
    "units_to",
    "unit_kind",
    "start_date",
    "total_cost_czk",
    "funding",
    "justification",
    "regional_need",
    "is_example",
)
INTENTION_RELATIONS = ("target_groups", "municipalities", "measures", "needs")


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _audit(actor: User, verb: str, obj: Any, call: Call, **payload: Any) -> None:
    audit_record(
        actor=actor, verb=verb, obj=obj, area_slug=call.planning_area.slug, payload=payload
    )


def _bump(model: type[Call] | type[Intention], pk: int, expected_version: int) -> None:
    updated = model.objects.filter(pk=pk, version=expected_version).update(version=F("version") + 1)
    if not updated:
        raise ConcurrentEdit(
            _("Someone else changed this record in the meantime; reload it and edit again."),
            expected_version=expected_version,
        )


# Calls --------------------------------------------------------------------------------------


def _call_check(call: Call, relations: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    if not call.layers:
        errors["layers"] = _("Admit at least one network layer.")
    elif any(code not in NetworkLayer.values for code in call.layers):
        errors["layers"] = _("Unknown network layer.")
    if call.submission_to < call.submission_from:
        errors["submission_to"] = _("The submission window ends before it starts.")
    if call.statement_to < call.statement_from:
        errors["statement_to"] = _("The statement window ends before it starts.")
    if call.statement_from <= call.submission_to:
        errors["statement_from"] = _("Statements start only after the submissions close.")
    area = call.planning_area
    measures = relations.get("measures") or []
    if any(m.plan_version.plan.planning_area_id != area.pk for m in measures):
        errors["measures"] = _("Choose measures of this area's plan.")
    if errors:
        raise ValidationFailed(_("The call is not valid."), errors=errors)


def call_create(*, actor: User, area: Any, **fields: Any) -> Call:
    require_perm(actor, "intentions.manage_calls", area)
    relations = {k: fields.pop(k) for k in CALL_RELATIONS if k in fields}
    unknown = set(fields) - set(CALL_FIELDS)
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    with transaction.atomic():
        call = Call(planning_area=area, **fields)
        _call_check(call, relations)
        call.full_clean()
        call.save()
        for name, values in relations.items():
            getattr(call, name).set(values)
        _audit(actor, "intention_call.create", call, call, title=call.title, year=call.year)
    return call


def call_update(*, actor: User, call: Call, expected_version: int, **fields: Any) -> Call:
    require_perm(actor, "intentions.manage_calls", call.planning_area)
    if call.state == Call.State.CLOSED:
        raise states.IllegalTransition(_("A closed call can no longer be changed."))
    relations = {k: fields.pop(k) for k in CALL_RELATIONS if k in fields}
    with transaction.atomic():
        _bump(Call, call.pk, expected_version)
        call.refresh_from_db()
        for name, value in fields.items():
            if name not in CALL_FIELDS:
                raise ValueError(f"Unknown field: {name}")
            setattr(call, name, value)
        _call_check(call, relations)
        call.full_clean()
        call.save()
        for name, values in relations.items():
            getattr(call, name).set(values)
        _audit(actor, "intention_call.update", call, call, fields=sorted(fields))
    return call


def call_close(*, actor: User, call: Call) -> Call:
    """Close the call: its intentions and outcomes become public. Every submitted intention
    must be assessed first and every type A and B one must have its statement."""
    require_perm(actor, "intentions.manage_calls", call.planning_area)
    with transaction.atomic():
        new_state = states.call_next_state(current=call.state, action=states.CLOSE)
        current = Intention.objects.filter(call=call).exclude(state=S.SUPERSEDED)
        open_items = (
            current.filter(state=S.SUBMITTED).count()
            + current.filter(
                state=S.ASSESSED, kind__in=(Intention.Kind.A, Intention.Kind.B)
            ).count()
        )
        if open_items:
            raise ValidationFailed(
                _(
                    "Assess every submitted intention and issue the statements of types A and "
                    "B before closing the call."
                ),
                code="intentions_pending",
                pending=open_items,
            )
        call.state = new_state
        call.closed_at = timezone.now()
        call.save(update_fields=["state", "closed_at", "updated_at"])
        _audit(actor, "intention_call.close", call, call)
    return call


# Intentions ---------------------------------------------------------------------------------


def _decimal(value: Any) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return Decimal(-1)


def _intention_check(intention: Intention, relations: dict[str, Any]) -> None:
    """Field rules that a draft must already keep (the completeness rules wait for
    submission)."""
    call = intention.call
    errors: dict[str, str] = {}
    if call.layers and intention.layer not in call.layers:
        errors["layer"] = _("The call does not admit this network layer.")
    admitted = set(call.service_types.values_list("pk", flat=True))
    if admitted and intention.service_type_id not in admitted:
        errors["service_type"] = _("The call does not admit this service type.")
    service: Service | None = intention.service
    if service is not None:
        ico = intention.organisation.ico
        if service.provider.ico != ico:
            errors["service"] = _("Choose a service of your own organisation.")
        elif service.service_type_id != intention.service_type_id:
            errors["service_type"] = _("The service is registered as another service type.")
    elif not intention.new_service_name.strip():
        errors["new_service_name"] = _("Choose an existing service or name the new one.")
    allowed = set(intention.service_type.allowed_forms.values_list("pk", flat=True))
    if allowed and intention.form_id not in allowed:
        errors["form"] = _("This service type is not provided in this form.")
    residential = intention.form.code == "pob"
    expected_unit = Intention.UnitKind.BEDS if residential else Intention.UnitKind.FTE
    if intention.unit_kind != expected_unit:
        errors["unit_kind"] = (
            _("Residential services are counted in beds.")
            if residential
            else _("Field and outpatient services are counted in direct-care FTE.")
        )
    for name in ("capacity_from", "capacity_to", "units_from", "units_to"):
        if _decimal(getattr(intention, name)) < 0:
            errors[name] = _("Enter zero or more.")
    funding = intention.funding or {}
    if not isinstance(funding, dict) or any(
        key not in FundingSource.values or not isinstance(v, int) or v < 0
        for key, v in funding.items()
    ):
        errors["funding"] = _("Enter whole amounts in CZK per known source.")
    area = call.planning_area
    measures: list[Measure] = list(relations.get("measures") or [])
    if any(m.plan_version.plan.planning_area_id != area.pk for m in measures):
        errors["measures"] = _("Choose measures of this area's plan.")
    needs: list[Need] = list(relations.get("needs") or [])
    if any(n.planning_area_id != area.pk for n in needs):
        errors["needs"] = _("Choose needs of this area.")
    if errors:
        raise ValidationFailed(_("The intention is not valid."), errors=errors)


def _set_relations(intention: Intention, relations: Mapping[str, Iterable[Any]]) -> None:
    for name, values in relations.items():
        getattr(intention, name).set(values)


def _relations_of(intention: Intention) -> dict[str, list[Any]]:
    return {name: list(getattr(intention, name).all()) for name in INTENTION_RELATIONS}


def intention_create(
    *,
    actor: User,
    call: Call,
    organisation: Organisation,
    today: dt.date | None = None,
    **fields: Any,
) -> Intention:
    """A draft intention of the provider organisation. Drafts can be saved until the
    submission window closes."""
    area = call.planning_area
    require_perm(actor, "intentions.submit_intention", area)
    acts_for = organisation.pk in provider_organisation_ids(actor, area)
    if not (getattr(actor, "is_system", False) or actor.is_superuser or acts_for):
        raise PermissionDenied(_("You do not act for this provider."))
    if call.state == Call.State.CLOSED or _today(today) > call.submission_to:
        raise states.OutsideWindow(_("The submission window of this call has closed."))
    relations = {k: fields.pop(k) for k in INTENTION_RELATIONS if k in fields}
    unknown = set(fields) - set(INTENTION_FIELDS)
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    fields.setdefault("year", call.year)
    with transaction.atomic():
        number = (Intention.objects.filter(call=call).aggregate(m=Max("number"))["m"] or 0) + 1
        provider = (
            Provider.objects.filter(ico=organisation.ico).first() if organisation.ico else None
        )
        intention = Intention(
            call=call,
            organisation=organisation,
            provider=provider,
            number=number,
            created_by=actor,
            **fields,
        )
        _intention_check(intention, relations)
        intention.full_clean()
        intention.save()
        _set_relations(intention, relations)
        _audit(actor, "intention.create", intention, call, number=number, kind=intention.kind)
    return intention


def _require_draft(intention: Intention) -> None:
    if intention.is_frozen:
        raise states.IntentionFrozen(
            _(
                "Intention %(number)s is %(state)s and can no longer be changed; make a new "
                "revision with a reason."
            )
            % {"number": intention.label, "state": S(intention.state).label},
            state=intention.state,
        )


def intention_update(
    *, actor: User, intention: Intention, expected_version: int, **fields: Any
) -> Intention:
    require_perm(actor, "intentions.change_intention", intention)
    _require_draft(intention)
    relations = {k: fields.pop(k) for k in INTENTION_RELATIONS if k in fields}
    with transaction.atomic():
        _bump(Intention, intention.pk, expected_version)
        intention.refresh_from_db()
        for name, value in fields.items():
            if name not in INTENTION_FIELDS:
                raise ValueError(f"Unknown field: {name}")
            setattr(intention, name, value)
        _intention_check(intention, {**_relations_of(intention), **relations})
        intention.full_clean()
        intention.save()
        _set_relations(intention, relations)
        _audit(actor, "intention.update", intention, intention.call, fields=sorted(fields))
    return intention


def _require_submission_window(call: Call, today: dt.date | None) -> None:
    window = call_window(call, _today(today))
    if window != "submission":
        raise states.OutsideWindow(
            _("Intentions can be submitted only from %(start)s to %(end)s.")
            % {
                "start": format_date(call.submission_from),
                "end": format_date(call.submission_to),
            },
            window=window,
        )


def intention_submit(
    *, actor: User, intention: Intention, today: dt.date | None = None
) -> Intention:
    """Submit a draft in the call's submission window; from now on it is frozen."""
    require_perm(actor, "intentions.change_intention", intention)
    _require_submission_window(intention.call, today)
    with transaction.atomic():
        new_state = states.intention_next_state(current=intention.state, action=states.SUBMIT)
        errors: dict[str, str] = {}
        if intention.needs_statement and not intention.measures.exists():
            errors["measures"] = _("Intentions of types A and B must name the plan measure.")
        if intention.kind == Intention.Kind.C:
            if intention.layer != NetworkLayer.BASIC:
                errors["layer"] = _("A type C intention re-enters the basic network.")
            if intention.units_to != intention.units_from:
                errors["units_to"] = _(
                    "A type C intention re-enters unchanged: the network units stay the same."
                )
        if not intention.justification.strip():
            errors["justification"] = _("Give the justification.")
        if errors:
            raise ValidationFailed(_("The intention cannot be submitted yet."), errors=errors)
        updated = Intention.objects.filter(pk=intention.pk, state=S.DRAFT).update(
            state=new_state,
            submitted_at=timezone.now(),
            submitted_by=actor,
            version=F("version") + 1,
        )
        if not updated:
            raise ConcurrentEdit(_("The intention was submitted in the meantime."))
        intention.refresh_from_db()
        _audit(actor, "intention.submit", intention, intention.call, revision=intention.revision)
    return intention


def intention_revise(
    *, actor: User, intention: Intention, reason: str, today: dt.date | None = None
) -> Intention:
    """A new draft revision of a submitted intention, with the reason; the submitted one is
    kept as history (superseded). Only while the submission window is open."""
    require_perm(actor, "intentions.change_intention", intention)
    if not reason.strip():
        raise ValidationFailed(
            _("Give the reason for the revision."), errors={"reason": _("Give the reason.")}
        )
    _require_submission_window(intention.call, today)
    with transaction.atomic():
        new_state = states.intention_next_state(current=intention.state, action=states.REVISE)
        relations = _relations_of(intention)
        old_pk = intention.pk
        Intention.objects.filter(pk=old_pk).update(state=new_state, version=F("version") + 1)
        Assessment.objects.filter(intention_id=old_pk).delete()
        copy = Intention.objects.get(pk=old_pk)
        copy.pk = None
        copy.id = None
        copy._state.adding = True
        copy.state = S.DRAFT
        copy.revision = intention.revision + 1
        copy.previous_id = old_pk
        copy.revision_reason = reason.strip()
        copy.submitted_at = None
        copy.submitted_by = None
        copy.priority_order = None
        copy.created_by = actor
        copy.version = 1
        copy.save()
        _set_relations(copy, relations)
        _audit(
            actor,
            "intention.revise",
            copy,
            intention.call,
            previous=old_pk,
            revision=copy.revision,
            reason=reason.strip(),
        )
    return copy


# Assessment, priorities and statements -------------------------------------------------------


def intention_assess(
    *,
    actor: User,
    intention: Intention,
    outcome: str,
    reason: str,
    conditions: str = "",
    team_decision: str = "",
    gaps: dict[tuple[str, str], float] | None = None,
) -> Assessment:
    """Record (or change) the outcome and its reason; the automatic check is stored as it
    stands now."""
    area = intention.call.planning_area
    require_perm(actor, "intentions.assess", area)
    errors: dict[str, str] = {}
    if outcome not in Assessment.Outcome.values:
        errors["outcome"] = _("Choose the outcome.")
    if not reason.strip():
        errors["reason"] = _("Give the reason.")
    if outcome == Assessment.Outcome.CONDITIONAL and not conditions.strip():
        errors["conditions"] = _("Name the conditions.")
    if errors:
        raise ValidationFailed(_("The assessment is not complete."), errors=errors)
    with transaction.atomic():
        new_state = states.intention_next_state(current=intention.state, action=states.ASSESS)
        check = [c.as_dict() for c in intention_check(intention=intention, gaps=gaps)]
        assessment, created = Assessment.objects.update_or_create(
            intention=intention,
            defaults={
                "outcome": outcome,
                "reason": reason.strip(),
                "conditions": conditions.strip(),
                "team_decision": team_decision.strip(),
                "check_result": check,
                "assessed_by": actor,
                "assessed_at": timezone.now(),
            },
        )
        if not created:
            Assessment.objects.filter(pk=assessment.pk).update(version=F("version") + 1)
        intention.state = new_state
        intention.save(update_fields=["state", "updated_at"])
        _audit(
            actor,
            "intention.assess",
            intention,
            intention.call,
            outcome=outcome,
            team_decision=team_decision.strip(),
        )
    return assessment


def call_set_priorities(*, actor: User, call: Call, order: Sequence[int]) -> None:
    """Rank the call's submitted intentions: `order` lists intention ids, first = highest."""
    require_perm(actor, "intentions.assess", call.planning_area)
    from kpss.intentions.selectors import SUBMITTED_STATES

    ids = list(order)
    valid = set(
        Intention.objects.filter(call=call, state__in=SUBMITTED_STATES).values_list("pk", flat=True)
    )
    if len(set(ids)) != len(ids) or not set(ids) <= valid:
        raise ValidationFailed(
            _("Rank only the submitted intentions of this call, each once."), code="bad_order"
        )
    with transaction.atomic():
        Intention.objects.filter(call=call).update(priority_order=None)
        for position, pk in enumerate(ids, start=1):
            Intention.objects.filter(pk=pk).update(priority_order=position)
        _audit(actor, "intention_call.set_priorities", call, call, order=ids)


def statement_issue(
    *,
    actor: User,
    intention: Intention,
    signatory_name: str,
    signatory_function: str,
    issued_on: dt.date | None = None,
    today: dt.date | None = None,
) -> Statement:
    """Issue the numbered statement (n/year, per area) in the statement window and tell the
    provider's users by e-mail."""
    call = intention.call
    area = call.planning_area
    require_perm(actor, "intentions.issue_statement", area)
    day = _today(today)
    issued_on = issued_on or day
    errors: dict[str, str] = {}
    if not signatory_name.strip():
        errors["signatory_name"] = _("Name the signatory.")
    if not signatory_function.strip():
        errors["signatory_function"] = _("Give the signatory's function.")
    if not intention.needs_statement:
        errors["__all__"] = _("Type C intentions need no statement.")
    if errors:
        raise ValidationFailed(_("The statement cannot be issued."), errors=errors)
    if not (call.statement_from <= day <= call.statement_to) or not (
        call.statement_from <= issued_on <= call.statement_to
    ):
        raise states.OutsideWindow(
            _("Statements can be issued only from %(start)s to %(end)s.")
            % {
                "start": format_date(call.statement_from),
                "end": format_date(call.statement_to),
            }
        )
    with transaction.atomic():
        new_state = states.intention_next_state(
            current=intention.state, action=states.ISSUE_STATEMENT
        )
        year = issued_on.year
        sequence = (
            Statement.objects.select_for_update()
            .filter(planning_area=area, year=year)
            .aggregate(m=Max("sequence"))["m"]
            or 0
        ) + 1
        statement = Statement.objects.create(
            intention=intention,
            planning_area=area,
            year=year,
            sequence=sequence,
            issued_on=issued_on,
            signatory_name=signatory_name.strip(),
            signatory_function=signatory_function.strip(),
            issued_by=actor,
        )
        intention.state = new_state
        intention.save(update_fields=["state", "updated_at"])
        _audit(actor, "intention.issue_statement", intention, call, number=statement.number)
        statement_pk = statement.pk
        transaction.on_commit(lambda: _notify_provider(statement_pk))
    return statement


def _notify_provider(statement_pk: int) -> None:
    statement = Statement.objects.select_related(
        "intention__organisation", "intention__call__planning_area", "intention__assessment"
    ).get(pk=statement_pk)
    intention = statement.intention
    area = intention.call.planning_area
    emails = sorted(
        {
            e
            for e in Membership.objects.filter(
                planning_area=area,
                role=Membership.Role.PROVIDER,
                organisation=intention.organisation,
            ).values_list("user__email", flat=True)
            if e
        }
    )
    if not emails:
        return
    with translation.override(settings.LANGUAGE_CODE):
        body = _(
            "The statement no. %(number)s on the consistency of your development intention "
            "%(intention)s with the community plan has been issued. Outcome: %(outcome)s.\n\n"
            "You can download it in the administration of the planning area %(area)s."
        ) % {
            "number": statement.number,
            "intention": f"{intention.label} {intention.title}",
            "outcome": intention.assessment.get_outcome_display(),
            "area": area.name,
        }
        send_mail(
            subject=_("Statement of consistency no. %(number)s") % {"number": statement.number},
            message=body,
            from_email=None,
            recipient_list=emails,
            fail_silently=True,
        )
