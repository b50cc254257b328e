"""The stored volunteer share: a full refresh, then one community recounted after a registration
with its difference carried to the street, district and city rows."""

from conftest import id_number
from linli.volunteers import actions, share
from linli.volunteers.models import ShareSnapshot
from linli.volunteers.tests.conftest import NOW


def _row(area):
    return ShareSnapshot.objects.get(area=area)


def test_full_then_incremental_refresh_match_a_live_count(scene, tree, worker_a, worker_b):
    share.refresh_all(now=NOW)
    a, city = _row(tree.community_a), _row(tree.city)
    assert a.volunteers == 3 and city.volunteers == 3
    assert a.residents == share.by_community(tree.community_a, now=NOW)[0].residents
    assert city.communities == len(share.by_community(tree.city, now=NOW))
    actions.volunteer_register(
        actor=worker_b,
        community=tree.community_b,
        name="孙丽",
        id_number=id_number("19920707", "055"),
        now=NOW,
    )
    share.refresh_community(tree.community_b.pk, now=NOW)
    assert _row(tree.community_b).volunteers == 1
    assert _row(tree.street).volunteers == 4 and _row(tree.city).volunteers == 4
    assert _row(tree.community_a).volunteers == 3  # untouched
    actions.volunteer_leave(actor=worker_a, volunteer=scene.other, now=NOW)
    share.refresh_community(tree.community_a.pk, now=NOW)
    assert _row(tree.community_a).volunteers == 2 and _row(tree.city).volunteers == 3
    total, _below = share.rolled_up(tree.city, now=NOW)
    assert total.volunteers == _row(tree.city).volunteers
    assert total.at_target == _row(tree.city).at_target


def test_a_registration_queues_the_recount_after_commit(
    scene, tree, worker_a, django_capture_on_commit_callbacks
):
    share.refresh_all(now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        actions.volunteer_register(
            actor=worker_a,
            community=tree.community_a,
            name="周强",
            id_number=id_number("19930808", "066"),
            now=NOW,
        )
    assert _row(tree.community_a).volunteers == 4 and _row(tree.district).volunteers == 4


def test_the_api_reads_the_stored_figures(scene, tree, worker_a, login):
    client = login(worker_a)
    live = client.get(f"/api/v1/volunteers/share/{tree.community_a.code}?stored=true").json()
    assert live["computed_at"] is None and live["total"]["volunteers"] == 3  # nothing stored yet: live
    share.refresh_all(now=NOW)
    body = client.get(f"/api/v1/volunteers/share/{tree.community_a.code}?stored=true").json()
    assert body["computed_at"] is not None and body["total"]["volunteers"] == 3
