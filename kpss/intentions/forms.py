"""Forms of the intention pages. They only validate input; every write goes through
kpss.intentions.services. They share the accessible behaviour of the needs forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kpss.core.text import czech_sort_key
from kpss.intentions.models import FUNDING_LABELS, Assessment, Call, Intention, NetworkLayer
from kpss.needs.forms import AccessibleForm
from kpss.needs.models import Need
from kpss.planning.models import FundingSource, Measure
from kpss.registry.models import Form, Service, ServiceType, TargetGroup
from kpss.territory.models import Municipality

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MULTI_HELP = _("Hold Ctrl (Cmd on a Mac) to choose more than one.")


class MeasureChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.title}"


class NeedChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number}. {obj.title}"


class CallForm(AccessibleForm):
    title = forms.CharField(label=_("title"), max_length=250)
    year = forms.IntegerField(label=_("year of the network"), min_value=2000, max_value=2100)
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    submission_from = forms.DateField(label=_("submissions from"), widget=DATE)
    submission_to = forms.DateField(label=_("submissions until"), widget=DATE)
    statement_from = forms.DateField(label=_("statements from"), widget=DATE)
    statement_to = forms.DateField(label=_("statements until"), widget=DATE)
    layers = forms.MultipleChoiceField(
        label=_("admitted network layers"),
        choices=NetworkLayer.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    service_types = forms.ModelMultipleChoiceField(
        label=_("admitted service types"),
        queryset=ServiceType.objects.order_by("order"),
        required=False,
        help_text=_("None selected: every service type is admitted."),
    )
    regional_needs = forms.CharField(
        label=_("regional need numbers"),
        max_length=200,
        required=False,
        help_text=_("The numbers of the region's needs the call answers, e.g. 12, 13."),
    )
    measures = MeasureChoice(
        label=_("action-plan measures"),
        queryset=Measure.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_example = forms.BooleanField(label=_("illustrative content"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, measures: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if measures is not None:
            self.fields["measures"].queryset = measures  # type: ignore[attr-defined]


FUNDING_FIELDS = [
    (f"funding_{value}", FUNDING_LABELS.get(value, label)) for value, label in FundingSource.choices
]


class IntentionForm(AccessibleForm):
    kind = forms.ChoiceField(
        label=_("type of intention"), choices=Intention.Kind.choices, widget=forms.RadioSelect
    )
    layer = forms.ChoiceField(label=_("network layer"), choices=NetworkLayer.choices)
    title = forms.CharField(label=_("title"), max_length=250)
    service = forms.ModelChoiceField(
        label=_("existing service"),
        queryset=Service.objects.none(),
        required=False,
        empty_label=_("– a new service –"),
        help_text=_("Your registered service; leave empty for a new registration."),
    )
    new_service_name = forms.CharField(
        label=_("name of the new service"), max_length=300, required=False
    )
    service_type = forms.ModelChoiceField(
        label=_("service type"), queryset=ServiceType.objects.order_by("order")
    )
    form = forms.ModelChoiceField(label=_("form"), queryset=Form.objects.order_by("order"))
    target_groups = forms.ModelMultipleChoiceField(
        label=_("target groups"),
        queryset=TargetGroup.objects.all(),
        required=False,
        help_text=MULTI_HELP,
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("municipalities served"),
        queryset=Municipality.objects.none(),
        required=False,
        help_text=MULTI_HELP,
    )
    capacity_from = forms.DecimalField(
        localize=True,
        label=_("capacity now"),
        min_value=0,
        max_digits=10,
        decimal_places=2,
        initial=0,
    )
    capacity_to = forms.DecimalField(
        localize=True, label=_("capacity requested"), min_value=0, max_digits=10, decimal_places=2
    )
    capacity_unit = forms.CharField(
        label=_("unit of capacity"),
        max_length=50,
        required=False,
        help_text=_("As in the registry, e.g. clients, beds."),
    )
    unit_kind = forms.ChoiceField(label=_("network unit"), choices=Intention.UnitKind.choices)
    units_from = forms.DecimalField(
        localize=True,
        label=_("network units now"),
        min_value=0,
        max_digits=8,
        decimal_places=2,
        initial=0,
    )
    units_to = forms.DecimalField(
        localize=True,
        label=_("network units requested"),
        min_value=0,
        max_digits=8,
        decimal_places=2,
        help_text=_("Direct-care FTE for field and outpatient forms, beds for residential."),
    )
    start_date = forms.DateField(label=_("start of the change"), widget=DATE, required=False)
    total_cost_czk = forms.IntegerField(label=_("yearly costs (CZK)"), min_value=0, initial=0)
    justification = forms.CharField(
        label=_("justification"), widget=forms.Textarea(attrs={"rows": 4})
    )
    measures = MeasureChoice(
        label=_("plan measures implemented"),
        queryset=Measure.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Required for types A and B."),
    )
    needs = NeedChoice(
        label=_("needs answered"),
        queryset=Need.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    regional_need = forms.CharField(label=_("regional need number"), max_length=20, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        call: Call,
        services: Any,
        municipalities: Any,
        measures: Any,
        needs: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, label in FUNDING_FIELDS:
            self.fields[name] = forms.IntegerField(
                label=_("funding: %(source)s") % {"source": label},
                min_value=0,
                required=False,
            )
        if call.layers:
            self.fields["layer"].choices = [  # type: ignore[attr-defined]
                (c, label) for c, label in NetworkLayer.choices if c in call.layers
            ]
        admitted = call.service_types.all()
        if admitted.exists():
            self.fields["service_type"].queryset = admitted  # type: ignore[attr-defined]
        self.fields["service"].queryset = services  # type: ignore[attr-defined]
        self.fields["municipalities"].queryset = municipalities  # type: ignore[attr-defined]
        self.fields["measures"].queryset = measures  # type: ignore[attr-defined]
        self.fields["needs"].queryset = needs  # type: ignore[attr-defined]
        groups = sorted(TargetGroup.objects.all(), key=lambda g: czech_sort_key(g.name))
        self.fields["target_groups"].choices = [(g.pk, g.name) for g in groups]  # type: ignore[attr-defined]

    @staticmethod
    def initial_from(intention: Intention) -> dict[str, Any]:
        data: dict[str, Any] = {
            name: getattr(intention, name)
            for name in (
                "kind",
                "layer",
                "title",
                "new_service_name",
                "capacity_from",
                "capacity_to",
                "capacity_unit",
                "unit_kind",
                "units_from",
                "units_to",
                "start_date",
                "total_cost_czk",
                "justification",
                "regional_need",
                "version",
            )
        }
        data["service"] = intention.service_id
        data["service_type"] = intention.service_type_id
        data["form"] = intention.form_id
        for name in ("target_groups", "municipalities", "measures", "needs"):
            data[name] = list(getattr(intention, name).values_list("pk", flat=True))
        for key, amount in (intention.funding or {}).items():
            data[f"funding_{key}"] = amount
        return data

    def service_fields(self) -> dict[str, Any]:
        """The cleaned data as keyword arguments of the services."""
        data = dict(self.cleaned_data)
        data.pop("version", None)
        funding = {}
        for name, _label in FUNDING_FIELDS:
            amount = data.pop(name, None)
            if amount:
                funding[name.removeprefix("funding_")] = amount
        data["funding"] = funding
        data["start_date"] = data.get("start_date") or None
        return data


class AssessmentForm(AccessibleForm):
    outcome = forms.ChoiceField(
        label=_("outcome"), choices=Assessment.Outcome.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}))
    conditions = forms.CharField(
        label=_("conditions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the intention is partly consistent."),
    )
    team_decision = forms.CharField(
        label=_("decision of the managerial team"),
        max_length=300,
        required=False,
        help_text=_("The meeting or resolution that decided, e.g. meeting of 10 Dec, res. 5/2026."),
    )


class StatementForm(AccessibleForm):
    issued_on = forms.DateField(label=_("date of the statement"), widget=DATE)
    signatory_name = forms.CharField(label=_("signatory"), max_length=150)
    signatory_function = forms.CharField(label=_("function of the signatory"), max_length=150)


class RevisionForm(AccessibleForm):
    reason = forms.CharField(
        label=_("reason for the revision"), widget=forms.Textarea(attrs={"rows": 3})
    )


class PriorityForm(AccessibleForm):
    """One number field per submitted intention: its rank (1 = highest)."""

    def __init__(self, *args: Any, intentions: list[Intention], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for intention in intentions:
            self.fields[f"rank_{intention.pk}"] = forms.IntegerField(
                label=_("Rank of intention %(number)s: %(title)s")
                % {"number": intention.label, "title": intention.title},
                min_value=1,
                max_value=len(intentions),
                initial=intention.priority_order,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        ranks = [v for k, v in data.items() if k.startswith("rank_") and v is not None]
        if len(set(ranks)) != len(ranks):
            raise forms.ValidationError(_("Give each intention a different rank."))
        return data

    def order(self) -> list[int]:
        ranks = {
            int(k.removeprefix("rank_")): v
            for k, v in self.cleaned_data.items()
            if k.startswith("rank_")
        }
        return [pk for pk, _rank in sorted(ranks.items(), key=lambda p: p[1])]
