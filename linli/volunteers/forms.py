from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from linli.volunteers.models import Availability, Background, Skill

WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class JoinForm(forms.Form):
    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("Leave empty to use the number in the registry."),
    )
    skills = forms.MultipleChoiceField(
        label=_("What you can do"), choices=Skill.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    availability = forms.MultipleChoiceField(
        label=_("When you are free"),
        choices=Availability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class VolunteerForm(JoinForm):
    name = forms.CharField(label=_("Name"), max_length=50)
    id_number = forms.CharField(label=_("ID number"), max_length=30)
    background = forms.ChoiceField(label=_("Background"), choices=Background.choices, required=False)
    field_order = ["name", "id_number", "phone", "skills", "availability", "background"]


class ActivityForm(forms.Form):
    area = forms.ChoiceField(label=_("Held by"))
    title = forms.CharField(label=_("Title"), max_length=100)
    place = forms.CharField(label=_("Place"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=WHEN)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=WHEN)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=10_000)
    skills = forms.MultipleChoiceField(
        label=_("Skills needed"), choices=Skill.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    description = forms.CharField(
        label=_("About the activity"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, areas: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = areas  # type: ignore[attr-defined]


class FromOrgForm(forms.Form):
    """The volunteer activity of an organization's activity: its hours and places."""

    starts_at = forms.DateTimeField(label=_("Starts"), widget=WHEN)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=WHEN)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=10_000)
    team = forms.ChoiceField(label=_("Team"), required=False)
    skills = forms.MultipleChoiceField(
        label=_("Skills needed"), choices=Skill.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, teams: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", "—"), *teams]  # type: ignore[attr-defined]


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Code on the organiser's phone"), max_length=16)


class MinutesForm(forms.Form):
    minutes = forms.IntegerField(label=_("Minutes served"), min_value=1, max_value=24 * 60, required=False)


class GiftForm(forms.Form):
    to = forms.ChoiceField(label=_("Give to"))
    hours = forms.DecimalField(label=_("Hours"), min_value=0.5, max_value=10_000, decimal_places=1)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args: Any, family: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = family  # type: ignore[attr-defined]


class VerifyForm(forms.Form):
    code = forms.CharField(label=_("Verification code"), max_length=20)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Roster (Excel .xlsx)"))


class VolunteerEditForm(forms.Form):
    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("Leave empty to keep the number on record."),
    )
    skills = forms.MultipleChoiceField(
        label=_("What you can do"), choices=Skill.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    availability = forms.MultipleChoiceField(
        label=_("When you are free"),
        choices=Availability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    background = forms.ChoiceField(label=_("Background"), choices=Background.choices, required=False)
    teams = forms.MultipleChoiceField(
        label=_("Teams"), choices=[], required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, teams: list[tuple[str, str]], staff: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teams"].choices = teams  # type: ignore[attr-defined]
        if not staff:  # a volunteer changes their own skills and times; staff keep background and teams
            del self.fields["background"]
            del self.fields["teams"]


class TeamForm(forms.Form):
    area = forms.ChoiceField(label=_("Owned by"), required=False)
    organization = forms.ChoiceField(
        label=_("Organization"),
        required=False,
        help_text=_("A team of a community social organization belongs to its community."),
    )
    name = forms.CharField(label=_("Team name"), max_length=80)
    purpose = forms.CharField(label=pgettext_lazy("team", "Purpose"), max_length=200, required=False)

    def __init__(
        self,
        *args: Any,
        areas: list[tuple[str, str]] | None,
        organizations: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if areas is None:  # changing a team: its owning area stays
            del self.fields["area"]
        else:
            self.fields["area"].choices = [("", "—"), *areas]  # type: ignore[attr-defined]
        self.fields["organization"].choices = [("", "—"), *organizations]  # type: ignore[attr-defined]


class MemberForm(forms.Form):
    number = forms.CharField(label=_("Volunteer number"), max_length=16)


class ActivityEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    place = forms.CharField(label=_("Place"), max_length=200)
    skills = forms.MultipleChoiceField(
        label=_("Skills needed"), choices=Skill.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    team = forms.ChoiceField(label=_("Team"), required=False)
    description = forms.CharField(
        label=_("About the activity"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, teams: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", "—"), *teams]  # type: ignore[attr-defined]
