"""Who runs the elections of a body other than the residents' committee, low in the layers.

An election's `body` (governance's `Election.body`) is empty for the committee, which the
community's staff run; otherwise it names another body, such as a community social
organization electing its officers. The app that owns the body registers here, in its
`AppConfig.ready`, which bodies a signed-in user runs: `runner(user)` returns the
(community id, body) pairs. Governance asks this module and never imports that app.
"""

from collections.abc import Callable, Iterable
from typing import Any

Runner = Callable[[Any], Iterable[tuple[int, str]]]
_RUNNERS: dict[str, Runner] = {}
_CACHE = "_linli_election_bodies"


def register(name: str, runner: Runner) -> None:
    """Register (or replace) the runner of one app's bodies."""
    _RUNNERS[name] = runner


def run_by(user: Any) -> frozenset[tuple[int, str]]:
    """The (community id, body) pairs whose elections `user` runs (loaded once per user object)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, _CACHE, None)
    if cached is None:
        cached = frozenset(pair for runner in _RUNNERS.values() for pair in runner(user))
        setattr(user, _CACHE, cached)
    return cached


def runs(user: Any, community_id: int, body: str) -> bool:
    return bool(body) and (community_id, body) in run_by(user)


def forget(user: Any) -> None:
    if hasattr(user, _CACHE):
        delattr(user, _CACHE)
