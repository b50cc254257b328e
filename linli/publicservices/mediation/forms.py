"""Forms of the mediation pages."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from linli.publicservices.models.mediation import CaseKind, CaseSource, ReferredTo


class CaseForm(forms.Form):
    community = forms.ChoiceField(label=_("Community"))
    source = forms.ChoiceField(label=_("Came from"), choices=CaseSource.choices)
    ticket_code = forms.CharField(
        label=_("Ticket number (for a case from a ticket)"), max_length=20, required=False
    )
    kind = forms.ChoiceField(label=_("Kind of dispute"), choices=CaseKind.choices)
    summary = forms.CharField(
        label=_("What the dispute is about"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    applicants = forms.CharField(
        label=_("Applicants (one a line: a name, or a resident's ID number)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    respondents = forms.CharField(
        label=_("Respondents (one a line: a name, or a resident's ID number)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SessionForm(forms.Form):
    mediator = forms.TypedChoiceField(label=_("Mediator"), coerce=int)
    held_at = forms.DateTimeField(
        label=_("Held at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    notes = forms.CharField(label=_("Notes"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class AgreementForm(forms.Form):
    agreement = forms.CharField(
        label=_("The agreement (调解协议)"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )


class ReferForm(forms.Form):
    to = forms.ChoiceField(label=_("Refer to"), choices=ReferredTo.choices)
    reason = forms.CharField(
        label=_("Why mediation failed"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class FollowUpForm(forms.Form):
    kept = forms.TypedChoiceField(
        label=_("Is the agreement kept?"),
        choices=[("1", pgettext_lazy("agreement", "Kept")), ("0", pgettext_lazy("agreement", "Not kept"))],
        coerce=lambda v: v == "1",
    )


class MediatorForm(forms.Form):
    community = forms.ChoiceField(label=_("Community"))
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=50)
    in_group = forms.BooleanField(label=_("Member of the mediation group"), required=False, initial=True)
    username = forms.CharField(
        label=_("Sign-in name of their account (optional, for the mediator role)"),
        max_length=150,
        required=False,
    )
