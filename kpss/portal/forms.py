"""Forms of the public portal: validation of GET filters only."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kpss.registry.selectors import ServiceFilterChoices
from kpss.territory.selectors import MunicipalityRow


class ServiceFilterForm(forms.Form):
    """Filters of the service list; every field is optional and unknown values are ignored."""

    q = forms.CharField(label=_("Search by name or provider"), required=False, max_length=100)
    type = forms.ChoiceField(label=_("Service type"), required=False)
    group = forms.ChoiceField(label=_("Target group"), required=False)
    municipality = forms.ChoiceField(label=_("Available in municipality"), required=False)
    form = forms.ChoiceField(label=_("Form of service"), required=False)

    def __init__(
        self,
        data: object,
        *,
        choices: ServiceFilterChoices,
        municipalities: list[MunicipalityRow],
    ) -> None:
        super().__init__(data)  # type: ignore[arg-type]
        anything: list[tuple[str, str]] = [("", str(_("all")))]
        options = {
            "type": [(t.key, str(t)) for t in choices.service_types],
            "group": [(str(g.pk), g.name) for g in choices.target_groups],
            "municipality": [(r.municipality.code, r.municipality.name) for r in municipalities],
            "form": [(f.code, f.name) for f in choices.forms],
        }
        for name, values in options.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = anything + values

    def filters(self) -> dict[str, object]:
        """Keyword arguments for `service_list`, from the valid fields only."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "text": data.get("q") or None,
            "type_key": data.get("type") or None,
            "target_group_id": int(data["group"]) if data.get("group") else None,
            "municipality_code": data.get("municipality") or None,
            "form_code": data.get("form") or None,
        }


class FindHelpForm(forms.Form):
    """ "Find help": where the person lives, their life situation and what they look for."""

    municipality = forms.ChoiceField(label=_("Where do you live?"), required=False)
    situation = forms.ChoiceField(label=_("What do you need help with?"), required=False)
    q = forms.CharField(
        label=_("Or describe what you are looking for"),
        required=False,
        max_length=100,
        help_text=_("For example: care at home, debts, night shelter."),
    )
    type = forms.ChoiceField(label=_("Service type"), required=False)
    group = forms.ChoiceField(label=_("Target group"), required=False)
    form = forms.ChoiceField(label=_("Form of service"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("relevance", _("relevance")),
            ("distance", _("distance from the municipality")),
            ("name", _("name")),
        ],
    )

    def __init__(
        self,
        data: object,
        *,
        municipalities: list[tuple[str, str]],
        situations: list[tuple[str, str]],
        choices: ServiceFilterChoices | None = None,
    ) -> None:
        super().__init__(data)  # type: ignore[arg-type]
        anything: tuple[str, str] = ("", str(_("all")))
        options: dict[str, list[tuple[str, str]]] = {
            "municipality": [("", str(_("choose a municipality"))), *municipalities],
            "situation": [("", str(_("any situation"))), *situations],
        }
        if choices is not None:
            options["type"] = [anything, *((t.key, str(t)) for t in choices.service_types)]
            options["group"] = [anything, *((str(g.pk), g.name) for g in choices.target_groups)]
            options["form"] = [anything, *((f.code, f.name) for f in choices.forms)]
        for name, values in options.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = values

    def cleaned(self) -> dict[str, str]:
        """The valid values (invalid or unknown ones are ignored, as in the filters)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) or "" for name in self.fields}
