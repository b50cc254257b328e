from typing import Any

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from linli.accounts.models import User
from linli.areas.models import Area
from linli.registry.actions import PersonData
from linli.registry.models import (
    Dwelling,
    DwellingUse,
    Employment,
    HukouPlace,
    LivingPlace,
    Relation,
    ReportKind,
    ResidenceKind,
    ResidentStatus,
)
from linli.ui.forms import set_choices, set_queryset


def _choices(form: forms.Form, name: str, choices: Any) -> None:
    set_choices(form, name, choices)


MEMBER_RELATIONS = [(v, label) for v, label in Relation.choices if v != Relation.HEAD]
DATE = forms.DateInput(attrs={"type": "date"})


def _grade(n: int) -> str:
    return gettext("grade %(n)s") % {"n": n}


grade_label = lazy(_grade, str)


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, mobile or ID number"),
        required=False,
        max_length=50,
        help_text=_("A name finds names starting with it; an ID number or mobile finds that exact person."),
    )
    building = forms.TypedChoiceField(label=_("Building"), required=False, coerce=int, empty_value=None)
    dwelling = forms.CharField(label=_("Dwelling number"), required=False, max_length=30)
    tag = forms.ChoiceField(label=_("Care tag"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *ResidenceKind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *ResidentStatus.choices], initial="active"
    )

    def __init__(self, *args: Any, buildings: Any = (), tags: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(
            self, "building", [("", _("All")), *[(b.pk, f"{b.community.name} {b.name}") for b in buildings]]
        )
        _choices(self, "tag", [("", _("All")), *tags])


class BuildingForm(forms.Form):
    community = forms.ModelChoiceField(label=_("Community"), queryset=Area.objects.none(), empty_label=None)
    grid = forms.ModelChoiceField(label=_("Grid"), queryset=Area.objects.none(), required=False)
    name = forms.CharField(label=_("Building"), max_length=50, help_text=_("For example 3号楼"))
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    unit_count = forms.IntegerField(label=_("Units (entrances)"), min_value=1, max_value=99, initial=1)

    def __init__(self, *args: Any, communities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "grid", Area.objects.filter(parent__in=communities))
        set_queryset(self, "community", communities)


class DwellingForm(forms.Form):
    number = forms.CharField(
        label=_("Dwelling number"), max_length=30, help_text=_("Unit and room, e.g. 2-301")
    )
    use = forms.ChoiceField(label=_("Use"), choices=DwellingUse.choices)
    floor_area_m2 = forms.DecimalField(
        label=_("Floor area (m²)"), required=False, min_value=0, max_digits=7, decimal_places=2
    )


class PersonForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50)
    id_number = forms.CharField(
        label=_("ID number"),
        # Room for the spaces people type between groups; the check counts 18 without them.
        max_length=30,
        help_text=_("18 characters; birth date and gender are read from it."),
    )
    phone = forms.CharField(label=_("Mobile number"), max_length=20, required=False)
    ethnicity = forms.CharField(label=_("Ethnicity"), max_length=20, initial="汉族", required=False)
    hukou_place = forms.CharField(label=_("Registered residence (户籍地)"), max_length=100, required=False)
    employment = forms.ChoiceField(
        label=_("Employment"), choices=[("", "—"), *Employment.choices], required=False
    )
    hukou_where = forms.ChoiceField(
        label=_("户口 (registered residence)"), choices=HukouPlace.choices, required=False, initial="here"
    )
    hukou_code = forms.CharField(
        label=_("Area code of the 户口"),
        max_length=20,
        required=False,
        help_text=_(
            "Elsewhere in Beijing: the district or community code; outside Beijing: the province code."
        ),
    )
    lives_where = forms.ChoiceField(
        label=_("Lives"), choices=LivingPlace.choices, required=False, initial="here"
    )
    lives_code = forms.CharField(label=_("Area code where they live"), max_length=20, required=False)
    lives_address = forms.CharField(label=_("Address where they live"), max_length=200, required=False)
    lives_since = forms.DateField(label=_("Living there since"), required=False, widget=DATE)

    def person(self) -> PersonData:
        d = self.cleaned_data
        return PersonData(
            name=d["name"],
            id_number=d["id_number"],
            phone=d.get("phone") or "",
            ethnicity=d.get("ethnicity") or "汉族",
            hukou_place=d.get("hukou_place") or "",
            employment=d.get("employment") or "",
            hukou_where=d.get("hukou_where") or HukouPlace.HERE,
            hukou_code=d.get("hukou_code") or "",
            lives_where=d.get("lives_where") or LivingPlace.HERE,
            lives_code=d.get("lives_code") or "",
            lives_address=d.get("lives_address") or "",
            lives_since=d.get("lives_since"),
        )


class ResidentEditForm(forms.Form):
    """Corrections to a record (`actions.EDITABLE`); the ID number is not among them."""

    name = PersonForm.base_fields["name"]
    ethnicity = PersonForm.base_fields["ethnicity"]
    hukou_place = PersonForm.base_fields["hukou_place"]
    employment = PersonForm.base_fields["employment"]


class MoveInForm(PersonForm):
    community = forms.ModelChoiceField(label=_("Community"), queryset=Area.objects.none(), empty_label=None)
    dwelling = forms.ModelChoiceField(label=_("Dwelling"), queryset=Dwelling.objects.none(), required=False)
    collective_unit = forms.CharField(
        label=_("Collective household of (unit)"),
        max_length=100,
        required=False,
        help_text=_("Only for a collective household (集体户): the workplace, school or community."),
    )
    field_order = ["community", "dwelling", "collective_unit", "name", "id_number", "phone"]

    def __init__(self, *args: Any, communities: Any, dwellings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "community", communities)
        set_queryset(self, "dwelling", dwellings)


class MemberForm(PersonForm):
    relation = forms.ChoiceField(label=_("Relation to head"), choices=MEMBER_RELATIONS)
    field_order = ["relation", "name", "id_number", "phone"]


def member_choices(members: Any) -> list[tuple[int, str]]:
    return [(m.pk, m.name) for m in members]


class MoveOutForm(forms.Form):
    to_community = forms.CharField(
        label=_("Code of the receiving community"),
        max_length=20,
        required=False,
        help_text=_("12 digits. Leave empty when the person leaves the city."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class DeathForm(forms.Form):
    new_head = forms.TypedChoiceField(
        label=_("New head of household"), coerce=int, required=False, empty_value=None
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, members: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "new_head", [("", "—"), *member_choices(members)])


class ChangeHeadForm(forms.Form):
    new_head = forms.TypedChoiceField(label=_("New head of household"), coerce=int)
    old_head_relation = forms.ChoiceField(
        label=_("The former head is now the new head's"),
        choices=MEMBER_RELATIONS,
        initial=Relation.OTHER_RELATIVE,
    )

    def __init__(self, *args: Any, members: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "new_head", member_choices(members))


class SplitForm(forms.Form):
    members = forms.TypedMultipleChoiceField(
        label=_("Members who leave"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    new_head = forms.TypedChoiceField(label=_("Head of the new household"), coerce=int)
    dwelling = forms.ModelChoiceField(label=_("Dwelling"), queryset=Dwelling.objects.none(), required=False)

    def __init__(self, *args: Any, members: Any = (), dwellings: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "members", member_choices(members))
        _choices(self, "new_head", member_choices(members))
        set_queryset(self, "dwelling", dwellings)


class MergeForm(forms.Form):
    target = forms.CharField(label=_("Code of the household to join"), max_length=20)
    relation = forms.ChoiceField(
        label=_("Relation to its head"), choices=MEMBER_RELATIONS, initial=Relation.OTHER_RELATIVE
    )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Approve")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=300, required=False, help_text=_("Required when rejecting.")
    )


class TransferAcceptForm(DecideForm):
    dwelling = forms.ModelChoiceField(
        label=_("Dwelling (when accepting into a new household)"),
        queryset=Dwelling.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, dwellings: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "dwelling", dwellings)


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What changed"), choices=ReportKind.choices, widget=forms.RadioSelect)
    subject = forms.TypedChoiceField(
        label=_("Member (moving out, new mobile or where they live)"),
        coerce=int,
        required=False,
        empty_value=None,
    )
    name = forms.CharField(label=_("Name of the new member"), max_length=50, required=False)
    id_number = forms.CharField(label=_("ID number of the new member"), max_length=30, required=False)
    relation = forms.ChoiceField(
        label=_("Relation to the head"), choices=[("", "—"), *MEMBER_RELATIONS], required=False
    )
    phone = forms.CharField(label=_("Mobile number"), max_length=20, required=False)
    lives_where = forms.ChoiceField(
        label=_("Where the member lives now"), choices=[("", "—"), *LivingPlace.choices], required=False
    )
    lives_address = forms.CharField(label=_("Address where they live"), max_length=200, required=False)
    lives_since = forms.DateField(label=_("Living there since"), required=False, widget=DATE)
    note = forms.CharField(
        label=_("Note"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, members: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "subject", [("", "—"), *member_choices(members)])


class RentalForm(forms.Form):
    dwelling = forms.ModelChoiceField(label=_("Dwelling"), queryset=Dwelling.objects.none())
    landlord_name = forms.CharField(label=_("Landlord"), max_length=50)
    landlord_phone = forms.CharField(label=_("Landlord's mobile"), max_length=20, required=False)
    start = forms.DateField(label=_("Lease starts"), widget=DATE)
    end = forms.DateField(label=_("Lease ends"), widget=DATE)
    tenants = forms.CharField(
        label=_("Tenants"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One tenant a line: name, ID number, mobile (optional). The first is the head."),
    )

    def __init__(self, *args: Any, dwellings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "dwelling", dwellings)

    def clean_tenants(self) -> list[PersonData]:
        people = []
        for n, line in enumerate(self.cleaned_data["tenants"].splitlines(), start=1):
            parts = [p.strip() for p in line.replace("，", ",").split(",")]
            if not any(parts):
                continue
            if len(parts) < 2:
                raise forms.ValidationError(
                    _("Line %(n)d: write the name and the ID number, separated by a comma.") % {"n": n}
                )
            people.append(
                PersonData(name=parts[0], id_number=parts[1], phone=parts[2] if len(parts) > 2 else "")
            )
        return people


class ExtendForm(forms.Form):
    end = forms.DateField(label=_("New end of lease"), widget=DATE)


class TagForm(forms.Form):
    tag = forms.ChoiceField(label=_("Care tag"))
    level = forms.TypedChoiceField(
        label=_("Disability level"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", "—"), *((n, grade_label(n)) for n in (1, 2, 3, 4))],
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args: Any, tags: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "tag", tags)


class VisitForm(forms.Form):
    visited_at = forms.DateTimeField(
        label=_("When"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 3}))
    follow_up = forms.CharField(
        label=_("Follow-up"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["visited_at"].initial = timezone.localtime().replace(second=0, microsecond=0)


class AssignForm(forms.Form):
    worker = forms.ModelChoiceField(label=_("Worker"), queryset=User.objects.none())

    def __init__(self, *args: Any, workers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "worker", workers)


class FrequencyForm(forms.Form):
    community = forms.ModelChoiceField(label=_("Community"), queryset=Area.objects.none(), empty_label=None)
    tag = forms.ChoiceField(label=_("Care tag"))
    days = forms.IntegerField(label=_("Visit every (days)"), min_value=1, max_value=366)

    def __init__(self, *args: Any, communities: Any, tags: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "community", communities)
        _choices(self, "tag", tags)


class ImportForm(forms.Form):
    community = forms.ModelChoiceField(label=_("Community"), queryset=Area.objects.none(), empty_label=None)
    file = forms.FileField(label=_("CSV or XLSX file"))
    dry_run = forms.BooleanField(
        label=_("Only check and preview, do not import"), required=False, initial=True
    )

    def __init__(self, *args: Any, communities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "community", communities)

    def clean_file(self) -> Any:
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return f


class ExportForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=[("xlsx", "Excel (.xlsx)"), ("csv", "CSV")])
    reveal = forms.BooleanField(label=_("Show ID and mobile numbers in full"), required=False)
    reason = forms.CharField(
        label=_("Why do you need them in full?"),
        max_length=300,
        required=False,
        help_text=_("Needed for full numbers; written to the audit log."),
    )


class ResidenceMoveForm(forms.Form):
    """Where a person lives now (人户分离): the 户口 stays."""

    lives_where = forms.ChoiceField(label=_("Lives"), choices=LivingPlace.choices)
    lives_code = forms.CharField(label=_("Area code where they live"), max_length=20, required=False)
    lives_address = forms.CharField(label=_("Address where they live"), max_length=200, required=False)
    since = forms.DateField(label=_("Since"), required=False, widget=DATE)


class HukouMoveForm(forms.Form):
    """Where the 户口 is now: where the person lives stays."""

    hukou_where = forms.ChoiceField(label=_("户口 (registered residence)"), choices=HukouPlace.choices)
    hukou_code = forms.CharField(label=_("Area code of the 户口"), max_length=20, required=False)
