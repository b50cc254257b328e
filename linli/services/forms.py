from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from linli.services.models import Category, Channel, EntitlementKind, Grade, Mode, Pickup, ProviderKind

DATE = forms.DateInput(attrs={"type": "date"})


class OrderForm(forms.Form):
    service = forms.ChoiceField(label=_("Service"))
    description = forms.CharField(
        label=_("What is needed"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    contact_phone = forms.CharField(
        label=_("Contact number"),
        max_length=20,
        required=False,
        help_text=_("Leave empty to use the number in the registry."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    wanted_on = forms.DateField(label=_("Wanted on"), required=False, widget=DATE)

    def __init__(self, *args: Any, services: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = services  # type: ignore[attr-defined]


class OnBehalfForm(OrderForm):
    """The station's 代办 form: the order, and the resident it is made for, found by name, mobile
    or ID number within the community (the search is posted: the term stays out of URLs)."""

    who = forms.CharField(
        label=_("Find the resident: name, mobile or ID number"), max_length=40, required=False
    )
    resident = forms.TypedChoiceField(
        label=_("For resident"), coerce=int, required=False, widget=forms.RadioSelect
    )

    field_order = ["who", "resident", "service", "description", "address", "contact_phone", "wanted_on"]

    def __init__(self, *args: Any, residents: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resident"].choices = residents  # type: ignore[attr-defined]


class DispatchForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("How"), choices=Mode.choices, widget=forms.RadioSelect, initial=Mode.BROADCAST
    )
    provider = forms.ChoiceField(label=_("Provider (for a direct assignment)"), required=False)

    def __init__(self, *args: Any, providers: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [("", "—"), *providers]  # type: ignore[attr-defined]


class AcceptForm(forms.Form):
    eta = forms.DateTimeField(
        label=_("Arrival time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("What was done"), max_length=300, required=False)


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        coerce=int,
        choices=[(n, "★" * n) for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Your comment"), max_length=300, required=False)


class TicketForm(forms.Form):
    category = forms.ChoiceField(label=_("Ticket category"))

    def __init__(self, *args: Any, categories: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = categories  # type: ignore[attr-defined]


class MealForm(forms.Form):
    point = forms.ChoiceField(label=_("Meal point"))
    day = forms.DateField(label=_("Day"), widget=DATE)
    pickup = forms.ChoiceField(
        label=_("How"), choices=Pickup.choices, widget=forms.RadioSelect, initial=Pickup.PICKUP
    )

    def __init__(self, *args: Any, points: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["point"].choices = points  # type: ignore[attr-defined]


class GrantForm(forms.Form):
    resident = forms.ChoiceField(label=_("Resident"))
    kind = forms.ChoiceField(label=_("Entitlement"), choices=EntitlementKind.choices)
    month = forms.DateField(label=_("Month (any day of it)"), widget=DATE)
    granted = forms.IntegerField(label=_("Units (meals or hours)"), min_value=1, max_value=1000)
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def __init__(self, *args: Any, residents: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resident"].choices = residents  # type: ignore[attr-defined]


class MonthForm(forms.Form):
    month = forms.DateField(label=_("Month (any day of it)"), widget=DATE)


class SettlementForm(forms.Form):
    provider = forms.ChoiceField(label=_("Provider"))
    month = forms.DateField(label=_("Month (any day of it)"), widget=DATE)

    def __init__(self, *args: Any, providers: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = providers  # type: ignore[attr-defined]


class CarePlanForm(forms.Form):
    resident = forms.ChoiceField(label=_("Resident"))
    provider = forms.ChoiceField(label=_("Care provider"))
    every_days = forms.IntegerField(
        label=pgettext_lazy("home care", "Visit every (days)"), min_value=1, max_value=90, initial=7
    )
    first_due = forms.DateField(label=_("First visit due"), widget=DATE)
    note = forms.CharField(label=_("What the visits are for"), max_length=300)

    def __init__(
        self, *args: Any, residents: list[tuple[str, str]], providers: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resident"].choices = residents  # type: ignore[attr-defined]
        self.fields["provider"].choices = providers  # type: ignore[attr-defined]


class CareVisitForm(forms.Form):
    visited_at = forms.DateTimeField(
        label=_("When"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    done = forms.CharField(label=_("What was done"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    findings = forms.CharField(
        label=pgettext_lazy("home care", "Findings"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    hours = forms.IntegerField(label=_("Hours"), min_value=1, max_value=12, initial=1)


class ServiceTypeForm(forms.Form):
    """A catalogue entry as a city admin edits it; money in yuan here, fen in the catalogue."""

    code = forms.SlugField(label=_("Code"), max_length=40, help_text=_("a-z, 0-9 and -, e.g. repair-water"))
    category = forms.ChoiceField(label=_("Service category"), choices=Category.choices)
    name = forms.CharField(label=_("Service name"), max_length=60)
    name_en = forms.CharField(label=_("English name"), max_length=80, required=False)
    description = forms.CharField(label=_("About the service"), max_length=300, required=False)
    price = forms.DecimalField(
        label=_("Price (yuan)"), min_value=0, max_digits=8, decimal_places=2, initial=0
    )
    subsidy = forms.DecimalField(
        label=_("Subsidy (yuan)"), min_value=0, max_digits=8, decimal_places=2, initial=0
    )
    accept_minutes = forms.IntegerField(label=_("Acceptance limit (minutes)"), min_value=1, max_value=1440)
    response_hours = forms.IntegerField(label=_("Response limit (working hours)"), min_value=1, max_value=200)
    completion_days = forms.IntegerField(
        label=_("Completion limit (working days)"), min_value=1, max_value=60
    )
    min_age = forms.IntegerField(label=_("Minimum age"), min_value=0, max_value=120, required=False)
    care_tags = forms.CharField(
        label=_("Care tags (any of, comma separated)"), max_length=200, required=False
    )
    household_kinds = forms.CharField(
        label=_("Household kinds (comma separated)"), max_length=100, required=False
    )
    channels = forms.MultipleChoiceField(
        label=_("Channels"), choices=Channel.choices, widget=forms.CheckboxSelectMultiple
    )
    entitlement_kind = forms.ChoiceField(
        label=_("Paid from entitlement"), choices=[("", "—"), *EntitlementKind.choices], required=False
    )
    hours_minutes = forms.IntegerField(
        label=_("Payable with time-bank minutes (0: not)"),
        min_value=0,
        max_value=6000,
        initial=0,
        required=False,
    )
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)

    def values(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        d.pop("code")
        d["price_fen"] = int(d.pop("price") * 100)
        d["subsidy_fen"] = int(d.pop("subsidy") * 100)
        d["channels"] = ",".join(d["channels"])
        d["hours_minutes"] = d.get("hours_minutes") or 0
        return d


class ProviderForm(forms.Form):
    """Registering a provider at a street or community in the officer's reach."""

    name = forms.CharField(label=_("Provider name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind of provider"), choices=ProviderKind.choices)
    # The area picker (area_picker.py): find and show a street, then tick its areas.
    find = forms.CharField(
        label=_("Find a street or community"),
        max_length=40,
        required=False,
        help_text=_("A name or the start of an area code; then press “Show its communities”."),
    )
    street = forms.ChoiceField(label=_("Street"), required=False)
    area = forms.ChoiceField(label=_("Registered at"))
    service_areas = forms.MultipleChoiceField(
        label=_("Service areas"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ticked areas stay ticked when you show another street."),
    )
    services = forms.MultipleChoiceField(label=_("Services offered"), widget=forms.CheckboxSelectMultiple)
    licence_number = forms.CharField(label=_("Licence number"), max_length=40, required=False)
    licence_expires = forms.DateField(label=_("Licence expires"), required=False, widget=DATE)
    grade = forms.ChoiceField(label=_("Grade"), choices=Grade.choices, required=False)
    capacity_per_day = forms.IntegerField(
        label=_("Capacity per day"), min_value=1, max_value=100000, initial=20
    )
    opening_hours = forms.CharField(label=_("Opening hours"), max_length=100, required=False)
    open_on_holidays = forms.BooleanField(label=_("Open on holidays"), required=False)
    meal_cutoff = forms.TimeField(
        label=_("Meal booking cut-off"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    address = forms.CharField(label=_("Address"), max_length=200, required=False)

    PICKER = ("find", "street", "area", "service_areas")

    def __init__(
        self,
        *args: Any,
        areas: list[tuple[str, str]],
        streets: list[Any],
        services: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", "—"), *areas]  # type: ignore[attr-defined]
        self.fields["service_areas"].choices = areas  # type: ignore[attr-defined]
        self.fields["street"].choices = streets  # type: ignore[attr-defined]
        self.fields["services"].choices = services  # type: ignore[attr-defined]

    def picker_fields(self) -> list[Any]:
        return [self[name] for name in self.PICKER if name != "street" or self.fields["street"].choices]  # type: ignore[attr-defined]

    def other_fields(self) -> list[Any]:
        return [f for f in self.visible_fields() if f.name not in self.PICKER]


class GradeForm(forms.Form):
    """Grading (等级评定), the licence and the capacity of a registered provider."""

    grade = forms.ChoiceField(label=_("Grade"), choices=Grade.choices, required=False)
    licence_number = forms.CharField(label=_("Licence number"), max_length=40, required=False)
    licence_expires = forms.DateField(label=_("Licence expires"), required=False, widget=DATE)
    capacity_per_day = forms.IntegerField(label=_("Capacity per day"), min_value=1, max_value=100000)
    is_active = forms.BooleanField(label=_("Active (receives orders)"), required=False)


class CertificateForm(forms.Form):
    holder = forms.CharField(label=_("Holder"), max_length=50)
    title = forms.CharField(label=_("Certificate"), max_length=60)
    number = forms.CharField(label=_("Certificate number"), max_length=40)
    expires_on = forms.DateField(label=_("Expires"), widget=DATE)
