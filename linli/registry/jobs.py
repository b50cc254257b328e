"""Imports as background jobs (linli.common.jobs): the upload is stored, checked, then written."""

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts.models import User
from linli.areas.models import Area
from linli.common.codes import short_code
from linli.common.errors import DomainError
from linli.common.jobs import enqueue
from linli.common.tempfiles import private_dir
from linli.registry.importing import reader_for, residents_import
from linli.registry.models import ImportJob, ImportStatus

log = logging.getLogger(__name__)


def upload_dir() -> Path:
    """Where uploads wait for their job (the worker may be another process): private, swept."""
    return private_dir(Path(settings.MEDIA_ROOT) / "registry-imports")


def import_job_create(*, actor: User | None, community: Area, upload: Any, dry_run: bool) -> ImportJob:
    """Store the uploaded file and queue its import; the page then follows the job's progress."""
    from linli.registry.actions import _community, require_manage

    _community(community)
    require_manage(actor, community)
    limit = settings.LINLI_IMPORT_MAX_BYTES
    if upload.size > limit:
        msg = _("The file is larger than %(mb)d MB; split it into smaller files.") % {
            "mb": limit // (1 << 20)
        }
        raise DomainError("file_too_large", msg, fields={"file": [msg]})
    code = short_code("I")
    ext = "xlsx" if upload.name.lower().endswith(".xlsx") else "csv"
    path = upload_dir() / f"{code}.{ext}"
    with path.open("xb") as out:
        path.chmod(0o600)
        for chunk in upload.chunks():
            out.write(chunk)
    with transaction.atomic():
        job = ImportJob.objects.create(
            code=code,
            community=community,
            user=actor,
            path=str(path),
            file_name=upload.name[:200],
            dry_run=dry_run,
        )
        enqueue(import_job_run, job.pk)
    return job


def import_of(preview: ImportJob) -> ImportJob | None:
    """The import started from this preview's upload, if one was."""
    if not preview.dry_run:
        return None
    return (
        ImportJob.objects.filter(path=preview.path, dry_run=False)
        .exclude(pk=preview.pk)
        .order_by("created_at")
        .first()
    )


def import_job_confirm(*, actor: User | None, job: ImportJob) -> ImportJob:
    """Import for real a file whose preview passed, once: a preview whose import has started (or
    run) is refused, so pressing "Import now" again never runs a second import of the same file."""
    from linli.registry.actions import require_manage

    require_manage(actor, job.community)
    with transaction.atomic():
        # Two presses at once: the second waits for the first's row lock, then finds its import.
        job = ImportJob.objects.select_for_update().select_related("community").get(pk=job.pk)
        if job.status != ImportStatus.CHECKED or not job.dry_run:
            raise DomainError(
                "not_a_preview", _("Only a preview that passed its check can be imported."), status=409
            )
        started = import_of(job)
        if started is not None:
            raise DomainError(
                "already_imported",
                _(
                    "This file was already imported from this preview (import %(code)s). "
                    "To import it again, upload it again."
                )
                % {"code": started.code},
                status=409,
            )
        _refuse_gone(job)
        return _again(actor, job, dry_run=False)


def import_job_start_again(*, actor: User | None, job: ImportJob) -> ImportJob:
    """Run again, from the kept upload, a job that stopped without finishing (see the sweep)."""
    from linli.registry.actions import require_manage

    require_manage(actor, job.community)
    if not (job.status == ImportStatus.FAILED and job.stopped):
        raise DomainError(
            "not_stopped", _("Only an import that stopped without finishing can be started again.")
        )
    _refuse_gone(job)
    return _again(actor, job, dry_run=job.dry_run)


def _refuse_gone(job: ImportJob) -> None:
    if not Path(job.path).is_file():
        raise DomainError(
            "upload_gone", _("The uploaded file is no longer kept (it expires); upload it again.")
        )


def _again(actor: User | None, job: ImportJob, *, dry_run: bool) -> ImportJob:
    with transaction.atomic():
        new = ImportJob.objects.create(
            code=short_code("I"),
            community=job.community,
            user=actor,
            path=job.path,
            file_name=job.file_name,
            dry_run=dry_run,
        )
        enqueue(import_job_run, new.pk)
    return new


def _set(job_id: int, **values: Any) -> None:
    ImportJob.objects.filter(pk=job_id).update(heartbeat_at=timezone.now(), **values)


def import_job_run(job_id: int) -> None:
    job = ImportJob.objects.select_related("community", "user").get(pk=job_id)
    if job.status not in (ImportStatus.QUEUED,):
        return  # already run (jobs may be delivered twice)
    _set(job_id, status=ImportStatus.CHECKING)
    path = Path(job.path)
    try:
        result = residents_import(
            actor=job.user,
            community=job.community,
            source=reader_for(path, path.suffix.lstrip(".")),
            dry_run=job.dry_run,
            file_name=job.file_name,
            progress=lambda n: _set(job_id, processed=n),
            on_write=lambda: _set(job_id, status=ImportStatus.WRITING),
        )
    except Exception as exc:  # a broken file must end the job visibly, not hang it
        log.exception("import %s failed", job.code)
        # An exception's own text may name the server's files (a missing upload's path): people
        # see our message only, the log keeps the rest.
        if isinstance(exc, DomainError):
            message = str(exc.message)[:300]
        else:
            message = str(_("The file could not be read; nothing was imported. Upload it again."))
        _set(
            job_id,
            status=ImportStatus.FAILED,
            errors=[[1, message]],
            error_count=1,
            finished_at=timezone.now(),
        )
        return
    if result.written:
        status = ImportStatus.DONE
    elif result.ok:
        status = ImportStatus.CHECKED
    else:
        status = ImportStatus.FAILED
    _set(
        job_id,
        status=status,
        processed=result.rows,
        households=result.households,
        residents=result.residents,
        errors=[[line, str(msg)] for line, msg in result.errors],
        error_count=result.error_count,
        finished_at=timezone.now(),
    )
    if status != ImportStatus.CHECKED and not _running_on(path, but=job_id):
        path.unlink(missing_ok=True)


LIVE = (ImportStatus.QUEUED, ImportStatus.CHECKING, ImportStatus.WRITING)


def _running_on(path: Path, *, but: int = 0) -> bool:
    return ImportJob.objects.filter(path=str(path), status__in=LIVE).exclude(pk=but).exists()


def _still_needed(path: Path, *, now: dt.datetime) -> bool:
    """A job runs on this upload, or a recent preview of it may be confirmed, or a recent stopped
    job started again."""
    if _running_on(path):
        return True
    cutoff = now - dt.timedelta(hours=settings.LINLI_IMPORT_UPLOAD_MAX_AGE_HOURS)
    return (
        ImportJob.objects.filter(path=str(path), created_at__gte=cutoff)
        .filter(Q(status=ImportStatus.CHECKED) | Q(status=ImportStatus.FAILED, stopped=True))
        .exists()
    )


def import_jobs_sweep(now: dt.datetime | None = None) -> tuple[int, int]:
    """Mark failed the jobs that stopped moving (their worker was killed), and delete the uploads
    no job needs any more: of ended jobs, of previews and stopped jobs older than
    LINLI_IMPORT_UPLOAD_MAX_AGE_HOURS, and strays. Returns (jobs marked failed, files deleted)."""
    now = now or timezone.now()
    stuck_before = now - dt.timedelta(minutes=settings.LINLI_IMPORT_STUCK_MINUTES)
    message = _(
        "The import stopped without finishing (the server was restarted?). Nothing was written; start it again."
    )
    stuck = ImportJob.objects.filter(status__in=LIVE, heartbeat_at__lt=stuck_before).update(
        status=ImportStatus.FAILED,
        stopped=True,
        errors=[[1, str(message)]],
        error_count=1,
        finished_at=now,
    )
    # A file written a moment ago may belong to a job whose row is not committed yet.
    grace = now - dt.timedelta(minutes=settings.LINLI_IMPORT_STUCK_MINUTES)
    deleted = 0
    directory = Path(settings.MEDIA_ROOT) / "registry-imports"
    for path in directory.iterdir() if directory.is_dir() else ():
        if ImportJob.objects.filter(path=str(path)).exists():
            gone = not _still_needed(path, now=now)
        else:
            gone = path.stat().st_mtime < grace.timestamp()
        if gone:
            path.unlink(missing_ok=True)
            deleted += 1
    return stuck, deleted
