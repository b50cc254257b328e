"""Every write to community money: permitted, validated, written and audited in one transaction.

Roles: a worker (or director) enters, the democratic finance group (auditor) reviews, the
director approves. Nobody reviews or approves what they entered themselves.
"""

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.accounts.models import User
from linli.areas.levels import Level
from linli.areas.models import Area
from linli.audit.chain import record
from linli.common.codes import short_code
from linli.common.errors import DomainError, Forbidden
from linli.common.periods import period_bounds
from linli.finance import totals, vouchers
from linli.finance.funding import counted_households, counted_kinds, funding_for
from linli.finance.models import (
    INCOME_CATEGORIES,
    Budget,
    Category,
    ClosedPeriod,
    Direction,
    Donation,
    DonationKind,
    DonorKind,
    EntryStatus,
    Fund,
    FundingLine,
    FundingParameters,
    FundingRun,
    LedgerEntry,
    PeriodKind,
)
from linli.registry.queries import households_on

MAX_FEN = 10**13  # 100 billion yuan: anything larger is a typing mistake


def require(actor: User | None, capability: str, community: Area, message: str = "") -> None:
    policy.require(
        actor,
        capability,
        community,
        visible="finance.view",
        message=message or _("You may not do this here."),
    )


def _field_error(code: str, field: str, message: str, status: int = 400) -> DomainError:
    return DomainError(code, message, fields={field: [message]}, status=status)


def _community(area: Area) -> Area:
    if area.level != Level.COMMUNITY:
        raise _field_error("not_a_community", "community", _("Choose a community."))
    return area


def _amount(amount_fen: int, field: str = "amount") -> int:
    if not isinstance(amount_fen, int) or amount_fen <= 0:
        raise _field_error("invalid_amount", field, _("Enter an amount above zero."))
    if amount_fen >= MAX_FEN:
        raise _field_error("invalid_amount", field, _("The amount is too large."))
    return amount_fen


def ensure_open(community: Area, day: dt.date) -> None:
    """Refuse any change dated inside a closed period of the community's books."""
    closed = ClosedPeriod.objects.filter(community=community, start__lte=day, end__gte=day).first()
    if closed is not None:
        msg = _("The books for %(start)s to %(end)s are closed; nothing dated then can change.") % {
            "start": closed.start.isoformat(),
            "end": closed.end.isoformat(),
        }
        raise DomainError("period_closed", msg, fields={"occurred_on": [msg]}, status=409)


# --- funding by formula -------------------------------------------------------------------------


def funding_parameters_set(
    *,
    actor: User | None,
    year: int,
    office_per_household_fen: int,
    welfare_base_fen: int,
    welfare_threshold: int,
    welfare_per_extra_fen: int,
    count_registered: bool = True,
    count_resident: bool = True,
    count_floating: bool = False,
    reference_date: dt.date | None = None,
    now: dt.datetime | None = None,
) -> FundingParameters:
    """Set the rates and the basis of a year that has not been computed yet (a computed year
    keeps them). The basis: which kinds of household count, active on which day (None: 31
    December of the year before)."""
    now = now or timezone.now()
    with transaction.atomic():
        if actor is not None and not policy.can(actor, "finance.funding", None):
            raise Forbidden(_("Only the city administration sets the funding rates."))
        if not 2000 <= year <= 2100:
            raise _field_error("invalid_year", "year", _("Enter a year between 2000 and 2100."))
        values = {
            "office_per_household_fen": office_per_household_fen,
            "welfare_base_fen": welfare_base_fen,
            "welfare_threshold": welfare_threshold,
            "welfare_per_extra_fen": welfare_per_extra_fen,
        }
        errors = {k: [_("Enter a whole number, zero or more.")] for k, v in values.items() if v < 0}
        errors.update({k: [_("The amount is too large.")] for k, v in values.items() if v >= 2**31})
        basis = {
            "count_registered": bool(count_registered),
            "count_resident": bool(count_resident),
            "count_floating": bool(count_floating),
        }
        if not any(basis.values()):
            errors["count_registered"] = [_("Choose at least one kind of household to count.")]
        if reference_date is not None and not dt.date(year - 5, 1, 1) <= reference_date <= dt.date(
            year, 12, 31
        ):
            errors["reference_date"] = [
                _("Choose a reference date in the five years before %(year)s or in it.") % {"year": year}
            ]
        if errors:
            raise DomainError("invalid_rates", next(iter(errors.values()))[0], fields=errors)
        fields: dict[str, Any] = {**values, **basis, "reference_date": reference_date}
        if FundingRun.objects.filter(year=year).exists():
            msg = _(
                "The funding of %(year)s has been computed with its rates; set new rates for a later year."
            ) % {"year": year}
            raise DomainError("year_computed", msg, fields={"year": [msg]}, status=409)
        params, created = FundingParameters.objects.update_or_create(
            year=year,
            defaults={**fields, "set_by": actor if getattr(actor, "pk", None) else None, "set_at": now},
        )
        record(
            actor=actor,
            action="finance.parameters.set",
            obj=params,
            details={
                "year": year,
                **fields,
                "reference_date": params.reference_day.isoformat(),
                "counted_kinds": counted_kinds(params),
                "created": created,
            },
            now=now,
        )
    return params


def parameters_for(year: int) -> FundingParameters:
    """The year's rates; an unset year takes the latest earlier year's (or the plan's defaults)."""
    found = FundingParameters.objects.filter(year=year).first()
    if found is not None:
        return found
    earlier = FundingParameters.objects.filter(year__lt=year).order_by("-year").first()
    if earlier is None:
        return FundingParameters(year=year)
    return FundingParameters(
        year=year,
        office_per_household_fen=earlier.office_per_household_fen,
        welfare_base_fen=earlier.welfare_base_fen,
        welfare_threshold=earlier.welfare_threshold,
        welfare_per_extra_fen=earlier.welfare_per_extra_fen,
        count_registered=earlier.count_registered,
        count_resident=earlier.count_resident,
        count_floating=earlier.count_floating,
        # A reference date is a year's own: a later year takes the default day, not the same date.
    )


def funding_compute(
    *,
    actor: User | None,
    year: int,
    counts: dict[int, dict[str, int]] | None = None,
    now: dt.datetime | None = None,
) -> FundingRun:
    """Every active community's funding for `year`, as a new run that keeps its snapshot.

    The snapshot: per community the active households of every kind on the year's reference date
    (`registry.queries.households_on`), of which the year's kinds count (`funding.counted_kinds`).
    `counts` ({community_id: {kind: households}}) replaces the registry snapshot (tests, imports).
    The year's rates and basis are stored (and so fixed) with the first run; a re-run is a new
    run naming the one before (which stays as it was) and recording how many communities changed.
    """
    now = now or timezone.now()
    with transaction.atomic():
        if actor is not None and not policy.can(actor, "finance.funding", None):
            raise Forbidden(_("Only the city administration computes the funding."))
        if not 2000 <= year <= 2100:
            raise _field_error("invalid_year", "year", _("Enter a year between 2000 and 2100."))
        params = parameters_for(year)
        day = params.reference_day
        if counts is None and day >= timezone.localtime(now).date():
            msg = _(
                "The reference date of %(year)s (%(day)s) has not passed yet: households are counted as they were at its end."
            ) % {"year": year, "day": day.isoformat()}
            raise DomainError("reference_date_ahead", msg, fields={"year": [msg]}, status=409)
        if params.pk is None:
            params.set_by = actor if getattr(actor, "pk", None) else None
            params.set_at = now
            params.save()
        kinds = counted_kinds(params)
        areas = list(Area.objects.filter(is_active=True).values("id", "level", "parent_id"))
        by_id = {a["id"]: a for a in areas}
        communities = [a for a in areas if a["level"] == Level.COMMUNITY]
        if counts is None:
            counts = households_on(day)
        previous = (
            FundingRun.objects.select_for_update().filter(year=year).order_by("-computed_at", "-id").first()
        )
        lines = []
        for c in communities:
            street = by_id.get(c["parent_id"])
            district = by_id.get(street["parent_id"]) if street else None
            by_kind = {k: n for k, n in sorted(counts.get(c["id"], {}).items()) if n}
            f = funding_for(counted_households(by_kind, kinds), params)
            lines.append(
                FundingLine(
                    community_id=c["id"],
                    street_id=street["id"] if street and street["level"] == Level.STREET else None,
                    district_id=district["id"] if district and district["level"] == Level.DISTRICT else None,
                    households=f.households,
                    households_by_kind=by_kind,
                    office_fen=f.office_fen,
                    welfare_fen=f.welfare_fen,
                )
            )
        run = FundingRun.objects.create(
            year=year,
            office_per_household_fen=params.office_per_household_fen,
            welfare_base_fen=params.welfare_base_fen,
            welfare_threshold=params.welfare_threshold,
            welfare_per_extra_fen=params.welfare_per_extra_fen,
            counted_kinds=",".join(kinds),
            reference_date=day,
            previous=previous,
            computed_at=now,
            computed_by=actor if getattr(actor, "pk", None) else None,
            communities=len(lines),
            households=sum(line.households for line in lines),
            office_fen=sum(line.office_fen for line in lines),
            welfare_fen=sum(line.welfare_fen for line in lines),
        )
        for line in lines:
            line.run = run
        FundingLine.objects.bulk_create(lines, batch_size=2000)
        changed = None
        if previous is not None:
            before = {
                cid: total
                for cid, total in FundingLine.objects.filter(run=previous)
                .annotate(total=F("office_fen") + F("welfare_fen"))
                .values_list("community_id", "total")
            }
            changed = sum(1 for line in lines if before.pop(line.community_id, None) != line.total_fen) + len(
                before
            )
        record(
            actor=actor,
            action="finance.funding.computed",
            obj=run,
            details={
                "year": year,
                "reference_date": day.isoformat(),
                "counted_kinds": kinds,
                "previous_run": previous.pk if previous else None,
                "communities_changed": changed,
                "communities": run.communities,
                "households": run.households,
                "office_fen": run.office_fen,
                "welfare_fen": run.welfare_fen,
            },
            now=now,
        )
    return run


# --- ledger -------------------------------------------------------------------------------------


def _check_category(fund: str, direction: str, category: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if fund not in Fund.values:
        errors["fund"] = [_("Choose a fund.")]
    if direction not in Direction.values:
        errors["direction"] = [_("Choose income or expense.")]
    if category not in Category.values:
        errors["category"] = [_("Choose a category.")]
    elif direction in Direction.values and (category in INCOME_CATEGORIES) != (direction == Direction.INCOME):
        errors["category"] = [
            _("This category is for income.")
            if category in INCOME_CATEGORIES
            else _("This category is for expenses.")
        ]
    return errors


def ledger_entry_create(
    *,
    actor: User | None,
    community: Area,
    fund: str,
    direction: str,
    category: str,
    amount_fen: int,
    occurred_on: dt.date,
    description: str,
    project: str = "",
    voucher: Any = None,
    donation: Donation | None = None,
    now: dt.datetime | None = None,
) -> LedgerEntry:
    """A new entry awaiting review by the democratic finance group."""
    now = now or timezone.now()
    with transaction.atomic():
        _community(community)
        require(actor, "finance.enter", community, _("Only community workers enter ledger entries."))
        errors = _check_category(fund, direction, category)
        description = (description or "").strip()
        if not description:
            errors["description"] = [_("Say what the money was for.")]
        if not isinstance(amount_fen, int) or amount_fen <= 0:
            errors["amount"] = [_("Enter an amount above zero.")]
        elif amount_fen >= MAX_FEN:
            errors["amount"] = [_("The amount is too large.")]
        if occurred_on > timezone.localdate(now):
            errors["occurred_on"] = [_("The date cannot be in the future.")]
        if fund == Fund.PROJECT and not project.strip():
            errors["project"] = [_("Name the project the money belongs to.")]
        if errors:
            raise DomainError("invalid_entry", next(iter(errors.values()))[0], fields=errors)
        ensure_open(community, occurred_on)
        if donation is not None:
            _check_donation_use(donation, community, fund, direction, amount_fen)
        checked = vouchers.check(voucher) if voucher is not None else None
        entry = LedgerEntry(
            code=short_code("L"),
            community=community,
            fund=fund,
            direction=direction,
            category=category,
            amount_fen=amount_fen,
            occurred_on=occurred_on,
            description=description[:300],
            project=project.strip()[:100],
            donation=donation,
            entered_by=actor if getattr(actor, "pk", None) else None,
            entered_at=now,
        )
        if checked is not None:
            entry.voucher.save(f"{short_code('V', 20)}.{checked.extension}", voucher, save=False)
            entry.voucher_name = checked.name
            entry.voucher_type = checked.content_type
        entry.save()
        record(
            actor=actor,
            action="finance.entry.entered",
            obj=entry,
            area=community,
            details={
                "fund": fund,
                "direction": direction,
                "category": category,
                "amount_fen": amount_fen,
                "occurred_on": occurred_on,
                "voucher": bool(checked),
            },
            now=now,
        )
    return entry


def _check_donation_use(donation: Donation, community: Area, fund: str, direction: str, amount: int) -> None:
    if donation.community_id != community.pk:
        raise _field_error("donation_outside", "donation", _("The donation was not received here."))
    if direction != Direction.EXPENSE or fund != Fund.DONATIONS:
        raise _field_error(
            "donation_use", "donation", _("Only an expense from the donations fund can use a donation.")
        )
    if donation.kind != DonationKind.MONEY:
        raise _field_error("donation_use", "donation", _("Goods donations are not spent through the ledger."))
    used = (
        LedgerEntry.objects.filter(donation=donation, direction=Direction.EXPENSE)
        .exclude(status=EntryStatus.REJECTED)
        .aggregate(s=Sum("amount_fen"))["s"]
        or 0
    )
    if used + amount > donation.amount_fen:
        from linli.finance.money import yuan

        msg = _("Only %(left)s yuan of this donation is left to use.") % {
            "left": yuan(donation.amount_fen - used)
        }
        raise DomainError("donation_exhausted", msg, fields={"amount": [msg]})


def _locked_entry(entry: LedgerEntry) -> LedgerEntry:
    return LedgerEntry.objects.select_for_update().select_related("community").get(pk=entry.pk)


def ledger_entry_review(
    *, actor: User | None, entry: LedgerEntry, now: dt.datetime | None = None
) -> LedgerEntry:
    """The democratic finance group has checked the entry and its voucher."""
    now = now or timezone.now()
    with transaction.atomic():
        entry = _locked_entry(entry)
        require(
            actor,
            "finance.review",
            entry.community,
            _("Only members of the democratic finance group review entries."),
        )
        if entry.status != EntryStatus.ENTERED:
            raise DomainError("not_awaiting_review", _("This entry is not awaiting review."), status=409)
        if actor is not None and entry.entered_by_id == actor.pk:
            raise Forbidden(_("You cannot review an entry you entered yourself."))
        ensure_open(entry.community, entry.occurred_on)
        entry.status = EntryStatus.REVIEWED
        entry.reviewed_by = actor if getattr(actor, "pk", None) else None
        entry.reviewed_at = now
        entry.save(update_fields=["status", "reviewed_by", "reviewed_at"])
        record(actor=actor, action="finance.entry.reviewed", obj=entry, area=entry.community, now=now)
    return entry


def ledger_entry_approve(
    *, actor: User | None, entry: LedgerEntry, now: dt.datetime | None = None
) -> LedgerEntry:
    """The director signs off a reviewed entry; from now on it counts in the balances."""
    now = now or timezone.now()
    with transaction.atomic():
        entry = _locked_entry(entry)
        require(actor, "finance.approve", entry.community, _("Only the committee director approves entries."))
        if entry.status != EntryStatus.REVIEWED:
            raise DomainError(
                "not_reviewed",
                _("The democratic finance group must review the entry before it is approved."),
                status=409,
            )
        if actor is not None and entry.entered_by_id == actor.pk:
            raise Forbidden(_("You cannot approve an entry you entered yourself."))
        ensure_open(entry.community, entry.occurred_on)
        entry.status = EntryStatus.APPROVED
        entry.approved_by = actor if getattr(actor, "pk", None) else None
        entry.approved_at = now
        entry.save(update_fields=["status", "approved_by", "approved_at"])
        totals.add(entry)
        record(
            actor=actor,
            action="finance.entry.approved",
            obj=entry,
            area=entry.community,
            details={"amount_fen": entry.amount_fen, "fund": entry.fund},
            now=now,
        )
    return entry


def ledger_entry_reject(
    *, actor: User | None, entry: LedgerEntry, reason: str, now: dt.datetime | None = None
) -> LedgerEntry:
    """The reviewer or the director sends an entry back; it stays on record, counting nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        entry = _locked_entry(entry)
        capability = "finance.review" if entry.status == EntryStatus.ENTERED else "finance.approve"
        require(actor, capability, entry.community, _("You may not reject this entry at its current step."))
        if entry.status not in (EntryStatus.ENTERED, EntryStatus.REVIEWED):
            raise DomainError(
                "not_pending", _("Only an entry awaiting review or approval can be rejected."), status=409
            )
        reason = (reason or "").strip()
        if not reason:
            raise _field_error("reason_required", "reason", _("Say why the entry is rejected."))
        ensure_open(entry.community, entry.occurred_on)
        entry.status = EntryStatus.REJECTED
        entry.rejected_reason = reason[:300]
        entry.save(update_fields=["status", "rejected_reason"])
        record(
            actor=actor,
            action="finance.entry.rejected",
            obj=entry,
            area=entry.community,
            details={"reason": reason[:300]},
            now=now,
        )
    return entry


def ledger_entry_reverse(
    *,
    actor: User | None,
    entry: LedgerEntry,
    reason: str,
    occurred_on: dt.date | None = None,
    now: dt.datetime | None = None,
) -> LedgerEntry:
    """Correct an approved entry by a reversing one (negative amount), itself reviewed and approved."""
    now = now or timezone.now()
    with transaction.atomic():
        entry = _locked_entry(entry)
        require(actor, "finance.enter", entry.community, _("Only community workers enter ledger entries."))
        if entry.status != EntryStatus.APPROVED:
            raise DomainError(
                "not_approved",
                _("Only an approved entry is reversed; one still pending can be rejected instead."),
                status=409,
            )
        if entry.reverses_id is not None:
            raise DomainError(
                "is_reversal", _("A reversal is not reversed again; enter a new entry."), status=409
            )
        if LedgerEntry.objects.filter(reverses=entry).exclude(status=EntryStatus.REJECTED).exists():
            raise DomainError("already_reversed", _("This entry has already been reversed."), status=409)
        reason = (reason or "").strip()
        if not reason:
            raise _field_error("reason_required", "reason", _("Say why the entry is reversed."))
        day = occurred_on or timezone.localdate(now)
        ensure_open(entry.community, day)
        reversal = LedgerEntry.objects.create(
            code=short_code("L"),
            community=entry.community,
            fund=entry.fund,
            direction=entry.direction,
            category=entry.category,
            amount_fen=-entry.amount_fen,
            occurred_on=day,
            description=(_("Reversal of %(code)s: %(reason)s") % {"code": entry.code, "reason": reason})[
                :300
            ],
            project=entry.project,
            reverses=entry,
            donation=entry.donation,
            entered_by=actor if getattr(actor, "pk", None) else None,
            entered_at=now,
        )
        record(
            actor=actor,
            action="finance.entry.reversed",
            obj=reversal,
            area=entry.community,
            details={"reverses": entry.code, "amount_fen": reversal.amount_fen, "reason": reason[:300]},
            now=now,
        )
    return reversal


def period_close(
    *, actor: User | None, community: Area, kind: str, start: dt.date, now: dt.datetime | None = None
) -> ClosedPeriod:
    """Close a month or quarter that has ended and has nothing pending; its entries lock."""
    now = now or timezone.now()
    with transaction.atomic():
        _community(community)
        require(actor, "finance.approve", community, _("Only the committee director closes the books."))
        if kind not in PeriodKind.values:
            raise _field_error("invalid_period", "kind", _("Choose month or quarter."))
        start, end = period_bounds(kind, start)
        if end >= timezone.localdate(now):
            raise _field_error(
                "period_not_over", "start", _("A period can be closed only after it has ended.")
            )
        pending = LedgerEntry.objects.filter(
            community=community,
            occurred_on__range=(start, end),
            status__in=[EntryStatus.ENTERED, EntryStatus.REVIEWED],
        ).count()
        if pending:
            msg = _("%(n)d entries of this period still await review or approval.") % {"n": pending}
            raise DomainError("entries_pending", msg, fields={"start": [msg]}, status=409)
        try:
            with transaction.atomic():
                period = ClosedPeriod.objects.create(
                    community=community,
                    kind=kind,
                    start=start,
                    end=end,
                    closed_by=actor if getattr(actor, "pk", None) else None,
                    closed_at=now,
                )
        except IntegrityError:
            raise _field_error("already_closed", "start", _("This period is already closed."), 409) from None
        record(
            actor=actor,
            action="finance.period.closed",
            obj=period,
            area=community,
            details={"kind": kind, "start": start, "end": end},
            now=now,
        )
    return period


def budget_set(
    *,
    actor: User | None,
    community: Area,
    year: int,
    fund: str,
    amount_fen: int,
    now: dt.datetime | None = None,
) -> Budget:
    """The planned spending of a fund for a year (replaces the earlier figure, which the audit log keeps)."""
    now = now or timezone.now()
    with transaction.atomic():
        _community(community)
        require(actor, "finance.approve", community, _("Only the committee director sets the budget."))
        if fund not in Fund.values:
            raise _field_error("invalid_fund", "fund", _("Choose a fund."))
        if not 2000 <= year <= 2100:
            raise _field_error("invalid_year", "year", _("Enter a year between 2000 and 2100."))
        if not isinstance(amount_fen, int) or amount_fen < 0 or amount_fen >= MAX_FEN:
            raise _field_error("invalid_amount", "amount", _("Enter an amount of zero or more."))
        before = Budget.objects.filter(community=community, year=year, fund=fund).first()
        budget, _created = Budget.objects.update_or_create(
            community=community,
            year=year,
            fund=fund,
            defaults={
                "amount_fen": amount_fen,
                "set_by": actor if getattr(actor, "pk", None) else None,
                "set_at": now,
            },
        )
        record(
            actor=actor,
            action="finance.budget.set",
            obj=budget,
            area=community,
            details={
                "year": year,
                "fund": fund,
                "amount_fen": amount_fen,
                "before_fen": before.amount_fen if before else None,
            },
            now=now,
        )
    return budget


def donation_record(
    *,
    actor: User | None,
    community: Area,
    receipt_number: str,
    donor_kind: str,
    donor_name: str,
    anonymous: bool,
    kind: str,
    amount_fen: int,
    purpose: str,
    received_on: dt.date,
    goods: str = "",
    voucher: Any = None,
    now: dt.datetime | None = None,
) -> Donation:
    """A donation received; money also enters the donations fund as income awaiting review."""
    now = now or timezone.now()
    with transaction.atomic():
        _community(community)
        require(actor, "finance.enter", community, _("Only community workers record donations."))
        errors: dict[str, list[str]] = {}
        receipt_number = (receipt_number or "").strip()
        donor_name = (donor_name or "").strip()
        purpose = (purpose or "").strip()
        goods = (goods or "").strip()
        if not receipt_number:
            errors["receipt_number"] = [_("Enter the receipt number.")]
        if donor_kind not in DonorKind.values:
            errors["donor_kind"] = [_("Choose whether the donor is an organisation or a person.")]
        if not donor_name:
            errors["donor_name"] = [_("Enter the donor's name (it is not published if they stay anonymous).")]
        if kind not in DonationKind.values:
            errors["kind"] = [_("Choose money or goods.")]
        if kind == DonationKind.GOODS and not goods:
            errors["goods"] = [_("Say what goods were donated.")]
        if not purpose:
            errors["purpose"] = [_("Say what the donation is for.")]
        if not isinstance(amount_fen, int) or amount_fen <= 0 or amount_fen >= MAX_FEN:
            errors["amount"] = [_("Enter an amount (or for goods their estimated value) above zero.")]
        if received_on > timezone.localdate(now):
            errors["received_on"] = [_("The date cannot be in the future.")]
        if (
            receipt_number
            and Donation.objects.filter(community=community, receipt_number=receipt_number).exists()
        ):
            errors["receipt_number"] = [_("This receipt number has already been recorded.")]
        if errors:
            raise DomainError("invalid_donation", next(iter(errors.values()))[0], fields=errors)
        if kind == DonationKind.MONEY:
            ensure_open(community, received_on)
        donation = Donation.objects.create(
            code=short_code("D"),
            community=community,
            receipt_number=receipt_number[:40],
            donor_kind=donor_kind,
            donor_name=donor_name[:100],
            anonymous=bool(anonymous),
            kind=kind,
            amount_fen=amount_fen,
            goods=goods[:200],
            purpose=purpose[:200],
            received_on=received_on,
            entered_by=actor if getattr(actor, "pk", None) else None,
            entered_at=now,
        )
        record(
            actor=actor,
            action="finance.donation.recorded",
            obj=donation,
            area=community,
            details={"kind": kind, "amount_fen": amount_fen, "anonymous": bool(anonymous)},
            now=now,
        )
        if kind == DonationKind.MONEY:
            income = ledger_entry_create(
                actor=actor,
                community=community,
                fund=Fund.DONATIONS,
                direction=Direction.INCOME,
                category=Category.DONATION,
                amount_fen=amount_fen,
                occurred_on=received_on,
                description=(
                    _("Donation %(receipt)s: %(purpose)s") % {"receipt": receipt_number, "purpose": purpose}
                )[:300],
                voucher=voucher,
                now=now,
            )
            income.donation = donation
            income.save(update_fields=["donation"])
    return donation
