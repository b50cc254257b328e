"""The shell runs what the apps registered, in the order the pages always had."""

import datetime as dt

from linli.ui.registries import DEMO_LOADERS, HOME_PANELS, NAV


def test_navigation_entries_come_in_their_fixed_order():
    assert [e.url_name for e in NAV] == [
        "web:home",
        "tickets:list",
        "tickets:hotline",
        "areas:list",
        "registry:search",
        "registry:mine",
        "accounts:users",
        "finance:index",
        "disclosure:index",
        "disclosure:mine",
        "audit:list",
        "governance:index",
        "services:index",
        "publicservices:index",
        "facilities:index",
        "operations:index",
        "indicators:index",
        "organizations:index",
        "volunteers:index",
        "accounts:profile",
    ]


def test_demo_loads_the_registry_before_the_apps_that_read_its_households():
    assert [loader.name for loader in DEMO_LOADERS] == [
        "registry",
        "tickets",
        "governance",
        "finance",
        "disclosure",
        "services",
        "publicservices",
        "volunteers",
        "publicservices.property",
        "organizations",
        "facilities",
        "operations",
        "indicators",
    ]


def test_tickets_show_the_missing_holiday_notice_to_staff_only(worker_a, resident):
    now = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
    (panel,) = HOME_PANELS
    assert "notice_missing" in panel.context(worker_a, "worker", now)
    assert panel.context(resident, "resident", now) == {}
