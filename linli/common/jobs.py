"""The one interface for background work.

`enqueue(func, ...)` runs `func` after the current transaction commits: in-process
("immediate", the embedded default) or on the Redis queue through RQ ("rq", production, run by
`manage.py rqworker default`). Periodic sweeps are declared with `@periodic(seconds=...)`; in
production `rq cron linli/cron.py` enqueues them on schedule, and `manage.py jobs_run_periodic`
runs them all once (cron, tests, the embedded default). Sweeps must be idempotent.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.db import transaction

log = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class Periodic:
    func: Callable[[], Any]
    seconds: int

    @property
    def name(self) -> str:
        return f"{self.func.__module__}.{self.func.__qualname__}"


PERIODIC: dict[str, Periodic] = {}


def periodic(*, seconds: int) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Declare an idempotent sweep to run every `seconds`."""

    def register(func: Callable[P, R]) -> Callable[P, R]:
        entry = Periodic(func=func, seconds=seconds)
        PERIODIC[entry.name] = entry
        return func

    return register


def _run_now(func: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    try:
        func(*args, **kwargs)
    except Exception:  # a failed job must not break the request that queued it
        log.exception("job %s failed", getattr(func, "__name__", func))


def enqueue(func: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    backend = settings.LINLI_JOBS_BACKEND
    if backend == "immediate":
        transaction.on_commit(lambda: _run_now(func, *args, **kwargs))
    elif backend == "rq":
        import django_rq

        queue = django_rq.get_queue("default")
        transaction.on_commit(lambda: queue.enqueue(func, *args, **kwargs))
    else:
        raise ValueError(f"unknown LINLI_JOBS_BACKEND {backend!r}")


def run_periodic_once() -> list[str]:
    """Run every registered sweep once, in-process; returns their names."""
    names = []
    for name, entry in sorted(PERIODIC.items()):
        _run_now(entry.func)
        names.append(name)
    return names
