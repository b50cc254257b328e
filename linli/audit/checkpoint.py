"""Checkpoints of the chain's head, kept outside the database.

Every few minutes (`sweeps.checkpoint`) the head's sequence number and hash are appended as one
JSON line, with an HMAC under the audit key, to `LINLI_AUDIT_CHECKPOINT_DIR/audit-checkpoints.jsonl`
and written to the log (ship both somewhere the database's administrators cannot write).
`audit_verify` then finds every checkpoint on the chain: deleting the newest events and
rewinding the head row, which the chain alone cannot show, is caught at the last checkpoint.
"""

import hmac
import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from linli.audit.chain import mac
from linli.audit.models import ChainHead

log = logging.getLogger("linli.audit.checkpoint")
FILE_NAME = "audit-checkpoints.jsonl"


class BadCheckpoint(Exception):
    """A line of the checkpoint file that is not what `write` wrote."""


def _body(line: dict[str, Any]) -> bytes:
    fields = {k: line[k] for k in ("seq", "hash", "keyed_from", "at")}
    return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()


def path(directory: str | Path | None = None) -> Path | None:
    directory = directory if directory is not None else settings.LINLI_AUDIT_CHECKPOINT_DIR
    return Path(directory) / FILE_NAME if directory else None


def _last_seq(file: Path) -> int | None:
    if not file.exists():
        return None
    with file.open("rb") as f:
        f.seek(0, os.SEEK_END)
        f.seek(max(0, f.tell() - 4096))
        lines = f.read().decode("utf-8", "replace").strip().splitlines()
    try:
        return int(json.loads(lines[-1])["seq"])
    except (IndexError, ValueError, KeyError, TypeError):
        return None


def write(*, now: datetime | None = None) -> dict[str, Any] | None:
    """Append the head as a checkpoint (and log it); nothing when it has not moved since the last."""
    head = ChainHead.objects.filter(pk=1).first()
    if head is None or head.seq == 0:
        return None
    line: dict[str, Any] = {
        "seq": head.seq,
        "hash": head.hash,
        "keyed_from": head.keyed_from,
        "at": (now or timezone.now()).astimezone(UTC).isoformat(),
    }
    line["mac"] = mac(_body(line))
    text = json.dumps(line, sort_keys=True, separators=(",", ":"))
    file = path()
    if file is not None:
        file.parent.mkdir(parents=True, exist_ok=True)
        if _last_seq(file) == head.seq:
            return None
        # O_APPEND: whole lines, never a rewrite; fsync so a crash keeps what was logged.
        fd = os.open(file, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            os.write(fd, (text + "\n").encode())
            os.fsync(fd)
        finally:
            os.close(fd)
    log.info("audit checkpoint %s", text)
    return line


def read(file: Path | None) -> dict[int, str]:
    """seq -> head hash of every checkpoint in the file; BadCheckpoint names a forged or broken line."""
    if file is None or not file.exists():
        return {}
    out: dict[int, str] = {}
    with file.open(encoding="utf-8") as f:
        for number, raw in enumerate(f, start=1):
            if not raw.strip():
                continue
            try:
                line = json.loads(raw)
                authentic = hmac.compare_digest(str(line["mac"]), mac(_body(line)))
            except (ValueError, KeyError, TypeError):
                authentic = False
            if not authentic:
                raise BadCheckpoint(f"line {number} of {file} is not a checkpoint written with the audit key")
            out[int(line["seq"])] = str(line["hash"])
    return out
