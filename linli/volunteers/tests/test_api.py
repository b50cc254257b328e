"""/api/v1/volunteers: staff register, the resident joins and signs up, checks in with the code on
the organiser's phone, the organiser signs off, the certificate verifies without login."""

import datetime as dt

import time_machine
from django.test import Client

from conftest import id_number
from linli.volunteers import checkin_code
from linli.volunteers.models import SignUp
from linli.volunteers.tests.conftest import END, NOW, START

API = "/api/v1/volunteers"


def _post(client, path, body=None):
    return client.post(f"{API}{path}", body or {}, content_type="application/json")


def test_register_list_and_refuse_a_duplicate(scene, tree, worker_a, login):
    client = login(worker_a)
    with time_machine.travel(NOW, tick=False):
        r = _post(
            client,
            "/roll",
            {
                "community_code": tree.community_a.code,
                "name": "孙悟",
                "id_number": id_number("19880808", "055"),
                "phone": "13912345678",
                "skills": ["it"],
            },
        )
        assert r.status_code == 201, r.content
        body = r.json()
        assert body["number"].startswith("V") and "*" in body["id_number"] and body["phone"] == "139****5678"
        again = _post(
            client,
            "/roll",
            {
                "community_code": tree.community_a.code,
                "name": "孙悟",
                "id_number": id_number("19880808", "055"),
            },
        )
        assert again.status_code == 409 and again.json()["code"] == "already_registered"
        bad = _post(
            client, "/roll", {"community_code": tree.community_a.code, "name": "x", "id_number": "1234"}
        )
        assert bad.status_code == 400 and "id_number" in bad.json()["fields"]
    listed = client.get(f"{API}/roll?community={tree.community_a.code}").json()
    assert listed["count"] == 4


def test_a_resident_signs_up_checks_in_by_code_and_the_organiser_signs_off(scene, resident, worker_a, login):
    me = login(resident)
    act = scene.activity.code
    with time_machine.travel(NOW, tick=False):
        assert me.get(f"{API}/activities").json()["count"] == 1
        r = _post(me, f"/activities/{act}/shifts/{scene.shift.pk}/signups")
        assert r.status_code == 201 and r.json()["status"] == "confirmed"
        signup_id = r.json()["id"]
        # The organiser's code is theirs alone.
        assert me.get(f"{API}/activities/{act}/shifts/{scene.shift.pk}/code").status_code == 404
    at = START + dt.timedelta(minutes=2)
    with time_machine.travel(at, tick=False):
        code = login(worker_a).get(f"{API}/activities/{act}/shifts/{scene.shift.pk}/code").json()["code"]
        assert code == checkin_code.current(scene.activity.qr_key, scene.shift.pk, at)
        stale = _post(me, f"/signups/{signup_id}/check-in", {"code": "AAAAAAAA"})
        assert stale.status_code == 409 and stale.json()["code"] == "bad_code"
        assert _post(me, f"/signups/{signup_id}/check-in", {"code": code}).status_code == 200
        assert _post(me, f"/signups/{signup_id}/check-in", {"code": code}).json()["checked_in_at"]
    with time_machine.travel(END, tick=False):
        out_code = checkin_code.current(scene.activity.qr_key, scene.shift.pk, END)
        assert _post(me, f"/signups/{signup_id}/check-out", {"code": out_code}).status_code == 200
        own = _post(me, f"/signups/{signup_id}/sign-off", {"minutes": 999})
        assert own.status_code in (403, 404)
        r = _post(login(worker_a), f"/signups/{signup_id}/sign-off", {})
        assert r.status_code == 200 and r.json()["minutes"] == 178
        hours = me.get(f"{API}/roll/{scene.me.number}/hours").json()
        assert hours["balance_minutes"] == 178 and hours["movements"][0]["kind"] == "earned"
        cert = _post(me, f"/roll/{scene.me.number}/certificates")
        assert cert.status_code == 201
    public = Client().get(f"{API}/certificates/{cert.json()['code']}")
    assert public.status_code == 200 and public.json()["hours"] == 3.0
    assert Client().get(f"{API}/certificates/NOSUCHCODE12").status_code == 404


def test_two_redemptions_too_many_for_the_balance_answer_409(scene, resident, worker_a, login):
    from linli.volunteers import actions

    actions.hours_carry_over(actor=worker_a, volunteer=scene.me, minutes=60, reason="台账", now=NOW)
    me = login(resident)
    with time_machine.travel(NOW, tick=False):
        assert (
            _post(me, f"/roll/{scene.me.number}/redemptions", {"minutes": 45, "service": "助浴"}).status_code
            == 201
        )
        r = _post(me, f"/roll/{scene.me.number}/redemptions", {"minutes": 45, "service": "助浴"})
    assert r.status_code == 409 and r.json()["code"] == "no_balance"


def test_share_and_export(scene, tree, street_officer, worker_a, login):
    with time_machine.travel(NOW, tick=False):
        r = login(street_officer).get(f"{API}/share/{tree.street.code}").json()
        assert r["total"]["volunteers"] == 3 and r["target"] == 0.15
        a = next(b for b in r["below"] if b["area_code"] == tree.community_a.code)
        assert a["volunteers"] == 3
        rows = login(worker_a).get(f"{API}/export/{tree.community_a.code}").json()["items"]
    assert {x["number"] for x in rows} == {scene.me.number, scene.other.number, scene.third.number}
    assert all("*" in x["id_number"] for x in rows)


def test_signups_are_not_visible_to_another_resident_of_the_city(scene, resident, tree, login):
    from linli.accounts.actions import user_create
    from linli.accounts.roles import Role

    stranger = user_create(
        actor=None,
        display_name="丙",
        username="c_res",
        password="correct-horse-42",
        role=Role.RESIDENT,
        area=tree.community_c,
    )
    entry = SignUp.objects.create(shift=scene.shift, volunteer=scene.me, status="confirmed", signed_up_at=NOW)
    c = login(stranger)
    assert c.get(f"{API}/activities/{scene.activity.code}").status_code == 404
    assert _post(c, f"/signups/{entry.pk}/cancel").status_code == 404
    assert c.get(f"{API}/roll/{scene.me.number}/hours").status_code == 404
