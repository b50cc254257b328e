"""Party organizations (社区党委/总支/支部) as a tree under the community, their members and the
transfers of members' relationship in and out, and the Party worker of each community.

Members and transfers need a "party" SensitiveGrant on top of `organizations.party`: without it
they do not exist for the actor (NotFound), as sensitive care tags in the registry. Their audit
events carry no names (whoever reads the audit log may hold no grant)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.accounts.models import User
from linli.areas.levels import Level
from linli.areas.models import Area
from linli.audit.chain import record
from linli.common.codes import short_code
from linli.common.errors import DomainError
from linli.organizations import permissions as perms
from linli.organizations.actions.common import choice, field_error, mobile, not_future, refuse, text
from linli.organizations.models import (
    ALLOWED_PARENTS,
    PartyKind,
    PartyMember,
    PartyMemberStatus,
    PartyOrganization,
    PartyTransfer,
    PartyWorker,
    TransferDirection,
)
from linli.registry.models import Resident, ResidentStatus


def _community(area: Area) -> None:
    if area.level != Level.COMMUNITY:
        raise field_error("not_a_community", "community", _("Choose a community."))


def party_org_add(
    *,
    actor: User | None,
    community: Area,
    kind: str,
    name: str,
    parent: PartyOrganization | None = None,
    secretary_name: str = "",
    now: dt.datetime | None = None,
) -> PartyOrganization:
    now = now or timezone.now()
    with transaction.atomic():
        policy.require(actor, perms.PARTY_MANAGE, community, visible=perms.VIEW)
        _community(community)
        choice(kind, "kind", PartyKind, _("a type"))
        name = text(name, "name", _("the organization's name"))
        secretary_name = text(secretary_name, "secretary_name", _("the secretary"), required=False, limit=50)
        if parent is not None and parent.community_id != community.pk:
            raise field_error(
                "parent_elsewhere", "parent", _("Choose an organization of the same community.")
            )
        if (parent.kind if parent else None) not in ALLOWED_PARENTS[kind]:
            raise field_error("bad_parent", "parent", _("This kind of organization cannot sit there."))
        org = PartyOrganization.objects.create(
            code=short_code("P"),
            community=community,
            parent=parent,
            kind=kind,
            name=name,
            secretary_name=secretary_name,
        )
        record(
            actor=actor,
            action="organizations.party_org.created",
            obj=org,
            area=community,
            details={"kind": kind, "parent": parent.code if parent else None},
            now=now,
        )
    return org


def _require_keep(actor: User | None, community: Area) -> None:
    if actor is not None:
        # Without the grant the members are not there at all: 404, like a sensitive care tag.
        refuse(perms.can_see_party_members(actor, community), perms.can_manage_party(actor, community))


def party_member_add(
    *,
    actor: User | None,
    party_org: PartyOrganization,
    name: str,
    joined_party_on: dt.date | None = None,
    resident: Resident | None = None,
    transferred_from: str = "",
    on: dt.date | None = None,
    now: dt.datetime | None = None,
) -> PartyMember:
    """Record a member; with `transferred_from`, as a transfer in (on `on`)."""
    now = now or timezone.now()
    with transaction.atomic():
        community = party_org.community
        _require_keep(actor, community)
        name = text(name, "name", _("the member's name"), limit=50)
        transferred_from = text(transferred_from, "transferred_from", _("where from"), required=False)
        if joined_party_on is not None:
            not_future(joined_party_on, now, "joined_party_on")
        if resident is not None and (
            resident.community_id != community.pk or resident.status != ResidentStatus.ACTIVE
        ):
            raise field_error("resident_elsewhere", "resident", _("This resident is not registered here."))
        member = PartyMember.objects.create(
            party_org=party_org,
            community=community,
            name=name,
            resident=resident,
            joined_party_on=joined_party_on,
        )
        if transferred_from:
            day = on or timezone.localdate(now)
            not_future(day, now, "on")
            PartyTransfer.objects.create(
                member=member,
                direction=TransferDirection.IN,
                on=day,
                other_side=transferred_from,
                recorded_by=actor if getattr(actor, "pk", None) else None,
            )
        record(
            actor=actor,
            action="organizations.party_member.transferred_in"
            if transferred_from
            else "organizations.party_member.added",
            obj=member,
            area=community,
            details={"party_org": party_org.code},
            now=now,
        )
    return member


def party_member_transfer_out(
    *, actor: User | None, member: PartyMember, to: str, on: dt.date, now: dt.datetime | None = None
) -> PartyTransfer:
    now = now or timezone.now()
    with transaction.atomic():
        member = PartyMember.objects.select_for_update().select_related("community").get(pk=member.pk)
        _require_keep(actor, member.community)
        if member.status != PartyMemberStatus.ACTIVE:
            raise DomainError("already_out", _("This member has already transferred out."))
        to = text(to, "to", _("where to"))
        not_future(on, now, "on")
        member.status = PartyMemberStatus.TRANSFERRED_OUT
        member.save(update_fields=["status"])
        transfer = PartyTransfer.objects.create(
            member=member,
            direction=TransferDirection.OUT,
            on=on,
            other_side=to,
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
        record(
            actor=actor,
            action="organizations.party_member.transferred_out",
            obj=member,
            area=member.community,
            details={"on": on},
            now=now,
        )
    return transfer


def party_worker_set(
    *,
    actor: User | None,
    community: Area,
    name: str,
    since: dt.date,
    phone: str = "",
    now: dt.datetime | None = None,
) -> PartyWorker:
    """Record the community's Party worker; the one before is kept, ended the day before."""
    now = now or timezone.now()
    with transaction.atomic():
        policy.require(actor, perms.PARTY_MANAGE, community, visible=perms.VIEW)
        _community(community)
        name = text(name, "name", _("the Party worker's name"), limit=50)
        phone = mobile(phone, "phone")
        not_future(since, now, "since")
        current = (
            PartyWorker.objects.select_for_update().filter(community=community, until__isnull=True).first()
        )
        if current is not None:
            if since <= current.since:
                raise field_error(
                    "before_current", "since", _("The new Party worker must start after the current one.")
                )
            current.until = since - dt.timedelta(days=1)
            current.save(update_fields=["until"])
        worker = PartyWorker.objects.create(community=community, name=name, phone=phone, since=since)
        record(
            actor=actor,
            action="organizations.party_worker.set",
            obj=worker,
            area=community,
            details={"since": since},
            now=now,
        )
    return worker
