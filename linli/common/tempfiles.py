"""Temporary files that hold personal data (uploads being received, import spools, exports).

They live in one private directory (LINLI_TMP_DIR, mode 0700) and are unnamed where the platform
allows (`tempfile.TemporaryFile`: O_TMPFILE on Linux), so a process killed with -9 leaves nothing
behind. Anything named that is left there anyway is removed by the `tempfiles_sweep` sweep once it
is older than LINLI_TMP_MAX_AGE_MINUTES.
"""

import datetime as dt
import tempfile
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, TemporaryFileUploadHandler
from django.utils import timezone


def private_dir(path: Path | str) -> Path:
    """`path`, created when missing, readable by this user only."""
    path = Path(path)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


def tmp_dir() -> Path:
    return private_dir(settings.LINLI_TMP_DIR)


def unnamed_file(mode: str = "w+b", **kwargs: Any) -> IO[Any]:
    """A temporary file with no name on disk: gone when closed or when the process dies."""
    return tempfile.TemporaryFile(mode, dir=tmp_dir(), **kwargs)


class UnnamedUploadedFile(UploadedFile):
    """An upload too big for memory, received into an unnamed temporary file."""

    def __init__(self, name: str, content_type: str, size: int, charset: str | None, extra: Any = None):
        super().__init__(unnamed_file(), name, content_type, size, charset, extra)


class UnnamedFileUploadHandler(TemporaryFileUploadHandler):
    """Django's handler writes big uploads to /tmp/tmpXXXX.upload.csv, which a killed worker leaves
    behind with every ID number in it; this one writes them to an unnamed file."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        FileUploadHandler.new_file(self, *args, **kwargs)
        self.file = UnnamedUploadedFile(  # type: ignore[assignment]
            self.file_name or "", self.content_type or "", 0, self.charset, self.content_type_extra
        )


def remove_older_than(directory: Path, cutoff: dt.datetime) -> list[Path]:
    """Remove the files directly in `directory` last changed before `cutoff`; return them."""
    removed: list[Path] = []
    if not directory.is_dir():
        return removed
    stamp = cutoff.timestamp()
    for path in directory.iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < stamp:
                path.unlink()
                removed.append(path)
        except FileNotFoundError:  # removed meanwhile by another sweep
            continue
    return removed


def tempfiles_sweep(now: dt.datetime | None = None) -> list[Path]:
    """Leftovers in the private directory older than LINLI_TMP_MAX_AGE_MINUTES."""
    cutoff = (now or timezone.now()) - dt.timedelta(minutes=settings.LINLI_TMP_MAX_AGE_MINUTES)
    return remove_older_than(Path(settings.LINLI_TMP_DIR), cutoff)
