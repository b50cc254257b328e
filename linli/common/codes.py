"""Short codes shown to people instead of database ids (easy to read out on the phone)."""

import secrets

# Crockford's base32 without I, L, O, U: nothing to mistake for 1, 0 or V.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def short_code(prefix: str = "", length: int = 8) -> str:
    return prefix + "".join(secrets.choice(ALPHABET) for _ in range(length))
