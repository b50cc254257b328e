# django-stubs types ModelChoiceField querysets strictly; these forms get theirs at runtime.
# mypy: disable-error-code="attr-defined,var-annotated,arg-type"
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from linli.tickets.models import Channel, Kind, Level, Satisfaction

YES_NO = [("1", _("Yes, it was resolved")), ("0", _("No, it was not resolved"))]


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        from django.utils.translation import get_language

        parent = obj.parent.label(get_language()) if obj.parent_id else ""
        return f"{parent} · {obj.label(get_language())}" if parent else obj.label(get_language())


class TicketForm(forms.Form):
    community = forms.ModelChoiceField(label=_("Community"), queryset=None, empty_label=None)
    category = CategoryChoiceField(label=_("What is it about?"), queryset=None, empty_label=_("Choose…"))
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, initial=Kind.HELP)
    description = forms.CharField(
        label=_("What happened?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Where, since when, what you need. Do not write ID numbers here."),
    )
    address = forms.CharField(label=_("Address or place"), max_length=200, required=False)
    photo = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    anonymous = forms.BooleanField(
        label=_("Submit anonymously (your name is not shown to handlers)"), required=False
    )
    contact_phone = forms.CharField(label=_("Contact number"), max_length=20, required=False)

    def __init__(self, *args, communities=None, categories=None, staff=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        self.fields["category"].queryset = categories
        only = list(communities[:2]) if communities is not None else []
        if len(only) == 1:
            self.fields["community"].widget = forms.HiddenInput()
            self.fields["community"].initial = only[0].pk
        if staff:
            self.fields["channel"] = forms.ChoiceField(
                label=_("Came in through"), choices=Channel.choices, initial=Channel.WALK_IN
            )
            self.fields["contact_name"] = forms.CharField(
                label=_("Contact name"), max_length=50, required=False
            )


class HotlineTicketForm(forms.Form):
    category = CategoryChoiceField(label=_("Category"), queryset=None, empty_label=_("Choose…"))
    description = forms.CharField(
        label=_("What the caller says"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, initial=Kind.HELP)
    community = forms.ModelChoiceField(label=_("Community"), queryset=None, required=False)
    resident = forms.TypedChoiceField(label=_("Caller"), coerce=int, required=False, choices=[])
    address = forms.CharField(label=_("Address or place"), max_length=200, required=False)
    anonymous = forms.BooleanField(label=_("Caller wants to stay anonymous"), required=False)

    def __init__(self, *args, categories=None, communities=None, residents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        self.fields["community"].queryset = communities
        self.fields["resident"].choices = [("", _("Not in the registry"))] + [
            (r.pk, f"{r.name} · {r.community.name}") for r in residents
        ]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SuperviseForm(forms.Form):
    note = forms.CharField(label=_("Instruction"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("How it was handled"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class TransferForm(forms.Form):
    community = forms.ModelChoiceField(label=_("To community"), queryset=None)
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args, communities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities


class DepartmentCallForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Department"), queryset=None)
    request = forms.CharField(label=_("What the department should do"), max_length=500)
    days = forms.IntegerField(
        label=_("Report back within (working days)"), min_value=1, max_value=30, initial=3
    )

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments


class ReportForm(forms.Form):
    call = forms.IntegerField(widget=forms.HiddenInput())
    report = forms.CharField(
        label=_("The department's report"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ExtensionForm(forms.Form):
    days = forms.IntegerField(label=_("Extra working days"), min_value=1, max_value=30)
    reason = forms.CharField(label=_("Reason"), max_length=300)


class DecisionForm(forms.Form):
    extension = forms.IntegerField(widget=forms.HiddenInput())
    approve = forms.TypedChoiceField(
        label=pgettext_lazy("extension", "Decision"),
        coerce=lambda v: v == "1",
        choices=[("1", pgettext_lazy("extension", "Approve")), ("0", _("Refuse"))],
    )


class EvaluationForm(forms.Form):
    resolved = forms.TypedChoiceField(
        label=_("Was it resolved?"), coerce=lambda v: v == "1", choices=YES_NO, widget=forms.RadioSelect
    )
    satisfaction = forms.ChoiceField(
        label=_("How satisfied are you?"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Comment"), max_length=500, required=False)


class ReturnVisitForm(EvaluationForm):
    note = forms.CharField(label=_("What the caller said"), max_length=500)


class LinkForm(forms.Form):
    original = forms.CharField(label=_("Ticket number of the same problem"), max_length=20)


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Photo"), help_text=_("JPEG, PNG or WebP, at most 5 MB."))


class CategoryForm(forms.Form):
    code = forms.SlugField(label=_("Code (Open311 service_code)"), max_length=40)
    name = forms.CharField(label=_("Category name"), max_length=60)
    name_en = forms.CharField(label=_("English name"), max_length=80, required=False)
    parent = forms.ModelChoiceField(label=_("Group"), queryset=None, required=False)
    response_hours = forms.IntegerField(label=_("Response limit (hours)"), min_value=1, max_value=720)
    round_the_clock = forms.BooleanField(label=_("Count clock hours (emergencies)"), required=False)
    handling_days = forms.IntegerField(label=_("Handling limit (working days)"), min_value=1, max_value=90)
    default_level = forms.ChoiceField(label=_("Handled first by"), choices=Level.choices)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, parents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents


class NoticeForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2020, max_value=2100)
    holidays = forms.CharField(
        label=_("Holidays, one per line: first day, last day, name"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("For example: 2027-01-01,2027-01-03,元旦"),
    )
    workdays = forms.CharField(
        label=_("Make-up workdays (调休上班), separated by commas or lines"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DepartmentForm(forms.Form):
    street = forms.ModelChoiceField(label=_("Street"), queryset=None)
    name = forms.CharField(label=_("Department"), max_length=60)

    def __init__(self, *args, streets=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["street"].queryset = streets
