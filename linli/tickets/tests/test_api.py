import datetime as dt

import time_machine

from linli.accounts.actions import api_token_create
from linli.tickets import actions
from linli.tickets.models import Status, Ticket


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def test_resident_submits_and_sees_only_their_own(tree, resident, worker_a, login, make_ticket):
    client = login(resident)
    response = post(
        client,
        "/api/v1/tickets",
        {"community": tree.community_a.code, "category": "neighbours-leak", "description": "漏水"},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "submitted" and body["contact_phone"].startswith("138")
    make_ticket(actor=worker_a, channel="walk_in", contact_phone="13700000001")
    codes = [t["code"] for t in client.get("/api/v1/tickets?status=").json()["items"]]
    assert codes == [body["code"]]


def test_worker_list_is_scoped_and_paged(make_ticket, worker_a, worker_b, login):
    for _ in range(3):
        make_ticket()
    page = login(worker_a).get("/api/v1/tickets?limit=2").json()
    assert len(page["items"]) == 2 and page["next_offset"] == 2
    assert login(worker_b).get("/api/v1/tickets").json()["items"] == []


def test_outsider_gets_404_for_ticket_and_steps(ticket, worker_b, login):
    client = login(worker_b)
    assert client.get(f"/api/v1/tickets/{ticket.code}").status_code == 404
    response = post(client, f"/api/v1/tickets/{ticket.code}/accept")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert Ticket.objects.get(pk=ticket.pk).status == Status.SUBMITTED


def test_lifecycle_through_the_api(ticket, worker_a, resident, login):
    w = login(worker_a)
    assert post(w, f"/api/v1/tickets/{ticket.code}/accept").json()["status"] == "accepted"
    conflict = post(w, f"/api/v1/tickets/{ticket.code}/accept")
    assert conflict.status_code == 409 and conflict.json()["code"] == "wrong_status"
    assert (
        post(w, f"/api/v1/tickets/{ticket.code}/resolve", {"resolution": "修好了"}).json()["status"]
        == "resolved"
    )
    r = login(resident)
    done = post(r, f"/api/v1/tickets/{ticket.code}/evaluate", {"resolved": True, "satisfaction": "satisfied"})
    assert done.json()["status"] == "closed"
    kinds = [e["kind"] for e in r.get(f"/api/v1/tickets/{ticket.code}/timeline").json()]
    assert kinds == ["submitted", "accepted", "resolved", "evaluated"]


def test_city_hotline_transfers_in_with_a_token(tree, agent, client):
    _, key = api_token_create(actor=agent, name="12345")
    response = client.post(
        "/api/v1/tickets",
        {
            "community": tree.community_a.code,
            "category": "environment-noise",
            "description": "夜间施工噪声",
            "channel": "transfer",
            "external_ref": "12345-2026-000123",
            "anonymous": True,
            "contact_phone": "13700000005",
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 201
    t = Ticket.objects.get()
    assert t.channel == "transfer" and t.level == "street" and t.external_ref == "12345-2026-000123"


def test_bad_input_gives_the_error_shape(tree, resident, login):
    response = post(
        login(resident),
        "/api/v1/tickets",
        {"community": tree.community_a.code, "category": "neighbours-leak", "description": " "},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "description_required" and "description" in response.json()["fields"]


def test_extension_and_department_endpoints(ticket, worker_a, director_a, street_officer, department, login):
    w = login(worker_a)
    post(w, f"/api/v1/tickets/{ticket.code}/accept")
    ext = post(w, f"/api/v1/tickets/{ticket.code}/extensions", {"days": 2, "reason": "等配件"})
    assert ext.status_code == 201
    assert (
        post(w, f"/api/v1/tickets/extensions/{ext.json()['id']}/decide", {"approve": True}).status_code == 403
    )
    assert (
        post(
            login(director_a), f"/api/v1/tickets/extensions/{ext.json()['id']}/decide", {"approve": True}
        ).json()["state"]
        == "approved"
    )
    post(w, f"/api/v1/tickets/{ticket.code}/escalate", {"reason": "需街道协调"})
    s = login(street_officer)
    call = post(
        s,
        f"/api/v1/tickets/{ticket.code}/department-calls",
        {"department_id": department.pk, "request": "执法"},
    )
    assert call.status_code == 201
    assert (
        post(s, f"/api/v1/tickets/department-calls/{call.json()['id']}/report", {"report": "已处理"}).json()[
            "state"
        ]
        == "reported"
    )


def test_caller_lookup_for_agents_takes_the_number_in_the_body(household_a, agent, worker_b, login):
    def lookup(user, phone):
        return login(user).post(
            "/api/v1/tickets/callers/lookup", {"phone": phone}, content_type="application/json"
        )

    assert [r["name"] for r in lookup(agent, "13600000001").json()["residents"]] == ["王建国"]
    assert lookup(worker_b, "13600000001").json()["residents"] == []
    assert lookup(agent, "136").json()["code"] == "bad_phone"
    assert login(agent).get("/api/v1/tickets/callers/13600000001").status_code in (404, 405)


def test_rates_and_categories(ticket, street_officer, worker_a, login):
    actions.ticket_accept(actor=worker_a, ticket=ticket, now=ticket.submitted_at + dt.timedelta(hours=1))
    month = ticket.submitted_at.strftime("%Y-%m")
    with time_machine.travel(ticket.submitted_at + dt.timedelta(days=30), tick=False):
        client = login(street_officer)
        assert any(c["code"] == "neighbours-leak" for c in client.get("/api/v1/tickets/categories").json())
        rows = client.get(f"/api/v1/tickets/rates?month={month}&level=community").json()
        ranked = client.get(f"/api/v1/tickets/rates?month={month}&level=community&order=rank").json()
        assert client.get("/api/v1/tickets/rates?month=bad").status_code == 400
        bad = client.get(f"/api/v1/tickets/rates?month={month}&order=name")
    a = next(r for r in rows if r["area"] == "110105001001")
    assert (a["responses"], a["responded"], a["rank"]) == (1, 1, 1)
    assert [r["area"] for r in ranked] == ["110105001001"]
    assert bad.status_code == 400 and bad.json()["fields"]["order"]


def test_anonymous_gets_401(client, db):
    assert client.get("/api/v1/tickets").status_code == 401


def test_outsider_gets_404_on_every_ticket_endpoint(
    ticket, worker_a, worker_b, director_a, department, login, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from linli.tickets import actions

    actions.ticket_accept(actor=worker_a, ticket=ticket)
    ext = actions.extension_request(actor=worker_a, ticket=ticket, days=1, reason="等待")
    client = login(worker_b)
    code = ticket.code
    for url, body in [
        (f"/api/v1/tickets/{code}/start", {}),
        (f"/api/v1/tickets/{code}/resolve", {"resolution": "x"}),
        (f"/api/v1/tickets/{code}/reject", {"reason": "x"}),
        (f"/api/v1/tickets/{code}/transfer", {"community": "110105001002", "reason": "x"}),
        (f"/api/v1/tickets/{code}/escalate", {"reason": "x"}),
        (f"/api/v1/tickets/{code}/supervise", {"note": "x"}),
        (f"/api/v1/tickets/{code}/evaluate", {"resolved": True, "satisfaction": "satisfied"}),
        (
            f"/api/v1/tickets/{code}/return-visit",
            {"resolved": True, "satisfaction": "satisfied", "note": "x"},
        ),
        (f"/api/v1/tickets/{code}/reopen", {"reason": "x"}),
        (f"/api/v1/tickets/{code}/link", {"original": code}),
        (f"/api/v1/tickets/{code}/extensions", {"days": 1, "reason": "x"}),
        (f"/api/v1/tickets/extensions/{ext.pk}/decide", {"approve": True}),
        (f"/api/v1/tickets/{code}/department-calls", {"department_id": department.pk, "request": "x"}),
    ]:
        assert post(client, url, body).status_code == 404, url
    assert client.get(f"/api/v1/tickets/{code}/timeline").status_code == 404
    photo = SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 10)
    assert client.post(f"/api/v1/tickets/{code}/attachments", {"photo": photo}).status_code == 404
    assert Ticket.objects.get(pk=ticket.pk).status == Status.ACCEPTED


def test_outsider_cannot_create_in_another_community(tree, worker_b, login):
    response = post(
        login(worker_b),
        "/api/v1/tickets",
        {
            "community": tree.community_a.code,
            "category": "neighbours-leak",
            "description": "x",
            "channel": "walk_in",
        },
    )
    assert response.status_code == 404
    assert not Ticket.objects.exists()


def test_outsider_sees_no_rates_or_overdue_of_other_communities(ticket, worker_b, login):
    client = login(worker_b)
    month = ticket.submitted_at.strftime("%Y-%m")
    assert [r["area"] for r in client.get(f"/api/v1/tickets/rates?month={month}").json()] == ["110105001002"]
    assert client.get("/api/v1/tickets/overdue?by=community").json() == []


def test_worker_cannot_transfer_a_ticket_out_of_its_street(ticket, worker_a, tree, login):
    """Community C lies in another street: refused like an unknown code, and the ticket stays."""
    response = post(
        login(worker_a),
        f"/api/v1/tickets/{ticket.code}/transfer",
        {"community": tree.community_c.code, "reason": "地址不对"},
    )
    unknown = post(
        login(worker_a),
        f"/api/v1/tickets/{ticket.code}/transfer",
        {"community": "110105001009", "reason": "地址不对"},
    )
    assert response.status_code == unknown.status_code == 400
    assert response.json()["code"] == unknown.json()["code"] == "bad_community"
    assert Ticket.objects.get(pk=ticket.pk).community == tree.community_a


def test_worker_transfers_a_ticket_to_a_neighbour_by_a_full_width_code(ticket, worker_a, tree, login):
    response = post(
        login(worker_a),
        f"/api/v1/tickets/{ticket.code}/transfer",
        {"community": "１１０１０５００１００２", "reason": "地址属乙社区"},
    )
    assert response.status_code == 200
    assert Ticket.objects.get(pk=ticket.pk).community == tree.community_b
