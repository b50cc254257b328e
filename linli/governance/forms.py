"""Form widgets shared by the self-government pages."""

from typing import Any

from django import forms

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


def _dt(label: Any, **kw: Any) -> forms.DateTimeField:
    return forms.DateTimeField(label=label, widget=DATETIME, input_formats=DATETIME_FORMATS, **kw)
