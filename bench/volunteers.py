"""Volunteers on PostgreSQL (issue 14, "Figures"), at a scale given on the command line.

1. Ledger: seeds `--volunteers` volunteers with their accounts and `--transfers` earned transfers
   (two movements each) inside the database (generate_series, triggers off for the seed only),
   then times the balance of one volunteer (the page's read: `Account.balance`, and the same
   number summed from the movements), the ingest of signed-off hours through
   `actions.sign_off` (row locks, balance update, audit event, the deferred zero-sum trigger),
   and checks that all movements still sum to zero.
2. Check-in surge: `--checkins` organiser check-ins through the API (POST
   /api/v1/volunteers/signups/{id}/check-in, Django test client, session auth), one after another.
3. Volunteer share: `--communities` communities with `--residents` residents (常住) and the
   volunteers above spread over them; times `share.rolled_up(city)` end to end.

The reference measured in the same run: `SELECT 1` through Django's cursor.
"""

import contextlib
import datetime as dt
import fcntl
import os
import random
import statistics
import time

from common import parser, repeat, setup_django, summary


@contextlib.contextmanager
def bench_lock():
    """The machine-wide benchmark lock (the same flock(2) lock as `flock /tmp/bench.lock`), held
    only while timing: seeding runs unlocked under `nice`."""
    with open("/tmp/bench.lock", "a") as f:  # noqa: S108 (the shared lock file of the machine)
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def seed_tree(n: int) -> list[int]:
    from linli.areas.models import Area

    city = Area.objects.create(level="city", code="110000", name="北京市", path="110000/")
    district = Area.objects.create(
        level="district", code="110105", name="朝阳区", parent=city, path="110000/110105/"
    )
    streets = Area.objects.bulk_create(
        [
            Area(
                level="street",
                code=f"110105{s:03d}000",
                name=f"街道{s}",
                parent=district,
                path=f"110000/110105/110105{s:03d}000/",
            )
            for s in range(1, 337)
        ]
    )
    rows = []
    for i in range(n):
        st = streets[i % len(streets)]
        code = f"{st.code[:9]}{i // len(streets) + 1:03d}"
        rows.append(
            Area(level="community", code=code, name=f"社区{code}", parent=st, path=f"{st.path}{code}/")
        )
    return [a.pk for a in Area.objects.bulk_create(rows, batch_size=2000)]


def _token() -> str:
    from linli.common.crypto import encrypt

    return encrypt("110105199001010011")


def seed_ledger(cur, communities: list[int], volunteers: int, transfers: int) -> None:
    cur.execute("SET session_replication_role = replica")  # the seed only: no triggers
    cur.execute(
        "CREATE TEMPORARY TABLE bench_c AS SELECT row_number() OVER () - 1 AS i, id FROM areas_area WHERE level = 'community'"
    )
    n_c = len(communities)
    cur.execute(
        f"""INSERT INTO volunteers_volunteer (number, community_id, name, id_number, id_index, phone, phone_index,
        skills, availability, background, status, registered_at)
        SELECT 'V' || lpad(g::text, 10, '0'), c.id, '志愿者' || g, %s, md5(g::text), '', '', '', '', '', 'active',
        timestamptz '2025-01-01' + (g %% 365) * interval '1 day'
        FROM generate_series(1, {volunteers}) g JOIN bench_c c ON c.i = g %% {n_c}""",  # noqa: S608
        [_token()],
    )
    cur.execute(
        "INSERT INTO volunteers_account (kind, volunteer_id, area_id, balance, credit_limit) "
        "SELECT 'volunteer', id, community_id, 0, 0 FROM volunteers_volunteer"
    )
    cur.execute(
        "INSERT INTO volunteers_account (kind, area_id, balance, credit_limit) "
        "SELECT 'issued', id, 0, 0 FROM bench_c"
    )
    cur.execute(
        f"""INSERT INTO volunteers_transfer (code, kind, area_id, at, reason, order_code)
        SELECT 'H' || lpad(g::text, 10, '0'), 'earned', (SELECT id FROM bench_c WHERE i = 0),
        timestamptz '2025-01-01' + (g % 500) * interval '1 hour', '', ''
        FROM generate_series(1, {transfers}) g"""  # noqa: S608
    )
    # Each transfer: issued account of community 0 minus, volunteer (transfer id mod volunteers) plus.
    cur.execute("SELECT min(id) FROM volunteers_account WHERE kind = 'volunteer'")
    first_acc = cur.fetchone()[0]
    cur.execute("SELECT id FROM volunteers_account WHERE kind = 'issued' ORDER BY id LIMIT 1")
    issued = cur.fetchone()[0]
    cur.execute("SELECT min(id) FROM volunteers_transfer")
    t0 = cur.fetchone()[0]
    cur.execute(
        f"""INSERT INTO volunteers_movement (transfer_id, account_id, minutes)
        SELECT t, a, m FROM (
          SELECT {t0} + g - 1 AS t, {first_acc} + (g % {volunteers}) AS a, 60 + g % 120 AS m FROM generate_series(1, {transfers}) g
          UNION ALL
          SELECT {t0} + g - 1, {issued}, -(60 + g % 120) FROM generate_series(1, {transfers}) g
        ) x ORDER BY t"""  # noqa: S608
    )
    cur.execute(
        "UPDATE volunteers_account a SET balance = s.b FROM "
        "(SELECT account_id, sum(minutes) b FROM volunteers_movement GROUP BY account_id) s WHERE s.account_id = a.id"
    )
    cur.execute("SET session_replication_role = origin")
    cur.execute("ANALYZE")


def seed_residents(cur, residents: int, n_c: int) -> None:
    cur.execute(
        f"""INSERT INTO registry_resident (community_id, relation, hukou_where, hukou_code, lives_where, lives_code,
        lives_address, lives_since, status, name, id_number, id_index, gender, birth_date, phone, phone_index,
        ethnicity, hukou_place, employment, registered_at)
        SELECT c.id, CASE WHEN g %% 3 = 0 THEN 'head' ELSE 'spouse' END, CASE WHEN g %% 10 < 8 THEN 'here' ELSE 'outside' END,
        '', 'here', '', '', date '2020-01-01', 'active', '居民', %s, md5('r' || g), 'M', date '1970-01-01', '', '', '汉族', '',
        '', timestamptz '2020-01-01'
        FROM generate_series(1, {residents}) g JOIN bench_c c ON c.i = g %% {n_c}""",  # noqa: S608
        [_token()],
    )
    cur.execute("ANALYZE registry_resident")


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--communities", type=int, default=3454)
    p.add_argument("--volunteers", type=int, default=100_000)
    p.add_argument("--transfers", type=int, default=1_000_000)
    p.add_argument("--residents", type=int, default=2_180_000)
    p.add_argument("--ingest", type=int, default=2000)
    p.add_argument("--checkins", type=int, default=2000)
    p.add_argument("--reads", type=int, default=2000)
    a = p.parse_args()
    if not a.database_url.startswith("postgres"):
        raise SystemExit("this benchmark is for PostgreSQL: --database-url postgres://...")
    setup_django(a.database_url)
    from django.db import connection
    from django.utils import timezone

    from linli.accounts.actions import user_create
    from linli.accounts.roles import Role
    from linli.areas.models import Area
    from linli.volunteers import actions, share
    from linli.volunteers.models import Account, Activity, Shift, SignUp, Volunteer

    rng = random.Random(14)
    t = time.perf_counter()
    communities = seed_tree(a.communities)
    with connection.cursor() as cur:
        seed_ledger(cur, communities, a.volunteers, a.transfers)
        seed_residents(cur, a.residents, len(communities))
    print(
        f"seeded {a.communities} communities, {a.volunteers} volunteers, {a.transfers} transfers "
        f"({2 * a.transfers} movements), {a.residents} residents in {time.perf_counter() - t:.0f} s"
    )

    def ref() -> None:
        with connection.cursor() as c:
            c.execute("SELECT 1")

    reads_lock = bench_lock()
    reads_lock.__enter__()
    print(f"load while measuring: {os.getloadavg()}")
    print("reference SELECT 1:        ", summary(repeat(ref, a.reads)))
    acc_ids = list(Account.objects.filter(kind="volunteer").values_list("volunteer_id", flat=True)[:50_000])

    def balance() -> None:
        Account.objects.only("balance").get(volunteer_id=rng.choice(acc_ids)).balance  # noqa: B018

    def balance_summed() -> None:
        from django.db.models import Sum

        from linli.volunteers.models import Movement

        Movement.objects.filter(account__volunteer_id=rng.choice(acc_ids)).aggregate(s=Sum("minutes"))

    print("balance (Account.balance): ", summary(repeat(balance, a.reads)))
    print("balance (sum of movements):", summary(repeat(balance_summed, a.reads)))
    reads_lock.__exit__(None, None, None)

    # Ingest through the organiser's sign-off.
    now = timezone.now()
    organiser = user_create(
        actor=None,
        display_name="组织者",
        username="org",
        password="bench-pass-42",  # noqa: S106  (a throw-away bench user)
        role=Role.WORKER,
        area=Area.objects.get(pk=communities[0]),
    )
    start = now - dt.timedelta(hours=2)
    act = Activity.objects.create(
        code="ABENCH",
        area_id=communities[0],
        title="t",
        place="p",
        starts_at=start,
        ends_at=now + dt.timedelta(hours=1),
        qr_key="k" * 64,
        created_at=now,
        organiser=organiser,
    )

    def new_shift(n_in: int, n_total: int, vols: list[int]) -> Shift:
        shift = Shift.objects.create(
            activity=act,
            starts_at=start,
            ends_at=now + dt.timedelta(hours=1),
            capacity=n_total,
            confirmed=n_total,
        )
        SignUp.objects.bulk_create(
            [
                SignUp(
                    shift=shift,
                    volunteer_id=v,
                    status="confirmed",
                    signed_up_at=start,
                    checked_in_at=start if i < n_in else None,
                    checked_out_at=now if i < n_in else None,
                )
                for i, v in enumerate(vols[:n_total])
            ],
            batch_size=5000,
        )
        return shift

    vols = list(Volunteer.objects.order_by("pk").values_list("pk", flat=True)[: 2 * a.ingest + a.checkins])
    shift = new_shift(a.ingest, a.ingest + a.checkins, vols)
    # A second shift of other volunteers, signed off through the ORM's bulk_create path (the
    # previous one) for comparison in the same run.
    shift_orm = new_shift(a.ingest, a.ingest, vols[a.ingest + a.checkins :])
    entries = list(
        SignUp.objects.filter(shift=shift, checked_in_at__isnull=False).select_related(
            "shift__activity", "volunteer"
        )
    )
    one_by_one = entries[: a.ingest // 10]
    with bench_lock():
        print(f"load while measuring: {os.getloadavg()}")
        print("reference SELECT 1 (lock held):", summary(repeat(ref, a.reads)))
        t = time.perf_counter()
        for e in one_by_one:
            actions.sign_off(actor=organiser, entry=e, minutes=90, now=now)
        secs = time.perf_counter() - t
        print(
            f"ingest, one sign-off at a time: {len(one_by_one)} in {secs:.1f} s = {len(one_by_one) / secs:.0f} entries/s "
            "(each: locks, two movements, balances, audit event, zero-sum trigger at commit)"
        )
        from linli.volunteers.actions import ledger

        raw = ledger._insert_earned_pg
        ledger._insert_earned_pg = ledger._insert_earned_orm  # type: ignore[assignment]
        t = time.perf_counter()
        n = actions.shift_sign_off(actor=organiser, shift=shift_orm, now=now)
        secs = time.perf_counter() - t
        ledger._insert_earned_pg = raw  # type: ignore[assignment]
        print(
            f"ingest, a shift at once through bulk_create (before): {n} in {secs:.2f} s = {n / secs:.0f} entries/s"
        )
        t = time.perf_counter()
        n = actions.shift_sign_off(actor=organiser, shift=shift, now=now)
        secs = time.perf_counter() - t
        print(
            f"ingest, a shift at once, one INSERT … RETURNING statement (now): {n} in {secs:.2f} s = {n / secs:.0f} entries/s "
            "(one transaction, one audit event, zero-sum trigger per movement at commit)"
        )
    with connection.cursor() as c:
        c.execute("SELECT sum(minutes), count(*) FROM volunteers_movement")
        total, count = c.fetchone()
    print(f"sum of all {count} movements: {total}")

    # Check-in surge through the API.
    from django.conf import settings
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.ALLOWED_HOSTS = ["testserver"]
    client = Client()
    client.force_login(organiser)
    device = TOTPDevice.objects.create(user=organiser, name="b", confirmed=True)
    s = client.session
    s[DEVICE_ID_SESSION_KEY] = device.persistent_id
    s.save()
    todo = list(SignUp.objects.filter(shift=shift, checked_in_at__isnull=True).values_list("pk", flat=True))
    surge_lock = bench_lock()
    surge_lock.__enter__()
    print(f"load while measuring: {os.getloadavg()}")
    print("reference SELECT 1 (lock held):", summary(repeat(ref, a.reads)))
    ms = []
    for pk in todo:
        t = time.perf_counter()
        r = client.post(f"/api/v1/volunteers/signups/{pk}/check-in", {}, content_type="application/json")
        ms.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200, r.content
    print(
        f"check-in via API ({len(ms)} sequential):",
        summary(ms),
        f"→ {1000 / statistics.median(ms):.0f}/s on one process",
    )

    city = Area.objects.get(code="110000")
    runs = []
    for _ in range(3):
        t = time.perf_counter()
        total_share, _below = share.rolled_up(city, now=now)
        runs.append(time.perf_counter() - t)
    print(
        f"volunteer share, city, {total_share.communities} communities: median {statistics.median(runs):.2f} s "
        f"(runs {', '.join(f'{r:.2f}' for r in runs)}); {total_share.volunteers} volunteers / {total_share.residents} residents"
    )
    # The stored snapshot: a full refresh of every area, then one community recounted after a
    # registration change (its row and its street, district and city rows).
    runs = []
    for _ in range(3):
        t = time.perf_counter()
        rows = share.refresh_all(now=now)
        runs.append(time.perf_counter() - t)
    print(
        f"volunteer share stored, full refresh ({rows} area rows): median {statistics.median(runs):.2f} s "
        f"(runs {', '.join(f'{r:.2f}' for r in runs)})"
    )
    runs = []
    for cid in rng.sample(communities, 20):
        first = Volunteer.objects.filter(community_id=cid, status="active").order_by("pk").first()
        if first is not None:  # a registration change: one volunteer leaves
            Volunteer.objects.filter(pk=first.pk).update(status="left")
        t = time.perf_counter()
        share.refresh_community(cid, now=now)
        runs.append((time.perf_counter() - t) * 1000)
    print("volunteer share stored, one community recounted (ms):", summary(runs))
    street = Area.objects.filter(level="street").first()
    runs = []
    for _ in range(5):
        t = time.perf_counter()
        share.rolled_up(street, now=now)
        runs.append(time.perf_counter() - t)
    print(f"volunteer share, one street: median {statistics.median(runs) * 1000:.0f} ms")
    print(f"load after measuring: {os.getloadavg()}")
    surge_lock.__exit__(None, None, None)


if __name__ == "__main__":
    main()
