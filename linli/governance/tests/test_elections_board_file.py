"""A counted round's board downloads from a file written once, with its SHA-256 (issue 20)."""

import gzip
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from linli.governance.elections import board_file, queries
from linli.governance.elections.actions import ballot_cast, round_close, round_count
from linli.governance.elections.queries import board_export
from linli.governance.models import Round
from linli.governance.tests.conftest import CLOSES, DURING, decrypt, picks
from linli.governance.tests.test_elections_voting import _codes

TOOL = Path(settings.BASE_DIR) / "tools" / "verify_board.py"


def _closed(scene, worker_a, n=4):
    codes = _codes(scene, worker_a)
    for v in scene.voters[:n]:
        ballot_cast(round=scene.round, picks=picks(scene), credential=codes[v.pk], now=DURING)
    scene.round = round_close(actor=worker_a, round=scene.round, now=CLOSES)
    decrypt(scene, worker_a)


def _download(client, scene) -> bytes:
    response = client.get(f"/governance/e/{scene.election.code}/r/1/board.json")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _verify(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(TOOL), str(path)], capture_output=True, text=True, check=False)


def test_the_count_writes_the_board_file_once_after_commit(
    scene, worker_a, django_capture_on_commit_callbacks
):
    _closed(scene, worker_a)
    with django_capture_on_commit_callbacks(execute=True):
        scene.round = round_count(actor=worker_a, round=scene.round, now=CLOSES)
    written = board_file.existing(scene.round)
    assert written is not None and written.path.is_file()
    assert hashlib.sha256(written.path.read_bytes()).hexdigest() == written.sha256
    # The file is the compact JSON of the board the verifier reads.
    text = gzip.decompress(written.path.read_bytes()).decode()
    assert text == json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":"))
    assert json.loads(text) == json.loads(json.dumps(board_export(Round.objects.get(pk=scene.round.pk))))


def test_the_download_is_the_written_file_hashed_on_the_page(scene, worker_a, client, monkeypatch, tmp_path):
    _closed(scene, worker_a)
    scene.round = round_count(actor=worker_a, round=scene.round, now=CLOSES)  # job not run: lazy
    page = f"/governance/e/{scene.election.code}/r/1/board/"
    before = client.get(page).content.decode()
    assert board_file.existing(scene.round) is None and "board-sha256" not in before
    first = client.get(f"/governance/e/{scene.election.code}/r/1/board.json")
    assert first["Content-Type"] == "application/gzip"
    assert f'filename="{board_file.download_name(scene.round)}"' in first["Content-Disposition"]
    body = b"".join(first.streaming_content)
    sha = hashlib.sha256(body).hexdigest()
    assert first["X-Content-SHA256"] == sha
    assert f'id="board-sha256">{sha}<' in client.get(page).content.decode()
    # The second download reads the file: nothing computes the board again.
    written = board_file.existing(scene.round)
    stamp = written.path.stat().st_mtime_ns

    def no_more(*_a, **_k):
        raise AssertionError("the board was computed again")

    monkeypatch.setattr(queries, "board_export_stream", no_more)
    assert _download(client, scene) == body
    assert written.path.stat().st_mtime_ns == stamp
    # Anyone's verifier passes on the file, gzipped or unpacked, and fails on one altered ballot.
    gz = tmp_path / "board.json.gz"
    gz.write_bytes(body)
    ok = _verify(gz)
    assert ok.returncode == 0 and "OK 4 online ballots" in ok.stdout, ok.stdout + ok.stderr
    board = json.loads(gzip.decompress(body))
    plain = tmp_path / "board.json"
    plain.write_text(json.dumps(board, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    assert _verify(plain).returncode == 0
    board["ballots"][1][2] = board["ballots"][1][2].replace("a", "b", 1)
    plain.write_text(json.dumps(board, ensure_ascii=False), encoding="utf-8")
    bad = _verify(plain)
    assert bad.returncode == 1 and "ballot #2" in bad.stdout, bad.stdout


def test_before_the_count_the_board_streams_and_writes_no_file(scene, worker_a, client):
    _closed(scene, worker_a)
    response = client.get(f"/governance/e/{scene.election.code}/r/1/board.json")
    assert response["Content-Type"] == "application/json"
    assert json.loads(b"".join(response.streaming_content))["results"] is None
    assert not (Path(settings.LINLI_BOARD_DIR)).exists() or not any(Path(settings.LINLI_BOARD_DIR).iterdir())
    with pytest.raises(ValueError):
        board_file.write(scene.round)


def test_outsiders_get_404_as_before(scene, worker_a, client):
    code = scene.election.code
    assert client.get(f"/governance/e/{code}/r/1/board.json").status_code == 404  # voting open
    _closed(scene, worker_a, n=2)
    round_count(actor=worker_a, round=scene.round, now=CLOSES)
    assert client.get(f"/governance/e/{code}/r/2/board.json").status_code == 404
    assert client.get("/governance/e/NOSUCH/r/1/board.json").status_code == 404
    assert client.get(f"/governance/e/{code}/r/1/board.json").status_code == 200  # public once counted
