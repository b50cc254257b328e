"""Public services (issue 19): matching seekers for a posting, the dynamic review sweep, and the
public assistance notice. PostgreSQL; the data is generated set-wise (INSERT ... SELECT).

    make bench B=publicservices ARGS="--database-url postgres://postgres@127.0.0.1:5432/linli_bench_ps \
        --seekers 1000000 --recipients 300000"

1. Matching: `--seekers` residents, each a seeking job seeker with three of 200 skills and an
   availability (50 % full time, 30 % part time, 20 % flexible), spread over 500 communities of 20
   streets of one district. `employment.queries.seekers_matching` (what the posting page and
   `GET .../postings/{code}/matches` call) for a district posting (every seeker is in its area),
   a street posting and a community posting, each with three skills, as a district officer;
   median / p95 / p99 in process. Reference in the same run: one seeker by primary key.
2. Review sweep: `--recipients` granted 低保/特困 applications (one household each), their
   reviews spread over the year (about one in twelve due), their care tags in step except 0.5 %
   missing and 0.2 % of ended grants still tagged. `assistance.review.review_sweep(now)` once
   (flags the due reviews, adds and removes the out-of-step tags through the registry's audited
   actions), then again (nothing to change: the steady hourly run).
3. Notice: the public board's assistance page (`/public/<code>/assistance/`, no sign-in) of a
   community with 200 recipients and 10 running notices, through Django's test client; reference:
   the same page of a community with none.
"""

import datetime as dt
import os
import statistics
import time

from common import parser, repeat, setup_django, summary, timer

SKILLS = 200


def build_areas(n_streets: int = 20, per_street: int = 25):
    from linli.areas.models import Area

    city = Area.objects.create(code="110000", name="北京市", level="city", path="110000/")
    district = Area.objects.create(
        code="110105", name="朝阳区", level="district", parent=city, path="110000/110105/"
    )
    streets = Area.objects.bulk_create(
        Area(
            code=f"110105{s:03d}000",
            name=f"街道{s}",
            level="street",
            parent=district,
            path=f"{district.path}110105{s:03d}000/",
        )
        for s in range(1, n_streets + 1)
    )
    communities = Area.objects.bulk_create(
        Area(
            code=f"{st.code[:9]}{c:03d}",
            name=f"社区{st.code[6:9]}-{c}",
            level="community",
            parent=st,
            path=f"{st.path}{st.code[:9]}{c:03d}/",
        )
        for st in streets
        for c in range(1, per_street + 1)
    )
    return district, streets, communities


def execute(sql: str, params: list | None = None) -> float:
    from django.db import connection

    start = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(sql, params or [])
    return time.perf_counter() - start


def build_residents(n: int, communities, now) -> int:
    """One template resident through the registry's action, then n copies set-wise; returns the
    template's id (the copies have larger ids)."""
    from linli.common.idnumber import check_character
    from linli.registry.actions import PersonData, household_register

    household = household_register(
        actor=None,
        community=communities[0],
        head=PersonData(
            name="模板居民",
            id_number="11010519700101001" + check_character("11010519700101001"),
            phone="13800000000",
        ),
        now=now,
    )
    template = household.head_id
    ids = [c.pk for c in communities]
    seconds = execute(
        """
        INSERT INTO registry_resident (relation, status, name, id_number, id_index, gender, birth_date,
            phone, phone_index, ethnicity, hukou_place, employment, registered_at, community_id,
            household_id, hukou_code, hukou_where, lives_address, lives_code, lives_where)
        SELECT t.relation, 'active', '居民' || g, t.id_number, md5('id' || g), t.gender, t.birth_date,
            t.phone, md5('ph' || g), t.ethnicity, t.hukou_place, t.employment, t.registered_at,
            (%s::bigint[])[1 + g %% %s], NULL, t.hukou_code, t.hukou_where, t.lives_address,
            t.lives_code, t.lives_where
        FROM generate_series(1, %s) g, registry_resident t WHERE t.id = %s
        """,
        [ids, len(ids), n, template],
    )
    print(f"  {n:,} residents inserted in {seconds:.1f} s")
    return template


def build_seekers(template: int, now) -> None:
    # Three skills each, one from each third of the 200 (66, 66 and 68), so never twice.
    seconds = execute(
        """
        INSERT INTO publicservices_seeker (code, source, skills, training_wanted, availability, status,
            registered_at, community_id, resident_id)
        SELECT 'JS' || lpad(r.id::text, 10, '0'), 'import',
            concat_ws(',', 'skill' || lpad((r.id * 7 %% 66)::text, 3, '0'),
                           'skill' || lpad((66 + r.id * 13 %% 66)::text, 3, '0'),
                           'skill' || lpad((132 + r.id * 17 %% 68)::text, 3, '0')),
            '',
            CASE WHEN r.id %% 10 < 5 THEN 'full_time' WHEN r.id %% 10 < 8 THEN 'part_time' ELSE 'flexible' END,
            'seeking', %s - (r.id %% 1000) * interval '1 hour', r.community_id, r.id
        FROM registry_resident r WHERE r.id > %s
        """,
        [now, template],
    )
    seconds += execute(
        """
        INSERT INTO publicservices_seekerskill (seeker_id, skill, community_id, availability, seeking)
        SELECT s.id, unnest(string_to_array(s.skills, ',')), s.community_id, s.availability, true
        FROM publicservices_seeker s
        """
    )
    seconds += execute(
        "ANALYZE registry_resident; ANALYZE publicservices_seeker; ANALYZE publicservices_seekerskill"
    )
    print(f"  seekers and their skill rows in {seconds:.1f} s")


def bench_matching(district, streets, communities, now, runs: int = 60) -> None:
    from linli.accounts.actions import user_create
    from linli.accounts.models import User
    from linli.accounts.roles import Role
    from linli.publicservices.employment import actions, queries
    from linli.publicservices.models.employment import Seeker

    officer = User.objects.filter(username="district").first() or user_create(
        actor=None,
        display_name="区就业",
        username="district",
        password="bench-only-horse-42",  # noqa: S106 - a throw-away database
        role=Role.DISTRICT_OFFICER,
        area=district,
    )
    skills = "skill005,skill070,skill140"
    postings = {
        f"district ({Seeker.objects.count():,} seekers in area)": district,
        "street": streets[0],
        "community": communities[0],
    }
    ref_pk = Seeker.objects.order_by("pk").values_list("pk", flat=True)[500]
    reference = repeat(lambda: Seeker.objects.filter(pk=ref_pk).select_related("resident").first(), 200)
    print(f"  reference (one seeker by pk): {summary(reference)}")
    for label, area in postings.items():
        posting = actions.posting_create(
            actor=None,
            area=area,
            employer="某单位",
            title="岗位",
            kind="market",
            skills=skills,
            availability="full_time",
            openings=3,
            now=now,
        )
        found = queries.seekers_matching(officer, posting, 50)
        assert found and found[0][1] >= 1, found[:3]
        ms = repeat(lambda p=posting: queries.seekers_matching(officer, p, 50), runs)
        print(
            f"  matching, {label} posting: {summary(ms)}; top score {found[0][1]}, "
            f"ratio to reference {statistics.median(ms) / statistics.median(reference):.0f}x"
        )


def build_recipients(n: int, template: int, communities, now) -> None:
    """n households with a granted 低保 (9 in 10) or 特困 application each, on the first n copies."""
    day = now.date()
    seconds = execute(
        """
        INSERT INTO registry_household (code, is_active, created_at, community_id, head_id, collective_unit)
        SELECT 'HH' || lpad(r.id::text, 10, '0'), true, %s, r.community_id, r.id, ''
        FROM registry_resident r WHERE r.id > %s AND r.id <= %s
        """,
        [now, template, template + n],
    )
    seconds += execute(
        """
        INSERT INTO publicservices_application (code, kind, status, members, monthly_income_fen, assets_fen,
            reason, requested_fen, amount_fen, created_at, check_due, check_report, refusal,
            next_review_on, decided_at, applicant_id, community_id, household_id)
        SELECT 'AS' || lpad(h.id::text, 10, '0'),
            CASE WHEN h.id %% 10 = 0 THEN 'tekun' ELSE 'dibao' END,
            CASE WHEN h.id %% 500 = 1 THEN 'ended' ELSE 'granted' END,
            2, 50000, 0, '', 139500, 139500, %s, %s, '', '',
            %s::date + ((h.id %% 365) - 30)::int, %s, h.head_id, h.community_id, h.id
        FROM registry_household h WHERE h.code LIKE 'HH%%'
        """,
        [now, now, day, now],
    )
    # Care tags in step, but 0.5 % of grants untagged and the ended grants (0.2 %) still tagged.
    seconds += execute(
        """
        INSERT INTO registry_caretag (tag, note, created_at, community_id, resident_id)
        SELECT CASE a.kind WHEN 'tekun' THEN 'extreme_poverty' ELSE 'dibao' END, '', %s, a.community_id, a.applicant_id
        FROM publicservices_application a WHERE a.id %% 200 <> 7
        """,
        [now],
    )
    seconds += execute(
        "ANALYZE registry_household; ANALYZE publicservices_application; ANALYZE registry_caretag"
    )
    print(f"  {n:,} recipients (households, applications, care tags) in {seconds:.1f} s")


def bench_sweep(now) -> None:
    from linli.publicservices.assistance.review import review_sweep

    with timer() as first:
        result = review_sweep(now)
    print(
        f"  review sweep: {first['seconds']:.1f} s (flagged {result.flagged:,}, tags added "
        f"{result.tags_added:,}, removed {result.tags_removed:,})"
    )
    with timer() as again:
        result = review_sweep(now)
    print(f"  review sweep again (nothing to change): {again['seconds']:.1f} s (flagged {result.flagged})")


def bench_notice(communities, now) -> None:
    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    from linli.publicservices.models.assistance import Application

    busy, empty = communities[-1], communities[-2]
    # 200 recipients and 10 running notices in one community (its own applications moved out
    # first: spread evenly, every community has recipients/500 of them), none in another.
    Application.objects.filter(status="notice").update(status="granted")
    Application.objects.filter(community__in=[busy, empty]).update(community=communities[0])
    Application.objects.filter(
        pk__in=Application.objects.filter(status="granted").order_by("pk").values("pk")[:200]
    ).update(community=busy)
    Application.objects.filter(
        pk__in=Application.objects.filter(status="granted").order_by("-pk").values("pk")[:10]
    ).update(community=busy, status="notice", notice_until=now + dt.timedelta(days=3))
    Application.objects.filter(community=empty).update(community=communities[0])
    client = Client()
    url = f"/public/{busy.code}/assistance/"
    page = client.get(url)
    from linli.publicservices.assistance.queries import notice_rows

    rows = notice_rows(busy, timezone.now())
    assert page.status_code == 200 and page.content.decode().count("**") >= 200, page.status_code
    print(f"  notice page: {len(rows['notices'])} notices, {len(rows['recipients'])} recipients")
    ms = repeat(lambda: client.get(url), 200)
    ref = repeat(lambda: client.get(f"/public/{empty.code}/assistance/"), 200)
    print(f"  notice page, 200 recipients: {summary(ms)}")
    print(
        f"  reference, the same page with none: {summary(ref)}; ratio "
        f"{statistics.median(ms) / statistics.median(ref):.1f}x"
    )


def reuse_django(database_url: str) -> None:
    """Point Django at the database a `--build-only` run left, and bring it to the current
    migrations (so a change can be measured against the same data)."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linli.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    execute("VACUUM ANALYZE publicservices_seekerskill")


def built_areas():
    from linli.areas.models import Area

    district = Area.objects.get(code="110105")
    streets = list(Area.objects.filter(parent=district).order_by("code"))
    communities = list(Area.objects.filter(level="community").order_by("path"))
    return district, streets, communities


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--seekers", type=int, default=1_000_000)
    p.add_argument("--recipients", type=int, default=300_000)
    p.add_argument("--build-only", action="store_true", help="build the data and stop (for --reuse)")
    p.add_argument("--reuse", action="store_true", help="measure on the data a --build-only run left")
    p.add_argument("--only", choices=["matching", "sweep", "notice"], action="append")
    p.add_argument("--runs", type=int, default=60, help="runs of each matching query")
    args = p.parse_args()
    only = set(args.only or ["matching", "sweep", "notice"])
    from django.utils import timezone

    if args.reuse:
        reuse_django(args.database_url)
        now = timezone.now()
        district, streets, communities = built_areas()
    else:
        setup_django(args.database_url)
        now = timezone.now()
        district, streets, communities = build_areas()
        template = build_residents(max(args.seekers, args.recipients), communities, now)
        build_seekers(template, now)
        build_recipients(args.recipients, template, communities, now)
        execute("VACUUM ANALYZE")
        if args.build_only:
            return
    print(f"  load: {os.getloadavg()}")
    if "matching" in only:
        bench_matching(district, streets, communities, now, args.runs)
    if "sweep" in only:
        bench_sweep(now)
    if "notice" in only:
        bench_notice(communities, now)
    print(f"  load: {os.getloadavg()}")


if __name__ == "__main__":
    main()
