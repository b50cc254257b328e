"""Who counts where (人户分离, issue 21): 户籍人口, 常住人口 and 流动人口, and households by the same split.

- 户籍人口: the 户口 is in the community, wherever the person lives.
- 常住人口: living here six months or more (from `lives_since`), whatever the 户口.
- 流动人口: living here with a 户口 outside Beijing.

A household counts in each group its head (户主) is in, so the three overlap (a 人户一致
household is both 户籍 and 常住). The funding basis counts a household once,
if it is in any group the rule names (`finance.funding.counted_households`).

Not scoped: callers (indicators, funding, the scoped counts API) pass the communities they may
report on. Each count is one pass over the residents, grouped by community and household.
"""

import datetime as dt
from collections import defaultdict
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection
from django.utils import timezone

from linli.areas.models import Area
from linli.registry.models import Household, Resident

GROUPS = ("registered", "resident", "floating")
RESIDENT_MONTHS = 6


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier (31 August → 28/29 February)."""
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(y, m + 1, d)
        except ValueError:
            continue
    raise AssertionError(day)


def resident_since_cutoff(today: dt.date) -> dt.date:
    """Living here since this day or before counts as 常住 (six months or more) on `today`."""
    return months_before(today, RESIDENT_MONTHS)


_FLAGS = (
    "CASE WHEN r.hukou_where = 'here' THEN 1 ELSE 0 END",
    "CASE WHEN r.lives_where = 'here' AND r.lives_since <= %s THEN 1 ELSE 0 END",
    "CASE WHEN r.hukou_where = 'outside' AND r.lives_where = 'here' THEN 1 ELSE 0 END",
)
# Derived kinds (models.ResidenceKind) in each group; 常住 also needs the six months.
REGISTERED_KINDS = ("consistent", "away")
LIVING_KINDS = ("consistent", "incoming", "floating")


def counts_by_community(
    areas: list[Area] | None = None, *, now: dt.datetime | None = None
) -> dict[int, dict[str, dict[str, int]]]:
    """{community_id: {"residents": {group: n, "total": n}, "households": {group: n, "total": n}}}.

    Active residents only. A household is in the groups of its head (户主: the 户口簿 follows
    the head), so the split costs no more than a count of residents: one pass grouped by
    community, derived kind, six months or not, head or not. `now` fixes the six months of 常住.
    """
    today = timezone.localtime(now or timezone.now()).date()
    cutoff = connection.ops.adapt_datefield_value(resident_since_cutoff(today))
    where = ""
    params: list[Any] = [cutoff]
    if areas is not None:
        if not areas:
            return {}
        where = f" AND r.community_id IN ({', '.join(['%s'] * len(areas))})"
        params += [a.pk for a in areas]
    # Table name and fixed expressions only; every value is a parameter.
    sql = (
        "SELECT r.community_id, r.kind,"  # noqa: S608
        " CASE WHEN r.lives_since <= %s THEN 1 ELSE 0 END AS six_months,"
        " CASE WHEN r.relation = 'head' THEN 1 ELSE 0 END AS head, COUNT(*)"
        f" FROM {Resident._meta.db_table} r WHERE r.status = 'active'{where}"
        " GROUP BY r.community_id, r.kind, six_months, head"
    )
    result: dict[int, dict[str, dict[str, int]]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for cid, kind, six_months, head, n in cursor.fetchall():
            row = result.setdefault(
                cid,
                {
                    "residents": dict.fromkeys((*GROUPS, "total"), 0),
                    "households": dict.fromkeys((*GROUPS, "total"), 0),
                },
            )
            for table in ("residents", "households") if head else ("residents",):
                counts = row[table]
                counts["total"] += n
                if kind in REGISTERED_KINDS:
                    counts["registered"] += n
                if kind in LIVING_KINDS and six_months:
                    counts["resident"] += n
                if kind == "floating":
                    counts["floating"] += n
    return result


def combination(reg: int, res: int, flo: int) -> str:
    """The groups one household is in, as a key of `households_on` ("registered+resident")."""
    key = "+".join(g for g, on in zip(GROUPS, (reg, res, flo), strict=True) if on)
    return key or "none"


def households_on(day: dt.date) -> dict[int, dict[str, int]]:
    """{community_id: {groups: n}} of the households active at the end of `day` (Beijing time).

    A household is active when registered (`created_at`) before the next midnight and not closed
    by then; its groups are those of its head (户主) registered by then and not left, as in
    `counts_by_community` (`combination`), 常住 counted six months back from `day`. Each household is counted under one key, so a basis
    that names several groups counts it once. Not scoped: the funding computation counts every
    community.
    """
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=ZoneInfo("Asia/Shanghai"))
    end_db = connection.ops.adapt_datetimefield_value(end)
    cutoff = connection.ops.adapt_datefield_value(resident_since_cutoff(day))
    h, r = Household._meta.db_table, Resident._meta.db_table
    # Table names and fixed flags only; every value is a parameter.
    sql = (
        "SELECT community_id, reg, res, flo, COUNT(*) FROM ("  # noqa: S608
        " SELECT h.community_id, h.id,"
        f" MAX({_FLAGS[0]}) AS reg, MAX({_FLAGS[1]}) AS res, MAX({_FLAGS[2]}) AS flo"
        f" FROM {h} h LEFT JOIN {r} r ON r.household_id = h.id AND r.relation = 'head' AND r.registered_at < %s"
        " AND (r.left_at IS NULL OR r.left_at >= %s)"
        " WHERE h.created_at < %s AND (h.closed_at IS NULL OR h.closed_at >= %s)"
        " GROUP BY h.community_id, h.id) t GROUP BY community_id, reg, res, flo"
    )
    result: dict[int, dict[str, int]] = defaultdict(dict)
    with connection.cursor() as cursor:
        cursor.execute(sql, [cutoff, end_db, end_db, end_db, end_db])
        for cid, reg, res, flo, n in cursor.fetchall():
            key = combination(reg or 0, res or 0, flo or 0)
            result[cid][key] = result[cid].get(key, 0) + n
    return dict(result)
