from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from linli.finance.models import Category, Direction, DonationKind, DonorKind, Fund, PeriodKind
from linli.finance.money import parse_yuan, yuan
from linli.ui.forms import set_choices


class YuanField(forms.CharField):
    """An amount typed in yuan ('1250.50'), cleaned to integer fen."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off", "maxlength": "20"})

    def prepare_value(self, value: Any) -> Any:
        return yuan(value).replace(",", "") if isinstance(value, int) else value

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        return parse_yuan(str(text))


DATE = forms.DateInput(attrs={"type": "date"})


class EntryForm(forms.Form):
    direction = forms.ChoiceField(label=_("Income or expense"), choices=Direction.choices)
    fund = forms.ChoiceField(label=_("Fund"), choices=Fund.choices)
    category = forms.ChoiceField(label=pgettext_lazy("ledger", "Category"), choices=Category.choices)
    amount = YuanField(label=_("Amount (yuan)"))
    occurred_on = forms.DateField(label=_("Date"), widget=DATE)
    description = forms.CharField(
        label=_("Description"), max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )
    project = forms.CharField(
        label=_("Project"), max_length=100, required=False, help_text=_("Only for project funds.")
    )
    donation = forms.ChoiceField(label=_("Uses donation"), required=False)
    voucher = forms.FileField(
        label=_("Voucher (PDF, JPEG or PNG, at most 5 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )

    def __init__(self, *args: Any, donations: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "donation", [("", "—"), *(donations or [])])
        if not donations:
            del self.fields["donation"]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class ReverseForm(ReasonForm):
    occurred_on = forms.DateField(
        label=_("Date of the reversal"), widget=DATE, required=False, help_text=_("Today if left empty.")
    )


class PeriodForm(forms.Form):
    kind = forms.ChoiceField(label=_("Period"), choices=PeriodKind.choices)
    start = forms.DateField(label=_("Any day in the period"), widget=DATE)


class BudgetForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    fund = forms.ChoiceField(label=_("Fund"), choices=Fund.choices)
    amount = YuanField(label=_("Budget (yuan)"))


class DonationForm(forms.Form):
    receipt_number = forms.CharField(label=_("Receipt number"), max_length=40)
    donor_kind = forms.ChoiceField(label=_("Donor"), choices=DonorKind.choices)
    donor_name = forms.CharField(label=_("Donor's name"), max_length=100)
    anonymous = forms.BooleanField(label=_("The donor asks to stay anonymous"), required=False)
    kind = forms.ChoiceField(label=_("Money or goods"), choices=DonationKind.choices)
    amount = YuanField(label=_("Amount, or estimated value of the goods (yuan)"))
    goods = forms.CharField(label=_("Goods donated"), max_length=200, required=False)
    purpose = forms.CharField(label=_("Purpose"), max_length=200)
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    voucher = forms.FileField(
        label=_("Voucher (PDF, JPEG or PNG, at most 5 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )


class ParametersForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    office_per_household = YuanField(label=_("Office funds per household (yuan)"))
    welfare_base = YuanField(label=_("Public-welfare subsidy base (yuan)"))
    welfare_threshold = forms.IntegerField(label=_("Households covered by the base"), min_value=0)
    welfare_per_extra = YuanField(label=_("Subsidy per household above that (yuan)"))
    count_registered = forms.BooleanField(label=_("Count registered households (户籍)"), required=False)
    count_resident = forms.BooleanField(
        label=_("Count resident households registered elsewhere (常住)"), required=False
    )
    count_floating = forms.BooleanField(
        label=_("Count floating-population households (流动)"), required=False
    )
    reference_date = forms.DateField(
        label=_("Reference date"),
        required=False,
        help_text=_("Households active at the end of this day count. Empty: 31 December of the year before."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class ComputeForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
