"""The resident's message at each step of an order, through the SMS backend tickets use."""

from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from linli.tickets.notify import send_message

__all__ = ["message_text", "send_message"]


def message_text(code: str, step: Any) -> str:
    """The SMS text, in Chinese (residents' phones), naming the order number and the step."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("[linli] Your service order %(code)s: %(step)s.") % {"code": code, "step": str(step)}
