from linli.audit.chain import record


def test_worker_sees_events_of_own_community_only(tree, worker_a, login):
    record(actor=None, action="test.in_a", area=tree.community_a)
    record(actor=None, action="test.in_b", area=tree.community_b)
    page = login(worker_a).get("/audit/").content.decode()
    assert "test.in_a" in page
    assert "test.in_b" not in page


def test_street_officer_sees_both_communities(tree, street_officer, login):
    record(actor=None, action="test.in_a", area=tree.community_a)
    record(actor=None, action="test.in_b", area=tree.community_b)
    record(actor=None, action="test.in_c", area=tree.community_c)
    page = login(street_officer).get("/audit/").content.decode()
    assert "test.in_a" in page and "test.in_b" in page
    assert "test.in_c" not in page


def test_events_without_area_only_for_the_city(tree, worker_a, city_admin, login):
    record(actor=None, action="test.global")
    assert "test.global" not in login(worker_a).get("/audit/").content.decode()
    assert "test.global" in login(city_admin).get("/audit/").content.decode()


def test_resident_has_no_audit_log(resident, login):
    assert login(resident).get("/audit/").status_code == 404


def test_audit_api_is_scoped(tree, worker_a, login):
    record(actor=None, action="test.in_a", area=tree.community_a)
    record(actor=None, action="test.in_b", area=tree.community_b)
    body = login(worker_a).get("/api/v1/audit").json()
    actions = {e["action"] for e in body["items"]}
    assert "test.in_a" in actions and "test.in_b" not in actions
