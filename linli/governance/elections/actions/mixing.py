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
2. **Verification.** Up to `limit` ballots' proofs are checked (~0.2 s of CPU each), `batch` at
   a time: each batch is locked (FOR UPDATE SKIP LOCKED), checked and re-written with its verdict
   (`valid` true or false) in one transaction, so passes running at once share the work. A ballot whose proofs fail is left out of the sum at close and shown as rejected
   under its tracking code.

The pass holds the round's box lock shared (as a cast does), so a close waits for it.
"""

from django.db import connection, transaction

from linli.common import jobs
from linli.governance import crypto, maintenance
from linli.governance.elections.actions.ballots import BOX_LOCK, round_layout
from linli.governance.models import Ballot, Round, RoundStatus

UNLINK_LOCK = BOX_LOCK + 1  # one pass at a time re-writes a round's new ballots (a fast step)
BATCH = 25  # ballots whose proofs one transaction checks (~5 s of CPU quiet)


def ballots_pass(round_id: int, *, limit: int = 500, batch: int = BATCH) -> tuple[int, int, int]:
    """One pass over an open round: (ballots re-written, proofs checked, ballots rejected).

    Any number of passes may run at once on the same round (the sweep in several worker
    processes, `manage.py governance_ballots_pass --workers N`): each takes its ballots with
    `SELECT ... FOR UPDATE SKIP LOCKED`, so no ballot is re-written or checked twice."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SELECT pg_advisory_lock_shared(%s, %s)", [BOX_LOCK, round_id])
        try:
            return _pass(round_id, limit, max(1, batch))
        finally:
            if connection.vendor == "postgresql":
                cur.execute("SELECT pg_advisory_unlock_shared(%s, %s)", [BOX_LOCK, round_id])


def _pass(round_id: int, limit: int, batch: int) -> tuple[int, int, int]:
    r = Round.objects.select_related("election").filter(pk=round_id, status=RoundStatus.OPEN).first()
    if r is None:
        return 0, 0, 0
    with transaction.atomic():
        # seq is null from the cast until this re-write sets it to 0 (the close numbers the
        # chain): each ballot is re-written once for unlinking, however long its check waits.
        # Passes take turns here (a concurrent pass would otherwise find every new ballot locked
        # and see none to check); ballots a pass is checking are skipped: it re-writes them.
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SELECT pg_advisory_xact_lock(%s, %s)", [UNLINK_LOCK, round_id])
        fresh = list(
            Ballot.objects.select_for_update(skip_locked=True)
            .filter(round_id=round_id, valid__isnull=True, seq__isnull=True)
            .order_by("tracking_code")
            .values_list("tracking_code", "content")
        )
        _rewrite(round_id, [(code, content, None) for code, content in fresh])
    layout = round_layout(r, r.candidates.all())
    checked = rejected = 0
    while checked < limit:
        with transaction.atomic():
            # A batch at a time, held (FOR UPDATE) while its proofs are checked and its verdicts
            # written: a concurrent pass skips these and takes the next ones. The close waits
            # for the pass (box lock), so nothing checked here is checked again there.
            pending = list(
                Ballot.objects.select_for_update(skip_locked=True)
                .filter(round_id=round_id, valid__isnull=True)
                .order_by("tracking_code")
                .values_list("tracking_code", "content")[: min(batch, limit - checked)]
            )
            if not pending:
                break
            verdicts: list[tuple[str, str, bool | None]] = [
                (code, content, crypto.ballot_ciphertexts(layout, content) is not None)
                for code, content in pending
            ]
            _rewrite(round_id, verdicts)
        checked += len(verdicts)
        rejected += sum(1 for v in verdicts if not v[2])
    if fresh or checked:
        jobs.enqueue(maintenance.vacuum, "governance_ballot")
    return len(fresh), checked, rejected


def _rewrite(round_id: int, rows: list[tuple[str, str, bool | None]]) -> None:
    if not rows:
        return
    Ballot.objects.filter(round_id=round_id, tracking_code__in=[c for c, _x, _v in rows]).delete()
    Ballot.objects.bulk_create(
        [Ballot(tracking_code=c, round_id=round_id, content=x, valid=v, seq=0) for c, x, v in sorted(rows)],
        batch_size=2000,
    )
