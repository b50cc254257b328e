"""Which reads the router sends to a replica, with the replica's state stood in for.

The same rules against a real streaming replica: test_replica_live.py (PostgreSQL, .ci/run).
"""

import pytest
from django.core.cache import cache
from django.db import OperationalError, router, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from linli.accounts.models import User
from linli.areas.models import Area
from linli.common import dbrouter
from linli.common.dbrouter import COOKIE, ReplicaRoutingMiddleware, reads_from_replica, replica_view
from linli.tickets.models import Ticket


@pytest.fixture
def replica(settings, monkeypatch):
    """One replica, usable, that has replayed the primary's WAL up to position 100."""
    settings.LINLI_DB_REPLICAS = ["replica1"]
    state = {"status": (True, 100), "probes": 0}
    monkeypatch.setattr(dbrouter, "replica_status", lambda alias: state["status"])

    def probe(alias):
        state["probes"] += 1
        return state["status"]

    monkeypatch.setattr(dbrouter, "probe", probe)
    monkeypatch.setattr(dbrouter, "primary_lsn", lambda: 150)
    cache.clear()
    return state


def test_without_replicas_every_read_goes_to_the_primary(settings):
    settings.LINLI_DB_REPLICAS = []
    with reads_from_replica():
        assert router.db_for_read(Area) == "default"


def test_only_marked_reads_go_to_the_replica(replica):
    assert router.db_for_read(Area) == "default"
    with reads_from_replica():
        assert router.db_for_read(Area) == "replica1"
        assert router.db_for_read(Ticket) == "replica1"
    assert router.db_for_read(Area) == "default"


def test_who_is_signed_in_is_always_read_from_the_primary(replica):
    with reads_from_replica():
        assert router.db_for_read(User) == "default"


def test_after_its_own_write_a_block_reads_from_the_primary(replica):
    with reads_from_replica():
        assert router.db_for_write(Area) == "default"
        assert router.db_for_read(Area) == "default"


@pytest.mark.django_db
def test_inside_a_transaction_of_its_own_reads_go_to_the_primary(replica):
    with reads_from_replica(), transaction.atomic():
        assert router.db_for_read(Area) == "default"


def test_a_replica_that_is_down_or_lagging_is_passed_over(replica):
    replica["status"] = (False, 0)
    with reads_from_replica():
        assert router.db_for_read(Area) == "default"


def _request(cookie: str = ""):
    request = RequestFactory().get("/")
    if cookie:
        request.COOKIES[COOKIE] = cookie
    return request


def test_a_reader_whose_write_the_replica_has_not_replayed_reads_from_the_primary(replica):
    seen = {}

    def view(request):
        with reads_from_replica():
            seen["alias"] = router.db_for_read(Area)
        return HttpResponse()

    ReplicaRoutingMiddleware(view)(_request(cookie="120"))  # wrote at 120, replica at 100
    assert seen["alias"] == "default"
    assert replica["probes"] == 1  # asked again once, in case it caught up since the last probe

    replica["status"] = (True, 130)
    ReplicaRoutingMiddleware(view)(_request(cookie="120"))
    assert seen["alias"] == "replica1"


def test_a_request_that_writes_leaves_its_position_for_the_next_one(replica):
    def writes(request):
        router.db_for_write(Area)
        return HttpResponse()

    def reads(request):
        return HttpResponse()

    assert ReplicaRoutingMiddleware(writes)(_request()).cookies[COOKIE].value == "150"
    assert COOKIE not in ReplicaRoutingMiddleware(reads)(_request()).cookies
    posted = RequestFactory().post("/")
    assert ReplicaRoutingMiddleware(reads)(posted).cookies[COOKIE].value == "150"  # raw SQL may write


def test_a_view_whose_replica_fails_runs_again_on_the_primary(replica, monkeypatch):
    downs = []
    monkeypatch.setattr(dbrouter, "mark_down", downs.append)
    calls = []

    @replica_view
    def view(request):
        alias = router.db_for_read(Area)
        calls.append(alias)
        if alias == "replica1":
            raise OperationalError("replica went away")
        return HttpResponse(alias)

    response = ReplicaRoutingMiddleware(view)(_request())
    assert calls == ["replica1", "default"]
    assert downs == ["replica1"]
    assert response.content == b"default"


def test_a_view_that_wrote_is_not_run_twice(replica, monkeypatch):
    monkeypatch.setattr(dbrouter, "mark_down", lambda alias: None)
    calls = []

    @replica_view
    def view(request):
        alias = router.db_for_read(Area)
        calls.append(alias)
        router.db_for_write(Area)
        raise OperationalError("failed after a write")

    with pytest.raises(OperationalError):
        ReplicaRoutingMiddleware(view)(_request())
    assert calls == ["replica1"]


def test_wal_positions_compare_as_numbers():
    assert dbrouter.lsn_value("0/3000000") == 0x3000000
    assert dbrouter.lsn_value("16/B374D848") > dbrouter.lsn_value("9/FFFFFFFF")
    assert dbrouter.lsn_value(None) == 0


@pytest.fixture
def asked(replica, monkeypatch):
    """The models whose reads asked for a replica (then served from the primary)."""
    labels = []

    def pick(state):
        return None

    real = dbrouter.replica_for_read

    def spy(model):
        state = dbrouter._state.get()
        if state is not None and state.depth:
            labels.append(model._meta.label)
        return real(model)

    monkeypatch.setattr(dbrouter, "_pick", pick)
    monkeypatch.setattr(dbrouter, "replica_for_read", spy)
    return labels


def test_the_public_board_may_read_from_a_replica(client, tree, asked):
    assert client.get(reverse("public:index", kwargs={"code": tree.community_a.code})).status_code == 200
    assert "areas.Area" in asked


def test_rates_and_the_registry_search_may_read_from_a_replica(login, worker_a, asked):
    client = login(worker_a)
    assert client.get(reverse("tickets:rates")).status_code == 200
    assert "tickets.Ticket" in asked
    asked.clear()
    assert client.get(reverse("registry:search")).status_code == 200
    assert "registry.Resident" in asked


def test_the_indicators_dashboard_may_read_from_a_replica(login, worker_a, tree, asked):
    client = login(worker_a)
    assert (
        client.get(reverse("indicators:dashboard", kwargs={"code": tree.community_a.code})).status_code == 200
    )
    assert "areas.Area" in asked
