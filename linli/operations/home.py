"""Operations tiles on each role's home page: filled in below."""

import datetime as dt
from typing import Any

from linli.ui.registries import Tile


def tiles(user: Any, role: str | None, now: dt.datetime) -> list[Tile]:
    return []
