"""Appending to and verifying the audit chain.

An event's hash is HMAC-SHA256 under `LINLI_AUDIT_KEY` over its content and the previous
event's hash. The key lives outside the database: whoever can only edit the tables (a database
administrator, a restored backup) cannot recompute the links after an edit. Events written
before the key existed (before `ChainHead.keyed_from`) keep their plain SHA-256 and are
anchored by the first keyed event, which links to them. Checkpoints of the head, appended
outside the database (`checkpoint`), catch what the chain alone cannot: a cut-off tail.
"""

import hashlib
import hmac
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.utils import timezone

from linli.audit.context import client_ip, request_method
from linli.audit.models import GENESIS, AuditEvent, ChainHead

if TYPE_CHECKING:
    from linli.accounts.models import User


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


def _key() -> bytes:
    if not settings.LINLI_AUDIT_KEY:
        raise ImproperlyConfigured("LINLI_AUDIT_KEY is not set")
    return settings.LINLI_AUDIT_KEY.encode("utf-8")


def mac(message: bytes) -> str:
    """HMAC-SHA256 under the audit key, hex."""
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()


def mark_mac(keyed_from: int) -> str:
    return mac(f"linli.audit.keyed_from:{keyed_from}".encode())


def event_hash(event: AuditEvent, *, keyed: bool = True) -> str:
    if keyed:
        return mac(_canonical(event))
    return hashlib.sha256(_canonical(event)).hexdigest()  # events from before the key (legacy)


def _new_head() -> dict[str, Any]:
    """An empty chain (a flushed table in tests): keyed from its first event."""
    return {"seq": 0, "hash": GENESIS, "keyed_from": 1, "keyed_from_mac": mark_mac(1)}


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
    actor: "User | None",
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
    # No savepoint inside the caller's transaction: the event commits or rolls back with it anyway,
    # and SAVEPOINT / RELEASE were two round trips, the second while holding the chain head's lock.
    with transaction.atomic(savepoint=False):
        # The head row comes with the migrations; get_or_create only matters after a table flush.
        head, _ = ChainHead.objects.select_for_update().get_or_create(pk=1, defaults=_new_head())
        event = AuditEvent(
            seq=head.seq + 1,
            created_at=now or timezone.now(),
            # By id: a token caller's user row (accounts.authcache.TokenUser) is then not loaded.
            actor_id=getattr(actor, "pk", None) or None,
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_repr=scrub(object_repr),
            area=area,
            ip=client_ip.get(),
            details=scrub(json.loads(json.dumps(details or {}, ensure_ascii=False, default=str))),
            prev_hash=head.hash,
        )
        event.hash = event_hash(event, keyed=head.keyed_from is None or event.seq >= head.keyed_from)
        event.save(force_insert=True)
        ChainHead.objects.filter(pk=1).update(seq=event.seq, hash=event.hash)
    return event


@dataclass(frozen=True)
class Break:
    seq: int
    reason: str


def _events(after: int = 0) -> Iterator[AuditEvent]:
    return AuditEvent.objects.filter(seq__gt=after).order_by("seq").iterator(chunk_size=2000)


def anchor_mac(seq: int, hash_: str) -> str:
    """Authenticates where the chain starts after its oldest months were archived."""
    return mac(f"linli.audit.archived_through:{seq}:{hash_}".encode())


def verify(checkpoints: dict[int, str] | None = None) -> tuple[int, Break | None]:
    """Walk the chain; return how many events were checked and the first broken link.

    `checkpoints` (seq -> head hash, from `checkpoint.read`) must all be found on the chain:
    an event's hash that differs from its checkpoint, or a checkpoint past the chain's end
    (a cut-off tail, head row rewound), is a break.
    """
    checkpoints = checkpoints or {}
    head = ChainHead.objects.filter(pk=1).first() or ChainHead(**_new_head())
    keyed_from = head.keyed_from
    if keyed_from is None or not hmac.compare_digest(head.keyed_from_mac, mark_mac(keyed_from)):
        return 0, Break(1, "the mark where keyed hashing starts was changed")
    # Events up to `archived_through` were archived (linli.audit.retention): the chain goes on from
    # the last of them, whose hash the anchor keeps.
    start = head.archived_through
    if start and not hmac.compare_digest(head.archived_mac, anchor_mac(start, head.archived_hash)):
        return 0, Break(start, "the mark where the archived events end was changed")
    expected_seq, prev = start + 1, head.archived_hash if start else GENESIS
    checkpoints = {seq: value for seq, value in checkpoints.items() if seq > start}
    checked = 0
    for event in _events(start):
        if event.seq != expected_seq:
            return checked, Break(expected_seq, f"event #{expected_seq} is missing")
        if event.prev_hash != prev:
            return checked, Break(event.seq, "its link to the previous event does not match")
        if not hmac.compare_digest(event_hash(event, keyed=event.seq >= keyed_from), event.hash):
            return checked, Break(event.seq, "its content was changed after it was written")
        if event.seq in checkpoints and checkpoints[event.seq] != event.hash:
            return checked, Break(event.seq, "it differs from the checkpoint written outside the database")
        prev, expected_seq = event.hash, expected_seq + 1
        checked += 1
    last = expected_seq - 1
    last_checkpoint = max(checkpoints, default=0)
    if last_checkpoint > last:
        return checked, Break(
            last + 1, f"events after #{last} are missing (a checkpoint saw #{last_checkpoint})"
        )
    if head.seq != last or head.hash != prev:
        return checked, Break(last + 1, f"events after #{last} are missing")
    return checked, None
