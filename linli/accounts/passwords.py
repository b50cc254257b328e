from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class MixedCharactersValidator:
    """At least one letter and one digit."""

    def validate(self, password: str, user: Any = None) -> None:
        if not (any(c.isalpha() for c in password) and any(c.isdigit() for c in password)):
            raise ValidationError(
                _("The password must contain both letters and digits."), code="password_mixed"
            )

    def get_help_text(self) -> str:
        return _("Your password must contain both letters and digits.")


# Django's own validators, with help texts worded as the rest of linli (您, not 你) and a length
# message that is translated: Django 5.2 changed that msgid and its zh-Hans catalog lacks it.
class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return ngettext(
            "The password is too short: use at least %(n)d character.",
            "The password is too short: use at least %(n)d characters.",
            self.min_length,
        ) % {"n": self.min_length}

    def get_help_text(self) -> str:
        return ngettext(
            "Your password must have at least %(n)d character.",
            "Your password must have at least %(n)d characters.",
            self.min_length,
        ) % {"n": self.min_length}


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    # linli users have a display name and a phone, not first/last name and e-mail.
    def __init__(
        self, user_attributes: Any = ("username", "display_name", "phone"), max_similarity: float = 0.7
    ):
        super().__init__(user_attributes=user_attributes, max_similarity=max_similarity)

    def get_error_message(self) -> str:
        return _("The password is too much like your name, username or mobile number.")

    def get_help_text(self) -> str:
        return _("Your password must not look like your name, username or mobile number.")


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_help_text(self) -> str:
        return _("Your password must not be a commonly used one.")


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    def get_help_text(self) -> str:
        return _("Your password must not be digits only.")
