from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from linli.operations.emergencies import tasks as actions
from linli.operations.models import Incident, IncidentKind, IncidentLevel


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


class TaskForm(forms.Form):
    task = forms.CharField(
        label=pgettext_lazy("incident", "Task"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    assignee = forms.ChoiceField(label=_("Give it to"))
    due_at = forms.DateTimeField(
        label=_("Due (optional)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, incident: Incident, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit = actions.CHOICES_LIMIT
        self.fields["assignee"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            (_("Workers"), [(f"w{u.pk}", u.display_name) for u in actions.workers_for(incident)[:limit]]),
            (
                _("Volunteers"),
                [(f"v{v.pk}", f"{v.name} ({v.number})") for v in actions.volunteers_for(incident)[:limit]],
            ),
            (_("Departments"), [(f"d{d.pk}", d.name) for d in actions.departments_for(incident)[:limit]]),
        ]
        self.incident = incident

    def assignee_kwargs(self) -> dict[str, Any]:
        value = self.cleaned_data["assignee"]
        kind, pk = value[0], int(value[1:])
        if kind == "w":
            return {"worker": actions.workers_for(self.incident).get(pk=pk)}
        if kind == "v":
            return {"volunteer": actions.volunteers_for(self.incident).get(pk=pk)}
        return {"department": actions.departments_for(self.incident).get(pk=pk)}


class DoneForm(forms.Form):
    report = forms.CharField(label=pgettext_lazy("incident", "Report"), max_length=1000)
