"""The volunteers' tiles on each role's home page, counted by the scoped queries of the pages."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from linli.ui.registries import Tile
from linli.volunteers import queries


def tiles(user: Any, role: str | None, now: dt.datetime) -> list[Tile]:
    out: list[Tile] = []
    me = queries.volunteer_of(user)
    if me is not None:
        upcoming = queries.my_signups(user).filter(shift__ends_at__gte=now).count()
        out.append(
            Tile(
                15,
                pgettext("home", "Volunteering"),
                reverse("volunteers:mine"),
                ngettext("%(n)d shift ahead", "%(n)d shifts ahead", upcoming) % {"n": upcoming}
                if upcoming
                else _("Find an activity and sign up"),
                count=upcoming,
            )
        )
    elif queries.joinable_record(user) is not None:
        out.append(
            Tile(15, pgettext("home", "Volunteering"), reverse("volunteers:index"), _("Become a volunteer"))
        )
    if queries.staff_communities(user).exists():
        waiting = queries.to_sign_off(user, now).count()
        out.append(
            Tile(
                40,
                pgettext("home", "Volunteer hours to sign off"),
                reverse("volunteers:index") + "#sign-off",
                ngettext("%(n)d waiting", "%(n)d waiting", waiting) % {"n": waiting},
                count=waiting,
            )
        )
    return out
