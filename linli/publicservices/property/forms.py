"""Forms of the committee-owners-property pages."""

import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from linli.governance.models import Position
from linli.publicservices.models.property import Aspect, Party, Scope
from linli.publicservices.property.actions import MemberIn

DATE = forms.DateInput(attrs={"type": "date"})


class EstateForm(forms.Form):
    community = forms.CharField(label=gettext_lazy("Community code"), max_length=20)
    name = forms.CharField(label=gettext_lazy("Estate name"), max_length=60)
    buildings = forms.CharField(
        label=gettext_lazy("Buildings (names, separate with commas)"), max_length=1000
    )

    def building_names(self) -> list[str]:
        raw = unicodedata.normalize("NFKC", self.cleaned_data["buildings"]).replace("、", ",")
        return [b.strip() for b in raw.split(",") if b.strip()]


def _positions() -> dict[str, str]:
    """A member's position as typed: its code or its name in either language."""
    out = {p.value: p.value for p in Position}
    out.update({str(p.label): p.value for p in Position})
    out.update({"主任": Position.DIRECTOR, "副主任": Position.DEPUTY, "委员": Position.MEMBER})
    return out


class CommitteeForm(forms.Form):
    elected_on = forms.DateField(label=gettext_lazy("Elected on"), widget=DATE)
    term_years = forms.IntegerField(label=gettext_lazy("Term (years)"), min_value=1, max_value=5, initial=5)
    owners_total = forms.IntegerField(label=gettext_lazy("Owners"), min_value=1, max_value=1_000_000)
    owners_voted = forms.IntegerField(
        label=gettext_lazy("Owners who took part"), min_value=0, max_value=1_000_000
    )
    area_total_m2 = forms.DecimalField(
        label=gettext_lazy("Exclusive floor area (m²)"), min_value=0, max_digits=10, decimal_places=2
    )
    area_voted_m2 = forms.DecimalField(
        label=gettext_lazy("Floor area of those who took part (m²)"),
        min_value=0,
        max_digits=10,
        decimal_places=2,
    )
    record_ref = forms.CharField(label=gettext_lazy("Election record (minutes, reference)"), max_length=200)
    filed_with_street_on = forms.DateField(
        label=gettext_lazy("Filed with the street on"), required=False, widget=DATE
    )
    members = forms.CharField(
        label=gettext_lazy("Members, one a line: name, position, dwelling, owners for, floor area for"),
        widget=forms.Textarea(attrs={"rows": 7}),
        max_length=3000,
    )

    def clean_members(self) -> list[MemberIn]:
        positions = _positions()
        out = []
        for n, line in enumerate(self.cleaned_data["members"].splitlines(), start=1):
            cells = [c.strip() for c in unicodedata.normalize("NFKC", line).replace("，", ",").split(",")]
            if not any(cells):
                continue
            try:
                name, position, dwelling, owners, area = cells
                out.append(
                    MemberIn(
                        name=name,
                        position=positions[position],
                        dwelling=dwelling,
                        votes_owners=int(owners),
                        votes_area_m2=Decimal(area),
                    )
                )
            except (ValueError, KeyError, InvalidOperation):
                raise forms.ValidationError(
                    _("Line %(n)d: give name, position, dwelling, owners for, floor area for.") % {"n": n}
                ) from None
        return out


class ContractForm(forms.Form):
    company = forms.CharField(label=gettext_lazy("Property company number"), max_length=12)
    starts_on = forms.DateField(label=pgettext_lazy("period", "From"), widget=DATE)
    ends_on = forms.DateField(label=pgettext_lazy("period", "Until"), widget=DATE)
    fee = forms.DecimalField(
        label=gettext_lazy("Fee per m² and month (yuan)"), min_value=0, max_value=100, decimal_places=2
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for scope, label in Scope.choices:
            self.fields[f"item_{scope}"] = forms.CharField(
                label=_("%(service)s: standard (empty: not covered)") % {"service": label},
                max_length=200,
                required=False,
            )

    def items(self) -> list[tuple[str, str]]:
        return [
            (s, self.cleaned_data[f"item_{s}"]) for s in Scope.values if self.cleaned_data.get(f"item_{s}")
        ]


class CompanyForm(forms.Form):
    area = forms.CharField(label=gettext_lazy("Community or street code"), max_length=20)
    name = forms.CharField(label=gettext_lazy("Company name"), max_length=100)
    credit_code = forms.CharField(label=gettext_lazy("Unified social credit code"), max_length=30)
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("Services offered"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple
    )
    contact = forms.CharField(label=gettext_lazy("Contact"), max_length=50, required=False)
    phone = forms.CharField(label=gettext_lazy("Service phone"), max_length=20, required=False)


class MeetingForm(forms.Form):
    held_at = forms.DateTimeField(
        label=gettext_lazy("Held"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    place = forms.CharField(label=gettext_lazy("Place"), max_length=100, required=False)
    topic = forms.CharField(label=pgettext_lazy("meeting", "Topic"), max_length=200)
    residents = forms.CharField(label=gettext_lazy("For the residents' committee (names)"), max_length=300)
    owners = forms.CharField(label=gettext_lazy("For the owners (names)"), max_length=300)
    company = forms.CharField(label=gettext_lazy("For the property company (names)"), max_length=300)
    others = forms.CharField(label=gettext_lazy("Others (names)"), max_length=300, required=False)
    minutes = forms.CharField(
        label=gettext_lazy("Minutes"), widget=forms.Textarea(attrs={"rows": 8}), max_length=8000
    )

    def attendees(self) -> list[tuple[str, str]]:
        out = []
        for party, key in (
            (Party.RESIDENTS, "residents"),
            (Party.OWNERS, "owners"),
            (Party.COMPANY, "company"),
            (Party.OTHER, "others"),
        ):
            raw = unicodedata.normalize("NFKC", self.cleaned_data.get(key) or "").replace("、", ",")
            out += [(party.value, n.strip()) for n in raw.split(",") if n.strip()]
        return out


class DecisionForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Decision"), max_length=500)
    owner_party = forms.ChoiceField(label=gettext_lazy("Responsible"), choices=Party.choices)
    owner_name = forms.CharField(label=gettext_lazy("Responsible person"), max_length=50)
    due_on = forms.DateField(label=gettext_lazy("Due"), widget=DATE)


class FollowUpForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("How it stands"), max_length=500)
    done = forms.BooleanField(label=gettext_lazy("Carried out"), required=False)


class ComplaintForm(forms.Form):
    ticket = forms.CharField(label=gettext_lazy("Ticket number"), max_length=20)


class SurveyForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=100)
    opens_on = forms.DateField(label=gettext_lazy("Opens"), widget=DATE)
    closes_on = forms.DateField(label=gettext_lazy("Closes"), widget=DATE)


SCORES = [
    (5, gettext_lazy("very satisfied")),
    (4, gettext_lazy("satisfied")),
    (3, gettext_lazy("so-so")),
    (2, gettext_lazy("dissatisfied")),
    (1, gettext_lazy("very dissatisfied")),
]


class AnswerForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for aspect, label in Aspect.choices:
            self.fields[aspect] = forms.TypedChoiceField(
                label=label, choices=SCORES, coerce=int, widget=forms.RadioSelect
            )
