"""Grids, components, rounds and problems through the actions: codes checked as the standard says,
positions inside the grid, tallies kept, a failed check opens a ticket, one confirmation wins."""

import pytest

from linli.audit.models import AuditEvent
from linli.common.errors import DomainError
from linli.facilities import actions, rates
from linli.facilities.models import Grid, Problem, ProblemStatus, State
from linli.facilities.tests.conftest import LAT0, LON0, NOW, square
from linli.tickets.actions import ticket_accept, ticket_resolve


def _register(scene, code, **kw):
    values = {"lat": LAT0 + 0.0005, "lon": LON0 + 0.0005} | kw
    return actions.component_register(actor=None, grid=scene.grid, code=code, now=NOW, **values)


def test_a_full_width_code_is_normalised_before_it_is_checked(scene):
    comp = _register(scene, "１１０１０５ ０６０５ ０００００１")
    assert comp.code == "1101050605000001"
    assert comp.cls.code == "0605"


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("110105012000001", "bad_code"),  # 15 digits
        ("11010501200000AB", "bad_code"),
        ("1101000120000001", "bad_county"),  # a city, not a county
        ("1101050920000001", "bad_major"),
        ("1101050120000000", "bad_serial"),
        ("1101050199000001", "unknown_class"),
        ("1101010120000001", "wrong_county"),  # 东城区, but the grid is in 朝阳区
    ],
)
def test_a_code_outside_the_standard_is_refused_with_its_reason(scene, code, error):
    with pytest.raises(DomainError) as exc:
        _register(scene, code)
    assert exc.value.code == error
    assert "code" in exc.value.fields


def test_a_duplicate_code_is_refused_and_nothing_is_added(scene):
    with pytest.raises(DomainError) as exc:
        _register(scene, scene.light.code)
    assert exc.value.code == "duplicate_code"
    assert exc.value.status == 409
    scene.grid.refresh_from_db()
    assert scene.grid.in_service == 2


def test_positions_outside_the_grid_or_the_city_are_refused(scene):
    with pytest.raises(DomainError) as exc:
        _register(scene, "1101050120000009", lat=LAT0 + 0.01)
    assert exc.value.code == "outside_grid"
    with pytest.raises(DomainError) as exc:
        _register(scene, "1101050120000009", lat=31.23, lon=121.47)  # Shanghai
    assert exc.value.code == "outside_city"


def test_a_line_component_sits_at_its_middle_vertex(scene):
    pipe = _register(
        scene,
        "1101050201000001",
        lat=None,
        lon=None,
        line=[[LON0 + 0.0005, LAT0 + 0.0005], [LON0 + 0.001, LAT0 + 0.0005], [LON0 + 0.0015, LAT0 + 0.001]],
    )
    assert (pipe.lat, pipe.lon) == (LAT0 + 0.0005, LON0 + 0.001)


def test_a_grid_is_drawn_in_the_area_tree_and_a_bad_polygon_is_refused(tree, street_officer, worker_a):
    grid = actions.grid_define(
        actor=street_officer, community=tree.community_a, code="07", name="", polygon=square(), now=NOW
    )
    assert grid.area.code == "110105001001-07"
    assert grid.area.parent == tree.community_a
    with pytest.raises(DomainError) as exc:
        actions.grid_define(
            actor=street_officer, community=tree.community_a, code="08", name="", polygon={"type": "Point"}
        )
    assert exc.value.code == "bad_polygon"
    with pytest.raises(DomainError) as exc:
        actions.grid_define(actor=worker_a, community=tree.community_a, code="09", name="", polygon=square())
    assert exc.value.status == 403
    assert not Grid.objects.filter(area__code__in=["110105001001-08", "110105001001-09"]).exists()


def test_the_intact_rate_follows_each_state_change_and_the_rebuild_agrees(scene, worker_a, tree):
    actions.component_state_set(actor=worker_a, component=scene.light, state=State.DAMAGED, now=NOW)
    actions.component_state_set(actor=worker_a, component=scene.cover, state=State.REMOVED, now=NOW)
    r = rates.rates_for(tree.city, NOW.date(), NOW.date())
    assert (r.in_service, r.intact, r.intact_rate) == (1, 0, 0.0)
    assert rates.tallies_rebuild() == 0  # the live counts were already right
    assert AuditEvent.objects.filter(action="facilities.component.state_changed").count() == 2


def test_a_failed_check_opens_a_ticket_and_the_repair_is_confirmed_once(
    scene, worker_a, tree, street_officer
):
    rnd = actions.round_plan(actor=worker_a, grid=scene.grid, due_on=NOW.date(), inspector=worker_a, now=NOW)
    actions.check_record(actor=worker_a, rnd=rnd, component=scene.light, ok=True, now=NOW)
    actions.check_record(actor=worker_a, rnd=rnd, component=scene.cover, ok=False, note="井盖破损", now=NOW)
    problem = Problem.objects.get()
    ticket = problem.ticket
    assert ticket.external_ref == scene.cover.code
    assert ticket.category.code == "facilities-roads"
    assert ticket.community == tree.community_a
    rnd.refresh_from_db()
    assert rnd.status == "done"  # every component checked
    scene.cover.refresh_from_db()
    assert scene.cover.state == State.DAMAGED
    with pytest.raises(DomainError) as exc:
        actions.problem_confirm(actor=worker_a, problem=problem, now=NOW)
    assert exc.value.code == "not_repaired"
    # Roads and manhole covers are the street's to handle (the category's level).
    ticket_accept(actor=street_officer, ticket=ticket, now=NOW)
    ticket_resolve(actor=street_officer, ticket=ticket, resolution="已更换", now=NOW)
    assert actions.problems_sync(now=NOW) == 1
    assert actions.problems_sync(now=NOW) == 0  # idempotent
    scene.cover.refresh_from_db()
    assert scene.cover.state == State.INTACT
    actions.problem_confirm(actor=worker_a, problem=problem, now=NOW)
    with pytest.raises(DomainError) as exc:
        actions.problem_confirm(actor=street_officer, problem=problem, now=NOW)
    assert exc.value.code == "already_confirmed"
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.CONFIRMED
    assert problem.confirmed_by == worker_a


def test_a_component_is_checked_once_per_round(scene, worker_a):
    rnd = actions.round_plan(actor=worker_a, grid=scene.grid, due_on=NOW.date(), now=NOW)
    actions.check_record(actor=worker_a, rnd=rnd, component=scene.light, ok=True, now=NOW)
    with pytest.raises(DomainError) as exc:
        actions.check_record(actor=worker_a, rnd=rnd, component=scene.light, ok=True, now=NOW)
    assert exc.value.code == "already_checked"


def test_the_schedule_plans_the_next_round_once(scene):
    assert actions.rounds_schedule(now=NOW) == 1
    assert actions.rounds_schedule(now=NOW) == 0


def test_maintenance_falls_due_from_the_last_maintenance(scene, worker_a):
    import datetime as dt

    from linli.facilities import queries

    scene.light.installed_on = NOW.date() - dt.timedelta(days=100)  # street lights: every 90 days
    scene.light.save(update_fields=["installed_on"])
    rows = queries.maintenance(worker_a, NOW.date())
    assert [(c.code, due < NOW.date()) for c, due in rows] == [(scene.light.code, True)]
    actions.component_maintained(actor=worker_a, component=scene.light, on=NOW.date(), now=NOW)
    assert queries.maintenance(worker_a, NOW.date()) == []
