from django import forms
from django.utils.translation import gettext_lazy as _

from linli.operations.models import IncidentKind, IncidentLevel


class IncidentForm(forms.Form):
    area = forms.ChoiceField(label=_("Area"))
    kind = forms.ChoiceField(label=_("Kind of incident"), choices=IncidentKind.choices)
    level = forms.ChoiceField(label=_("Level"), choices=IncidentLevel.choices, initial=IncidentLevel.IV)
    title = forms.CharField(label=_("Incident"), max_length=100)
    description = forms.CharField(
        label=_("What happened"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note or task"), max_length=1000)
    assignee = forms.CharField(
        label=_("Assigned to"),
        max_length=100,
        required=False,
        help_text=_("A worker, a volunteer team or a department"),
    )


class CloseForm(forms.Form):
    report = forms.CharField(
        label=_("Closing report"), max_length=8000, widget=forms.Textarea(attrs={"rows": 4})
    )


class AlertForm(forms.Form):
    headline = forms.CharField(label=_("Headline"), max_length=100)
    message = forms.CharField(label=_("Message"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    instruction = forms.CharField(label=_("What residents should do"), max_length=300, required=False)
    hours = forms.IntegerField(label=_("Lasts (hours)"), min_value=1, max_value=336, initial=24)


class CancelForm(forms.Form):
    message = forms.CharField(label=_("Message when lifting"), max_length=500)


class CheckForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the check"), max_length=100)
    escalate_after_hours = forms.IntegerField(
        label=_("Escalate the unreached after (hours)"), min_value=1, max_value=72, initial=4
    )
