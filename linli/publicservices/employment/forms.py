"""Forms of the employment pages."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from linli.publicservices.models.employment import Availability, PostingKind


class SeekerForm(forms.Form):
    skills = forms.CharField(label=_("Skills (separate with commas)"), max_length=300, required=False)
    training_wanted = forms.CharField(label=_("Training wanted"), max_length=300, required=False)
    availability = forms.ChoiceField(label=_("When can you work?"), choices=Availability.choices)


class PostingForm(forms.Form):
    area = forms.CharField(label=_("Community or street code"), max_length=20)
    employer = forms.CharField(label=_("Employer"), max_length=100)
    title = forms.CharField(label=_("Job"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind of post"), choices=PostingKind.choices)
    welfare_line = forms.CharField(label=_("Line of work (公益性岗位)"), max_length=40, required=False)
    funding = forms.CharField(label=_("Funded by (公益性岗位)"), max_length=100, required=False)
    skills = forms.CharField(label=_("Skills needed (separate with commas)"), max_length=300, required=False)
    availability = forms.ChoiceField(label=pgettext_lazy("job", "Hours"), choices=Availability.choices)
    openings = forms.IntegerField(label=_("Openings"), min_value=1, max_value=1000, initial=1)
    wage = forms.IntegerField(
        label=_("Wage per month (yuan)"), min_value=0, max_value=10_000_000, required=False
    )


class ReferForm(forms.Form):
    seeker = forms.CharField(label=_("Job seeker number or ID number"), max_length=20)


class DecideForm(forms.Form):
    hired = forms.TypedChoiceField(
        label=_("Outcome"), choices=[("1", _("Hired")), ("0", _("Not hired"))], coerce=lambda v: v == "1"
    )
    start = forms.DateField(
        label=_("Starts work on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class EmployerPostingForm(forms.Form):
    """A job posted by an employer's own staff: the area and name are the employer's."""

    unit = forms.ChoiceField(label=_("Employer"))
    title = forms.CharField(label=_("Job"), max_length=100)
    skills = forms.CharField(label=_("Skills needed (separate with commas)"), max_length=300, required=False)
    availability = forms.ChoiceField(label=pgettext_lazy("job", "Hours"), choices=Availability.choices)
    openings = forms.IntegerField(label=_("Openings"), min_value=1, max_value=1000, initial=1)
    wage = forms.IntegerField(
        label=_("Wage per month (yuan)"), min_value=0, max_value=10_000_000, required=False
    )


class EmployerForm(forms.Form):
    area = forms.CharField(label=_("Community or street code"), max_length=20)
    name = forms.CharField(label=_("Employer or stationed unit"), max_length=100)
    members = forms.CharField(
        label=_("Sign-in names of its staff (employer role), separated by commas"),
        max_length=500,
        required=False,
    )
