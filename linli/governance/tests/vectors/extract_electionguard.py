"""Re-make electionguard_0_95_full.json from ElectionGuard's published sample election record.

    git clone https://github.com/microsoft/electionguard && cd electionguard
    git checkout f0cbcd22a20eac29cf49476628aa9b31d7b7b61e
    python <linli>/linli/governance/tests/vectors/extract_electionguard.py . > electionguard_0_95_full.json

Source: data/0.95.0/sample/full/election_record/ (MIT licence, Copyright (c) Microsoft
Corporation; see LICENSE-electionguard.txt next to this file). Only small extracts are kept:
the constants, the election key, the base hash, one contest's selections of every submitted
ballot (ciphertexts and their disjunctive proofs), each ballot's contest (selection-limit)
proof, the encrypted tally of that contest and its decryption shares with their proofs."""

import json
import pathlib
import sys

CONTEST = "justice-supreme-court"


def main() -> None:
    root = pathlib.Path(sys.argv[1]) / "data/0.95.0/sample/full/election_record"

    def load(name: str) -> dict:
        return json.loads((root / name).read_text())

    context = load("context.json")
    out: dict = {
        "source": {
            "repository": "https://github.com/microsoft/electionguard",
            "commit": "f0cbcd22a20eac29cf49476628aa9b31d7b7b61e",
            "path": "data/0.95.0/sample/full/election_record/",
            "licence": "MIT, Copyright (c) Microsoft Corporation (LICENSE-electionguard.txt)",
            "specification": "ElectionGuard 0.95.0",
        },
        "constants": load("constants.json"),
        "elgamal_public_key": context["elgamal_public_key"]["data"],
        "crypto_extended_base_hash": context["crypto_extended_base_hash"]["data"],
        "quorum": context["quorum"],
        "guardians": {},
        "ballots": [],
    }
    for path in sorted((root / "guardians").glob("*.json")):
        g = json.loads(path.read_text())
        out["guardians"][g["guardian_id"]] = g["election_public_key"]["data"]
    for path in sorted((root / "submitted_ballots").glob("*.json")):
        b = json.loads(path.read_text())
        contest = next(c for c in b["contests"] if c["object_id"] == CONTEST)
        out["ballots"].append(
            {
                "object_id": b["object_id"],
                "state": {1: "CAST", 2: "SPOILED"}[b["state"]],
                "selections": [
                    {
                        "object_id": s["object_id"],
                        "pad": s["ciphertext"]["pad"]["data"],
                        "data": s["ciphertext"]["data"]["data"],
                        "is_placeholder_selection": s["is_placeholder_selection"],
                        "proof": {k: v["data"] for k, v in s["proof"].items() if k != "usage"},
                    }
                    for s in contest["ballot_selections"]
                ],
                "contest_accumulation": {
                    "pad": contest["ciphertext_accumulation"]["pad"]["data"],
                    "data": contest["ciphertext_accumulation"]["data"]["data"],
                },
                "contest_proof": {
                    k: (v if k == "constant" else v["data"])
                    for k, v in contest["proof"].items()
                    if k != "usage"
                },
            }
        )
    encrypted = load("encrypted_tally.json")["contests"][CONTEST]["selections"]
    tally = load("tally.json")["contests"][CONTEST]["selections"]
    out["tally"] = {
        sid: {
            "encrypted": {
                "pad": encrypted[sid]["ciphertext"]["pad"]["data"],
                "data": encrypted[sid]["ciphertext"]["data"]["data"],
            },
            "tally": t["tally"],
            "value": t["value"]["data"],
            "shares": [
                {
                    "guardian_id": sh["guardian_id"],
                    "share": sh["share"]["data"],
                    # None for a missing guardian's share, recovered from the others' parts
                    "proof": sh["proof"] and {k: v["data"] for k, v in sh["proof"].items() if k != "usage"},
                }
                for sh in t["shares"]
            ],
        }
        for sid, t in tally.items()
    }
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
