"""Election forms."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from linli.common.identifiers import fold_code, is_ascii_token
from linli.governance import rules
from linli.governance.elections.actions.ballots import CREDENTIAL_LENGTH
from linli.governance.forms import DATE, _dt
from linli.governance.models import (
    POSITION_CHOICES,
    POSITION_ORDER,
    Method,
    NominatedBy,
    ObjectionKind,
    Position,
)
from linli.ui.forms import set_choices


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
    member = forms.IntegerField(
        label=pgettext_lazy("committee", "Members"), min_value=0, max_value=8, initial=3
    )
    allow_write_ins = forms.BooleanField(
        label=_("Voters may write in other names"), required=False, initial=True
    )
    require_surplus = forms.BooleanField(
        label=_("More candidates than seats (差额)"), required=False, initial=True
    )

    def __init__(self, *args: Any, communities: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "community", [(c.code, f"{c.name} ({c.code})") for c in communities])
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
        set_choices(self, "subject", [(str(p.pk), p.name) for p in people])


class DecideForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Accept")), ("0", pgettext_lazy("application", "Reject"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(label=_("Answer"), max_length=200, required=False)


class NominateForm(forms.Form):
    position = forms.ChoiceField(label=_("Position"), choices=POSITION_CHOICES)
    entry = forms.ChoiceField(label=_("Voter"))
    nominated_by = forms.ChoiceField(label=_("Nominated by"), choices=NominatedBy.choices)
    supporters = forms.IntegerField(label=_("Supporting voters"), min_value=0, initial=0, required=False)
    statement = forms.CharField(
        label=_("Introduction"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=500
    )

    def __init__(self, *args: Any, entries: list[Any], positions: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "entry", [(str(e.pk), e.name) for e in entries])
        # The election's own positions (a committee's, or an organization's officers).
        wanted = set(Position.values if positions is None else positions)
        set_choices(self, "position", [(v, label) for v, label in POSITION_CHOICES if v in wanted])


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
        set_choices(self, "station", [(str(s.pk), s.name) for s in stations])


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
        set_choices(self, "station", [(str(s.pk), s.name) for s in stations])
        for c in candidates:
            self.fields[f"c{c.pk}"] = forms.IntegerField(
                label=f"{c.name}（{c.get_position_display()}）", min_value=0, initial=0, required=False
            )

    def votes(self) -> dict[str, int]:
        out = {k: v for k, v in self.cleaned_data.items() if k.startswith("c") and k[1:].isdigit() and v}
        for line in (self.cleaned_data.get("write_ins") or "").splitlines():
            parts = [p.strip() for p in line.replace("，", ",").split(",")]
            if len(parts) != 3 or not parts[2].isdigit() or parts[0] not in POSITION_ORDER:
                raise forms.ValidationError(_("Write each line as position,name,votes."))
            out[f"w{parts[0]}:{''.join(parts[1].split())}"] = int(parts[2])
        return out


class CredentialForm(forms.Form):
    credential = forms.CharField(
        label=_("Voting code"),
        max_length=40,
        help_text=_(
            "The 12 letters and digits on your voting slip, such as XRFY-EMWZ-AK8B. "
            "Spaces, dashes and small letters are fine."
        ),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "inputmode": "text",
                "spellcheck": "false",
            }
        ),
    )

    def clean_credential(self) -> str:
        # Typed from paper: full-width, lower case, grouped with spaces or dashes all fold to one code.
        code = fold_code(self.cleaned_data["credential"])
        if len(code) != CREDENTIAL_LENGTH:
            raise forms.ValidationError(
                _("A voting code has 12 letters and digits; you typed %(n)d. Check it against your slip.")
                % {"n": len(code)}
            )
        if not is_ascii_token(code):
            raise forms.ValidationError(_("A voting code has only the letters A to Z and the digits 0 to 9."))
        return code


class CeremonyForm(forms.Form):
    names = forms.CharField(
        label=_("Trustees (members of the election committee), one per line"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=800,
    )
    needed = forms.IntegerField(
        label=_("How many of them must take part in each count"),
        min_value=1,
        max_value=15,
        initial=3,
        help_text=_("Fewer than this many trustees cannot decrypt anything, even together."),
    )

    def names_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["names"].splitlines() if line.strip()]


class EnrolForm(forms.Form):
    passphrase = forms.CharField(
        label=_("Passphrase (the trustee chooses it and remembers it)"),
        widget=forms.PasswordInput,
        max_length=200,
    )
    again = forms.CharField(label=_("The passphrase again"), widget=forms.PasswordInput, max_length=200)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("passphrase") and data.get("passphrase") != data.get("again"):
            self.add_error("again", _("The two passphrases differ."))
        return data


class DecryptForm(forms.Form):
    """A trustee's partial decryption, the file `tools/trustee_key.py decrypt` wrote at home."""

    trustee = forms.ChoiceField(label=pgettext_lazy("election", "Trustee"))
    decryption = forms.FileField(label=_("The trustee's partial decryption (the file the tool wrote)"))

    def __init__(self, *args: Any, trustees: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "trustee", [(str(t.number), str(t)) for t in trustees])
