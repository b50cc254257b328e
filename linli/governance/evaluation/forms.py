"""Evaluation forms."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from linli.governance.forms import _dt
from linli.governance.models import (
    Rating,
    SubjectGroup,
)
from linli.ui.forms import set_choices
from linli.ui.rows import RowsField


class CampaignForm(forms.Form):
    community = forms.ChoiceField(label=_("Community"))
    title = forms.CharField(label=_("Title"), max_length=200)
    closes_at = _dt(_("Answers until"))
    subjects = RowsField(
        label=_("Who is evaluated"),
        choices=SubjectGroup.choices,
        choice_label=pgettext_lazy("evaluation", "Group"),
        columns=[("name", _("Name"), 50), ("post", _("Post"), 100)],
        minimum=10,
        help_text=_("One row per person; empty rows are left out."),
    )

    def __init__(self, *args: Any, communities: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "community", [(c.code, c.name) for c in communities])

    def subject_list(self) -> list[tuple[str, str, str]]:
        return [(group, name, post) for group, name, post in self.cleaned_data["subjects"]]


RATING_CHOICES = Rating.choices
