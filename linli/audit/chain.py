"""Appending to and verifying the audit chain."""

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from linli.audit.context import client_ip, request_method
from linli.audit.models import GENESIS, AuditEvent, ChainHead


def _canonical(event: AuditEvent) -> bytes:
    body = {
        "seq": event.seq,
        "created_at": event.created_at.astimezone(UTC).isoformat(),
        "actor": event.actor_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "area": event.area_id,
        "ip": event.ip,
        "details": event.details,
        "prev_hash": event.prev_hash,
    }
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def event_hash(event: AuditEvent) -> str:
    return hashlib.sha256(_canonical(event)).hexdigest()


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# The one exception: the two-factor page makes the user's new, unconfirmed key when it is shown.
# It reveals nothing and changes nobody else; confirming the key is a POST.
SHOWN_ON_GET = frozenset({"accounts.totp.started"})


class SafeMethodWrite(RuntimeError):
    """An audited action was called while serving a GET: a bug in the view, never the user's."""

    def __init__(self, action: str) -> None:
        super().__init__(f"{action}: audited actions run on POST requests only")


def object_label(obj: models.Model) -> tuple[str, str, str]:
    """Type, id and a short name for people: the object's code, never its text (a ticket's title,
    a person's name), because an event can never be erased."""
    code = getattr(obj, "code", None)
    name = code if isinstance(code, str) and code else f"{obj._meta.model_name} #{obj.pk}"
    return obj._meta.label_lower, str(obj.pk), name[:200]


# Mobile numbers (+86 and group separators allowed) and ID numbers, wherever free text (a reason,
# an answer) reaches an event anyway: the recorder replaces them before the event is hashed.
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d(?:[ -]?\d){16}[ -]?[0-9Xx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9])(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d){8}(?![0-9])")


def scrub(value: Any) -> Any:
    """`value` with every ID or mobile number in its texts replaced by a placeholder."""
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value)
        return _MOBILE.sub("<phone>", _ID_NUMBER.sub("<id number>", text))
    if isinstance(value, dict):
        return {k: scrub(v) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub(v) for v in value]
    return value


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    area: Any = None,
    details: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> AuditEvent:
    """Append one event. Call inside the action's transaction: it commits or rolls back with it.

    Refused while serving a GET (or HEAD, OPTIONS): whatever reveals or writes is a POST, which
    CSRF protects, so that a plain link can never do it.
    """
    if request_method.get() in SAFE_METHODS and action not in SHOWN_ON_GET:
        raise SafeMethodWrite(action)
    object_type, object_id, object_repr = object_label(obj) if obj is not None else ("", "", "")
    with transaction.atomic():
        # The head row comes with the migrations; get_or_create only matters after a table flush.
        head, _ = ChainHead.objects.select_for_update().get_or_create(pk=1)
        event = AuditEvent(
            seq=head.seq + 1,
            created_at=now or timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_repr=scrub(object_repr),
            area=area,
            ip=client_ip.get(),
            details=scrub(json.loads(json.dumps(details or {}, ensure_ascii=False, default=str))),
            prev_hash=head.hash,
        )
        event.hash = event_hash(event)
        event.save(force_insert=True)
        ChainHead.objects.filter(pk=1).update(seq=event.seq, hash=event.hash)
    return event


@dataclass(frozen=True)
class Break:
    seq: int
    reason: str


def _events() -> Iterator[AuditEvent]:
    return AuditEvent.objects.order_by("seq").iterator(chunk_size=2000)


def verify() -> tuple[int, Break | None]:
    """Walk the chain; return how many events were checked and the first broken link."""
    expected_seq, prev = 1, GENESIS
    checked = 0
    for event in _events():
        if event.seq != expected_seq:
            return checked, Break(expected_seq, f"event #{expected_seq} is missing")
        if event.prev_hash != prev:
            return checked, Break(event.seq, "its link to the previous event does not match")
        if event_hash(event) != event.hash:
            return checked, Break(event.seq, "its content was changed after it was written")
        prev, expected_seq = event.hash, expected_seq + 1
        checked += 1
    head = ChainHead.objects.filter(pk=1).first() or ChainHead(seq=0, hash=GENESIS)
    if head.seq != checked or head.hash != prev:
        return checked, Break(checked + 1, f"events after #{checked} are missing")
    return checked, None
