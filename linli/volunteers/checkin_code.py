"""The rotating check-in code shown on the organiser's phone.

The code for a shift in one time step is HMAC-SHA256 (standard library `hmac`) of the shift and
the step under the activity's own random key, cut to 8 characters of Crockford base32. It changes
every `STEP` seconds; the one of the step before is still taken, so a code read just before it
turned over works. A photo of the screen sent to someone at home is useless a minute later.
"""

import datetime as dt
import hmac

from linli.common.codes import ALPHABET

STEP = 60  # seconds a code is shown
GRACE_STEPS = 1  # earlier steps still taken


def step_of(now: dt.datetime) -> int:
    return int(now.timestamp()) // STEP


def code_for(key: str, shift_id: int, step: int) -> str:
    digest = hmac.digest(key.encode(), f"checkin:{shift_id}:{step}".encode(), "sha256")
    bits = int.from_bytes(digest[:5], "big")  # 40 bits → 8 characters
    return "".join(ALPHABET[(bits >> (5 * i)) & 31] for i in range(8))


def current(key: str, shift_id: int, now: dt.datetime) -> str:
    return code_for(key, shift_id, step_of(now))


def is_valid(key: str, shift_id: int, code: str, now: dt.datetime) -> bool:
    step = step_of(now)
    return any(
        hmac.compare_digest(code_for(key, shift_id, step - back), code) for back in range(GRACE_STEPS + 1)
    )
