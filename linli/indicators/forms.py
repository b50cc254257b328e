from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from linli.indicators.models import PeriodKind


class EntryForm(forms.Form):
    numerator = forms.FloatField(label=_("Figure"), min_value=0)
    denominator = forms.FloatField(label=_("Out of"), min_value=0, required=False)
    note = forms.CharField(label=_("Source of the figure"), max_length=200, required=False)


class SignoffForm(forms.Form):
    period = forms.ChoiceField(label=_("Period kind"), choices=PeriodKind.choices)
    day = forms.DateField(
        label=pgettext_lazy("time", "A day in the period"), widget=forms.DateInput(attrs={"type": "date"})
    )
