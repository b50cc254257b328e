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

from linli.common.crypto import EncryptedTextField


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


# ---------------------------------------------------------------------------------------------
# Emergencies (应急): incidents with a timeline, alerts to residents of an area (CAP 1.2 export).


class IncidentKind(models.TextChoices):
    FIRE = "fire", _("fire")
    FLOOD = "flood", _("flood")
    HEALTH = "health", _("public health")
    FOOD = "food", _("food safety")
    HEAT = "heat", _("heat wave")
    COLD = "cold", _("cold snap")
    OUTAGE = "outage", _("power or water cut")


class IncidentLevel(models.TextChoices):
    # The four levels of China's emergency response (I, 特别重大, most severe), with their warning colours.
    I = "1", _("level I (red)")  # noqa: E741  (the level's own name)
    II = "2", _("level II (orange)")
    III = "3", _("level III (yellow)")
    IV = "4", _("level IV (blue)")


class Incident(models.Model):
    code = models.CharField(_("incident number"), max_length=12, unique=True)
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind of incident"), max_length=10, choices=IncidentKind.choices)
    level = models.CharField(pgettext_lazy("incident", "level"), max_length=1, choices=IncidentLevel.choices)
    title = models.CharField(_("incident"), max_length=100)
    description = models.TextField(pgettext_lazy("incident", "description"), max_length=4000)
    opened_at = models.DateTimeField(_("opened"))
    opened_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(pgettext_lazy("incident", "closed"), null=True, blank=True)
    report = models.TextField(_("closing report"), max_length=8000, blank=True)

    class Meta:
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return self.code


class IncidentEntry(models.Model):
    """One line of an incident's timeline (opened, a note, a task, an alert, closed)."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="entries")
    at = models.DateTimeField()
    actor = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=12)
    text = models.CharField(max_length=1000)
    assignee = models.CharField(_("assigned to"), max_length=100, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.incident_id} {self.kind}"


class IncidentTask(models.Model):
    """A task of an incident (吹哨报到 as in tickets), for one worker, one registered volunteer or
    one department; done once, with a report, by its assignee or by whoever runs the incident."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="tasks")
    text = models.CharField(pgettext_lazy("incident", "task"), max_length=1000)
    worker = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    volunteer = models.ForeignKey(
        "volunteers.Volunteer", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        "tickets.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned"))
    assigned_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    done_at = models.DateTimeField(pgettext_lazy("incident", "done"), null=True, blank=True)
    done_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    report = models.CharField(pgettext_lazy("incident", "report"), max_length=1000, blank=True)

    class Meta:
        ordering = ["incident", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(worker__isnull=False, volunteer__isnull=True, department__isnull=True)
                    | models.Q(worker__isnull=True, volunteer__isnull=False, department__isnull=True)
                    | models.Q(worker__isnull=True, volunteer__isnull=True, department__isnull=False)
                ),
                name="operations_task_one_assignee",
            )
        ]

    def __str__(self) -> str:
        return f"{self.incident_id}/{self.pk}"

    @property
    def assignee(self) -> str:
        if self.worker_id:
            return self.worker.display_name  # type: ignore[union-attr]
        if self.volunteer_id:
            return self.volunteer.name  # type: ignore[union-attr]
        return self.department.name  # type: ignore[union-attr]


class AlertMsgType(models.TextChoices):
    # CAP 1.2 msgType values.
    ALERT = "Alert", _("alert")
    UPDATE = "Update", _("update")
    CANCEL = "Cancel", _("cancel")


class Alert(models.Model):
    """A warning to the residents of an area: in-app for those with an account, SMS to every
    registered mobile number, queued in batches. Updates and cancels reference the alert."""

    code = models.CharField(_("alert number"), max_length=12, unique=True)
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    incident = models.ForeignKey(
        Incident, null=True, blank=True, on_delete=models.PROTECT, related_name="alerts"
    )
    references = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    msg_type = models.CharField(max_length=8, choices=AlertMsgType.choices, default=AlertMsgType.ALERT)
    kind = models.CharField(_("kind of incident"), max_length=10, choices=IncidentKind.choices)
    level = models.CharField(pgettext_lazy("incident", "level"), max_length=1, choices=IncidentLevel.choices)
    headline = models.CharField(_("headline"), max_length=100)
    text = models.CharField(_("message"), max_length=500)
    instruction = models.CharField(_("what to do"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("sent"))
    expires_at = models.DateTimeField(_("expires"))
    sent_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recipients = models.PositiveIntegerField(_("residents reached"), default=0)
    queued = models.PositiveIntegerField(_("messages queued"), default=0)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return self.code


# ---------------------------------------------------------------------------------------------
# Welfare checks (探访): every vulnerable resident of an area, assigned to their 包户 worker.


class WelfareCheck(models.Model):
    code = models.CharField(_("check number"), max_length=12, unique=True)
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    incident = models.ForeignKey(
        Incident, null=True, blank=True, on_delete=models.PROTECT, related_name="checks"
    )
    reason = models.CharField(_("reason"), max_length=100)
    built_at = models.DateTimeField(_("built"))
    built_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    escalate_after_hours = models.PositiveSmallIntegerField(
        _("escalate the unreached after (hours)"), default=4
    )
    residents = models.PositiveIntegerField(_("residents to check"), default=0)

    class Meta:
        ordering = ["-built_at"]

    def __str__(self) -> str:
        return self.code


class CheckState(models.TextChoices):
    PENDING = "pending", _("not yet checked")
    SAFE = "safe", _("safe")
    NEEDS_HELP = "needs_help", _("needs help")
    NOT_REACHED = "not_reached", _("not reached")


class CheckMethod(models.TextChoices):
    VISIT = "visit", _("in person")
    PHONE = "phone", _("by phone")


class CheckItem(models.Model):
    # Foreign keys without an index of their own where a composite index below leads with them, or
    # where nothing looks rows up by them: the build inserts 855,000 rows and pays for every index.
    welfare_check = models.ForeignKey(
        WelfareCheck, on_delete=models.CASCADE, related_name="items", db_index=False
    )
    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+", db_index=False)
    resident = models.ForeignKey("registry.Resident", on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    tags = models.CharField(_("care tags"), max_length=100)
    state = models.CharField(
        _("state"), max_length=12, choices=CheckState.choices, default=CheckState.PENDING
    )
    method = models.CharField(_("how"), max_length=6, choices=CheckMethod.choices, blank=True)
    note = models.CharField(pgettext_lazy("check", "note"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    # Keeps its index: the tickets' table is partitioned on PostgreSQL, and its foreign keys are
    # managed by tickets' partitioning migration (an AlterField here would drop one by name).
    ticket = models.ForeignKey(
        "tickets.Ticket", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Overflow: when the community's workers have too many, a registered volunteer calls instead.
    volunteer = models.ForeignKey(
        "volunteers.Volunteer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    order = models.ForeignKey(
        "services.Order", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )

    class Meta:
        ordering = ["community", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["welfare_check", "resident"], name="operations_checkitem_unique")
        ]
        indexes = [
            # A community's list; the board reads CheckTally, not the items.
            models.Index(fields=["welfare_check", "community"], name="operations_checkitem_list"),
            models.Index(fields=["welfare_check", "worker", "state"], name="operations_checkitem_worker"),
        ]

    def __str__(self) -> str:
        return f"{self.welfare_check_id}/{self.resident_id}"


class CheckTally(models.Model):
    """The live board's counts of one check in one community, kept by the actions that change an
    item (build, record, escalate) in the same transaction: the board reads at most 3,454 of these
    rows instead of counting 855,000 items while 50 workers record."""

    welfare_check = models.ForeignKey(WelfareCheck, on_delete=models.CASCADE, related_name="tallies")
    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    total = models.PositiveIntegerField(default=0)
    pending = models.PositiveIntegerField(default=0)
    safe = models.PositiveIntegerField(default=0)
    needs_help = models.PositiveIntegerField(default=0)
    not_reached = models.PositiveIntegerField(default=0)
    escalated = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["welfare_check", "community"], name="operations_tally_once")
        ]

    def __str__(self) -> str:
        return f"{self.welfare_check_id}/{self.community_id}"


# ---------------------------------------------------------------------------------------------
# Emergency plans (应急预案): one per area and kind, with an ordered contact tree, the area's
# shelters and drills with their records. Shelters record who checked in and out.


class EmergencyPlan(models.Model):
    code = models.CharField(pgettext_lazy("emergency", "plan number"), max_length=12, unique=True)
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind of incident"), max_length=10, choices=IncidentKind.choices)
    title = models.CharField(_("plan"), max_length=100)
    summary = models.TextField(_("what the plan says to do"), max_length=8000)
    updated_at = models.DateTimeField(_("last revised"))
    updated_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revision = models.PositiveIntegerField(_("revision"), default=1)

    class Meta:
        ordering = ["area", "kind"]
        constraints = [models.UniqueConstraint(fields=["area", "kind"], name="operations_plan_area_kind")]

    def __str__(self) -> str:
        return self.code


class ContactKind(models.TextChoices):
    WORKER = "worker", _("community worker")
    VOLUNTEER = "volunteer", _("volunteer")
    DEPARTMENT = "department", _("department")
    OTHER = "other", _("other")


class PlanContact(models.Model):
    """One step of a plan's contact tree, called in `position` order."""

    plan = models.ForeignKey(EmergencyPlan, on_delete=models.CASCADE, related_name="contacts")
    position = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind of contact"), max_length=10, choices=ContactKind.choices)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    duty = models.CharField(_("duty in the plan"), max_length=100)
    phone = EncryptedTextField(_("mobile number"), blank=True)
    user = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    department = models.ForeignKey(
        "tickets.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return f"{self.plan_id}#{self.position}"


class Shelter(models.Model):
    code = models.CharField(_("shelter number"), max_length=12, unique=True)
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("shelter"), max_length=100)
    address = models.CharField(_("address"), max_length=200)
    capacity = models.PositiveIntegerField(_("capacity (people)"))
    is_open = models.BooleanField(_("open now"), default=False)

    class Meta:
        ordering = ["area", "name"]

    def __str__(self) -> str:
        return self.name


class ShelterStay(models.Model):
    """One person's stay: a registered resident (found as the registry allows) or a named guest."""

    shelter = models.ForeignKey(Shelter, on_delete=models.PROTECT, related_name="stays")
    resident = models.ForeignKey(
        "registry.Resident", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    guest_name = models.CharField(_("name (not registered here)"), max_length=50, blank=True)
    checked_in_at = models.DateTimeField(pgettext_lazy("shelter", "checked in"))
    checked_in_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_out_at = models.DateTimeField(pgettext_lazy("shelter", "checked out"), null=True, blank=True)
    checked_out_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(pgettext_lazy("shelter", "note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-checked_in_at"]
        constraints = [
            # A resident is in one shelter at a time: two desks checking them in cannot both win.
            models.UniqueConstraint(
                fields=["resident"],
                condition=models.Q(checked_out_at__isnull=True, resident__isnull=False),
                name="operations_stay_one_open",
            )
        ]
        indexes = [models.Index(fields=["shelter", "checked_out_at"], name="operations_stay_present")]

    def __str__(self) -> str:
        return f"{self.shelter_id}/{self.pk}"


class Drill(models.Model):
    """A drill of a plan and its record: when, who took part, what was found."""

    plan = models.ForeignKey(EmergencyPlan, on_delete=models.PROTECT, related_name="drills")
    held_on = models.DateField(_("held on"))
    scenario = models.CharField(_("scenario"), max_length=200)
    participants = models.PositiveIntegerField(_("participants"))
    findings = models.TextField(_("findings"), max_length=4000)
    recorded_at = models.DateTimeField(_("recorded"))
    recorded_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["plan", "-held_on"]

    def __str__(self) -> str:
        return f"{self.plan_id}@{self.held_on}"
