"""Who may do what with facilities: pure functions over the one scoping mechanism."""

from typing import Any

from linli.accounts import policy
from linli.facilities.models import Grid


def can_manage(user: Any, grid: Grid) -> bool:
    return policy.can(user, "facilities.manage", grid.area)


def can_inspect(user: Any, grid: Grid) -> bool:
    return policy.can(user, "facilities.inspect", grid.area)


def can_draw_grids(user: Any, community: Any) -> bool:
    return policy.can(user, "facilities.grids", community)
