"""The full volunteer share (issue 14: 3,454 communities, < 30 s full) on a database that
`volunteers.py` seeded (reused, not dropped: run `volunteers.py` first with the same
`--database-url`).

Times, under /tmp/bench.lock with the reference `SELECT 1` in the same hold: the live roll-up of
the city (`share.rolled_up`), the stored snapshot's full refresh (`share.refresh_all`), and the
two grouped counts they are made of on their own — the registry's 常住人口 by community
(`registry.counts.counts_by_community`, one pass over every active resident) and the active
volunteers by community — so the time can be carried to other sizes by what each one reads.
"""

import os
import statistics
import sys
import time

from common import parser, repeat, summary
from volunteers import bench_lock


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--runs", type=int, default=3)
    a = p.parse_args()
    os.environ["DATABASE_URL"] = a.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linli.settings.test")
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from linli.areas.models import Area
    from linli.registry.counts import counts_by_community
    from linli.registry.models import Resident
    from linli.volunteers import share
    from linli.volunteers.models import Volunteer

    now = timezone.now()
    city = Area.objects.get(code="110000")
    residents = Resident.objects.filter(status="active").count()
    volunteers = Volunteer.objects.filter(status="active").count()
    communities = Area.objects.filter(level="community").count()
    print(f"{communities} communities, {residents} active residents, {volunteers} active volunteers")

    def ref() -> None:
        with connection.cursor() as c:
            c.execute("SELECT 1")

    def runs(fn) -> list[float]:
        out = []
        for _ in range(a.runs):
            t = time.perf_counter()
            fn()
            out.append(time.perf_counter() - t)
        return out

    def show(label: str, rs: list[float]) -> None:
        print(f"{label}: median {statistics.median(rs):.2f} s (runs {', '.join(f'{r:.2f}' for r in rs)})")

    with bench_lock():
        print(f"load: {os.getloadavg()}; reference SELECT 1: {summary(repeat(ref, 300))}")
        show(
            "registry count of 常住人口 by community (every active resident)",
            runs(lambda: counts_by_community(None, now=now)),
        )
        show("volunteers by community", runs(lambda: share.volunteer_counts(None)))
        show("share, city, live (rolled_up)", runs(lambda: share.rolled_up(city, now=now)))
        show("share, stored, full refresh (refresh_all)", runs(lambda: share.refresh_all(now=now)))
        print(f"load after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
