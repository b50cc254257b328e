"""Forms of the assistance pages. Amounts are typed in whole yuan and handed on in fen."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from linli.publicservices.models.assistance import DocumentKind, Kind

DOCUMENT_FIELDS = [k for k in DocumentKind.values if k != DocumentKind.OTHER] + [DocumentKind.OTHER]


class WholeYuan(forms.IntegerField):
    """An amount in whole yuan, 0 to 10 million (the views hand it on in fen)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=0, max_value=10_000_000, **kwargs)


class ApplicationForm(forms.Form):
    household = forms.CharField(label=_("Household code"), max_length=20)
    kind = forms.ChoiceField(label=_("Kind of assistance"), choices=Kind.choices)
    members = forms.IntegerField(label=_("People in the household"), min_value=1, max_value=50)
    monthly_income = WholeYuan(label=_("Household income per month (yuan)"))
    assets = WholeYuan(label=_("Savings and assets (yuan)"))
    requested = WholeYuan(label=_("Amount asked (yuan)"), required=False)
    reason = forms.CharField(
        label=_("Reason for applying"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in DOCUMENT_FIELDS:
            self.fields[f"doc_{kind}"] = forms.FileField(
                label=DocumentKind(kind).label,
                required=False,
                help_text=_("PDF, JPEG or PNG, at most 5 MB."),
            )


class CheckForm(forms.Form):
    passed = forms.TypedChoiceField(
        label=_("Outcome of the home visit"),
        choices=[("1", _("Needs confirmed")), ("0", _("Refuse"))],
        coerce=lambda v: v == "1",
    )
    amount = WholeYuan(label=_("Amount proposed (yuan)"), required=False)
    report = forms.CharField(
        label=_("Home visit report"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DecisionForm(forms.Form):
    passed = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Agree")), ("0", _("Refuse"))],
        coerce=lambda v: v == "1",
    )
    reason = forms.CharField(label=_("Reason (needed for a refusal)"), max_length=300, required=False)


class PaymentForm(forms.Form):
    month = forms.DateField(label=_("Month paid for"), widget=forms.DateInput(attrs={"type": "date"}))
    amount = WholeYuan(label=_("Amount paid (yuan)"))
    paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}))


class RecipientReviewForm(forms.Form):
    keep = forms.TypedChoiceField(
        label=_("Outcome of the review"),
        choices=[("1", _("Keep the assistance")), ("0", _("End the assistance"))],
        coerce=lambda v: v == "1",
    )
    amount = WholeYuan(label=_("New amount (yuan, empty: unchanged)"), required=False)
    note = forms.CharField(label=_("Review note"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Why you open it"), max_length=200)


class ObjectionForm(forms.Form):
    text = forms.CharField(
        label=_("Your objection"), max_length=1000, widget=forms.Textarea(attrs={"rows": 4})
    )
