"""Forms of the facilities pages (the actions check everything again)."""

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from linli.facilities.models import GridLevel, State

DATE = forms.DateInput(attrs={"type": "date"})
NUMBER = forms.TextInput(attrs={"inputmode": "decimal"})


class GeoJSONField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 5})

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        try:
            return json.loads(text)
        except ValueError:
            raise forms.ValidationError(_("This is not GeoJSON.")) from None


class GridForm(forms.Form):
    code = forms.CharField(label=_("Grid number"), max_length=30, help_text=_("For example 03."))
    name = forms.CharField(label=_("Grid name"), max_length=100, required=False)
    polygon = GeoJSONField(
        label=_("Boundary (GeoJSON Polygon)"),
        max_length=200_000,
        help_text=_("Exported from the map service: [longitude, latitude] pairs."),
    )
    level = forms.TypedChoiceField(label=_("Grid level"), choices=GridLevel.choices, coerce=int)


class ComponentForm(forms.Form):
    code = forms.CharField(
        label=_("Component code (16 digits)"),
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    name = forms.CharField(label=_("Component name"), max_length=100, required=False)
    lat = forms.FloatField(label=_("Latitude"), widget=NUMBER)
    lon = forms.FloatField(label=_("Longitude"), widget=NUMBER)
    owner = forms.CharField(label=_("Owner"), max_length=100, required=False)
    maintainer = forms.CharField(label=_("Maintainer"), max_length=100, required=False)
    installed_on = forms.DateField(label=_("Installed on"), required=False, widget=DATE)


class StateForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=State.choices)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class MaintainedForm(forms.Form):
    on = forms.DateField(label=_("Maintained on"), widget=DATE)


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Photo"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )


class ProblemForm(forms.Form):
    note = forms.CharField(
        label=_("What is wrong with it"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    state_found = forms.ChoiceField(
        label=_("State"), choices=[(State.DAMAGED, State.DAMAGED.label), (State.LOST, State.LOST.label)]
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput)


class RoundForm(forms.Form):
    due_on = forms.DateField(label=_("Due on"), widget=DATE)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File (.xlsx or .geojson)"))


class LinkForm(forms.Form):
    ticket = forms.CharField(label=_("Request number"), max_length=20)
    component = forms.CharField(label=_("Component code"), max_length=40)
