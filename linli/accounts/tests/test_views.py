from linli.accounts.models import RoleGrant, User
from linli.audit.models import AuditEvent


def test_worker_lists_people_of_own_community_only(tree, worker_a, worker_b, resident, login):
    page = login(worker_a).get("/account/people/").content.decode()
    assert "居民王" in page and "工作者乙" not in page
    assert "138****0001" in page and "13800000001" not in page


def test_street_officer_lists_both_communities(tree, worker_a, worker_b, street_officer, login):
    page = login(street_officer).get("/account/people/").content.decode()
    assert "工作者甲" in page and "工作者乙" in page


def test_worker_cannot_open_someone_of_another_community(tree, worker_a, worker_b, login):
    assert login(worker_a).get(f"/account/people/{worker_b.pk}/").status_code == 404


def test_reveal_needs_a_reason_and_is_audited(tree, worker_a, resident, login):
    client = login(worker_a)
    url = f"/account/reveal/accounts.user.phone/{resident.pk}/"
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 400 and "13800000001" not in refused.content.decode()
    shown = client.post(url, {"reason": "回访核实联系方式"})
    assert shown.status_code == 200 and "13800000001" in shown.content.decode()
    event = AuditEvent.objects.get(action="pii.revealed")
    assert event.actor == worker_a and event.details["reason"] == "回访核实联系方式"
    assert event.area == tree.community_a


def test_reveal_outside_is_404_and_leaves_nothing(tree, worker_b, resident, login):
    url = f"/account/reveal/accounts.user.phone/{resident.pk}/"
    response = login(worker_b).post(url, {"reason": "好奇看看"})
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="pii.revealed").exists()


def test_resident_cannot_reveal(tree, worker_a, resident, login):
    url = f"/account/reveal/accounts.user.phone/{worker_a.pk}/"
    assert login(resident).post(url, {"reason": "想知道电话"}).status_code == 404


def test_director_creates_a_worker_in_own_community(tree, street_officer, login):
    response = login(street_officer).post(
        "/account/people/new/",
        {
            "display_name": "新同事",
            "username": "new_worker",
            "phone": "13700000009",
            "password": "a-good-pass-99",
            "role": "worker",
            "area_code": "110105001002",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="new_worker")
    assert RoleGrant.objects.filter(user=user, role="worker", area=tree.community_b).exists()


def test_cannot_create_accounts_outside_own_area(tree, street_officer, login):
    response = login(street_officer).post(
        "/account/people/new/",
        {
            "display_name": "外人",
            "username": "outsider",
            "phone": "",
            "password": "a-good-pass-99",
            "role": "worker",
            "area_code": "110105002001",
        },
    )
    assert response.status_code == 400
    assert 'value="外人"' in response.content.decode()
    assert not User.objects.filter(username="outsider").exists()


def test_bad_phone_is_explained_in_chinese(tree, street_officer, login):
    response = login(street_officer).post(
        "/account/people/new/",
        {
            "display_name": "新人",
            "username": "newbie",
            "phone": "12345",
            "password": "a-good-pass-99",
            "role": "worker",
            "area_code": "110105001001",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400 and "手机号" in page and 'value="12345"' in page


def test_worker_cannot_give_roles(tree, worker_a, resident, login):
    response = login(worker_a).post(
        f"/account/people/{resident.pk}/grants/", {"role": "worker", "area_code": "110105001001"}
    )
    assert response.status_code == 404
    assert not RoleGrant.objects.filter(user=resident, role="worker").exists()
