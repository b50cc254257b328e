"""The counted board as a file written once (issue 20).

Once a round is counted its board cannot change (nothing writes a counted round), so its download
is not computed per request: `board.json` (compact, as `queries.board_export_stream` writes it) is
gzipped once into `LINLI_BOARD_DIR`, with the SHA-256 of the `.gz` bytes beside it, and the view
serves that file. The count queues the writing (`jobs.enqueue`, after commit); the first download
writes it if the job has not yet. Anyone can check the downloaded file against the hash shown on
the board page (`sha256sum board-….json.gz`).

Level 1: the ciphertexts are random hex, so level 6 saves only ~3 % more (56.5 % vs 58 % of the
JSON) at a third of the speed (26 vs 85 MiB/s). The gzip header carries no time and no name, so
the same board gives the same bytes. Writers never leave a partial file under the final name: each writes a temporary file and renames it,
the hash first and the `.gz` last, so a `.gz` in place always has its hash beside it. Two
writers at once write the same bytes; the second rename replaces an identical file.
"""

import gzip
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings

from linli.governance.elections import queries
from linli.governance.models import Round, RoundStatus

CHUNK = 1 << 20


@dataclass(frozen=True)
class BoardFile:
    path: Path
    sha256: str
    size: int


def _base(r: Round) -> Path:
    return (
        Path(settings.LINLI_BOARD_DIR)
        / f"board-{r.election.code}-{r.number}-{r.pk}-{(r.board_head or '')[:16]}.json.gz"
    )


def _sha_path(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def download_name(r: Round) -> str:
    return f"board-{r.election.code}-{r.number}.json.gz"


def existing(r: Round) -> BoardFile | None:
    """The written file of a counted round, or None (not counted, or not yet written)."""
    if r.status != RoundStatus.COUNTED:
        return None
    path = _base(r)
    try:
        size = path.stat().st_size
        sha = _sha_path(path).read_text(encoding="ascii").split()[0]
    except (FileNotFoundError, IndexError):
        return None
    return BoardFile(path=path, sha256=sha, size=size)


class _Hashing:
    """A binary file that hashes what is written to it."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.hash = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.hash.update(data)
        self.size += len(data)
        return self.raw.write(data)

    def flush(self) -> None:
        self.raw.flush()


def _temporary(directory: Path, suffix: str) -> tuple[IO[bytes], Path]:
    fd, name = tempfile.mkstemp(dir=directory, prefix=".writing-", suffix=suffix)
    return os.fdopen(fd, "wb"), Path(name)


def write(r: Round) -> BoardFile:
    """Write the counted round's board file (again, if asked; the bytes are the same)."""
    if r.status != RoundStatus.COUNTED:
        raise ValueError("only a counted round's board is written to a file")
    path = _base(r)
    path.parent.mkdir(parents=True, exist_ok=True)
    raw, tmp = _temporary(path.parent, ".gz")
    try:
        with raw:
            hashing = _Hashing(raw)
            # mtime=0 and no file name in the header: the same board, the same bytes.
            with gzip.GzipFile(fileobj=hashing, mode="wb", compresslevel=1, mtime=0, filename="") as gz:
                buffered: list[bytes] = []
                pending = 0
                for text in queries.board_export_stream(r):
                    data = text.encode("utf-8")
                    buffered.append(data)
                    pending += len(data)
                    if pending >= CHUNK:
                        gz.write(b"".join(buffered))
                        buffered, pending = [], 0
                gz.write(b"".join(buffered))
            raw.flush()
            os.fsync(raw.fileno())
        sha = hashing.hash.hexdigest()
        sha_raw, sha_tmp = _temporary(path.parent, ".sha256")
        with sha_raw:
            sha_raw.write(f"{sha}  {download_name(r)}\n".encode("ascii"))
        os.replace(sha_tmp, _sha_path(path))
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return BoardFile(path=path, sha256=sha, size=hashing.size)


def ensure(r: Round) -> BoardFile:
    """The counted round's board file, written now if it is not yet."""
    return existing(r) or write(r)


def write_for(round_pk: int) -> None:
    """The job the count queues: write the board file once, after the count commits."""
    r = Round.objects.select_related("election").filter(pk=round_pk).first()
    if r is not None and r.status == RoundStatus.COUNTED and existing(r) is None:
        write(r)
