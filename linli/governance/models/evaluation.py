"""Democratic evaluation models."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# ---------------------------------------------------------------------------------------------


# Democratic evaluation


class SubjectGroup(models.TextChoices):
    COMMITTEE = "committee", _("residents' committee member")
    PARTY = "party", _("party organisation member")
    STATIONED = "stationed", _("government staff stationed in the community")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("satisfied")
    FAIR = "fair", _("fairly satisfied")
    UNSATISFIED = "unsatisfied", _("not satisfied")


class CampaignStatus(models.TextChoices):
    OPEN = "open", _("open for answers")
    CLOSED = "closed", _("closed")
    PUBLISHED = "published", _("results published")


class Campaign(models.Model):
    code = models.CharField(_("code"), max_length=16, unique=True)
    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=16, choices=CampaignStatus.choices)
    closes_at = models.DateTimeField(_("answers until"))
    answers = models.PositiveIntegerField(default=0)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-closes_at"]

    def __str__(self) -> str:
        return self.title


class Subject(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="subjects")
    group = models.CharField(
        pgettext_lazy("evaluation", "group"), max_length=16, choices=SubjectGroup.choices
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    role = models.CharField(_("post"), max_length=100, blank=True)

    class Meta:
        ordering = ["campaign", "group", "id"]

    def __str__(self) -> str:
        return self.name


class Participation(models.Model):
    """That a resident answered (to refuse a second answer). Not what they answered."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    resident = models.ForeignKey("registry.Resident", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "resident"], name="gov_answer_once")]

    def __str__(self) -> str:
        return f"{self.resident} answered"


class RatingCount(models.Model):
    """Answers are kept only as counters: an individual answer is never stored."""

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="counts")
    rating = models.CharField(max_length=16, choices=Rating.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subject", "rating"], name="gov_rating_unique")]

    def __str__(self) -> str:
        return f"{self.subject} {self.rating}"
