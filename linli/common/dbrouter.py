"""Read replicas: reads that tolerate a little lag may go to a streaming replica; all else to the primary.

Nothing goes to a replica unless a view asks for it: `replica_view` (a view decorator) or
`reads_from_replica()` (a block) mark the reads of public pages, dashboards, search, exports and
rates. Even there a read goes to the primary when

- no replica is configured (`DATABASE_REPLICA_URLS`, settings; SQLite never has one);
- the model is about who is signed in (accounts, sessions, tokens, two-factor, lockouts): a
  revoked token or a removed role must stop working at once;
- this request has written (a write asks the router for the primary), or runs inside a
  transaction of its own (an action);
- the replica has not yet replayed the reader's own last write: after a request that wrote (or
  any POST), the primary's WAL position goes into a cookie and, for a signed-in user, into the
  cache; a replica serves that reader only once it has replayed up to there;
- the replica is down, not streaming, or further behind than `LINLI_DB_REPLICA_MAX_LAG_SECONDS`.
  A probe answers that, cached for `LINLI_DB_REPLICA_CHECK_SECONDS` in Django's cache (shared by
  all processes with Redis); a replica that fails during a view is marked down and the view runs
  once more on the primary.

So a reader never gets a wrong answer about their own write, and every write goes to the primary.
"""

import contextlib
import dataclasses
import functools
import random
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections, models
from django.http import HttpRequest, HttpResponse

PRIMARY = "default"
COOKIE = "linli_db_lsn"
# The cookie outlives any lag a replica may have and still serve (MAX_LAG + CHECK): after that,
# every usable replica has replayed the write.
COOKIE_SECONDS = 60
# Who is signed in and with which rights is always read from the primary.
PRIMARY_ONLY_APPS = frozenset(
    {"accounts", "auth", "sessions", "contenttypes", "admin", "otp_totp", "otp_static", "otp_email", "axes"}
)

_PROBE_SQL = """
SELECT pg_is_in_recovery(),
       EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming'),
       pg_last_wal_replay_lsn()::text,
       COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)::float8
"""


@dataclasses.dataclass
class _State:
    request: HttpRequest | None = None
    depth: int = 0  # nested reads_from_replica blocks
    wrote: bool = False
    need_lsn: int | None = None  # the reader's last write on the primary (None: not looked up yet)
    chosen: str | None = None  # the replica this request reads from, once picked
    rechecked: bool = False


_View = TypeVar("_View", bound=Callable[..., Any])
_state: ContextVar[_State | None] = ContextVar("linli_dbrouter", default=None)


def replicas() -> list[str]:
    return list(getattr(settings, "LINLI_DB_REPLICAS", ()))


def lsn_value(text: str | None) -> int:
    """A WAL position ('16/B374D848') as a number; 0 for none."""
    if not text or "/" not in text:
        return 0
    high, low = text.split("/", 1)
    return (int(high, 16) << 32) + int(low, 16)


def primary_lsn() -> int:
    with connections[PRIMARY].cursor() as cur:
        cur.execute("SELECT pg_current_wal_lsn()::text")
        return lsn_value(cur.fetchone()[0])


def probe(alias: str) -> tuple[bool, int]:
    """(usable, replayed WAL position) of a replica, asked now: reachable, still a replica,
    streaming, and either caught up with the primary or behind by at most the allowed lag."""
    try:
        ahead = primary_lsn()
        with connections[alias].cursor() as cur:
            cur.execute(_PROBE_SQL)
            in_recovery, streaming, replayed, lag = cur.fetchone()
    except DatabaseError:
        connections[alias].close()
        return False, 0
    replayed_at = lsn_value(replayed)
    fresh = replayed_at >= ahead or lag <= settings.LINLI_DB_REPLICA_MAX_LAG_SECONDS
    return bool(in_recovery and streaming and fresh), replayed_at


def _cache_key(alias: str) -> str:
    return f"linli:dbrouter:replica:{alias}"


def replica_status(alias: str) -> tuple[bool, int]:
    """`probe`, kept for LINLI_DB_REPLICA_CHECK_SECONDS in the shared cache."""
    status = cache.get(_cache_key(alias))
    if status is None:
        status = probe(alias)
        cache.set(_cache_key(alias), status, settings.LINLI_DB_REPLICA_CHECK_SECONDS)
    return tuple(status)


def mark_down(alias: str) -> None:
    cache.set(_cache_key(alias), (False, 0), settings.LINLI_DB_REPLICA_CHECK_SECONDS)
    connections[alias].close()


def _user_key(request: HttpRequest | None) -> str:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    return f"linli:dbrouter:wrote:{user.pk}"


def _needed_lsn(state: _State) -> int:
    if state.need_lsn is None:
        need = 0
        if state.request is not None:
            raw = state.request.COOKIES.get(COOKIE, "")
            need = int(raw) if raw.isdigit() and len(raw) < 21 else 0
            key = _user_key(state.request)
            if key:
                need = max(need, int(cache.get(key) or 0))
        state.need_lsn = need
    return state.need_lsn


def _in_own_transaction() -> bool:
    # As Django's durable check: the test case's wrapping transaction does not count.
    return any(not getattr(block, "_from_testcase", False) for block in connections[PRIMARY].atomic_blocks)


def _pick(state: _State) -> str | None:
    need = _needed_lsn(state)
    candidates = replicas()
    random.shuffle(candidates)
    for alias in candidates:
        usable, replayed = replica_status(alias)
        if usable and replayed < need and not state.rechecked:
            state.rechecked = True  # once per request: has it caught up with the reader since?
            usable, replayed = probe(alias)
        if usable and replayed >= need:
            return alias
    return None


def replica_for_read(model: type[models.Model]) -> str | None:
    """The replica alias this read may use, or None for the primary."""
    state = _state.get()
    if state is None or state.depth == 0 or state.wrote:
        return None
    if model._meta.app_label in PRIMARY_ONLY_APPS or not replicas():
        return None
    if _in_own_transaction():
        return None
    if state.chosen is None:
        state.chosen = _pick(state) or PRIMARY
    return None if state.chosen == PRIMARY else state.chosen


class ReplicaRouter:
    """DATABASE_ROUTERS entry: replicas for marked reads, the primary for everything else."""

    def db_for_read(self, model: type[models.Model], **hints: Any) -> str | None:
        return replica_for_read(model)

    def db_for_write(self, model: type[models.Model], **hints: Any) -> str | None:
        state = _state.get()
        if state is not None:
            state.wrote = True
        return PRIMARY

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True  # the replicas hold the primary's rows

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return None if db == PRIMARY else False


@contextlib.contextmanager
def reads_from_replica() -> Iterator[_State]:
    """Inside this block, reads may go to a replica (see the module's rules)."""
    state = _state.get()
    token = None
    if state is None:  # outside a request (a job, a command)
        state = _State()
        token = _state.set(state)
    state.depth += 1
    try:
        yield state
    finally:
        state.depth -= 1
        if token is not None:
            _state.reset(token)


def replica_view(view: _View) -> _View:
    """A view whose reads may go to a replica. Its template is rendered inside (a TemplateResponse
    too); a streamed body is produced later, on the primary. When the replica fails during the
    view (and the view has not written), it is marked down and the view runs again on the primary."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        with reads_from_replica() as state:
            try:
                response = view(request, *args, **kwargs)
                render = getattr(response, "render", None)
                if render is not None and not getattr(response, "is_rendered", True):
                    render()
                return response
            except DatabaseError:
                if state.chosen in (None, PRIMARY) or state.wrote:
                    raise
                mark_down(state.chosen)
                state.chosen = PRIMARY
        return view(request, *args, **kwargs)

    return cast(_View, wrapped)


class ReplicaRoutingMiddleware:
    """Keeps each request's routing state, and remembers a request's write for its reader."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replicas():
            return self.get_response(request)
        state = _State(request=request)
        token = _state.set(state)
        try:
            response = self.get_response(request)
        finally:
            _state.reset(token)
        if state.wrote or request.method not in ("GET", "HEAD", "OPTIONS"):
            # Raw SQL writes do not pass the router: any POST counts as one.
            self._remember_write(request, response)
        return response

    def _remember_write(self, request: HttpRequest, response: HttpResponse) -> None:
        try:
            lsn = primary_lsn()
        except DatabaseError:
            return
        response.set_cookie(
            COOKIE,
            str(lsn),
            max_age=COOKIE_SECONDS,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
        key = _user_key(request)
        if key:
            cache.set(key, lsn, COOKIE_SECONDS)
