"""Demo data of the public services, for one street (run by `manage.py demo_load`)."""

import datetime as dt
from typing import Any


def load(stdout: Any, now: dt.datetime) -> None:
    return None
