"""Stored figures of the plan's indicators, hand entries, and period sign-offs.

`Value` is a derived table (named in docs/architecture.md, "Writes outside actions"): the sweep
and the refresh after an event write it in bulk; a signed-off period is never written again.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PeriodKind(models.TextChoices):
    MONTH = "month", _("month")
    QUARTER = "quarter", _("quarter")
    YEAR = "year", _("year")


class Value(models.Model):
    """One indicator's figure for one area and period, with the time it was computed."""

    indicator = models.CharField(_("indicator"), max_length=64)
    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    period_start = models.DateField(pgettext_lazy("indicator", "period"))
    numerator = models.FloatField(null=True)
    denominator = models.FloatField(null=True)
    # Share rollups: how many units (communities, streets, districts) below meet the threshold, of how many.
    units_met = models.PositiveIntegerField(null=True)
    units = models.PositiveIntegerField(null=True)
    value = models.FloatField(pgettext_lazy("indicator", "value"), null=True)
    computed_at = models.DateTimeField(pgettext_lazy("time", "computed"))
    # The area's level and the figure's traffic light against the goal of that level, written with
    # the figure, and the lights of the areas below summed up (the scorecard reads them).
    level = models.CharField(max_length=16, default="")
    status = models.CharField(max_length=8, default="none")
    # How many areas below meet their goal, of those with a figure and a goal, by level:
    # {"street": [met, n], "community": [met, n]} (the scorecard reads one row per indicator).
    below = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start", "area"], name="indicators_value_unique"
            )
        ]
        indexes = [models.Index(fields=["area", "indicator", "period_start"], name="indicators_value_area")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.area_id} {self.period_start}"


class Entry(models.Model):
    """A figure entered by hand for a reported indicator (the responsible role, at its level)."""

    indicator = models.CharField(_("indicator"), max_length=64)
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField(pgettext_lazy("indicator", "period"))
    numerator = models.FloatField(_("figure"))
    denominator = models.FloatField(_("out of"), null=True, blank=True)
    note = models.CharField(_("source of the figure"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start", "area"], name="indicators_entry_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.area_id} {self.period_start}"


class Signoff(models.Model):
    """An area's period signed off: its figures, and those of every area below, no longer change."""

    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("period kind"), max_length=8, choices=PeriodKind.choices)
    period_start = models.DateField(pgettext_lazy("indicator", "period"))
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed off"))

    class Meta:
        ordering = ["-period_start", "area__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "period", "period_start"], name="indicators_signoff_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.area_id} {self.period} {self.period_start}"
