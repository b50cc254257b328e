"""Meeting, petition, motion and hearing models."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# ---------------------------------------------------------------------------------------------


# Meetings, petitions, decisions


class MeetingKind(models.TextChoices):
    RESIDENTS = "residents", _("residents' meeting")
    REPRESENTATIVES = "representatives", _("representatives' meeting")
    HEARING = "hearing", _("hearing")
    CONSULTATION = "consultation", _("consultation meeting")


class PetitionBasis(models.TextChoices):
    RESIDENTS = "residents", _("residents aged 18 or older")
    HOUSEHOLDS = "households", _("households")
    GROUPS = "groups", _("residents' groups")


class Petition(models.Model):
    """Residents ask for a meeting; the committee must convene it once the legal share is reached."""

    code = models.CharField(_("code"), max_length=16, unique=True)
    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(_("what the meeting should decide"), max_length=200)
    basis = models.CharField(_("counted by"), max_length=16, choices=PetitionBasis.choices)
    groups_total = models.PositiveIntegerField(_("residents' groups in the community"), default=0)
    groups_supporting = models.PositiveIntegerField(_("groups supporting"), default=0)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject


class Signature(models.Model):
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="signatures")
    resident = models.ForeignKey("registry.Resident", on_delete=models.PROTECT, related_name="+")
    household_id = models.BigIntegerField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["petition", "resident"], name="gov_sign_once")]

    def __str__(self) -> str:
        return str(self.resident)


class MeetingStatus(models.TextChoices):
    NOTICED = "noticed", _("announced")
    HELD = "held", _("in session")
    INQUORATE = "inquorate", _("no quorum")
    CLOSED = "closed", _("closed")


class Meeting(models.Model):
    code = models.CharField(_("code"), max_length=16, unique=True)
    community = models.ForeignKey(
        "areas.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=200)
    petition = models.OneToOneField(Petition, null=True, blank=True, on_delete=models.PROTECT)
    scheduled_at = models.DateTimeField(_("when"))
    place = models.CharField(_("where"), max_length=200)
    noticed_at = models.DateTimeField(_("announced"))
    members_total = models.PositiveIntegerField(_("members"), help_text=_("Who may attend and vote."))
    present = models.PositiveIntegerField(_("present"), null=True, blank=True)
    attendees = models.TextField(_("attendance list"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=MeetingStatus.choices)
    comment_deadline = models.DateTimeField(_("comments until"), null=True, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    response = models.TextField(_("response to comments"), blank=True)
    response_published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-scheduled_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(_("agenda item"), max_length=200)

    class Meta:
        ordering = ["meeting", "order"]

    def __str__(self) -> str:
        return self.title


class PartyKind(models.TextChoices):
    RESIDENT = "resident", _("resident representative")
    UNIT = "unit", _("resident unit")
    PROPERTY = "property", _("property company")
    OWNERS = "owners", _("owners' committee")
    OTHER = "other", _("other")


class Party(models.Model):
    """Who takes part in a consultation (协商议事会): units, property company, owners' committee."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="parties")
    kind = models.CharField(_("kind"), max_length=16, choices=PartyKind.choices)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["meeting", "kind", "name"]

    def __str__(self) -> str:
        return self.name


class MotionStatus(models.TextChoices):
    PENDING = "pending", _("not yet voted")
    ADOPTED = "adopted", _("adopted")
    REJECTED = "rejected", _("rejected")


class Motion(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="motions")
    title = models.CharField(_("motion"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    votes_for = models.PositiveIntegerField(_("for"), default=0)
    votes_against = models.PositiveIntegerField(_("against"), default=0)
    abstentions = models.PositiveIntegerField(_("abstentions"), default=0)
    status = models.CharField(
        _("status"), max_length=16, choices=MotionStatus.choices, default=MotionStatus.PENDING
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(pgettext_lazy("time", "published"), null=True, blank=True)

    class Meta:
        ordering = ["meeting", "id"]

    def __str__(self) -> str:
        return self.title


class Comment(models.Model):
    """A public comment on a hearing, taken until the hearing's deadline."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="comments")
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:30]
