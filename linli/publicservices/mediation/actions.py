"""Every write to people's mediation: permitted, validated, saved and audited in one transaction.
A case needs two sides; an agreement, a referral and a follow-up each close a step for good."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.accounts.models import User
from linli.accounts.roles import Role
from linli.areas.models import Area
from linli.audit.chain import record
from linli.common.errors import DomainError
from linli.publicservices.common import field_error, new_code, text, today, transition
from linli.publicservices.mediation import queries
from linli.publicservices.models.mediation import (
    Case,
    CaseKind,
    CaseSource,
    CaseStatus,
    Mediator,
    Party,
    ReferredTo,
    Session,
)
from linli.publicservices.permissions import VIEW
from linli.registry.models import Resident

MANAGE = "mediation.manage"


def _require(actor: User | None, community: Area) -> None:
    """Staff who manage mediation here, or a mediator of this community's group."""
    if actor is not None and queries.in_group(actor, community):
        return
    policy.require(actor, MANAGE, community, visible=VIEW)


def account(username: str) -> User | None:
    """The account named by its sign-in name (blank: none); an unknown name is a field error."""
    name = (username or "").strip()
    if not name:
        return None
    user = User.objects.filter(username=name, is_active=True).first()
    if user is None:
        raise field_error("username_unknown", "username", _("No account with this sign-in name."))
    return user


@dataclass(frozen=True)
class PartyIn:
    name: str
    side: str
    resident: Resident | None = None


def mediator_add(
    *,
    actor: User | None,
    community: Area,
    name: str,
    in_group: bool = True,
    user: User | None = None,
    now: dt.datetime | None = None,
) -> Mediator:
    """Add a mediator to the community; `user` links an account holding the mediator role here,
    which then reaches the group's cases."""
    now = now or timezone.now()
    with transaction.atomic():
        policy.require(actor, MANAGE, community, visible=VIEW)
        if user is not None and not policy.has_role_at(user, Role.MEDIATOR, community):
            raise field_error(
                "not_a_mediator_account",
                "username",
                _("This account does not hold the mediator role in this community."),
            )
        mediator = Mediator.objects.create(
            community=community,
            name=text(name, "name", _("the name"), required=True, limit=50),
            in_group=in_group,
            user=user,
        )
        record(actor=actor, action="publicservices.mediator.added", obj=mediator, area=community, now=now)
    return mediator


def case_open(
    *,
    actor: User | None,
    community: Area,
    source: str,
    kind: str,
    summary: str,
    parties: list[PartyIn],
    ticket_code: str = "",
    now: dt.datetime | None = None,
) -> Case:
    """Open a case with both sides named (residents of the community or people from outside)."""
    now = now or timezone.now()
    with transaction.atomic():
        _require(actor, community)
        if source not in CaseSource.values:
            raise field_error("source_invalid", "source", _("Choose where the case came from."))
        if kind not in CaseKind.values:
            raise field_error("kind_invalid", "kind", _("Choose the kind of dispute."))
        ticket = text(
            ticket_code, "ticket_code", _("the ticket number"), required=source == CaseSource.TICKET, limit=20
        ).upper()
        sides = {p.side for p in parties}
        if sides != {"applicant", "respondent"}:
            raise field_error("parties", "parties", _("Name at least one party on each side."))
        for p in parties:
            if p.resident is not None and p.resident.community_id != community.pk:
                raise field_error(
                    "party_elsewhere", "parties", _("A party from the registry must live in this community.")
                )
        case = Case.objects.create(
            code=new_code("MC"),
            community=community,
            source=source,
            ticket_code=ticket,
            kind=kind,
            summary=text(summary, "summary", _("what the dispute is about"), required=True, limit=2000),
            opened_at=now,
            opened_by=actor,
        )
        for p in parties:
            Party.objects.create(
                case=case,
                side=p.side,
                resident=p.resident,
                name=text(p.name, "parties", _("the name"), required=True, limit=50),
            )
        record(actor=actor, action="publicservices.mediation.opened", obj=case, area=community, now=now)
    return case


def _open(case: Case) -> None:
    if case.status != CaseStatus.OPEN:
        raise DomainError("case_closed", _("This case is no longer in mediation."))


def session_record(
    *,
    actor: User | None,
    case: Case,
    mediator: Mediator,
    held_at: dt.datetime,
    notes: str,
    now: dt.datetime | None = None,
) -> Session:
    now = now or timezone.now()
    with transaction.atomic():
        _require(actor, case.community)
        _open(case)
        if mediator.community_id != case.community_id or not mediator.is_active:
            raise field_error("mediator", "mediator", _("Choose a mediator of this community."))
        if held_at > now:
            raise field_error("future", "held_at", _("A session is recorded after it was held."))
        session = Session.objects.create(
            case=case,
            mediator=mediator,
            held_at=held_at,
            notes=text(notes, "notes", _("the notes"), required=True, limit=4000),
        )
        record(actor=actor, action="publicservices.mediation.session", obj=case, area=case.community, now=now)
    return session


def agreement_record(
    *, actor: User | None, case: Case, agreement: str, now: dt.datetime | None = None
) -> Case:
    """The agreement (调解协议) reached; it is then printed for the parties to sign."""
    now = now or timezone.now()
    with transaction.atomic():
        _require(actor, case.community)
        _open(case)
        if not case.sessions.exists():
            raise DomainError("no_session", _("Record the mediation session first."))
        body = text(agreement, "agreement", _("the agreement"), required=True, limit=4000)
        transition(case, CaseStatus.OPEN, status=CaseStatus.AGREED, agreement=body, agreed_at=now)
        record(actor=actor, action="publicservices.mediation.agreed", obj=case, area=case.community, now=now)
    return case


def case_refer(
    *, actor: User | None, case: Case, to: str, reason: str, now: dt.datetime | None = None
) -> Case:
    """Mediation failed: the case goes on to the street's committee or a court."""
    now = now or timezone.now()
    with transaction.atomic():
        _require(actor, case.community)
        _open(case)
        if to not in ReferredTo.values:
            raise field_error("to_invalid", "to", _("Choose where the case goes."))
        why = text(reason, "reason", _("the reason"), required=True, limit=500)
        transition(case, CaseStatus.OPEN, status=CaseStatus.REFERRED, referred_to=to, referral_reason=why)
        record(
            actor=actor,
            action="publicservices.mediation.referred",
            obj=case,
            area=case.community,
            details={"to": to},
            now=now,
        )
    return case


def case_follow_up(*, actor: User | None, case: Case, kept: bool, now: dt.datetime | None = None) -> Case:
    """Is the agreement being kept? Recorded once, and the case closes."""
    now = now or timezone.now()
    with transaction.atomic():
        _require(actor, case.community)
        if case.status != CaseStatus.AGREED:
            raise DomainError("not_agreed", _("Only a case with an agreement is followed up."))
        transition(
            case, CaseStatus.AGREED, status=CaseStatus.CLOSED, followed_up_on=today(now), agreement_kept=kept
        )
        record(
            actor=actor, action="publicservices.mediation.followed_up", obj=case, area=case.community, now=now
        )
    return case
