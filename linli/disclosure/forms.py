from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from linli.disclosure.models import Category, Frequency
from linli.ui.forms import set_choices

DATE = forms.DateInput(attrs={"type": "date"})


class ItemForm(forms.Form):
    category = forms.ChoiceField(label=_("Topic"), choices=Category.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("No full ID numbers or mobile numbers: the notice is public."),
    )
    period_start = forms.DateField(label=_("Period from"), widget=DATE, required=False)
    period_end = forms.DateField(
        label=_("Period to"),
        widget=DATE,
        required=False,
        help_text=_("For scheduled disclosures: the period this notice covers (e.g. a quarter)."),
    )

    def __init__(self, *args: Any, fixed_category: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if fixed_category:
            del self.fields["category"]


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Your question"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 3}))


class ScheduleForm(forms.Form):
    area = forms.ChoiceField(label=_("Area"))
    category = forms.ChoiceField(label=_("Topic"), choices=Category.choices)
    frequency = forms.ChoiceField(label=_("How often"), choices=Frequency.choices)
    grace_days = forms.IntegerField(label=_("Days allowed after the period ends"), min_value=0, max_value=365)
    effective_from = forms.DateField(label=_("Required from"), widget=DATE)

    def __init__(self, *args: Any, areas: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "area", areas or [])
