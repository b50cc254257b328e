from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.utils.translation import gettext_lazy as _

from linli.accounts.roles import Role


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
    )


class GrantForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    area_code = forms.CharField(label=_("Area code"), max_length=20)


class UserCreateForm(forms.Form):
    display_name = forms.CharField(label=_("Name"), max_length=100)
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        required=False,
        help_text=_("For staff. Residents sign in with their mobile number."),
    )
    phone = forms.CharField(label=_("Mobile number"), max_length=20, required=False)
    password = forms.CharField(
        label=_("Initial password"), widget=forms.PasswordInput(render_value=True), strip=False
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    area_code = forms.CharField(label=_("Area code"), max_length=20)
