"""Every write to employment services: permitted, validated, saved and audited in one transaction.

Seekers come from the registry (the unemployed care tag or employment status), register
themselves, or are registered by a worker; skills are stored once on the seeker and as rows of
`SeekerSkill` so that matching is an indexed join. A placement goes through a referral of a
registered seeker; someone not registered as a seeker is refused with a message saying so.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.accounts.models import User
from linli.areas.models import Area
from linli.audit.chain import record
from linli.common.errors import DomainError, NotFound
from linli.publicservices.common import (
    add_months,
    fen,
    field_error,
    keywords,
    new_code,
    require_step,
    text,
    today,
    transition,
)
from linli.publicservices.models.employment import (
    Availability,
    Course,
    Employer,
    Enrolment,
    Placement,
    PlacementStatus,
    Posting,
    PostingKind,
    PostingStatus,
    Seeker,
    SeekerSkill,
    SeekerStatus,
    Source,
    StartUp,
)
from linli.publicservices.permissions import acts_for_employer, require_employment
from linli.registry.models import CareTag, Employment, Resident, ResidentStatus

MANAGE = "employment.manage"


def _require_seeker_write(actor: User | None, resident: Resident, source: str) -> None:
    if actor is None:
        return
    if source == Source.SELF:
        if resident.user_id != actor.pk or not policy.can(actor, "employment.seek", resident.community):
            raise NotFound()
        return
    require_employment(actor, resident.community)


def _skills(seeker: Seeker, words: list[str]) -> None:
    """The seeker's match keys: one row per skill with what matching filters on."""
    SeekerSkill.objects.filter(seeker=seeker).delete()
    SeekerSkill.objects.bulk_create(
        [
            SeekerSkill(
                seeker=seeker,
                skill=w,
                community_id=seeker.community_id,
                availability=seeker.availability,
                seeking=seeker.status == SeekerStatus.SEEKING,
            )
            for w in words
        ]
    )


def seeker_register(
    *,
    actor: User | None,
    resident: Resident,
    source: str,
    skills: str = "",
    training_wanted: str = "",
    availability: str = Availability.FULL_TIME,
    now: dt.datetime | None = None,
) -> Seeker:
    """Register a resident as a job seeker (by a worker, by themselves, or from the registry)."""
    now = now or timezone.now()
    with transaction.atomic():
        _require_seeker_write(actor, resident, source)
        if source not in Source.values:
            raise field_error("source_invalid", "source", _("Choose how the seeker was registered."))
        if availability not in Availability.values:
            raise field_error("availability_invalid", "availability", _("Choose when they can work."))
        if resident.status != ResidentStatus.ACTIVE:
            raise field_error(
                "not_active", "resident", _("Only people living in the community can register.")
            )
        words = keywords(skills, "skills")
        wanted = keywords(training_wanted, "training_wanted")
        if Seeker.objects.filter(resident=resident, status=SeekerStatus.SEEKING).exists():
            raise field_error(
                "already_seeking", "resident", _("This person is already registered as a job seeker.")
            )
        try:
            with transaction.atomic():
                seeker = Seeker.objects.create(
                    code=new_code("JS"),
                    community=resident.community,
                    resident=resident,
                    source=source,
                    skills=",".join(words),
                    training_wanted=",".join(wanted),
                    availability=availability,
                    registered_at=now,
                )
        except IntegrityError:
            raise field_error(
                "already_seeking", "resident", _("This person is already registered as a job seeker.")
            ) from None
        _skills(seeker, words)
        record(
            actor=actor, action="publicservices.seeker.registered", obj=seeker, area=seeker.community, now=now
        )
    return seeker


def seekers_from_registry(*, actor: User | None, community: Area, now: dt.datetime | None = None) -> int:
    """Register every resident of the community the registry marks unemployed (care tag or
    employment status) who is not yet seeking; returns how many were added."""
    now = now or timezone.now()
    with transaction.atomic():
        require_employment(actor, community)
        tagged = CareTag.objects.filter(community=community, tag="unemployed").values("resident_id")
        residents = (
            Resident.objects.filter(community=community, status=ResidentStatus.ACTIVE)
            .filter(Q(pk__in=tagged) | Q(employment=Employment.UNEMPLOYED))
            .exclude(pk__in=Seeker.objects.filter(status=SeekerStatus.SEEKING).values("resident_id"))
        )
        added = 0
        for resident in residents:
            Seeker.objects.create(
                code=new_code("JS"),
                community=community,
                resident=resident,
                source=Source.REGISTRY,
                availability=Availability.FULL_TIME,
                registered_at=now,
            )
            added += 1
        record(
            actor=actor,
            action="publicservices.seekers.imported_from_registry",
            area=community,
            details={"count": added},
            now=now,
        )
    return added


def seeker_update(
    *,
    actor: User | None,
    seeker: Seeker,
    skills: str,
    training_wanted: str,
    availability: str,
    now: dt.datetime | None = None,
) -> Seeker:
    now = now or timezone.now()
    with transaction.atomic():
        source = Source.SELF if actor is not None and seeker.resident.user_id == actor.pk else Source.WORKER
        _require_seeker_write(actor, seeker.resident, source)
        if availability not in Availability.values:
            raise field_error("availability_invalid", "availability", _("Choose when they can work."))
        words = keywords(skills, "skills")
        seeker.skills = ",".join(words)
        seeker.training_wanted = ",".join(keywords(training_wanted, "training_wanted"))
        seeker.availability = availability
        seeker.save(update_fields=["skills", "training_wanted", "availability"])
        _skills(seeker, words)
        record(
            actor=actor, action="publicservices.seeker.changed", obj=seeker, area=seeker.community, now=now
        )
    return seeker


def posting_create(
    *,
    actor: User | None,
    area: Area,
    employer: str,
    title: str,
    kind: str,
    availability: str,
    skills: str = "",
    openings: int = 1,
    wage_fen: int = 0,
    welfare_line: str = "",
    funding: str = "",
    monthly_subsidy_fen: int = 0,
    unit: Employer | None = None,
    now: dt.datetime | None = None,
) -> Posting:
    """A vacancy from an employer or stationed unit, or a 公益性岗位 with its funding. Staff of a
    registered employer (`unit`) post for it themselves: at its area, under its name, never a
    公益性岗位 (those are the government's)."""
    now = now or timezone.now()
    with transaction.atomic():
        if unit is not None and actor is not None and acts_for_employer(actor, unit.pk):
            area, employer = unit.area, unit.name
            if kind == PostingKind.PUBLIC_WELFARE:
                raise field_error(
                    "kind_invalid",
                    "kind",
                    _("Public-welfare posts are taken in by the community or the street."),
                )
        else:
            require_employment(actor, area)
        if kind not in PostingKind.values:
            raise field_error("kind_invalid", "kind", _("Choose the kind of post."))
        if availability not in Availability.values:
            raise field_error("availability_invalid", "availability", _("Choose the hours."))
        if not 1 <= openings <= 1000:
            raise field_error("openings_invalid", "openings", _("Enter the number of openings (1 to 1000)."))
        line = text(welfare_line, "welfare_line", _("the line of work"), required=False, limit=40)
        funder = text(
            funding,
            "funding",
            _("who funds the post"),
            required=kind == PostingKind.PUBLIC_WELFARE,
            limit=100,
        )
        posting = Posting.objects.create(
            code=new_code("JP"),
            area=area,
            employer=text(employer, "employer", _("the employer"), required=True, limit=100),
            unit=unit,
            title=text(title, "title", _("the job"), required=True, limit=100),
            kind=kind,
            welfare_line=line,
            funding=funder,
            monthly_subsidy_fen=fen(monthly_subsidy_fen, "monthly_subsidy_fen"),
            skills=",".join(keywords(skills, "skills")),
            availability=availability,
            openings=openings,
            wage_fen=fen(wage_fen, "wage_fen"),
            created_at=now,
            created_by=actor,
        )
        record(actor=actor, action="publicservices.posting.created", obj=posting, area=area, now=now)
    return posting


def referral_create(
    *, actor: User | None, seeker: Seeker | None, posting: Posting, now: dt.datetime | None = None
) -> Placement:
    """Refer a registered seeker to an open posting."""
    now = now or timezone.now()
    with transaction.atomic():
        if seeker is None or seeker.status != SeekerStatus.SEEKING:
            raise field_error(
                "not_a_seeker",
                "seeker",
                _(
                    "This person is not registered as a job seeker; register them first, then refer or place them."
                ),
            )
        require_employment(actor, seeker.community)
        if not seeker.community.path.startswith(posting.area.path):
            raise DomainError("outside_posting", _("This posting is not open to seekers of this community."))
        if posting.status != PostingStatus.OPEN:
            raise DomainError("posting_closed", _("This posting is no longer open."))
        if Placement.objects.filter(seeker=seeker, posting=posting).exists():
            raise field_error(
                "referred_already", "seeker", _("This seeker has already been referred to this posting.")
            )
        placement = Placement.objects.create(
            code=new_code("RF"),
            seeker=seeker,
            posting=posting,
            community=seeker.community,
            status=PlacementStatus.REFERRED,
            referred_at=now,
        )
        record(
            actor=actor,
            action="publicservices.referral.created",
            obj=placement,
            area=seeker.community,
            now=now,
        )
    return placement


def _require_for_referral(actor: User | None, placement: Placement) -> None:
    """The community's staff, or the employer the seeker was referred to (interview and outcome)."""
    if actor is not None and acts_for_employer(actor, placement.posting.unit_id):
        return
    require_employment(actor, placement.community)


# A referral is decided once: from referred or interview, to placed or not hired.
UNDECIDED = (PlacementStatus.REFERRED, PlacementStatus.INTERVIEW)


def placement_interview(
    *, actor: User | None, placement: Placement, at: dt.datetime, now: dt.datetime | None = None
) -> Placement:
    now = now or timezone.now()
    with transaction.atomic():
        _require_for_referral(actor, placement)
        transition(
            placement,
            UNDECIDED,
            _("This referral has been decided already."),
            status=PlacementStatus.INTERVIEW,
            interview_at=at,
        )
        record(
            actor=actor,
            action="publicservices.referral.interview",
            obj=placement,
            area=placement.community,
            now=now,
        )
    return placement


def placement_decide(
    *,
    actor: User | None,
    placement: Placement,
    hired: bool,
    start: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Placement:
    """Hired (the seeker is placed, the posting loses an opening) or not hired."""
    now = now or timezone.now()
    with transaction.atomic():
        _require_for_referral(actor, placement)
        require_step(placement, UNDECIDED, _("This referral has been decided already."))
        if hired:
            if start is None:
                raise field_error("start_required", "start", _("Enter the day they start work."))
            posting = Posting.objects.select_for_update().get(pk=placement.posting_id)
            if posting.openings < 1 or posting.status != PostingStatus.OPEN:
                raise DomainError("posting_full", _("This posting has no opening left."))
            Posting.objects.filter(pk=posting.pk).update(openings=F("openings") - 1)
            Posting.objects.filter(pk=posting.pk, openings=0).update(status=PostingStatus.FILLED)
            Seeker.objects.filter(pk=placement.seeker_id).update(status=SeekerStatus.PLACED)
            SeekerSkill.objects.filter(seeker_id=placement.seeker_id).update(seeking=False)
            transition(placement, UNDECIDED, status=PlacementStatus.PLACED, placed_on=start)
        else:
            transition(placement, UNDECIDED, status=PlacementStatus.NOT_HIRED)
        record(
            actor=actor,
            action="publicservices.placement.placed" if hired else "publicservices.referral.not_hired",
            obj=placement,
            area=placement.community,
            now=now,
        )
    return placement


def followup_record(
    *, actor: User | None, placement: Placement, months: int, in_job: bool, now: dt.datetime | None = None
) -> Placement:
    """The 3- or 6-month follow-up of a placement, taken once it is due."""
    now = now or timezone.now()
    with transaction.atomic():
        require_employment(actor, placement.community)
        if months not in (3, 6):
            raise field_error("months_invalid", "months", _("Follow-ups are at 3 and 6 months."))
        if placement.status != PlacementStatus.PLACED or placement.placed_on is None:
            raise DomainError("not_placed", _("Only a placement is followed up."))
        due = add_months(placement.placed_on, months)
        if today(now) < due:
            raise DomainError("too_early", _("This follow-up is due on %(d)s.") % {"d": due.isoformat()})
        if months == 3:
            placement.followup_3_on, placement.followup_3_in_job = today(now), in_job
            fields = ["followup_3_on", "followup_3_in_job"]
        else:
            placement.followup_6_on, placement.followup_6_in_job = today(now), in_job
            fields = ["followup_6_on", "followup_6_in_job"]
        placement.save(update_fields=fields)
        record(
            actor=actor,
            action="publicservices.placement.followed_up",
            obj=placement,
            area=placement.community,
            details={"months": months},
            now=now,
        )
    return placement


def course_create(
    *,
    actor: User | None,
    area: Area,
    title: str,
    skill: str,
    starts_on: dt.date,
    ends_on: dt.date,
    places: int,
    now: dt.datetime | None = None,
) -> Course:
    now = now or timezone.now()
    with transaction.atomic():
        require_employment(actor, area)
        if ends_on < starts_on:
            raise field_error("dates", "ends_on", _("The course cannot end before it starts."))
        if not 1 <= places <= 1000:
            raise field_error("places_invalid", "places", _("Enter the number of places (1 to 1000)."))
        words = keywords(skill, "skill")
        if len(words) != 1:
            raise field_error("skill_required", "skill", _("Enter the one skill the course teaches."))
        course = Course.objects.create(
            code=new_code("TC"),
            area=area,
            title=text(title, "title", _("the course"), required=True, limit=100),
            skill=words[0],
            starts_on=starts_on,
            ends_on=ends_on,
            places=places,
        )
        record(actor=actor, action="publicservices.course.created", obj=course, area=area, now=now)
    return course


def enrolment_add(
    *, actor: User | None, course: Course, seeker: Seeker, now: dt.datetime | None = None
) -> Enrolment:
    now = now or timezone.now()
    with transaction.atomic():
        require_employment(actor, seeker.community)
        if not seeker.community.path.startswith(course.area.path):
            raise DomainError("outside_course", _("This course is not open to seekers of this community."))
        locked = Course.objects.select_for_update().get(pk=course.pk)
        if Enrolment.objects.filter(course=locked, seeker=seeker).exists():
            raise field_error("enrolled_already", "seeker", _("This seeker is already on the course."))
        if locked.enrolments.count() >= locked.places:
            raise DomainError("course_full", _("The course is full."))
        enrolment = Enrolment.objects.create(course=locked, seeker=seeker, enrolled_at=now)
        record(
            actor=actor, action="publicservices.course.enrolled", obj=course, area=seeker.community, now=now
        )
    return enrolment


def enrolment_complete(
    *, actor: User | None, enrolment: Enrolment, on: dt.date, now: dt.datetime | None = None
) -> Enrolment:
    """The seeker completed the course: its skill joins theirs."""
    now = now or timezone.now()
    with transaction.atomic():
        require_employment(actor, enrolment.seeker.community)
        if on < enrolment.course.starts_on:
            raise field_error("dates", "on", _("A course is completed after it starts."))
        enrolment.completed_on = on
        enrolment.save(update_fields=["completed_on"])
        seeker = enrolment.seeker
        words = sorted(seeker.skill_set() | {enrolment.course.skill})
        seeker.skills = ",".join(words)
        seeker.save(update_fields=["skills"])
        _skills(seeker, words)
        record(
            actor=actor,
            action="publicservices.course.completed",
            obj=enrolment.course,
            area=seeker.community,
            now=now,
        )
    return enrolment


def startup_create(
    *,
    actor: User | None,
    founder: Resident,
    business: str,
    started_on: dt.date,
    jobs_created: int = 0,
    support: str = "",
    now: dt.datetime | None = None,
) -> StartUp:
    now = now or timezone.now()
    with transaction.atomic():
        require_employment(actor, founder.community)
        if not 0 <= jobs_created <= 10_000:
            raise field_error("jobs_invalid", "jobs_created", _("Enter the jobs created (0 to 10000)."))
        case = StartUp.objects.create(
            code=new_code("SU"),
            community=founder.community,
            founder=founder,
            business=text(business, "business", _("the business"), required=True, limit=100),
            support=text(support, "support", _("the support given"), required=False, limit=200),
            started_on=started_on,
            jobs_created=jobs_created,
        )
        record(
            actor=actor, action="publicservices.startup.created", obj=case, area=founder.community, now=now
        )
    return case
