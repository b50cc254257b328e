"""Orders through their lifecycle: each step an action, an audit event, a message to the resident."""

import datetime as dt

import pytest

from linli.audit.models import AuditEvent
from linli.common.errors import DomainError, NotFound
from linli.services import actions
from linli.services.models import EventKind, Mode, Offer, OfferState, Order, Provider, Status
from linli.services.tests.conftest import NOW
from linli.tickets.notify import MemoryBackend


def _order(scene, actor, tree, **kw):
    kw.setdefault("service", scene.repair)
    return actions.order_create(
        actor=actor, community=tree.community_a, description="厨房水管漏水", now=NOW, **kw
    )


def test_resident_orders_a_service_for_themselves_with_time_limits_on_the_working_calendar(
    scene, tree, resident
):
    order = _order(scene, resident, tree)
    assert order.status == Status.CREATED
    assert order.resident == scene.me
    assert order.requester == resident
    assert order.channel == "portal"
    # 2 working hours from 08:00 on a Tuesday: 11:00 (the working day starts at 09:00).
    assert order.respond_by == dt.datetime(2026, 3, 10, 3, 0, tzinfo=dt.UTC)
    assert AuditEvent.objects.filter(action="services.order.created").count() == 1


def test_a_resident_cannot_order_in_another_community(scene, tree, resident):
    with pytest.raises(NotFound):
        actions.order_create(
            actor=resident, service=scene.repair, community=tree.community_b, description="x", now=NOW
        )


def test_agent_orders_for_a_caller_through_the_hotline(scene, tree, agent):
    order = _order(scene, agent, tree, channel="hotline", resident=scene.me, contact_phone="13600000001")
    assert order.channel == "hotline"
    assert order.created_by == agent


def test_an_order_for_a_service_the_resident_is_not_eligible_for_is_refused(scene, tree, resident):
    scene.meal.min_age = 80
    scene.meal.save()
    with pytest.raises(DomainError) as exc:
        _order(scene, resident, tree, service=scene.meal)
    assert exc.value.code == "not_eligible"
    assert "80" in str(exc.value.message)


def test_direct_dispatch_then_the_provider_accepts_goes_and_completes_and_the_resident_rates(
    scene, tree, resident, worker_a, django_capture_on_commit_callbacks
):
    MemoryBackend.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        order = _order(scene, resident, tree)
        actions.order_dispatch(actor=worker_a, order=order, mode=Mode.DIRECT, provider=scene.handy, now=NOW)
        order.refresh_from_db()
        assert order.status == Status.DISPATCHED
        eta = NOW + dt.timedelta(hours=1)
        actions.order_accept(actor=scene.handy_user, order=order, provider=scene.handy, eta=eta, now=NOW)
        order.refresh_from_db()
        assert (order.status, order.provider, order.eta) == (Status.ACCEPTED, scene.handy, eta)
        actions.order_on_the_way(actor=scene.handy_user, order=order, now=NOW)
        actions.order_complete(actor=scene.handy_user, order=order, now=NOW)
        actions.order_evaluate(actor=resident, order=order, rating=5, note="很好", now=NOW)
    order.refresh_from_db()
    assert order.status == Status.EVALUATED
    handy = Provider.objects.get(pk=scene.handy.pk)
    assert (handy.rating, handy.open_orders) == (5.0, 0)
    kinds = list(order.events.values_list("kind", flat=True))
    assert kinds == ["created", "dispatched", "accepted", "on_the_way", "done", "evaluated"]
    codes = set(AuditEvent.objects.filter(object_repr=order.code).values_list("action", flat=True))
    assert {"services.order.accepted", "services.order.done", "services.order.evaluated"} <= codes
    # The resident's phone (from the registry) got a message at each step but the rating.
    assert sum(1 for to, text in MemoryBackend.outbox if order.code in text) == 5


def test_broadcast_goes_to_the_nearest_providers_first(scene, tree, resident, worker_a):
    order = _order(scene, resident, tree)
    chosen = actions.eligible_providers(order, now=NOW)
    assert chosen == [scene.handy, scene.fixit]  # the community's own before the street's


def test_the_first_provider_to_accept_a_broadcast_wins_and_the_second_is_refused(
    scene, tree, resident, worker_a
):
    order = _order(scene, resident, tree)
    actions.order_dispatch(actor=worker_a, order=order, mode=Mode.BROADCAST, now=NOW)
    eta = NOW + dt.timedelta(hours=2)
    actions.order_accept(actor=scene.fixit_user, order=order, provider=scene.fixit, eta=eta, now=NOW)
    with pytest.raises(DomainError) as exc:
        actions.order_accept(actor=scene.handy_user, order=order, provider=scene.handy, eta=eta, now=NOW)
    assert exc.value.code == "offer_closed"
    order.refresh_from_db()
    assert order.provider == scene.fixit
    assert Offer.objects.get(order=order, provider=scene.handy).state == OfferState.LOST


def test_two_accepts_racing_past_the_offer_check_let_exactly_one_win(scene, tree, resident, worker_a):
    order = _order(scene, resident, tree)
    actions.order_dispatch(actor=worker_a, order=order, mode=Mode.BROADCAST, now=NOW)
    # The loser read the order as dispatched before the winner's update: its conditional update fails.
    stale = Order.objects.get(pk=order.pk)
    Order.objects.filter(pk=order.pk).update(status=Status.ACCEPTED, provider=scene.fixit)
    with pytest.raises(DomainError) as exc:
        actions._move(stale, Status.DISPATCHED, {"status": Status.ACCEPTED, "provider": scene.handy})
    assert exc.value.code == "conflict"
    assert Order.objects.get(pk=order.pk).provider == scene.fixit


def test_a_provider_whose_licence_expired_receives_no_new_orders(scene, tree, resident, worker_a):
    Provider.objects.filter(pk=scene.handy.pk).update(licence_expires=dt.date(2026, 3, 1))
    scene.handy.refresh_from_db()
    order = _order(scene, resident, tree)
    assert scene.handy not in actions.eligible_providers(order, now=NOW)
    with pytest.raises(DomainError) as exc:
        actions.order_dispatch(actor=worker_a, order=order, mode=Mode.DIRECT, provider=scene.handy, now=NOW)
    assert exc.value.code == "licence_expired"
    assert exc.value.fields["provider"]


def test_a_provider_at_capacity_is_left_out_of_a_broadcast(scene, tree, resident):
    Provider.objects.filter(pk=scene.fixit.pk).update(open_orders=5)
    order = _order(scene, resident, tree)
    assert actions.eligible_providers(order, now=NOW) == [scene.handy]


def test_an_order_nobody_accepts_in_time_goes_back_to_the_station(scene, tree, resident, worker_a):
    order = _order(scene, resident, tree)
    actions.order_dispatch(actor=worker_a, order=order, mode=Mode.BROADCAST, now=NOW)
    assert actions.order_escalate_overdue(now=NOW + dt.timedelta(minutes=10)) == 0
    assert actions.order_escalate_overdue(now=NOW + dt.timedelta(minutes=16)) == 1
    order.refresh_from_db()
    assert (order.status, order.escalated) == (Status.CREATED, True)
    assert order.events.filter(kind=EventKind.ESCALATED).exists()
    # The station reassigns it.
    actions.order_dispatch(actor=worker_a, order=order, mode=Mode.DIRECT, provider=scene.fixit, now=NOW)
    order.refresh_from_db()
    assert order.status == Status.DISPATCHED


def test_when_every_provider_declines_the_order_returns_to_the_station(scene, tree, resident, worker_a):
    order = _order(scene, resident, tree)
    actions.order_dispatch(actor=worker_a, order=order, mode=Mode.BROADCAST, now=NOW)
    actions.order_decline(
        actor=scene.handy_user, order=order, provider=scene.handy, reason="人手不足", now=NOW
    )
    order.refresh_from_db()
    assert order.status == Status.DISPATCHED
    actions.order_decline(actor=scene.fixit_user, order=order, provider=scene.fixit, now=NOW)
    order.refresh_from_db()
    assert (order.status, order.escalated) == (Status.CREATED, True)


def test_a_provider_cannot_accept_an_order_not_sent_to_it(scene, tree, resident, worker_a):
    order = _order(scene, resident, tree)
    actions.order_dispatch(actor=worker_a, order=order, mode=Mode.DIRECT, provider=scene.fixit, now=NOW)
    with pytest.raises(NotFound):
        actions.order_accept(
            actor=scene.handy_user,
            order=order,
            provider=scene.handy,
            eta=NOW + dt.timedelta(hours=1),
            now=NOW,
        )


def test_the_resident_cancels_an_accepted_order_and_the_providers_load_drops(scene, tree, resident, worker_a):
    order = _order(scene, resident, tree)
    actions.order_dispatch(actor=worker_a, order=order, mode=Mode.DIRECT, provider=scene.fixit, now=NOW)
    actions.order_accept(
        actor=scene.fixit_user, order=order, provider=scene.fixit, eta=NOW + dt.timedelta(hours=1), now=NOW
    )
    assert Provider.objects.get(pk=scene.fixit.pk).open_orders == 1
    actions.order_cancel(actor=resident, order=order, reason="不需要了", now=NOW)
    order.refresh_from_db()
    assert order.status == Status.CANCELLED
    assert Provider.objects.get(pk=scene.fixit.pk).open_orders == 0


def test_a_rating_outside_one_to_five_is_refused_on_its_field(scene, tree, resident, worker_a):
    order = _order(scene, resident, tree)
    with pytest.raises(DomainError) as exc:
        actions.order_evaluate(actor=resident, order=order, rating=6, now=NOW)
    assert "rating" in exc.value.fields


def test_an_order_the_community_cannot_serve_becomes_a_linked_ticket(scene, tree, resident, worker_a):
    from linli.tickets.models import Category

    order = _order(scene, resident, tree, service=scene.cleaning)
    ticket = actions.order_to_ticket(
        actor=worker_a, order=order, category=Category.objects.get(code="neighbours-leak"), now=NOW
    )
    order.refresh_from_db()
    assert order.ticket == ticket
    assert order.status == Status.CANCELLED
    assert list(ticket.service_orders.all()) == [order]


def test_a_ticket_becomes_a_service_order_linked_back(scene, tree, resident, worker_a):
    from linli.tickets.actions import ticket_submit
    from linli.tickets.models import Category

    ticket = ticket_submit(
        actor=worker_a,
        community=tree.community_a,
        category=Category.objects.get(code="neighbours-leak"),
        description="老人家里灯坏了",
        channel="walk_in",
        now=NOW,
    )
    order = actions.order_from_ticket(actor=worker_a, ticket=ticket, service=scene.repair, now=NOW)
    assert order.ticket == ticket
    assert order.channel == "station"
    with pytest.raises(DomainError):
        actions.order_from_ticket(actor=worker_a, ticket=ticket, service=scene.repair, now=NOW)
