"""Community services and the 96156 platform (plan 3.6, 3.7.(三), 3.5.(二)4).

A catalogue of service types, the providers who deliver them (vetted, licensed, graded), orders
from residents, the hotline or a service station (代办), dispatched to one provider or broadcast
to the eligible ones, and the elderly-care entitlements that pay for some of them: a ledger of
grants and redemptions, and meal bookings at meal points (助餐点).

An order belongs to one community (`community`), which is what scoping filters on; a provider
belongs to the street or community that registered it (`area`) and sees only the orders sent to
it, through its members (`ProviderMember`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from linli.common.crypto import EncryptedTextField


class Category(models.TextChoices):
    DOMESTIC = "domestic", _("domestic help")
    ELDERLY_CARE = "elderly_care", _("elderly care")
    MEALS = "meals", _("meals")
    REPAIRS = "repairs", _("repairs")
    HEALTH = "health", _("health")
    LEGAL_AID = "legal_aid", _("legal aid")
    EMPLOYMENT = "employment", _("employment services")
    CHILD_CARE = "child_care", _("child care")
    DELIVERY = "delivery", _("delivery to the door")
    LAUNDRY = "laundry", _("laundry")
    GROCERIES = "groceries", _("vegetables and groceries")
    CONVENIENCE = "convenience", _("convenience store")
    COMPANIONSHIP = "companionship", _("emotional support")


class Channel(models.TextChoices):
    PORTAL = "portal", _("resident portal")
    HOTLINE = "hotline", _("96156 hotline")
    STATION = "station", _("service station, on a resident's behalf")


class ServiceType(models.Model):
    """One entry of the catalogue, edited by city admins."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    category = models.CharField(_("service category"), max_length=16, choices=Category.choices)
    name = models.CharField(_("service name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    price_fen = models.PositiveIntegerField(_("price (fen)"), default=0)
    subsidy_fen = models.PositiveIntegerField(_("subsidy (fen)"), default=0)
    # Time limits on the working calendar tickets use.
    accept_minutes = models.PositiveSmallIntegerField(_("acceptance limit (minutes)"), default=30)
    response_hours = models.PositiveSmallIntegerField(_("response limit (working hours)"), default=4)
    completion_days = models.PositiveSmallIntegerField(_("completion limit (working days)"), default=2)
    # Eligibility: empty means anyone.
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    care_tags = models.CharField(_("care tags (any of, comma separated)"), max_length=200, blank=True)
    household_kinds = models.CharField(_("household kinds (comma separated)"), max_length=100, blank=True)
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("only in area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    channels = models.CharField(
        _("channels (comma separated)"), max_length=60, default="portal,hotline,station"
    )
    entitlement_kind = models.CharField(_("paid from entitlement"), max_length=16, blank=True)
    # Time bank (volunteers): an order may be paid with this many minutes of hours; 0 = it may not.
    hours_minutes = models.PositiveIntegerField(_("payable with time-bank minutes"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("service type")
        verbose_name_plural = _("service types")

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        """The name in the current language (catalogue entries are data, not in the catalog)."""
        return self.name_en if (get_language() or "").startswith("en") and self.name_en else self.name

    def channel_list(self) -> list[str]:
        return [c for c in self.channels.split(",") if c]

    def tag_list(self) -> list[str]:
        return [t for t in self.care_tags.split(",") if t]

    def kind_list(self) -> list[str]:
        return [k for k in self.household_kinds.split(",") if k]


class ProviderKind(models.TextChoices):
    SERVICE_CENTER = "service_center", _("community service centre or station")
    CONVENIENCE = "convenience", _("convenience outlet (便民网点)")
    DOMESTIC = "domestic", _("domestic-service company")
    CARE_POST = "care_post", _("elderly-care post (驿站)")
    MEAL_POINT = "meal_point", _("meal point (助餐点)")
    SOCIAL_ORG = "social_org", _("social organization")
    INDIVIDUAL = "individual", _("individual worker")


class Grade(models.TextChoices):
    A5 = "5", _("5 stars")
    A4 = "4", _("4 stars")
    A3 = "3", _("3 stars")
    A2 = "2", _("2 stars")
    A1 = "1", _("1 star")
    NONE = "", _("not graded")


class Provider(models.Model):
    code = models.CharField(_("provider number"), max_length=12, unique=True)
    name = models.CharField(_("provider name"), max_length=100)
    kind = models.CharField(_("kind of provider"), max_length=16, choices=ProviderKind.choices)
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("registered at"), on_delete=models.PROTECT, related_name="+"
    )
    service_areas = models.ManyToManyField("areas.Area", verbose_name=_("service areas"), related_name="+")
    services = models.ManyToManyField(
        ServiceType, verbose_name=_("services offered"), related_name="providers"
    )
    licence_number = models.CharField(_("licence number"), max_length=40, blank=True)
    licence_expires = models.DateField(_("licence expires"), null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=1, choices=Grade.choices, blank=True)
    capacity_per_day = models.PositiveIntegerField(_("capacity per day"), default=20)
    opening_hours = models.CharField(_("opening hours"), max_length=100, blank=True)
    open_on_holidays = models.BooleanField(_("open on holidays"), default=False)
    meal_cutoff = models.TimeField(_("meal booking cut-off"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    long = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    rating_sum = models.PositiveIntegerField(default=0)
    rating_count = models.PositiveIntegerField(_("ratings"), default=0)
    open_orders = models.PositiveIntegerField(default=0)  # accepted and not yet done: load for dispatch
    created_at = models.DateTimeField(_("registered"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("service provider")
        verbose_name_plural = _("service providers")

    def __str__(self) -> str:
        return self.name

    @property
    def rating(self) -> float | None:
        return round(self.rating_sum / self.rating_count, 1) if self.rating_count else None


class Certificate(models.Model):
    """A worker's certificate (持证上岗) or the provider's own permit, with its expiry."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="certificates")
    holder = models.CharField(_("holder"), max_length=50)
    title = models.CharField(_("certificate"), max_length=60)
    number = models.CharField(_("certificate number"), max_length=40)
    expires_on = models.DateField(_("expires"))

    class Meta:
        ordering = ["expires_on"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return self.title


class ProviderMember(models.Model):
    """A user who acts for a provider: sees and answers the orders sent to it."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provider_memberships"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["provider", "user"], name="services_member_unique")]

    def __str__(self) -> str:
        return f"{self.provider_id}:{self.user_id}"


class Status(models.TextChoices):
    CREATED = "created", _("waiting for dispatch")
    DISPATCHED = "dispatched", _("sent to providers")
    ACCEPTED = "accepted", _("order taken")
    ON_THE_WAY = "on_the_way", _("on the way")
    DONE = "done", _("done, awaiting rating")
    EVALUATED = "evaluated", _("rated")
    CANCELLED = "cancelled", _("cancelled")


OPEN_STATUSES = (Status.CREATED, Status.DISPATCHED, Status.ACCEPTED, Status.ON_THE_WAY)


class Mode(models.TextChoices):
    DIRECT = "direct", _("direct assignment")
    BROADCAST = "broadcast", _("broadcast, first to accept")


class Order(models.Model):
    code = models.CharField(_("order number"), max_length=12, unique=True)
    service = models.ForeignKey(
        ServiceType, verbose_name=_("service"), on_delete=models.PROTECT, related_name="+"
    )
    community = models.ForeignKey(
        "areas.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, default=Channel.PORTAL)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.CREATED)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resident = models.ForeignKey(
        "registry.Resident",
        verbose_name=_("for resident"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.TextField(_("what is needed"), max_length=1000)
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_phone = EncryptedTextField(_("contact number"), blank=True)
    wanted_on = models.DateField(_("wanted on"), null=True, blank=True)
    mode = models.CharField(_("dispatch"), max_length=16, choices=Mode.choices, blank=True)
    provider = models.ForeignKey(
        Provider,
        verbose_name=_("provider"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
    )
    price_fen = models.PositiveIntegerField(_("price (fen)"), default=0)
    subsidy_fen = models.PositiveIntegerField(_("subsidy (fen)"), default=0)
    created_at = models.DateTimeField(_("ordered"))
    dispatched_at = models.DateTimeField(_("dispatched"), null=True, blank=True)
    accept_by = models.DateTimeField(_("to be accepted by"), null=True, blank=True)
    respond_by = models.DateTimeField(_("response due"))
    complete_by = models.DateTimeField(_("completion due"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    eta = models.DateTimeField(_("expected arrival"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    escalated = models.BooleanField(_("escalated to the station"), default=False)
    rating = models.PositiveSmallIntegerField(_("rating (1-5)"), null=True, blank=True)
    paid_minutes = models.PositiveIntegerField(_("paid in time-bank minutes"), default=0)
    hours_transfer = models.CharField(_("time-bank entry"), max_length=12, blank=True)
    rating_note = models.CharField(_("comment"), max_length=300, blank=True)
    ticket = models.ForeignKey(
        "tickets.Ticket",
        verbose_name=_("linked ticket"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_orders",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("service order")
        verbose_name_plural = _("service orders")
        indexes = [
            models.Index(fields=["community", "-created_at"], name="services_order_comm"),
            models.Index(fields=["provider", "status"], name="services_order_provider"),
            models.Index(
                fields=["accept_by"], name="services_order_accept_by", condition=Q(status="dispatched")
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="services_rating_range",
            )
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class OfferState(models.TextChoices):
    OPEN = "open", _("offered")
    ACCEPTED = "accepted", _("won the order")
    DECLINED = "declined", _("declined")
    LOST = "lost", _("taken by another")
    EXPIRED = "expired", _("expired")


class Offer(models.Model):
    """An order sent to one provider: one row for a direct assignment, several for a broadcast."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="offers")
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="offers")
    state = models.CharField(max_length=10, choices=OfferState.choices, default=OfferState.OPEN)
    at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["order", "provider"], name="services_offer_unique")]
        indexes = [models.Index(fields=["provider", "state"], name="services_offer_provider")]

    def __str__(self) -> str:
        return f"{self.order_id}:{self.provider_id}"


class EventKind(models.TextChoices):
    CREATED = "created", _("order placed")
    DISPATCHED = "dispatched", _("sent to providers")
    ACCEPTED = "accepted", _("accepted by the provider")
    DECLINED = "declined", _("declined by a provider")
    ON_THE_WAY = "on_the_way", _("provider on the way")
    DONE = "done", _("service done")
    EVALUATED = "evaluated", _("rated by the resident")
    CANCELLED = "cancelled", _("cancelled")
    ESCALATED = "escalated", _("not accepted in time: back to the station")
    TICKETED = "ticketed", _("turned into a ticket")
    REDEEMED = "redeemed", _("paid from an entitlement")
    PAID_HOURS = "paid_hours", _("paid with time-bank hours")


class OrderEvent(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=EventKind.choices)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    # ---------------------------------------------------------------- entitlements and meals

    def __str__(self) -> str:
        return f"{self.order_id} {self.kind}"


class EntitlementKind(models.TextChoices):
    MEALS = "meals", _("meal subsidy (meals a month)")
    CARE_HOURS = "care_hours", _("home-care hours a month")


class Entitlement(models.Model):
    """What one resident may draw on in one month; `used` only grows, never past `granted`."""

    code = models.CharField(_("entitlement number"), max_length=12, unique=True)
    resident = models.ForeignKey(
        "registry.Resident", verbose_name=_("resident"), on_delete=models.PROTECT, related_name="+"
    )
    community = models.ForeignKey(
        "areas.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("entitlement"), max_length=16, choices=EntitlementKind.choices)
    month = models.DateField(_("month"))  # the first day
    granted = models.PositiveIntegerField(_("granted units"))
    used = models.PositiveIntegerField(_("used units"), default=0)
    unit_fen = models.PositiveIntegerField(_("value of one unit (fen)"), default=0)
    by_rule = models.BooleanField(_("granted by rule"), default=False)
    reason = models.CharField(_("reason"), max_length=200)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(_("granted at"))

    class Meta:
        ordering = ["-month", "kind"]
        verbose_name = _("entitlement")
        verbose_name_plural = _("entitlements")
        constraints = [
            models.UniqueConstraint(fields=["resident", "kind", "month"], name="services_entitlement_unique"),
            models.CheckConstraint(
                condition=Q(used__lte=models.F("granted")), name="services_entitlement_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def balance(self) -> int:
        return self.granted - self.used


class Redemption(models.Model):
    """Append-only: one row per service delivered (an order or a meal), never changed."""

    entitlement = models.ForeignKey(Entitlement, on_delete=models.PROTECT, related_name="redemptions")
    units = models.PositiveIntegerField(default=1)
    amount_fen = models.PositiveIntegerField(default=0)
    order = models.OneToOneField(
        Order, null=True, blank=True, on_delete=models.PROTECT, related_name="redemption"
    )
    booking = models.OneToOneField(
        "MealBooking", null=True, blank=True, on_delete=models.PROTECT, related_name="redemption"
    )
    # A home-care visit paid from the resident's care hours (one redemption per visit).
    visit = models.OneToOneField(
        "CareVisit", null=True, blank=True, on_delete=models.PROTECT, related_name="redemption"
    )
    provider = models.ForeignKey(
        Provider, null=True, blank=True, on_delete=models.PROTECT, related_name="redemptions"
    )
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.entitlement_id} -{self.units}"


class Pickup(models.TextChoices):
    PICKUP = "pickup", _("pick up at the meal point")
    DELIVERY = "delivery", _("delivered home")


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("booked")
    SERVED = "served", _("served")
    CANCELLED = "cancelled", _("cancelled")


class MealBooking(models.Model):
    code = models.CharField(_("booking number"), max_length=12, unique=True)
    point = models.ForeignKey(
        Provider, verbose_name=_("meal point"), on_delete=models.PROTECT, related_name="bookings"
    )
    resident = models.ForeignKey(
        "registry.Resident", verbose_name=_("resident"), on_delete=models.PROTECT, related_name="+"
    )
    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("day"))
    pickup = models.CharField(_("how"), max_length=10, choices=Pickup.choices, default=Pickup.PICKUP)
    status = models.CharField(
        _("status"), max_length=10, choices=BookingStatus.choices, default=BookingStatus.BOOKED
    )
    booked_at = models.DateTimeField()
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["day", "pk"]
        indexes = [models.Index(fields=["point", "day"], name="services_booking_day")]
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "day"],
                condition=~Q(status="cancelled"),
                name="services_booking_one_a_day",
            )
        ]

    def __str__(self) -> str:
        return self.code


# ---------------------------------------------------------------- settlements


class SettlementStatus(models.TextChoices):
    DRAFT = "draft", _("awaiting the street's approval")
    APPROVED = "approved", pgettext_lazy("settlement", "approved")


class Settlement(models.Model):
    """A provider's statement for one month: its completed orders and served meals, and the
    government's part (subsidies and entitlements) that the street approves and pays."""

    code = models.CharField(_("statement number"), max_length=12, unique=True)
    provider = models.ForeignKey(
        Provider, verbose_name=_("provider"), on_delete=models.PROTECT, related_name="settlements"
    )
    month = models.DateField(_("month"))  # the first day
    status = models.CharField(
        _("status"), max_length=10, choices=SettlementStatus.choices, default=SettlementStatus.DRAFT
    )
    orders = models.PositiveIntegerField(_("orders completed"), default=0)
    meals = models.PositiveIntegerField(_("meals served"), default=0)
    care_hours = models.PositiveIntegerField(_("home-care hours paid"), default=0)
    amount_fen = models.PositiveBigIntegerField(_("value of the services (fen)"), default=0)
    subsidy_fen = models.PositiveBigIntegerField(_("government part (fen)"), default=0)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    prepared_at = models.DateTimeField(_("prepared"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(pgettext_lazy("settlement", "approved at"), null=True, blank=True)

    class Meta:
        ordering = ["-month", "provider__name"]
        verbose_name = _("settlement statement")
        verbose_name_plural = _("settlement statements")
        constraints = [
            models.UniqueConstraint(fields=["provider", "month"], name="services_settlement_unique")
        ]

    def __str__(self) -> str:
        return self.code


class SettlementLine(models.Model):
    """One community's part of a statement: what its residents received, and the ledger entry
    (finance) its government part was posted as on approval."""

    settlement = models.ForeignKey(Settlement, on_delete=models.CASCADE, related_name="lines")
    community = models.ForeignKey(
        "areas.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    orders = models.PositiveIntegerField(_("orders completed"), default=0)
    meals = models.PositiveIntegerField(_("meals served"), default=0)
    care_hours = models.PositiveIntegerField(_("home-care hours paid"), default=0)
    amount_fen = models.PositiveBigIntegerField(_("value of the services (fen)"), default=0)
    subsidy_fen = models.PositiveBigIntegerField(_("government part (fen)"), default=0)
    ledger_code = models.CharField(_("ledger entry"), max_length=20, blank=True)

    class Meta:
        ordering = ["community__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["settlement", "community"], name="services_settlement_line_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.settlement_id}:{self.community_id}"


# ---------------------------------------------------------------- home care (居家养老)


class CarePlan(models.Model):
    """Visits at home by a care provider to one resident, every so many days; a visit not made
    by its due day is flagged missed (the sweep) until the next visit is recorded."""

    code = models.CharField(_("plan number"), max_length=12, unique=True)
    resident = models.ForeignKey(
        "registry.Resident", verbose_name=_("resident"), on_delete=models.PROTECT, related_name="+"
    )
    community = models.ForeignKey(
        "areas.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    provider = models.ForeignKey(
        Provider, verbose_name=_("care provider"), on_delete=models.PROTECT, related_name="care_plans"
    )
    every_days = models.PositiveSmallIntegerField(pgettext_lazy("home care", "visit every (days)"))
    next_due = models.DateField(_("next visit due"))
    note = models.CharField(_("what the visits are for"), max_length=300)
    is_active = models.BooleanField(_("active"), default=True)
    missed_since = models.DateField(_("visit missed since"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("planned"))

    class Meta:
        ordering = ["next_due", "pk"]
        verbose_name = _("home-care plan")
        verbose_name_plural = _("home-care plans")
        indexes = [
            models.Index(fields=["next_due"], name="services_careplan_due", condition=Q(is_active=True)),
        ]

    def __str__(self) -> str:
        return self.code


class CareVisit(models.Model):
    """One visit made: who, when, what was done, what they found. Append-only."""

    plan = models.ForeignKey(CarePlan, on_delete=models.PROTECT, related_name="visits")
    visited_at = models.DateTimeField(_("when"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("home care", "who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    done = models.CharField(_("what was done"), max_length=500)
    findings = models.CharField(pgettext_lazy("home care", "findings"), max_length=500, blank=True)
    hours = models.PositiveSmallIntegerField(_("hours"), default=1)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-visited_at"]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.visited_at:%Y-%m-%d}"


# ---------------------------------------------------------------- coverage (一刻钟社区服务圈)


class Reach(models.TextChoices):
    COMMUNITY = "community", _("in the community")
    STREET = "street", _("in the street")
    WIDER = "wider", _("only from the district or city")
    GAP = "gap", _("not available")


class Coverage(models.Model):
    """One community and one service type: how many active, licensed providers offer it in the
    community, in its street (the community's included), and only from farther away. Stored by
    `coverage.recompute`, read by the pages; `computed_at` says how fresh it is."""

    community = models.ForeignKey(
        "areas.Area", verbose_name=_("community"), on_delete=models.CASCADE, related_name="+"
    )
    service = models.ForeignKey(ServiceType, on_delete=models.CASCADE, related_name="+")
    in_community = models.PositiveIntegerField(default=0)
    in_street = models.PositiveIntegerField(default=0)
    wider = models.PositiveIntegerField(default=0)
    # Providers offering it within walking distance (settings.LINLI_SERVICES_WALK_METRES) of the
    # community's point, wherever their service areas are; None when the community has no point.
    within_walk = models.PositiveIntegerField(null=True)
    reach = models.CharField(max_length=10, choices=Reach.choices)
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["community", "service"], name="services_coverage_unique")
        ]

    def __str__(self) -> str:
        return f"{self.community_id}:{self.service_id}"


class CoverageArea(models.Model):
    """The roll-up of `Coverage` for one community, street, district or the city: the cells (a
    community and a service type) available in the community, in the street, the gaps, and the
    distinct providers of the three kinds plan 3.7.(三) counts."""

    area = models.OneToOneField("areas.Area", on_delete=models.CASCADE, related_name="+")
    communities = models.PositiveIntegerField(default=0)
    cells = models.PositiveIntegerField(default=0)
    in_community = models.PositiveIntegerField(default=0)
    in_street = models.PositiveIntegerField(default=0)
    gaps = models.PositiveIntegerField(default=0)
    # Of the cells of communities with a point (`located`), those with a provider within walking
    # distance (`walkable`): the 一刻钟 circle measured by distance, not by service area.
    located = models.PositiveIntegerField(default=0)
    walkable = models.PositiveIntegerField(default=0)
    laundries = models.PositiveIntegerField(default=0)
    groceries = models.PositiveIntegerField(default=0)
    convenience = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField()

    def __str__(self) -> str:
        return str(self.area_id)

    def share(self, part: int) -> int:
        return round(100 * part / self.cells) if self.cells else 0

    @property
    def community_share(self) -> int:
        return self.share(self.in_community)

    @property
    def street_share(self) -> int:
        return self.share(self.in_street)

    @property
    def walk_share(self) -> int | None:
        """Share of the located cells with a provider within walking distance; None if no
        community under this area has a point."""
        return round(100 * self.walkable / self.located) if self.located else None


class CommunityPoint(models.Model):
    """Where a community's 15-minute circle is centred (its service station, or the middle of its
    buildings), in WGS-84 degrees. Areas carry no position of their own; a community without one is
    left out of the walking-distance coverage."""

    community = models.OneToOneField(
        "areas.Area", verbose_name=_("community"), on_delete=models.CASCADE, related_name="+"
    )
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))

    def __str__(self) -> str:
        return f"{self.community_id}: {self.lat:.5f},{self.lon:.5f}"
