"""The key ceremony done offline with tools/trustee_key.py: linli sees public values only."""

import importlib.util
import json

import pytest
from django.conf import settings

from linli.common.errors import DomainError
from linli.governance import crypto
from linli.governance.elections.actions import ceremony_open, trustee_contribute, trustee_enrol
from linli.governance.tests.conftest import PASSPHRASE, PUBLISH, announce


def _tool():
    spec = importlib.util.spec_from_file_location(
        "trustee_key", settings.BASE_DIR / "tools" / "trustee_key.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_trustees_make_keys_and_contributions_offline_and_upload_only_public_values(
    tree, worker_a, login, tmp_path
):
    tool = _tool()
    election = announce(tree.community_a, worker_a)
    trustees = ceremony_open(
        actor=worker_a, election=election, needed=2, names=["甲", "乙", "丙"], now=PUBLISH
    )
    api = login(worker_a)
    base = f"/api/v1/governance/elections/{election.code}/trustees"
    files = {}
    for t in trustees:
        files[t.number] = tmp_path / f"trustee{t.number}.pem"
        public = tool.keygen(files[t.number], PASSPHRASE)
        got = api.post(f"{base}/{t.number}/key", {"seal_key": public}, content_type="application/json")
        assert got.status_code == 200 and got.json()["key_file"] == ""  # nothing made on the server
    with pytest.raises(DomainError) as bad_key:
        trustee_enrol(actor=worker_a, trustee=trustees[0], seal_key="abc", now=PUBLISH)
    assert bad_key.value.code == "bad_seal_key"

    def published() -> list[dict]:
        return api.get(base).json()

    listed = published()
    assert all(len(t["seal_key"]) == 64 for t in listed)
    parts = {t.number: tool.contribute(election.code, 2, listed, t.number) for t in trustees}
    # A rogue contribution (commitment replaced, its proof no longer holds) and an incomplete one
    # are refused.
    rogue = {**parts[1], "commitments": [crypto.h(crypto.gpow(7)), parts[1]["commitments"][1]]}
    short = {**parts[1], "sealed": {k: v for k, v in parts[1]["sealed"].items() if k != "3"}}
    # Trustee 2's contribution uploaded as trustee 1's: bound to the number, refused too.
    for bad in (rogue, short, parts[2]):
        with pytest.raises(DomainError) as refused:
            trustee_contribute(actor=worker_a, trustee=trustees[0], offline=bad, now=PUBLISH)
        assert refused.value.code == "bad_contribution"
    for number, part in parts.items():
        up = api.post(f"{base}/{number}/contribute", part, content_type="application/json")
        assert up.status_code == 200 and up.json()["contributed"]
    election.refresh_from_db()
    listed = published()
    assert election.public_key == crypto.h(crypto.public_key(t["commitments"] for t in listed))
    # Each trustee checks, offline, what was sealed to them.
    for number, path in files.items():
        share_key = tool.check(path.read_bytes(), PASSPHRASE, listed, number)
        assert share_key == crypto.h(crypto.share_public([t["commitments"] for t in listed], number))
    # A damaged share is found by the check.
    listed[0]["sealed"]["2"] = listed[1]["sealed"]["2"]
    with pytest.raises(ValueError):
        tool.check(files[2].read_bytes(), PASSPHRASE, listed, 2)
    # And the key file never reached linli: its audit events hold the public key only.
    from linli.audit.models import AuditEvent

    dumped = json.dumps(list(AuditEvent.objects.values("details")), default=str)
    assert "PRIVATE KEY" not in dumped and files[1].read_text() not in dumped


def test_trustees_decrypt_offline_with_the_tool_and_linli_counts_from_k_uploads(
    scene, worker_a, login, tmp_path
):
    """The count: each trustee downloads the encrypted totals, runs `trustee_key.py decrypt` with
    their key file (a process without Django, linli's settings or its database), and uploads the
    file it writes; linli checks the proofs and counts once k are in."""
    import os
    import subprocess
    import sys

    from linli.governance.elections.actions import ballot_cast, credentials_issue, round_close, round_count
    from linli.governance.tests.conftest import CLOSES, DURING, picks

    codes = [c for _e, c in credentials_issue(actor=worker_a, round=scene.round, now=DURING)]
    for code in codes[:4]:
        ballot_cast(round=scene.round, picks=picks(scene), credential=code, now=DURING)
    round_close(actor=worker_a, round=scene.round, now=CLOSES)
    api = login(worker_a)
    base = f"/api/v1/governance/elections/{scene.election.code}/rounds/1"
    tally = tmp_path / "tally.json"
    tally.write_bytes(api.get(f"{base}/tally").content)
    tool = str(settings.BASE_DIR / "tools" / "trustee_key.py")
    run = (
        "import getpass, runpy, sys\n"
        f"getpass.getpass = lambda prompt='': {PASSPHRASE!r}\n"
        "sys.argv = sys.argv[1:]\n"
        "try:\n    runpy.run_path(sys.argv[0], run_name='__main__')\n"
        "except SystemExit as exc:\n    assert exc.code in (0, None), exc.code\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django imported'\n"
    )
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path)}  # no settings, no database
    uploads = {}
    for number in (1, 3):
        key = tmp_path / f"trustee{number}.pem"
        key.write_bytes(scene.keys[number])
        out = tmp_path / f"partial{number}.json"
        argv = [tool, "decrypt", "--share", str(key), "--tally", str(tally), "--out", str(out)]
        done = subprocess.run(
            [sys.executable, "-c", run, *argv], env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stdout + done.stderr
        uploads[number] = json.loads(out.read_text())
        assert uploads[number]["trustee"] == number
    first = api.post(f"{base}/decryption", uploads[1], content_type="application/json")
    assert first.status_code == 201
    early = api.post(f"{base}/count", {}, content_type="application/json")
    assert early.status_code == 409 and early.json()["code"] == "trustees_missing"  # 1 of k = 2
    assert api.post(f"{base}/decryption", uploads[3], content_type="application/json").status_code == 201
    r = round_count(actor=worker_a, round=scene.round, now=CLOSES)
    assert r.online_totals[f"c{scene.candidates['director'][0].pk}"] == 4


def test_a_resident_of_the_community_gets_404_for_the_tally_and_the_upload(scene, worker_a, resident, login):
    from linli.governance.elections.actions import round_close
    from linli.governance.tests.conftest import CLOSES
    from linli.registry.models import Resident

    Resident.objects.filter(pk=scene.voters[0].pk).update(user=resident)  # a voter of this election
    round_close(actor=worker_a, round=scene.round, now=CLOSES)
    client = login(resident)
    code = scene.election.code
    assert client.get(f"/api/v1/governance/elections/{code}/rounds/1/tally").status_code == 404
    posted = client.post(
        f"/api/v1/governance/elections/{code}/rounds/1/decryption",
        {"trustee": 1, "parts": {}},
        content_type="application/json",
    )
    assert posted.status_code == 404
    assert client.get(f"/governance/e/{code}/r/1/tally.json").status_code == 404
    assert client.post(f"/governance/e/{code}/r/1/decryption/", {"trustee": "1"}).status_code == 404
    assert not scene.round.decryptions.exists()
