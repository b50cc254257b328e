"""The tickets' tasks on each role's home page (registered in apps.py), counted by the same scoped
queries as the lists they link to."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from linli.accounts import policy
from linli.tickets import queries
from linli.tickets.models import Level, Status
from linli.ui.registries import Tile


def _list(**params: str) -> str:
    return reverse("tickets:list") + "?" + "&".join(f"{k}={v}" for k, v in params.items())


def _pct(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:g}%"


def _rates_line(r: queries.Rates) -> str:
    return _("response %(a)s · resolution %(b)s · satisfaction %(c)s") % {
        "a": _pct(r.response_rate),
        "b": _pct(r.resolution_rate),
        "c": _pct(r.satisfaction_rate),
    }


def _resident(user: Any) -> list[Tile]:
    tiles = []
    if queries.communities_for_submit(user).exists():
        tiles.append(
            Tile(
                10,
                pgettext("home", "Report a problem"),
                reverse("tickets:new"),
                _("Repairs, disputes, advice"),
            )
        )
    mine = queries.tickets_for(user)
    open_n = mine.filter(status__in=[Status.SUBMITTED, Status.ACCEPTED, Status.IN_PROGRESS]).count()
    replies = queries.unread_replies(user).count()
    detail = ngettext("%(n)d open", "%(n)d open", open_n) % {"n": open_n}
    if replies:
        detail += " · " + ngettext("%(n)d new reply", "%(n)d new replies", replies) % {"n": replies}
    url = reverse("tickets:notifications") if replies else reverse("tickets:list")
    tiles.append(
        Tile(20, pgettext("home", "My requests"), url, detail, count=replies or None, alert=bool(replies))
    )
    return tiles


def _handler(user: Any, now: dt.datetime) -> list[Tile]:
    to_accept = queries.worker_list(user, status=Status.SUBMITTED).count()
    near = queries.worker_list(user, status="open", near=True, now=now).count()
    late = queries.worker_list(user, status="open", overdue=True, now=now).count()
    return [
        Tile(
            10, _("Requests to accept"), _list(status=Status.SUBMITTED), _("New, not yet accepted"), to_accept
        ),
        Tile(
            11,
            _("Deadline near"),
            _list(status="open", near="1"),
            _("Due within 24 hours"),
            near,
            alert=bool(near),
        ),
        Tile(
            12,
            _("Overdue requests"),
            _list(status="open", overdue="1"),
            _("Past their deadline"),
            late,
            alert=bool(late),
        ),
    ]


def _rates(user: Any, now: dt.datetime, level: str) -> list[Tile]:
    month = timezone.localdate(now).replace(day=1)
    rows = queries.rates(user, month, now=now, levels=(level,))[level]
    url = reverse("tickets:rates")
    if level == "community" and len(rows) == 1:
        return [Tile(15, _("This month's three rates"), url, _rates_line(rows[0]))]
    ranked = queries.ranking(rows)
    if not ranked:
        return [Tile(15, _("Rankings"), url, _("Nothing to rank yet this month"))]
    best, worst = ranked[0].area.name, ranked[-1].area.name
    if len(ranked) == 1:
        detail = _("first: %(best)s") % {"best": best}
    else:
        detail = _("first: %(best)s · last: %(worst)s") % {"best": best, "worst": worst}
    return [Tile(15, _("Rankings"), url, detail)]


def _officer(user: Any, now: dt.datetime, role: str) -> list[Tile]:
    escalated = queries.worker_list(user, status="open", level=Level.STREET).count()
    called = queries.worker_list(user, status="", called=True).count()
    late = queries.worker_list(user, status="open", overdue=True, now=now).count()
    return [
        *_rates(user, now, "community" if role == "street_officer" else "street"),
        Tile(
            16,
            _("Escalated requests"),
            _list(status="open", level=Level.STREET),
            _("At the one-stop hall"),
            escalated,
        ),
        Tile(17, _("Calls to departments"), _list(status="", called="1"), _("Waiting for a report"), called),
        Tile(
            18,
            _("Overdue requests"),
            _list(status="open", overdue="1"),
            _("Past their deadline"),
            late,
            alert=bool(late),
        ),
    ]


def tiles(user: Any, role: str | None, now: dt.datetime) -> list[Tile]:
    if role == "resident":
        return _resident(user)
    if role in ("worker", "director"):
        out = _handler(user, now)
        if role == "director":
            out += _rates(user, now, "community")
        return out
    if role in ("street_officer", "district_officer", "city_admin"):
        return _officer(user, now, role)
    if role == "agent" and policy.roots(user, "tickets.create"):
        return [
            Tile(10, _("Hotline console"), reverse("tickets:hotline"), _("Look up a caller, file a request"))
        ]
    return []
