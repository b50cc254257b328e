"""The residents' registry (居民登记报告, plan 3.3.(三)): buildings, dwellings, households, residents.

Every row carries its community (`community`, an Area of level community) so that scoping is the
one `accounts.policy` filter on `community__path`.
"""

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from linli.common.crypto import BlindIndexField, EncryptedTextField
from linli.common.idnumber import normalize_id_number


class Building(models.Model):
    community = models.ForeignKey(
        "areas.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="buildings"
    )
    grid = models.ForeignKey(
        "areas.Area",
        verbose_name=_("grid"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="grid_buildings",
    )
    name = models.CharField(_("building"), max_length=50, help_text=_("For example 3号楼"))
    address = models.CharField(_("address"), max_length=200, blank=True)
    unit_count = models.PositiveSmallIntegerField(_("units (entrances)"), default=1)

    class Meta:
        ordering = ["community", "name"]
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="registry_building_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class DwellingUse(models.TextChoices):
    OWNER = "owner", _("owner-occupied")
    RENTED = "rented", _("rented")
    PUBLIC = "public", _("public housing")
    VACANT = "vacant", _("vacant")


class Dwelling(models.Model):
    building = models.ForeignKey(
        Building, verbose_name=_("building"), on_delete=models.PROTECT, related_name="dwellings"
    )
    community = models.ForeignKey(
        "areas.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(_("dwelling number"), max_length=30, help_text=_("Unit and room, e.g. 2-301"))
    use = models.CharField(_("use"), max_length=16, choices=DwellingUse.choices, default=DwellingUse.OWNER)
    floor_area_m2 = models.DecimalField(
        _("floor area (m²)"), max_digits=7, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["building", "number"]
        verbose_name = _("dwelling")
        verbose_name_plural = _("dwellings")
        constraints = [
            models.UniqueConstraint(fields=["building", "number"], name="registry_dwelling_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.building.name} {self.number}"


class HukouPlace(models.TextChoices):
    """Where a person's 户口 is."""

    HERE = "here", _("this community")
    BEIJING = "beijing", _("elsewhere in Beijing")
    OUTSIDE = "outside", _("outside Beijing")


class LivingPlace(models.TextChoices):
    """Where a person actually lives."""

    HERE = "here", _("this dwelling")
    ELSEWHERE = "elsewhere", _("elsewhere")
    UNKNOWN = "unknown", _("unknown")


class ResidenceKind(models.TextChoices):
    """Derived from where the 户口 is and where the person lives (`Resident.kind`), never typed."""

    CONSISTENT = "consistent", _("registered and living here (人户一致)")
    AWAY = "away", _("registered here, living elsewhere (户在人不在)")
    INCOMING = "incoming", _("living here, registered elsewhere in Beijing (人在户不在)")
    FLOATING = "floating", _("floating population (流动)")
    GONE = "gone", _("registered elsewhere and not living here")


# The kinds of before issue 21, as today's fields (hukou, lives): old import files and the data
# migration (registry 0007) read them through this table.
LEGACY_KINDS: dict[str, tuple[str, str]] = {
    "registered": (HukouPlace.HERE, LivingPlace.HERE),
    "resident": (HukouPlace.BEIJING, LivingPlace.HERE),
    "floating": (HukouPlace.OUTSIDE, LivingPlace.HERE),
}


def kind_expression() -> models.Case:
    """The derived kind, as SQL: the generated column `Resident.kind` and the migration use it."""
    return models.Case(
        models.When(hukou_where="here", lives_where="here", then=models.Value("consistent")),
        models.When(hukou_where="here", then=models.Value("away")),
        models.When(lives_where="here", hukou_where="beijing", then=models.Value("incoming")),
        models.When(lives_where="here", then=models.Value("floating")),
        default=models.Value("gone"),
    )


class Household(models.Model):
    code = models.CharField(_("household code"), max_length=20, unique=True)
    community = models.ForeignKey(
        "areas.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="households"
    )
    dwelling = models.ForeignKey(
        Dwelling,
        verbose_name=_("dwelling"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="households",
    )
    # 集体户: a collective household (a workplace, a school, the community's own account) and its unit.
    collective_unit = models.CharField(_("collective household of (unit)"), max_length=100, blank=True)
    head = models.ForeignKey(
        "Resident",
        verbose_name=_("head of household"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    closed_at = models.DateTimeField(pgettext_lazy("household", "closed"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("household")
        verbose_name_plural = _("households")
        indexes = [models.Index(fields=["community", "is_active"], name="registry_household_active")]

    def __str__(self) -> str:
        return self.code

    @property
    def is_collective(self) -> bool:
        return bool(self.collective_unit)


class Relation(models.TextChoices):
    HEAD = "head", _("head of household")
    SPOUSE = "spouse", _("spouse")
    CHILD = "child", _("child")
    PARENT = "parent", pgettext_lazy("relation", "parent")
    GRANDCHILD = "grandchild", _("grandchild")
    GRANDPARENT = "grandparent", _("grandparent")
    SIBLING = "sibling", _("sibling")
    CHILD_IN_LAW = "child_in_law", _("son- or daughter-in-law")
    OTHER_RELATIVE = "other_relative", _("other relative")
    OTHER = "other", _("other")


class ResidentStatus(models.TextChoices):
    ACTIVE = "active", _("living here")
    MOVED_OUT = "moved_out", _("moved out of the city")
    TRANSFERRED = "transferred", _("moved to another community")
    DECEASED = "deceased", _("deceased")


class Gender(models.TextChoices):
    MALE = "M", _("male")
    FEMALE = "F", _("female")


class Employment(models.TextChoices):
    EMPLOYED = "employed", _("employed")
    UNEMPLOYED = "unemployed", _("unemployed")
    RETIRED = "retired", _("retired")
    STUDENT = "student", _("student")
    PRESCHOOL = "preschool", _("pre-school child")
    OTHER = "other", _("other")


class Resident(models.Model):
    """One person's record in one community. At most one ACTIVE record per ID number."""

    community = models.ForeignKey(
        "areas.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="residents"
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    relation = models.CharField(
        _("relation to head"), max_length=20, choices=Relation.choices, default=Relation.HEAD
    )
    # Where the 户口 is: this community, elsewhere in Beijing (area code) or outside (province code).
    hukou_where = models.CharField(
        _("户口 (registered residence)"), max_length=10, choices=HukouPlace.choices, default=HukouPlace.HERE
    )
    hukou_code = models.CharField(_("area code of the 户口"), max_length=12, blank=True)
    # Where the person actually lives, and since when (常住: six months or more here).
    lives_where = models.CharField(
        _("lives"), max_length=10, choices=LivingPlace.choices, default=LivingPlace.HERE
    )
    lives_code = models.CharField(_("area code where they live"), max_length=12, blank=True)
    lives_address = models.CharField(_("address where they live"), max_length=200, blank=True)
    lives_since = models.DateField(_("living there since"), null=True, blank=True)
    # The last time a worker confirmed where the person lives (a visit, a confirmation).
    residence_checked_on = models.DateField(_("residence last confirmed"), null=True, blank=True)
    # 人户一致 / 户在人不在 / 人在户不在 / 流动, derived by the database from the two places above.
    kind = models.GeneratedField(
        expression=kind_expression(),
        output_field=models.CharField(_("kind"), max_length=12, choices=ResidenceKind.choices),
        db_persist=True,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ResidentStatus.choices, default=ResidentStatus.ACTIVE
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    id_number = EncryptedTextField(_("ID number"))
    id_index = BlindIndexField(source="id_number", kind="id_number", normalize=normalize_id_number)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"), db_index=True)
    phone = EncryptedTextField(_("mobile number"), blank=True)
    phone_index = BlindIndexField(source="phone", kind="phone")
    ethnicity = models.CharField(_("ethnicity"), max_length=20, blank=True, default="汉族")
    hukou_place = models.CharField(_("registered residence (户籍地)"), max_length=100, blank=True)
    employment = models.CharField(
        _("employment"), max_length=16, choices=Employment.choices, blank=True, default=""
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resident_records",
    )
    registered_at = models.DateTimeField(_("registered"), default=timezone.now)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)
    # Floating population: the residence registration (居住登记) runs out on this day.
    residence_until = models.DateField(_("residence registration valid until"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        constraints = [
            # One person is active in one place only — enforced by the database, so that two
            # imports racing with the same ID cannot both win.
            models.UniqueConstraint(
                fields=["id_index"], condition=Q(status="active"), name="registry_resident_one_active_per_id"
            )
        ]
        indexes = [
            # Exact lookups by blind index, active or not (a person's history across communities).
            models.Index(fields=["id_index"], name="registry_resident_id_index"),
            models.Index(fields=["phone_index"], name="registry_resident_phone_index"),
            models.Index(fields=["community", "status", "kind"], name="registry_resident_kind"),
            models.Index(fields=["community", "name"]),
            models.Index(fields=["household", "status"]),
            # The heads of households with what `counts.households_on` reads of them (PostgreSQL
            # answers from the index alone instead of reading every resident row).
            models.Index(
                fields=["household"],
                include=["hukou_where", "lives_where", "lives_since", "registered_at", "left_at"],
                condition=Q(relation="head"),
                name="registry_resident_heads",
            ),
            # Name-prefix search on PostgreSQL uses registry_resident_name_c (migration 0004).
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def kind_label(self) -> str:
        """The derived kind as people read it (a generated column has no get_kind_display)."""
        return str(dict(ResidenceKind.choices).get(self.kind, self.kind))

    @property
    def lives_here(self) -> bool:
        return self.lives_where == LivingPlace.HERE

    def age(self, today: dt.date) -> int:
        b = self.birth_date
        return today.year - b.year - ((today.month, today.day) < (b.month, b.day))


# ---------------------------------------------------------------------------------------------
# Dynamic management (动态管理): what happened to whom, kept as history.


class EventKind(models.TextChoices):
    REGISTERED = "registered", _("registered")
    MOVED_IN = "moved_in", _("moved in")
    MOVED_OUT = "moved_out", _("moved out of the city")
    TRANSFERRED_OUT = "transferred_out", _("moved to another community")
    TRANSFERRED_IN = "transferred_in", _("moved in from another community")
    BORN = "born", _("born")
    DIED = "died", _("died")
    HEAD_CHANGED = "head_changed", _("head of household changed")
    SPLIT = "split", _("household split")
    MERGED = "merged", _("households merged")
    CHANGED = "changed", _("details changed")
    IMPORTED = "imported", _("imported")
    RESIDENCE_MOVED = "residence_moved", _("moved residence, 户口 unchanged")
    HUKOU_MOVED = "hukou_moved", _("户口 moved, residence unchanged")
    RESIDENCE_CHECKED = "residence_checked", _("residence confirmed")


class RegistryEvent(models.Model):
    """One step in the life of a household or resident, shown as their history."""

    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    resident = models.ForeignKey(
        Resident, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("what happened"), max_length=20, choices=EventKind.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("registry event")
        verbose_name_plural = _("registry events")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"


class TransferDirection(models.TextChoices):
    OUT = "out", _("moving out: the receiving community accepts")
    IN = "in", _("moving in: the current community releases")


class TransferStatus(models.TextChoices):
    PENDING = "pending", _("waiting")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")


class TransferRequest(models.Model):
    """A person active in one community moving to another: the other side must agree."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="transfers")
    from_community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    to_community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    direction = models.CharField(max_length=4, choices=TransferDirection.choices)
    # Where the person goes, when the requesting side already knows (direction IN).
    to_household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_dwelling = models.ForeignKey(
        Dwelling, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    relation = models.CharField(_("relation to head"), max_length=20, choices=Relation.choices, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=TransferStatus.choices, default=TransferStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    new_resident = models.ForeignKey(
        Resident, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("transfer request")
        verbose_name_plural = _("transfer requests")
        constraints = [
            models.UniqueConstraint(
                fields=["resident"], condition=Q(status="pending"), name="registry_one_pending_transfer"
            )
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def deciding_community_id(self) -> int:
        return self.to_community_id if self.direction == TransferDirection.OUT else self.from_community_id


# ---------------------------------------------------------------------------------------------
# Self-service reports (居民登记报告): a resident reports, a worker approves or rejects.


class ReportKind(models.TextChoices):
    NEW_MEMBER = "new_member", _("a new member of the household")
    MOVING_OUT = "moving_out", _("a member moving out")
    NEW_PHONE = "new_phone", _("a new mobile number")
    RESIDENCE = "residence", _("a change of where a member lives")


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("waiting for the community")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class ChangeReport(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="reports")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="registry_reports"
    )
    kind = models.CharField(_("what changed"), max_length=16, choices=ReportKind.choices)
    subject = models.ForeignKey(
        Resident, verbose_name=_("member"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50, blank=True)
    id_number = EncryptedTextField(_("ID number"), blank=True)
    relation = models.CharField(_("relation to head"), max_length=20, choices=Relation.choices, blank=True)
    phone = EncryptedTextField(_("mobile number"), blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    # A change of residence: where the member lives now, and since when.
    lives_where = models.CharField(_("lives"), max_length=10, choices=LivingPlace.choices, blank=True)
    lives_address = models.CharField(_("address where they live"), max_length=200, blank=True)
    lives_since = models.DateField(_("living there since"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.PENDING
    )
    created_at = models.DateTimeField(pgettext_lazy("time", "reported"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("change report")
        verbose_name_plural = _("change reports")

    def __str__(self) -> str:
        return self.code


# ---------------------------------------------------------------------------------------------
# Rental housing (出租房屋登记) and floating population.


class Rental(models.Model):
    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    dwelling = models.ForeignKey(
        Dwelling, verbose_name=_("dwelling"), on_delete=models.PROTECT, related_name="rentals"
    )
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.SET_NULL, related_name="rentals"
    )
    landlord_name = models.CharField(_("landlord"), max_length=50)
    landlord_phone = EncryptedTextField(_("landlord's mobile"), blank=True)
    start = models.DateField(_("lease starts"))
    end = models.DateField(_("lease ends"))
    created_at = models.DateTimeField(_("registered"), default=timezone.now)

    class Meta:
        ordering = ["end"]
        verbose_name = _("rental registration")
        verbose_name_plural = _("rental registrations")
        indexes = [models.Index(fields=["community", "end"])]

    def __str__(self) -> str:
        return f"{self.dwelling} ({self.start}–{self.end})"


# ---------------------------------------------------------------------------------------------
# Care groups (关爱群体). "80 and over" is derived from the birth date and never stored.


class CareTagKind(models.TextChoices):
    ALONE = "alone", _("elderly living alone")
    EMPTY_NEST = "empty_nest", _("empty-nest elderly")
    DISABILITY = "disability", _("disability")
    DIBAO = "dibao", _("minimum living allowance (dibao)")
    EXTREME_POVERTY = "extreme_poverty", _("extreme poverty support")
    UNEMPLOYED = "unemployed", _("unemployed")
    VETERANS = "veterans", _("veterans' care")
    CORRECTION = "correction", _("community correction")


AGED_80 = "aged_80"  # the derived tag: searchable and visit-scheduled like the others
# Tags seen only with an explicit SensitiveGrant of the same name (accounts.SensitiveCategory).
SENSITIVE_TAGS = frozenset({CareTagKind.DISABILITY, CareTagKind.DIBAO, CareTagKind.CORRECTION})


class CareTag(models.Model):
    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="care_tags")
    tag = models.CharField(_("care tag"), max_length=20, choices=CareTagKind.choices)
    level = models.PositiveSmallIntegerField(_("disability level"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        ordering = ["tag"]
        verbose_name = _("care tag")
        verbose_name_plural = _("care tags")
        constraints = [models.UniqueConstraint(fields=["resident", "tag"], name="registry_caretag_unique")]
        indexes = [models.Index(fields=["community", "tag"])]

    def __str__(self) -> str:
        return str(self.get_tag_display())


# ---------------------------------------------------------------------------------------------
# Worker assignment (分片包户) and home visits (入户走访).


class Assignment(models.Model):
    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="assignments")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registry_assignments"
    )
    assigned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("building assignment")
        verbose_name_plural = _("building assignments")
        constraints = [
            models.UniqueConstraint(fields=["building", "worker"], name="registry_assignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.building_id} → {self.worker_id}"


class VisitFrequency(models.Model):
    """How often residents with a tag are visited in one community (defaults in DEFAULT_VISIT_DAYS)."""

    community = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    tag = models.CharField(_("care tag"), max_length=20)
    days = models.PositiveSmallIntegerField(_("visit every (days)"))

    class Meta:
        verbose_name = _("visit frequency")
        verbose_name_plural = _("visit frequencies")
        constraints = [models.UniqueConstraint(fields=["community", "tag"], name="registry_visitfreq_unique")]

    def __str__(self) -> str:
        return f"{self.tag}: {self.days}"


DEFAULT_VISIT_DAYS: dict[str, int] = {
    CareTagKind.ALONE: 7,
    CareTagKind.EMPTY_NEST: 14,
    AGED_80: 14,
    CareTagKind.DISABILITY: 30,
    CareTagKind.DIBAO: 30,
    CareTagKind.EXTREME_POVERTY: 14,
    CareTagKind.UNEMPLOYED: 30,
    CareTagKind.VETERANS: 30,
    CareTagKind.CORRECTION: 7,
}


class Visit(models.Model):
    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    resident = models.ForeignKey(
        Resident, verbose_name=_("whom"), on_delete=models.PROTECT, related_name="visits"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    visited_at = models.DateTimeField(_("when"))
    findings = models.TextField(_("findings"))
    follow_up = models.TextField(_("follow-up"), blank=True)

    class Meta:
        ordering = ["-visited_at"]
        verbose_name = _("home visit")
        verbose_name_plural = _("home visits")
        indexes = [models.Index(fields=["resident", "visited_at"])]

    def __str__(self) -> str:
        return f"{self.visited_at:%Y-%m-%d}"


# ---------------------------------------------------------------------------------------------
# Imports run as background jobs; the page polls this row for progress.


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    CHECKING = "checking", _("checking")
    WRITING = "writing", _("writing")
    CHECKED = "checked", _("checked (preview)")
    DONE = "done", _("imported")
    FAILED = "failed", _("not imported")


class ImportJob(models.Model):
    code = models.CharField(max_length=20, unique=True)
    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    path = models.CharField(max_length=500)
    file_name = models.CharField(max_length=200)
    dry_run = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    processed = models.PositiveIntegerField(default=0)
    households = models.PositiveIntegerField(default=0)
    residents = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list)  # [[line, message], ...]
    error_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    # Moved forward on every step the job takes: a job that stops moving was killed (sweeps).
    heartbeat_at = models.DateTimeField(default=timezone.now)
    stopped = models.BooleanField(default=False)  # failed because it stopped moving, not on its data
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.code

    @property
    def running(self) -> bool:
        return self.status in (ImportStatus.QUEUED, ImportStatus.CHECKING, ImportStatus.WRITING)

    @property
    def can_start_again(self) -> bool:
        """A job that stopped without finishing, whose upload is still kept."""
        return self.status == ImportStatus.FAILED and self.stopped and Path(self.path).is_file()

    @property
    def errors_not_listed(self) -> int:
        """Bad lines counted but not listed (only the first LINLI_IMPORT_MAX_ERRORS are kept)."""
        return max(0, self.error_count - len(self.errors))
