"""Migration 0007: today's three kinds onto the two places, without loss, and what it could not place."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

OLD = [("registry", "0006_importjob_heartbeat")]
NEW = [("registry", "0007_where_people_live")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.fixture(autouse=True)
def _back_to_the_latest():
    # Going back to registry 0006 also unapplies the apps that depend on the registry (operations'
    # welfare checks); later tests on this worker need every table again.
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_old_kinds_map_onto_the_places_and_back(tree, capsys):
    _migrate(OLD)
    with connection.cursor() as cur:
        for i, (kind, place) in enumerate(
            [
                ("registered", ""),
                ("resident", "北京市海淀区学院路"),
                ("resident", ""),
                ("floating", "河北省保定市"),
                ("floating", ""),
            ]
        ):
            cur.execute(
                "INSERT INTO registry_household (code, community_id, kind, is_active, created_at)"
                " VALUES (%s, %s, %s, %s, %s)",
                [f"H{i}", tree.community_a.pk, kind, True, "2024-01-01 00:00:00"],
            )
            hid = cur.lastrowid if connection.vendor == "sqlite" else None
            if hid is None:
                cur.execute("SELECT id FROM registry_household WHERE code = %s", [f"H{i}"])
                hid = cur.fetchone()[0]
            cur.execute(
                "INSERT INTO registry_resident (community_id, household_id, relation, kind, status, name,"
                " id_number, id_index, gender, birth_date, phone, phone_index, ethnicity, hukou_place,"
                " employment, registered_at) VALUES (%s, %s, 'head', %s, 'active', %s, 'x', %s, 'M',"
                " '1970-01-01', '', '', '汉族', %s, '', '2024-01-01 00:00:00')",
                [tree.community_a.pk, hid, kind, f"人{i}", f"idx{i}", place],
            )
    _migrate(NEW)
    out = capsys.readouterr().out
    # One 常住 without a district, one 流动 without a province; the dwelling-less households.
    assert "1 常住 without a district" in out and "1 流动 without a province" in out
    with connection.cursor() as cur:
        cur.execute(
            "SELECT name, hukou_where, hukou_code, lives_where, kind, lives_since FROM registry_resident ORDER BY name"
        )
        rows = {r[0]: r[1:5] for r in cur.fetchall()}
    assert rows == {
        "人0": ("here", "", "here", "consistent"),
        "人1": ("beijing", "110108", "here", "incoming"),
        "人2": ("beijing", "", "here", "incoming"),
        "人3": ("outside", "13", "here", "floating"),
        "人4": ("outside", "", "here", "floating"),
    }
    call_command("registry_placement_report")
    assert "户口 without a code 2" in capsys.readouterr().out
    # Back again: the old kinds, as they were.
    _migrate(OLD)
    with connection.cursor() as cur:
        cur.execute("SELECT name, kind FROM registry_resident ORDER BY name")
        assert dict(cur.fetchall()) == {
            "人0": "registered",
            "人1": "resident",
            "人2": "resident",
            "人3": "floating",
            "人4": "floating",
        }
    _migrate(NEW)
