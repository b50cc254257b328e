"""Employment services (plan 3.5.(一)): job seekers, postings (公益性岗位 among them), referrals
and placements with their follow-ups, training courses and start-up cases.

A seeker belongs to the community of their registry record; a posting to the community or street
that took it in. Scoping filters on `community` / `area`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Source(models.TextChoices):
    REGISTRY = "registry", _("from the registry (unemployed)")
    SELF = "self", _("registered themselves")
    WORKER = "worker", _("registered by a worker")
    IMPORT = "import", _("imported list")


class Availability(models.TextChoices):
    FULL_TIME = "full_time", _("full time")
    PART_TIME = "part_time", _("part time")
    FLEXIBLE = "flexible", _("flexible hours")


class SeekerStatus(models.TextChoices):
    SEEKING = "seeking", _("seeking work")
    PLACED = "placed", _("placed")
    WITHDRAWN = "withdrawn", _("no longer seeking")


class Seeker(models.Model):
    code = models.CharField(_("seeker number"), max_length=12, unique=True)
    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    resident = models.ForeignKey("registry.Resident", on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("registered"), max_length=10, choices=Source.choices)
    # Skills and training as lower-case keywords separated by commas (matched as sets).
    skills = models.CharField(_("skills"), max_length=300, blank=True)
    training_wanted = models.CharField(_("training wanted"), max_length=300, blank=True)
    availability = models.CharField(_("availability"), max_length=10, choices=Availability.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=SeekerStatus.choices, default=SeekerStatus.SEEKING
    )
    registered_at = models.DateTimeField(_("registered"))

    class Meta:
        ordering = ["-registered_at"]
        verbose_name = _("job seeker")
        verbose_name_plural = _("job seekers")
        constraints = [
            models.UniqueConstraint(
                fields=["resident"], condition=Q(status="seeking"), name="publicservices_one_seeking_record"
            )
        ]
        indexes = [
            models.Index(fields=["status", "availability", "community"], name="ps_seeker_match"),
            # A posting without skills lists who has waited longest: read in this order, stop at 50.
            models.Index(fields=["registered_at"], condition=Q(status="seeking"), name="ps_seeker_waiting"),
        ]

    def __str__(self) -> str:
        return self.code

    def skill_set(self) -> set[str]:
        return {s for s in self.skills.split(",") if s}


class SeekerSkill(models.Model):
    """One skill of a seeker: the match key. It carries a copy of what matching filters on (the
    seeker's community, availability and whether they are seeking), kept in step by the employment
    actions, so that matching a posting is one index-only scan of these rows and never reads the
    seekers themselves (issue 19: p95 < 200 ms for a posting among 1,000,000 seekers)."""

    seeker = models.ForeignKey(Seeker, on_delete=models.CASCADE, related_name="skill_rows")
    skill = models.CharField(max_length=40)
    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    availability = models.CharField(max_length=10, choices=Availability.choices)
    seeking = models.BooleanField(default=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["skill", "availability", "community", "seeker"],
                condition=Q(seeking=True),
                name="ps_skill_match",
            )
        ]
        constraints = [models.UniqueConstraint(fields=["seeker", "skill"], name="ps_skill_once")]

    def __str__(self) -> str:
        return self.skill


class Employer(models.Model):
    """An employer or stationed unit (驻区单位) whose staff, with the employer role, post jobs
    for it and follow their referrals. What they see is decided by their membership here."""

    code = models.CharField(_("employer number"), max_length=12, unique=True)
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("employer"), max_length=100)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("registered"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("employer")
        verbose_name_plural = _("employers")

    def __str__(self) -> str:
        return self.name


class PostingKind(models.TextChoices):
    MARKET = "market", _("employer's vacancy")
    PUBLIC_WELFARE = "public_welfare", _("public-welfare post (公益性岗位)")


class PostingStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("posting", "open")
    FILLED = "filled", _("filled")
    CLOSED = "closed", pgettext_lazy("posting", "closed")


class Posting(models.Model):
    code = models.CharField(_("posting number"), max_length=12, unique=True)
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    employer = models.CharField(_("employer"), max_length=100)
    # Set when the employer posted it themselves (their staff then see it and its referrals).
    unit = models.ForeignKey(
        Employer, null=True, blank=True, on_delete=models.PROTECT, related_name="postings"
    )
    title = models.CharField(_("job"), max_length=100)
    kind = models.CharField(_("kind of post"), max_length=16, choices=PostingKind.choices)
    # For 公益性岗位: the post's line of work and who pays for it.
    welfare_line = models.CharField(_("line of work"), max_length=40, blank=True)
    funding = models.CharField(_("funded by"), max_length=100, blank=True)
    monthly_subsidy_fen = models.PositiveBigIntegerField(_("subsidy per month (fen)"), default=0)
    skills = models.CharField(_("skills needed"), max_length=300, blank=True)
    availability = models.CharField(
        pgettext_lazy("job", "hours"), max_length=10, choices=Availability.choices
    )
    openings = models.PositiveSmallIntegerField(_("openings"), default=1)
    wage_fen = models.PositiveBigIntegerField(_("wage per month (fen)"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=PostingStatus.choices, default=PostingStatus.OPEN
    )
    created_at = models.DateTimeField(_("posted"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("job posting")
        verbose_name_plural = _("job postings")

    def __str__(self) -> str:
        return self.code

    def skill_set(self) -> set[str]:
        return {s for s in self.skills.split(",") if s}


class PlacementStatus(models.TextChoices):
    REFERRED = "referred", _("referred")
    INTERVIEW = "interview", _("interview arranged")
    PLACED = "placed", _("placed")
    NOT_HIRED = "not_hired", _("not hired")


class Placement(models.Model):
    """A referral of a seeker to a posting, through interview to placement and its follow-ups."""

    code = models.CharField(_("referral number"), max_length=12, unique=True)
    seeker = models.ForeignKey(Seeker, on_delete=models.PROTECT, related_name="placements")
    posting = models.ForeignKey(Posting, on_delete=models.PROTECT, related_name="placements")
    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=PlacementStatus.choices)
    referred_at = models.DateTimeField(_("referred"))
    interview_at = models.DateTimeField(_("interview"), null=True, blank=True)
    placed_on = models.DateField(_("started work"), null=True, blank=True)
    # Follow-ups at 3 and 6 months: still in the job?
    followup_3_on = models.DateField(_("3-month follow-up"), null=True, blank=True)
    followup_3_in_job = models.BooleanField(null=True)
    followup_6_on = models.DateField(_("6-month follow-up"), null=True, blank=True)
    followup_6_in_job = models.BooleanField(null=True)

    class Meta:
        ordering = ["-referred_at"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [models.UniqueConstraint(fields=["seeker", "posting"], name="ps_referral_once")]

    def __str__(self) -> str:
        return self.code


class Course(models.Model):
    code = models.CharField(_("course number"), max_length=12, unique=True)
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("course"), max_length=100)
    skill = models.CharField(_("skill taught"), max_length=40)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    places = models.PositiveSmallIntegerField(_("places"))

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")

    def __str__(self) -> str:
        return self.code


class Enrolment(models.Model):
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrolments")
    seeker = models.ForeignKey(Seeker, on_delete=models.PROTECT, related_name="enrolments")
    enrolled_at = models.DateTimeField(_("enrolled"))
    completed_on = models.DateField(_("completed"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["course", "seeker"], name="ps_enrol_once")]

    def __str__(self) -> str:
        return f"{self.course_id}/{self.seeker_id}"


class StartUp(models.Model):
    """A start-up support case (创业扶持) and the jobs it created."""

    code = models.CharField(_("case number"), max_length=12, unique=True)
    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    founder = models.ForeignKey("registry.Resident", on_delete=models.PROTECT, related_name="+")
    business = models.CharField(_("business"), max_length=100)
    support = models.CharField(_("support given"), max_length=200, blank=True)
    started_on = models.DateField(_("started"))
    jobs_created = models.PositiveSmallIntegerField(_("jobs created"), default=0)

    class Meta:
        ordering = ["-started_on"]
        verbose_name = _("start-up case")
        verbose_name_plural = _("start-up cases")

    def __str__(self) -> str:
        return self.code
