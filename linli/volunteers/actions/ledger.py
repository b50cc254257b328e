"""The hours ledger (时间银行): double-entry, append-only, with a credit limit.

Every transfer is posted by `_post`: its movements sum to zero (checked here and, on PostgreSQL,
by a deferred trigger at commit), and each person's `Account.balance` moves by a conditional
update that refuses to pass the credit limit, so two redemptions of the same hours at once cannot
both succeed (the row lock of the first makes the second re-check the new balance). Accounts are
updated in id order, so two transfers between the same accounts never deadlock.

Nothing is ever changed or deleted: a correction is a reversing transfer that names the one it
reverses and why (one reversal per transfer).
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.accounts.models import User
from linli.areas.models import Area
from linli.audit.chain import record
from linli.common.codes import short_code
from linli.common.errors import DomainError, NotFound
from linli.registry.models import Resident, ResidentStatus
from linli.volunteers.actions.common import field_error, text
from linli.volunteers.models import (
    Account,
    AccountKind,
    Certificate,
    Movement,
    SignUp,
    Transfer,
    TransferKind,
    Volunteer,
    stars_for,
)

PERSON_KINDS = (AccountKind.VOLUNTEER, AccountKind.FAMILY)
MAX_MINUTES = 100_000 * 60
# Default credit limit of a volunteer's account (minutes below zero a redemption may go): none.
DEFAULT_CREDIT_LIMIT = 0
RECORDED_KINDS = (TransferKind.EARNED, TransferKind.IMPORTED)


def system_account(kind: str, area: Area) -> Account:
    """The community's (or street's) account hours are issued from, or spent into."""
    account, _created = Account.objects.get_or_create(kind=kind, area=area)
    return account


def account_of(volunteer: Volunteer) -> Account:
    account, _created = Account.objects.get_or_create(
        volunteer=volunteer, defaults={"kind": AccountKind.VOLUNTEER, "area": volunteer.community}
    )
    return account


def _family_account(resident: Resident) -> Account:
    account, _created = Account.objects.get_or_create(
        resident=resident, defaults={"kind": AccountKind.FAMILY, "area": resident.community}
    )
    return account


def _post(
    *,
    kind: str,
    area: Area,
    legs: Sequence[tuple[Account, int]],
    actor: User | None,
    now: dt.datetime,
    reason: str = "",
    signup: SignUp | None = None,
    reverses: Transfer | None = None,
    order_code: str = "",
) -> Transfer:
    if sum(m for _a, m in legs) != 0 or any(m == 0 for _a, m in legs):
        raise AssertionError("a transfer's movements sum to zero")
    with transaction.atomic():
        for account, minutes in sorted(legs, key=lambda leg: leg[0].pk):
            qs = Account.objects.filter(pk=account.pk)
            if account.kind in PERSON_KINDS and minutes < 0:
                qs = qs.filter(balance__gte=-F("credit_limit") - minutes)
            if qs.update(balance=F("balance") + minutes) != 1:
                raise DomainError("no_balance", _("Not enough hours in the account for this."), status=409)
        transfer = Transfer.objects.create(
            code=short_code("H", 10),
            kind=kind,
            area=area,
            at=now,
            actor=actor if getattr(actor, "pk", None) else None,
            reason=reason,
            signup=signup,
            reverses=reverses,
            order_code=order_code,
        )
        Movement.objects.bulk_create([Movement(transfer=transfer, account=a, minutes=m) for a, m in legs])
    return transfer


def earn(*, actor: User | None, entry: SignUp, minutes: int, now: dt.datetime) -> Transfer:
    """Signed-off hours: from the issuing area's account to the volunteer's (called by sign_off)."""
    area = entry.shift.activity.area
    return _post(
        kind=TransferKind.EARNED,
        area=area,
        legs=[(system_account(AccountKind.ISSUED, area), -minutes), (account_of(entry.volunteer), minutes)],
        actor=actor,
        now=now,
        signup=entry,
    )


def earn_many(*, actor: User | None, area: Area, entries: Sequence[SignUp], now: dt.datetime) -> None:
    """Signed-off hours of many sign-ups at once: one transfer each, inserted in bulk, balances
    moved by one statement per account (a whole shift signed off together)."""
    if not entries:
        return
    issued = system_account(AccountKind.ISSUED, area)
    # Account ids by volunteer, not Account instances (building 1,000s of them showed in profiles).
    accounts: dict[Any, int] = dict(
        Account.objects.filter(volunteer_id__in=[e.volunteer_id for e in entries]).values_list(
            "volunteer_id", "pk"
        )
    )
    for e in entries:
        if e.volunteer_id not in accounts:
            accounts[e.volunteer_id] = account_of(e.volunteer).pk
    actor_id = getattr(actor, "pk", None)
    minutes = [int(e.minutes or 0) for e in entries]
    total = sum(minutes)
    insert = _insert_earned_pg if connection.vendor == "postgresql" else _insert_earned_orm
    insert(actor_id, area, issued, entries, minutes, accounts, now)
    add: dict[int, int] = {issued.pk: -total}
    for e in entries:
        pk = accounts[e.volunteer_id]
        add[pk] = add.get(pk, 0) + int(e.minutes or 0)
    add_to_balances(add)


def _insert_earned_orm(
    actor_id: int | None,
    area: Area,
    issued: Account,
    entries: Sequence[SignUp],
    minutes: list[int],
    accounts: Mapping[Any, int],
    now: dt.datetime,
) -> None:
    """One earned transfer per sign-up and its two movements, by `bulk_create` (any database)."""
    # Ids, not instances, on the new rows: assigning related objects costs a descriptor call per
    # field, the largest Python cost of a thousand-row batch (profiled with cProfile).
    transfers = Transfer.objects.bulk_create(
        [
            Transfer(
                code=short_code("H", 10),
                kind=TransferKind.EARNED,
                area_id=area.pk,
                at=now,
                actor_id=actor_id,
                signup_id=e.pk,
            )
            for e in entries
        ]
    )
    moves = []
    for t, e, m in zip(transfers, entries, minutes, strict=True):
        moves += [
            Movement(transfer_id=t.pk, account_id=issued.pk, minutes=-m),
            Movement(transfer_id=t.pk, account_id=accounts[e.volunteer_id], minutes=m),
        ]
    Movement.objects.bulk_create(moves, batch_size=2000)


def _insert_earned_pg(
    actor_id: int | None,
    area: Area,
    issued: Account,
    entries: Sequence[SignUp],
    minutes: list[int],
    accounts: Mapping[Any, int],
    now: dt.datetime,
) -> None:
    """The same rows as the bulk path, in one statement on PostgreSQL: the transfers inserted from
    arrays and their two movements each inserted from the transfers' RETURNING, with no model
    instance built (the ingest figure, ≥ 1,000 signed-off entries/s, docs/benchmarks.md)."""
    transfer, movement = Transfer._meta.db_table, Movement._meta.db_table
    # Table names only are formatted in; every value is a parameter.
    sql = f"""
        WITH x AS (
            SELECT * FROM unnest(%s::varchar[], %s::bigint[], %s::bigint[], %s::bigint[])
                AS x(code, signup_id, account_id, minutes)
        ), t AS (
            INSERT INTO {transfer} (code, kind, area_id, at, actor_id, reason, signup_id, order_code)
            SELECT x.code, %s, %s, %s, %s, '', x.signup_id, '' FROM x
            RETURNING id, signup_id
        )
        INSERT INTO {movement} (transfer_id, account_id, minutes)
        SELECT t.id, leg.account_id, leg.minutes
        FROM t JOIN x USING (signup_id)
        CROSS JOIN LATERAL (VALUES (%s::bigint, -x.minutes), (x.account_id, x.minutes)) AS leg(account_id, minutes)
    """  # noqa: S608
    params: list[Any] = [
        [short_code("H", 10) for _ in entries],
        [e.pk for e in entries],
        [accounts[e.volunteer_id] for e in entries],
        minutes,
        TransferKind.EARNED.value,
        area.pk,
        now,
        actor_id,
        issued.pk,
    ]
    with connection.cursor() as cur:
        cur.execute(sql, params)


def add_to_balances(add: dict[int, int]) -> None:
    """Move many balances by one statement per thousand accounts, in id order (no deadlocks).

    Only for credits (earned hours): debits go through `_post`, which checks the credit limit.
    """
    items = sorted(add.items())
    table = Account._meta.db_table
    for i in range(0, len(items), 1000):
        chunk = items[i : i + 1000]
        values = ", ".join(["(%s, %s)"] * len(chunk))
        params = [x for pair in chunk for x in pair]
        if connection.vendor == "postgresql":
            # Table name and placeholders only; every value is a parameter.
            sql = (
                f"UPDATE {table} SET balance = {table}.balance + v.m "  # noqa: S608
                f"FROM (VALUES {values}) AS v(id, m) WHERE {table}.id = v.id"
            )
        else:  # SQLite names a VALUES list's columns only in a CTE
            sql = (
                f"WITH v(id, m) AS (VALUES {values}) UPDATE {table} "  # noqa: S608
                f"SET balance = balance + (SELECT m FROM v WHERE v.id = {table}.id) WHERE id IN (SELECT id FROM v)"
            )
        with connection.cursor() as cur:
            cur.execute(sql, params)


def hours_carry_over(
    *, actor: User | None, volunteer: Volunteer, minutes: int, reason: str, now: dt.datetime | None = None
) -> Transfer:
    """Hours from an earlier record (a roster import), with where they come from."""
    now = now or timezone.now()
    policy.require(actor, "volunteers.manage", volunteer.community)
    if not 1 <= minutes <= MAX_MINUTES:
        raise field_error(
            "bad_minutes", "minutes", _("Enter a number of hours between 1 minute and 100000 hours.")
        )
    reason = text(reason, "reason", _("the reason"), required=True, limit=200)
    with transaction.atomic():
        transfer = _post(
            kind=TransferKind.IMPORTED,
            area=volunteer.community,
            legs=[
                (system_account(AccountKind.ISSUED, volunteer.community), -minutes),
                (account_of(volunteer), minutes),
            ],
            actor=actor,
            now=now,
            reason=reason,
        )
        record(
            actor=actor,
            action="volunteers.hours.carried_over",
            obj=transfer,
            area=volunteer.community,
            details={"code": transfer.code, "number": volunteer.number, "minutes": minutes},
            now=now,
        )
    return transfer


def family_of(volunteer: Volunteer) -> list[Resident]:
    """Who may receive the volunteer's hours: the others of their registry household."""
    if volunteer.resident is None or volunteer.resident.household_id is None:
        return []
    return list(
        Resident.objects.filter(household_id=volunteer.resident.household_id, status=ResidentStatus.ACTIVE)
        .exclude(pk=volunteer.resident.pk)
        .order_by("name")
    )


def hours_gift(
    *,
    actor: User,
    volunteer: Volunteer,
    to: Resident,
    minutes: int,
    reason: str = "",
    now: dt.datetime | None = None,
) -> Transfer:
    """The volunteer gives hours to a family member (same registry household): only they may."""
    now = now or timezone.now()
    if volunteer.user_id != actor.pk:
        raise NotFound()
    if to.pk not in {r.pk for r in family_of(volunteer)}:
        raise field_error("not_family", "to", _("Hours can be given only to family in your household."))
    if not 1 <= minutes <= MAX_MINUTES:
        raise field_error(
            "bad_minutes", "minutes", _("Enter a number of hours between 1 minute and 100000 hours.")
        )
    reason = text(reason, "reason", _("the note"), required=False, limit=200)
    # A family member who volunteers keeps the hours on their volunteer account.
    to_volunteer = Volunteer.objects.filter(resident=to).first()
    target = account_of(to_volunteer) if to_volunteer else _family_account(to)
    with transaction.atomic():
        transfer = _post(
            kind=TransferKind.GIFT,
            area=volunteer.community,
            legs=[(account_of(volunteer), -minutes), (target, minutes)],
            actor=actor,
            now=now,
            reason=reason,
        )
        record(
            actor=actor,
            action="volunteers.hours.gifted",
            obj=transfer,
            area=volunteer.community,
            details={"code": transfer.code, "number": volunteer.number, "minutes": minutes},
            now=now,
        )
    return transfer


def hours_redeem(
    *,
    actor: User | None,
    account: Account,
    minutes: int,
    reason: str,
    order_code: str = "",
    now: dt.datetime | None = None,
) -> Transfer:
    """Spend hours on a service: the holder, or staff for them; within the credit limit.

    FOLLOW-UP (services): an order paid in hours should call this from the services context when
    it is done (`order_code` keeps the link); until then staff record the redemption here.
    """
    now = now or timezone.now()
    holder_user = (
        account.volunteer.user_id
        if account.volunteer is not None
        else (account.resident.user_id if account.resident is not None else None)
    )
    if account.kind not in PERSON_KINDS:
        raise NotFound()
    if actor is not None and holder_user != actor.pk:
        policy.require(actor, "volunteers.manage", account.area)
    if not 1 <= minutes <= MAX_MINUTES:
        raise field_error(
            "bad_minutes", "minutes", _("Enter a number of hours between 1 minute and 100000 hours.")
        )
    reason = text(reason, "reason", _("the service"), required=True, limit=200)
    with transaction.atomic():
        transfer = _post(
            kind=TransferKind.REDEEMED,
            area=account.area,
            legs=[(account, -minutes), (system_account(AccountKind.SERVICES, account.area), minutes)],
            actor=actor,
            now=now,
            reason=reason,
            order_code=order_code[:12],
        )
        record(
            actor=actor,
            action="volunteers.hours.redeemed",
            obj=transfer,
            area=account.area,
            details={"code": transfer.code, "minutes": minutes, "order": order_code[:12] or None},
            now=now,
        )
    return transfer


def transfer_reverse(
    *, actor: User | None, transfer: Transfer, reason: str, now: dt.datetime | None = None
) -> Transfer:
    """Correct an entry: a new transfer with every movement negated, naming the one it reverses."""
    now = now or timezone.now()
    policy.require(actor, "volunteers.correct", transfer.area)
    reason = text(reason, "reason", _("the reason for the correction"), required=True, limit=200)
    if transfer.reverses_id is not None:
        raise DomainError(
            "is_correction", _("A correction is not corrected again: record a new entry."), status=409
        )
    if Transfer.objects.filter(reverses=transfer).exists():
        raise DomainError("already_reversed", _("This entry has already been corrected."), status=409)
    legs = [(m.account, -m.minutes) for m in transfer.movements.select_related("account")]
    try:
        with transaction.atomic():
            correction = _post(
                kind=TransferKind.CORRECTION,
                area=transfer.area,
                legs=legs,
                actor=actor,
                now=now,
                reason=reason,
                reverses=transfer,
            )
            record(
                actor=actor,
                action="volunteers.hours.corrected",
                obj=correction,
                area=transfer.area,
                details={"code": correction.code, "reverses": transfer.code},
                now=now,
            )
    except IntegrityError:
        raise DomainError(
            "already_reversed", _("This entry has already been corrected."), status=409
        ) from None
    return correction


def credit_limit_set(
    *, actor: User | None, account: Account, minutes: int, now: dt.datetime | None = None
) -> Account:
    """How far below zero a person's account may go (the time bank's credit, in minutes)."""
    now = now or timezone.now()
    policy.require(actor, "volunteers.correct", account.area)
    if account.kind not in PERSON_KINDS:
        raise NotFound()
    if not 0 <= minutes <= 100 * 60:
        raise field_error("bad_limit", "minutes", _("The credit limit is between 0 and 100 hours."))
    with transaction.atomic():
        if Account.objects.filter(pk=account.pk, balance__gte=-minutes).update(credit_limit=minutes) != 1:
            raise field_error(
                "below_limit", "minutes", _("The account is already further below zero."), status=409
            )
        account.credit_limit = minutes
        record(
            actor=actor,
            action="volunteers.account.credit_limit",
            obj=account,
            area=account.area,
            details={"minutes": minutes},
            now=now,
        )
    return account


def recorded_minutes(volunteer: Volunteer) -> int:
    """Service recorded for the volunteer: signed-off and carried-over hours, net of corrections."""
    total = (
        Movement.objects.filter(
            account__volunteer=volunteer, minutes__gt=0, transfer__kind__in=RECORDED_KINDS
        ).aggregate(n=Sum("minutes"))["n"]
        or 0
    )
    undone = (
        Movement.objects.filter(
            Q(transfer__reverses__kind__in=RECORDED_KINDS), account__volunteer=volunteer
        ).aggregate(n=Sum("minutes"))["n"]
        or 0
    )
    return int(total + undone)


def certificate_issue(
    *, actor: User | None, volunteer: Volunteer, now: dt.datetime | None = None
) -> Certificate:
    """A certificate of the service recorded so far, with a code anyone can verify."""
    now = now or timezone.now()
    own = actor is not None and volunteer.user_id == actor.pk
    if not own:
        policy.require(actor, "volunteers.manage", volunteer.community)
    minutes = recorded_minutes(volunteer)
    if minutes <= 0:
        raise DomainError("no_hours", _("No service is recorded yet."), status=409)
    activities = SignUp.objects.filter(volunteer=volunteer, signed_off_at__isnull=False).count()
    with transaction.atomic():
        cert = Certificate.objects.create(
            code=short_code("", 12),
            volunteer=volunteer,
            minutes=minutes,
            activities=activities,
            stars=stars_for(minutes),
            issued_at=now,
            issued_by=actor if getattr(actor, "pk", None) else None,
            issuer_area=volunteer.community,
        )
        record(
            actor=actor,
            action="volunteers.certificate.issued",
            obj=cert,
            area=volunteer.community,
            details={"code": cert.code, "number": volunteer.number, "minutes": minutes},
            now=now,
        )
    return cert
