"""Volunteers and the time bank (plan 3.4.(一); MZ/T 061-2015, 《志愿服务记录与证明出具办法》).

A `Volunteer` is a person with a volunteer number of their own (never the ID number), linked to
their registry record when there is one, found again by the registry's ID blind index (the same
`id_number` kind, so a volunteer's index equals the resident's). A volunteer belongs to the
community that registered them (`community`), which is what scoping filters on.

Teams and activities belong to a community or a street (`area`). An activity has one or more
shifts; a volunteer signs up for a shift (confirmed up to its capacity, then on the wait list),
checks in and out with the rotating code shown on the organiser's phone (or the organiser does it
for them), and the organiser signs off the hours.

Hours live in a double-entry ledger: every `Transfer` is two or more `Movement` rows that sum to
zero (a deferred constraint trigger on PostgreSQL refuses a transfer that does not), both tables
are append-only (Protect triggers), and a correction is a reversing transfer with a reason.
`Account.balance` is the running sum the actions keep in the same transaction, checked against
the credit limit by a conditional update and a check constraint.
"""

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from linli.common.crypto import BlindIndexField, EncryptedTextField
from linli.common.idnumber import normalize_id_number


class Skill(models.TextChoices):
    MEDICAL = "medical", _("first aid and health")
    ELDERLY = "elderly", _("elderly company and care")
    TEACHING = "teaching", _("tutoring and teaching")
    LEGAL = "legal", _("legal advice")
    REPAIRS = "repairs", _("small repairs")
    PATROL = "patrol", _("safety patrol")
    ENVIRONMENT = "environment", _("clean-up and greening")
    CULTURE = "culture", _("culture and sport")
    IT = "it", _("phones and computers")
    LANGUAGE = "language", _("languages and sign language")
    DRIVING = "driving", _("driving")
    OTHER = "other", pgettext_lazy("skill", "other")


class Availability(models.TextChoices):
    WEEKDAY_DAY = "weekday_day", _("weekday daytime")
    WEEKDAY_EVENING = "weekday_evening", _("weekday evenings")
    WEEKEND = "weekend", _("weekends")
    HOLIDAY = "holiday", _("holidays")


class Background(models.TextChoices):
    """Whom the plan asks to recruit (Party and League members, civil servants, professionals)."""

    NONE = "", _("not stated")
    PARTY = "party", _("Party member")
    LEAGUE = "league", _("Youth League member")
    CIVIL_SERVANT = "civil_servant", _("civil servant")
    PROFESSIONAL = "professional", _("professional")
    STUDENT = "student", pgettext_lazy("volunteer", "student")
    RETIRED = "retired", pgettext_lazy("volunteer", "retired")


class VolunteerStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("volunteer", "active")
    LEFT = "left", pgettext_lazy("volunteer", "left")


def _split(value: str) -> list[str]:
    return [v for v in value.split(",") if v]


class Volunteer(models.Model):
    number = models.CharField(_("volunteer number"), max_length=16, unique=True)
    community = models.ForeignKey(
        "areas.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    resident = models.ForeignKey(
        "registry.Resident",
        verbose_name=_("registry record"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    # The registry's fields and blind-index kind: a volunteer's id_index equals the resident's.
    id_number = EncryptedTextField(_("ID number"))
    id_index = BlindIndexField(source="id_number", kind="id_number", normalize=normalize_id_number)
    phone = EncryptedTextField(_("mobile number"), blank=True)
    phone_index = BlindIndexField(source="phone", kind="phone")
    skills = models.CharField(_("skills"), max_length=200, blank=True)
    availability = models.CharField(_("availability"), max_length=100, blank=True)
    background = models.CharField(_("background"), max_length=16, choices=Background.choices, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=VolunteerStatus.choices, default=VolunteerStatus.ACTIVE
    )
    registered_at = models.DateTimeField(_("registered"))
    left_at = models.DateTimeField(_("left"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        constraints = [
            # One volunteer per person, city-wide: two registrations racing cannot both win.
            models.UniqueConstraint(fields=["id_index"], name="volunteers_one_per_id"),
        ]
        indexes = [
            models.Index(fields=["community", "status"], name="volunteers_community_status"),
            models.Index(fields=["phone_index"], name="volunteers_phone_index"),
        ]

    def __str__(self) -> str:
        return self.number

    def skill_list(self) -> list[str]:
        return _split(self.skills)

    def availability_list(self) -> list[str]:
        return _split(self.availability)


class Team(models.Model):
    """A volunteer team owned by a community, a street or a community social organization.

    `area` is the community or street that holds the team (what scoping filters on); a team of an
    organization (`organization`, `organizations.Organization`) is held by that organization's
    community.
    """

    code = models.CharField(_("team number"), max_length=12, unique=True)
    name = models.CharField(_("team name"), max_length=80)
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("owned by"), on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    members = models.ManyToManyField(Volunteer, through="TeamMember", related_name="teams")
    created_at = models.DateTimeField(_("created"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("volunteer team")
        verbose_name_plural = _("volunteer teams")

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE)
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE)
    joined_at = models.DateTimeField(_("joined the team"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "volunteer"], name="volunteers_team_member")]

    def __str__(self) -> str:
        return f"{self.team_id}:{self.volunteer_id}"


class ActivityStatus(models.TextChoices):
    OPEN = "open", _("open for sign-up")
    CLOSED = "closed", _("sign-up closed")
    CANCELLED = "cancelled", pgettext_lazy("activity", "cancelled")


class Activity(models.Model):
    code = models.CharField(_("activity number"), max_length=12, unique=True)
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("held by"), on_delete=models.PROTECT, related_name="+"
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    place = models.CharField(_("place"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    skills = models.CharField(_("skills needed"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.OPEN
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organiser"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Key of the rotating check-in code (HMAC-SHA256 over the shift and the minute); never shown.
    qr_key = models.CharField(max_length=64, editable=False)
    repeats_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="repeats"
    )
    # The community social organization's activity this one runs the sign-up, check-in and hours
    # of (issue 14: "activities, which may be volunteer activities"); shown on both pages.
    org_activity = models.OneToOneField(
        "organizations.Activity",
        verbose_name=_("organization's activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer_activity",
    )
    created_at = models.DateTimeField(_("created"))

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("volunteer activity")
        verbose_name_plural = _("volunteer activities")
        indexes = [models.Index(fields=["area", "starts_at"], name="volunteers_activity_when")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="volunteers_activity_order"
            )
        ]

    def __str__(self) -> str:
        return self.code

    def skill_list(self) -> list[str]:
        return _split(self.skills)


class Shift(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="shifts")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(_("places"))
    confirmed = models.PositiveIntegerField(default=0)  # kept by the sign-up actions under a row lock

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(confirmed__lte=models.F("capacity")), name="volunteers_shift_capacity"
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}#{self.pk}"

    @property
    def places_left(self) -> int:
        return max(0, self.capacity - self.confirmed)


class SignUpStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("place confirmed")
    WAITING = "waiting", _("on the wait list")
    CANCELLED = "cancelled", pgettext_lazy("sign-up", "cancelled")


class SignUp(models.Model):
    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="signups")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="signups")
    status = models.CharField(_("status"), max_length=10, choices=SignUpStatus.choices)
    signed_up_at = models.DateTimeField(_("signed up"))
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("checked out"), null=True, blank=True)
    minutes = models.PositiveIntegerField(_("minutes signed off"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_off_at = models.DateTimeField(_("signed off"), null=True, blank=True)

    class Meta:
        ordering = ["signed_up_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["shift", "volunteer"], name="volunteers_signup_once")]
        indexes = [models.Index(fields=["volunteer", "status"], name="volunteers_signup_mine")]

    def __str__(self) -> str:
        return f"{self.shift_id}:{self.volunteer_id}"


# ---------------------------------------------------------------- the time bank


class AccountKind(models.TextChoices):
    VOLUNTEER = "volunteer", _("volunteer's hours")
    FAMILY = "family", _("family member's hours")
    # Where signed-off hours come from: one per community (its balance is minus all it issued).
    ISSUED = "issued", _("hours issued by the community")
    # Where hours go when spent on services (the services context settles them).
    SERVICES = "services", _("hours spent on services")


class Account(models.Model):
    kind = models.CharField(max_length=10, choices=AccountKind.choices)
    volunteer = models.OneToOneField(
        Volunteer, null=True, blank=True, on_delete=models.PROTECT, related_name="account"
    )
    # A family member who is not a volunteer holds gifted hours on their registry record.
    resident = models.OneToOneField(
        "registry.Resident", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    balance = models.BigIntegerField(default=0)  # minutes; the running sum of its movements
    # A volunteer may go this far below zero (the time bank's credit limit, in minutes).
    credit_limit = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["issued", "services"]) | Q(balance__gte=-models.F("credit_limit")),
                name="volunteers_account_credit_limit",
            ),
            models.UniqueConstraint(
                fields=["kind", "area"],
                condition=Q(kind__in=["issued", "services"]),
                name="volunteers_one_system_account",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.pk}"


class TransferKind(models.TextChoices):
    EARNED = "earned", _("hours signed off")
    GIFT = "gift", _("gift to family")
    REDEEMED = "redeemed", _("spent on a service")
    CORRECTION = "correction", _("correction")
    IMPORTED = "imported", _("carried over from an earlier record")


class Transfer(models.Model):
    code = models.CharField(_("entry number"), max_length=12, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=TransferKind.choices)
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(pgettext_lazy("time", "at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    signup = models.OneToOneField(
        SignUp, null=True, blank=True, on_delete=models.PROTECT, related_name="transfer"
    )
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    # Left for the services context: the order a redemption paid for (its code).
    order_code = models.CharField(max_length=12, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self) -> str:
        return self.code


class Movement(models.Model):
    transfer = models.ForeignKey(Transfer, on_delete=models.PROTECT, related_name="movements")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="movements")
    minutes = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["account", "transfer"], name="volunteers_movement_account")]
        constraints = [models.CheckConstraint(condition=~Q(minutes=0), name="volunteers_movement_nonzero")]
        triggers = [
            pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete),
            # At commit, every transfer touched sums to zero: double entry held by the database.
            pgtrigger.Trigger(
                name="zero_sum",
                when=pgtrigger.After,
                operation=pgtrigger.Insert,
                timing=pgtrigger.Deferred,
                func="""
                IF (SELECT COALESCE(SUM(minutes), 0) FROM volunteers_movement
                    WHERE transfer_id = NEW.transfer_id) <> 0 THEN
                    RAISE EXCEPTION 'transfer % does not sum to zero', NEW.transfer_id;
                END IF;
                RETURN NULL;
                """,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.transfer_id}:{self.minutes}"


STAR_HOURS = (100, 300, 600, 1000, 1500)


def stars_for(minutes: int) -> int:
    """Star level (一星 to 五星) for hours of recorded service."""
    hours = minutes // 60
    return sum(1 for h in STAR_HOURS if hours >= h)


class Certificate(models.Model):
    """A certificate of service (志愿服务证明): what the record said when it was issued."""

    code = models.CharField(_("verification code"), max_length=16, unique=True)
    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="certificates")
    minutes = models.PositiveIntegerField(_("recorded minutes"))
    activities = models.PositiveIntegerField(_("activities"))
    stars = models.PositiveSmallIntegerField(_("star level"))
    issued_at = models.DateTimeField(_("issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issuer_area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-issued_at"]
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self) -> str:
        return self.code


class ShareSnapshot(models.Model):
    """The 15% target's stored figures per area (community, street, district, city).

    Written in full by `share.refresh_all` (the daily sweep) and, after a registration change, for
    one community and the areas above it by `share.refresh_community` (the difference is added to
    each ancestor's row under the community row's lock).
    """

    area = models.OneToOneField("areas.Area", primary_key=True, on_delete=models.CASCADE, related_name="+")
    volunteers = models.PositiveIntegerField(default=0)
    residents = models.PositiveIntegerField(default=0)
    communities = models.PositiveIntegerField(default=0)
    at_target = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"share:{self.area_id}"
