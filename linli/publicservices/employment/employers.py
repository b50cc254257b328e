"""Employers and stationed units with their own accounts: the community or the street registers
the unit and names its staff (accounts holding the employer role there); the staff then post jobs
for the unit and follow the referrals to them, and see nothing else."""

import datetime as dt

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.accounts.models import User
from linli.accounts.roles import Role
from linli.areas.models import Area
from linli.audit.chain import record
from linli.publicservices.common import field_error, new_code, text
from linli.publicservices.models.employment import Employer
from linli.publicservices.permissions import VIEW, employer_ids, forget_employers, require_employment


def employers_for(viewer: policy.Viewer) -> QuerySet[Employer]:
    return Employer.objects.filter(
        policy.area_q(viewer, VIEW, "area") | Q(pk__in=employer_ids(viewer))
    ).select_related("area")


def own_employers(viewer: policy.Viewer) -> QuerySet[Employer]:
    return Employer.objects.filter(pk__in=employer_ids(viewer)).select_related("area")


def employer_for(viewer: policy.Viewer, code: str) -> Employer:
    found = employers_for(viewer).filter(code=(code or "").strip().upper()).first()
    if found is None:
        raise Http404
    return found


def accounts(usernames: list[str], area: Area) -> list[User]:
    """Accounts by sign-in name, each holding the employer role at the unit's area."""
    out = []
    for name in usernames:
        name = (name or "").strip()
        if not name:
            continue
        user = User.objects.filter(username=name, is_active=True).first()
        if user is None or not policy.has_role_at(user, Role.EMPLOYER, area):
            raise field_error(
                "not_an_employer_account",
                "members",
                _("%(name)s is not an account with the employer role here.") % {"name": name},
            )
        out.append(user)
    return out


def employer_register(
    *,
    actor: User | None,
    area: Area,
    name: str,
    members: list[User],
    now: dt.datetime | None = None,
) -> Employer:
    now = now or timezone.now()
    with transaction.atomic():
        require_employment(actor, area)
        for user in members:
            if not policy.has_role_at(user, Role.EMPLOYER, area):
                raise field_error(
                    "not_an_employer_account",
                    "members",
                    _("%(name)s is not an account with the employer role here.") % {"name": user.username},
                )
        employer = Employer.objects.create(
            code=new_code("EM"),
            area=area,
            name=text(name, "name", _("the employer"), required=True, limit=100),
            created_at=now,
        )
        employer.members.set(members)
        for user in members:
            forget_employers(user)
        record(actor=actor, action="publicservices.employer.registered", obj=employer, area=area, now=now)
    return employer
