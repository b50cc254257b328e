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
