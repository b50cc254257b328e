"""Tickets (诉求/工单, plan 3.4.(二)(三)): residents' requests handled within time limits.

A ticket always belongs to one community (`community`), which is what scoping filters on; the
`level` says who handles it now (the community, the street's one-stop hall, or a department the
street called in). Deadlines are stored, computed on the official working calendar
(`linli.tickets.calendar`), so that sweeps and lists are plain indexed comparisons.
"""

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from linli.common.crypto import BlindIndexField, EncryptedTextField


class Level(models.TextChoices):
    COMMUNITY = "community", _("community")
    STREET = "street", _("street one-stop hall")


class Category(models.Model):
    """A node of the category tree; leaves are what people choose (Open311 services)."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("category name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    response_hours = models.PositiveSmallIntegerField(_("response limit (hours)"), default=8)
    round_the_clock = models.BooleanField(
        _("counts clock hours"),
        default=False,
        help_text=_("Emergencies count every hour, not working hours."),
    )
    handling_days = models.PositiveSmallIntegerField(_("handling limit (working days)"), default=5)
    default_level = models.CharField(
        _("default responsible level"), max_length=16, choices=Level.choices, default=Level.COMMUNITY
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("request category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name

    def label(self, lang: str = "zh-hans") -> str:
        return self.name_en if lang == "en" and self.name_en else self.name

    @property
    def display_name(self) -> str:
        """The name in the current language (categories are data, not in the catalog)."""
        from django.utils.translation import get_language

        return self.label(get_language() or "zh-hans")


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("public holiday")
    WORKDAY = "workday", _("make-up workday")


class CalendarDay(models.Model):
    """An exception to the Monday-Friday week, from the State Council's yearly notice."""

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind of day"), max_length=8, choices=DayKind.choices)
    name = models.CharField(_("holiday"), max_length=30, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"


class Department(models.Model):
    """A government department a street can call in (吹哨报到), e.g. 城管执法, 住建, 派出所."""

    street = models.ForeignKey(
        "areas.Area", verbose_name=_("street"), on_delete=models.PROTECT, related_name="departments"
    )
    name = models.CharField(_("department name"), max_length=60)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [models.UniqueConstraint(fields=["street", "name"], name="tickets_department_unique")]

    def __str__(self) -> str:
        return self.name


class Kind(models.TextChoices):
    HELP = "help", _("help request")
    COMPLAINT = "complaint", _("complaint")
    SUGGESTION = "suggestion", _("suggestion")
    CONSULTATION = "consultation", _("consultation")
    OPINION = "opinion", _("public opinion")


class Channel(models.TextChoices):
    PORTAL = "portal", _("resident portal")
    HOTLINE = "hotline", _("hotline")
    WALK_IN = "walk_in", _("walk-in at the community")
    HALL = "hall", _("walk-in at the one-stop hall")
    VISIT = "visit", _("worker's visit")
    TRANSFER = "transfer", _("transferred from the city hotline")
    OPEN311 = "open311", _("Open311 client")


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    ACCEPTED = "accepted", pgettext_lazy("ticket", "accepted")
    IN_PROGRESS = "in_progress", _("in progress")
    RESOLVED = "resolved", _("resolved, awaiting evaluation")
    CLOSED = "closed", _("finished")
    REJECTED = "rejected", pgettext_lazy("ticket", "rejected")


OPEN_STATUSES = (Status.SUBMITTED, Status.ACCEPTED, Status.IN_PROGRESS)


class CalendarNotice(models.Model):
    """A year whose State Council notice is entered: its days in CalendarDay are the whole truth.

    A year without one counts the statutory holidays (`linli.tickets.holidays.statutory`).
    """

    year = models.PositiveSmallIntegerField(_("notice year"), unique=True)
    changed_at = models.DateTimeField(_("entered at"))

    class Meta:
        ordering = ["year"]
        verbose_name = _("holiday notice")
        verbose_name_plural = _("holiday notices")

    def __str__(self) -> str:
        return str(self.year)


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("satisfied")
    BASIC = "basic", _("basically satisfied")
    DISSATISFIED = "dissatisfied", _("dissatisfied")


class Ticket(models.Model):
    code = models.CharField(_("ticket number"), max_length=12, unique=True)
    kind = models.CharField(_("kind of request"), max_length=16, choices=Kind.choices, default=Kind.HELP)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, default=Channel.PORTAL)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    level = models.CharField(_("handled by"), max_length=16, choices=Level.choices, default=Level.COMMUNITY)
    category = models.ForeignKey(
        Category,
        verbose_name=_("request category"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # filtered with a date range only; the sweep pays for every index
    )
    community = models.ForeignKey(
        "areas.Area",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="tickets",
        db_index=False,  # tickets_comm_sub leads with it
    )
    building = models.ForeignKey(
        "registry.Building",
        verbose_name=_("building"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tickets",
        db_index=False,
    )
    title = models.CharField(_("subject"), max_length=100)
    description = models.TextField(_("description"), max_length=4000)
    address = models.CharField(_("address"), max_length=200, blank=True)
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    long = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requester"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requested_tickets",
    )
    resident = models.ForeignKey(
        "registry.Resident",
        verbose_name=_("resident"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tickets",
    )
    anonymous = models.BooleanField(_("anonymous"), default=False)
    contact_name = models.CharField(_("contact name"), max_length=50, blank=True)
    contact_phone = EncryptedTextField(_("contact number"), blank=True)
    contact_phone_index = BlindIndexField(source="contact_phone", kind="phone")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    external_ref = models.CharField(_("city hotline number"), max_length=40, blank=True)
    token = models.CharField(max_length=24, unique=True)

    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_tickets",
        db_index=False,  # tickets_assignee leads with it
    )
    submitted_at = models.DateTimeField(pgettext_lazy("time", "submitted"), default=timezone.now)
    response_due = models.DateTimeField(_("response due"))
    due_at = models.DateTimeField(_("handling due"))
    accepted_at = models.DateTimeField(_("responded"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    escalated_auto = models.BooleanField(default=False)
    response_overdue = models.BooleanField(_("response overdue"), default=False)
    is_overdue = models.BooleanField(_("overdue"), default=False)
    warned = models.BooleanField(default=False)
    supervised = models.BooleanField(_("under supervision (督办)"), default=False)
    resolution = models.TextField(_("how it was handled"), blank=True)
    reject_reason = models.CharField(
        pgettext_lazy("ticket", "reason for rejection"), max_length=300, blank=True
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("same problem as"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        db_index=False,
    )
    resolved_rating = models.BooleanField(_("resolved, in the resident's view"), null=True, blank=True)
    satisfaction = models.CharField(
        _("satisfaction"), max_length=16, choices=Satisfaction.choices, blank=True
    )
    evaluated_at = models.DateTimeField(_("evaluated"), null=True, blank=True)
    evaluation_note = models.CharField(pgettext_lazy("rating", "comment"), max_length=500, blank=True)
    return_visit_at = models.DateTimeField(_("return visit"), null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        indexes = [
            models.Index(fields=["community", "-submitted_at"], name="tickets_comm_sub"),
            models.Index(fields=["assignee", "status", "-submitted_at"], name="tickets_assignee"),
            models.Index(fields=["submitted_at"], name="tickets_submitted"),
            models.Index(fields=["evaluated_at"], name="tickets_evaluated"),
            models.Index(fields=["contact_phone_index"], name="tickets_contact_phone_index"),
            # The sweep only ever looks at open tickets: partial indexes keep it off the closed ones.
            models.Index(
                fields=["due_at"],
                name="tickets_open_due",
                condition=Q(status__in=["submitted", "accepted", "in_progress"]),
            ),
            models.Index(
                fields=["response_due"], name="tickets_unanswered_due", condition=Q(status="submitted")
            ),
            # The one-stop hall's open tickets (few): the officers' "escalated" tiles and lists
            # count them without walking every open ticket of the city.
            models.Index(
                fields=["community"],
                name="tickets_open_escalated",
                condition=Q(status__in=["submitted", "accepted", "in_progress"], level="street"),
            ),
            # The three rates of a month (`queries.rates`) read only these: index-only scans of the
            # month instead of every ticket of every month.
            models.Index(
                fields=["accepted_at"],
                include=["response_due", "community"],
                name="tickets_rates_answered",
                condition=Q(accepted_at__isnull=False),
            ),
            models.Index(
                fields=["response_due"], include=["accepted_at", "community"], name="tickets_rates_due"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def due_provisional(self) -> bool:
        """The deadlines were counted through a year without a holiday notice (statutory days only)."""
        from linli.tickets import calendar

        return calendar.provisional(self.submitted_at, self.due_at)


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    ACCEPTED = "accepted", pgettext_lazy("ticket", "accepted")
    STARTED = "started", _("work started")
    RESOLVED = "resolved", _("resolved")
    REJECTED = "rejected", pgettext_lazy("ticket", "rejected")
    TRANSFERRED = "transferred", _("transferred to another community")
    ESCALATED = "escalated", _("escalated to the street's one-stop hall")
    AUTO_ESCALATED = "auto_escalated", _("escalated automatically: overdue")
    DEPARTMENT_CALLED = "department_called", _("department called in")
    DEPARTMENT_REPORTED = "department_reported", _("department reported back")
    EXTENSION_REQUESTED = "extension_requested", _("extension requested")
    EXTENSION_APPROVED = "extension_approved", _("extension approved")
    EXTENSION_REFUSED = "extension_refused", _("extension refused")
    SUPERVISED = "supervised", _("put under supervision")
    EVALUATED = "evaluated", _("evaluated by the resident")
    RETURN_VISIT = "return_visit", _("return visit recorded")
    REOPENED = "reopened", _("reopened by the resident")
    LINKED = "linked", _("linked as the same problem")
    ATTACHED = "attached", _("photo added")
    WARNED = "warned", _("deadline near")
    OVERDUE = "overdue", _("overdue")
    AUTO_CLOSED = "auto_closed", _("closed without evaluation")
    DEADLINE_MOVED = "deadline_moved", _("deadline counted again on the new holiday notice")


class TicketEvent(models.Model):
    """One entry of a ticket's timeline (the audit chain holds the tamper-evident copy)."""

    # Indexed by tickets_event_ticket (ticket, at): a second index on the ticket alone was 18 % of
    # the timeline's size (issue 18).
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events", db_index=False)
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=24, choices=EventKind.choices)
    note = models.TextField(blank=True)
    public = models.BooleanField(default=True)  # shown to the requester

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["ticket", "at"], name="tickets_event_ticket")]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.kind}"


# A rating is given by the requester or taken on a return visit (the timeline kinds of the two).
RATING_KINDS = [(k.value, k.label) for k in (EventKind.EVALUATED, EventKind.RETURN_VISIT)]


class RatingQuerySet(models.QuerySet["Rating"]):
    """Ratings are kept as given: a published month's rates are computed from them."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise PermissionError("ratings are append-only")

    def delete(self) -> NoReturn:
        raise PermissionError("ratings are append-only")


class Rating(models.Model):
    """One evaluation of a ticket (the requester's own, or taken on a return visit), never changed;
    it leaves the database only with its ticket's month, into the archive (`linli.audit.retention`).

    A reopened ticket is rated again: that adds a row, it never changes an earlier one, so the
    month an earlier rating fell in keeps it (the three rates, `queries.rates`). `community` is
    the ticket's community when the rating was given.
    """

    ticket = models.ForeignKey(Ticket, on_delete=models.PROTECT, related_name="ratings")
    community = models.ForeignKey(
        "areas.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    at = models.DateTimeField(_("evaluated"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=24, choices=RATING_KINDS)
    resolved = models.BooleanField(_("resolved, in the resident's view"))
    satisfaction = models.CharField(_("satisfaction"), max_length=16, choices=Satisfaction.choices)
    note = models.CharField(pgettext_lazy("rating", "comment"), max_length=500, blank=True)

    objects = RatingQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        indexes = [
            models.Index(fields=["community", "at"], name="tickets_rating_comm_at"),
            # Covering: the three rates of a month read ratings by index only.
            models.Index(
                fields=["at"], include=["community", "resolved", "satisfaction"], name="tickets_rating_at_cov"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.satisfaction} {self.at:%Y-%m-%d}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("ratings are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError("ratings are append-only")


class DepartmentCall(models.Model):
    """The street calls a department in (吹哨报到); the department must report back by `due_at`."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="department_calls")
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="calls"
    )
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    called_at = models.DateTimeField(default=timezone.now)
    request = models.CharField(_("what the department should do"), max_length=500)
    due_at = models.DateTimeField(_("report due"))
    reported_at = models.DateTimeField(pgettext_lazy("department", "reported"), null=True, blank=True)
    report = models.TextField(_("report"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["called_at"]

    def __str__(self) -> str:
        return f"{self.ticket_id} → {self.department_id}"


class ExtensionState(models.TextChoices):
    PENDING = "pending", _("awaiting approval")
    APPROVED = "approved", pgettext_lazy("extension", "approved")
    REFUSED = "refused", _("refused")


class Extension(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="extensions")
    days = models.PositiveSmallIntegerField(_("extra working days"))
    reason = models.CharField(_("reason"), max_length=300)
    state = models.CharField(max_length=10, choices=ExtensionState.choices, default=ExtensionState.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket"], condition=Q(state="pending"), name="tickets_one_pending_extension"
            )
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} +{self.days}"


class Attachment(models.Model):
    """A photo, stored under a random name outside any public URL; served by a checked view."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="tickets/%Y/%m/")
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    original_name = models.CharField(max_length=120, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name or str(self.pk)


class Notification(models.Model):
    """An in-app message to the requester (or a handler); SMS/email go through `notify` backends."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ticket_notifications"
    )
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=24, choices=EventKind.choices)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"], name="tickets_notif_user")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}"
