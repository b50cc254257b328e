"""Civic and Party organizations of a community (plan 1.(一), 3.2, 3.4.(四), 3.5.(五)).

Community social organizations (社区社会组织) are registered (登记) or filed at the street (备案),
with a type and purpose, incubation status, a contact person, members with their roles and
history, officers, activities, annual reports and grades, and government service contracts paid
through the community's ledger (`finance`).

Party organizations (社区党委/总支/支部) form a tree under the community. Their members and the
transfers of their relationship in and out are sensitive: seen only with a `SensitiveGrant` of
category "party", like disability or 低保 in the registry. The Party worker of each community is
recorded with the tree.

Every row belongs to one community (`community`), which is what scoping filters on.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from linli.common.crypto import EncryptedTextField

# The sensitive category (accounts.models.SensitiveCategory) that shows Party members.
PARTY = "party"


class Kind(models.TextChoices):
    LIFE_SERVICES = "life_services", _("life services")
    CHARITY = "charity", _("charity")
    CULTURE = "culture", _("culture")
    SPORT = "sport", _("sport and fitness")
    MUTUAL_AID = "mutual_aid", _("mutual aid")
    PROFESSIONAL = "professional", _("professional services")


class Standing(models.TextChoices):
    REGISTERED = "registered", _("registered (登记)")
    FILED = "filed", _("filed at the street (备案)")


class Incubation(models.TextChoices):
    NONE = "none", _("not incubated")
    INCUBATING = "incubating", _("being incubated")
    GRADUATED = "graduated", _("incubation finished")


class Grade(models.TextChoices):
    NONE = "", _("not graded")
    A1 = "1A", "1A"
    A2 = "2A", "2A"
    A3 = "3A", "3A"
    A4 = "4A", "4A"
    A5 = "5A", "5A"


class OrgStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("organization", "active")
    DISSOLVED = "dissolved", _("dissolved")


class Organization(models.Model):
    """One community social organization."""

    code = models.CharField(_("number"), max_length=20, unique=True)
    community = models.ForeignKey(
        "areas.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(pgettext_lazy("organization", "name"), max_length=100)
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    purpose = models.CharField(_("aims"), max_length=300, blank=True)
    standing = models.CharField(_("registered or filed"), max_length=12, choices=Standing.choices)
    # Counted for the plan's target of a fitness association in 90% of communities.
    is_fitness_association = models.BooleanField(_("fitness association"), default=False)
    incubation = models.CharField(
        _("incubation"), max_length=12, choices=Incubation.choices, default=Incubation.NONE
    )
    founded_on = models.DateField(_("founded"))
    contact_name = models.CharField(_("contact person"), max_length=50)
    contact_phone = EncryptedTextField(_("contact number"), blank=True)
    grade = models.CharField(_("grade"), max_length=2, choices=Grade.choices, blank=True, default="")
    graded_on = models.DateField(_("graded on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=OrgStatus.choices, default=OrgStatus.ACTIVE)
    created_at = models.DateTimeField(_("entered"))

    class Meta:
        ordering = ["community__code", "name"]
        verbose_name = _("community social organization")
        verbose_name_plural = _("community social organizations")
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="organizations_org_name_unique")
        ]
        indexes = [models.Index(fields=["community", "status"], name="organizations_org_by_community")]

    def __str__(self) -> str:
        return self.name


class MemberRole(models.TextChoices):
    MEMBER = "member", pgettext_lazy("organization", "member")
    CHAIR = "chair", _("chair")
    VICE_CHAIR = "vice_chair", _("vice chair")
    SECRETARY = "secretary", pgettext_lazy("organization", "secretary")
    TREASURER = "treasurer", _("treasurer")


OFFICER_ROLES = frozenset(set(MemberRole) - {MemberRole.MEMBER})


class Membership(models.Model):
    """One person's membership of an organization, from joining to leaving (history is kept:
    someone who rejoins gets a new row). An officer is a member with a role other than member."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE, related_name="members"
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    resident = models.ForeignKey(
        "registry.Resident", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A member who signs in runs the organization's page (records activities, files reports).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.CharField(_("role"), max_length=12, choices=MemberRole.choices, default=MemberRole.MEMBER)
    # 社会体育指导员, counted for the plan's 1 : 400.
    sports_instructor = models.BooleanField(_("sports instructor"), default=False)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        ordering = ["left_on", "role", "joined_on", "id"]
        verbose_name = _("member")
        verbose_name_plural = _("organization members")

    def __str__(self) -> str:
        return self.name

    @property
    def is_officer(self) -> bool:
        return self.role in OFFICER_ROLES and self.left_on is None


class Activity(models.Model):
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE, related_name="activities"
    )
    title = models.CharField(_("title"), max_length=100)
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    # Volunteer activities are also the volunteers context's business (issue 14).
    is_volunteer = models.BooleanField(_("volunteer activity"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title


class ReportStatus(models.TextChoices):
    DUE = "due", _("awaiting the report")
    SUBMITTED = "submitted", _("submitted")


class AnnualReport(models.Model):
    """The report of one organization for one year, due by `due_on` (31 May of the next year).

    The sweep opens the row (status due) when reminders start; submitting fills it in."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE, related_name="reports"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default="due")
    summary = models.TextField(_("summary"), blank=True)
    activities_held = models.PositiveIntegerField(_("activities held"), default=0)
    income_fen = models.BigIntegerField(_("income (fen)"), default=0)
    expense_fen = models.BigIntegerField(_("expense (fen)"), default=0)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    # When the contact person and the community's workers were told it is overdue (once a period).
    overdue_noticed_at = models.DateTimeField(_("overdue notice sent"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="organizations_report_year_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organization_id}/{self.year}"


class ContractStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("contract", "in force")
    CLOSED = "closed", pgettext_lazy("contract", "closed")


class ServiceContract(models.Model):
    """A government service purchase (政府购买服务) from an organization, paid from the
    community's ledger: each payment is a finance ledger entry, reviewed and approved there."""

    code = models.CharField(_("number"), max_length=20, unique=True)
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="contracts"
    )
    community = models.ForeignKey(
        "areas.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=100)
    amount_fen = models.BigIntegerField(_("amount (fen)"))
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    status = models.CharField(
        _("status"), max_length=10, choices=ContractStatus.choices, default=ContractStatus.ACTIVE
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("entered"))

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("service contract")
        verbose_name_plural = _("service contracts")

    def __str__(self) -> str:
        return self.code


class ContractPayment(models.Model):
    contract = models.ForeignKey(
        ServiceContract, verbose_name=_("contract"), on_delete=models.PROTECT, related_name="payments"
    )
    entry = models.OneToOneField(
        "finance.LedgerEntry", verbose_name=_("ledger entry"), on_delete=models.PROTECT, related_name="+"
    )
    amount_fen = models.BigIntegerField(_("amount (fen)"))
    paid_on = models.DateField(_("paid on"))

    class Meta:
        ordering = ["-paid_on", "-id"]

    def __str__(self) -> str:
        return f"{self.contract_id}: {self.amount_fen}"


# --- Party organizations -------------------------------------------------------------------------


class PartyKind(models.TextChoices):
    COMMITTEE = "committee", _("Party committee (党委)")
    GENERAL_BRANCH = "general_branch", _("general Party branch (党总支)")
    BRANCH = "branch", _("Party branch (党支部)")


# Which kinds may sit directly under which (None: at the top of the community).
ALLOWED_PARENTS: dict[str, set[str | None]] = {
    PartyKind.COMMITTEE: {None},
    PartyKind.GENERAL_BRANCH: {None, PartyKind.COMMITTEE},
    PartyKind.BRANCH: {None, PartyKind.COMMITTEE, PartyKind.GENERAL_BRANCH},
}


class PartyOrganization(models.Model):
    code = models.CharField(_("number"), max_length=20, unique=True)
    community = models.ForeignKey(
        "areas.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("under"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    kind = models.CharField(_("type"), max_length=16, choices=PartyKind.choices)
    name = models.CharField(pgettext_lazy("organization", "name"), max_length=100)
    secretary_name = models.CharField(_("secretary"), max_length=50, blank=True)

    class Meta:
        ordering = ["community__code", "id"]
        verbose_name = _("Party organization")
        verbose_name_plural = _("Party organizations")

    def __str__(self) -> str:
        return self.name


class PartyMemberStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("party member", "in this organization")
    TRANSFERRED_OUT = "out", _("transferred out")


class PartyMember(models.Model):
    """Sensitive: seen only with a "party" SensitiveGrant (queries.party_members_for)."""

    party_org = models.ForeignKey(
        PartyOrganization,
        verbose_name=_("Party organization"),
        on_delete=models.PROTECT,
        related_name="members",
    )
    community = models.ForeignKey(
        "areas.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    resident = models.ForeignKey(
        "registry.Resident", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    joined_party_on = models.DateField(_("joined the Party"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=PartyMemberStatus.choices, default=PartyMemberStatus.ACTIVE
    )

    class Meta:
        ordering = ["status", "name", "id"]
        verbose_name = _("Party member")
        verbose_name_plural = _("Party members")

    def __str__(self) -> str:
        return self.name


class TransferDirection(models.TextChoices):
    IN = "in", _("transferred in")
    OUT = "out", _("transferred out")


class PartyTransfer(models.Model):
    """A transfer of a member's organizational relationship (组织关系转接), in or out."""

    member = models.ForeignKey(
        PartyMember, verbose_name=_("Party member"), on_delete=models.PROTECT, related_name="transfers"
    )
    direction = models.CharField(_("direction"), max_length=4, choices=TransferDirection.choices)
    on = models.DateField(_("date"))
    other_side = models.CharField(_("from or to"), max_length=100)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.direction} {self.on}"


class PartyWorker(models.Model):
    """The Party worker (党建工作者) of a community: one current row per community."""

    community = models.ForeignKey(
        "areas.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    phone = EncryptedTextField(_("contact number"), blank=True)
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["community__code", "-since"]
        constraints = [
            models.UniqueConstraint(
                fields=["community"],
                condition=models.Q(until__isnull=True),
                name="organizations_one_party_worker",
            )
        ]

    def __str__(self) -> str:
        return self.name


class OfficerElection(models.Model):
    """An organization elects its officers through a governance election (`Election.body` is the
    organization's code; its members are the register). Once certified, `officers_apply` gives
    the elected their roles."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="officer_elections",
    )
    election = models.OneToOneField(
        "governance.Election", verbose_name=_("election"), on_delete=models.PROTECT, related_name="+"
    )
    applied_at = models.DateTimeField(_("officers updated"), null=True, blank=True)

    class Meta:
        ordering = ["-election__election_day", "-id"]
        verbose_name = _("officer election")
        verbose_name_plural = _("officer elections")

    def __str__(self) -> str:
        return str(self.election)
