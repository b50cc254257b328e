"""The staff home pages at city scale (issue 18): `/` for a worker, a street officer, a district
officer and the city administrator, each signed in (session + second factor), through gunicorn
and wrk with 50 connections, on a database the city generator built:

    make bench B=home_pages ARGS="--database-url postgres://postgres@127.0.0.1:5432/<city db>"

References in the same run: the minimal Django JSON view (`bench/ping`) and the minimal signed-in
page (`bench/page`: session, user, second factor, navigation and base template, empty body). The
home page's tiles are what each role's apps contribute (`linli.web.home`), so this measures all of
them at once for each level of the tree.
"""

import signal

from common import parser, start_gunicorn, wait_http
from indicators import signed_in_cookie, wrk95
from tickets import wrk

PASSWORD = "bench-only-horse-42"  # noqa: S105 - a throw-away database's users


def staff() -> list[tuple[str, object]]:
    """(label, user) for each level, made on the city's first community when missing."""
    from linli.accounts.actions import user_create
    from linli.accounts.models import User
    from linli.areas.models import Area

    community = Area.objects.filter(level="community").order_by("code").first()
    street = community.parent
    district = street.parent
    city = district.parent
    out = []
    for label, username, role, area in (
        ("worker", "w1", "worker", community),
        ("street officer", "s1", "street_officer", street),
        ("district officer", "d1", "district_officer", district),
        ("city administrator", "ind_admin", "city_admin", city),
    ):
        user = User.objects.filter(username=username).first() or user_create(
            actor=None, username=username, display_name=username, password=PASSWORD, role=role, area=area
        )
        out.append((f"{label} ({area.code})", user))
    return out


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--seconds", type=int, default=15)
    p.add_argument("--workers", type=int, default=4)
    args = p.parse_args()
    import os

    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linli.settings.test")
    import django

    django.setup()
    people = [(label, signed_in_cookie(user)) for label, user in staff()]
    server = start_gunicorn("indicators_settings", 8474, args.workers)
    try:
        base = "http://127.0.0.1:8474"
        wait_http(f"{base}/bench/ping")
        wrk(f"{base}/bench/ping", 3, 50)
        ping = wrk95(f"{base}/bench/ping", args.seconds, [])
        print(f"minimal view: {ping['rps']:.0f} req/s, p50 {ping['p50']:.1f} ms, p95 {ping['p95']:.1f} ms")
        cookie = people[0][1]
        wrk(f"{base}/bench/page", 3, 50, [cookie])
        page = wrk95(f"{base}/bench/page", args.seconds, [cookie])
        print(
            f"signed-in empty page: {page['rps']:.0f} req/s, p50 {page['p50']:.1f} ms, p95 {page['p95']:.1f} ms"
        )
        for label, cookie in people:
            wrk(f"{base}/", 3, 50, [cookie])
            r = wrk95(f"{base}/", args.seconds, [cookie])
            print(
                f"home page, {label}: {r['rps']:.0f} req/s, p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms,"
                f" p99 {r['p99']:.1f} ms, non-2xx {r['errors']}, timeouts {r['timeouts']};"
                f" throughput / the empty page's {r['rps'] / page['rps']:.2f},"
                f" p95 / the empty page's {r['p95'] / page['p95']:.2f}"
            )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=120)


if __name__ == "__main__":
    main()
