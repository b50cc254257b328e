"""PostgreSQL: tickets and their timeline in monthly partitions (linli.common.partitions)."""

import gzip
import hashlib
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import override_settings
from django.utils import timezone

from linli.audit import chain, retention
from linli.audit.models import ArchivedPartition
from linli.audit.tests.test_retention import RETENTION, sequences  # noqa: F401  (fixture)
from linli.common import partitions
from linli.tickets import actions
from linli.tickets.models import Attachment, Extension, Notification, Rating, Ticket, TicketEvent

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="partitions exist on PostgreSQL only"
)


def _partition(table: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT tableoid::regclass::text FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def _submit(tree, resident, leak) -> Ticket:
    return actions.ticket_submit(
        actor=resident,
        community=tree.community_a,
        category=leak,
        description="楼道灯不亮",
        now=timezone.now(),
    )


def test_a_ticket_and_its_timeline_share_a_month_and_its_number_stays_unique(
    tree,
    resident,
    leak,
    sequences,  # noqa: F811
):
    first = _submit(tree, resident, leak)
    later = timezone.now() + timedelta(days=31 * 5)
    retention.maintain(now=later, archive_due=False)
    second = _submit(tree, resident, leak)
    month = partitions.month_index(timezone.localtime(later).date())
    assert _partition("tickets_ticket", second.pk) == partitions.partition_name("tickets_ticket", month)
    assert _partition("tickets_ticket", first.pk) != _partition("tickets_ticket", second.pk)
    event = TicketEvent.objects.filter(ticket=second).first()
    assert event is not None
    assert _partition("tickets_ticketevent", event.pk) == partitions.partition_name(
        "tickets_ticketevent", month
    )
    # The number of a ticket from another month cannot be taken again.
    second.code = first.code
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save(update_fields=["code"])
    copy = Ticket.objects.get(pk=first.pk)
    copy.pk, copy.token = None, "another-token"
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save(force_insert=True)
    # Foreign keys to the partitioned table still hold.
    with pytest.raises(IntegrityError), transaction.atomic():
        TicketEvent.objects.create(ticket_id=month * partitions.SPAN + 10**9, kind="submitted")
        connection.check_constraints()


def _rate(ticket: Ticket, community) -> Rating:
    return Rating.objects.create(
        ticket=ticket,
        community=community,
        kind="evaluated",
        at=timezone.now(),
        resolved=True,
        satisfaction="satisfied",
    )


@override_settings(LINLI_RETENTION=RETENTION)
def test_a_month_of_tickets_leaves_with_its_ratings_and_the_other_records_of_the_app(
    tree,
    resident,
    leak,
    sequences,  # noqa: F811
    tmp_path,
):
    ticket = _submit(tree, resident, leak)
    rating = _rate(ticket, tree.community_a)
    Extension.objects.create(ticket=ticket, days=3, reason="等待配件", state="approved")
    Notification.objects.create(user=resident, ticket=ticket, kind="submitted")
    name = _partition("tickets_ticket", ticket.pk)
    later = timezone.now() + timedelta(days=31 * 70)
    with override_settings(LINLI_ARCHIVE_DIR=str(tmp_path)):
        report = retention.maintain(now=later)
    assert report is not None and report.refused == []
    kinds = {a.partition: a for a in report.archived}
    ratings = kinds[f"{name}.tickets_rating"]
    assert ratings.kind == "ratings" and ratings.rows == 1
    assert kinds[f"{name}.tickets_extension"].rows == 1
    assert kinds[f"{name}.tickets_notification"].rows >= 1  # with the one intake sent
    assert kinds[f"{name}.tickets_departmentcall"].rows == 0
    assert name in kinds
    data = (tmp_path / f"{name}.tickets_rating.copy.gz").read_bytes()
    assert hashlib.sha256(data).hexdigest() == ratings.sha256
    lines = gzip.decompress(data).decode().splitlines()
    assert lines[0].startswith("id\t") and lines[1].startswith(f"{rating.pk}\t")
    assert not Ticket.objects.filter(pk=ticket.pk).exists()
    assert not Rating.objects.filter(pk=rating.pk).exists()
    assert not Extension.objects.filter(ticket_id=ticket.pk).exists()
    assert ArchivedPartition.objects.filter(kind="ratings", partition=f"{name}.tickets_rating").exists()
    assert chain.verify()[1] is None


@override_settings(LINLI_RETENTION=RETENTION)
def test_a_month_of_tickets_that_others_still_point_at_stays(tree, resident, leak, sequences, tmp_path):  # noqa: F811
    ticket = _submit(tree, resident, leak)
    rating = _rate(ticket, tree.community_a)
    # An attachment (with its file) is not archived with the month: the month stays, whole.
    Attachment.objects.create(ticket=ticket, file="tickets/2026/01/x.jpg", content_type="image/jpeg", size=1)
    name = _partition("tickets_ticket", ticket.pk)
    later = timezone.now() + timedelta(days=31 * 70)
    with override_settings(LINLI_ARCHIVE_DIR=str(tmp_path)):
        report = retention.maintain(now=later)
    assert report is not None and any(name in refused for refused in report.refused)
    assert Ticket.objects.filter(pk=ticket.pk).exists()
    assert TicketEvent.objects.filter(ticket=ticket).exists()
    assert Rating.objects.filter(pk=rating.pk).exists()
    assert not list(tmp_path.glob(f"{name}*"))
