from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from linli.governance import rules
from linli.governance.models import (
    DocumentKind,
    MeetingKind,
    Method,
    NominatedBy,
    ObjectionKind,
    PartyKind,
    PetitionBasis,
    Position,
    Rating,
    SubjectGroup,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


def _dt(label: Any, **kw: Any) -> forms.DateTimeField:
    return forms.DateTimeField(label=label, widget=DATETIME, input_formats=DATETIME_FORMATS, **kw)


class ElectionForm(forms.Form):
    community = forms.ChoiceField(label=_("Community"))
    title = forms.CharField(label=_("Title"), max_length=200, initial=_("Residents' committee election"))
    method = forms.ChoiceField(label=_("How the committee is elected"), choices=Method.choices)
    election_day = forms.DateField(label=_("Election day"), widget=DATE)
    register_cutoff = forms.DateField(
        label=_("Register cut-off date"),
        widget=DATE,
        help_text=_("Residents living in the community on this date are listed."),
    )
    director = forms.IntegerField(label=_("Directors"), min_value=1, max_value=1, initial=1)
    deputy = forms.IntegerField(label=_("Deputy directors"), min_value=0, max_value=4, initial=1)
    member = forms.IntegerField(label=_("Members"), min_value=0, max_value=8, initial=3)
    allow_write_ins = forms.BooleanField(
        label=_("Voters may write in other names"), required=False, initial=True
    )
    require_surplus = forms.BooleanField(
        label=_("More candidates than seats (差额)"), required=False, initial=True
    )

    def __init__(self, *args: Any, communities: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["community"].choices = [(c.code, f"{c.name} ({c.code})") for c in communities]  # type: ignore[attr-defined]
        low, high = rules.rule("GOV_COMMITTEE_MIN"), rules.rule("GOV_COMMITTEE_MAX")
        self.fields["member"].help_text = _("A committee has %(low)d to %(high)d members in all.") % {
            "low": low,
            "high": high,
        }


class CorrectionForm(forms.Form):
    resident = forms.IntegerField(widget=forms.HiddenInput)
    listed = forms.TypedChoiceField(
        label=_("Correction"),
        choices=[("1", _("Add to the register")), ("0", _("Take off the register"))],
        coerce=lambda v: v == "1",
    )
    group_name = forms.CharField(label=_("Residents' group"), max_length=50, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=200)


class ResidentPickForm(forms.Form):
    q = forms.CharField(label=_("Name"), max_length=50, required=False)


class ObjectionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What is wrong"), choices=ObjectionKind.choices, widget=forms.RadioSelect
    )
    subject = forms.ChoiceField(label=_("About whom"))
    text = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, people: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = [(str(p.pk), p.name) for p in people]  # type: ignore[attr-defined]


class DecideForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Accept")), ("0", _("Reject"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(label=_("Answer"), max_length=200, required=False)


class NominateForm(forms.Form):
    position = forms.ChoiceField(label=_("Position"), choices=Position.choices)
    entry = forms.ChoiceField(label=_("Voter"))
    nominated_by = forms.ChoiceField(label=_("Nominated by"), choices=NominatedBy.choices)
    supporters = forms.IntegerField(label=_("Supporting voters"), min_value=0, initial=0, required=False)
    statement = forms.CharField(
        label=_("Introduction"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=500
    )

    def __init__(self, *args: Any, entries: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = [(str(e.pk), e.name) for e in entries]  # type: ignore[attr-defined]


class StationForm(forms.Form):
    name = forms.CharField(label=_("Polling station"), max_length=100)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)


class WindowForm(forms.Form):
    opens_at = _dt(_("Voting opens"))
    closes_at = _dt(_("Voting closes"))


class MarkForm(forms.Form):
    entry = forms.IntegerField(widget=forms.HiddenInput)
    station = forms.ChoiceField(label=_("Polling station"))

    def __init__(self, *args: Any, stations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["station"].choices = [(str(s.pk), s.name) for s in stations]  # type: ignore[attr-defined]


class StationCountForm(forms.Form):
    station = forms.ChoiceField(label=_("Polling station"))
    ballots_returned = forms.IntegerField(label=_("Ballots in the box"), min_value=0)
    ballots_invalid = forms.IntegerField(label=_("Invalid ballots"), min_value=0, initial=0)
    teller_1 = forms.CharField(label=_("Teller (counting)"), max_length=50)
    teller_2 = forms.CharField(label=_("Teller (scrutinising)"), max_length=50)
    write_ins = forms.CharField(
        label=_("Write-in votes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line: position, name, votes — e.g. member,张三,3"),
    )

    def __init__(self, *args: Any, stations: list[Any], candidates: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["station"].choices = [(str(s.pk), s.name) for s in stations]  # type: ignore[attr-defined]
        for c in candidates:
            self.fields[f"c{c.pk}"] = forms.IntegerField(
                label=f"{c.name}（{c.get_position_display()}）", min_value=0, initial=0, required=False
            )

    def votes(self) -> dict[str, int]:
        out = {k: v for k, v in self.cleaned_data.items() if k.startswith("c") and k[1:].isdigit() and v}
        for line in (self.cleaned_data.get("write_ins") or "").splitlines():
            parts = [p.strip() for p in line.replace("，", ",").split(",")]
            if len(parts) != 3 or not parts[2].isdigit() or parts[0] not in Position.values:
                raise forms.ValidationError(_("Write each line as position,name,votes."))
            out[f"w{parts[0]}:{''.join(parts[1].split())}"] = int(parts[2])
        return out


class CredentialForm(forms.Form):
    credential = forms.CharField(
        label=_("Voting code"),
        max_length=20,
        help_text=_("The 12 letters and digits on your voting slip."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "inputmode": "text"}
        ),
    )


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
        label=_("Members"),
        min_value=0,
        required=False,
        help_text=_("Leave empty for a residents' meeting: every resident aged 18 or older counts."),
    )
    comment_deadline = _dt(_("Comments until (hearings)"), required=False)
    parties = forms.CharField(
        label=_("Parties (consultations)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: kind,name — kinds: unit, property, owners, resident, other."),
    )
    petition = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, communities: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["community"].choices = [(c.code, f"{c.name} ({c.code})") for c in communities]  # type: ignore[attr-defined]

    def party_list(self) -> list[tuple[str, str]]:
        out = []
        for line in (self.cleaned_data.get("parties") or "").splitlines():
            kind, _sep, name = line.replace("，", ",").partition(",")
            if not name.strip():
                kind, name = PartyKind.OTHER, kind
            out.append((kind.strip(), name.strip()))
        return [p for p in out if p[1]]


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
        self.fields["community"].choices = [(c.code, c.name) for c in communities]  # type: ignore[attr-defined]


class GroupsForm(forms.Form):
    groups_supporting = forms.IntegerField(label=_("Groups supporting"), min_value=0)


class DocumentForm(forms.Form):
    community = forms.ChoiceField(label=_("Community"))
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)

    def __init__(self, *args: Any, communities: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["community"].choices = [(c.code, c.name) for c in communities]  # type: ignore[attr-defined]


class AdoptForm(forms.Form):
    motion = forms.ChoiceField(label=_("Adopted by the decision"))
    text = forms.CharField(label=_("Full text of the new version"), widget=forms.Textarea(attrs={"rows": 12}))

    def __init__(self, *args: Any, motions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["motion"].choices = [  # type: ignore[attr-defined]
            (str(m.pk), f"{m.title} — {m.meeting.title} ({m.meeting.scheduled_at:%Y-%m-%d})") for m in motions
        ]


class CampaignForm(forms.Form):
    community = forms.ChoiceField(label=_("Community"))
    title = forms.CharField(label=_("Title"), max_length=200)
    closes_at = _dt(_("Answers until"))
    subjects = forms.CharField(
        label=_("Who is evaluated"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One per line: group,name,post — groups: committee, party, stationed."),
    )

    def __init__(self, *args: Any, communities: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["community"].choices = [(c.code, c.name) for c in communities]  # type: ignore[attr-defined]

    def subject_list(self) -> list[tuple[str, str, str]]:
        out = []
        for line in self.cleaned_data["subjects"].splitlines():
            parts = [p.strip() for p in line.replace("，", ",").split(",")]
            if not any(parts):
                continue
            if len(parts) < 2 or parts[0] not in SubjectGroup.values:
                raise forms.ValidationError(_("Write each line as group,name,post."))
            out.append((parts[0], parts[1], parts[2] if len(parts) > 2 else ""))
        return out


RATING_CHOICES = Rating.choices
