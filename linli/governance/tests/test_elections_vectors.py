"""linli's ElGamal group, proof equations, homomorphic sum and decryption against ElectionGuard's
published sample election record (spec 0.95.0, "full" sample; tests/vectors/, MIT licence).

What matches byte for byte: the group (p, q, r, g), the election key as the product of the
guardians' keys, the verification equations of the "0 or 1" proofs, of the contest (selection
limit) proofs and of the decryption proofs (run through `crypto.commit` / `crypto.partial_commit`,
the functions linli's own verifier uses), the encrypted tally as the product of the cast ballots,
and g^tally = beta / product of the decryption shares. What differs, by design: linli's
Fiat-Shamir hash input (`crypto.challenge`: context string, key, ciphertext and commitments,
lower-case hex joined by "|") is not ElectionGuard's `hash_elems` (extended base hash Q-bar and
the elements, upper-case even-length hex, with a leading "|"); the test re-computes ElectionGuard's
challenges with a test-only copy of `hash_elems` so that the published challenges are checked
too, but linli's `check_range` would reject these proofs because its hash input differs."""

import hashlib
import json
import pathlib

import gmpy2
import pytest
from gmpy2 import mpz

from linli.governance import crypto

VECTORS = json.loads((pathlib.Path(__file__).parent / "vectors" / "electionguard_0_95_full.json").read_text())


def num(x: str) -> mpz:
    return mpz(x, 16)


def eg_hash(*elements: str) -> mpz:
    """ElectionGuard 0.95's hash_elems for hex elements: SHA-256("|" + e1 + "|" + e2 + "|" ...) mod q."""
    h = hashlib.sha256(b"|")
    for x in elements:
        h.update((x + "|").encode())
    return mpz(int.from_bytes(h.digest(), "big")) % crypto.group().q


KEY = VECTORS["elgamal_public_key"]
QBAR = VECTORS["crypto_extended_base_hash"]
SELECTIONS = [(b["object_id"], s) for b in VECTORS["ballots"] for s in b["selections"]]


def test_the_group_is_electionguards_published_constants():
    grp, published = crypto.group(), VECTORS["constants"]
    assert grp.p == published["large_prime"]
    assert grp.q == published["small_prime"] == 2**256 - 189
    assert (grp.p - 1) // grp.q == published["cofactor"] and (grp.p - 1) % grp.q == 0
    assert grp.g == published["generator"]
    # and what the published numbers promise: p and q prime, g of order q
    assert gmpy2.is_prime(grp.p, 25) and gmpy2.is_prime(grp.q, 25)
    assert gmpy2.powmod(grp.g, grp.q, grp.p) == 1 and grp.g != 1


def test_the_election_key_is_the_product_of_the_guardians_keys():
    assert crypto.public_key([[k] for k in VECTORS["guardians"].values()]) == num(KEY)
    assert crypto.in_group(num(KEY))


@pytest.mark.parametrize(
    "ballot,selection", SELECTIONS[:8], ids=lambda x: x if isinstance(x, str) else x["object_id"]
)
def test_published_zero_or_one_proofs_satisfy_linlis_equations(ballot, selection):
    p = selection["proof"]
    alpha, beta = num(selection["pad"]), num(selection["data"])
    assert crypto.in_group(alpha) and crypto.in_group(beta)
    key = num(KEY)
    c0, c1 = num(p["proof_zero_challenge"]), num(p["proof_one_challenge"])
    assert crypto.commit(key, alpha, beta, 0, c0, num(p["proof_zero_response"])) == (
        num(p["proof_zero_pad"]),
        num(p["proof_zero_data"]),
    )
    assert crypto.commit(key, alpha, beta, 1, c1, num(p["proof_one_response"])) == (
        num(p["proof_one_pad"]),
        num(p["proof_one_data"]),
    )
    assert (c0 + c1) % crypto.group().q == num(p["challenge"])
    assert num(p["challenge"]) == eg_hash(
        QBAR,
        selection["pad"],
        selection["data"],
        p["proof_zero_pad"],
        p["proof_zero_data"],
        p["proof_one_pad"],
        p["proof_one_data"],
    )
    # One changed response and the equation fails.
    assert crypto.commit(key, alpha, beta, 0, c0, num(p["proof_zero_response"]) + 1) != (
        num(p["proof_zero_pad"]),
        num(p["proof_zero_data"]),
    )


def test_every_published_selection_proof_and_contest_proof_holds():
    key, q = num(KEY), crypto.group().q
    for ballot in VECTORS["ballots"]:
        for s in ballot["selections"]:
            p, alpha, beta = s["proof"], num(s["pad"]), num(s["data"])
            for j, name in ((0, "zero"), (1, "one")):
                assert crypto.commit(
                    key, alpha, beta, j, num(p[f"proof_{name}_challenge"]), num(p[f"proof_{name}_response"])
                ) == (
                    num(p[f"proof_{name}_pad"]),
                    num(p[f"proof_{name}_data"]),
                )
            assert (num(p["proof_zero_challenge"]) + num(p["proof_one_challenge"])) % q == num(p["challenge"])
        # The contest's accumulation is the product of its selections (placeholders included) ...
        acc = crypto.aggregate(["x"], [{"x": (num(s["pad"]), num(s["data"]))} for s in ballot["selections"]])[
            "x"
        ]
        accumulation = ballot["contest_accumulation"]
        assert acc == (num(accumulation["pad"]), num(accumulation["data"]))
        # ... and its proof is linli's one-branch range equation at j = the selection limit.
        cp = ballot["contest_proof"]
        assert crypto.commit(
            key, acc[0], acc[1], cp["constant"], num(cp["challenge"]), num(cp["response"])
        ) == (
            num(cp["pad"]),
            num(cp["data"]),
        )
        assert num(cp["challenge"]) == eg_hash(
            QBAR, accumulation["pad"], accumulation["data"], cp["pad"], cp["data"]
        )
        assert crypto.commit(
            key, acc[0], acc[1], cp["constant"] + 1, num(cp["challenge"]), num(cp["response"])
        ) != (
            num(cp["pad"]),
            num(cp["data"]),
        )


@pytest.mark.parametrize("selection_id", sorted(VECTORS["tally"]))
def test_the_published_tally_is_the_homomorphic_sum_and_decrypts_with_its_shares(selection_id):
    grp, published = crypto.group(), VECTORS["tally"][selection_id]
    cast = [
        {selection_id: (num(s["pad"]), num(s["data"]))}
        for b in VECTORS["ballots"]
        if b["state"] == "CAST"
        for s in b["selections"]
        if s["object_id"] == selection_id
    ]
    alpha, beta = crypto.aggregate([selection_id], cast)[selection_id]
    assert (alpha, beta) == (num(published["encrypted"]["pad"]), num(published["encrypted"]["data"]))
    shares = mpz(1)
    for share in published["shares"]:
        m = num(share["share"])
        shares = shares * m % grp.p
        proof = share["proof"]
        if proof is None:  # a missing guardian's share, rebuilt by the others: no direct proof
            continue
        public = num(VECTORS["guardians"][share["guardian_id"]])
        c, v = num(proof["challenge"]), num(proof["response"])
        assert crypto.partial_commit(public, alpha, m, c, v) == (num(proof["pad"]), num(proof["data"]))
        assert c == eg_hash(
            QBAR,
            published["encrypted"]["pad"],
            published["encrypted"]["data"],
            proof["pad"],
            proof["data"],
            share["share"],
        )
    value = beta * gmpy2.invert(shares, grp.p) % grp.p
    assert value == num(published["value"])
    assert crypto.discrete_logs({"t": value}, len(cast)) == {"t": published["tally"]}


def test_the_provers_fixed_base_shortcut_gives_the_verifiers_commitments(monkeypatch):
    """prove_range computes simulated branches from g and K only; they must equal commit()'s."""
    key = crypto.gpow(crypto.rand_q())
    seen = []
    real = crypto.challenge

    def spy(*parts):
        seen.append(parts)
        return real(*parts)

    monkeypatch.setattr(crypto, "challenge", spy)
    for m, limit in ((0, 1), (1, 1), (2, 3)):
        alpha, beta, r = crypto.encrypt(key, m)
        proof = crypto.prove_range(key, alpha, beta, m, r, limit, "ctx")
        commits = seen.pop()[4:]
        for j in range(limit + 1):
            if j != m:
                assert crypto.commit(key, alpha, beta, j, num(proof[2 * j]), num(proof[2 * j + 1])) == (
                    commits[2 * j],
                    commits[2 * j + 1],
                )
        assert crypto.check_range(key, alpha, beta, proof, limit, "ctx")
