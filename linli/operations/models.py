"""Government work admitted into communities (准入, 费随事转).

The district's admission list (准入清单) is versioned: every approval or revocation makes a new
version, and an item is in version N when `added_in <= N` and it was not removed by N. Departments
(the streets' `tickets.Department` records, the same ones called in for 吹哨报到) apply; the street
reviews and the district approves, with deadlines in working days. Tasks reach communities either
admitted (from an approved application or an admitted item) or flagged (work pushed outside the
list), and a community may refuse a flagged task. A completed funded task posts its payment to the
community's project fund in the finance ledger.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Holder(models.TextChoices):
    COMMITTEE = "committee", _("residents' committee (居委会)")
    STATION = "station", _("community service station (服务站)")


class ListVersion(models.Model):
    """One published version of a district's admission list."""

    district = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(_("version"))
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("what changed"), max_length=300)

    class Meta:
        ordering = ["district", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["district", "number"], name="operations_listversion_unique")
        ]

    def __str__(self) -> str:
        return f"v{self.number}"


class Workload(models.Model):
    """What an item or task asks of a community: the numbers the 减负 dashboard adds up."""

    forms = models.PositiveSmallIntegerField(_("forms"), default=0)
    meetings = models.PositiveSmallIntegerField(_("meetings"), default=0)
    certificates = models.PositiveSmallIntegerField(_("certificates"), default=0)
    ledgers = models.PositiveSmallIntegerField(_("registers (台账)"), default=0)

    class Meta:
        abstract = True


class AdmissionItem(Workload):
    code = models.CharField(_("item number"), max_length=12, unique=True)
    district = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey("tickets.Department", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("item"), max_length=100)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    holder = models.CharField(_("carried by"), max_length=10, choices=Holder.choices)
    funding_fen = models.PositiveBigIntegerField(_("funding per unit of work (fen)"), default=0)
    unit = models.CharField(_("unit of work"), max_length=30, blank=True)
    added_in = models.PositiveIntegerField(_("added in version"))
    removed_in = models.PositiveIntegerField(_("removed in version"), null=True, blank=True)
    removed_reason = models.CharField(_("why it was removed"), max_length=300, blank=True)
    application = models.ForeignKey(
        "operations.Application", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["district", "holder", "code"]
        indexes = [models.Index(fields=["district", "removed_in"], name="operations_item_current")]

    def __str__(self) -> str:
        return self.name


class ApplicationKind(models.TextChoices):
    ITEM = "item", _("add an item to the list")
    TASK = "task", _("a one-off task")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("awaiting the street's review")
    REVIEWED = "reviewed", _("awaiting the district's approval")
    APPROVED = "approved", pgettext_lazy("admission", "approved")
    REFUSED = "refused", pgettext_lazy("admission", "refused")


class Application(Workload):
    code = models.CharField(_("application number"), max_length=12, unique=True)
    kind = models.CharField(_("kind of application"), max_length=8, choices=ApplicationKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    department = models.ForeignKey("tickets.Department", on_delete=models.PROTECT, related_name="+")
    street = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    district = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("item or task"), max_length=100)
    description = models.TextField(_("what the community is asked to do"), max_length=2000, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    holder = models.CharField(_("carried by"), max_length=10, choices=Holder.choices)
    funding_fen = models.PositiveBigIntegerField(_("funding per unit of work (fen)"), default=0)
    unit = models.CharField(_("unit of work"), max_length=30, blank=True)
    start_date = models.DateField(_("start date"))
    task_due = models.DateField(_("task due"), null=True, blank=True)
    communities = models.ManyToManyField("areas.Area", blank=True, related_name="+")
    submitted_at = models.DateTimeField(_("submitted"))
    submitted_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_due = models.DateTimeField(_("street review due"))
    decision_due = models.DateTimeField(_("district decision due"))
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_note = models.CharField(_("street's opinion"), max_length=500, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    refusal_reason = models.CharField(_("reason for refusal"), max_length=500, blank=True)
    refused_by_level = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["district", "status"], name="operations_app_district")]

    def __str__(self) -> str:
        return self.code


class TaskStatus(models.TextChoices):
    FLAGGED = "flagged", _("not admitted: the community decides")
    OPEN = "open", pgettext_lazy("task", "to do")
    REFUSED = "refused", pgettext_lazy("task", "refused by the community")
    DONE = "done", pgettext_lazy("task", "done")


class Task(Workload):
    """Government work as it reaches one community."""

    code = models.CharField(_("task number"), max_length=12, unique=True)
    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey("tickets.Department", on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(
        AdmissionItem, null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    admitted = models.BooleanField(_("admitted"))
    status = models.CharField(_("status"), max_length=10, choices=TaskStatus.choices)
    title = models.CharField(_("task"), max_length=100)
    description = models.TextField(_("what is asked"), max_length=2000, blank=True)
    units = models.PositiveIntegerField(_("units of work"), default=1)
    payment_fen = models.PositiveBigIntegerField(_("payment on completion (fen)"), default=0)
    due_date = models.DateField(_("due"))
    arrived_at = models.DateTimeField(_("arrived"))
    recorded_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    refusal_reason = models.CharField(_("reason for refusal"), max_length=500, blank=True)
    completed_at = models.DateTimeField(pgettext_lazy("task", "completed"), null=True, blank=True)
    ledger_entry = models.ForeignKey(
        "finance.LedgerEntry", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_date", "code"]
        indexes = [models.Index(fields=["community", "status"], name="operations_task_community")]

    def __str__(self) -> str:
        return self.code
