"""Facilities (网格化管理): unit grids, components, inspection rounds, problems and their tickets.

A grid is an `Area` of level grid (110105001001-03) with a `Grid` beside it: its polygon, its
responsible worker and level, how often it is inspected, and the live counts of its components in
service and intact (kept by the actions, so the intact rate of any subtree is a sum over grids).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from linli.areas.models import Area


class GridLevel(models.IntegerChoices):
    # How closely a grid is watched: a busy commercial street is inspected more often.
    ONE = 1, _("level 1 (daily)")
    TWO = 2, _("level 2 (weekly)")
    THREE = 3, _("level 3 (monthly)")


ROUND_DAYS: dict[int, int] = {GridLevel.ONE: 1, GridLevel.TWO: 7, GridLevel.THREE: 30}


class Grid(models.Model):
    area = models.OneToOneField(Area, on_delete=models.PROTECT, related_name="facility_grid")
    polygon = models.JSONField(_("boundary (GeoJSON)"))
    min_lat = models.FloatField()
    min_lon = models.FloatField()
    max_lat = models.FloatField()
    max_lon = models.FloatField()
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible worker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    level = models.PositiveSmallIntegerField(
        _("grid level"), choices=GridLevel.choices, default=GridLevel.TWO
    )
    in_service = models.PositiveIntegerField(default=0)
    intact = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["area__code"]

    def __str__(self) -> str:
        return self.area.code


class ComponentClass(models.Model):
    """A minor class of the standard (0120 路灯), with its checklist and maintenance interval."""

    code = models.CharField(_("class code"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    maintenance_days = models.PositiveSmallIntegerField(_("maintenance every (days)"), null=True, blank=True)
    checklist = models.TextField(_("checklist"), blank=True, help_text=_("One item a line."))

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def major(self) -> str:
        return self.code[:2]

    def checklist_items(self) -> list[str]:
        return [line.strip() for line in self.checklist.splitlines() if line.strip()]


class State(models.TextChoices):
    INTACT = "intact", _("intact")
    DAMAGED = "damaged", _("damaged")
    LOST = "lost", _("lost")
    REMOVED = "removed", pgettext_lazy("component", "removed")


# Removed components are out of service: they count in no rate.
IN_SERVICE = (State.INTACT, State.DAMAGED, State.LOST)


class Component(models.Model):
    code = models.CharField(pgettext_lazy("component", "code"), max_length=16, unique=True)
    cls = models.ForeignKey(ComponentClass, verbose_name=_("class"), on_delete=models.PROTECT)
    # No index of its own: the (grid, code) index below serves every read by grid (one grid's list,
    # in code order, is a range of it), and one index fewer to keep on 5M rows.
    grid = models.ForeignKey(
        Grid, verbose_name=_("grid"), on_delete=models.PROTECT, related_name="components", db_index=False
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    cell = models.BigIntegerField(db_index=True)
    line = models.JSONField(_("line (GeoJSON positions)"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.INTACT)
    owner = models.CharField(_("owner"), max_length=100, blank=True)
    maintainer = models.CharField(_("maintainer"), max_length=100, blank=True)
    installed_on = models.DateField(_("installed on"), null=True, blank=True)
    maintained_on = models.DateField(_("last maintained on"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=20, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["code"]
        indexes = [models.Index(fields=["grid", "code"], name="facilities_comp_grid_code")]

    def __str__(self) -> str:
        return self.code


class ComponentPhoto(models.Model):
    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to="facilities/%Y/%m/")
    content_type = models.CharField(max_length=40)
    taken_at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    def __str__(self) -> str:
        return f"{self.component_id}/{self.pk}"


class RoundStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("round", "planned")
    DONE = "done", pgettext_lazy("round", "done")


class Round(models.Model):
    """One inspection round (巡查) of a grid, due on a day, done by one inspector."""

    code = models.CharField(max_length=12, unique=True)
    grid = models.ForeignKey(Grid, on_delete=models.PROTECT, related_name="rounds")
    due_on = models.DateField(_("due on"))
    status = models.CharField(max_length=10, choices=RoundStatus.choices, default=RoundStatus.PLANNED)
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "code"]
        constraints = [
            models.UniqueConstraint(fields=["grid", "due_on"], name="facilities_round_grid_day"),
        ]

    def __str__(self) -> str:
        return self.code


class Result(models.TextChoices):
    OK = "ok", _("in order")
    PROBLEM = "problem", _("problem")


class Check(models.Model):
    """What an inspector found at one component in one round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="checks")
    component = models.ForeignKey(Component, on_delete=models.PROTECT, related_name="checks")
    result = models.CharField(max_length=10, choices=Result.choices)
    note = models.CharField(max_length=500, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()

    # Not columns: set by `actions.check_record` on the check it returns (the problem it opened and
    # the item results it wrote), so the caller answers without reading them back.
    opened_problem: "Problem | None" = None
    recorded_items: tuple["CheckItem", ...] = ()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "component"], name="facilities_check_once"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}/{self.component_id}"


class CheckItem(models.Model):
    """The result of one checklist item of the component's class on a check: confirmed or failed,
    with what is wrong and a photo."""

    check_row = models.ForeignKey(Check, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()  # 0-based, in the class's checklist order
    item = models.CharField(_("checklist item"), max_length=200)
    ok = models.BooleanField(_("in order"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    photo = models.FileField(upload_to="facilities/%Y/%m/", blank=True)

    class Meta:
        ordering = ["check_row", "position"]
        constraints = [
            models.UniqueConstraint(fields=["check_row", "position"], name="facilities_checkitem_once"),
        ]

    def __str__(self) -> str:
        return f"{self.check_row_id}/{self.position}"


class Source(models.TextChoices):
    INSPECTOR = "inspector", _("found by an inspector")
    RESIDENT = "resident", _("reported by a resident")


class ProblemStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("problem", "open")
    REPAIRED = "repaired", _("repaired, to confirm")
    CONFIRMED = "confirmed", _("confirmed")


class Problem(models.Model):
    """A fault of one component, handled as a ticket; the inspector confirms the repair."""

    code = models.CharField(max_length=12, unique=True)
    component = models.ForeignKey(Component, on_delete=models.PROTECT, related_name="problems")
    grid = models.ForeignKey(Grid, on_delete=models.PROTECT, related_name="problems")
    source = models.CharField(max_length=10, choices=Source.choices)
    status = models.CharField(max_length=10, choices=ProblemStatus.choices, default=ProblemStatus.OPEN)
    state_found = models.CharField(max_length=10, choices=State.choices, default=State.DAMAGED)
    ticket = models.OneToOneField(
        "tickets.Ticket", null=True, blank=True, on_delete=models.PROTECT, related_name="facility_problem"
    )
    check_row = models.OneToOneField(
        Check, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    photo = models.FileField(upload_to="facilities/%Y/%m/", blank=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    found_at = models.DateTimeField()
    repaired_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-found_at"]
        indexes = [models.Index(fields=["status", "found_at"], name="facilities_problem_status")]

    def __str__(self) -> str:
        return self.code


class ReminderStage(models.TextChoices):
    DUE = "due", _("due soon")
    OVERDUE = "overdue", _("overdue")


class MaintenanceReminder(models.Model):
    """A reminder sent about one component's maintenance falling due (or overdue) on a day: one per
    component, due date and stage, so the sweep may run any number of times."""

    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="reminders")
    due_on = models.DateField()
    stage = models.CharField(max_length=10, choices=ReminderStage.choices)
    to = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["component", "due_on", "stage"], name="facilities_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.component_id} {self.due_on} {self.stage}"


class GridMonth(models.Model):
    """The counts of a grid at the end of a month (written by the monthly sweep)."""

    grid = models.ForeignKey(Grid, on_delete=models.CASCADE, related_name="months")
    month = models.DateField()  # the first day
    in_service = models.PositiveIntegerField()
    intact = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["grid", "month"], name="facilities_grid_month")]

    def __str__(self) -> str:
        return f"{self.grid_id} {self.month:%Y-%m}"
