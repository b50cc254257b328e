"""人户分离 (issue 21): two places per person, derived kinds, counts, the worker's lists, scoped."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from conftest import _user, id_number
from linli.accounts.roles import Role
from linli.audit.models import AuditEvent
from linli.common.errors import DomainError
from linli.registry import actions, worklists
from linli.registry.actions import PersonData
from linli.registry.counts import (
    counts_by_community,
    households_on,
    months_before,
    resident_since_cutoff,
)
from linli.registry.models import ResidenceKind, Resident

API = "/api/v1/registry"
TZ = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 6, 1, 10, tzinfo=TZ)
TODAY = NOW.date()


def head(community, name, birth, seq, *, dwelling=None, collective="", **places):
    household = actions.household_register(
        actor=None,
        community=community,
        dwelling=dwelling,
        collective_unit=collective,
        head=PersonData(name=name, id_number=id_number(birth, seq), **places),
        now=NOW - dt.timedelta(days=1000),
    )
    return household.head


@pytest.fixture
def people(tree, dwelling_a, building_a):
    """One of each kind in community A; the away one's flat has nobody living in it."""
    empty = actions.dwelling_create(actor=None, building=building_a, number="2-202")
    long_ago = TODAY - dt.timedelta(days=400)
    return {
        "consistent": head(
            tree.community_a, "一致", "19600101", "011", dwelling=dwelling_a, lives_since=long_ago
        ),
        "away": head(
            tree.community_a,
            "外住",
            "19610101",
            "021",
            dwelling=empty,
            lives_where="elsewhere",
            lives_code=tree.community_b.code,
            lives_address="乙社区3号楼",
            lives_since=long_ago,
        ),
        "incoming": head(
            tree.community_a,
            "京内来",
            "19620101",
            "031",
            hukou_where="beijing",
            hukou_code="110108",
            lives_since=TODAY - dt.timedelta(days=30),
        ),
        "floating": head(
            tree.community_a,
            "外省来",
            "19630101",
            "041",
            hukou_where="outside",
            hukou_code="13",
            lives_since=long_ago,
        ),
        "collective": head(tree.community_a, "集体", "19640101", "051", collective="甲社区集体户"),
        "hanging": head(tree.community_a, "冯空", "19650101", "061", lives_where="unknown"),
    }


def test_the_kinds_are_derived_from_the_two_places_never_typed(people):
    kinds = {key: Resident.objects.get(pk=r.pk).kind for key, r in people.items()}
    assert kinds["consistent"] == ResidenceKind.CONSISTENT
    assert kinds["away"] == ResidenceKind.AWAY
    assert kinds["incoming"] == ResidenceKind.INCOMING
    assert kinds["floating"] == ResidenceKind.FLOATING
    assert kinds["hanging"] == ResidenceKind.AWAY  # registered here, residence unknown


def test_someone_registered_elsewhere_is_kept_only_while_living_here(tree):
    with pytest.raises(DomainError) as info:
        head(tree.community_a, "两不在", "19700101", "071", hukou_where="beijing", lives_where="elsewhere")
    assert "lives_where" in info.value.fields


def test_a_beijing_code_is_refused_as_outside_and_a_province_as_beijing(tree):
    with pytest.raises(DomainError) as info:
        head(tree.community_a, "错码", "19700101", "081", hukou_where="outside", hukou_code="110105")
    assert "hukou_code" in info.value.fields
    with pytest.raises(DomainError):
        head(tree.community_a, "错码二", "19700101", "091", hukou_where="beijing", hukou_code="130100")


def test_counts_give_registered_resident_and_floating_with_six_months_from_now(tree, people):
    counts = counts_by_community([tree.community_a], now=NOW)[tree.community_a.pk]
    # 户籍: consistent, away, collective, hanging; 流动: floating.
    assert counts["residents"]["registered"] == 4
    assert counts["residents"]["floating"] == 1
    # 常住: consistent, floating, collective (living here since registering). Not the incoming one
    # (30 days here), nor the away and hanging ones (not living here).
    assert counts["residents"]["resident"] == 3
    assert resident_since_cutoff(TODAY) == dt.date(2025, 12, 1)
    assert counts["residents"]["total"] == 6
    assert counts["households"]["total"] == 6 and counts["households"]["registered"] == 4
    later = counts_by_community([tree.community_a], now=NOW + dt.timedelta(days=200))[tree.community_a.pk]
    assert later["residents"]["resident"] == counts["residents"]["resident"] + 1  # 京内来 now counts


def test_households_on_counts_each_household_once_under_its_groups(tree, people):
    from linli.finance.funding import counted_households

    snap = households_on(TODAY)[tree.community_a.pk]
    assert sum(snap.values()) == 6
    assert snap["registered"] == 2  # the away and hanging ones: registered, not living here
    assert snap["none"] == 1  # the incoming one: registered elsewhere, here for 30 days
    assert snap["resident+floating"] == 1
    # A basis naming 户籍 and 常住 counts the 人户一致 household once, not twice.
    assert counted_households(snap, ["registered", "resident"]) == 5
    assert counted_households(snap, ["floating"]) == 1


def test_moving_residence_keeps_the_hukou_and_is_audited(people, worker_a):
    r = people["consistent"]
    actions.resident_move_residence(
        actor=worker_a, resident=r, lives_where="elsewhere", lives_address="海淀", since=TODAY, now=NOW
    )
    r.refresh_from_db()
    assert (r.hukou_where, r.lives_where, r.kind, r.lives_since) == ("here", "elsewhere", "away", TODAY)
    assert AuditEvent.objects.filter(action="registry.resident.residence_moved").count() == 1


def test_moving_the_hukou_keeps_the_residence_and_is_audited(people, worker_a):
    r = people["incoming"]
    actions.resident_move_hukou(actor=worker_a, resident=r, hukou_where="here", now=NOW)
    r.refresh_from_db()
    assert (r.hukou_where, r.hukou_code, r.lives_where, r.kind) == ("here", "", "here", "consistent")
    assert AuditEvent.objects.filter(action="registry.resident.hukou_moved").count() == 1


def test_another_community_cannot_move_a_residence(people, worker_b):
    with pytest.raises(DomainError):
        actions.resident_move_residence(
            actor=worker_b, resident=people["consistent"], lives_where="elsewhere"
        )


def test_the_worker_lists(people, worker_a):
    assert [d.number for d in worklists.empty_registered_flats(worker_a)] == ["2-202"]
    assert {r.name for r in worklists.living_here_unregistered(worker_a)} == {"京内来", "外省来"}
    # Living elsewhere (or unknown) since over a year: the oldest first.
    assert [r.name for r in worklists.away_to_recheck(worker_a, today=TODAY)] == ["冯空", "外住"]
    assert [r.name for r in worklists.away_to_recheck(worker_a, today=TODAY - dt.timedelta(days=100))] == [
        "冯空"
    ]
    actions.resident_residence_confirm(actor=worker_a, resident=people["away"], now=NOW)
    assert [r.name for r in worklists.away_to_recheck(worker_a, today=TODAY)] == ["冯空"]
    without = list(worklists.registrations_without_dwelling(worker_a))
    collective = {h.head.name: h.collective_unit for h in without}
    assert collective["集体"] == "甲社区集体户" and collective["冯空"] == ""


def test_the_worker_lists_are_empty_for_another_community(people, worker_b):
    assert not worklists.empty_registered_flats(worker_b).exists()
    assert not worklists.living_here_unregistered(worker_b).exists()
    assert not worklists.away_to_recheck(worker_b, today=TODAY).exists()
    assert not worklists.registrations_without_dwelling(worker_b).exists()


def test_the_community_where_they_live_sees_what_the_rules_allow_and_no_more(tree, people, worker_b):
    seen = worklists.others_of_my_communities(worker_b)
    assert [(p.name, p.record_community, p.relation, p.address) for p in seen] == [
        ("外住", "甲社区", "lives_here", "乙社区3号楼")
    ]
    assert not hasattr(seen[0], "id_number") and seen[0].birth_year == 1961
    worker_c = _user("工作者丙", Role.WORKER, tree.community_c, username="worker_c")
    assert worklists.others_of_my_communities(worker_c) == []


def test_the_lists_page_and_api_answer_the_worker_and_nobody_outside(tree, people, worker_a, worker_b, login):
    page = login(worker_a).get("/registry/residence/")
    assert page.status_code == 200 and "外住" in page.content.decode() and "京内来" in page.content.decode()
    assert "人在户不在" in page.content.decode()  # the derived kind, by its label
    outside = login(worker_b).get("/registry/residence/").content.decode()
    assert "京内来" not in outside and "冯空" not in outside and "外住" in outside  # lives in B
    client = login(worker_b)
    for path in ("empty-flats", "living-here-unregistered", "recheck", "without-dwelling"):
        assert login(worker_a).get(f"{API}/residence/{path}").json()["count"] >= 1, path
        assert client.get(f"{API}/residence/{path}").json()["count"] == 0, path
    others = client.get(f"{API}/residence/other-communities").json()
    assert [o["name"] for o in others] == ["外住"] and "id_number" not in others[0]


def test_moves_through_the_api_and_404_outside(people, worker_a, worker_b, login):
    r = people["consistent"]
    body = {"lives_where": "elsewhere", "lives_address": "通州"}
    for url in (f"{API}/residents/{r.pk}/residence", f"{API}/residents/{r.pk}/residence/confirm"):
        assert login(worker_b).post(url, body, content_type="application/json").status_code == 404
    assert (
        login(worker_b)
        .post(f"{API}/residents/{r.pk}/hukou", {"hukou_where": "beijing"}, content_type="application/json")
        .status_code
        == 404
    )
    resp = login(worker_a).post(f"{API}/residents/{r.pk}/residence", body, content_type="application/json")
    assert resp.status_code == 200 and resp.json()["kind"] == "away"
    bad = login(worker_a).post(
        f"{API}/residents/{r.pk}/hukou",
        {"hukou_where": "outside", "hukou_code": "11"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "hukou_code" in bad.json()["fields"]


def test_moves_through_the_pages(people, worker_a, worker_b, login):
    r = people["consistent"]
    url = f"/registry/residents/{r.pk}/residence/"
    assert login(worker_b).post(url, {"lives_where": "elsewhere"}).status_code == 404
    resp = login(worker_a).post(
        url, {"lives_where": "elsewhere", "lives_address": "通州", "since": "2026-05-01"}
    )
    assert resp.status_code == 302
    r.refresh_from_db()
    assert r.kind == "away" and r.lives_address == "通州"
    bad = login(worker_a).post(
        f"/registry/residents/{r.pk}/hukou/", {"hukou_where": "outside", "hukou_code": "110105"}
    )
    assert bad.status_code == 400 and "110105" in bad.content.decode()


def test_visits_due_go_to_where_people_live(tree, people, worker_a):
    from linli.registry.models import CareTag
    from linli.registry.queries import visits_due

    for key in ("consistent", "away"):
        actions.care_tag_set(actor=None, resident=people[key], tag="alone")
    CareTag.objects.update(created_at=NOW)
    due = {
        d.resident.name for d in visits_due(worker_a, today=TODAY + dt.timedelta(days=30), mine_only=False)
    }
    assert "一致" in due and "外住" not in due


def test_a_resident_reports_a_change_of_residence_and_the_worker_applies_it(
    tree, people, resident, worker_a, login
):
    me = people["consistent"]
    Resident.objects.filter(pk=me.pk).update(user=resident)
    page = login(resident).get("/registry/mine/").content.decode()
    assert "本社区" in page or "this community" in page
    resp = login(resident).post(
        "/registry/mine/",
        {"kind": "residence", "subject": me.pk, "lives_where": "elsewhere", "lives_address": "顺义"},
    )
    assert resp.status_code == 302
    report = me.household.reports.get()
    actions.change_report_decide(actor=worker_a, report=report, approve=True)
    me.refresh_from_db()
    assert (me.lives_where, me.lives_address, me.hukou_where) == ("elsewhere", "顺义", "here")


def test_six_months_before_the_last_day_of_a_month_is_the_last_day_of_a_shorter_one():
    assert months_before(dt.date(2026, 8, 31), 6) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2024, 8, 31), 6) == dt.date(2024, 2, 29)
    assert months_before(dt.date(2026, 3, 15), 6) == dt.date(2025, 9, 15)


def test_an_import_reads_the_place_columns_and_an_old_file_its_household_kind(tree, worker_a, tmp_path):
    import csv

    from linli.registry import importing
    from linli.registry.importing.columns import PLACE_COLUMNS

    path = tmp_path / "places.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow([*importing.COLUMNS, *PLACE_COLUMNS])
        base = ["", "", "户主", "", "甲", id_number("19700101", "111"), "", "汉族", "", ""]
        w.writerow([*base, "本社区", "", "他处", "110108", "海淀区某路", "2024-05-01"])
        w.writerow(
            [
                "",
                "",
                "户主",
                "流动",
                "乙",
                id_number("19700101", "121"),
                "",
                "汉族",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ]
        )
        w.writerow(
            [
                "",
                "",
                "配偶",
                "",
                "丙",
                id_number("19700101", "132"),
                "",
                "汉族",
                "",
                "",
                "本市其他",
                "110101",
                "",
                "",
                "",
                "",
            ]
        )
    result = importing.residents_import(
        actor=worker_a,
        community=tree.community_a,
        source=importing.reader_for(path, "csv"),
        file_name=path.name,
        now=NOW,
    )
    assert result.written, result.errors
    got = {r.name: (r.hukou_where, r.hukou_code, r.lives_where, r.kind) for r in Resident.objects.all()}
    assert got == {
        "甲": ("here", "", "elsewhere", "away"),
        "乙": ("outside", "", "here", "floating"),  # 流动, as an old file says it
        "丙": ("beijing", "110101", "here", "incoming"),  # the columns win over the household's kind
    }
    assert Resident.objects.get(name="甲").lives_since == dt.date(2024, 5, 1)
    assert Resident.objects.get(name="乙").lives_since == TODAY


def test_an_import_refuses_an_unknown_place_with_its_line(tree, worker_a, tmp_path):
    import csv

    from linli.registry import importing
    from linli.registry.importing.columns import PLACE_COLUMNS

    path = tmp_path / "bad.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow([*importing.COLUMNS, *PLACE_COLUMNS])
        w.writerow(
            [
                "",
                "",
                "户主",
                "",
                "甲",
                id_number("19700101", "111"),
                "",
                "",
                "",
                "",
                "月球",
                "",
                "",
                "",
                "",
                "",
            ]
        )
    result = importing.residents_import(
        actor=worker_a,
        community=tree.community_a,
        source=importing.reader_for(path, "csv"),
        file_name="b",
        now=NOW,
    )
    assert not result.written and result.errors[0][0] == 2 and "月球" in result.errors[0][1]
