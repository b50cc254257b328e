"""The committee-owners-property triangle (plan 1.一.六, 3.4.(三)): estates (小区) as sets of the
registry's buildings, their owners' committees (业主委员会) with members and terms, property
companies (物业) with contracts and service scopes, joint meetings (三方协调) with minutes and
decisions, complaints about property service linked from tickets, and a satisfaction survey of
property service per estate.

Every row carries its community (`community`), which is what scoping filters on; a property company
carries the area (community or street) that filed it.

The owners' committee is not elected through `linli.governance` elections: its electorate is the
estate's owners (业主), who are not the registry's residents (an owner may live elsewhere, a tenant
votes nowhere), and the Civil Code (art. 278) counts both heads and exclusive floor area: two thirds
of the owners by number and by area must take part, and each member needs more than half of those
taking part by number and by area. Governance registers list residents and count one vote per
voter, so the election is recorded here with its result and its record (the minutes' reference).
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from linli.governance.models import Position


class Estate(models.Model):
    """A residential estate (小区): a set of buildings of one community."""

    code = models.CharField(pgettext_lazy("estate", "code"), max_length=12, unique=True)
    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("estate"), max_length=60)
    buildings = models.ManyToManyField("registry.Building", through="EstateBuilding", related_name="+")
    created_at = models.DateTimeField(_("created"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("estate")
        verbose_name_plural = _("estates")
        constraints = [models.UniqueConstraint(fields=["community", "name"], name="ps_estate_name")]

    def __str__(self) -> str:
        return self.name


class EstateBuilding(models.Model):
    estate = models.ForeignKey(Estate, on_delete=models.CASCADE, related_name="+")
    # A building belongs to one estate at most.
    building = models.OneToOneField("registry.Building", on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"{self.estate_id}:{self.building_id}"


class Committee(models.Model):
    """One term of an estate's owners' committee, with the record of the owners' vote that elected it."""

    code = models.CharField(pgettext_lazy("estate", "code"), max_length=12, unique=True)
    estate = models.ForeignKey(Estate, on_delete=models.PROTECT, related_name="committees")
    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    elected_on = models.DateField(_("elected on"))
    term_starts = models.DateField(_("term starts"))
    term_ends = models.DateField(_("term ends"))
    owners_total = models.PositiveIntegerField(_("owners"))
    owners_voted = models.PositiveIntegerField(_("owners who took part"))
    area_total_m2 = models.DecimalField(_("exclusive floor area (m²)"), max_digits=10, decimal_places=2)
    area_voted_m2 = models.DecimalField(
        _("floor area of those who took part (m²)"), max_digits=10, decimal_places=2
    )
    record = models.CharField(_("election record"), max_length=200)
    filed_with_street_on = models.DateField(_("filed with the street"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("recorded"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-term_starts"]
        verbose_name = _("owners' committee")
        verbose_name_plural = _("owners' committees")

    def __str__(self) -> str:
        return f"{self.estate} {self.term_starts:%Y}"


class Member(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    # The same 主任 / 副主任 / 委员 as a residents' committee.
    position = models.CharField(_("position"), max_length=16, choices=Position.choices)
    dwelling = models.CharField(_("dwelling"), max_length=40, blank=True)
    votes_owners = models.PositiveIntegerField(_("owners for"))
    votes_area_m2 = models.DecimalField(_("floor area for (m²)"), max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["committee", "position", "pk"]
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")

    def __str__(self) -> str:
        return self.name


class Scope(models.TextChoices):
    """What a property company may be contracted for (物业服务内容)."""

    CLEANING = "cleaning", _("cleaning")
    SECURITY = "security", _("security and order")
    GREENING = "greening", pgettext_lazy("property", "greening")
    REPAIRS = "repairs", _("repairs of common parts")
    LIFTS = "lifts", _("lifts")
    PARKING = "parking", _("parking")
    FIRE = "fire", _("fire safety")
    RUBBISH = "rubbish", _("rubbish sorting")


class Company(models.Model):
    code = models.CharField(pgettext_lazy("estate", "code"), max_length=12, unique=True)
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("property company"), max_length=100)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    contact = models.CharField(_("contact"), max_length=50, blank=True)
    phone = models.CharField(_("service phone"), max_length=20, blank=True)
    scopes = models.JSONField(_("service scopes"), default=list)
    created_at = models.DateTimeField(_("created"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("property company")
        verbose_name_plural = _("property companies")

    def __str__(self) -> str:
        return self.name

    def scope_labels(self) -> list[str]:
        names = dict(Scope.choices)
        return [str(names.get(s, s)) for s in self.scopes]


class Contract(models.Model):
    code = models.CharField(pgettext_lazy("estate", "code"), max_length=12, unique=True)
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="contracts")
    estate = models.ForeignKey(Estate, on_delete=models.PROTECT, related_name="contracts")
    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    # The property fee per m² and month, in fen (2.35 yuan → 235).
    fee_fen_m2 = models.PositiveIntegerField(_("fee per m² and month (fen)"))
    created_at = models.DateTimeField(_("created"))

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("property contract")
        verbose_name_plural = _("property contracts")

    def __str__(self) -> str:
        return self.code

    @property
    def fee_yuan(self) -> Decimal:
        return Decimal(self.fee_fen_m2) / 100


class ContractItem(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="items")
    scope = models.CharField(_("service"), max_length=16, choices=Scope.choices)
    standard = models.CharField(_("standard"), max_length=200)

    class Meta:
        ordering = ["contract", "scope"]
        constraints = [models.UniqueConstraint(fields=["contract", "scope"], name="ps_contract_item_once")]

    def __str__(self) -> str:
        return self.scope


class Party(models.TextChoices):
    RESIDENTS = "residents", _("residents' committee")
    OWNERS = "owners", _("owners' committee or owners")
    COMPANY = "company", _("property company")
    OTHER = "other", pgettext_lazy("party", "other")


class Meeting(models.Model):
    """A joint meeting (三方协调) of the residents' committee, the owners and the property company."""

    code = models.CharField(pgettext_lazy("estate", "code"), max_length=12, unique=True)
    estate = models.ForeignKey(Estate, on_delete=models.PROTECT, related_name="meetings")
    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    held_at = models.DateTimeField(_("held"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    topic = models.CharField(pgettext_lazy("meeting", "topic"), max_length=200)
    minutes = models.TextField(_("minutes"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-held_at"]
        verbose_name = _("joint meeting")
        verbose_name_plural = _("joint meetings")

    def __str__(self) -> str:
        return self.topic


class Attendee(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    party = models.CharField(_("on behalf of"), max_length=12, choices=Party.choices)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)

    class Meta:
        ordering = ["meeting", "party", "pk"]

    def __str__(self) -> str:
        return self.name


class DecisionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("decision", "open")
    DONE = "done", pgettext_lazy("decision", "done")


class Decision(models.Model):
    code = models.CharField(pgettext_lazy("estate", "code"), max_length=12, unique=True)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    text = models.CharField(_("decision"), max_length=500)
    owner_party = models.CharField(_("responsible"), max_length=12, choices=Party.choices)
    owner_name = models.CharField(_("responsible person"), max_length=50)
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=8, choices=DecisionStatus.choices, default=DecisionStatus.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("meeting decision")
        verbose_name_plural = _("meeting decisions")
        indexes = [models.Index(fields=["community", "status", "due_on"], name="ps_decision_due")]

    def __str__(self) -> str:
        return self.text


class FollowUp(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="follow_ups")
    at = models.DateTimeField(_("followed up"))
    note = models.CharField(_("note"), max_length=500)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.note


class Complaint(models.Model):
    """A ticket about property service, linked to the estate and the company under contract when it
    came in: automatically (a property category and a building of the estate) or by a worker."""

    ticket = models.OneToOneField("tickets.Ticket", on_delete=models.PROTECT, related_name="+")
    estate = models.ForeignKey(Estate, on_delete=models.PROTECT, related_name="complaints")
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="complaints")
    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    linked_at = models.DateTimeField(_("linked"))
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-linked_at"]
        verbose_name = _("property complaint")
        verbose_name_plural = _("property complaints")

    def __str__(self) -> str:
        return str(self.ticket_id)


class Aspect(models.TextChoices):
    OVERALL = "overall", _("overall")
    CLEANING = "cleaning", _("cleaning")
    SECURITY = "security", _("security and order")
    GREENING = "greening", pgettext_lazy("property", "greening")
    REPAIRS = "repairs", _("repairs of common parts")
    MANNER = "manner", _("staff manner and response")


class Survey(models.Model):
    """A satisfaction survey of property service in one estate, about the company under contract."""

    code = models.CharField(pgettext_lazy("estate", "code"), max_length=12, unique=True)
    estate = models.ForeignKey(Estate, on_delete=models.PROTECT, related_name="surveys")
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="surveys")
    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=100)
    opens_on = models.DateField(_("opens"))
    closes_on = models.DateField(_("closes"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-opens_on"]
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")

    def __str__(self) -> str:
        return self.title


class Respondent(models.Model):
    """Who has answered (one per resident and survey), kept apart from what they answered."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    resident = models.ForeignKey("registry.Resident", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "resident"], name="ps_survey_answer_once")]

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.resident_id}"


class Answer(models.Model):
    """What one resident answered: a score 1 (very dissatisfied) to 5 (very satisfied) per aspect.
    A random key and no time, so that it cannot be matched to its respondent."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="answers")
    scores = models.JSONField(default=dict)

    def __str__(self) -> str:
        return str(self.id)
