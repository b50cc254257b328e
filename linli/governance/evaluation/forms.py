"""Evaluation forms."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from linli.governance.forms import _dt
from linli.governance.models import (
    Rating,
    SubjectGroup,
)
from linli.ui.forms import set_choices


class CampaignForm(forms.Form):
    community = forms.ChoiceField(label=_("Community"))
    title = forms.CharField(label=_("Title"), max_length=200)
    closes_at = _dt(_("Answers until"))
    subjects = forms.CharField(
        label=_("Who is evaluated"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One per line: group,name,post — groups: committee, party, stationed."),
    )

    def __init__(self, *args: Any, communities: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "community", [(c.code, c.name) for c in communities])

    def subject_list(self) -> list[tuple[str, str, str]]:
        out = []
        for line in self.cleaned_data["subjects"].splitlines():
            parts = [p.strip() for p in line.replace("，", ",").split(",")]
            if not any(parts):
                continue
            if len(parts) < 2 or parts[0] not in SubjectGroup.values:
                raise forms.ValidationError(_("Write each line as group,name,post."))
            out.append((parts[0], parts[1], parts[2] if len(parts) > 2 else ""))
        return out

    def clean(self) -> dict[str, Any] | None:
        # A malformed line is a form error (above the form), checked before the action runs.
        cleaned = super().clean()
        if "subjects" in self.cleaned_data:
            self.subject_list()
        return cleaned


RATING_CHOICES = Rating.choices
