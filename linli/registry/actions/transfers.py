"""Transfers between communities: opened by a move, decided by the receiving community."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts.models import User
from linli.areas.models import Area
from linli.audit.chain import record
from linli.common.codes import short_code
from linli.common.errors import DomainError
from linli.registry.actions.common import (
    NotFoundError,
    _bad,
    _history,
    _leave,
    _lock,
    _person_values,
    _refuse_head_leaving,
    require_manage,
)
from linli.registry.models import (
    CareTag,
    Dwelling,
    EventKind,
    Household,
    LivingPlace,
    Relation,
    Resident,
    ResidentStatus,
    TransferDirection,
    TransferRequest,
    TransferStatus,
)


def _transfer_open(
    *,
    actor: User | None,
    resident: Resident,
    to_community: Area,
    direction: str,
    household: Household | None = None,
    dwelling: Dwelling | None = None,
    relation: str = "",
    now: dt.datetime,
    note: str = "",
) -> TransferRequest:
    if TransferRequest.objects.filter(resident=resident, status=TransferStatus.PENDING).exists():
        raise DomainError(
            "transfer_pending", _("A transfer of this person is already waiting for a decision."), status=409
        )
    transfer = TransferRequest.objects.create(
        code=short_code("T"),
        resident=resident,
        from_community=resident.community,
        to_community=to_community,
        direction=direction,
        to_household=household,
        to_dwelling=dwelling,
        relation=relation,
        requested_by=actor if getattr(actor, "pk", None) else None,
        requested_at=now,
        reason=note[:300],
    )
    record(
        actor=actor,
        action="registry.transfer.requested",
        obj=transfer,
        area=resident.community,
        details={"to": to_community.code, "direction": direction},
        now=now,
    )
    return transfer


def transfer_decide(
    *,
    actor: User | None,
    transfer: TransferRequest,
    accept: bool,
    reason: str = "",
    household: Household | None = None,
    dwelling: Dwelling | None = None,
    relation: str = Relation.HEAD,
    now: dt.datetime | None = None,
) -> TransferRequest:
    """The deciding community accepts (the person moves, history kept on both sides) or rejects."""
    now = now or timezone.now()
    with transaction.atomic():
        transfer = (
            TransferRequest.objects.select_for_update(of=("self",))
            .select_related("resident", "from_community", "to_community")
            .get(pk=transfer.pk)
        )
        deciding = (
            transfer.to_community if transfer.direction == TransferDirection.OUT else transfer.from_community
        )
        require_manage(actor, deciding)
        if transfer.status != TransferStatus.PENDING:
            raise DomainError("already_decided", _("This transfer has already been decided."), status=409)
        transfer.decided_by = actor if getattr(actor, "pk", None) else None
        transfer.decided_at = now
        transfer.reason = reason.strip()[:300] or transfer.reason
        if not accept:
            if not reason.strip():
                raise _bad("reason_required", "reason", _("Give a reason for rejecting."))
            transfer.status = TransferStatus.REJECTED
            transfer.save(update_fields=["status", "decided_by", "decided_at", "reason"])
            record(actor=actor, action="registry.transfer.rejected", obj=transfer, area=deciding, now=now)
            return transfer
        if transfer.direction == TransferDirection.OUT:
            # The receiving side says where the person lives now.
            if household is not None and household.community_id != transfer.to_community_id:
                raise NotFoundError()
            if dwelling is not None and dwelling.community_id != transfer.to_community_id:
                raise NotFoundError()
            transfer.to_household, transfer.to_dwelling = household, dwelling
            transfer.relation = relation if household is not None else Relation.HEAD
        old = _lock(transfer.resident)
        _refuse_head_leaving(old)
        target = transfer.to_household
        if target is not None and not target.is_active:
            raise _bad("household_closed", "household", _("That household is closed."))
        tags = list(CareTag.objects.filter(resident=old).values("tag", "level", "note"))
        _leave(old, status=ResidentStatus.TRANSFERRED, now=now)
        _history(
            EventKind.TRANSFERRED_OUT,
            actor=actor,
            household=old.household,
            resident=old,
            now=now,
            note=transfer.to_community.name,
        )
        if target is None:
            target = Household.objects.create(
                code=short_code("H"),
                community=transfer.to_community,
                dwelling=transfer.to_dwelling,
                created_at=now,
            )
        values = _person_values(old)
        new = Resident.objects.create(
            community=transfer.to_community,
            household=target,
            relation=Relation.HEAD if target.head_id is None else (transfer.relation or Relation.OTHER),
            registered_at=now,
            # The 户口 goes with the record (here stays here); the person lives in the new community.
            lives_where=LivingPlace.HERE,
            lives_since=timezone.localtime(now).date(),
            **values,
        )
        if target.head_id is None:
            target.head = new
            target.save(update_fields=["head"])
        CareTag.objects.bulk_create(
            [CareTag(community=transfer.to_community, resident=new, created_at=now, **t) for t in tags]
        )
        _history(
            EventKind.TRANSFERRED_IN,
            actor=actor,
            household=target,
            resident=new,
            now=now,
            note=transfer.from_community.name,
        )
        transfer.status = TransferStatus.ACCEPTED
        transfer.new_resident = new
        transfer.save(
            update_fields=[
                "status",
                "decided_by",
                "decided_at",
                "reason",
                "new_resident",
                "to_household",
                "to_dwelling",
                "relation",
            ]
        )
        record(
            actor=actor,
            action="registry.transfer.accepted",
            obj=transfer,
            area=deciding,
            details={"from": transfer.from_community.code, "to": transfer.to_community.code},
            now=now,
        )
    return transfer
