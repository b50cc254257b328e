import datetime as dt
import json

import time_machine

from linli.governance.tests.conftest import (
    TZ,
    person,
)

# Pages and the API check dates against the clock: it stands still at a fixed Monday.
NOW = dt.datetime(2026, 5, 11, 10, 0, tzinfo=TZ)


def post(client, url, body):
    return client.post(url, json.dumps(body, default=str), content_type="application/json")


@time_machine.travel(NOW, tick=False)
def test_evaluation_through_the_api_hides_small_results(tree, worker_a, resident, login, settings):
    settings.GOV_EVALUATION_MIN_ANSWERS = 2
    person(tree.community_a, "评议居民", user=resident)
    api = login(worker_a)
    r = post(
        api,
        "/api/v1/governance/evaluations",
        {
            "community_code": tree.community_a.code,
            "title": "评议",
            "closes_at": (NOW + dt.timedelta(days=2)).isoformat(),
            "subjects": [{"group": "stationed", "name": "王警官", "role": "民警"}],
        },
    )
    assert r.status_code == 201
    code, subject = r.json()["code"], r.json()["subjects"][0]["id"]
    me = login(resident)
    assert (
        post(
            me, f"/api/v1/governance/evaluations/{code}/answers", {"ratings": {subject: "satisfied"}}
        ).status_code
        == 201
    )
    assert (
        post(
            me, f"/api/v1/governance/evaluations/{code}/answers", {"ratings": {subject: "satisfied"}}
        ).status_code
        == 409
    )
    closed = post(api, f"/api/v1/governance/evaluations/{code}/close", {}).json()
    assert closed["answers"] == 1 and closed["results"] is None
