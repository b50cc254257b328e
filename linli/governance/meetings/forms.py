"""Meeting and petition forms."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from linli.governance.forms import _dt
from linli.governance.models import (
    MeetingKind,
    PartyKind,
    PetitionBasis,
)
from linli.ui.forms import set_choices
from linli.ui.rows import RowsField


class MeetingForm(forms.Form):
    community = forms.ChoiceField(label=_("Community"))
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    scheduled_at = _dt(_("When"))
    place = forms.CharField(label=_("Where"), max_length=200)
    agenda = forms.CharField(
        label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 3}), help_text=_("One item per line.")
    )
    members_total = forms.IntegerField(
        label=pgettext_lazy("committee", "Members"),
        min_value=0,
        required=False,
        help_text=_("Leave empty for a residents' meeting: every resident aged 18 or older counts."),
    )
    comment_deadline = _dt(_("Comments until (hearings)"), required=False)
    parties = RowsField(
        label=_("Parties (consultations)"),
        required=False,
        choices=PartyKind.choices,
        choice_label=_("Kind"),
        columns=[("name", _("Name or organisation"), 100)],
        help_text=_("One row per party; empty rows are left out."),
    )
    petition = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, communities: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "community", [(c.code, f"{c.name} ({c.code})") for c in communities])

    def party_list(self) -> list[tuple[str, str]]:
        return [(kind, name) for kind, name in self.cleaned_data.get("parties") or []]


class AttendanceForm(forms.Form):
    present = forms.IntegerField(label=_("Members present"), min_value=0)
    attendees = forms.CharField(
        label=_("Attendance list"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class MotionForm(forms.Form):
    title = forms.CharField(label=_("Motion"), max_length=200)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class VoteCountForm(forms.Form):
    votes_for = forms.IntegerField(label=_("For"), min_value=0)
    votes_against = forms.IntegerField(label=_("Against"), min_value=0)
    abstentions = forms.IntegerField(label=_("Abstentions"), min_value=0, initial=0)


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 5}))


class CommentForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50, required=False)
    text = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 4}))


class ResponseForm(forms.Form):
    response = forms.CharField(label=_("Response to the comments"), widget=forms.Textarea(attrs={"rows": 5}))


class PetitionForm(forms.Form):
    community = forms.ChoiceField(label=_("Community"))
    subject = forms.CharField(label=_("What the meeting should decide"), max_length=200)
    basis = forms.ChoiceField(label=_("Counted by"), choices=PetitionBasis.choices)
    groups_total = forms.IntegerField(
        label=_("Residents' groups in the community"), min_value=0, required=False
    )

    def __init__(self, *args: Any, communities: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "community", [(c.code, c.name) for c in communities])


class GroupsForm(forms.Form):
    groups_supporting = forms.IntegerField(label=_("Groups supporting"), min_value=0)
