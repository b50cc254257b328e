from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from linli.operations.models import ContactKind, IncidentKind


class PlanForm(forms.Form):
    area = forms.ChoiceField(label=_("Community or street"))
    kind = forms.ChoiceField(label=_("Kind of incident"), choices=IncidentKind.choices)
    title = forms.CharField(label=_("Plan"), max_length=100)
    summary = forms.CharField(
        label=_("What the plan says to do"), max_length=8000, widget=forms.Textarea(attrs={"rows": 5})
    )


class ReviseForm(forms.Form):
    title = forms.CharField(label=_("Plan"), max_length=100)
    summary = forms.CharField(
        label=_("What the plan says to do"), max_length=8000, widget=forms.Textarea(attrs={"rows": 5})
    )


class ContactForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of contact"), choices=ContactKind.choices)
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=50)
    duty = forms.CharField(label=_("Duty in the plan"), max_length=100)
    phone = forms.CharField(label=_("Mobile number"), max_length=20, required=False)
    position = forms.IntegerField(
        label=_("Place in the order"), min_value=1, required=False, help_text=_("Empty: called last")
    )


class DrillForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}))
    scenario = forms.CharField(label=_("Scenario"), max_length=200)
    participants = forms.IntegerField(label=_("Participants"), min_value=1, max_value=100000)
    findings = forms.CharField(label=_("Findings"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class ShelterForm(forms.Form):
    area = forms.ChoiceField(label=_("Community or street"))
    name = forms.CharField(label=_("Shelter"), max_length=100)
    address = forms.CharField(label=_("Address"), max_length=200)
    capacity = forms.IntegerField(label=_("Capacity (people)"), min_value=1, max_value=100000)


class GuestForm(forms.Form):
    guest_name = forms.CharField(label=_("Name (not registered here)"), max_length=50)
    note = forms.CharField(label=pgettext_lazy("shelter", "Note"), max_length=200, required=False)
