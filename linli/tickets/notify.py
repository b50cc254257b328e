"""Telling the requester what happened: in-app rows, plus SMS / email through a backend.

`LINLI_SMS_BACKEND` (dotted path, default the console backend) names a class with
`send(to: str, text: str) -> None`; a real SMS gateway or mail relay plugs in there.
Messages go out after commit through `linli.common.jobs.enqueue`.

Backends keep nothing: a web worker sends for as long as it lives, so anything kept per message
is a leak (issue 10: ~240 bytes a ticket under a soak). Tests select `MemoryBackend`, a bounded
outbox, in their settings.
"""

import logging
from collections import deque
from typing import Any, ClassVar, Protocol

from django.conf import settings
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from linli.common.masking import mask_phone

log = logging.getLogger("linli.tickets.notify")


class Backend(Protocol):
    def send(self, to: str, text: str) -> None: ...


class ConsoleBackend:
    """Writes the message to the log with the phone masked: the embedded default. Keeps nothing."""

    def send(self, to: str, text: str) -> None:
        log.info("SMS to %s: %s", mask_phone(to), text)


class MemoryBackend:
    """Tests only (linli.settings.test): the last messages sent, in a bounded outbox."""

    outbox: ClassVar[deque[tuple[str, str]]] = deque(maxlen=1000)

    def send(self, to: str, text: str) -> None:
        MemoryBackend.outbox.append((to, text))


def backend() -> Backend:
    path = getattr(settings, "LINLI_SMS_BACKEND", "linli.tickets.notify.ConsoleBackend")
    return import_string(path)()


def send_message(to: str, text: str) -> None:
    backend().send(to, text)


def message_text(code: str, kind_label: Any) -> str:
    """The SMS text, in Chinese (residents' phones), naming the ticket number and the step."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("[linli] Your request %(code)s: %(step)s.") % {"code": code, "step": str(kind_label)}
