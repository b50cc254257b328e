"""Monthly totals of approved ledger entries (LedgerMonth): added to on approval, rebuilt on demand."""

import datetime as dt
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Sum
from django.db.models.functions import TruncMonth

from linli.areas.models import Area
from linli.finance.models import EntryStatus, LedgerEntry, LedgerMonth


def add(entry: LedgerEntry) -> None:
    """Count a just-approved entry; call inside the approving transaction."""
    keys = {
        "community_id": entry.community_id,
        "month": entry.occurred_on.replace(day=1),
        "fund": entry.fund,
        "direction": entry.direction,
        "category": entry.category,
    }
    change = {"amount_fen": F("amount_fen") + entry.amount_fen, "entries": F("entries") + 1}
    if LedgerMonth.objects.filter(**keys).update(**change):
        return
    try:
        with transaction.atomic():
            LedgerMonth.objects.create(**keys, amount_fen=entry.amount_fen, entries=1)
    except IntegrityError:  # another approval created the row first
        LedgerMonth.objects.filter(**keys).update(**change)


def aligned(start: dt.date | None, end: dt.date | None) -> bool:
    """Whether [start, end] is made of whole months, so that monthly totals answer it."""
    if start is not None and start.day != 1:
        return False
    return end is None or (end + dt.timedelta(days=1)).day == 1


def rebuild(communities: Iterable[Area] | None = None) -> int:
    """Recompute the totals from the approved entries; returns how many rows differed."""
    with transaction.atomic():
        entries = LedgerEntry.objects.filter(status=EntryStatus.APPROVED)
        existing = LedgerMonth.objects.all()
        if communities is not None:
            ids = [c.pk for c in communities]
            entries = entries.filter(community_id__in=ids)
            existing = existing.filter(community_id__in=ids)
        fresh = {
            (r["community_id"], r["m"], r["fund"], r["direction"], r["category"]): (r["s"], r["n"])
            for r in entries.annotate(m=TruncMonth("occurred_on"))
            .values("community_id", "m", "fund", "direction", "category")
            .annotate(s=Sum("amount_fen"), n=Count("id"))
        }
        old = {
            (r.community_id, r.month, r.fund, r.direction, r.category): (r.amount_fen, r.entries)
            for r in existing
        }
        differing = sum(1 for k in set(fresh) | set(old) if fresh.get(k) != old.get(k))
        if differing:
            existing.delete()
            LedgerMonth.objects.bulk_create(
                [
                    LedgerMonth(
                        community_id=k[0],
                        month=k[1],
                        fund=k[2],
                        direction=k[3],
                        category=k[4],
                        amount_fen=s,
                        entries=n,
                    )
                    for k, (s, n) in fresh.items()
                ],
                batch_size=2000,
            )
    return differing
