"""Community money (plan 3.1.(四) 民主理财, 3.3.(二) funding, 3.4.(一) donations, 4.2).

Money is integer fen everywhere. Ledger entries are never edited or deleted once reviewed:
a mistake is corrected by a reversing entry, and a closed period locks its dates.
"""

import datetime as dt
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The plan's defaults (3.3.(二)): 20 yuan per household; 80,000 yuan up to 2,000 households,
# plus 40 yuan for each household above.
DEFAULT_OFFICE_PER_HOUSEHOLD_FEN = 20_00
DEFAULT_WELFARE_BASE_FEN = 80_000_00
DEFAULT_WELFARE_THRESHOLD = 2_000
DEFAULT_WELFARE_PER_EXTRA_FEN = 40_00


class FundingParameters(models.Model):
    """The funding rates of one year. Fixed once the year has been computed."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    office_per_household_fen = models.PositiveIntegerField(
        _("office funds per household (fen)"), default=DEFAULT_OFFICE_PER_HOUSEHOLD_FEN
    )
    welfare_base_fen = models.PositiveIntegerField(
        _("public-welfare subsidy base (fen)"), default=DEFAULT_WELFARE_BASE_FEN
    )
    welfare_threshold = models.PositiveIntegerField(
        _("households covered by the base"), default=DEFAULT_WELFARE_THRESHOLD
    )
    welfare_per_extra_fen = models.PositiveIntegerField(
        _("subsidy per household above (fen)"), default=DEFAULT_WELFARE_PER_EXTRA_FEN
    )
    # Which households count, and on which day (the funding basis; `funding.counted_kinds`).
    count_registered = models.BooleanField(_("count registered households (户籍)"), default=True)
    count_resident = models.BooleanField(
        _("count resident households registered elsewhere (常住)"), default=True
    )
    count_floating = models.BooleanField(_("count floating-population households (流动)"), default=False)
    reference_date = models.DateField(
        _("reference date"),
        null=True,
        blank=True,
        help_text=_("Households active at the end of this day count. Empty: 31 December of the year before."),
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(_("set"), default=timezone.now)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("funding parameters")
        verbose_name_plural = _("funding parameters")

    def __str__(self) -> str:
        return str(self.year)

    @property
    def reference_day(self) -> dt.date:
        return self.reference_date or dt.date(self.year - 1, 12, 31)


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise PermissionError("funding runs are kept as computed")

    def delete(self) -> NoReturn:
        raise PermissionError("funding runs are kept as computed")


class AppendOnly(models.Model):
    """A row written once and never changed: a funding run and its lines are its snapshot."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("funding runs are kept as computed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError("funding runs are kept as computed")


class FundingRun(AppendOnly):
    """One computation of a year's funding from a household snapshot; the newest run counts.

    Immutable once made. The rates and the basis (which kinds of household counted, active on
    which day) are copied in, so nothing done later changes a result; a re-run is a new run that
    names the one before it (`previous`), which stays readable.
    """

    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    office_per_household_fen = models.PositiveIntegerField()
    welfare_base_fen = models.PositiveIntegerField()
    welfare_threshold = models.PositiveIntegerField()
    welfare_per_extra_fen = models.PositiveIntegerField()
    # Comma-separated household kinds that counted; empty on runs made before the basis was
    # recorded (those counted every active household at `computed_at`).
    counted_kinds = models.CharField(_("households counted"), max_length=100, blank=True)
    reference_date = models.DateField(_("reference date"), null=True, blank=True)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous run"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    computed_at = models.DateTimeField(_("computed"), default=timezone.now)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    communities = models.PositiveIntegerField(_("communities"), default=0)
    households = models.PositiveIntegerField(_("household count"), default=0)
    office_fen = models.BigIntegerField(_("office funds"), default=0)
    welfare_fen = models.BigIntegerField(_("public-welfare subsidy"), default=0)

    class Meta:
        ordering = ["-year", "-computed_at", "-id"]
        verbose_name = _("funding computation")
        verbose_name_plural = _("funding computations")

    def __str__(self) -> str:
        return f"{self.year} #{self.pk}"

    @property
    def total_fen(self) -> int:
        return self.office_fen + self.welfare_fen

    @property
    def kinds(self) -> list[str]:
        return [k for k in self.counted_kinds.split(",") if k]


class FundingLine(AppendOnly):
    """One community's funding in one run, with the household counts it was computed from."""

    run = models.ForeignKey(FundingRun, on_delete=models.CASCADE, related_name="lines")
    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    street = models.ForeignKey("areas.Area", null=True, on_delete=models.PROTECT, related_name="+")
    district = models.ForeignKey("areas.Area", null=True, on_delete=models.PROTECT, related_name="+")
    households = models.PositiveIntegerField(_("household count"))
    # Active households of every kind on the reference date, counted or not ({kind: n}).
    households_by_kind = models.JSONField(_("households by kind"), default=dict, blank=True)
    office_fen = models.BigIntegerField(_("office funds"))
    welfare_fen = models.BigIntegerField(_("public-welfare subsidy"))

    class Meta:
        ordering = ["community__code"]
        constraints = [
            models.UniqueConstraint(fields=["run", "community"], name="finance_fundingline_unique")
        ]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.community_id}"

    @property
    def total_fen(self) -> int:
        return self.office_fen + self.welfare_fen


class Fund(models.TextChoices):
    OFFICE = "office", _("office funds")
    WELFARE = "welfare", _("public-welfare funds")
    DONATIONS = "donations", _("donations")
    PROJECT = "project", _("project funds")


class Direction(models.TextChoices):
    INCOME = "income", _("income")
    EXPENSE = "expense", _("expense")


class Category(models.TextChoices):
    ALLOCATION = "allocation", _("government allocation")
    DONATION = "donation", _("donation received")
    PROJECT_INCOME = "project_income", _("project payment")
    OTHER_INCOME = "other_income", _("other income")
    OFFICE_SUPPLIES = "office_supplies", _("office supplies")
    UTILITIES = "utilities", _("utilities and communication")
    ACTIVITIES = "activities", _("resident activities")
    SERVICES = "services", _("services for residents")
    RELIEF = "relief", _("relief and help")
    MAINTENANCE = "maintenance", _("repairs and maintenance")
    ENVIRONMENT = "environment", _("environment and greening")
    OTHER_EXPENSE = "other_expense", _("other expense")


INCOME_CATEGORIES = frozenset(
    {Category.ALLOCATION, Category.DONATION, Category.PROJECT_INCOME, Category.OTHER_INCOME}
)


class EntryStatus(models.TextChoices):
    ENTERED = "entered", _("awaiting review")
    REVIEWED = "reviewed", _("reviewed, awaiting approval")
    APPROVED = "approved", pgettext_lazy("ledger", "approved")
    REJECTED = "rejected", pgettext_lazy("ledger", "rejected")


class LedgerEntry(models.Model):
    """One income or expense of a community's fund. `amount_fen` is negative only on reversals."""

    code = models.CharField(_("number"), max_length=20, unique=True)
    community = models.ForeignKey(
        "areas.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    fund = models.CharField(_("fund"), max_length=16, choices=Fund.choices)
    direction = models.CharField(_("income or expense"), max_length=8, choices=Direction.choices)
    category = models.CharField(_("ledger category"), max_length=20, choices=Category.choices)
    amount_fen = models.BigIntegerField(_("amount (fen)"))
    occurred_on = models.DateField(_("date"))
    description = models.CharField(pgettext_lazy("ledger", "description"), max_length=300)
    project = models.CharField(_("project"), max_length=100, blank=True)
    voucher = models.FileField(_("voucher"), upload_to="finance/vouchers/%Y/", blank=True)
    voucher_name = models.CharField(max_length=200, blank=True)
    voucher_type = models.CharField(max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=EntryStatus.choices, default="entered")
    reverses = models.ForeignKey(
        "self",
        verbose_name=_("reverses"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversals",
    )
    donation = models.ForeignKey(
        "Donation",
        verbose_name=_("donation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered"), default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(pgettext_lazy("ledger", "approved"), null=True, blank=True)
    rejected_reason = models.CharField(
        pgettext_lazy("ledger", "reason for rejection"), max_length=300, blank=True
    )

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        indexes = [
            # Covers the sums of the public page and the ledger (an index-only scan per community).
            models.Index(
                fields=["community", "status", "occurred_on", "fund", "direction", "category", "amount_fen"],
                name="finance_entry_sums",
            ),
            models.Index(fields=["community", "occurred_on", "id"], name="finance_entry_by_date"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def signed_fen(self) -> int:
        """Effect on the fund's balance."""
        return self.amount_fen if self.direction == Direction.INCOME else -self.amount_fen


class LedgerMonth(models.Model):
    """Running monthly totals of approved entries, kept by the approval action in its transaction.

    Derived data: `finance.totals.rebuild` recomputes it from the entries (and checks it). It keeps
    the sums of a community's pages independent of how many entries its books hold.
    """

    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    month = models.DateField()
    fund = models.CharField(max_length=16, choices=Fund.choices)
    direction = models.CharField(max_length=8, choices=Direction.choices)
    category = models.CharField(max_length=20, choices=Category.choices)
    amount_fen = models.BigIntegerField(default=0)
    entries = models.IntegerField(default=0)

    class Meta:
        ordering = ["community", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "month", "fund", "direction", "category"],
                name="finance_ledgermonth_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.community_id} {self.month:%Y-%m} {self.fund} {self.category}"


class PeriodKind(models.TextChoices):
    MONTH = "month", _("month")
    QUARTER = "quarter", _("quarter")


class ClosedPeriod(models.Model):
    """A month or quarter of a community's books, closed: no entry dated inside it may change."""

    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("period"), max_length=8, choices=PeriodKind.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed on"), default=timezone.now)

    class Meta:
        ordering = ["-start"]
        constraints = [
            models.UniqueConstraint(fields=["community", "kind", "start"], name="finance_period_unique")
        ]

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d}–{self.end:%Y-%m-%d}"


class Budget(models.Model):
    """What a community plans to spend from a fund in a year."""

    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    fund = models.CharField(_("fund"), max_length=16, choices=Fund.choices)
    amount_fen = models.BigIntegerField(_("budget (fen)"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["year", "fund"]
        constraints = [
            models.UniqueConstraint(fields=["community", "year", "fund"], name="finance_budget_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.fund}"


class DonorKind(models.TextChoices):
    UNIT = "unit", _("organisation or company")
    PERSON = "person", _("person")


class DonationKind(models.TextChoices):
    MONEY = "money", _("money")
    GOODS = "goods", _("goods")


class Donation(models.Model):
    """A donation received (社会捐赠). Money donations come with their income ledger entry."""

    code = models.CharField(_("number"), max_length=20, unique=True)
    community = models.ForeignKey(
        "areas.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    receipt_number = models.CharField(_("receipt number"), max_length=40)
    donor_kind = models.CharField(_("donor"), max_length=8, choices=DonorKind.choices)
    donor_name = models.CharField(_("donor's name"), max_length=100)
    anonymous = models.BooleanField(_("donor asked to stay anonymous"), default=False)
    kind = models.CharField(_("money or goods"), max_length=8, choices=DonationKind.choices)
    amount_fen = models.BigIntegerField(_("amount or value (fen)"))
    goods = models.CharField(_("goods donated"), max_length=200, blank=True)
    purpose = models.CharField(_("purpose"), max_length=200)
    received_on = models.DateField(_("received on"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "receipt_number"], name="finance_donation_unique_receipt"
            ),
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="finance_donation_positive"),
        ]

    def __str__(self) -> str:
        return self.code
