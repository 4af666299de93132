"""Forms of the planning organisation. They only validate input; every write goes through
kpss.governance.services. Fields describe themselves to assistive technology (see
kpss.needs.forms.AccessibleForm)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kpss.core.text import czech_sort_key
from kpss.governance.models import (
    Attendance,
    Body,
    BodyMembership,
    Meeting,
    Person,
    TriadSide,
    Vote,
)
from kpss.needs.forms import AccessibleForm
from kpss.needs.models import Need
from kpss.organisations.models import Organisation
from kpss.registry.models import TargetGroup

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"]


def _datetime_field(label: Any, *, required: bool = True, help_text: Any = "") -> Any:
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=help_text,
    )


def _sorted(objects: Any) -> list[tuple[str, str]]:
    return sorted(((str(o.pk), str(o)) for o in objects), key=lambda p: czech_sort_key(p[1]))


class BodyForm(AccessibleForm):
    """A body and its rules (the coordinator's)."""

    name = Body._meta.get_field("name").formfield()
    code = Body._meta.get_field("code").formfield()
    kind = forms.ChoiceField(label=_("kind"), choices=Body.Kind.choices)
    purpose = Body._meta.get_field("purpose").formfield(widget=forms.Textarea(attrs={"rows": 3}))
    target_group = forms.ModelChoiceField(
        label=_("target group"), queryset=TargetGroup.objects.all(), required=False
    )
    quorum_percent = forms.DecimalField(
        label=_("quorum (% of voting members present)"),
        min_value=Decimal(0),
        max_value=Decimal(100),
        decimal_places=1,
        initial=Decimal(50),
        help_text=_(
            "The body has a quorum when more than this share of its voting members takes "
            "part: 50 means more than half."
        ),
    )
    majority = forms.ChoiceField(
        label=_("majority needed"),
        choices=Body.Majority.choices,
        widget=forms.RadioSelect,
        initial=Body.Majority.SIMPLE,
    )
    allow_per_rollam = forms.BooleanField(label=_("per-rollam voting allowed"), required=False)
    forwards_to = forms.ModelChoiceField(
        label=_("forwards its resolutions to"), queryset=Body.objects.none(), required=False
    )
    is_public = forms.BooleanField(
        label=_("shown on the public site"), required=False, initial=True
    )
    order = forms.IntegerField(label=_("order"), min_value=0, initial=0)

    def __init__(self, *args: Any, bodies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        target: Any = self.fields["forwards_to"]
        target.queryset = bodies
        target.choices = [("", "—"), *[(str(b.pk), b.name) for b in bodies]]
        group: Any = self.fields["target_group"]
        group.choices = [("", "—"), *_sorted(TargetGroup.objects.all())]

    @staticmethod
    def initial_for(body: Body) -> dict[str, Any]:
        return {
            "name": body.name,
            "code": body.code,
            "kind": body.kind,
            "purpose": body.purpose,
            "target_group": body.target_group_id,
            "quorum_percent": (body.quorum_share * 100).normalize(),
            "majority": body.majority,
            "allow_per_rollam": body.allow_per_rollam,
            "forwards_to": body.forwards_to_id,
            "is_public": body.is_public,
            "order": body.order,
        }

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["quorum_share"] = (data.pop("quorum_percent") / 100).quantize(Decimal("0.001"))
        return data


class MembershipForm(AccessibleForm):
    """Add a member: an existing person of the area, or a new one by name."""

    person = forms.ModelChoiceField(
        label=_("person"), queryset=Person.objects.none(), required=False
    )
    new_name = forms.CharField(
        label=_("or a new person: name"),
        max_length=150,
        required=False,
        help_text=_("Leave the person above empty to add someone new."),
    )
    new_email = forms.EmailField(label=_("e-mail of the new person"), required=False)
    role = forms.ChoiceField(
        label=_("role"), choices=BodyMembership.Role.choices, initial=BodyMembership.Role.MEMBER
    )
    triad_side = forms.ChoiceField(
        label=_("side of the triad"), choices=TriadSide.choices, widget=forms.RadioSelect
    )
    organisation = forms.ModelChoiceField(
        label=_("organisation represented"), queryset=Organisation.objects.all(), required=False
    )
    valid_from = forms.DateField(
        label=_("member since"),
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person: Any = self.fields["person"]
        person.queryset = people
        person.choices = [("", "—"), *_sorted(people)]
        organisation: Any = self.fields["organisation"]
        organisation.choices = [("", "—"), *_sorted(Organisation.objects.all())]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("person") and not (data.get("new_name") or "").strip():
            self.add_error("person", _("Choose a person or give the name of a new one."))
        return data


class MeetingForm(AccessibleForm):
    title = Meeting._meta.get_field("title").formfield()
    starts_at = _datetime_field(_("starts at"))
    ends_at = _datetime_field(_("ends at"), required=False)
    place = Meeting._meta.get_field("place").formfield()
    online_url = Meeting._meta.get_field("online_url").formfield()
    is_public = forms.BooleanField(
        label=_("Publish the meeting on the public site"),
        required=False,
        help_text=_("The public then sees its date, agenda, approved minutes and resolutions."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The end must not be before the start."))
        return data

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class AgendaItemForm(AccessibleForm):
    title = forms.CharField(label=_("agenda item"), max_length=250)
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    need = forms.ModelChoiceField(
        label=_("concerns the need"), queryset=Need.objects.none(), required=False
    )
    reference = forms.CharField(
        label=_("other reference"),
        max_length=200,
        required=False,
        help_text=_("A plan measure or development intention, until they can be linked."),
    )

    def __init__(self, *args: Any, needs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        need: Any = self.fields["need"]
        need.queryset = needs
        need.choices = [("", "—"), *[(str(n.pk), f"{n.number}. {n.title}") for n in needs]]


class AttendanceForm(AccessibleForm):
    """One radio group per member (`p<person id>`), plus an optional guest by name."""

    guest_name = forms.CharField(
        label=_("guest present (name)"),
        max_length=150,
        required=False,
        help_text=_("Someone who is not a member: they are recorded as a guest."),
    )

    def __init__(self, *args: Any, roll: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.member_names: list[str] = []
        for row in roll:
            if row["is_guest"]:
                continue
            person = row["person"]
            name = f"p{person.pk}"
            self.fields[name] = forms.ChoiceField(
                label=person.name,
                choices=Attendance.Status.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=row["status"] or None,
            )
            self.member_names.append(name)
        # The guest field last.
        self.fields["guest_name"] = self.fields.pop("guest_name")

    def member_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.member_names]

    def statuses(self) -> dict[int, str]:
        return {
            int(name[1:]): self.cleaned_data[name]
            for name in self.member_names
            if self.cleaned_data.get(name)
        }


class MinutesForm(AccessibleForm):
    minutes = forms.CharField(
        label=_("minutes (Markdown)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_("Headings with #, lists with - or 1., bold with **text**."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ApproveMinutesForm(AccessibleForm):
    at_meeting = forms.ModelChoiceField(
        label=_("approved at the meeting"), queryset=Meeting.objects.none()
    )

    def __init__(self, *args: Any, meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["at_meeting"]
        field.queryset = meetings
        field.choices = [
            (str(m.pk), f"{timezone.localtime(m.starts_at):%d. %m. %Y} – {m.title}")
            for m in meetings
        ]


class MotionForm(AccessibleForm):
    title = forms.CharField(label=_("title"), max_length=250)
    text = forms.CharField(
        label=_("proposed resolution"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The wording that becomes the resolution if adopted."),
    )

    def __init__(
        self, *args: Any, agenda: Any = None, per_rollam: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if agenda is not None:
            self.fields["agenda_item"] = forms.ModelChoiceField(
                label=_("agenda item"), queryset=agenda, required=False
            )
            field: Any = self.fields["agenda_item"]
            field.choices = [("", "—"), *[(str(i.pk), str(i)) for i in agenda]]
        if per_rollam:
            self.fields["closes_at"] = _datetime_field(
                _("per-rollam deadline"),
                help_text=_("Members can vote until then; the vote is then closed and counted."),
            )


class VotesForm(AccessibleForm):
    """One radio group per present voting member without a conflict (`v<person id>`)."""

    def __init__(self, *args: Any, voters: list[Person], votes: dict[int, str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.voter_names: list[str] = []
        choices = [("", _("did not vote")), *Vote.Choice.choices]
        for person in voters:
            name = f"v{person.pk}"
            self.fields[name] = forms.ChoiceField(
                label=person.name,
                choices=choices,
                widget=forms.RadioSelect,
                required=False,
                initial=votes.get(person.pk, ""),
            )
            self.voter_names.append(name)

    def votes(self) -> dict[int, str | None]:
        return {int(name[1:]): self.cleaned_data.get(name) or None for name in self.voter_names}


class OwnVoteForm(AccessibleForm):
    choice = forms.ChoiceField(
        label=_("your vote"), choices=Vote.Choice.choices, widget=forms.RadioSelect
    )


class ConflictForm(AccessibleForm):
    person = forms.ModelChoiceField(label=_("member"), queryset=Person.objects.none())
    reason = forms.CharField(
        label=_("reason"),
        max_length=300,
        help_text=_("For example: represents the organisation the decision is about."),
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["person"]
        field.queryset = people
        field.choices = [("", "—"), *_sorted(people)]


class ForwardForm(AccessibleForm):
    meeting = forms.ModelChoiceField(
        label=_("meeting of the receiving body"), queryset=Meeting.objects.none(), required=False
    )

    def __init__(self, *args: Any, meetings: Any, per_rollam: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["meeting"]
        field.queryset = meetings
        field.choices = [
            ("", _("vote per rollam") if per_rollam else "—"),
            *[
                (str(m.pk), f"{timezone.localtime(m.starts_at):%d. %m. %Y} – {m.title}")
                for m in meetings
            ],
        ]
        if per_rollam:
            self.fields["closes_at"] = _datetime_field(
                _("per-rollam deadline"),
                required=False,
                help_text=_("Only for a vote per rollam, without a meeting."),
            )
        else:
            field.required = True
