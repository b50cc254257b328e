"""A Beijing-shaped city in a fresh PostgreSQL database (issue 18).

    make bench B=city ARGS="--scale 0.01 --db linli_h18g_city --workers 2"

Shape (all 3,814 areas at every scale; `--scale` scales what is inside each community):
- the 16 real district codes of Beijing, 343 streets and 3,454 communities (per-district counts are
  approximate, summing to the official totals);
- households per community drawn 1,200-3,200 (85 %) with a tail to 8,000 (15 %), mean ≈ 2,650
  (9.14M / 3,454), times `--scale`; household size 1-6 (mean 2.39 = 21.8M / 9.14M);
- buildings of ~60 dwellings, one dwelling per household plus 5 % vacant;
- residents with valid ID numbers (check digit, birth date, region), phones, encrypted and
  blind-indexed with the project's own `linli.common.crypto`; ages from the 2020 census (11.9 %
  0-14, 68.5 % 15-59, 19.6 % 60+); 人户分离: 48 % 人户一致, 5 % 户在人不在, 12 % 人在户不在 (户口
  elsewhere in Beijing), 35 % floating (户口 outside Beijing, residence registration with an end);
- care tags: elderly alone (≈9.8 % of 60+), empty nest, disability 2.2 %, dibao 0.5 %, extreme
  poverty 0.03 %, unemployed (registered), veterans 1.5 %, community correction 0.02 %;
- one year of tickets, 25M at scale 1 (≈1.15 per resident), categories Zipf-weighted, channels
  (55 % from the city hotline), outcomes, evaluations (≈90 % satisfied) and a timeline of events;
- two elections per community, ledgers and disclosures: `--extras` (small volumes, see `extras`).

Every process (`--workers`) has its own connection and writes whole communities with COPY in one
transaction each; ids are planned up front so that no process waits on another. Reports wall
time, rows and rows/s per table, database size on disk and peak memory (self and children).
"""

import datetime as dt
import multiprocessing as mp
import random
import resource
import time
from collections import Counter, defaultdict
from itertools import accumulate

from common import connect_django, from_template, parser, timer

# Real district codes; streets per district and communities (居委会) per district are approximate
# weights normalised to the official totals (343 streets/towns, 3,454 committees).
DISTRICTS = [
    ("110101", "东城区", 17, 168),
    ("110102", "西城区", 15, 261),
    ("110105", "朝阳区", 43, 580),
    ("110106", "丰台区", 26, 390),
    ("110107", "石景山区", 9, 157),
    ("110108", "海淀区", 29, 650),
    ("110109", "门头沟区", 13, 130),
    ("110111", "房山区", 28, 180),
    ("110112", "通州区", 22, 260),
    ("110113", "顺义区", 25, 130),
    ("110114", "昌平区", 22, 300),
    ("110115", "大兴区", 22, 260),
    ("110116", "怀柔区", 16, 40),
    ("110117", "平谷区", 18, 35),
    ("110118", "密云区", 20, 60),
    ("110119", "延庆区", 18, 40),
]
STREETS, COMMUNITIES = 343, 3454
HOUSEHOLDS_CITY = 9_140_000
TICKETS_PER_RESIDENT = 25_000_000 / 21_800_000
# Where floating residents' 户口 is (prefectures of the largest source provinces).
OUTSIDE_CODES = [
    "130102",
    "130602",
    "131002",
    "371302",
    "410105",
    "411302",
    "340102",
    "230102",
    "220102",
    "210102",
    "140105",
    "120101",
    "421302",
    "510104",
    "320102",
    "360102",
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
SURNAME_CUM = list(accumulate(1 / (i + 1) ** 0.6 for i in range(len(SURNAMES))))
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红玉梅海林宇鹏飞浩宁晨欣雪丹婷雨涵子轩博文思佳悦"
)
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
# 2020 census, Beijing: age bands (from, to inclusive, share %).
AGE_BANDS = [
    (0, 14, 11.9),
    (15, 24, 9.0),
    (25, 34, 19.0),
    (35, 44, 17.0),
    (45, 59, 23.5),
    (60, 69, 10.5),
    (70, 79, 5.9),
    (80, 99, 3.2),
]
HOUSEHOLD_SIZES = ([1, 2, 3, 4, 5, 6], [30, 30, 22, 10, 5, 3])
RESIDENCE = [("here", "here", 48), ("here", "elsewhere", 5), ("beijing", "here", 12), ("outside", "here", 35)]
CHANNELS = (
    ["transfer", "hotline", "portal", "walk_in", "visit", "hall", "open311"],
    [55, 15, 15, 8, 4, 2, 1],
)
KINDS = (["help", "complaint", "consultation", "suggestion", "opinion"], [45, 30, 15, 7, 3])
SATISFACTION = (["satisfied", "basic", "dissatisfied"], [90, 6, 4])
TITLES = [
    "楼道灯不亮",
    "下水道堵塞",
    "噪音扰民",
    "小区停车难",
    "垃圾清运不及时",
    "电梯故障",
    "供暖不热",
    "违章搭建",
    "路灯损坏",
    "楼上漏水",
    "宠物扰民",
    "绿化带杂草",
    "占道经营",
    "自来水浑浊",
]


def id_number(region: str, birth: dt.date, seq: int) -> str:
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def apportion(weights: list[int], total: int) -> list[int]:
    """Largest remainder: integers proportional to `weights`, summing to `total`."""
    s = sum(weights)
    raw = [w * total / s for w in weights]
    out = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: out[i] - raw[i])[: total - sum(out)]:
        out[i] += 1
    return out


def tree() -> list[tuple]:
    """[(district code, name, [(street code, [community codes])])] with the official totals."""
    streets = apportion([d[2] for d in DISTRICTS], STREETS)
    comms = apportion([d[3] for d in DISTRICTS], COMMUNITIES)
    out = []
    for (code, name, _, _), ns, nc in zip(DISTRICTS, streets, comms, strict=True):
        per = apportion([1] * ns, nc)
        out.append(
            (
                code,
                name,
                [
                    (f"{code}{s + 1:03d}000", [f"{code}{s + 1:03d}{c + 1:03d}" for c in range(k)])
                    for s, k in enumerate(per)
                ],
            )
        )
    return out


def plan(index: int, scale: float, seed: int) -> tuple[random.Random, list[int], int]:
    """One community's household sizes and ticket count, the same in the parent and the worker."""
    rng = random.Random(f"{seed}-{index}")
    mean = rng.uniform(1200, 3200) if rng.random() < 0.85 else rng.uniform(3200, 8000)
    households = max(1, round(mean * scale * HOUSEHOLDS_CITY / (2700 * COMMUNITIES)))
    sizes = rng.choices(*HOUSEHOLD_SIZES, k=households)
    return rng, sizes, round(sum(sizes) * TICKETS_PER_RESIDENT)


def age(rng: random.Random) -> int:
    lo, hi, _ = rng.choices(AGE_BANDS, weights=[b[2] for b in AGE_BANDS])[0]
    return rng.randint(lo, hi)


# ---------------------------------------------------------------- worker side

STATE: dict = {}


def init_worker(database_url: str, workers: int, counter) -> None:
    import psycopg

    with counter.get_lock():
        STATE["w"] = counter.value
        counter.value += 1
    STATE["W"] = workers
    STATE["conn"] = psycopg.connect(database_url)
    STATE["conn"].execute("SET synchronous_commit = off")  # a bulk load: a crash means a rebuild anyway
    STATE["conn"].commit()
    STATE["seq"] = Counter()  # (region, birth date) -> ID numbers handed out by this process
    STATE["crypto_s"] = 0.0


def columns(model, given: dict) -> tuple[str, list[str], list]:
    """Table, every stored column, and the model default for the ones `given` lacks."""
    fields = [f for f in model._meta.concrete_fields if not getattr(f, "generated", False)]
    cols, defaults = [], []
    for f in fields:
        if f.column in given or f.attname in given:
            cols.append(f.column)
            defaults.append(None)
        elif not f.primary_key:
            cols.append(f.column)
            d = f.get_default()
            defaults.append(d.isoformat() if isinstance(d, dt.datetime) else d)
    return model._meta.db_table, cols, defaults


class Writer:
    """COPY rows of one model given as dicts; missing columns take the model's default."""

    def __init__(self, cur, model, keys: list[str]) -> None:
        given = dict.fromkeys(keys)
        table, self.cols, self.defaults = columns(model, given)
        self.pos = [(i, c) for i, c in enumerate(self.cols) if c in given]
        self.copy = cur.copy(f"COPY {table} ({', '.join(self.cols)}) FROM STDIN")
        self.cm = self.copy.__enter__()
        self.rows = 0

    def row(self, values: dict) -> None:
        out = list(self.defaults)
        for i, c in self.pos:
            out[i] = values[c]
        self.cm.write_row(out)
        self.rows += 1

    def close(self) -> None:
        self.copy.__exit__(None, None, None)


def build_community(task: tuple) -> dict:
    """Write one community: buildings, dwellings, households, residents, care tags, tickets."""
    (index, area_id, code, district, others, scale, seed, base, categories, now) = task
    from linli.common.crypto import encryptor
    from linli.registry.models import Building, CareTag, Dwelling, Household, Resident
    from linli.tickets.models import Rating, Ticket, TicketEvent

    enc = encryptor()
    id_index = Resident._meta.get_field("id_index").index_for
    phone_index = Resident._meta.get_field("phone_index").index_for
    rng, sizes, n_tickets = plan(index, scale, seed)
    w, n_workers, seqs = STATE["w"], STATE["W"], STATE["seq"]
    today = now.date()
    counts: Counter = Counter()
    crypto = 0.0
    conn = STATE["conn"]
    b_id, d_id, h_id, r_id, t_id = base
    n_dw = round(len(sizes) * 1.05) + 1
    n_bld = max(1, n_dw // 60 + 1)
    with conn.transaction(), conn.cursor() as cur:
        wr = Writer(cur, Building, ["id", "community_id", "name", "address", "unit_count"])
        for b in range(n_bld):
            wr.row(
                {
                    "id": b_id + b,
                    "community_id": area_id,
                    "name": f"{b + 1}号楼",
                    "address": f"{code}社区{b + 1}号楼",
                    "unit_count": rng.randint(1, 6),
                }
            )
        wr.close()
        counts["building"] += wr.rows
        kinds = rng.choices(RESIDENCE, weights=[k[2] for k in RESIDENCE], k=len(sizes))
        wr = Writer(cur, Dwelling, ["id", "building_id", "community_id", "number", "use", "floor_area_m2"])
        for d in range(n_dw):
            use = (
                "vacant"
                if d >= len(sizes)
                else ("rented" if kinds[d][0] != "here" else ("public" if rng.random() < 0.08 else "owner"))
            )
            wr.row(
                {
                    "id": d_id + d,
                    "building_id": b_id + d % n_bld,
                    "community_id": area_id,
                    "number": f"{d // (60 * n_bld) + 1}-{(d // n_bld) % 20 + 1}{d % 3 + 1:02d}-{d}",
                    "use": use,
                    "floor_area_m2": round(rng.uniform(35, 140), 1),
                }
            )
        wr.close()
        counts["dwelling"] += wr.rows
        # Residents first in memory: the household's head is its first member.
        people = []
        rid = r_id
        for h, size in enumerate(sizes):
            ages = sorted((age(rng) for _ in range(size)), reverse=True)
            if ages[0] < 18:
                ages[0] = rng.randint(25, 60)
            adults = [a for a in ages if 18 <= a <= 75]
            head_age = adults[0] if adults else ages[0]
            seen_head = False
            for a in ages:
                if a == head_age and not seen_head:
                    rel, seen_head = "head", True
                elif a >= head_age + 18:
                    rel = "parent"
                elif abs(a - head_age) <= 12 and a >= 18:
                    rel = "spouse"
                elif head_age - 45 <= a <= head_age - 16:
                    rel = "child"
                elif a < head_age - 45:
                    rel = "grandchild"
                else:
                    rel = rng.choice(["sibling", "other_relative", "child_in_law"])
                people.append((rid, h, rel, a, size))
                rid += 1
        heads = {}
        for p in people:
            if p[2] == "head":
                heads[p[1]] = p[0]
        wr = Writer(
            cur,
            Household,
            ["id", "code", "community_id", "dwelling_id", "head_id", "is_active", "created_at"],
        )
        for h in range(len(sizes)):
            wr.row(
                {
                    "id": h_id + h,
                    "code": f"H{h_id + h:011d}",
                    "community_id": area_id,
                    "dwelling_id": d_id + h,
                    "head_id": heads[h],
                    "is_active": True,
                    "created_at": now - dt.timedelta(days=rng.randint(30, 9000)),
                }
            )
        wr.close()
        counts["household"] += wr.rows
        wr = Writer(
            cur,
            Resident,
            [
                "id",
                "community_id",
                "household_id",
                "relation",
                "hukou_where",
                "hukou_code",
                "lives_where",
                "lives_code",
                "lives_address",
                "lives_since",
                "residence_checked_on",
                "status",
                "name",
                "id_number",
                "id_index",
                "gender",
                "birth_date",
                "phone",
                "phone_index",
                "ethnicity",
                "hukou_place",
                "employment",
                "registered_at",
                "residence_until",
            ],
        )
        tags = []
        phones = []
        for rid, h, rel, a, size in people:
            hukou, lives, _ = kinds[h]
            if hukou == "here":
                region = district
            elif hukou == "beijing":
                region = others[rid % len(others)]
            else:
                region = OUTSIDE_CODES[rid % len(OUTSIDE_CODES)]
            birth = today - dt.timedelta(days=a * 365 + rng.randrange(365))
            while True:
                k = seqs[(region, birth)]
                if k * n_workers + w < 1000:
                    break
                birth -= dt.timedelta(days=1)
            seqs[(region, birth)] = k + 1
            seq = k * n_workers + w
            number = id_number(region, birth, seq)
            phone = "" if a < 12 else f"1{'3578'[rid % 4]}{rid % 10}{rid:08d}"[:11]
            t0 = time.perf_counter()
            row = {
                "id": rid,
                "community_id": area_id,
                "household_id": h_id + h,
                "relation": rel,
                "hukou_where": hukou,
                "hukou_code": "" if hukou == "here" else region,
                "lives_where": lives,
                "lives_code": others[rid % len(others)] if lives != "here" else "",
                "lives_address": "他区租住" if lives != "here" else "",
                "lives_since": (today - dt.timedelta(days=rng.randint(200, 4000)))
                if hukou != "here"
                else None,
                "residence_checked_on": today - dt.timedelta(days=rng.randint(0, 720)),
                "status": "active" if rng.random() < 0.985 else rng.choice(["moved_out", "deceased"]),
                "name": rng.choices(SURNAMES, cum_weights=SURNAME_CUM)[0]
                + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2)))),
                "id_number": enc(number),
                "id_index": id_index(number),
                "gender": "M" if seq % 2 else "F",
                "birth_date": birth,
                "phone": enc(phone) if phone else "",
                "phone_index": phone_index(phone) if phone else "",
                "ethnicity": "汉族"
                if rng.random() < 0.95
                else rng.choice(["满族", "回族", "蒙古族", "朝鲜族"]),
                "hukou_place": "北京市" if hukou != "outside" else "外省市",
                "employment": (
                    "preschool"
                    if a < 7
                    else "student"
                    if a < 23
                    else "retired"
                    if a >= 60
                    else rng.choices(["employed", "unemployed", "other"], [90, 3, 7])[0]
                ),
                "registered_at": now - dt.timedelta(days=rng.randint(1, 9000)),
                "residence_until": (today + dt.timedelta(days=rng.randint(-30, 365)))
                if hukou == "outside"
                else None,
            }
            crypto += time.perf_counter() - t0
            wr.row(row)
            if phone:
                phones.append(phone)
            r = rng.random()
            if a >= 60 and size == 1 and r < 0.78:
                tags.append((rid, "alone", None))
            elif a >= 60 and size == 2 and r < 0.5:
                tags.append((rid, "empty_nest", None))
            if rng.random() < 0.022:
                tags.append((rid, "disability", rng.randint(1, 4)))
            r = rng.random()
            tag = (
                "dibao"
                if r < 0.005
                else "extreme_poverty"
                if r < 0.0053
                else "unemployed"
                if r < 0.0083
                else "veterans"
                if r < 0.0233
                else "correction"
                if r < 0.0235
                else ""
            )
            fits = {"unemployed": 18 <= a < 60, "veterans": a >= 30, "correction": 18 <= a < 70}
            if tag and fits.get(tag, True):
                tags.append((rid, tag, None))
        wr.close()
        counts["resident"] += wr.rows
        wr = Writer(cur, CareTag, ["community_id", "resident_id", "tag", "level", "note", "created_at"])
        for rid, tag, level in tags:
            wr.row(
                {
                    "community_id": area_id,
                    "resident_id": rid,
                    "tag": tag,
                    "level": level,
                    "note": "",
                    "created_at": now - dt.timedelta(days=rng.randint(1, 2000)),
                }
            )
        wr.close()
        counts["caretag"] += wr.rows
        # One year of tickets; the timeline and the ratings follow.
        twr = Writer(
            cur,
            Ticket,
            [
                "id",
                "code",
                "token",
                "kind",
                "channel",
                "status",
                "level",
                "category_id",
                "community_id",
                "title",
                "description",
                "address",
                "anonymous",
                "contact_name",
                "contact_phone",
                "contact_phone_index",
                "external_ref",
                "submitted_at",
                "response_due",
                "due_at",
                "accepted_at",
                "resolved_at",
                "closed_at",
                "escalated_auto",
                "escalated_at",
                "response_overdue",
                "is_overdue",
                "warned",
                "supervised",
                "resolution",
                "reject_reason",
                "resolved_rating",
                "satisfaction",
                "evaluated_at",
                "evaluation_note",
                "reopen_count",
                "updated_at",
            ],
        )
        events, ratings = [], []
        cats, cat_w = categories
        for t in range(n_tickets):
            tid = t_id + t
            sub = now - dt.timedelta(seconds=rng.randrange(365 * 86400))
            age_days = (now - sub).days
            cat, resp_h, handle_d = rng.choices(cats, cat_w)[0]
            resp_due = sub + dt.timedelta(hours=resp_h)
            due = sub + dt.timedelta(days=handle_d * 7 // 5 + 1)
            r = rng.random()
            # A live system's steady state: resolved tickets left unevaluated for 7 days were closed by
            # the sweep, and what is still open past its deadline was escalated and flagged.
            if age_days > 20:
                status = "closed" if r < 0.93 else "rejected" if r < 0.97 else "in_progress"
            else:
                status = rng.choice(
                    ["submitted", "accepted", "in_progress", "in_progress", "resolved", "closed"]
                )
            acc = None if status == "submitted" else sub + dt.timedelta(minutes=rng.randint(5, resp_h * 60))
            res = (
                sub + dt.timedelta(hours=rng.randint(2, handle_d * 30))
                if status in ("resolved", "closed")
                else None
            )
            if res and res > now:
                res = now - dt.timedelta(minutes=1)
            ev = (
                (res + dt.timedelta(hours=rng.randint(1, 72)))
                if status == "closed" and rng.random() < 0.8
                else None
            )
            if ev and ev > now:
                ev = None
            closed = (ev or (res + dt.timedelta(days=7) if res else None)) if status == "closed" else None
            if closed and closed > now:
                closed = now
            sat = rng.choices(*SATISFACTION)[0] if ev else ""
            contact = phones[rng.randrange(len(phones))] if phones and rng.random() < 0.5 else ""
            t0 = time.perf_counter()
            c_enc, c_idx = (enc(contact), phone_index(contact)) if contact else ("", "")
            crypto += time.perf_counter() - t0
            channel = rng.choices(*CHANNELS)[0]
            late = status in ("accepted", "in_progress") and due < now
            title = rng.choice(TITLES)
            twr.row(
                {
                    "id": tid,
                    "code": f"T{tid:010d}",
                    "token": f"k{tid}x{rng.getrandbits(40):x}",
                    "kind": rng.choices(*KINDS)[0],
                    "channel": channel,
                    "status": status,
                    "level": "street" if late else "community",
                    "category_id": cat,
                    "community_id": area_id,
                    "title": title,
                    "description": f"{title}，请尽快处理",
                    "address": f"{rng.randint(1, 30)}号楼",
                    "anonymous": False,
                    "contact_name": "",
                    "contact_phone": c_enc,
                    "contact_phone_index": c_idx,
                    "external_ref": f"12345-{tid}" if channel == "transfer" else "",
                    "submitted_at": sub,
                    "response_due": resp_due,
                    "due_at": due,
                    "accepted_at": acc,
                    "resolved_at": res,
                    "closed_at": closed,
                    "escalated_auto": late,
                    "escalated_at": due if late else None,
                    "response_overdue": status == "submitted" and resp_due < now,
                    "is_overdue": late,
                    "warned": status in ("submitted", "accepted", "in_progress")
                    and due < now + dt.timedelta(days=1),
                    "supervised": rng.random() < 0.01,
                    "resolution": "已处理" if res else "",
                    "reject_reason": "不属于社区职责" if status == "rejected" else "",
                    "resolved_rating": (sat != "dissatisfied" or rng.random() < 0.3) if ev else None,
                    "satisfaction": sat,
                    "evaluated_at": ev,
                    "evaluation_note": "",
                    "reopen_count": 0,
                    "updated_at": ev or closed or res or acc or sub,
                }
            )
            events.append((tid, sub, "submitted"))
            if acc:
                events.append((tid, acc, "accepted"))
                if status != "accepted":
                    events.append((tid, acc + dt.timedelta(minutes=30), "started"))
            if status == "rejected":
                events.append((tid, sub + dt.timedelta(hours=2), "rejected"))
            if res:
                events.append((tid, res, "resolved"))
            if ev:
                events.append((tid, ev, "evaluated"))
                ratings.append((tid, ev, sat))
            elif closed:
                events.append((tid, closed, "auto_closed"))
        twr.close()
        counts["ticket"] += twr.rows
        wr = Writer(cur, TicketEvent, ["ticket_id", "at", "kind", "note", "public"])
        for tid, at, kind in events:
            wr.row({"ticket_id": tid, "at": at, "kind": kind, "note": "", "public": True})
        wr.close()
        counts["ticketevent"] += wr.rows
        wr = Writer(
            cur, Rating, ["ticket_id", "community_id", "at", "kind", "resolved", "satisfaction", "note"]
        )
        for tid, at, sat in ratings:
            wr.row(
                {
                    "ticket_id": tid,
                    "community_id": area_id,
                    "at": at,
                    "kind": "evaluated",
                    "resolved": sat != "dissatisfied",
                    "satisfaction": sat,
                    "note": "",
                }
            )
        wr.close()
        counts["rating"] += wr.rows
    counts["crypto_ms"] = round(crypto * 1000)
    return dict(counts)


# ---------------------------------------------------------------- parent side


def extras(url: str, communities: list[tuple], now: dt.datetime) -> Counter:
    """Small volumes, the same at every scale: two elections a community (2016 and 2021, certified,
    with their seats), a year of approved ledger entries (8 a month) with their monthly totals, and
    a year of published disclosures (12 finance + 4 affairs)."""
    import psycopg

    from linli.disclosure.models import Item
    from linli.finance.models import LedgerEntry
    from linli.governance.models import Election, Seat

    rng = random.Random(6)
    counts: Counter = Counter()
    expense = [
        "office_supplies",
        "utilities",
        "activities",
        "services",
        "relief",
        "maintenance",
        "environment",
    ]
    with psycopg.connect(url) as conn, conn.transaction(), conn.cursor() as cur:
        wr = Writer(
            cur,
            Election,
            [
                "id",
                "code",
                "community_id",
                "title",
                "method",
                "stage",
                "election_day",
                "register_cutoff",
                "term_years",
                "announced_at",
                "certified_at",
            ],
        )
        eid = 0
        for _, pk, code, _ in communities:
            for year, term in ((2016, 3), (2021, 5)):
                eid += 1
                day = dt.date(year, 5, 1) + dt.timedelta(days=rng.randint(0, 40))
                wr.row(
                    {
                        "id": eid,
                        "code": f"E{code}{year % 100}",
                        "community_id": pk,
                        "title": f"{year}年社区居民委员会换届选举",
                        "method": "direct",
                        "stage": "certified",
                        "election_day": day,
                        "register_cutoff": day - dt.timedelta(days=30),
                        "term_years": term,
                        "announced_at": dt.datetime(year, 3, 1, tzinfo=dt.UTC),
                        "certified_at": dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC),
                    }
                )
        wr.close()
        counts["election"] = wr.rows
        wr = Writer(cur, Seat, ["election_id", "position", "count"])
        for e in range(1, eid + 1):
            for position, n in (("director", 1), ("deputy", 1), ("member", rng.randint(3, 7))):
                wr.row({"election_id": e, "position": position, "count": n})
        wr.close()
        counts["seat"] = wr.rows
        wr = Writer(
            cur,
            LedgerEntry,
            [
                "code",
                "community_id",
                "fund",
                "direction",
                "category",
                "amount_fen",
                "occurred_on",
                "description",
                "status",
                "entered_at",
                "approved_at",
            ],
        )
        n = 0
        for _, pk, _, _ in communities:
            for m in range(12):
                month = (now.date().replace(day=1) - dt.timedelta(days=30 * m)).replace(day=1)
                for k in range(8):
                    n += 1
                    income = k == 0
                    at = dt.datetime(month.year, month.month, 1 + k, 9, tzinfo=dt.UTC)
                    wr.row(
                        {
                            "code": f"L{n:09d}",
                            "community_id": pk,
                            "fund": "office" if k % 2 else "welfare",
                            "direction": "income" if income else "expense",
                            "category": "allocation" if income else rng.choice(expense),
                            "amount_fen": rng.randint(100_00, 20_000_00) * (6 if income else 1),
                            "occurred_on": at.date(),
                            "description": "社区经费",
                            "status": "approved",
                            "entered_at": at,
                            "approved_at": at + dt.timedelta(days=2),
                        }
                    )
        wr.close()
        counts["ledgerentry"] = wr.rows
        cur.execute(
            "INSERT INTO finance_ledgermonth (community_id, month, fund, direction, category, amount_fen, entries)"
            " SELECT community_id, date_trunc('month', occurred_on)::date, fund, direction, category,"
            " sum(amount_fen), count(*) FROM finance_ledgerentry WHERE status = 'approved' GROUP BY 1, 2, 3, 4, 5"
        )
        wr = Writer(
            cur,
            Item,
            [
                "code",
                "community_id",
                "category",
                "title",
                "body",
                "period_start",
                "period_end",
                "status",
                "created_at",
                "published_at",
            ],
        )
        n = 0
        for _, pk, _, _ in communities:
            for m in range(16):
                n += 1
                finance = m < 12
                start = now.date().replace(day=1) - dt.timedelta(
                    days=30 * (m % 12 if finance else 3 * (m - 12))
                )
                start = start.replace(day=1)
                at = dt.datetime(start.year, start.month, 5, tzinfo=dt.UTC)
                wr.row(
                    {
                        "code": f"D{n:09d}",
                        "community_id": pk,
                        "category": "finance" if finance else "affairs",
                        "title": f"{start:%Y年%m月}" + ("财务公开" if finance else "居务公开"),
                        "body": "详见附件",
                        "period_start": start,
                        "period_end": start + dt.timedelta(days=27),
                        "status": "published",
                        "created_at": at,
                        "published_at": at,
                    }
                )
        wr.close()
        counts["disclosure"] = wr.rows
        cur.execute("SELECT setval(pg_get_serial_sequence('governance_election', 'id'), %s)", [eid])
    return counts


def build_areas(shape: list[tuple]) -> list[tuple]:
    """The 3,814 areas; [(index, id, code, district code)] of the communities."""
    from linli.areas.models import Area

    rng = random.Random(18)
    city = Area.objects.create(level="city", code="110000", name="北京市", path="110000/")
    out = []
    for dcode, dname, streets in shape:
        d = Area.objects.create(
            level="district", code=dcode, name=dname, parent=city, path=f"{city.path}{dcode}/"
        )
        for scode, comms in streets:
            s = Area.objects.create(
                level="street",
                code=scode,
                name=f"{dname[:-1]}{scode[6:9]}街道",
                parent=d,
                path=f"{d.path}{scode}/",
            )
            made = Area.objects.bulk_create(
                [
                    Area(
                        level="community",
                        code=c,
                        name=f"{dname[:-1]}{c[6:9]}街{c[9:]}社区",
                        parent=s,
                        path=f"{s.path}{c}/",
                        office_m2=rng.randint(40, 350),
                        service_m2=rng.randint(0, 600),
                    )
                    for c in comms
                ]
            )
            out += [(len(out) + i, a.pk, a.code, dcode) for i, a in enumerate(made)]
    assert Area.objects.count() == 1 + 16 + STREETS + COMMUNITIES
    return out


def users(communities: list[tuple]) -> None:
    """The accounts the other benchmarks look up with --reuse (worker, street officer, agent, admin)."""
    from linli.accounts.actions import user_create
    from linli.areas.models import Area

    first = Area.objects.get(code=min(c[2] for c in communities))
    password = "bench-only-horse-42"  # noqa: S105 - a throw-away database's users
    for username, role, area in (
        ("w1", "worker", first),
        ("s1", "street_officer", first.parent),
        ("a1", "agent", Area.objects.get(code="110000")),
        ("ind_admin", "city_admin", Area.objects.get(code="110000")),
    ):
        user_create(
            actor=None, username=username, display_name=username, password=password, role=role, area=area
        )


def now_() -> dt.datetime:
    from django.utils import timezone

    return timezone.now()


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--db", default="", help="database name on 127.0.0.1 (overrides --database-url)")
    p.add_argument("--scale", type=float, default=0.01)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--seed", type=int, default=18)
    p.add_argument(
        "--extras-only", action="store_true", help="add the elections, ledgers and disclosures to --db"
    )
    p.add_argument(
        "--template", default="", help="a migrated database to clone (default <db>_tpl, made once)"
    )
    args = p.parse_args()
    url = f"postgres://postgres@127.0.0.1:5432/{args.db}" if args.db else args.database_url
    assert url.startswith("postgres"), "the city is built in PostgreSQL"
    wall = time.perf_counter()
    if args.extras_only:
        connect_django(url)
        from linli.areas.models import Area

        rows = Area.objects.filter(level="community").order_by("code").values_list("pk", "code")
        with timer() as t:
            small = extras(url, [(i, pk, code, code[:6]) for i, (pk, code) in enumerate(rows)], now_())
        print(f"extras in {t['seconds']:.0f} s: {dict(small)}")
        return
    from_template(url, args.template)
    migrated = time.perf_counter() - wall
    from django.db import connection, connections
    from django.utils import timezone

    from linli.tickets.models import Category

    now = timezone.now()
    shape = tree()
    communities = build_areas(shape)
    leaves = list(
        Category.objects.filter(children__isnull=True)
        .order_by("order", "pk")
        .values_list("pk", "response_hours", "handling_days")
    )
    categories = (leaves, [1 / (i + 1) for i in range(len(leaves))])  # Zipf: a few categories dominate
    users(communities)
    # Plan every community's ids up front so that the processes never wait on one another.
    base = [1, 1, 1, 1, 1]
    tasks, sizes_of, totals = [], [], Counter()
    by_district = defaultdict(list)
    for _, _, dcode, district in communities:
        by_district[district].append(dcode)
    codes = [d[0] for d in DISTRICTS]
    for index, pk, code, district in communities:
        _, sizes, n_tickets = plan(index, args.scale, args.seed)
        n_dw = round(len(sizes) * 1.05) + 1
        n_bld = max(1, n_dw // 60 + 1)
        others = [c for c in codes if c != district]
        tasks.append((index, pk, code, district, others, args.scale, args.seed, tuple(base), categories, now))
        sizes_of.append(sum(sizes))
        for i, n in enumerate((n_bld, n_dw, len(sizes), sum(sizes), n_tickets)):
            base[i] += n
    print(
        f"plan: {base[2] - 1:,} households, {base[3] - 1:,} residents, {base[4] - 1:,} tickets "
        f"in {COMMUNITIES:,} communities (scale {args.scale})",
        flush=True,
    )
    connections.close_all()
    gen = time.perf_counter()
    counter = mp.get_context("fork").Value("i", 0)
    done = 0
    with mp.get_context("fork").Pool(args.workers, init_worker, (url, args.workers, counter)) as pool:
        # Large communities first, so that no process is left with a big one at the end.
        order = [tasks[i] for i in sorted(range(len(tasks)), key=lambda i: -sizes_of[i])]
        for counts in pool.imap_unordered(build_community, order, chunksize=4):
            totals.update(counts)
            done += 1
            if done % 500 == 0:
                el = time.perf_counter() - gen
                print(
                    f"  {done:,} communities, {totals['resident']:,} residents, {totals['ticket']:,} tickets, "
                    f"{el:.0f} s",
                    flush=True,
                )
    generated = time.perf_counter() - gen
    with timer() as t_extras:
        small = extras(url, communities, now)
    print(f"extras in {t_extras['seconds']:.0f} s: {dict(small)}", flush=True)
    with connection.cursor() as c:
        for table in (
            "registry_building",
            "registry_dwelling",
            "registry_household",
            "registry_resident",
            "tickets_ticket",
        ):
            sql = f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"  # noqa: S608
            c.execute(sql)
    post = time.perf_counter()
    connection.ensure_connection()
    raw = connection.connection
    raw.autocommit = True
    with raw.cursor() as c:
        c.execute("VACUUM ANALYZE")
    vacuumed = time.perf_counter() - post
    total = time.perf_counter() - wall
    with connection.cursor() as c:
        c.execute("SELECT pg_database_size(current_database())")
        size = c.fetchone()[0]
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    crypto_s = totals.pop("crypto_ms", 0) / 1000
    print(
        f"scale {args.scale}, {args.workers} workers: wall {total:.0f} s (migrate {migrated:.0f} s, "
        f"COPY {generated:.0f} s, vacuum analyze {vacuumed:.0f} s)"
    )
    for table, n in sorted(totals.items(), key=lambda kv: -kv[1]):
        print(f"  {table:12s} {n:>12,} rows  {n / generated:>10,.0f} rows/s (all processes)")
    rows = sum(totals.values())
    print(f"  all tables   {rows:>12,} rows  {rows / generated:>10,.0f} rows/s")
    print(
        f"  encryption + blind index: {crypto_s:.0f} s of process time "
        f"({crypto_s / max(1, totals['resident']) * 1e6:.0f} us per resident incl. ticket contacts)"
    )
    print(f"database size {size / 2**30:.2f} GiB; peak RSS parent {me:.0f} MB, largest child {kids:.0f} MB")


if __name__ == "__main__":
    main()
