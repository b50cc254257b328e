"""The worker's ticket list as plain rows: the API's busiest read.

`list_rows` builds a page of dicts from `values_list` (no model instances); on PostgreSQL,
`worker_page_json` has the database write the JSON through one prepared statement.
Scoping is `queries.worker_list` / `queries.community_ids`, the same as every other read.
"""

import datetime as dt
from collections.abc import Set as AbstractSet
from typing import Any

import psycopg
from django.db.models import QuerySet
from django.utils import timezone

from linli.accounts.models import User
from linli.tickets import calendar
from linli.tickets.models import OPEN_STATUSES, Ticket
from linli.tickets.queries import community_ids, worker_list

ROW_FIELDS = (
    "code",
    "kind",
    "channel",
    "status",
    "level",
    "category__code",
    "community__code",
    "title",
    "submitted_at",
    "response_due",
    "due_at",
    "assignee__display_name",
    "assignee__username",
    "supervised",
)


def _iso(moment: dt.datetime) -> str:
    """ISO 8601 as PostgreSQL writes it in JSON (`_PG_ROW`): the fraction of a second without
    trailing zeros, none when whole (12:34:56.1+00:00), so both ways of building a page agree."""
    text = moment.isoformat()
    if moment.microsecond:
        head, offset = text[:26], text[26:]  # YYYY-MM-DDTHH:MM:SS.ffffff, then the offset
        text = head.rstrip("0") + offset
    return text


def _row(values: Any, open_: AbstractSet[str], now: dt.datetime, cal: calendar.Calendar) -> dict[str, Any]:
    (code, kind, channel, status, level, category, community, title, submitted, response_due, due) = values[
        :11
    ]
    assignee_name, assignee_username, supervised = values[11:]
    return {
        "code": code,
        "kind": kind,
        "channel": channel,
        "status": status,
        "level": level,
        "category": category,
        "community": community,
        "title": title,
        "submitted_at": _iso(submitted),
        "response_due": _iso(response_due),
        "due_at": _iso(due),
        "due_provisional": cal.provisional(submitted, due),
        "assignee": assignee_name or assignee_username,
        "supervised": supervised,
        "overdue": status in open_ and due < now,
    }


def list_rows(
    qs: QuerySet[Ticket], *, offset: int, limit: int, now: dt.datetime | None = None
) -> tuple[list[dict[str, Any]], bool]:
    """One page of a ticket list as plain dicts (the API's hot path: no model instances).

    Returns the rows and whether there are more after them.
    """
    now = now or timezone.now()
    open_ = set(OPEN_STATUSES)
    cal = calendar.current()
    rows = [_row(v, open_, now, cal) for v in qs.values_list(*ROW_FIELDS)[offset : offset + limit + 1]]
    return rows[:limit], len(rows) > limit


# (database alias, number of communities, offset, limit) → the SQL Django compiles for
# `Ticket.objects.filter(community_id__in=ids).order_by("-submitted_at")
# .values_list(*ROW_FIELDS)[offset:offset+limit+1]`, compiled once with stand-in ids; None when
# the ids are not its only parameters.
_PAGE_SQL: dict[tuple[str, int, int, int], str | None] = {}

# `_row` as PostgreSQL writes it, over the columns of ROW_FIELDS named c0…c13: the same keys and
# values (timestamps in ISO 8601 in the session's UTC; a test compares both). The database
# writes the JSON, so no timestamp is parsed and no row built in Python on the busiest read.
# `due_provisional`: some Beijing year from submission to deadline is not among the years with a
# notice (the second parameter), as `Calendar.provisional`.
_PG_ROW = (
    "SELECT json_build_object('code', c0, 'kind', c1, 'channel', c2, 'status', c3, 'level', c4,"
    " 'category', c5, 'community', c6, 'title', c7, 'submitted_at', c8, 'response_due', c9,"
    " 'due_at', c10, 'due_provisional', EXISTS (SELECT 1 FROM generate_series("
    "extract(year FROM c8 AT TIME ZONE 'Asia/Shanghai')::int,"
    " extract(year FROM c10 AT TIME ZONE 'Asia/Shanghai')::int) AS y WHERE y <> ALL(%s::int[])),"
    " 'assignee', coalesce(nullif(c11, ''), c12), 'supervised', c13,"
    " 'overdue', c3 IN ({}) AND c10 < %s)::text FROM ({}) AS page({})"
)
if not all(status.isidentifier() for status in OPEN_STATUSES):  # written into the SQL as literals
    raise ImportError("ticket statuses must be plain identifiers")


def _page_sql(alias: str, n: int, offset: int, limit: int) -> str | None:
    key = (alias, n, offset, limit)
    if key not in _PAGE_SQL:
        stand_ins = [-(i + 1) for i in range(n)]
        qs = Ticket.objects.using(alias).filter(community_id__in=stand_ins).order_by("-submitted_at")
        qs = qs.values_list(*ROW_FIELDS)[offset : offset + limit + 1]
        sql, params = qs.query.get_compiler(using=alias).as_sql()
        compiled = None
        if list(params) == stand_ins:  # the ids are the only parameters, in order
            names = ", ".join(f"c{i}" for i in range(len(ROW_FIELDS)))
            open_ = ", ".join(f"'{status}'" for status in OPEN_STATUSES)
            compiled = _PG_ROW.format(open_, sql, names)
        if len(_PAGE_SQL) > 1000:
            _PAGE_SQL.clear()
        _PAGE_SQL[key] = compiled
    return _PAGE_SQL[key]


class _PreparingCursor(psycopg.Cursor[Any]):
    def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
        return super().execute(query, params, prepare=True, **kwargs)


def _prepared_cursor(connection: Any) -> Any:
    """A cursor on `connection` whose statements PostgreSQL plans once per connection.

    Django's own cursors bind parameters on the client, so the server plans every query anew
    (for the page: 0.4 ms of planning for 0.1 ms of work). This one binds on the server and
    prepares; Django still wraps it (query log, error translation). The connection's
    `prepare_threshold` (settings) is what lets psycopg prepare; with PgBouncer in transaction
    mode, prepared statements need PgBouncer ≥ 1.21 with `max_prepared_statements` set; where
    that is not so, `LINLI_DB_PREPARE=0` turns them off. Without kept connections
    (`CONN_MAX_AGE` 0) preparing would only add a round trip: a plain cursor then.
    """
    from django.conf import settings

    if not settings.LINLI_DB_PREPARE or not connection.settings_dict.get("CONN_MAX_AGE"):
        return connection.cursor()
    connection.ensure_connection()
    raw = _PreparingCursor(connection.connection)
    return connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)


def worker_page(
    viewer: User,
    *,
    status: str = "",
    mine: bool = False,
    overdue: bool = False,
    supervised: bool = False,
    q: str = "",
    offset: int = 0,
    limit: int = 20,
    now: dt.datetime | None = None,
) -> tuple[list[dict[str, Any]], bool]:
    """One page of `worker_list` as plain dicts (see `_row`), and whether more follow."""
    qs = worker_list(viewer, status=status, mine=mine, overdue=overdue, supervised=supervised, q=q, now=now)
    return list_rows(qs, offset=offset, limit=limit, now=now)


def worker_page_json(viewer: User, *, offset: int = 0, limit: int = 20, **filters: Any) -> tuple[str, bool]:
    """`worker_page` as a JSON array (text), and whether more follow: the API's busiest read.

    On PostgreSQL the plain list of a staff member's communities (no filter) runs one prepared
    statement that returns each row as JSON (`_PG_ROW`); everything else goes through
    `worker_page`. Both are scoped the same way: `community_ids` is `tickets_for`'s reach.
    """
    import json

    from django.db import connections, router

    now = filters.pop("now", None) or timezone.now()
    alias = router.db_for_read(Ticket)
    connection = connections[alias]
    ids = None
    if connection.vendor == "postgresql" and not any(filters.values()):
        ids = list(dict.fromkeys(community_ids(viewer) or ()))
    sql = _page_sql(alias, len(ids), offset, limit) if ids else None
    if ids and sql:
        with _prepared_cursor(connection) as cursor:
            cursor.execute(sql, [sorted(calendar.current().covered), now, *ids])
            fetched = cursor.fetchall()
        return "[" + ",".join(row[0] for row in fetched[:limit]) + "]", len(fetched) > limit
    rows, more = worker_page(viewer, offset=offset, limit=limit, now=now, **filters)
    return json.dumps(rows, ensure_ascii=False), more
