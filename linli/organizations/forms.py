from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from linli.organizations.models import Grade, Incubation, Kind, MemberRole, PartyKind, Standing

# ISO dates whatever the language: a date input reads nothing else (zh would render 2026/06/09).
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OrganizationForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("organization", "Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Type"), choices=Kind.choices)
    standing = forms.ChoiceField(
        label=_("Registered or filed"), choices=Standing.choices, widget=forms.RadioSelect
    )
    purpose = forms.CharField(label=_("Aims"), max_length=300, required=False)
    founded_on = forms.DateField(label=_("Founded"), widget=DATE)
    contact_name = forms.CharField(label=_("Contact person"), max_length=50)
    contact_phone = forms.CharField(
        label=_("Contact number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    incubation = forms.ChoiceField(label=_("Incubation"), choices=Incubation.choices, initial=Incubation.NONE)
    is_fitness_association = forms.BooleanField(
        label=_("This is the community's fitness association"), required=False
    )


class GradeForm(forms.Form):
    grade = forms.ChoiceField(label=_("Grade"), choices=Grade.choices, required=False)


class MemberForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=50)
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices, initial=MemberRole.MEMBER)
    joined_on = forms.DateField(label=_("Joined on"), widget=DATE)
    sports_instructor = forms.BooleanField(label=_("Sports instructor (社会体育指导员)"), required=False)


class LeaveForm(forms.Form):
    left_on = forms.DateField(label=_("Left on"), widget=DATE)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices)


class ActivityForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    held_on = forms.DateField(label=_("Held on"), widget=DATE)
    place = forms.CharField(label=_("Place"), max_length=100, required=False)
    participants = forms.IntegerField(label=_("Participants"), min_value=0, max_value=100_000, initial=0)
    is_volunteer = forms.BooleanField(label=_("A volunteer activity"), required=False)


class ReportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2200)
    summary = forms.CharField(
        label=_("What the organization did this year"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    activities_held = forms.IntegerField(
        label=_("Activities held"), min_value=0, max_value=100_000, initial=0
    )
    income_yuan = forms.IntegerField(label=_("Income (yuan)"), min_value=0, max_value=10**9, initial=0)
    expense_yuan = forms.IntegerField(label=_("Expense (yuan)"), min_value=0, max_value=10**9, initial=0)


class ContractForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    amount_yuan = forms.IntegerField(label=_("Amount (yuan)"), min_value=1, max_value=10**9)
    starts_on = forms.DateField(label=_("Starts"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends"), widget=DATE)


class PaymentForm(forms.Form):
    amount_yuan = forms.IntegerField(label=_("Amount (yuan)"), min_value=1, max_value=10**9)
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))


class PartyOrgForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=PartyKind.choices)
    name = forms.CharField(label=pgettext_lazy("organization", "Name"), max_length=100)
    parent = forms.ChoiceField(label=_("Under"), required=False)
    secretary_name = forms.CharField(label=_("Secretary"), max_length=50, required=False)


class PartyMemberForm(forms.Form):
    party_org = forms.ChoiceField(label=_("Party organization"))
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=50)
    joined_party_on = forms.DateField(label=_("Joined the Party"), required=False, widget=DATE)
    transferred_from = forms.CharField(
        label=_("Transferred in from (leave empty if not)"), max_length=100, required=False
    )
    on = forms.DateField(label=_("Transfer date"), required=False, widget=DATE)


class TransferOutForm(forms.Form):
    to = forms.CharField(label=_("Transferred to"), max_length=100)
    on = forms.DateField(label=_("Transfer date"), widget=DATE)


class PartyWorkerForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=50)
    phone = forms.CharField(
        label=_("Contact number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    since = forms.DateField(label=_("Since"), widget=DATE)


class OfficerElectionForm(forms.Form):
    """Start an officer election: its title, day and how many of each officer are elected."""

    title = forms.CharField(label=_("Title"), max_length=200)
    election_day = forms.DateField(label=_("Election day"), widget=DATE)
    chair = forms.IntegerField(
        label=_("Chairs to elect"), min_value=0, max_value=1, initial=1, required=False
    )
    vice_chair = forms.IntegerField(
        label=_("Vice chairs to elect"), min_value=0, max_value=9, initial=0, required=False
    )
    secretary = forms.IntegerField(
        label=_("Secretaries to elect"), min_value=0, max_value=1, initial=0, required=False
    )
    treasurer = forms.IntegerField(
        label=_("Treasurers to elect"), min_value=0, max_value=1, initial=0, required=False
    )

    def values(self) -> dict:
        d = self.cleaned_data
        seats = {p: d[p] or 0 for p in ("chair", "vice_chair", "secretary", "treasurer")}
        return {"title": d["title"], "election_day": d["election_day"], "seats": seats}
