"""Intake at city scale (issue 18): at 8-9 tickets/s the time went to the indicators' refresh,
run inside the request because the benchmark server ran jobs "immediate". With jobs on the queue
(production, `LINLI_JOBS_BACKEND=rq`) the request only queues it."""

import datetime as dt
from unittest import mock

from django.core.cache import cache

from linli.indicators.refresh import refresh_job
from linli.tickets import actions
from linli.tickets.calendar import TZ

NOW = dt.datetime(2026, 11, 2, 10, tzinfo=TZ)  # a Monday, in working hours


def test_intake_queues_the_indicator_refresh_and_never_computes_it_in_the_request(
    tree, resident, leak, settings, django_capture_on_commit_callbacks
):
    settings.LINLI_JOBS_BACKEND = "rq"
    queue = mock.Mock()
    with (
        mock.patch("django_rq.get_queue", return_value=queue),
        mock.patch("linli.indicators.refresh.refresh_subtree") as compute,
        django_capture_on_commit_callbacks(execute=True),
    ):
        actions.ticket_submit(
            actor=resident,
            community=tree.community_a,
            category=leak,
            description="楼道灯不亮",
            now=NOW,
        )
    compute.assert_not_called()
    queued = [call.args[0] for call in queue.enqueue.call_args_list]
    assert refresh_job in queued


def test_with_jobs_immediate_the_same_intake_refreshes_in_the_request(
    tree, resident, leak, django_capture_on_commit_callbacks
):
    with (
        mock.patch("linli.indicators.refresh.refresh_subtree", return_value=0) as compute,
        django_capture_on_commit_callbacks(execute=True),
    ):
        actions.ticket_submit(
            actor=resident,
            community=tree.community_a,
            category=leak,
            description="楼道灯不亮",
            now=NOW,
        )
    assert compute.called


def test_a_queued_refresh_covers_the_later_intakes_of_the_community_until_it_starts(
    tree, resident, leak, settings, django_capture_on_commit_callbacks
):
    settings.LINLI_JOBS_BACKEND = "rq"
    settings.LINLI_INDICATOR_REFRESH_COALESCE = True  # with Redis: a cache every process shares
    cache.clear()
    queue = mock.Mock()

    def intake() -> None:
        with django_capture_on_commit_callbacks(execute=True):
            actions.ticket_submit(
                actor=resident,
                community=tree.community_a,
                category=leak,
                description="楼道灯不亮",
                now=NOW,
            )

    def refreshes() -> list:
        return [call for call in queue.enqueue.call_args_list if call.args[0] is refresh_job]

    with mock.patch("django_rq.get_queue", return_value=queue):
        for _ in range(3):
            intake()
        assert len(refreshes()) == 1
        # The job drops its flag before it reads: an intake after that queues the next one.
        call = refreshes()[0]
        with mock.patch("linli.indicators.refresh.refresh_subtree", return_value=0):
            refresh_job(*call.args[1:], **call.kwargs)
        intake()
        assert len(refreshes()) == 2
