from linli.registry.queries import CappedPaginator


def test_a_broad_search_says_more_than_the_cap(household_a, worker_a, login, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "CAP", 1)
    client = login(worker_a)
    body = client.get("/api/v1/registry/residents?q=").json()
    assert body["count"] == 1 and body["count_capped"] is True
    page = client.get("/registry/", {"q": ""}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "More than 1 residents" in page


def test_a_narrow_search_counts_exactly(household_a, worker_a, login):
    body = login(worker_a).get("/api/v1/registry/residents?q=王").json()
    assert body["count"] == 1 and body["count_capped"] is False
