from linli.registry.queries import CappedPaginator


def test_a_broad_search_says_more_than_the_cap(household_a, worker_a, login, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "CAP", 1)
    client = login(worker_a)
    body = client.post("/api/v1/registry/residents/search", {"q": ""}, content_type="application/json").json()
    assert body["count"] == 1 and body["count_capped"] is True
    page = client.get("/registry/", {"q": ""}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "More than 1 residents" in page


def test_a_narrow_search_counts_exactly(household_a, worker_a, login):
    body = (
        login(worker_a)
        .post("/api/v1/registry/residents/search", {"q": "王"}, content_type="application/json")
        .json()
    )
    assert body["count"] == 1 and body["count_capped"] is False
