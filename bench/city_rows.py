"""The city's shape (bench/city.py) and the worker side: one community written with COPY."""

import datetime as dt
import random
import time
from collections import Counter
from itertools import accumulate

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
