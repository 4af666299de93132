"""Forms of monitoring. They only validate input; every write goes through services.py.
Fields describe themselves to assistive technology (AccessibleForm)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kpss.core.text import czech_sort_key
from kpss.monitoring.models import ItemStatus
from kpss.monitoring.services import parse_decimal
from kpss.needs.forms import AccessibleForm
from kpss.organisations.models import Organisation
from kpss.planning.models import Indicator

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class YearForm(AccessibleForm):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)


class ActionPlanForm(AccessibleForm):
    prefix = "settings"
    update_interval_days = forms.IntegerField(
        label=_("progress update every (days)"),
        min_value=7,
        max_value=366,
        help_text=_("The responsible organisations are reminded when an update is due."),
    )
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ProgressForm(AccessibleForm):
    prefix = "progress"
    status = forms.ChoiceField(
        label=pgettext_lazy("monitoring", "status"),
        choices=ItemStatus.choices,
        widget=forms.RadioSelect,
    )
    percent = forms.IntegerField(
        label=_("completion (%)"),
        min_value=0,
        max_value=100,
        help_text=_("From 0 to 100; “done” counts as 100."),
    )
    reason = forms.CharField(
        label=pgettext_lazy("monitoring", "reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the item is postponed, cancelled or reopened."),
    )
    spent_czk = forms.IntegerField(label=_("spent so far (CZK)"), min_value=0, required=False)
    evidence_links = forms.CharField(
        label=_("evidence links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Web addresses, one per line (minutes, a contract, a news article)."),
    )
    evidence_file = forms.FileField(
        label=_("evidence file"),
        required=False,
        help_text=_("PDF, office document or picture, at most 10 MB."),
    )

    def links(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["evidence_links"].splitlines()]


def _organisation_choices(area: Any) -> list[tuple[str, str]]:
    organisations = Organisation.objects.filter(memberships__planning_area=area).distinct()
    choices = sorted(
        ((str(o.pk), o.name) for o in organisations), key=lambda p: czech_sort_key(p[1])
    )
    return [("", "—"), *choices]


class ItemForm(AccessibleForm):
    prefix = "item"
    responsible_organisation = forms.ChoiceField(
        label=_("responsible organisation"),
        required=False,
        help_text=_("Its members in the area report the progress and get the reminders."),
    )
    budget_czk = forms.IntegerField(label=_("budget for the year (CZK)"), min_value=0)
    next_update_due = forms.DateField(label=_("next update due"), required=False, widget=DATE)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, area: Any, current: Organisation | None = None, **kw: Any):
        super().__init__(*args, **kw)
        choices = _organisation_choices(area)
        if current is not None and str(current.pk) not in dict(choices):
            choices.append((str(current.pk), current.name))
        self.fields["responsible_organisation"].choices = choices  # type: ignore[attr-defined]

    def organisation(self) -> Organisation | None:
        pk = self.cleaned_data.get("responsible_organisation")
        return Organisation.objects.filter(pk=pk).first() if pk else None


class MilestoneForm(AccessibleForm):
    prefix = "milestone"
    title = forms.CharField(label=_("milestone"), max_length=250)
    due_on = forms.DateField(label=_("due on"), widget=DATE)


class DecimalTextField(forms.CharField):
    """A number with a decimal comma or point."""

    def clean(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().clean(value)
        if not text:
            return None
        try:
            return parse_decimal(text)
        except ValueError:
            raise forms.ValidationError(_("Enter a number, e.g. 12,5.")) from None


class IndicatorValueForm(AccessibleForm):
    prefix = "value"
    indicator = forms.ChoiceField(label=pgettext_lazy("monitoring", "indicator"))
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    value = DecimalTextField(label=_("value"), max_length=30)
    note = forms.CharField(label=_("note"), max_length=300, required=False)

    def __init__(self, *args: Any, indicators: list[Indicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [  # type: ignore[attr-defined]
            (str(i.pk), f"{i.measure.code} {i.name} ({i.unit})") for i in indicators
        ]


class ComputeForm(AccessibleForm):
    prefix = "compute"
    indicator = forms.ChoiceField(label=pgettext_lazy("monitoring", "indicator"))
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    method = forms.ChoiceField(
        label=_("compute as"),
        choices=[
            ("registry_capacity", _("capacity in the registry of the measure's service types")),
            ("registry_units", _("network units (FTE, beds) of the measure's service types")),
            (
                "accessibility_index",
                _("accessibility index of the measure's service type (analysis of needs)"),
            ),
        ],
    )

    def __init__(self, *args: Any, indicators: list[Indicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [  # type: ignore[attr-defined]
            (str(i.pk), f"{i.measure.code} {i.name} ({i.unit})") for i in indicators
        ]


class ImportForm(AccessibleForm):
    prefix = "import"
    file = forms.FileField(
        label=_("table of values"),
        help_text=_(
            "XLSX or CSV with the columns Opatření, Ukazatel, Rok, Hodnota (and Poznámka). "
            "Nothing is stored unless every row is valid."
        ),
    )


class CommentaryForm(AccessibleForm):
    text = forms.CharField(
        label=_("commentary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Markdown: **bold**, lists with “-”."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class FeedForm(AccessibleForm):
    draft = forms.ChoiceField(label=_("draft of the next plan"))

    def __init__(self, *args: Any, drafts: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["draft"].choices = [  # type: ignore[attr-defined]
            (str(d.pk), f"{d.plan.title} – v{d.number}") for d in drafts
        ]
