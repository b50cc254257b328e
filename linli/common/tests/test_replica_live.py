"""The router against a real streaming replica: caught up, lagging (replay paused) and down.

These run only on PostgreSQL with a replica configured (`DATABASE_REPLICA_URLS`): `.ci/run` starts
one with tools/pg_replica.sh. The rows must be committed to reach the replica, so these tests are
transactional; the replica's connection is pointed at the replica's copy of the test database.
"""

import time

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connections, router
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from linli.areas.actions import area_create
from linli.areas.models import Area
from linli.common import dbrouter
from linli.common.dbrouter import COOKIE, ReplicaRoutingMiddleware, reads_from_replica

pytestmark = [
    pytest.mark.skipif(
        "replica1" not in django_settings.DATABASES
        or django_settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
        reason="needs PostgreSQL and a streaming replica (DATABASE_REPLICA_URLS)",
    ),
    pytest.mark.django_db(transaction=True, databases=["default", "replica1"]),
]


@pytest.fixture
def replica(settings):
    """replica1 reads the replica's copy of the test database; routing on."""
    conn = connections["replica1"]
    mirrored = conn.settings_dict  # the test runner made it the primary's (TEST MIRROR)
    configured = settings.DATABASES["replica1"]
    conn.close()
    conn.settings_dict = {**mirrored, "HOST": configured["HOST"], "PORT": configured["PORT"]}
    settings.LINLI_DB_REPLICAS = ["replica1"]
    settings.LINLI_DB_REPLICA_MAX_LAG_SECONDS = 60
    cache.clear()
    replica_settings = conn.settings_dict
    yield conn
    conn.close()
    conn.settings_dict = replica_settings
    _replica_sql(conn, "SELECT pg_wal_replay_resume()")
    conn.close()
    conn.settings_dict = mirrored
    cache.clear()


def _replica_sql(conn, sql):
    with conn.cursor() as cur:
        cur.execute(sql)
        return cur.fetchone()[0]


def _caught_up(conn) -> None:
    target = dbrouter.primary_lsn()
    for _ in range(100):
        if dbrouter.lsn_value(_replica_sql(conn, "SELECT pg_last_wal_replay_lsn()::text")) >= target:
            return
        time.sleep(0.05)
    raise AssertionError("the replica did not catch up within 5 s")


def _paused(conn) -> None:
    """Replay paused just after a fresh commit (so the lag clock starts now, not at the last write)."""
    with connections["default"].cursor() as cur:
        cur.execute("SELECT txid_current()")
    _caught_up(conn)
    _replica_sql(conn, "SELECT pg_wal_replay_pause()")
    for _ in range(100):
        if _replica_sql(conn, "SELECT pg_get_wal_replay_pause_state()") == "paused":
            return
        time.sleep(0.05)
    raise AssertionError("the replica's replay did not pause")


def _read(cookie: str = "") -> tuple[str, bool]:
    """A request reading the city's row in a marked block: (alias used, whether the row was seen)."""
    seen = {}

    def view(request):
        with reads_from_replica():
            seen["alias"] = router.db_for_read(Area)
            seen["found"] = Area.objects.filter(code="110000").exists()
        return HttpResponse()

    request = RequestFactory().get("/")
    if cookie:
        request.COOKIES[COOKIE] = cookie
    ReplicaRoutingMiddleware(view)(request)
    return seen["alias"], seen["found"]


def _write() -> str:
    """A request that creates the city through its action; the cookie it leaves."""

    def view(request):
        area_create(actor=None, code="110000", name="北京市")
        return HttpResponse()

    return ReplicaRoutingMiddleware(view)(RequestFactory().post("/")).cookies[COOKIE].value


def test_a_caught_up_replica_serves_marked_reads(replica):
    area_create(actor=None, code="110000", name="北京市")
    _caught_up(replica)
    with CaptureQueriesContext(replica) as on_replica:
        assert _read() == ("replica1", True)
    assert any("areas_area" in q["sql"] for q in on_replica.captured_queries)


def test_while_the_replica_lags_the_writer_reads_its_write_from_the_primary(replica, settings):
    _paused(replica)
    cookie = _write()
    # Within the allowed lag, a stranger may read the replica's older state...
    assert _read() == ("replica1", False)
    # ...the writer never does: the replica has not replayed their write.
    assert _read(cookie) == ("default", True)
    # Once the lag passes the limit, nobody reads the replica.
    settings.LINLI_DB_REPLICA_MAX_LAG_SECONDS = 0
    cache.clear()
    assert _read() == ("default", True)
    _replica_sql(replica, "SELECT pg_wal_replay_resume()")
    _caught_up(replica)
    settings.LINLI_DB_REPLICA_MAX_LAG_SECONDS = 60
    cache.clear()
    assert _read(cookie) == ("replica1", True)


def test_a_replica_that_is_down_leaves_every_read_on_the_primary(replica):
    area_create(actor=None, code="110000", name="北京市")
    replica.close()
    replica.settings_dict = {**replica.settings_dict, "PORT": 1}  # nothing listens there
    started = time.monotonic()
    assert _read() == ("default", True)
    assert _read() == ("default", True)  # the verdict is cached: one failed connection, not two
    assert time.monotonic() - started < 3
