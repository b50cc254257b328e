"""Charter forms."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from linli.governance.models import (
    DocumentKind,
)
from linli.ui.forms import set_choices


class DocumentForm(forms.Form):
    community = forms.ChoiceField(label=_("Community"))
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)

    def __init__(self, *args: Any, communities: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "community", [(c.code, c.name) for c in communities])


class AdoptForm(forms.Form):
    motion = forms.ChoiceField(label=_("Adopted by the decision"))
    text = forms.CharField(label=_("Full text of the new version"), widget=forms.Textarea(attrs={"rows": 12}))

    def __init__(self, *args: Any, motions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self,
            "motion",
            [
                (str(m.pk), f"{m.title} — {m.meeting.title} ({m.meeting.scheduled_at:%Y-%m-%d})")
                for m in motions
            ],
        )
