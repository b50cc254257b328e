"""Officers elected through governance's elections (plan 3.4.四: 社区社会组织 elect their officers).

`officer_election_start` announces a governance election whose `body` is the organization's code,
with officer seats, and lists the organization's current members who are linked to a registry
record living in the community as its register. From there the election runs on governance's own
pages and API — nominations, the key ceremony, the secret ballot, the count and the
certification — with governance's rules. `officers_apply` then gives the elected their roles
through `member_role_set` (each change audited) and steps down those they replace.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts.models import User
from linli.audit.chain import record
from linli.common.errors import DomainError
from linli.governance.elections import actions as elections
from linli.governance.models import Result, Stage
from linli.organizations import permissions as perms
from linli.organizations.actions.common import field_error, refuse, text, today
from linli.organizations.actions.orgs import member_role_set
from linli.organizations.models import MemberRole, Membership, OfficerElection, Organization, OrgStatus
from linli.registry.models import Resident


def officer_election_start(
    *,
    actor: User | None,
    org: Organization,
    title: str,
    election_day: dt.date,
    seats: dict[str, int],
    now: dt.datetime | None = None,
) -> OfficerElection:
    """Announce an officer election with its register: the linked current members.

    The community's workers, or the organization's own chair or secretary (`perms.ELECTION_ROLES`),
    who then run it on governance's pages; an organiser of another organization gets 404."""
    now = now or timezone.now()
    with transaction.atomic():
        org = Organization.objects.select_for_update().select_related("community").get(pk=org.pk)
        if actor is not None:
            refuse(perms.can_view_org(actor, org), perms.can_run_election(actor, org))
        if org.status != OrgStatus.ACTIVE:
            raise DomainError("dissolved", _("This organization is dissolved."))
        title = text(title, "title", _("a title"), limit=200)
        if OfficerElection.objects.filter(organization=org).exclude(election__stage=Stage.CERTIFIED).exists():
            raise DomainError(
                "election_running",
                _("An officer election of this organization is already under way."),
                status=409,
            )
        members = list(
            Resident.objects.filter(
                pk__in=org.members.filter(left_on__isnull=True, resident__isnull=False).values("resident_id")
            )
        )
        if not members:
            raise field_error(
                "no_voters",
                "seats",
                _("No current member is linked to a resident record: link members before an election."),
            )
        election = elections.election_announce(
            actor=actor,
            community=org.community,
            title=title,
            election_day=election_day,
            register_cutoff=today(now),
            seats=seats,
            allow_write_ins=False,
            require_surplus=False,
            body=org.code,
            now=now,
        )
        listed = elections.register_build(actor=actor, election=election, members=members, now=now)
        if not listed:
            raise field_error(
                "no_voters", "seats", _("None of the linked members lives in the community: nobody can vote.")
            )
        election.refresh_from_db()  # register_build moved it to the register stage
        link = OfficerElection.objects.create(organization=org, election=election)
        record(
            actor=actor,
            action="organizations.officer_election.started",
            obj=link,
            area=org.community,
            details={"organization": org.code, "election": election.code, "voters": listed},
            now=now,
        )
    return link


def officers_apply(
    *, actor: User | None, link: OfficerElection, now: dt.datetime | None = None
) -> list[Membership]:
    """Once the election is certified: the elected take their roles; those they replace step down.

    An elected person who is no longer a member is skipped (and named in the audit event).
    """
    now = now or timezone.now()
    with transaction.atomic():
        link = (
            OfficerElection.objects.select_for_update()
            .select_related("organization__community", "election")
            .get(pk=link.pk)
        )
        org = link.organization
        if actor is not None:
            refuse(perms.can_view_org(actor, org), perms.can_run_election(actor, org))
        if link.election.stage != Stage.CERTIFIED:
            raise DomainError("not_certified", _("The election is not certified yet."), status=409)
        if link.applied_at is not None:
            raise DomainError(
                "applied", _("The officers were already updated from this election."), status=409
            )
        elected = list(
            Result.objects.filter(round__election=link.election, elected=True, candidate__isnull=False)
            .select_related("candidate__entry")
            .order_by("round__number", "position", "-votes")
        )
        current = {m.resident_id: m for m in org.members.filter(left_on__isnull=True, resident__isnull=False)}
        positions = {r.position for r in elected}
        winners = {r.candidate.entry.resident_id: r.position for r in elected if r.candidate}
        changed: list[Membership] = []
        # First those who step down (their role goes to someone else), then the elected.
        for m in org.members.filter(left_on__isnull=True, role__in=positions):
            if m.resident_id is None or winners.get(m.resident_id) != m.role:
                changed.append(member_role_set(actor=actor, member=m, role=MemberRole.MEMBER, now=now))
        missing: list[int] = []
        for resident_id, position in winners.items():
            member = current.get(resident_id)
            if member is None:
                missing.append(resident_id)
            elif member.role != position:
                member.refresh_from_db()
                changed.append(member_role_set(actor=actor, member=member, role=position, now=now))
        link.applied_at = now
        link.save(update_fields=["applied_at"])
        record(
            actor=actor,
            action="organizations.officer_election.applied",
            obj=link,
            area=org.community,
            details={
                "organization": org.code,
                "election": link.election.code,
                "elected": {str(k): v for k, v in sorted(winners.items())},
                "no_longer_members": sorted(missing),
            },
            now=now,
        )
    return changed
