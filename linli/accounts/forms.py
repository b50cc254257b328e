from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.contrib.auth.password_validation import password_validators_help_text_html, validate_password
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from linli.accounts.models import User
from linli.accounts.roles import Role
from linli.common.phone import normalize_mobile

# Role labels start with a capital in English, as the other choices do.
ROLE_CHOICES = [(value, capfirst(label)) for value, label in Role.choices]


def area_code_field() -> forms.CharField:
    return forms.CharField(
        label=_("Area code"),
        max_length=20,
        help_text=_("The official code of the community, street or district, e.g. 110105001001."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Mobile number or username"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}
        ),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _(
            "The mobile number or username and the password do not match. Check both and try again."
        ),
        "inactive": _("This account is switched off. Ask your community office."),
    }


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("6-digit code from your authenticator"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )


class PasswordChangeForm(DjangoPasswordChangeForm):
    pass


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("What is the token for?"), max_length=100)


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need to see this in full?"),
        max_length=500,
        help_text=_("Your reason is written to the audit log."),
        error_messages={"required": _("Write why you need it; the value stays hidden without a reason.")},
        widget=forms.TextInput(attrs={"autofocus": True}),
    )


class GrantForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES)
    area_code = area_code_field()


class DeactivateForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("For example: left the job on 30 November. Kept in the audit log."),
    )


class UserCreateForm(forms.Form):
    display_name = forms.CharField(label=_("Name"), max_length=100)
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        required=False,
        help_text=_("For staff. Residents sign in with their mobile number."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )
    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput(render_value=True, attrs={"autocomplete": "new-password"}),
        strip=False,
        help_text=lazy(password_validators_help_text_html, str)(),
    )
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES)
    area_code = area_code_field()

    # The action checks these again; checking here too shows every bad field at once,
    # not only the first one the action meets.
    def clean_phone(self) -> str:
        phone: str = self.cleaned_data["phone"]
        return normalize_mobile(phone) if phone.strip() else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password = data.get("password")
        if password:
            probe = User(username=data.get("username", ""), display_name=data.get("display_name", ""))
            try:
                validate_password(password, probe)
            except ValidationError as exc:
                self.add_error("password", exc)
        return data
