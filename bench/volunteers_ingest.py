"""Ingest of signed-off hours (issue 14: ≥ 1,000 signed-off entries/s) on a database that
`volunteers.py` seeded (it is reused, not dropped: run `volunteers.py` first with the same
`--database-url`).

Each round makes two fresh shifts of `--entries` checked-out volunteers who have no sign-up yet
and signs each off whole (`actions.shift_sign_off`): one through the ORM's `bulk_create` path
(the path before the set-based statement; any database) and one through the PostgreSQL path (one
`INSERT … RETURNING` for the transfers and their movements). Besides wall-clock entries/s it
prints the CPU seconds the client process and the PostgreSQL backend spent, read from /proc (the
database runs on the same machine): on a loaded machine the wall clock mostly measures waiting for
a core, the CPU seconds do not. Timed parts hold /tmp/bench.lock; the reference `SELECT 1` is
measured in the same hold.
"""

import datetime as dt
import os
import statistics
import sys
import time

from common import parser, repeat, summary
from volunteers import bench_lock


def cpu_seconds(pid: int) -> float:
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()  # noqa: SIM115
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--entries", type=int, default=2000)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--reads", type=int, default=300)
    a = p.parse_args()
    os.environ["DATABASE_URL"] = a.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linli.settings.test")
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from linli.accounts.models import User
    from linli.volunteers import actions
    from linli.volunteers.actions import ledger
    from linli.volunteers.models import Activity, Shift, SignUp, Volunteer

    act = Activity.objects.get(code="ABENCH")
    organiser = User.objects.get(username="org")
    with connection.cursor() as c:
        c.execute("SELECT pg_backend_pid()")
        backend = c.fetchone()[0]

    def ref() -> None:
        with connection.cursor() as c:
            c.execute("SELECT 1")

    def fresh_shift(now: dt.datetime) -> Shift:
        start = now - dt.timedelta(hours=2)
        used = SignUp.objects.values("volunteer_id")
        vols = list(
            Volunteer.objects.exclude(pk__in=used).order_by("pk").values_list("pk", flat=True)[: a.entries]
        )
        shift = Shift.objects.create(
            activity=act,
            starts_at=start,
            ends_at=now + dt.timedelta(hours=1),
            capacity=len(vols),
            confirmed=len(vols),
        )
        SignUp.objects.bulk_create(
            [
                SignUp(
                    shift=shift,
                    volunteer_id=v,
                    status="confirmed",
                    signed_up_at=start,
                    checked_in_at=start,
                    checked_out_at=now,
                )
                for v in vols
            ],
            batch_size=5000,
        )
        return shift

    def timed(shift: Shift, now: dt.datetime) -> tuple[int, float, float, float]:
        b0, c0, t0 = cpu_seconds(backend), time.process_time(), time.perf_counter()
        n = actions.shift_sign_off(actor=organiser, shift=shift, now=now)
        return n, time.perf_counter() - t0, time.process_time() - c0, cpu_seconds(backend) - b0

    results: dict[str, list[tuple[int, float, float, float]]] = {"orm": [], "sql": []}
    raw = ledger._insert_earned_pg
    for _ in range(a.rounds):
        now = timezone.now()
        shifts = {"orm": fresh_shift(now), "sql": fresh_shift(now)}
        with bench_lock():
            print(f"load: {os.getloadavg()}; reference SELECT 1: {summary(repeat(ref, a.reads))}")
            ledger._insert_earned_pg = ledger._insert_earned_orm  # type: ignore[assignment]
            results["orm"].append(timed(shifts["orm"], now))
            ledger._insert_earned_pg = raw  # type: ignore[assignment]
            results["sql"].append(timed(shifts["sql"], now))
            print(f"load after: {os.getloadavg()}")
    for name, label in (("orm", "bulk_create (before)"), ("sql", "one INSERT … RETURNING (now)")):
        rows = results[name]
        rates = [n / wall for n, wall, _c, _s in rows]
        per_k = [1000 * (c + s) / n for n, _w, c, s in rows]
        print(
            f"ingest, {label}: {rows[0][0]} entries a shift, wall median {statistics.median(rates):.0f} entries/s "
            f"(runs {', '.join(f'{r:.0f}' for r in rates)}); CPU per 1,000 entries, client + PostgreSQL: "
            f"median {statistics.median(per_k):.2f} s (runs {', '.join(f'{x:.2f}' for x in per_k)}) "
            f"→ {1000 / statistics.median(per_k):.0f} entries per CPU-second"
        )
    with connection.cursor() as c:
        c.execute("SELECT sum(minutes), count(*) FROM volunteers_movement")
        total, count = c.fetchone()
    print(f"sum of all {count} movements: {total}")


if __name__ == "__main__":
    main()
