"""Demo notices for 幸福里社区 (110105001001), made through the actions. Idempotent.

Runs after the finance demo: the first quarter's finance notice shows the figures entered there.
"""

import datetime as dt
from typing import Any

from django.utils import timezone

from linli.accounts.models import User
from linli.areas.models import Area
from linli.disclosure.actions import item_create, item_publish, question_answer, question_ask
from linli.disclosure.models import Item

COMMUNITY = "110105001001"
AFFAIRS_TITLE = "关于加装电梯意见征集的通知"


def load(out: Any = None, now: dt.datetime | None = None) -> None:
    community = Area.objects.filter(code=COMMUNITY).first()
    worker = User.objects.filter(username="worker_a").first()
    if community is None or worker is None:
        return
    if Item.objects.filter(community=community, title=AFFAIRS_TITLE).exists():
        return
    today = timezone.localdate(now or timezone.now())
    year = today.year
    # A finance notice for the first quarter (if it has ended) and an affairs notice.
    if today > dt.date(year, 3, 31):
        notice = item_create(
            actor=worker,
            community=community,
            category="finance",
            title=f"{year}年第一季度财务公开",
            body="本季度经费收支情况见下表，欢迎居民监督。如有疑问，可在下方提问。",
            period_start=dt.date(year, 1, 1),
            period_end=dt.date(year, 3, 31),
        )
        notice = item_publish(actor=worker, item=notice)
        resident = User.objects.filter(display_name="王阿姨（居民）").first()
        if resident is not None:
            question = question_ask(actor=resident, item=notice, text="元宵节联欢会花了多少钱？")
            question_answer(actor=worker, question=question, answer="共 4,800 元，主要用于场地布置和奖品。")
    affairs = item_create(
        actor=worker,
        community=community,
        category="affairs",
        title=AFFAIRS_TITLE,
        body="3号楼拟加装电梯，请各户于本月底前到居委会填写意见表。",
    )
    item_publish(actor=worker, item=affairs)
    if out is not None:
        out.write("demo disclosure: loaded for 幸福里社区")
