"""The registry's tasks on the home page: counted by the scoped queries of the pages they link to."""

from linli.registry import actions


def _tile(tiles, url):
    found = [t for t in tiles if t.url == url]
    assert len(found) == 1, [t.url for t in tiles]
    return found[0]


def test_a_reported_change_shows_on_the_workers_home_and_not_in_another_community(
    household_a, resident, worker_a, worker_b, login
):
    actions.resident_link_account(actor=worker_a, resident=household_a.head, user=resident)
    assert _tile(login(worker_a).get("/").context["tiles"], "/registry/reports/").count == 0
    actions.change_report_submit(
        actor=resident, kind="new_phone", subject=household_a.head, phone="13912345678"
    )
    client = login(worker_a)
    reports = _tile(client.get("/").context["tiles"], "/registry/reports/")
    assert reports.count == 1
    assert "王建国" in client.get(reports.url).content.decode()
    assert _tile(login(worker_b).get("/").context["tiles"], "/registry/reports/").count == 0


def test_visits_due_are_on_the_workers_home(worker_a, login):
    visits = _tile(login(worker_a).get("/").context["tiles"], "/registry/visits/")
    assert visits.count == 0
    assert login(worker_a).get(visits.url).status_code == 200


def test_the_resident_finds_their_household(household_a, resident, worker_a, login):
    actions.resident_link_account(actor=worker_a, resident=household_a.head, user=resident)
    tile = _tile(login(resident).get("/").context["tiles"], "/registry/mine/")
    assert login(resident).get(tile.url).status_code == 200


def test_officers_above_the_community_get_no_registry_tasks(street_officer, login):
    urls = [t.url for t in login(street_officer).get("/").context["tiles"]]
    assert not any(u.startswith("/registry/") for u in urls)
