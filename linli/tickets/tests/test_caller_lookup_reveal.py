"""The hotline caller lookup answers only where the viewer may reveal the phone (issue 10, item 6)."""

from linli.common.tests.fullwidth import full_width


def test_a_caller_lookup_confirms_no_phone_to_a_viewer_without_the_reveal_right(tree, make_ticket, worker_a):
    from conftest import PASSWORD
    from linli.accounts.actions import user_create
    from linli.accounts.roles import Role
    from linli.tickets.queries import caller_lookup

    auditor = user_create(
        actor=None,
        display_name="监督",
        username="aud",
        password=PASSWORD,
        role=Role.AUDITOR,
        area=tree.community_a,
    )
    ticket = make_ticket(actor=worker_a, channel="walk_in", contact_phone="13700000001")
    assert [t.pk for t in caller_lookup(worker_a, full_width("137 0000 0001")).tickets] == [ticket.pk]
    assert caller_lookup(auditor, "13700000001").tickets == []
