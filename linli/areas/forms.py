from django import forms
from django.utils.translation import gettext_lazy as _


class AreaForm(forms.Form):
    code = forms.CharField(
        label=_("Official code"),
        max_length=20,
        help_text=_(
            "Street: 12 digits ending in 000. Community: 12 digits, first 9 as its street. Grid: community code, a dash and a number."
        ),
    )
    name = forms.CharField(label=_("Area name"), max_length=100)


class AreaImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file with columns 代码 and 名称"))
    dry_run = forms.BooleanField(label=_("Only check, do not import"), required=False)
