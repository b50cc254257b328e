"""A community's public finance page (/public/<code>/finance/) with 10,000 ledger entries.

Data by bulk_create: one street of communities, the measured one holding `--entries` approved
entries over one year (every fund and category, 1 % of them reversals), `--donations` money
donations each with linked uses, a funding run; the other communities hold as many entries each,
so the indexes have to pick one community out of many. Timed with Django's test client (the
whole request: middleware, queries, template, SVG charts), after warm-up.
"""

import datetime as dt
import os
import random
import time

from common import connect_django, parser, repeat, setup_django, summary, timer


def build(entries: int, others: int, donations: int, seed: int) -> str:
    from linli.areas.models import Area
    from linli.finance import totals
    from linli.finance.actions import funding_compute
    from linli.finance.models import Category, Donation, LedgerEntry

    rng = random.Random(seed)
    city = Area.objects.create(level="city", code="110000", name="北京市", path="110000/")
    district = Area.objects.create(
        level="district", code="110105", name="朝阳区", parent=city, path="110000/110105/"
    )
    street = Area.objects.create(
        level="street",
        code="110105001000",
        name="建外街道",
        parent=district,
        path=f"{district.path}110105001000/",
    )
    communities = Area.objects.bulk_create(
        [
            Area(
                level="community",
                code=f"110105001{i:03d}",
                name=f"社区{i}",
                parent=street,
                path=f"{street.path}110105001{i:03d}/",
            )
            for i in range(1, others + 2)
        ]
    )
    target = communities[0]
    expense_cats = [
        c for c in Category.values if c not in {"allocation", "donation", "project_income", "other_income"}
    ]
    income_cats = ["allocation", "other_income", "project_income"]
    funds = ["office", "welfare", "project"]
    start = dt.date(2026, 1, 1)
    for community in communities:
        gifts = Donation.objects.bulk_create(
            [
                Donation(
                    code=f"D{community.pk}-{i}",
                    community=community,
                    receipt_number=f"R{i}",
                    donor_kind="unit" if i % 2 else "person",
                    donor_name=f"捐赠方{i}",
                    anonymous=i % 3 == 0,
                    kind="money",
                    amount_fen=1_000_000,
                    purpose="慰问困难家庭",
                    received_on=start + dt.timedelta(days=i),
                )
                for i in range(donations)
            ]
        )
        rows = []
        for i in range(entries):
            income = i % 5 == 0
            fund = rng.choice(funds)
            gift = gifts[i % len(gifts)] if gifts and i % 50 == 1 else None
            rows.append(
                LedgerEntry(
                    code=f"L{community.pk}-{i}",
                    community=community,
                    fund="donations" if gift else fund,
                    direction="income" if income else "expense",
                    category=rng.choice(income_cats)
                    if income
                    else ("relief" if gift else rng.choice(expense_cats)),
                    amount_fen=rng.randint(100, 500_000) if not gift else 1_000,
                    occurred_on=start + dt.timedelta(days=rng.randrange(365)),
                    description=f"第{i}笔 社区日常收支",
                    status="approved",
                    donation=gift,
                )
            )
        LedgerEntry.objects.bulk_create(rows, batch_size=5000)
    totals.rebuild(communities)  # what the approval action keeps up entry by entry
    funding_compute(actor=None, year=2026, counts={target.pk: {"registered": 2345}})
    return target.code


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--entries", type=int, default=10_000)
    p.add_argument("--others", type=int, default=9, help="other communities with as many entries")
    p.add_argument("--donations", type=int, default=40)
    p.add_argument("--requests", type=int, default=300)
    p.add_argument("--seed", type=int, default=6)
    p.add_argument(
        "--reuse", action="store_true", help="the first community of an existing city (bench/city.py)"
    )
    args = p.parse_args()
    os.environ["DJANGO_DEBUG"] = "0"  # var/linli.env of `make demo` turns DEBUG on; measure production mode
    if args.reuse:
        connect_django(args.database_url)
    else:
        setup_django(args.database_url)
    from django.db import connection
    from django.test import Client

    year = 2026
    if args.reuse:
        from django.utils import timezone

        from linli.areas.models import Area
        from linli.finance.models import LedgerEntry

        code = Area.objects.filter(level="community").order_by("code").values_list("code", flat=True)[0]
        year = timezone.localdate().year
        args.entries = LedgerEntry.objects.filter(community__code=code).count()
        print(
            f"{connection.vendor}: the city's {LedgerEntry.objects.count():,} entries; {code} holds {args.entries}"
        )
    else:
        with timer() as t:
            code = build(args.entries, args.others, args.donations, args.seed)
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("ANALYZE")
        print(
            f"{connection.vendor}: data: {(args.others + 1) * args.entries:,} entries in {args.others + 1} communities ({t['seconds']:.1f} s)"
        )
    client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="zh-hans")
    url = f"/public/{code}/finance/?year={year}"
    for _ in range(10):
        response = client.get(url)
        assert response.status_code == 200, response.status_code
    queries: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        body = client.get(url).content
    assert "<svg" in body.decode()
    cpu: list[float] = []

    def one() -> None:
        start = time.process_time()
        client.get(url)
        cpu.append((time.process_time() - start) * 1000)

    ms = repeat(one, args.requests)
    print(f"{connection.vendor}: GET {url} with {args.entries:,} entries: {summary(ms)}")
    print(f"{connection.vendor}:   CPU time of this process per request: {summary(cpu)}")
    print(
        f"{connection.vendor}:   load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    print(f"{connection.vendor}: {len(queries)} queries per page, {len(body) / 1024:.0f} KiB of HTML")


if __name__ == "__main__":
    main()
