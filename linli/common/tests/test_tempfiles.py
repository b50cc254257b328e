"""Temporary files with personal data: unnamed, in a private directory, leftovers swept."""

import datetime as dt
import os
import tempfile

from linli.common.tempfiles import UnnamedFileUploadHandler, tempfiles_sweep, unnamed_file

NOW = dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.UTC)


def test_a_big_upload_is_received_into_a_file_with_no_name(settings, tmp_path):
    settings.LINLI_TMP_DIR = tmp_path / "tmp"
    before = set(os.listdir(tempfile.gettempdir()))
    handler = UnnamedFileUploadHandler()
    handler.new_file("file", "ids.csv", "text/csv", 0)
    handler.receive_data_chunk(b"110105194910010015\n" * 1000, 0)
    upload = handler.file_complete(19_000)
    assert upload.read(18) == b"110105194910010015" and upload.size == 19_000
    assert not hasattr(upload, "temporary_file_path")
    assert os.listdir(tmp_path / "tmp") == []
    assert {n for n in os.listdir(tempfile.gettempdir()) if n.endswith(".upload.csv")} <= before
    assert oct((tmp_path / "tmp").stat().st_mode & 0o777) == "0o700"
    upload.close()


def test_the_settings_receive_big_uploads_with_the_unnamed_handler(settings):
    assert settings.FILE_UPLOAD_HANDLERS[-1] == "linli.common.tempfiles.UnnamedFileUploadHandler"
    assert "django.core.files.uploadhandler.TemporaryFileUploadHandler" not in settings.FILE_UPLOAD_HANDLERS


def test_spools_and_exports_leave_no_name_behind(settings, tmp_path):
    settings.LINLI_TMP_DIR = tmp_path / "tmp"
    with unnamed_file("w+", encoding="utf-8") as f:
        f.write("110105194910010015")
        assert os.listdir(tmp_path / "tmp") == []


def test_the_sweep_removes_leftovers_older_than_the_setting(settings, tmp_path):
    settings.LINLI_TMP_DIR = tmp_path / "tmp"
    settings.LINLI_TMP_MAX_AGE_MINUTES = 60
    (tmp_path / "tmp").mkdir()
    old, fresh = tmp_path / "tmp" / "tmpa.upload.csv", tmp_path / "tmp" / "tmpb.upload.csv"
    for path, age in ((old, 61), (fresh, 59)):
        path.write_text("110105194910010015")
        stamp = (NOW - dt.timedelta(minutes=age)).timestamp()
        os.utime(path, (stamp, stamp))
    assert tempfiles_sweep(now=NOW) == [old]
    assert not old.exists() and fresh.exists()


def test_the_sweep_is_registered_as_a_periodic_job():
    from linli.common.jobs import PERIODIC
    from linli.common.sweeps import load_all

    load_all()
    assert "linli.common.sweeps.tempfiles_cleanup" in PERIODIC
    assert "linli.registry.sweeps.import_jobs_cleanup" in PERIODIC
