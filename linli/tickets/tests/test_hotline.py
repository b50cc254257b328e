"""The hotline console: the caller's care tags, and a warning when they called within the hour."""

import datetime as dt

import time_machine
from django.utils import translation

from linli.registry.actions import care_tag_set
from linli.tickets import actions, queries
from linli.tickets.calendar import TZ

NOW = dt.datetime(2026, 11, 2, 10, tzinfo=TZ)  # Monday
CALLER = "13600000001"  # 王建国, head of household_a


def _tag(household_a):
    head = household_a.head
    care_tag_set(actor=None, resident=head, tag="alone", now=NOW - dt.timedelta(days=30))
    care_tag_set(actor=None, resident=head, tag="dibao", now=NOW - dt.timedelta(days=30))
    return head


def _call_in(agent, household_a, leak, at):
    return actions.ticket_submit(
        actor=agent,
        community=household_a.community,
        category=leak,
        description="楼上漏水",
        channel="hotline",
        contact_phone=CALLER,
        resident=household_a.head,
        now=at,
    )


def test_the_console_shows_the_callers_care_tags_but_sensitive_ones_only_with_a_grant(
    household_a, agent, login
):
    _tag(household_a)
    with translation.override("zh-hans"):  # labels come in the active language
        (caller,) = queries.caller_lookup(agent, CALLER, now=NOW).residents
        assert caller.caller_tags == [("独居老人", False)]
    with time_machine.travel(NOW, tick=False):
        client = login(agent)
        client.post("/tickets/hotline/lookup/", {"phone": CALLER})
        page = client.get("/tickets/hotline/").content.decode()
    assert '<span class="tag">独居老人</span>' in page
    assert "低保" not in page  # dibao is sensitive: the agent holds no grant for it


def test_the_console_warns_of_the_same_callers_request_within_the_last_hour(household_a, agent, leak, login):
    earlier = _call_in(agent, household_a, leak, NOW - dt.timedelta(minutes=40))
    assert [t.code for t in queries.caller_lookup(agent, CALLER, now=NOW).recent] == [earlier.code]
    assert queries.caller_lookup(agent, CALLER, now=NOW + dt.timedelta(minutes=21)).recent == []
    with time_machine.travel(NOW, tick=False):
        client = login(agent)
        client.cookies["linli_language"] = "en"
        client.post("/tickets/hotline/lookup/", {"phone": CALLER})
        page = client.get("/tickets/hotline/").content.decode()
    assert "This caller filed a request within the last hour" in page and earlier.code in page
    with time_machine.travel(NOW + dt.timedelta(hours=2), tick=False):
        client = login(agent)
        client.post("/tickets/hotline/lookup/", {"phone": CALLER})
        page = client.get("/tickets/hotline/").content.decode()
    assert "within the last hour" not in page and "recent-call" not in page
    assert earlier.code in page  # still among their tickets, without the warning


def test_the_api_lookup_gives_the_care_tags_and_the_last_hours_tickets(household_a, agent, leak, login):
    _tag(household_a)
    earlier = _call_in(agent, household_a, leak, NOW - dt.timedelta(minutes=10))
    with time_machine.travel(NOW, tick=False):
        body = (
            login(agent)
            .post("/api/v1/tickets/callers/lookup", {"phone": CALLER}, content_type="application/json")
            .json()
        )
    assert body["residents"][0]["care_tags"] == ["独居老人"] and body["recent"] == [earlier.code]
