"""Voucher attachments (凭证): only PDF, JPEG and PNG, recognised by their first bytes, size-limited."""

from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from linli.common.errors import DomainError

# Magic bytes → (content type, extension). The name the browser sends is not trusted.
SIGNATURES = [
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
]


def max_bytes() -> int:
    return int(getattr(settings, "LINLI_VOUCHER_MAX_BYTES", 5 * 1024 * 1024))


@dataclass(frozen=True)
class Checked:
    content_type: str
    extension: str
    name: str


def check(upload: Any) -> Checked:
    """The upload's real type, or a DomainError on the `voucher` field."""
    size = getattr(upload, "size", None) or 0
    if size > max_bytes():
        msg = _("The voucher is too large (at most %(mb)d MB).") % {"mb": max_bytes() // (1024 * 1024)}
        raise DomainError("voucher_too_large", msg, fields={"voucher": [msg]})
    if size == 0:
        msg = _("The voucher file is empty.")
        raise DomainError("voucher_empty", msg, fields={"voucher": [msg]})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for magic, content_type, extension in SIGNATURES:
        if head.startswith(magic):
            name = PurePath(getattr(upload, "name", "") or "voucher").name[:150]
            return Checked(content_type, extension, name)
    msg = _("A voucher must be a PDF, JPEG or PNG file.")
    raise DomainError("voucher_type", msg, fields={"voucher": [msg]})
