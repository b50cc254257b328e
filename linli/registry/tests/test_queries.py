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


def test_an_eighty_six_year_old_registered_today_is_due_for_a_first_visit_not_overdue_since_2022(
    tree, building_a, dwelling_a, worker_a
):
    import datetime as dt

    from conftest import id_number
    from linli.registry.actions import PersonData, building_assign, household_register
    from linli.registry.models import DEFAULT_VISIT_DAYS
    from linli.registry.queries import visits_due

    now = dt.datetime(2028, 5, 11, 10, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    building_assign(actor=worker_a, building=building_a, worker=worker_a)
    household_register(
        actor=worker_a,
        community=tree.community_a,
        dwelling=dwelling_a,
        head=PersonData(name="赵奶奶", id_number=id_number("19420301", "022")),  # 80 in March 2022
        now=now,
    )
    (due,) = visits_due(worker_a, today=now.date(), window_days=30)
    assert due.due == now.date() + dt.timedelta(days=DEFAULT_VISIT_DAYS["aged_80"])
    assert not due.overdue
