"""Reads of the registry, always scoped to the viewer (accounts.policy)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Collate
from django.utils import timezone
from django.utils.functional import cached_property

from linli.accounts import policy
from linli.accounts.models import User
from linli.areas.models import Area
from linli.common.crypto import index_of
from linli.common.identifiers import fold_phone
from linli.common.phone import normalize_mobile
from linli.registry.counts import counts_by_community, households_on  # noqa: F401  (the API of other apps)
from linli.registry.models import (
    AGED_80,
    DEFAULT_VISIT_DAYS,
    SENSITIVE_TAGS,
    Assignment,
    Building,
    CareTag,
    CareTagKind,
    ChangeReport,
    Dwelling,
    DwellingUse,
    Household,
    ImportJob,
    ImportStatus,
    LivingPlace,
    RegistryEvent,
    Rental,
    ReportStatus,
    ResidenceKind,
    Resident,
    ResidentStatus,
    TransferDirection,
    TransferRequest,
    TransferStatus,
    Visit,
    VisitFrequency,
)

CAPABILITY = "areas.view"


def residents_for(viewer: User | AnonymousUser) -> QuerySet[Resident]:
    return policy.scope(Resident.objects.all(), viewer, CAPABILITY, field="community")


def households_for(viewer: User | AnonymousUser) -> QuerySet[Household]:
    return policy.scope(Household.objects.all(), viewer, CAPABILITY, field="community")


def resident_for(viewer: User | AnonymousUser, pk: Any) -> Resident:
    return policy.get_or_404(
        Resident.objects.select_related("household", "community"), viewer, CAPABILITY, "community", pk=pk
    )


def revealable_q(viewer: User | AnonymousUser) -> Q:
    """Residents whose ID number and phone the viewer may reveal (the `pii.reveal` right).

    A lookup by a full ID or mobile number answers only inside it: elsewhere it would confirm
    guesses at the digits a masked value hides (see docs/architecture.md, personal data).
    """
    return policy.area_q(viewer, "pii.reveal", "community")


def shows_full_birth_date(viewer: User | AnonymousUser | None, resident: Resident) -> bool:
    """The full birth date is the 8 digits a masked ID hides: only with the reveal right."""
    return policy.can(viewer, "pii.reveal", resident.community)


def residents_by_phone(viewer: User | AnonymousUser, phone: str) -> QuerySet[Resident]:
    """Active residents in the viewer's reach with this mobile number (hotline caller lookup)."""
    index = index_of(Resident, "phone_index", normalize_mobile(phone))
    return residents_for(viewer).filter(revealable_q(viewer), phone_index=index, status=ResidentStatus.ACTIVE)


def residents_of_user(user: User | None) -> QuerySet[Resident]:
    """The active registry records linked to a resident's own account."""
    return Resident.objects.filter(user=user, status=ResidentStatus.ACTIVE).select_related("household")


# ---------------------------------------------------------------------------------------------
# Buildings and dwellings


def buildings_for(viewer: User | AnonymousUser) -> QuerySet[Building]:
    return policy.scope(
        Building.objects.select_related("community", "grid"), viewer, CAPABILITY, field="community"
    )


def building_for(viewer: User | AnonymousUser, pk: Any) -> Building:
    return policy.get_or_404(
        Building.objects.select_related("community"), viewer, CAPABILITY, "community", pk=pk
    )


def dwellings_for(viewer: User | AnonymousUser) -> QuerySet[Dwelling]:
    return policy.scope(Dwelling.objects.select_related("building"), viewer, CAPABILITY, field="community")


def dwelling_for(viewer: User | AnonymousUser, pk: Any) -> Dwelling:
    return policy.get_or_404(
        Dwelling.objects.select_related("building", "community"), viewer, CAPABILITY, "community", pk=pk
    )


def household_for(viewer: User | AnonymousUser, pk: Any) -> Household:
    """A household a worker may see, or the viewer's own household (residents)."""
    qs = Household.objects.select_related("community", "dwelling__building", "head")
    own = bool(pk) and isinstance(viewer, User) and residents_of_user(viewer).filter(household_id=pk).exists()
    if own:
        return qs.get(pk=pk)
    return policy.get_or_404(qs, viewer, CAPABILITY, "community", pk=pk)


def communities_managed_by(viewer: User | AnonymousUser) -> QuerySet[Area]:
    from linli.areas.levels import Level

    return policy.scope(
        Area.objects.filter(level=Level.COMMUNITY), viewer, "registry.manage", field=""
    ).order_by("code")


# ---------------------------------------------------------------------------------------------
# Care tags: sensitive ones exist only for holders of a grant


def visible_tags_q(viewer: User | AnonymousUser) -> Q:
    """CareTag rows the viewer may know about."""
    q = ~Q(tag__in=SENSITIVE_TAGS)
    for tag in SENSITIVE_TAGS:
        q |= Q(tag=tag) & policy.sensitive_q(viewer, tag, field="community")
    return q


def tag_choices_for(viewer: User | AnonymousUser, *, derived: bool = True) -> list[tuple[str, str]]:
    """Tags the viewer may filter or set: sensitive ones only where they hold a grant somewhere."""
    out = []
    for value, label in CareTagKind.choices:
        if value in SENSITIVE_TAGS and not policy.sensitive_roots(viewer, value):
            continue
        out.append((value, str(label)))
    if derived:
        from django.utils.translation import gettext

        out.append((AGED_80, gettext("aged 80 and over")))
    return out


def with_visible_tags(qs: QuerySet[Resident], viewer: User | AnonymousUser) -> QuerySet[Resident]:
    return qs.prefetch_related(
        Prefetch("care_tags", queryset=CareTag.objects.filter(visible_tags_q(viewer)), to_attr="visible_tags")
    )


def born_on_or_before_for_80(today: dt.date) -> dt.date:
    try:
        return today.replace(year=today.year - 80)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 80, day=28)


def _eightieth_birthday(birth: dt.date) -> dt.date:
    try:
        return birth.replace(year=birth.year + 80)
    except ValueError:  # born on 29 February
        return birth.replace(year=birth.year + 80, day=28)


def tags_of(resident: Resident, today: dt.date) -> list[str]:
    """Tag codes shown for a resident already loaded through `with_visible_tags`."""
    codes = [t.tag for t in getattr(resident, "visible_tags", [])]
    if resident.birth_date <= born_on_or_before_for_80(today):
        codes.append(AGED_80)
    return codes


# ---------------------------------------------------------------------------------------------
# Search


@dataclass
class Search:
    q: str = ""
    building: int | None = None
    dwelling: int | None = None
    dwelling_number: str = ""  # with or without a building: "2-301"
    tag: str = ""
    kind: str = ""
    status: str = ResidentStatus.ACTIVE


def residents_search(
    viewer: User | AnonymousUser, search: Search, *, today: dt.date | None = None
) -> QuerySet[Resident]:
    """Residents in the viewer's reach: `q` is an exact ID number, a mobile number or a name prefix."""
    today = today or timezone.localdate()
    # Prefetched, not joined: the page query then sorts and limits residents alone.
    qs = residents_for(viewer).prefetch_related("household__dwelling__building", "community")
    if connection.vendor == "postgresql":
        qs = qs.alias(name_c=Collate("name", "C"))
    if search.status:
        qs = qs.filter(status=search.status)
    text = search.q.strip()
    if text:
        from linli.common.idnumber import parse_id_number

        try:
            parsed = parse_id_number(text)
        except ValidationError:
            parsed = None
        if parsed is not None:
            qs = qs.filter(revealable_q(viewer), id_index=index_of(Resident, "id_index", parsed.value))
        elif fold_phone(text).lstrip("+").isdigit():
            try:
                index = index_of(Resident, "phone_index", normalize_mobile(text))
            except ValidationError:
                qs = qs.none()
            else:
                qs = qs.filter(revealable_q(viewer), phone_index=index)
        else:
            qs = qs.filter(**{f"{_name_key()}__startswith": text})
    if search.building:
        qs = qs.filter(household__dwelling__building_id=search.building)
    if search.dwelling:
        qs = qs.filter(household__dwelling_id=search.dwelling)
    if search.dwelling_number.strip():
        qs = qs.filter(household__dwelling__number=search.dwelling_number.strip())
    if search.kind:
        qs = qs.filter(kind=search.kind)
    if search.tag == AGED_80:
        qs = qs.filter(birth_date__lte=born_on_or_before_for_80(today))
    elif search.tag:
        tags = CareTag.objects.filter(visible_tags_q(viewer), resident=OuterRef("pk"), tag=search.tag)
        qs = qs.filter(Exists(tags))
    return with_visible_tags(qs.order_by(_name_key(), "id"), viewer)


def _name_key() -> str:
    """The name as searched and sorted: byte order ("C") on PostgreSQL, where an index serves it."""
    return "name_c" if connection.vendor == "postgresql" else "name"


class CappedPaginator(Paginator):
    """Counts at most CAP matches: a bare surname can match tens of thousands of people, and
    nobody pages through them; the page says "more than CAP" and asks for more of the name."""

    CAP = 1000
    capped = False

    @cached_property
    def count(self) -> int:
        n = self.object_list.order_by()[: self.CAP + 1].count()  # type: ignore[attr-defined]
        self.capped = n > self.CAP
        return min(n, self.CAP)


def residents_page(viewer: User | AnonymousUser, found: QuerySet[Resident], number: Any, size: int) -> Page:
    """One page of a search: ids first (from the name index alone), then just those rows in full."""
    page = CappedPaginator(found.values_list("pk", flat=True), size).get_page(number)
    ids = list(page.object_list)
    rows = {
        r.pk: r
        for r in with_visible_tags(Resident.objects.filter(pk__in=ids), viewer).prefetch_related(
            "household__dwelling__building", "community"
        )
    }
    page.object_list = [rows[i] for i in ids]
    return page


# ---------------------------------------------------------------------------------------------
# History, transfers, reports


def resident_history(resident: Resident) -> QuerySet[RegistryEvent]:
    """Events of this record and of the person's earlier records elsewhere that the caller may see."""
    return RegistryEvent.objects.filter(resident=resident).select_related("actor", "community")


def person_records(viewer: User | AnonymousUser, resident: Resident) -> QuerySet[Resident]:
    """The same person's other records (earlier communities) in the viewer's reach."""
    return (
        residents_for(viewer)
        .filter(id_index=resident.id_index)
        .exclude(pk=resident.pk)
        .select_related("community")
    )


def household_history(household: Household) -> QuerySet[RegistryEvent]:
    return RegistryEvent.objects.filter(household=household).select_related("actor", "resident")


def transfers_for(viewer: User | AnonymousUser) -> QuerySet[TransferRequest]:
    """Transfers from or to a community in the viewer's reach."""
    q = policy.area_q(viewer, CAPABILITY, "from_community") | policy.area_q(
        viewer, CAPABILITY, "to_community"
    )
    return TransferRequest.objects.filter(q).select_related("resident", "from_community", "to_community")


def transfer_for(viewer: User | AnonymousUser, pk: Any) -> TransferRequest:
    from django.http import Http404

    try:
        return transfers_for(viewer).get(pk=pk)
    except (TransferRequest.DoesNotExist, ValueError):
        raise Http404 from None


def transfers_to_decide(viewer: User | AnonymousUser) -> QuerySet[TransferRequest]:
    out = Q(direction=TransferDirection.OUT) & policy.area_q(viewer, "registry.manage", "to_community")
    inn = Q(direction=TransferDirection.IN) & policy.area_q(viewer, "registry.manage", "from_community")
    return transfers_for(viewer).filter(out | inn, status=TransferStatus.PENDING)


def reports_for(viewer: User | AnonymousUser) -> QuerySet[ChangeReport]:
    return policy.scope(
        ChangeReport.objects.select_related("household", "subject", "reported_by"),
        viewer,
        CAPABILITY,
        "community",
    )


def report_for(viewer: User | AnonymousUser, pk: Any) -> ChangeReport:
    return policy.get_or_404(
        ChangeReport.objects.select_related("household", "subject"), viewer, CAPABILITY, "community", pk=pk
    )


def reports_of_user(user: User) -> QuerySet[ChangeReport]:
    return ChangeReport.objects.filter(reported_by=user).select_related("subject")


def household_of_user(user: User | None) -> Household | None:
    me = residents_of_user(user).first()
    return me.household if me else None


# ---------------------------------------------------------------------------------------------
# Rentals and floating population


def rentals_for(viewer: User | AnonymousUser) -> QuerySet[Rental]:
    return policy.scope(
        Rental.objects.select_related("dwelling__building", "household"), viewer, CAPABILITY, "community"
    )


def rental_for(viewer: User | AnonymousUser, pk: Any) -> Rental:
    return policy.get_or_404(
        Rental.objects.select_related("dwelling__building"), viewer, CAPABILITY, "community", pk=pk
    )


def registrations_expiring(
    viewer: User | AnonymousUser, *, today: dt.date | None = None, days: int = 30
) -> QuerySet[Resident]:
    """Floating residents whose residence registration ends within `days` (or already ended)."""
    today = today or timezone.localdate()
    return (
        residents_for(viewer)
        .filter(
            status=ResidentStatus.ACTIVE,
            kind=ResidenceKind.FLOATING,
            residence_until__lte=today + dt.timedelta(days=days),
        )
        .select_related("household__dwelling__building")
        .order_by("residence_until", "name")
    )


def rented_dwellings_unregistered(
    viewer: User | AnonymousUser, *, today: dt.date | None = None
) -> QuerySet[Dwelling]:
    """Dwellings used as rentals with no lease registered that runs today."""
    today = today or timezone.localdate()
    current = Rental.objects.filter(dwelling=OuterRef("pk"), end__gte=today)
    return (
        dwellings_for(viewer)
        .filter(use=DwellingUse.RENTED)
        .filter(~Exists(current))
        .order_by("building__name", "number")
    )


# ---------------------------------------------------------------------------------------------
# Visits


def visit_days(community: Area) -> dict[str, int]:
    days = dict(DEFAULT_VISIT_DAYS)
    for f in VisitFrequency.objects.filter(community=community):
        days[f.tag] = f.days
    return days


@dataclass
class DueVisit:
    resident: Resident
    tags: list[str]
    every_days: int
    last_visit: dt.datetime | None
    due: dt.date
    today: dt.date  # the day the list was made for (`visits_due`'s `today`)

    @property
    def overdue(self) -> bool:
        return self.due < self.today


def visits_due(
    viewer: User,
    *,
    today: dt.date | None = None,
    window_days: int = 7,
    mine_only: bool = True,
) -> list[DueVisit]:
    """Tagged residents of the viewer's buildings whose next visit falls within `window_days` or earlier.

    Only tags the viewer may see count, so a due date never hints at a sensitive tag.
    """
    today = today or timezone.localdate()
    # Only where the viewer may reveal: a never-visited 80-year-old falls due a fixed number of
    # days after their 80th birthday, so the due date would give their birth date away.
    # Where people actually live (issue 21): someone registered here but living elsewhere is not
    # visited at this address; the re-check list (`worklists.away_to_recheck`) covers them.
    qs = residents_for(viewer).filter(
        revealable_q(viewer), status=ResidentStatus.ACTIVE, lives_where=LivingPlace.HERE
    )
    if mine_only:
        buildings = Assignment.objects.filter(worker=viewer).values("building_id")
        qs = qs.filter(household__dwelling__building_id__in=buildings)
    tagged = Exists(CareTag.objects.filter(visible_tags_q(viewer), resident=OuterRef("pk")))
    qs = qs.filter(tagged | Q(birth_date__lte=born_on_or_before_for_80(today)))
    qs = with_visible_tags(
        qs.select_related("household__dwelling__building", "community").annotate(
            last=Max("visits__visited_at")
        ),
        viewer,
    )
    freq_cache: dict[int, dict[str, int]] = {}
    out = []
    horizon = today + dt.timedelta(days=window_days)
    for r in qs:
        tags = tags_of(r, today)
        if not tags:
            continue
        days = freq_cache.setdefault(r.community_id, visit_days(r.community))
        every = min(days.get(t, 30) for t in tags)
        last = r.last  # type: ignore[attr-defined]
        if last:
            due = timezone.localdate(last) + dt.timedelta(days=every)
        else:  # never visited: the first visit falls due `every` days after joining the care group
            joined = [timezone.localdate(t.created_at) for t in getattr(r, "visible_tags", [])]
            if AGED_80 in tags:
                # The group of the over-80s is joined on the 80th birthday, or on registering
                # here if later: someone aged 86 who registers today is due in two weeks, not
                # overdue since their birthday six years ago.
                joined.append(max(_eightieth_birthday(r.birth_date), timezone.localdate(r.registered_at)))
            due = min(joined) + dt.timedelta(days=every)
        if due <= horizon:
            out.append(DueVisit(r, tags, every, last, due, today))
    out.sort(key=lambda d: (d.due, d.resident.name))
    return out


def visits_of(resident: Resident) -> QuerySet[Visit]:
    return Visit.objects.filter(resident=resident).select_related("worker")


def assignments_of(building: Building) -> QuerySet[Assignment]:
    return Assignment.objects.filter(building=building).select_related("worker")


def import_job_for(viewer: User | AnonymousUser, code: str) -> ImportJob:
    return policy.get_or_404(ImportJob.objects.all(), viewer, "registry.manage", "community", code=code)


def import_jobs_running(viewer: User | AnonymousUser) -> QuerySet[ImportJob]:
    """The imports of the viewer's communities still queued, checking or writing (newest first)."""
    running = [ImportStatus.QUEUED, ImportStatus.CHECKING, ImportStatus.WRITING]
    return policy.scope(ImportJob.objects.all(), viewer, "registry.manage", "community").filter(
        status__in=running
    )


def pending_counts(viewer: User | AnonymousUser) -> dict[str, int]:
    return {
        "transfers": transfers_to_decide(viewer).count(),
        "reports": reports_for(viewer).filter(status=ReportStatus.PENDING).count(),
    }
