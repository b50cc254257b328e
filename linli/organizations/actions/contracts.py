"""Government service contracts (政府购买服务) with organizations, paid from the community's
ledger: a payment is a finance ledger entry (an expense for services, awaiting the democratic
finance group's review and the director's approval there), linked back to the contract."""

import datetime as dt

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts.models import User
from linli.audit.chain import record
from linli.common.codes import short_code
from linli.common.errors import DomainError
from linli.finance import actions as finance_actions
from linli.finance.models import Category, Direction, Fund
from linli.organizations import permissions as perms
from linli.organizations.actions.common import field_error, refuse, text
from linli.organizations.actions.orgs import MAX_FEN
from linli.organizations.models import (
    ContractPayment,
    ContractStatus,
    Organization,
    OrgStatus,
    ServiceContract,
)


def contract_sign(
    *,
    actor: User | None,
    org: Organization,
    title: str,
    amount_fen: int,
    starts_on: dt.date,
    ends_on: dt.date,
    now: dt.datetime | None = None,
) -> ServiceContract:
    now = now or timezone.now()
    with transaction.atomic():
        org = Organization.objects.select_related("community").get(pk=org.pk)
        if actor is not None:
            refuse(perms.can_view_org(actor, org), perms.can_manage_org(actor, org))
        if org.status != OrgStatus.ACTIVE:
            raise DomainError("dissolved", _("This organization is dissolved."))
        title = text(title, "title", _("the contract's title"))
        if not isinstance(amount_fen, int) or amount_fen <= 0 or amount_fen >= MAX_FEN:
            raise field_error("bad_amount", "amount", _("Enter an amount above zero."))
        if ends_on < starts_on:
            raise field_error("ends_before_start", "ends_on", _("The contract cannot end before it starts."))
        contract = ServiceContract.objects.create(
            code=short_code("K"),
            organization=org,
            community=org.community,
            title=title,
            amount_fen=amount_fen,
            starts_on=starts_on,
            ends_on=ends_on,
            signed_by=actor if getattr(actor, "pk", None) else None,
            created_at=now,
        )
        record(
            actor=actor,
            action="organizations.contract.signed",
            obj=contract,
            area=org.community,
            details={
                "organization": org.code,
                "amount_fen": amount_fen,
                "starts_on": starts_on,
                "ends_on": ends_on,
            },
            now=now,
        )
    return contract


def paid_fen(contract: ServiceContract) -> int:
    return int(contract.payments.aggregate(s=Sum("amount_fen"))["s"] or 0)


def contract_pay(
    *,
    actor: User | None,
    contract: ServiceContract,
    amount_fen: int,
    paid_on: dt.date,
    now: dt.datetime | None = None,
) -> ContractPayment:
    """Pay part of a contract: one ledger entry (project funds, services for residents) through
    finance's own action, so finance's checks (who enters, closed periods) apply unchanged."""
    now = now or timezone.now()
    with transaction.atomic():
        contract = (
            ServiceContract.objects.select_for_update()
            .select_related("organization", "community")
            .get(pk=contract.pk)
        )
        if actor is not None:
            refuse(
                perms.can_view_org(actor, contract.organization),
                perms.can_manage_org(actor, contract.organization),
            )
        if contract.status != ContractStatus.ACTIVE:
            raise DomainError("contract_closed", _("This contract is closed."))
        if not isinstance(amount_fen, int) or amount_fen <= 0:
            raise field_error("bad_amount", "amount", _("Enter an amount above zero."))
        if paid_fen(contract) + amount_fen > contract.amount_fen:
            raise field_error(
                "over_contract", "amount", _("The payments would exceed the contract's amount.")
            )
        entry = finance_actions.ledger_entry_create(
            actor=actor,
            community=contract.community,
            fund=Fund.PROJECT,
            direction=Direction.EXPENSE,
            category=Category.SERVICES,
            amount_fen=amount_fen,
            occurred_on=paid_on,
            description=_("Government service purchase %(code)s: %(org)s")
            % {"code": contract.code, "org": contract.organization.name},
            project=contract.title,
            now=now,
        )
        payment = ContractPayment.objects.create(
            contract=contract, entry=entry, amount_fen=amount_fen, paid_on=paid_on
        )
        record(
            actor=actor,
            action="organizations.contract.paid",
            obj=contract,
            area=contract.community,
            details={"amount_fen": amount_fen, "entry": entry.code, "paid_on": paid_on},
            now=now,
        )
    return payment


def contract_close(
    *, actor: User | None, contract: ServiceContract, now: dt.datetime | None = None
) -> ServiceContract:
    now = now or timezone.now()
    with transaction.atomic():
        contract = (
            ServiceContract.objects.select_for_update()
            .select_related("organization__community")
            .get(pk=contract.pk)
        )
        if actor is not None:
            refuse(
                perms.can_view_org(actor, contract.organization),
                perms.can_manage_org(actor, contract.organization),
            )
        if contract.status == ContractStatus.CLOSED:
            raise DomainError("contract_closed", _("This contract is closed."))
        contract.status = ContractStatus.CLOSED
        contract.save(update_fields=["status"])
        record(
            actor=actor,
            action="organizations.contract.closed",
            obj=contract,
            area=contract.community,
            now=now,
        )
    return contract
