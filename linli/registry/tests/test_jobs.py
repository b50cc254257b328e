"""Uploaded import files expire; jobs killed mid-way are found, marked failed and can start again."""

import datetime as dt
import io
import os
from pathlib import Path

import pytest

from linli.registry.jobs import import_jobs_sweep
from linli.registry.models import ImportJob, ImportStatus, Resident
from linli.registry.tests.importing.test_run import rows_of, write_csv

NOW = dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LINLI_IMPORT_UPLOAD_MAX_AGE_HOURS = 24
    settings.LINLI_IMPORT_STUCK_MINUTES = 30
    folder = tmp_path / "media" / "registry-imports"
    folder.mkdir(parents=True)
    return folder


def a_job(tree, worker, folder, name, *, status, age, heartbeat=None, stopped=False, rows=6):
    path = write_csv(folder / f"{name}.csv", rows_of(rows))
    stamp = (NOW - age).timestamp()
    os.utime(path, (stamp, stamp))
    return ImportJob.objects.create(
        code=name,
        community=tree.community_a,
        user=worker,
        path=str(path),
        file_name=f"{name}.csv",
        status=status,
        stopped=stopped,
        created_at=NOW - age,
        heartbeat_at=NOW - (heartbeat if heartbeat is not None else age),
    )


def test_jobs_that_stopped_moving_are_marked_failed_and_moving_ones_are_left(tree, worker_a, uploads):
    killed = a_job(tree, worker_a, uploads, "IKILLED", status="writing", age=dt.timedelta(hours=2))
    queued = a_job(tree, worker_a, uploads, "IQUEUED", status="queued", age=dt.timedelta(minutes=31))
    moving = a_job(
        tree,
        worker_a,
        uploads,
        "IMOVING",
        status="checking",
        age=dt.timedelta(hours=2),
        heartbeat=dt.timedelta(minutes=1),
    )
    assert import_jobs_sweep(now=NOW)[0] == 2
    for job in (killed, queued):
        job.refresh_from_db()
        assert (job.status, job.stopped, job.finished_at) == (ImportStatus.FAILED, True, NOW)
        assert job.can_start_again  # its upload is kept for a while
    moving.refresh_from_db()
    assert moving.status == ImportStatus.CHECKING and Path(moving.path).exists()


def test_uploads_of_ended_and_expired_jobs_and_old_strays_are_deleted(tree, worker_a, uploads):
    hour = dt.timedelta(hours=1)
    done = a_job(tree, worker_a, uploads, "IDONE", status="done", age=hour)  # left by a kill
    failed = a_job(tree, worker_a, uploads, "IFAILED", status="failed", age=hour)
    old_preview = a_job(tree, worker_a, uploads, "IOLDPRE", status="checked", age=25 * hour)
    preview = a_job(tree, worker_a, uploads, "IPREVIEW", status="checked", age=hour)
    old_stopped = a_job(tree, worker_a, uploads, "IOLDSTOP", status="failed", stopped=True, age=25 * hour)
    running = a_job(
        tree, worker_a, uploads, "IRUN", status="writing", age=25 * hour, heartbeat=dt.timedelta(minutes=1)
    )
    old_stray, new_stray = uploads / "ISTRAY1.csv", uploads / "ISTRAY2.xlsx"
    for path, age in ((old_stray, 31), (new_stray, 1)):
        path.write_text("110105194910010015")
        stamp = (NOW - dt.timedelta(minutes=age)).timestamp()
        os.utime(path, (stamp, stamp))
    assert import_jobs_sweep(now=NOW) == (0, 5)
    left = {p.name for p in uploads.iterdir()}
    assert left == {Path(preview.path).name, Path(running.path).name, new_stray.name}
    for job in (done, failed, old_preview, old_stopped):
        assert not Path(job.path).exists()
    old_stopped.refresh_from_db()
    assert not old_stopped.can_start_again


def test_a_stopped_job_starts_again_from_the_page(
    tree, worker_a, building_a, uploads, login, django_capture_on_commit_callbacks
):
    job = a_job(tree, worker_a, uploads, "ISTOP", status="writing", age=dt.timedelta(hours=2))
    import_jobs_sweep(now=NOW)
    client = login(worker_a)
    client.cookies["linli_language"] = "en"
    assert "Start again" in client.get(f"/registry/import/{job.code}/").content.decode()
    assert client.get(f"/registry/import/{job.code}/again/").status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(f"/registry/import/{job.code}/again/")
    new = ImportJob.objects.exclude(pk=job.pk).get()
    assert resp["Location"] == f"/registry/import/{new.code}/"
    assert new.status == ImportStatus.DONE and Resident.objects.count() == 6
    assert not Path(job.path).exists()  # used: deleted like any ended job's upload


def test_a_stopped_job_whose_upload_expired_says_to_upload_again(tree, worker_a, uploads, login):
    job = a_job(tree, worker_a, uploads, "IGONE", status="checking", age=dt.timedelta(hours=2))
    import_jobs_sweep(now=NOW)
    Path(job.path).unlink()
    client = login(worker_a)
    client.cookies["linli_language"] = "en"
    assert "upload it again" in client.get(f"/registry/import/{job.code}/").content.decode()
    resp = client.post(f"/api/v1/registry/imports/{job.code}/again")
    assert resp.status_code == 400 and resp.json()["code"] == "upload_gone"
    assert ImportJob.objects.count() == 1


def test_the_api_starts_a_stopped_job_again_and_refuses_a_finished_one(
    tree, worker_a, worker_b, building_a, uploads, login, django_capture_on_commit_callbacks
):
    job = a_job(tree, worker_a, uploads, "IAPI", status="queued", age=dt.timedelta(hours=1))
    done = a_job(tree, worker_a, uploads, "IFINE", status="done", age=dt.timedelta(hours=1))
    import_jobs_sweep(now=NOW)
    assert login(worker_b).post(f"/api/v1/registry/imports/{job.code}/again").status_code == 404
    client = login(worker_a)
    assert client.get(f"/api/v1/registry/imports/{job.code}").json()["can_start_again"] is True
    assert client.post(f"/api/v1/registry/imports/{done.code}/again").status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(f"/api/v1/registry/imports/{job.code}/again")
    assert resp.status_code == 202
    assert client.get(f"/api/v1/registry/imports/{resp.json()['code']}").json()["status"] == "done"


def test_an_upload_is_kept_private_and_deleted_when_its_job_fails(
    tree, worker_a, building_a, uploads, login, django_capture_on_commit_callbacks
):
    rows = rows_of(3)
    rows[1][4] = ""
    upload = io.BytesIO(write_csv(uploads.parent / "bad.csv", rows).read_bytes())
    upload.name = "bad.csv"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        login(worker_a).post("/registry/import/", {"community": tree.community_a.pk, "file": upload})
    job = ImportJob.objects.get()
    assert oct(Path(job.path).stat().st_mode & 0o777) == "0o600"
    assert oct(uploads.stat().st_mode & 0o777) == "0o700"
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and not Path(job.path).exists()


def test_a_preview_imported_once_refuses_a_second_import_with_a_409_and_no_server_path(
    tree, worker_a, building_a, uploads, login, django_capture_on_commit_callbacks
):
    upload = io.BytesIO(write_csv(uploads.parent / "up.csv", rows_of(6)).read_bytes())
    upload.name = "up.csv"
    client = login(worker_a)
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(
            "/registry/import/", {"community": tree.community_a.pk, "file": upload, "dry_run": "on"}
        )
    preview_url = resp["Location"]
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(preview_url).status_code == 302
    assert Resident.objects.count() == 6
    page = client.get(preview_url).content.decode()
    assert "导入" in page and "立即导入" not in page  # the button is gone, the import is linked
    for language, words in (("zh-hans", "已经从这次预览导入"), ("en", "already imported")):
        client.cookies["linli_language"] = language
        with django_capture_on_commit_callbacks(execute=True):
            resp = client.post(preview_url)
        body = resp.content.decode()
        assert resp.status_code == 409 and words in body
        assert str(uploads) not in body and "registry-imports" not in body
    assert Resident.objects.count() == 6 and ImportJob.objects.count() == 2


def test_a_job_whose_upload_vanished_fails_with_a_message_that_names_no_server_path(tree, worker_a, uploads):
    from linli.registry.jobs import import_job_run

    job = a_job(tree, worker_a, uploads, "IVANISH", status="queued", age=dt.timedelta(minutes=1))
    Path(job.path).unlink()
    import_job_run(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert "registry-imports" not in str(job.errors) and str(uploads) not in str(job.errors)
