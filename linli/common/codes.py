"""Short codes shown to people instead of database ids (easy to read out on the phone)."""

import secrets

# Crockford's base32 without I, L, O, U: nothing to mistake for 1, 0 or V.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def short_code(prefix: str = "", length: int = 8) -> str:
    # 32 characters: each is 5 random bits, all drawn at once (imports make one per household).
    bits = secrets.randbits(5 * length)
    return prefix + "".join(ALPHABET[(bits >> (5 * i)) & 31] for i in range(length))
