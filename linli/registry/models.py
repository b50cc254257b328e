"""The residents' registry (居民登记报告, plan 3.3.(三)): buildings, dwellings, households, residents.

Every row carries its community (`community`, an Area of level community) so that scoping is the
one `accounts.policy` filter on `community__path`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from linli.common.crypto import BlindIndexField, EncryptedTextField


def _upper(value: str) -> str:
    return value.strip().upper()


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


class ResidenceKind(models.TextChoices):
    REGISTERED = "registered", _("registered here (户籍)")
    RESIDENT = "resident", _("living here, registered elsewhere (常住)")
    FLOATING = "floating", _("floating population (流动)")


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
    kind = models.CharField(_("kind"), max_length=16, choices=ResidenceKind.choices)
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
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("household")
        verbose_name_plural = _("households")
        indexes = [models.Index(fields=["community", "is_active", "kind"])]

    def __str__(self) -> str:
        return self.code


class Relation(models.TextChoices):
    HEAD = "head", _("head of household")
    SPOUSE = "spouse", _("spouse")
    CHILD = "child", _("child")
    PARENT = "parent", _("parent")
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
    kind = models.CharField(_("kind"), max_length=16, choices=ResidenceKind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=ResidentStatus.choices, default=ResidentStatus.ACTIVE
    )
    name = models.CharField(_("name"), max_length=50, db_index=True)
    id_number = EncryptedTextField(_("ID number"))
    id_index = BlindIndexField(source="id_number", kind="id_number", normalize=_upper)
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
            models.Index(fields=["community", "status", "kind"]),
            models.Index(fields=["community", "name"]),
        ]

    def __str__(self) -> str:
        return self.name
