"""Admission forms. Field names match the actions' error fields, so a refusal lands beside what was
typed (`onto_form`)."""

from decimal import Decimal
from typing import Any

from django import forms as dj
from django.utils.translation import gettext_lazy as _

from linli.operations.models import ApplicationKind, Holder

DATE = dj.DateInput(attrs={"type": "date"})
NUMBER = dj.NumberInput(attrs={"inputmode": "numeric"})


def fen(yuan: Decimal | None) -> int:
    return int((yuan or Decimal(0)) * 100)


class ApplicationForm(dj.Form):
    department = dj.TypedChoiceField(label=_("Department"), coerce=int)
    kind = dj.ChoiceField(label=_("Applying for"), choices=ApplicationKind.choices, widget=dj.RadioSelect)
    name = dj.CharField(label=_("Item or task"), max_length=100)
    legal_basis = dj.CharField(label=_("Legal basis"), max_length=300)
    holder = dj.ChoiceField(label=_("Carried by"), choices=Holder.choices, widget=dj.RadioSelect)
    description = dj.CharField(
        label=_("What the community is asked to do"),
        max_length=2000,
        required=False,
        widget=dj.Textarea(attrs={"rows": 3}),
    )
    funding = dj.DecimalField(
        label=_("Funding per unit of work (yuan)"), min_value=0, max_digits=12, decimal_places=2, initial=0
    )
    unit = dj.CharField(
        label=_("Unit of work"), max_length=30, required=False, help_text=_("e.g. household, form, event")
    )
    start_date = dj.DateField(label=_("Start date"), widget=DATE)
    task_due = dj.DateField(label=_("Task due (one-off tasks)"), required=False, widget=DATE)
    communities = dj.MultipleChoiceField(
        label=_("Communities (one-off tasks)"), required=False, widget=dj.CheckboxSelectMultiple
    )
    forms = dj.IntegerField(label=_("Forms to fill"), min_value=0, max_value=999, initial=0, widget=NUMBER)
    meetings = dj.IntegerField(
        label=_("Meetings to hold"), min_value=0, max_value=999, initial=0, widget=NUMBER
    )
    certificates = dj.IntegerField(
        label=_("Certificates to issue"), min_value=0, max_value=999, initial=0, widget=NUMBER
    )
    ledgers = dj.IntegerField(
        label=_("Registers (台账) to keep"), min_value=0, max_value=999, initial=0, widget=NUMBER
    )

    def __init__(
        self, *args: Any, departments: list[tuple[int, str]], communities: list[tuple[str, str]], **kw: Any
    ):
        super().__init__(*args, **kw)
        self.fields["department"].choices = departments  # type: ignore[attr-defined]
        self.fields["communities"].choices = communities  # type: ignore[attr-defined]


class ReviewForm(dj.Form):
    note = dj.CharField(
        label=_("Opinion (needed to refuse)"),
        max_length=500,
        required=False,
        widget=dj.Textarea(attrs={"rows": 2}),
    )


class DecideForm(dj.Form):
    reason = dj.CharField(
        label=_("Reason (needed to refuse)"),
        max_length=500,
        required=False,
        widget=dj.Textarea(attrs={"rows": 2}),
    )


class RevokeForm(dj.Form):
    reason = dj.CharField(label=_("Why it leaves the list"), max_length=300)


class TaskForm(dj.Form):
    department = dj.TypedChoiceField(label=_("Department"), coerce=int)
    item = dj.ChoiceField(
        label=_("Admitted item"),
        required=False,
        help_text=_("Leave empty if the work is not on the list: it is flagged and you decide."),
    )
    title = dj.CharField(label=_("Task"), max_length=100)
    units = dj.IntegerField(
        label=_("Units of work"), min_value=1, max_value=100_000, initial=1, widget=NUMBER
    )
    due_date = dj.DateField(label=_("Due"), widget=DATE)
    description = dj.CharField(
        label=_("What is asked"), max_length=2000, required=False, widget=dj.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self, *args: Any, departments: list[tuple[int, str]], items: list[tuple[str, str]], **kw: Any
    ):
        super().__init__(*args, **kw)
        self.fields["department"].choices = departments  # type: ignore[attr-defined]
        self.fields["item"].choices = [("", "—"), *items]  # type: ignore[attr-defined]


class RefuseForm(dj.Form):
    reason = dj.CharField(label=_("Reason for refusal"), max_length=500)
