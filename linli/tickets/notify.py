"""Telling the requester what happened: in-app rows, plus SMS / email through a backend.

`LINLI_SMS_BACKEND` (dotted path, default the console backend) names a class with
`send(to: str, text: str) -> None`; a real SMS gateway or mail relay plugs in there.
Messages go out after commit through `linli.common.jobs.enqueue`.
"""

import logging
from typing import Any, Protocol

from django.conf import settings
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

log = logging.getLogger("linli.tickets.notify")


class Backend(Protocol):
    def send(self, to: str, text: str) -> None: ...


class ConsoleBackend:
    """Writes the message to the log: the embedded default, and what tests read."""

    sent: list[tuple[str, str]] = []

    def send(self, to: str, text: str) -> None:
        ConsoleBackend.sent.append((to, text))
        log.info("SMS to %s: %s", to[:3] + "****" + to[-4:], text)


def backend() -> Backend:
    path = getattr(settings, "LINLI_SMS_BACKEND", "linli.tickets.notify.ConsoleBackend")
    return import_string(path)()


def send_message(to: str, text: str) -> None:
    backend().send(to, text)


def message_text(code: str, kind_label: Any) -> str:
    """The SMS text, in Chinese (residents' phones), naming the ticket number and the step."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("[linli] Your request %(code)s: %(step)s.") % {"code": code, "step": str(kind_label)}
