"""Encrypted ballots: exponential ElGamal with Chaum-Pedersen proofs, threshold decryption.

The protocol is the Helios / ElectionGuard 1.0 construction, over ElectionGuard 1.0's published
baseline group (spec 0.95, "Baseline Election Parameters"): a 4096-bit prime p, the 256-bit prime
q = 2^256 - 189 dividing p - 1, and g = 2^((p-1)/q) mod p. The group is rebuilt here from the
spec's formula (p = 2^4096 - 2^3840 - 1 + 2^256 (floor(2^3584 gamma) + delta)); the tests compare it with
the spec's published hexadecimal values. Big-number arithmetic is gmpy2 (GMP); nothing here is a
new primitive: ElGamal, Fiat-Shamir Chaum-Pedersen disjunctive ("0 or 1", "0..L") proofs,
Feldman-verified Pedersen key generation and Lagrange combination of partial decryptions, as in
ElectionGuard's specification. Hashes are SHA-256 (hashlib); trustees' shares travel sealed with
libsodium's sealed boxes (PyNaCl) to X25519 keys whose private half is a passphrase-protected
PKCS#8 file made by `cryptography`.

Pure functions over integers; no Django. Every value crosses the boundary as lower-case hex.
"""

import functools
import hashlib
import json
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import gmpy2
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from gmpy2 import mpz
from nacl.public import PrivateKey, PublicKey, SealedBox

# ElectionGuard 1.0 baseline parameters (spec 0.95.0, section 3). delta is the one that gives the
# p published in ElectionGuard's sample election records and electionguard-python's
# STANDARD_CONSTANTS (tests/vectors/electionguard_0_95_full.json); an earlier value here gave
# another prime, which the test vectors caught.
EG_DELTA = mpz(439294808804231274926900580397189504974648848968881487631310538630010859174858006410)
GROUP_NAME = "ElectionGuard 1.0 baseline (4096-bit p, q = 2^256 - 189)"


@dataclass(frozen=True)
class Group:
    p: mpz
    q: mpz
    g: mpz


@functools.cache
def group() -> Group:
    with gmpy2.context(precision=3700):
        gamma_bits = mpz(gmpy2.floor(gmpy2.const_euler() * mpz(2) ** 3584))
    p = mpz(2) ** 4096 - mpz(2) ** 3840 - 1 + mpz(2) ** 256 * (gamma_bits + EG_DELTA)
    q = mpz(2) ** 256 - 189
    return Group(p=p, q=q, g=gmpy2.powmod(2, (p - 1) // q, p))


_MPZ = type(mpz(0))


class FixedBase:
    """base^e mod p for e < 2^256 by fixed-base windowing (Menezes et al., Handbook of Applied
    Cryptography, 14.6.3): a table of base^(b * 2^(8i)), then at most 32 multiplications. The
    result is exactly gmpy2.powmod's (tested); it only saves time for the generator and the
    election key, the bases of most exponentiations."""

    WINDOW = 8

    def __init__(self, base: mpz, p: mpz) -> None:
        self.base, self.p = base, p
        self.rows: list[list[mpz]] = []
        x = base
        for _ in range(256 // self.WINDOW):
            row = [mpz(1)]
            for _b in range(1, 1 << self.WINDOW):
                row.append(row[-1] * x % p)
            self.rows.append(row)
            x = row[-1] * x % p

    def pow(self, e: mpz | int) -> mpz:
        e = int(e)
        if not 0 <= e < 1 << 256:
            return gmpy2.powmod(self.base, e, self.p)
        acc, i, mask = mpz(1), 0, (1 << self.WINDOW) - 1
        while e:
            b = e & mask
            if b:
                acc = acc * self.rows[i][b] % self.p
            e >>= self.WINDOW
            i += 1
        return acc


@functools.lru_cache(maxsize=16)
def fixed(base: mpz) -> FixedBase:
    return FixedBase(base, group().p)


def gpow(e: mpz | int) -> mpz:
    return fixed(group().g).pow(e)


def kpow(key: mpz, e: mpz | int) -> mpz:
    return fixed(key).pow(e)


def h(x: int | mpz) -> str:
    return format(int(x), "x")


def n(s: str) -> mpz:
    return mpz(s, 16)


def rand_q() -> mpz:
    return mpz(secrets.randbelow(int(group().q) - 1) + 1)


def in_group(x: mpz) -> bool:
    grp = group()
    return 0 < x < grp.p and gmpy2.powmod(x, grp.q, grp.p) == 1


def challenge(*parts: object) -> mpz:
    """Fiat-Shamir: SHA-256 of the parts (ints as hex), reduced mod q."""
    body = "|".join(h(x) if isinstance(x, (int, _MPZ)) else str(x) for x in parts)
    return mpz(int.from_bytes(hashlib.sha256(body.encode()).digest(), "big")) % group().q


# ---------------------------------------------------------------------------------------------
# ElGamal and range proofs


def encrypt(key: mpz, m: int, r: mpz | None = None) -> tuple[mpz, mpz, mpz]:
    """(alpha, beta, r) with alpha = g^r, beta = g^m * K^r."""
    grp = group()
    r = rand_q() if r is None else r
    return gpow(r), gpow(m) * kpow(key, r) % grp.p, r


@functools.cache
def _g_inverse() -> mpz:
    grp = group()
    return gmpy2.invert(grp.g, grp.p)


def commit(key: mpz, alpha: mpz, beta: mpz, j: int, c: mpz, v: mpz) -> tuple[mpz, mpz]:
    """The commitments (a, b) a proof with challenge c and response v answers for value j."""
    grp = group()
    beta_j = beta * gmpy2.powmod(_g_inverse(), j, grp.p) % grp.p  # beta / g^j
    a = gpow(v) * gmpy2.powmod(alpha, grp.q - c, grp.p) % grp.p
    b = kpow(key, v) * gmpy2.powmod(beta_j, grp.q - c, grp.p) % grp.p
    return a, b


def prove_range(key: mpz, alpha: mpz, beta: mpz, m: int, r: mpz, limit: int, context: str) -> list[str]:
    """A disjunctive Chaum-Pedersen proof that (alpha, beta) encrypts one of 0..limit.

    Returned as [c_0, v_0, ..., c_limit, v_limit] (hex): the verifier recomputes commitments."""
    grp = group()
    cs: list[mpz] = [mpz(0)] * (limit + 1)
    vs: list[mpz] = [mpz(0)] * (limit + 1)
    commits: list[tuple[mpz, mpz]] = []
    w = rand_q()
    for j in range(limit + 1):
        if j == m:
            commits.append((gpow(w), kpow(key, w)))
        else:
            # The simulated branches. The prover knows r and m (alpha = g^r, beta = g^m K^r), so
            # commit()'s a = g^v alpha^-c, b = K^v (beta / g^j)^-c are g^(v - rc) and
            # K^(v - rc) g^((j - m) c): the same numbers from fixed-base tables only, instead of
            # two full exponentiations (tested equal to commit()).
            cs[j], vs[j] = rand_q(), rand_q()
            e = (vs[j] - r * cs[j]) % grp.q
            commits.append((gpow(e), kpow(key, e) * gpow((j - m) * cs[j] % grp.q) % grp.p))
    total = challenge(context, key, alpha, beta, *[x for ab in commits for x in ab])
    cs[m] = (total - sum(cs[j] for j in range(limit + 1) if j != m)) % grp.q
    vs[m] = (w + cs[m] * r) % grp.q
    return [h(x) for pair in zip(cs, vs, strict=True) for x in pair]


def check_range(
    key: mpz, alpha: mpz, beta: mpz, proof: Sequence[str], limit: int, context: str, members: bool = False
) -> bool:
    """Whether the proof holds; `members`: alpha and beta are already known to be in the group
    (a product of checked ciphertexts), else they are checked here."""
    grp = group()
    if len(proof) != 2 * (limit + 1) or not (members or (in_group(alpha) and in_group(beta))):
        return False
    try:
        cs = [n(proof[2 * j]) for j in range(limit + 1)]
        vs = [n(proof[2 * j + 1]) for j in range(limit + 1)]
    except ValueError:
        return False
    if any(not 0 <= x < grp.q for x in (*cs, *vs)):
        return False
    commits = [commit(key, alpha, beta, j, cs[j], vs[j]) for j in range(limit + 1)]
    total = challenge(context, key, alpha, beta, *[x for ab in commits for x in ab])
    return bool(sum(cs) % grp.q == total)


# ---------------------------------------------------------------------------------------------
# Ballots: one ciphertext per candidate, "0 or 1" each, "0..seats" for each position's sum


@dataclass(frozen=True)
class Layout:
    """What a ballot encrypts: candidate tokens grouped by position, with the seats of each."""

    context: str  # election code / round number / public key: every proof is bound to it
    key: mpz
    positions: tuple[tuple[str, int, tuple[str, ...]], ...]  # (position, seats, tokens)


def encrypt_ballot(layout: Layout, chosen: Iterable[str]) -> str:
    """The ballot as canonical JSON: {token: [alpha, beta, proof]}, {"=position": proof}."""
    grp = group()
    picked = set(chosen)
    out: dict[str, object] = {}
    for position, seats, tokens in layout.positions:
        sum_a, sum_b, sum_r, sum_m = mpz(1), mpz(1), mpz(0), 0
        for token in tokens:
            m = 1 if token in picked else 0
            a, b, r = encrypt(layout.key, m)
            out[token] = [h(a), h(b), prove_range(layout.key, a, b, m, r, 1, f"{layout.context}|{token}")]
            sum_a, sum_b, sum_r, sum_m = sum_a * a % grp.p, sum_b * b % grp.p, (sum_r + r) % grp.q, sum_m + m
        if sum_m > seats:
            raise ValueError("over-vote")
        out[f"={position}"] = prove_range(
            layout.key, sum_a, sum_b, sum_m, sum_r, seats, f"{layout.context}|={position}"
        )
    return json.dumps(out, sort_keys=True, separators=(",", ":"))


def ballot_shape(layout: Layout, content: str) -> dict[str, tuple[mpz, mpz]] | None:
    """The ballot's ciphertexts if it is well-formed — the layout's candidates and positions, two
    numbers in 1..p-1 per candidate, a proof of the right length for each — else None. Cheap
    (no exponentiation): what a cast checks on arrival; the proofs are checked later."""
    grp = group()
    try:
        data = json.loads(content)
        if not isinstance(data, dict) or set(data) != {t for _p, _s, ts in layout.positions for t in ts} | {
            f"={p}" for p, _s, _t in layout.positions
        }:
            return None
        out: dict[str, tuple[mpz, mpz]] = {}
        for position, seats, tokens in layout.positions:
            for token in tokens:
                a_hex, b_hex, proof = data[token]
                a, b = n(a_hex), n(b_hex)
                if not (0 < a < grp.p and 0 < b < grp.p) or not _proof_shape(proof, 1):
                    return None
                out[token] = (a, b)
            if not _proof_shape(data[f"={position}"], seats):
                return None
        return out
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def _proof_shape(proof: object, limit: int) -> bool:
    return (
        isinstance(proof, list)
        and len(proof) == 2 * (limit + 1)
        and all(isinstance(x, str) and 0 < len(x) <= 64 for x in proof)
    )


def ballot_ciphertexts(layout: Layout, content: str) -> dict[str, tuple[mpz, mpz]] | None:
    """The ballot's ciphertexts if every proof holds (well-formed, each 0/1, each sum within the
    seats), else None: an invalid ballot is rejected by its proofs, never by decrypting it."""
    grp = group()
    out = ballot_shape(layout, content)
    if out is None:
        return None
    data = json.loads(content)
    try:
        for position, seats, tokens in layout.positions:
            sum_a, sum_b = mpz(1), mpz(1)
            for token in tokens:
                a, b = out[token]
                if not check_range(layout.key, a, b, data[token][2], 1, f"{layout.context}|{token}"):
                    return None
                sum_a, sum_b = sum_a * a % grp.p, sum_b * b % grp.p
            if not check_range(
                layout.key, sum_a, sum_b, data[f"={position}"], seats, f"{layout.context}|={position}", True
            ):
                return None
        return out
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def aggregate(
    tokens: Iterable[str], ballots: Iterable[dict[str, tuple[mpz, mpz]]]
) -> dict[str, tuple[mpz, mpz]]:
    """The homomorphic sum: the product of every ballot's ciphertext, per token."""
    grp = group()
    acc = {t: (mpz(1), mpz(1)) for t in tokens}
    for ballot in ballots:
        for t, (a, b) in ballot.items():
            x, y = acc[t]
            acc[t] = (x * a % grp.p, y * b % grp.p)
    return acc


# ---------------------------------------------------------------------------------------------
# Key ceremony: each trustee seals shares of a random polynomial to every other trustee


def new_seal_key(passphrase: str) -> tuple[str, bytes]:
    """An X25519 key for receiving shares: (public hex, passphrase-protected PKCS#8 PEM file)."""
    key = X25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase.encode()),
    )
    public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return public.hex(), pem


def open_seal_key(pem: bytes, passphrase: str) -> PrivateKey:
    """The trustee's key from their file; ValueError/TypeError on a wrong file or passphrase."""
    key = serialization.load_pem_private_key(pem, password=passphrase.encode())
    if not isinstance(key, X25519PrivateKey):
        raise ValueError("not a trustee key")
    return PrivateKey(key.private_bytes_raw())


@dataclass(frozen=True)
class Contribution:
    commitments: list[str]  # g^{a_l}, l = 0..k-1 (Feldman)
    sealed: dict[int, str]  # trustee number -> sealed f(number)
    proofs: list[list[str]]  # a Schnorr proof of knowledge of each a_l (as ElectionGuard's)


def prove_knowledge(secret: mpz, commitment: mpz, context: str) -> list[str]:
    """Schnorr proof (Fiat-Shamir) that the prover knows log_g(commitment): [c, u] in hex."""
    grp = group()
    w = rand_q()
    c = challenge("knows", context, commitment, gpow(w))
    return [h(c), h((w + c * secret) % grp.q)]


def check_knowledge(commitment: mpz, proof: Sequence[str], context: str) -> bool:
    """g^u / commitment^c is the proof's commitment h, and c = H(context, commitment, h). Without
    these an uploaded contribution could be chosen against the others' (a rogue key)."""
    grp = group()
    try:
        c, u = (n(x) for x in proof)
    except (ValueError, TypeError):
        return False
    if len(proof) != 2 or not (0 <= c < grp.q and 0 <= u < grp.q) or not in_group(commitment):
        return False
    commit_h = gpow(u) * gmpy2.powmod(commitment, grp.q - c, grp.p) % grp.p
    return bool(challenge("knows", context, commitment, commit_h) == c)


def contribute(k: int, seal_keys: dict[int, str], context: str = "") -> Contribution:
    """One trustee's part: a random polynomial of degree k-1, its commitments with proofs of
    knowledge, and its value at each trustee's number sealed to that trustee. The polynomial is
    forgotten on return. `context` binds the proofs (election code and trustee number)."""
    grp = group()
    coefficients = [rand_q() for _ in range(k)]
    points = [gpow(a) for a in coefficients]
    commitments = [h(x) for x in points]
    proofs = [
        prove_knowledge(a, x, f"{context}|{i}")
        for i, (a, x) in enumerate(zip(coefficients, points, strict=True))
    ]
    sealed = {}
    for number, public_hex in seal_keys.items():
        value = sum(a * mpz(number) ** i for i, a in enumerate(coefficients)) % grp.q
        box = SealedBox(PublicKey(bytes.fromhex(public_hex)))
        sealed[number] = box.encrypt(h(value).encode()).hex()
    return Contribution(commitments=commitments, sealed=sealed, proofs=proofs)


def public_key(commitments: Iterable[Sequence[str]]) -> mpz:
    grp = group()
    key = mpz(1)
    for c in commitments:
        key = key * n(c[0]) % grp.p
    return key


def share_public(commitments: Iterable[Sequence[str]], number: int) -> mpz:
    """g^{s_number}, from every trustee's Feldman commitments."""
    grp = group()
    out = mpz(1)
    for cs in commitments:
        for i, c in enumerate(cs):
            out = out * gmpy2.powmod(n(c), mpz(number) ** i % grp.q, grp.p) % grp.p
    return out


def open_share(
    private: PrivateKey, number: int, sealed: Iterable[str], commitments: Sequence[Sequence[str]]
) -> mpz:
    """Unseal what each trustee sent `number`, check each piece against its sender's commitments,
    and add them up: the trustee's share of the election key."""
    grp = group()
    box = SealedBox(private)
    total = mpz(0)
    for piece, cs in zip(sealed, commitments, strict=True):
        value = n(box.decrypt(bytes.fromhex(piece)).decode())
        if gpow(value) != share_public([cs], number):
            raise ValueError("a share does not match its commitments")
        total = (total + value) % grp.q
    return total


# ---------------------------------------------------------------------------------------------
# Decryption of the totals


def partial_decrypt(share: mpz, public_share: mpz, alpha: mpz, context: str) -> tuple[str, str, str]:
    """(d = alpha^s, c, v): a partial decryption and its Chaum-Pedersen proof that
    log_g(public_share) = log_alpha(d)."""
    grp = group()
    d = gmpy2.powmod(alpha, share, grp.p)
    w = rand_q()
    a, b = gpow(w), gmpy2.powmod(alpha, w, grp.p)
    c = challenge(context, public_share, alpha, d, a, b)
    return h(d), h(c), h((w + c * share) % grp.q)


def check_partial(public_share: mpz, alpha: mpz, part: Sequence[str], context: str) -> bool:
    grp = group()
    try:
        d, c, v = (n(x) for x in part)
    except (ValueError, TypeError):
        return False
    if not in_group(d) or not 0 <= c < grp.q or not 0 <= v < grp.q:
        return False
    a, b = partial_commit(public_share, alpha, d, c, v)
    return bool(challenge(context, public_share, alpha, d, a, b) == c)


def partial_commit(public_share: mpz, alpha: mpz, d: mpz, c: mpz, v: mpz) -> tuple[mpz, mpz]:
    """The commitments (a, b) = (g^v / public_share^c, alpha^v / d^c) a decryption proof answers."""
    grp = group()
    a = gpow(v) * gmpy2.powmod(public_share, grp.q - c, grp.p) % grp.p
    b = gmpy2.powmod(alpha, v, grp.p) * gmpy2.powmod(d, grp.q - c, grp.p) % grp.p
    return a, b


def lagrange(number: int, present: Iterable[int]) -> mpz:
    q = group().q
    num, den = mpz(1), mpz(1)
    for other in present:
        if other != number:
            num = num * other % q
            den = den * (other - number) % q
    return num * gmpy2.invert(den, q) % q


def combine(beta: mpz, parts: dict[int, mpz]) -> mpz:
    """g^m from beta and at least k partial decryptions (trustee number -> alpha^{s_number})."""
    grp = group()
    d = mpz(1)
    for number, part in parts.items():
        d = d * gmpy2.powmod(part, lagrange(number, parts), grp.p) % grp.p
    return beta * gmpy2.invert(d, grp.p) % grp.p


def discrete_logs(targets: dict[str, mpz], limit: int) -> dict[str, int]:
    """m for each g^m, searching 0..limit (the number of ballots bounds every total)."""
    grp = group()
    wanted: dict[mpz, list[str]] = {}
    for t, v in targets.items():
        wanted.setdefault(v, []).append(t)
    out: dict[str, int] = {}
    x = mpz(1)
    for m in range(limit + 1):
        for t in wanted.pop(x, []):
            out[t] = m
        if not wanted:
            break
        x = x * grp.g % grp.p
    missing = set(targets) - set(out)
    if missing:
        raise ValueError(f"no total within {limit} for {sorted(missing)}")
    return out
