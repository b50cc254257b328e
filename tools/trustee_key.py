#!/usr/bin/env python3
"""A trustee's side of linli's key ceremony and count, offline: nothing from linli's database or server.

    python tools/trustee_key.py keygen  trustee.pem
        Asks for a passphrase, writes your key file (X25519, PKCS#8 PEM encrypted under the
        passphrase) and prints its public key. Give the committee ONLY the public key (64 hex
        digits): the ceremony page or `POST /api/v1/governance/elections/<code>/trustees/<n>/key`
        with {"seal_key": ...}. Keep the file and the passphrase apart, outside linli.

    python tools/trustee_key.py contribute  trustees.json  <your number>  contribution.json
        `trustees.json` is the list the ceremony publishes once every trustee has a key
        (`GET /api/v1/governance/elections/<code>/trustees`, with the election code as
        {"election": code, "needed": k, "trustees": [...]} or the bare list plus --election/--needed).
        Draws your random polynomial of degree k-1 here, writes its commitments with proofs of
        knowledge and its value at every trustee's number sealed to that trustee's key, and
        forgets the polynomial. Upload contribution.json
        (`POST .../trustees/<n>/contribute`); linli checks the proofs and never sees a share.

    python tools/trustee_key.py check  trustee.pem  trustees.json  <your number>
        Once every trustee has contributed: opens the values sealed to you and checks each
        against its sender's commitments, so a bad share is found before voting, not at the count.

    python tools/trustee_key.py decrypt  --share trustee.pem  --tally tally.json  [--out partial.json]
        At the count: `tally.json` is the closed round's encrypted totals, which the election's
        trustees download from the trustees' page (or `GET .../rounds/<n>/tally`). Opens the
        values sealed to you (each checked against its sender's commitments), decrypts your part
        of each total (never a single ballot) with a Chaum-Pedersen proof, and writes it.
        Upload that file (trustees' page, or `POST .../rounds/<n>/decryption`); linli checks
        every proof and counts once k trustees' parts are in. Your share never leaves this
        computer.

Needs Python 3.11 with gmpy2, PyNaCl and cryptography (pinned in linli's requirements.lock); it
imports only linli's `crypto` module, which uses no Django and no database.
"""

import argparse
import getpass
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from linli.governance import crypto
from linli.governance.board_check import check_partials, decrypt_tally


def _passphrase(confirm: bool) -> str:
    first = getpass.getpass("Passphrase (at least 8 characters): ")
    if confirm and getpass.getpass("Again: ") != first:
        raise SystemExit("The passphrases differ.")
    if len(first) < 8:
        raise SystemExit("Choose a passphrase of at least 8 characters.")
    return first


def _ceremony(path: str, election: str | None, needed: int | None) -> tuple[str, int, list[dict]]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if isinstance(data, list):
        data = {"election": election, "needed": needed, "trustees": data}
    code, k = data.get("election") or election, data.get("needed") or needed
    if not code or not k:
        raise SystemExit("Give the election code and k (--election, --needed) or put them in the file.")
    return str(code), int(k), sorted(data["trustees"], key=lambda t: int(t["number"]))


def keygen(out: Path, passphrase: str) -> str:
    if out.exists():
        raise SystemExit(f"{out} exists: not overwritten.")
    public, pem = crypto.new_seal_key(passphrase)
    out.write_bytes(pem)
    return public


def contribute(code: str, needed: int, trustees: list[dict], number: int) -> dict:
    keys = {int(t["number"]): t["seal_key"] for t in trustees}
    if number not in keys or not all(keys.values()):
        raise SystemExit("Every trustee must have a key, and your number must be among them.")
    # the same binding linli checks (trustees.contribution_context)
    part = crypto.contribute(needed, keys, f"{code}|trustee {number}")
    return {
        "commitments": part.commitments,
        "proofs": part.proofs,
        "sealed": {str(k): v for k, v in part.sealed.items()},
    }


def check(pem: bytes, passphrase: str, trustees: list[dict], number: int) -> str:
    private = crypto.open_seal_key(pem, passphrase)
    mine = next(t for t in trustees if int(t["number"]) == number)
    if private.public_key.encode().hex() != mine["seal_key"]:
        raise SystemExit("This key file belongs to another trustee.")
    crypto.open_share(
        private, number, [t["sealed"][str(number)] for t in trustees], [t["commitments"] for t in trustees]
    )
    return crypto.h(crypto.share_public([t["commitments"] for t in trustees], number))


def decrypt(pem: bytes, passphrase: str, tally: dict) -> dict:
    """Your partial decryption of the round's totals (board_check.decrypt_tally), with proofs."""
    mine = decrypt_tally(pem, passphrase, tally)
    # Check our own proofs before handing the file over, as linli will on upload.
    trustees = sorted(tally["trustees"], key=lambda t: int(t["number"]))
    if check_partials(
        mine["trustee"],
        [t["commitments"] for t in trustees],
        tally["round_key"],
        tally["encrypted_tally"],
        mine["parts"],
    ):
        raise ValueError("the partial decryption does not check; do not upload it")
    return mine


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    k = sub.add_parser("keygen")
    k.add_argument("key_file")
    c = sub.add_parser("contribute")
    c.add_argument("trustees")
    c.add_argument("number", type=int)
    c.add_argument("out")
    c.add_argument("--election")
    c.add_argument("--needed", type=int)
    ch = sub.add_parser("check")
    ch.add_argument("key_file")
    ch.add_argument("trustees")
    ch.add_argument("number", type=int)
    ch.add_argument("--election")
    ch.add_argument("--needed", type=int)
    d = sub.add_parser("decrypt")
    d.add_argument("--share", required=True, help="your key file (trustee.pem)")
    d.add_argument("--tally", required=True, help="the round's encrypted totals (tally.json)")
    d.add_argument("--out", help="where to write your partial decryption")
    args = p.parse_args(argv[1:])
    if args.command == "keygen":
        print(keygen(Path(args.key_file), _passphrase(confirm=True)))
    elif args.command == "decrypt":
        tally = json.loads(Path(args.tally).read_text(encoding="utf-8"))
        try:
            mine = decrypt(Path(args.share).read_bytes(), _passphrase(confirm=False), tally)
        except (ValueError, KeyError, TypeError) as exc:
            print(f"FAIL {exc}")
            return 1
        out = Path(args.out or f"partial-{tally['election']}-{tally['round']}-{mine['trustee']}.json")
        if out.exists():
            raise SystemExit(f"{out} exists: not overwritten.")
        out.write_text(json.dumps(mine, indent=1), encoding="utf-8")
        print(f"wrote {out}: upload it as trustee {mine['trustee']}'s part of round {tally['round']}")
    elif args.command == "contribute":
        code, needed, trustees = _ceremony(args.trustees, args.election, args.needed)
        out = Path(args.out)
        out.write_text(
            json.dumps(contribute(code, needed, trustees, args.number), indent=1), encoding="utf-8"
        )
        print(f"wrote {out}: upload it as trustee {args.number}'s contribution")
    else:
        _code, _k, trustees = _ceremony(args.trustees, args.election or "-", args.needed or 1)
        try:
            check(Path(args.key_file).read_bytes(), _passphrase(confirm=False), trustees, args.number)
        except (ValueError, KeyError) as exc:
            print(f"FAIL {exc}")
            return 1
        print(f"OK: every share sealed to trustee {args.number} matches its sender's commitments")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
