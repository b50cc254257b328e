"""The background pass over an open round's ballot box (issue 20).

Casting only checks a ballot's form (`crypto.ballot_shape`), so that it stays fast; this pass,
run every minute by the sweep in `linli.governance.sweeps` (and by `round_close` for whatever is
left), does the rest while voting goes on:

1. **Unlinking.** Every ballot not yet re-written is re-written once — deleted and inserted again in
   tracking-code order, in one transaction — so its row version no longer carries the transaction
   id (xmin), the physical place (ctid) or the TOAST rows of the cast that wrote it; the mark of
   that cast keeps its own. The old row versions are vacuumed after commit. A database copy
   taken after a pass pairs no mark with a ballot by xmin, ctid or order; one taken in the
   minute before pairs a mark with a *ciphertext* at best (neighbouring xmins), which says
   nothing without k trustees.
2. **Verification.** Up to `limit` ballots' proofs are checked (outside any transaction: ~0.2 s
   of CPU each) and their verdict written (`valid` true or false, again in one transaction for
   the lot). A ballot whose proofs fail is left out of the sum at close and shown as rejected
   under its tracking code.

The pass holds the round's box lock shared (as a cast does), so a close waits for it.
"""

from django.db import connection, transaction

from linli.common import jobs
from linli.governance import crypto, maintenance
from linli.governance.elections.actions.ballots import BOX_LOCK, round_layout
from linli.governance.models import Ballot, Round, RoundStatus


def ballots_pass(round_id: int, *, limit: int = 500) -> tuple[int, int, int]:
    """One pass over an open round: (ballots re-written, proofs checked, ballots rejected)."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SELECT pg_advisory_lock_shared(%s, %s)", [BOX_LOCK, round_id])
        try:
            return _pass(round_id, limit)
        finally:
            if connection.vendor == "postgresql":
                cur.execute("SELECT pg_advisory_unlock_shared(%s, %s)", [BOX_LOCK, round_id])


def _pass(round_id: int, limit: int) -> tuple[int, int, int]:
    r = Round.objects.select_related("election").filter(pk=round_id, status=RoundStatus.OPEN).first()
    if r is None:
        return 0, 0, 0
    with transaction.atomic():
        # seq is null from the cast until this re-write sets it to 0 (the close numbers the
        # chain): each ballot is re-written once for unlinking, however long its check waits.
        fresh = list(
            Ballot.objects.filter(round_id=round_id, valid__isnull=True, seq__isnull=True)
            .order_by("tracking_code")
            .values_list("tracking_code", "content")
        )
        _rewrite(round_id, [(code, content, None) for code, content in fresh])
    layout = round_layout(r, r.candidates.all())
    pending = list(
        Ballot.objects.filter(round_id=round_id, valid__isnull=True)
        .order_by("tracking_code")
        .values_list("tracking_code", "content")[:limit]
    )
    verdicts = [
        (code, content, crypto.ballot_ciphertexts(layout, content) is not None) for code, content in pending
    ]
    with transaction.atomic():
        # Only those still unchecked (a close in between would have checked them itself).
        still = set(
            Ballot.objects.filter(
                round_id=round_id, valid__isnull=True, tracking_code__in=[c for c, _x, _v in verdicts]
            ).values_list("tracking_code", flat=True)
        )
        _rewrite(round_id, [v for v in verdicts if v[0] in still])
    if fresh or verdicts:
        jobs.enqueue(maintenance.vacuum, "governance_ballot")
    return len(fresh), len(verdicts), sum(1 for v in verdicts if not v[2])


def _rewrite(round_id: int, rows: list[tuple[str, str, bool | None]]) -> None:
    if not rows:
        return
    Ballot.objects.filter(round_id=round_id, tracking_code__in=[c for c, _x, _v in rows]).delete()
    Ballot.objects.bulk_create(
        [Ballot(tracking_code=c, round_id=round_id, content=x, valid=v, seq=0) for c, x, v in sorted(rows)],
        batch_size=2000,
    )
