"""The organizations' tasks on each role's home page (registered in apps.py), counted by the same
scoped queries as the pages they link to: organisers run their organization; workers keep the
list and chase annual reports; streets, districts and the city watch the targets."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from linli.accounts import policy
from linli.organizations import permissions as perms
from linli.organizations import queries
from linli.ui.registries import Tile


def _organiser(user: Any) -> list[Tile]:
    mine = perms.organiser_of(user)
    return [
        Tile(
            20,
            _("My organization"),
            reverse("organizations:org", args=[org.code]),
            org.name,
        )
        for org in queries.orgs_for(user).filter(pk__in=mine)[:3]
    ]


def _staff(user: Any, now: dt.datetime) -> list[Tile]:
    if not policy.roots(user, perms.VIEW):
        return []
    n = queries.orgs_for(user).count()
    late = queries.overdue_for(user, now).count()
    tiles = [
        Tile(
            40,
            _("Community organizations"),
            reverse("organizations:index"),
            ngettext("%(n)d active organization", "%(n)d active organizations", n) % {"n": n},
            n,
        ),
        Tile(
            41,
            _("Annual reports overdue"),
            reverse("organizations:overdue"),
            _("Organizations that have not filed last year's report"),
            late,
            alert=bool(late),
        ),
        Tile(
            42,
            _("Organization targets"),
            reverse("organizations:targets"),
            _("10 per community, fitness, instructors"),
        ),
    ]
    return tiles


def tiles(user: Any, role: str | None, now: dt.datetime) -> list[Tile]:
    return _organiser(user) + (
        _staff(user, now) if role and role not in ("resident", "provider", "agent") else []
    )
