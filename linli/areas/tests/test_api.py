from linli.areas.models import Area


def test_list_is_scoped_to_the_worker(tree, worker_a, login):
    body = login(worker_a).get("/api/v1/areas").json()
    codes = {a["code"] for a in body["items"]}
    assert codes == {"110105001001", "110105001001-01"}


def test_street_officer_lists_both_communities(tree, street_officer, login):
    body = login(street_officer).get("/api/v1/areas?level=community").json()
    assert {a["code"] for a in body["items"]} == {"110105001001", "110105001002"}


def test_outside_area_is_404_with_the_error_shape(tree, worker_a, login):
    response = login(worker_a).get("/api/v1/areas/110105001002")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": response.json()["message"], "fields": {}}


def test_outsider_cannot_create_below_another_district(tree, district_officer, login):
    client = login(district_officer)
    response = client.post(
        "/api/v1/areas", {"code": "110101001000", "name": "东华门街道"}, content_type="application/json"
    )
    assert response.status_code == 404
    assert not Area.objects.filter(code="110101001000").exists()


def test_create_in_reach(tree, district_officer, login):
    response = login(district_officer).post(
        "/api/v1/areas", {"code": "110105003000", "name": "呼家楼街道"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["parent_code"] == "110105"


def test_bad_code_gives_the_error_shape(tree, district_officer, login):
    response = login(district_officer).post(
        "/api/v1/areas", {"code": "12", "name": "x"}, content_type="application/json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_area" and "code" in body["fields"]


def test_anonymous_gets_401(tree, client):
    response = client.get("/api/v1/areas")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
