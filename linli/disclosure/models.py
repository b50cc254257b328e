"""居务公开 (plan 3.1.(四)): what a community discloses, on what schedule, and residents' questions."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    FINANCE = "finance", _("finances")
    AFFAIRS = "affairs", _("community affairs")
    SERVICES = "services", _("services")
    SAFETY = "safety", _("safety")
    ELECTIONS = "elections", _("elections")
    DECISIONS = "decisions", _("decisions")


class Frequency(models.TextChoices):
    MONTH = "month", _("every month")
    QUARTER = "quarter", _("every quarter")
    HALF_YEAR = "half_year", _("every half year")
    YEAR = "year", _("every year")
    NONE = "none", _("when something happens (no fixed schedule)")


class Schedule(models.Model):
    """How often a category must be disclosed in an area's communities, and within how many days
    after each period ends. The rule of the nearest area above a community applies."""

    area = models.ForeignKey("areas.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("topic"), max_length=16, choices=Category.choices)
    frequency = models.CharField(_("how often"), max_length=12, choices=Frequency.choices)
    grace_days = models.PositiveSmallIntegerField(_("days allowed after the period ends"))
    effective_from = models.DateField(_("required from"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["area__code", "category"]
        constraints = [
            models.UniqueConstraint(fields=["area", "category"], name="disclosure_schedule_unique")
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.category}"


class ItemStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Item(models.Model):
    """One notice on the community's disclosure board. Published notices are not edited."""

    code = models.CharField(_("number"), max_length=20, unique=True)
    community = models.ForeignKey(
        "areas.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(_("topic"), max_length=16, choices=Category.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period to"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ItemStatus.choices, default="draft")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("reason for withdrawal"), max_length=300, blank=True)

    class Meta:
        ordering = ["-published_at", "-created_at", "-id"]
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")
        indexes = [models.Index(fields=["community", "status", "category", "period_end"])]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    """A resident's question on a published notice; the answer is public, the asker is not."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="questions")
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.CharField(_("question"), max_length=500)
    asked_at = models.DateTimeField(default=timezone.now)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "id"]

    def __str__(self) -> str:
        return self.text[:50]


class Overdue(models.Model):
    """A required disclosure found missing after its due day (kept by the daily sweep)."""

    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    category = models.CharField(max_length=16, choices=Category.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    due_on = models.DateField()
    detected_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "community__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "category", "period_start"], name="disclosure_overdue_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.community_id} {self.category} {self.period_start}"
