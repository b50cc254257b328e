"""Imports as background jobs (linli.common.jobs): the upload is stored, checked, then written."""

import logging
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.areas.models import Area
from linli.common.codes import short_code
from linli.common.errors import DomainError
from linli.common.jobs import enqueue
from linli.registry.importing import reader_for, residents_import
from linli.registry.models import ImportJob, ImportStatus

log = logging.getLogger(__name__)


def upload_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "registry-imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def import_job_create(*, actor: Any, community: Area, upload: Any, dry_run: bool) -> ImportJob:
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
    with path.open("wb") as out:
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


def import_job_confirm(*, actor: Any, job: ImportJob) -> ImportJob:
    """Import for real a file whose preview passed."""
    from linli.registry.actions import require_manage

    require_manage(actor, job.community)
    with transaction.atomic():
        new = ImportJob.objects.create(
            code=short_code("I"),
            community=job.community,
            user=actor,
            path=job.path,
            file_name=job.file_name,
            dry_run=False,
        )
        enqueue(import_job_run, new.pk)
    return new


def _set(job_id: int, **values: Any) -> None:
    ImportJob.objects.filter(pk=job_id).update(**values)


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
        _set(
            job_id,
            status=ImportStatus.FAILED,
            errors=[[1, str(exc)[:300]]],
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
    if status != ImportStatus.CHECKED:
        path.unlink(missing_ok=True)
