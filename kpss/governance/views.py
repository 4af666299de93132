"""Staff pages of the planning organisation (bodies, members, meetings, minutes, motions,
votes, resolutions, exports) and its public pages. Thin views: reads through the selectors,
writes through the services, which check the rules again.

Staff pages live under `sprava/uzemi/<slug>/organizace/`, public ones under
`uzemi/<slug>/organizace/`. An unpublished area is a 404 to outsiders; a member without the
right gets the 403 page.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kpss.core.errors import ConcurrentEdit, KpssError, ValidationFailed
from kpss.core.errors import PermissionDenied as KpssPermissionDenied
from kpss.governance import documents, services
from kpss.governance.forms import (
    AgendaItemForm,
    ApproveMinutesForm,
    AttendanceForm,
    BodyForm,
    ConflictForm,
    ForwardForm,
    MeetingForm,
    MembershipForm,
    MinutesForm,
    MotionForm,
    OwnVoteForm,
    VotesForm,
)
from kpss.governance.ical import meeting_ics
from kpss.governance.models import AgendaItem, Body, BodyMembership, Meeting, Motion, Person
from kpss.governance.selectors import (
    approval_meetings,
    body_list,
    current_memberships,
    meeting_list,
    meeting_roll,
    motion_list,
    my_overview,
    past_memberships,
    public_meeting_get,
    public_meetings,
    public_resolutions,
    resolutions,
    share_percent,
    triad_balance,
)
from kpss.governance.states import MEETING_TRANSITIONS
from kpss.needs.forms import AccessibleForm
from kpss.needs.models import Need
from kpss.organisations.web import area_for_request, forbidden, staff_view
from kpss.territory.models import PlanningArea

GovView = Callable[..., HttpResponseBase]


def body_view(perm: str) -> Callable[[GovView], GovView]:
    """Like staff_view, for pages of one body (`body_id`), a meeting (`meeting_id`) or a motion
    (`motion_id`): the object must belong to the area (else 404) and the user must hold
    `perm` on its body (else 403). The view gets the area and the object."""

    def decorator(view: GovView) -> GovView:
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, **kwargs: Any) -> HttpResponseBase:
            area = area_for_request(request, slug)
            obj: Any
            if "body_id" in kwargs:
                obj = get_object_or_404(Body, planning_area=area, pk=kwargs.pop("body_id"))
                body = obj
            elif "meeting_id" in kwargs:
                obj = get_object_or_404(
                    Meeting.objects.select_related("body", "minutes_approved_at"),
                    body__planning_area=area,
                    pk=kwargs.pop("meeting_id"),
                )
                body = obj.body
            else:
                obj = get_object_or_404(
                    Motion.objects.select_related("body", "meeting", "forwarded_as__body"),
                    body__planning_area=area,
                    pk=kwargs.pop("motion_id"),
                )
                body = obj.body
            if not request.user.has_perm(perm, body):
                return forbidden(request, area)
            try:
                return view(request, area, obj, **kwargs)
            except KpssPermissionDenied:
                return forbidden(request, area)

        return login_required(wrapper)

    return decorator


def _apply_errors(form: AccessibleForm, error: Exception) -> None:
    """Show a service's validation error on the form: per field where it names one."""
    if isinstance(error, DjangoValidationError) and hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    elif isinstance(error, KpssError):
        field = error.details.get("field")
        form.add_error(field if field in form.fields else None, error.message)
    else:
        form.add_error(None, str(error))
    form.describe_fields()


def _user(request: HttpRequest) -> Any:
    return request.user


def _body_url(body: Body) -> str:
    return reverse(
        "governance:body_detail", kwargs={"slug": body.planning_area.slug, "body_id": body.pk}
    )


def _meeting_url(meeting: Meeting, anchor: str = "") -> str:
    url = reverse(
        "governance:meeting_detail",
        kwargs={"slug": meeting.body.planning_area.slug, "meeting_id": meeting.pk},
    )
    return f"{url}#{anchor}" if anchor else url


def _motion_url(motion: Motion) -> str:
    return reverse(
        "governance:motion_detail",
        kwargs={"slug": motion.body.planning_area.slug, "motion_id": motion.pk},
    )


def _body_rows(bodies: Any) -> list[dict[str, Any]]:
    rows = []
    for body in bodies:
        memberships = body.current_memberships
        rows.append(
            {
                "body": body,
                "members": memberships,
                "voting": sum(1 for m in memberships if m.may_vote),
                "triad": triad_balance(memberships),
                "quorum_percent": share_percent(body.quorum_share),
            }
        )
    return rows


# Organisation and bodies ----------------------------------------------------------------------


@staff_view("governance.view_internal")
def organisation(request: HttpRequest, area: PlanningArea) -> HttpResponse:
    """The coordinator's view of the whole organisation: every body with its triad balance."""
    bodies = body_list(area=area, user=request.user)
    upcoming = (
        Meeting.objects.filter(body__planning_area=area, starts_at__gte=timezone.now())
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("body")
        .order_by("starts_at")[:10]
    )
    open_motions = (
        Motion.objects.filter(body__planning_area=area, status=Motion.Status.OPEN)
        .select_related("body", "meeting")
        .order_by("created_at")
    )
    return render(
        request,
        "governance/organisation.html",
        {
            "area": area,
            "rows": _body_rows(bodies),
            "upcoming": upcoming,
            "open_motions": open_motions,
            "can_manage": request.user.has_perm("governance.manage_organisation", area),
        },
    )


@staff_view(None)
def my_page(request: HttpRequest, area: PlanningArea) -> HttpResponse:
    overview = my_overview(user=request.user, area=area)
    return render(request, "governance/my.html", {"area": area, "overview": overview})


def _body_form(
    area: PlanningArea, *args: Any, exclude: Body | None = None, **kwargs: Any
) -> BodyForm:
    bodies = Body.objects.filter(planning_area=area)
    if exclude is not None:
        bodies = bodies.exclude(pk=exclude.pk)
    return BodyForm(*args, bodies=bodies, **kwargs)


@staff_view("governance.manage_organisation")
def body_create(request: HttpRequest, area: PlanningArea) -> HttpResponse:
    form = _body_form(area, request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            body = services.body_create(actor=_user(request), area=area, **form.service_fields())
        except (ValidationFailed, DjangoValidationError) as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The body %(name)s was created.") % {"name": body.name})
            return redirect(_body_url(body))
    return render(request, "governance/body_form.html", {"area": area, "form": form, "body": None})


@body_view("governance.change_rules")
def body_edit(request: HttpRequest, area: PlanningArea, body: Body) -> HttpResponse:
    if request.method == "POST":
        form = _body_form(area, request.POST, exclude=body)
        if form.is_valid():
            try:
                services.body_update(actor=_user(request), body=body, **form.service_fields())
            except (ValidationFailed, DjangoValidationError) as error:
                body.refresh_from_db()
                _apply_errors(form, error)
            else:
                messages.success(request, _("The body and its rules were saved."))
                return redirect(_body_url(body))
    else:
        form = _body_form(area, initial=BodyForm.initial_for(body), exclude=body)
    return render(request, "governance/body_form.html", {"area": area, "form": form, "body": body})


def _membership_form(area: PlanningArea, data: Any = None) -> MembershipForm:
    return MembershipForm(data, people=Person.objects.filter(planning_area=area))


def _body_page(
    request: HttpRequest, area: PlanningArea, body: Body, member_form: MembershipForm | None
) -> HttpResponse:
    memberships = current_memberships(body=body)
    can_run = request.user.has_perm("governance.run_body", body)
    return render(
        request,
        "governance/body_detail.html",
        {
            "area": area,
            "body": body,
            "memberships": memberships,
            "past": past_memberships(body=body),
            "triad": triad_balance(memberships),
            "voting": sum(1 for m in memberships if m.may_vote),
            "quorum_percent": share_percent(body.quorum_share),
            "meetings": meeting_list(body=body, user=request.user),
            "motions": motion_list(body=body, user=request.user).filter(meeting__isnull=True),
            "resolutions": resolutions(body=body, public=False),
            "can_run": can_run,
            "can_change_rules": request.user.has_perm("governance.change_rules", body),
            "member_form": member_form if can_run else None,
        },
    )


@body_view("governance.view_body")
def body_detail(request: HttpRequest, area: PlanningArea, body: Body) -> HttpResponse:
    return _body_page(request, area, body, _membership_form(area))


@require_POST
@body_view("governance.run_body")
def membership_add(request: HttpRequest, area: PlanningArea, body: Body) -> HttpResponse:
    form = _membership_form(area, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            person = data["person"]
            if person is None:
                person = services.person_create(
                    actor=_user(request),
                    area=area,
                    name=data["new_name"].strip(),
                    email=data["new_email"],
                    organisation=data["organisation"],
                )
            services.membership_add(
                actor=_user(request),
                body=body,
                person=person,
                role=data["role"],
                triad_side=data["triad_side"],
                organisation=data["organisation"],
                valid_from=data["valid_from"],
            )
        except (ValidationFailed, DjangoValidationError) as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, _("%(person)s is now a member of the body.") % {"person": person.name}
            )
            return redirect(f"{_body_url(body)}#members")
    return _body_page(request, area, body, form)


@require_POST
@body_view("governance.run_body")
def membership_end(request: HttpRequest, area: PlanningArea, body: Body, pk: int) -> HttpResponse:
    membership = get_object_or_404(BodyMembership, body=body, pk=pk)
    try:
        services.membership_end(actor=_user(request), membership=membership)
    except ValidationFailed as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The membership of %(person)s has ended.") % {"person": membership.person.name},
        )
    return redirect(f"{_body_url(body)}#members")


# Meetings -------------------------------------------------------------------------------------


@body_view("governance.run_body")
def meeting_create(request: HttpRequest, area: PlanningArea, body: Body) -> HttpResponse:
    form = MeetingForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            meeting = services.meeting_create(
                actor=_user(request), body=body, **form.service_fields()
            )
        except (ValidationFailed, DjangoValidationError) as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The meeting was created. Now add its agenda."))
            return redirect(_meeting_url(meeting))
    return render(
        request,
        "governance/meeting_form.html",
        {"area": area, "body": body, "form": form, "meeting": None},
    )


@body_view("governance.run_body")
def meeting_edit(request: HttpRequest, area: PlanningArea, meeting: Meeting) -> HttpResponse:
    conflict: Meeting | None = None
    status = 200
    if request.method == "POST":
        form = MeetingForm(request.POST)
        if form.is_valid():
            try:
                services.meeting_update(
                    actor=_user(request),
                    meeting=meeting,
                    expected_version=form.cleaned_data.get("version") or 0,
                    **form.service_fields(),
                )
            except ConcurrentEdit:
                conflict = Meeting.objects.get(pk=meeting.pk)
                data = request.POST.copy()
                data["version"] = str(conflict.version)
                form = MeetingForm(data)
                form.is_valid()
                status = 409
            except (ValidationFailed, DjangoValidationError) as error:
                meeting.refresh_from_db()
                _apply_errors(form, error)
            else:
                messages.success(request, _("The meeting was saved."))
                return redirect(_meeting_url(meeting))
    else:
        form = MeetingForm(
            initial={
                "title": meeting.title,
                "starts_at": timezone.localtime(meeting.starts_at),
                "ends_at": timezone.localtime(meeting.ends_at) if meeting.ends_at else None,
                "place": meeting.place,
                "online_url": meeting.online_url,
                "is_public": meeting.is_public,
                "version": meeting.version,
            }
        )
    return render(
        request,
        "governance/meeting_form.html",
        {
            "area": area,
            "body": meeting.body,
            "form": form,
            "meeting": meeting,
            "conflict": conflict,
        },
        status=status,
    )


def _agenda_form(area: PlanningArea, data: Any = None) -> AgendaItemForm:
    return AgendaItemForm(
        data,
        needs=Need.objects.filter(planning_area=area).order_by("number"),
        prefix="agenda",  # the meeting page has two forms with a title
    )


def _meeting_page(
    request: HttpRequest,
    area: PlanningArea,
    meeting: Meeting,
    *,
    agenda_form: AgendaItemForm | None = None,
    motion_form: MotionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    body = meeting.body
    can_run = request.user.has_perm("governance.run_body", body)
    agenda = list(meeting.agenda.select_related("need"))
    actions = [
        (action, label)
        for action, label in (
            ("hold", _("Mark the meeting as held")),
            ("cancel", _("Cancel the meeting")),
            ("replan", _("Plan the meeting again")),
        )
        if (meeting.status, action) in MEETING_TRANSITIONS
    ]
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "area": area,
            "body": body,
            "meeting": meeting,
            "agenda": agenda,
            "roll": meeting_roll(meeting=meeting),
            "motions": meeting.motions.order_by("created_at", "id"),
            "minutes_html": documents.markdown_html(meeting.minutes),
            "can_run": can_run,
            "actions": actions if can_run else [],
            "agenda_form": (agenda_form or _agenda_form(area)) if can_run else None,
            "motion_form": (
                motion_form or MotionForm(agenda=meeting.agenda.all(), prefix="motion")
                if can_run and meeting.status != Meeting.Status.CANCELLED
                else None
            ),
            "has_email": BodyMembership.objects.filter(body=body)
            .exclude(person__email="")
            .exists(),
        },
        status=status,
    )


@body_view("governance.view_body")
def meeting_detail(request: HttpRequest, area: PlanningArea, meeting: Meeting) -> HttpResponse:
    return _meeting_page(request, area, meeting)


@require_POST
@body_view("governance.run_body")
def meeting_transition(request: HttpRequest, area: PlanningArea, meeting: Meeting) -> HttpResponse:
    action = request.POST.get("action", "")
    done = {
        "hold": _("The meeting is marked as held."),
        "cancel": _("The meeting is cancelled."),
        "replan": _("The meeting is planned again."),
    }
    if action not in done:
        messages.error(request, _("Unknown action."))
    else:
        try:
            services.meeting_transition(actor=_user(request), meeting=meeting, action=action)
        except KpssPermissionDenied:
            raise
        except KpssError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, done[action])
    return redirect(_meeting_url(meeting))


@require_POST
@body_view("governance.run_body")
def agenda_add(request: HttpRequest, area: PlanningArea, meeting: Meeting) -> HttpResponse:
    form = _agenda_form(area, request.POST)
    if form.is_valid():
        try:
            services.agenda_item_add(actor=_user(request), meeting=meeting, **form.cleaned_data)
        except (ValidationFailed, DjangoValidationError) as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The agenda item was added."))
            return redirect(_meeting_url(meeting, "agenda"))
    return _meeting_page(request, area, meeting, agenda_form=form)


@require_POST
@body_view("governance.run_body")
def agenda_delete(
    request: HttpRequest, area: PlanningArea, meeting: Meeting, pk: int
) -> HttpResponse:
    item = get_object_or_404(AgendaItem, meeting=meeting, pk=pk)
    services.agenda_item_delete(actor=_user(request), item=item)
    messages.success(request, _("The agenda item was removed."))
    return redirect(_meeting_url(meeting, "agenda"))


@require_POST
@body_view("governance.run_body")
def meeting_invite(request: HttpRequest, area: PlanningArea, meeting: Meeting) -> HttpResponse:
    try:
        count = services.meeting_invite(
            actor=_user(request),
            meeting=meeting,
            meeting_url=request.build_absolute_uri(_meeting_url(meeting)),
        )
    except ValidationFailed as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            ngettext(
                "The invitation was sent to %(count)d member.",
                "The invitation was sent to %(count)d members.",
                count,
            )
            % {"count": count},
        )
    return redirect(_meeting_url(meeting))


def _ics_response(meeting: Meeting, url: str) -> HttpResponse:
    response = HttpResponse(
        meeting_ics(meeting, url=url), content_type="text/calendar; charset=utf-8"
    )
    day = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d")
    response["Content-Disposition"] = (
        f'attachment; filename="jednani-{meeting.body.code.lower()}-{day}.ics"'
    )
    return response


@body_view("governance.view_body")
def meeting_calendar(request: HttpRequest, area: PlanningArea, meeting: Meeting) -> HttpResponse:
    return _ics_response(meeting, request.build_absolute_uri(_meeting_url(meeting)))


@body_view("governance.run_body")
def attendance(request: HttpRequest, area: PlanningArea, meeting: Meeting) -> HttpResponse:
    roll = meeting_roll(meeting=meeting)
    form = AttendanceForm(request.POST if request.method == "POST" else None, roll=roll)
    if form.is_bound and form.is_valid():
        try:
            services.attendance_record(
                actor=_user(request), meeting=meeting, statuses=form.statuses()
            )
            guest = (form.cleaned_data.get("guest_name") or "").strip()
            if guest:
                services.guest_add(actor=_user(request), meeting=meeting, name=guest)
        except (ValidationFailed, DjangoValidationError) as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The attendance was saved."))
            return redirect(_meeting_url(meeting, "attendance"))
    guests = [row for row in roll if row["is_guest"]]
    return render(
        request,
        "governance/attendance.html",
        {"area": area, "body": meeting.body, "meeting": meeting, "form": form, "guests": guests},
    )


@body_view("governance.run_body")
def minutes_edit(request: HttpRequest, area: PlanningArea, meeting: Meeting) -> HttpResponse:
    conflict: Meeting | None = None
    status = 200
    approved = meeting.minutes_status == Meeting.MinutesStatus.APPROVED
    form = MinutesForm(
        request.POST if request.method == "POST" and not approved else None,
        initial={"minutes": meeting.minutes, "version": meeting.version},
    )
    if form.is_bound and form.is_valid():
        try:
            services.minutes_save(
                actor=_user(request),
                meeting=meeting,
                text=form.cleaned_data["minutes"],
                expected_version=form.cleaned_data["version"],
            )
        except ConcurrentEdit:
            conflict = Meeting.objects.get(pk=meeting.pk)
            data = request.POST.copy()
            data["version"] = str(conflict.version)
            form = MinutesForm(data)
            form.is_valid()
            status = 409
        except KpssError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The minutes were saved as a draft."))
            return redirect(_meeting_url(meeting, "minutes"))
    approve_form = None
    if meeting.minutes_status == Meeting.MinutesStatus.DRAFT:
        approve_form = ApproveMinutesForm(meetings=approval_meetings(meeting=meeting))
    return render(
        request,
        "governance/minutes_form.html",
        {
            "area": area,
            "body": meeting.body,
            "meeting": meeting,
            "form": form,
            "approved": approved,
            "conflict": conflict,
            "conflict_html": documents.markdown_html(conflict.minutes) if conflict else "",
            "preview": documents.markdown_html(meeting.minutes),
            "approve_form": approve_form,
        },
        status=status,
    )


@require_POST
@body_view("governance.run_body")
def minutes_approve(request: HttpRequest, area: PlanningArea, meeting: Meeting) -> HttpResponse:
    form = ApproveMinutesForm(request.POST, meetings=approval_meetings(meeting=meeting))
    if form.is_valid():
        try:
            services.minutes_approve(
                actor=_user(request), meeting=meeting, at_meeting=form.cleaned_data["at_meeting"]
            )
        except KpssPermissionDenied:
            raise
        except KpssError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The minutes are approved."))
            return redirect(_meeting_url(meeting, "minutes"))
    else:
        messages.error(request, _("Choose a later meeting of the same body."))
    return redirect(
        reverse("governance:minutes_edit", kwargs={"slug": area.slug, "meeting_id": meeting.pk})
    )


def _document(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@body_view("governance.view_body")
def minutes_export(
    request: HttpRequest, area: PlanningArea, meeting: Meeting, fmt: str
) -> HttpResponse:
    if fmt == "pdf":
        content, content_type = documents.minutes_pdf(meeting), documents.PDF_TYPE
    elif fmt == "docx":
        content, content_type = documents.minutes_docx(meeting), documents.DOCX_TYPE
    else:
        raise Http404("Unknown export format.")
    return _document(content, content_type, documents.minutes_filename(meeting, fmt))


@body_view("governance.view_body")
def resolutions_export(
    request: HttpRequest, area: PlanningArea, body: Body, fmt: str
) -> HttpResponse:
    if fmt == "pdf":
        content, content_type = documents.resolutions_pdf(body), documents.PDF_TYPE
    elif fmt == "docx":
        content, content_type = documents.resolutions_docx(body), documents.DOCX_TYPE
    else:
        raise Http404("Unknown export format.")
    return _document(content, content_type, documents.resolutions_filename(body, fmt))


# Motions and votes ----------------------------------------------------------------------------


@require_POST
@body_view("governance.run_body")
def motion_create(request: HttpRequest, area: PlanningArea, meeting: Meeting) -> HttpResponse:
    form = MotionForm(request.POST, agenda=meeting.agenda.all(), prefix="motion")
    if form.is_valid():
        try:
            motion = services.motion_create(
                actor=_user(request),
                body=meeting.body,
                meeting=meeting,
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                agenda_item=form.cleaned_data.get("agenda_item"),
            )
        except (ValidationFailed, DjangoValidationError) as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The motion was created. Record the votes."))
            return redirect(_motion_url(motion))
    return _meeting_page(request, area, meeting, motion_form=form)


@body_view("governance.run_body")
def per_rollam_create(request: HttpRequest, area: PlanningArea, body: Body) -> HttpResponse:
    if not body.allow_per_rollam:
        messages.error(request, _("The rules of this body do not allow voting per rollam."))
        return redirect(_body_url(body))
    form = MotionForm(request.POST if request.method == "POST" else None, per_rollam=True)
    if form.is_bound and form.is_valid():
        try:
            motion = services.motion_create(
                actor=_user(request),
                body=body,
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                closes_at=form.cleaned_data["closes_at"],
            )
        except (ValidationFailed, DjangoValidationError) as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The vote per rollam is open."))
            return redirect(_motion_url(motion))
    return render(
        request, "governance/motion_form.html", {"area": area, "body": body, "form": form}
    )


def _motion_page(
    request: HttpRequest,
    area: PlanningArea,
    motion: Motion,
    *,
    votes_form: VotesForm | None = None,
    own_form: OwnVoteForm | None = None,
    conflict_form: ConflictForm | None = None,
    forward_form: ForwardForm | None = None,
    status: int = 200,
) -> HttpResponse:
    body = motion.body
    user = request.user
    can_run = user.has_perm("governance.run_body", body)
    is_open = motion.status == Motion.Status.OPEN
    member_ids = services.motion_voting_member_ids(motion=motion)
    members = sorted(Person.objects.filter(pk__in=member_ids), key=lambda p: p.name.lower())
    conflicts = list(motion.conflicts.select_related("person"))
    conflicted = {c.person_id for c in conflicts}
    votes = dict(motion.votes.values_list("person_id", "choice"))
    me = next(
        (p for p in members if p.user_id is not None and p.user_id == user.pk),
        None,
    )
    present: set[int] = set()
    if motion.meeting is not None:
        present = {
            row["person"].pk
            for row in meeting_roll(meeting=motion.meeting)
            if row["status"] == "present" and not row["is_guest"]
        }
    if is_open and can_run and motion.meeting is not None and votes_form is None:
        voters = [p for p in members if p.pk in present and p.pk not in conflicted]
        votes_form = VotesForm(voters=voters, votes=votes)
    if is_open and motion.is_per_rollam and me is not None and me.pk not in conflicted:
        own_form = own_form or OwnVoteForm(initial={"choice": votes.get(me.pk)})
    else:
        own_form = None
    if is_open and (can_run or (me is not None and me.pk not in conflicted)) and not conflict_form:
        candidates = [p for p in members if p.pk not in conflicted and p.pk not in votes]
        if not can_run:
            candidates = [p for p in candidates if p.pk == getattr(me, "pk", None)]
        people = Person.objects.filter(pk__in=[p.pk for p in candidates])
        conflict_form = ConflictForm(people=people) if candidates else None
    target = body.forwards_to
    can_forward = (
        can_run
        and target is not None
        and motion.result == Motion.Result.ADOPTED
        and motion.forwarded_as_id is None
        and user.has_perm("governance.run_body", target)
    )
    if can_forward and target is not None and forward_form is None:
        forward_form = ForwardForm(
            meetings=target.meetings.filter(status=Meeting.Status.PLANNED).order_by("starts_at"),
            per_rollam=target.allow_per_rollam,
        )
    tally = None
    if is_open:
        try:
            tally = services.motion_tally(motion=motion)
        except Exception:
            tally = None
    vote_rows = [
        {
            "person": person,
            "choice": votes.get(person.pk, ""),
            "conflict": next((c for c in conflicts if c.person_id == person.pk), None),
            "present": person.pk in present,
        }
        for person in members
    ]
    from kpss.governance.models import Vote

    return render(
        request,
        "governance/motion_detail.html",
        {
            "area": area,
            "body": body,
            "motion": motion,
            "counts": motion.result_detail if not is_open else (tally.as_dict() if tally else {}),
            "vote_rows": vote_rows,
            "choice_labels": dict(Vote.Choice.choices),
            "conflicts": conflicts,
            "can_run": can_run,
            "is_open": is_open,
            "votes_form": votes_form if is_open and can_run else None,
            "own_form": own_form,
            "conflict_form": conflict_form if is_open else None,
            "forward_form": forward_form if can_forward else None,
            "me": me,
            "deadline_passed": bool(motion.closes_at and motion.closes_at < timezone.now()),
        },
        status=status,
    )


@body_view("governance.view_body")
def motion_detail(request: HttpRequest, area: PlanningArea, motion: Motion) -> HttpResponse:
    return _motion_page(request, area, motion)


@require_POST
@body_view("governance.run_body")
def votes_record(request: HttpRequest, area: PlanningArea, motion: Motion) -> HttpResponse:
    member_ids = services.motion_voting_member_ids(motion=motion)
    voters = list(Person.objects.filter(pk__in=member_ids).order_by("name"))
    form = VotesForm(request.POST, voters=voters, votes={})
    if form.is_valid():
        votes = {pk: choice for pk, choice in form.votes().items() if f"v{pk}" in request.POST}
        try:
            services.votes_record(actor=_user(request), motion=motion, votes=votes)
        except KpssPermissionDenied:
            raise
        except KpssError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The votes were recorded."))
            return redirect(_motion_url(motion))
    return _motion_page(request, area, motion, votes_form=form, status=422)


@require_POST
@body_view("governance.view_body")
def vote_cast(request: HttpRequest, area: PlanningArea, motion: Motion) -> HttpResponse:
    form = OwnVoteForm(request.POST)
    if form.is_valid():
        try:
            services.vote_cast(
                actor=_user(request), motion=motion, choice=form.cleaned_data["choice"]
            )
        except KpssPermissionDenied:
            raise
        except KpssError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Your vote was recorded."))
            return redirect(_motion_url(motion))
    return _motion_page(request, area, motion, own_form=form, status=422)


@require_POST
@body_view("governance.view_body")
def conflict_declare(request: HttpRequest, area: PlanningArea, motion: Motion) -> HttpResponse:
    people = Person.objects.filter(planning_area=area)
    form = ConflictForm(request.POST, people=people)
    if form.is_valid():
        try:
            services.conflict_declare(
                actor=_user(request),
                motion=motion,
                person=form.cleaned_data["person"],
                reason=form.cleaned_data["reason"],
            )
        except KpssPermissionDenied:
            raise
        except KpssError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _("The conflict of interest of %(person)s is recorded; they will not vote.")
                % {"person": form.cleaned_data["person"].name},
            )
            return redirect(_motion_url(motion))
    return _motion_page(request, area, motion, conflict_form=form, status=422)


@require_POST
@body_view("governance.run_body")
def motion_close(request: HttpRequest, area: PlanningArea, motion: Motion) -> HttpResponse:
    try:
        services.motion_close(actor=_user(request), motion=motion)
    except KpssPermissionDenied:
        raise
    except KpssError as error:
        messages.error(request, error.message)
    else:
        if motion.result == Motion.Result.ADOPTED:
            messages.success(
                request,
                _("The motion was adopted as resolution %(number)s.") % {"number": motion.number},
            )
        else:
            messages.warning(
                request,
                _("The vote is closed: %(result)s.") % {"result": motion.get_result_display()},
            )
    return redirect(_motion_url(motion))


@require_POST
@body_view("governance.run_body")
def resolution_forward(request: HttpRequest, area: PlanningArea, motion: Motion) -> HttpResponse:
    target = motion.body.forwards_to
    if target is None:
        raise Http404("The body does not forward.")
    form = ForwardForm(
        request.POST,
        meetings=target.meetings.filter(status=Meeting.Status.PLANNED),
        per_rollam=target.allow_per_rollam,
    )
    if form.is_valid():
        try:
            forwarded = services.resolution_forward(
                actor=_user(request),
                motion=motion,
                meeting=form.cleaned_data.get("meeting"),
                closes_at=form.cleaned_data.get("closes_at"),
            )
        except KpssPermissionDenied:
            raise
        except KpssError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _("The resolution was forwarded to %(body)s.") % {"body": target.name},
            )
            return redirect(_motion_url(forwarded))
    return _motion_page(request, area, motion, forward_form=form, status=422)


# Public pages ---------------------------------------------------------------------------------


def public_organisation(request: HttpRequest, slug: str) -> HttpResponse:
    area = area_for_request(request, slug)
    bodies = body_list(area=area, user=None)
    return render(
        request,
        "governance/public/organisation.html",
        {
            "area": area,
            "rows": _body_rows(bodies),
            "meetings": public_meetings(area=area).order_by("-starts_at")[:30],
            "resolutions": public_resolutions(area=area)[:50],
        },
    )


def public_meeting(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    area = area_for_request(request, slug)
    meeting = public_meeting_get(area=area, pk=meeting_id)
    if meeting is None:
        raise Http404("Meeting not found.")
    approved = meeting.minutes_status == Meeting.MinutesStatus.APPROVED
    return render(
        request,
        "governance/public/meeting.html",
        {
            "area": area,
            "meeting": meeting,
            "agenda": meeting.agenda.all(),
            "minutes_html": documents.markdown_html(meeting.minutes) if approved else "",
            "resolutions": meeting.motions.filter(result=Motion.Result.ADOPTED)
            .exclude(number="")
            .order_by("number"),
        },
    )


def public_meeting_calendar(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    area = area_for_request(request, slug)
    meeting = public_meeting_get(area=area, pk=meeting_id)
    if meeting is None:
        raise Http404("Meeting not found.")
    url = reverse("governance_public:meeting", kwargs={"slug": slug, "meeting_id": meeting.pk})
    return _ics_response(meeting, request.build_absolute_uri(url))
