"""Activities, shifts, sign-up with a wait list, check-in and check-out, and the organiser's sign-off.

Capacity is kept on the shift's row under a lock: sign-ups beyond it wait, and a cancelled place
goes to the first on the wait list in the same transaction. Check-in is a conditional update
(the first one counts, a second is the same entry). Hours are signed off by the organiser, never
by the volunteer, and become an `earned` transfer in the ledger (one per sign-up).
"""

import datetime as dt
import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.accounts import policy
from linli.accounts.models import User
from linli.areas.levels import Level
from linli.areas.models import Area
from linli.audit.chain import record
from linli.common.codes import short_code
from linli.common.errors import DomainError, NotFound
from linli.volunteers import checkin_code
from linli.volunteers.actions.common import choices, field_error, organises, text
from linli.volunteers.actions.ledger import earn
from linli.volunteers.models import (
    Activity,
    ActivityStatus,
    Shift,
    SignUp,
    SignUpStatus,
    Skill,
    Team,
    Volunteer,
    VolunteerStatus,
)

# Check-in opens this long before a shift and closes at its end; check-out runs until this long after.
CHECKIN_EARLY = dt.timedelta(minutes=30)
CHECKOUT_LATE = dt.timedelta(hours=2)
MAX_SHIFT = dt.timedelta(hours=12)
MAX_CAPACITY = 10_000
MAX_REPEATS = 52


@dataclass(frozen=True)
class ShiftIn:
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int


def _check_shift(s: ShiftIn, starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    if not (starts_at <= s.starts_at < s.ends_at <= ends_at):
        raise field_error("bad_shift", "shifts", _("Each shift starts and ends within the activity."))
    if s.ends_at - s.starts_at > MAX_SHIFT:
        raise field_error("shift_too_long", "shifts", _("A shift lasts at most 12 hours."))
    if not 1 <= s.capacity <= MAX_CAPACITY:
        raise field_error("bad_capacity", "capacity", _("Places: between 1 and 10000."))


def activity_create(
    *,
    actor: User | None,
    area: Area,
    title: str,
    place: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    capacity: int,
    description: str = "",
    skills: list[str] | str = "",
    team: Team | None = None,
    organiser: User | None = None,
    shifts: list[ShiftIn] | None = None,
    now: dt.datetime | None = None,
    permitted: bool = False,
) -> Activity:
    """An activity held by a community or street, with its shifts (one spanning it if none given).

    `permitted`: the caller has checked the actor's right (an organization's officer, `orgs`)."""
    now = now or timezone.now()
    if not permitted:
        policy.require(actor, "volunteers.manage", area)
    if area.level not in (Level.COMMUNITY, Level.STREET):
        raise field_error("bad_area", "area", _("An activity is held by a community or a street."))
    title = text(title, "title", _("the title"), required=True, limit=100)
    place = text(place, "place", _("the place"), required=True, limit=200)
    description = text(description, "description", _("the description"), required=False, limit=2000)
    skills = choices(skills, Skill.values, "skills")
    if ends_at <= starts_at:
        raise field_error("bad_time", "ends_at", _("The activity must end after it starts."))
    if starts_at < now - dt.timedelta(days=1):
        raise field_error("in_the_past", "starts_at", _("The activity cannot start in the past."))
    if (
        team is not None
        and not team.area.path.startswith(area.path)
        and not area.path.startswith(team.area.path)
    ):
        raise field_error("team_elsewhere", "team", _("The team belongs to another area."))
    shifts = shifts or [ShiftIn(starts_at, ends_at, capacity)]
    for s in shifts:
        _check_shift(s, starts_at, ends_at)
    with transaction.atomic():
        activity = Activity.objects.create(
            code=short_code("A", 8),
            area=area,
            team=team,
            title=title,
            description=description,
            place=place,
            starts_at=starts_at,
            ends_at=ends_at,
            skills=skills,
            organiser=organiser or actor,
            qr_key=secrets.token_hex(32),
            created_at=now,
        )
        Shift.objects.bulk_create(
            [
                Shift(activity=activity, starts_at=s.starts_at, ends_at=s.ends_at, capacity=s.capacity)
                for s in shifts
            ]
        )
        record(
            actor=actor,
            action="volunteers.activity.created",
            obj=activity,
            area=area,
            details={"code": activity.code, "shifts": len(shifts)},
            now=now,
        )
    return activity


def activity_update(
    *,
    actor: User | None,
    activity: Activity,
    title: str,
    place: str,
    description: str = "",
    skills: list[str] | str = "",
    team: Team | None = None,
    now: dt.datetime | None = None,
) -> Activity:
    """Change an activity's title, place, description, skills needed and team (not its times or
    shifts: volunteers signed up for those)."""
    now = now or timezone.now()
    policy.require(actor, "volunteers.manage", activity.area)
    if activity.status == ActivityStatus.CANCELLED:
        raise DomainError("cancelled", _("This activity has been cancelled."), status=409)
    title = text(title, "title", _("the title"), required=True, limit=100)
    place = text(place, "place", _("the place"), required=True, limit=200)
    description = text(description, "description", _("the description"), required=False, limit=2000)
    skills = choices(skills, Skill.values, "skills")
    area = activity.area
    if (
        team is not None
        and not team.area.path.startswith(area.path)
        and not area.path.startswith(team.area.path)
    ):
        raise field_error("team_elsewhere", "team", _("The team belongs to another area."))
    with transaction.atomic():
        activity.title, activity.place, activity.description = title, place, description
        activity.skills, activity.team = skills, team
        activity.save(update_fields=["title", "place", "description", "skills", "team"])
        record(
            actor=actor,
            action="volunteers.activity.changed",
            obj=activity,
            area=area,
            details={"code": activity.code},
            now=now,
        )
    return activity


def activity_repeat(
    *, actor: User | None, activity: Activity, weeks: int, now: dt.datetime | None = None
) -> list[Activity]:
    """Copy an activity (the template) to each of the next `weeks` weeks, with its shifts."""
    now = now or timezone.now()
    policy.require(actor, "volunteers.manage", activity.area)
    if not 1 <= weeks <= MAX_REPEATS:
        raise field_error("bad_weeks", "weeks", _("Repeat for 1 to 52 weeks."))
    made = []
    with transaction.atomic():
        shifts = list(activity.shifts.all())
        for i in range(1, weeks + 1):
            delta = dt.timedelta(weeks=i)
            copy = Activity.objects.create(
                code=short_code("A", 8),
                area=activity.area,
                team=activity.team,
                title=activity.title,
                description=activity.description,
                place=activity.place,
                starts_at=activity.starts_at + delta,
                ends_at=activity.ends_at + delta,
                skills=activity.skills,
                organiser=activity.organiser,
                qr_key=secrets.token_hex(32),
                repeats_from=activity,
                created_at=now,
            )
            Shift.objects.bulk_create(
                [
                    Shift(
                        activity=copy,
                        starts_at=s.starts_at + delta,
                        ends_at=s.ends_at + delta,
                        capacity=s.capacity,
                    )
                    for s in shifts
                ]
            )
            made.append(copy)
        record(
            actor=actor,
            action="volunteers.activity.repeated",
            obj=activity,
            area=activity.area,
            details={"code": activity.code, "weeks": weeks},
            now=now,
        )
    return made


def activity_cancel(*, actor: User | None, activity: Activity, now: dt.datetime | None = None) -> Activity:
    now = now or timezone.now()
    policy.require(actor, "volunteers.manage", activity.area)
    with transaction.atomic():
        n = (
            Activity.objects.filter(pk=activity.pk)
            .exclude(status=ActivityStatus.CANCELLED)
            .update(status=ActivityStatus.CANCELLED)
        )
        if n != 1:
            raise DomainError("already_cancelled", _("This activity is already cancelled."), status=409)
        activity.status = ActivityStatus.CANCELLED
        record(
            actor=actor,
            action="volunteers.activity.cancelled",
            obj=activity,
            area=activity.area,
            details={"code": activity.code},
            now=now,
        )
    return activity


def _may_act_for(actor: User | None, volunteer: Volunteer, activity: Activity) -> None:
    """The volunteer themselves, or the organiser; anyone else gets 404."""
    if actor is None or volunteer.user_id == actor.pk or organises(actor, activity):
        return
    raise NotFound()


def signup(
    *, actor: User | None, shift: Shift, volunteer: Volunteer, now: dt.datetime | None = None
) -> SignUp:
    """Sign up for a shift: a place while there is one, the wait list after. Once per shift."""
    now = now or timezone.now()
    activity = shift.activity
    _may_act_for(actor, volunteer, activity)
    if volunteer.status != VolunteerStatus.ACTIVE:
        raise field_error("not_active", "volunteer", _("This volunteer has left the roll."), status=409)
    if activity.status != ActivityStatus.OPEN:
        raise DomainError("not_open", _("This activity is not open for sign-up."), status=409)
    if now >= shift.starts_at:
        raise DomainError("started", _("This shift has already started."), status=409)
    with transaction.atomic():
        locked = Shift.objects.select_for_update().get(pk=shift.pk)
        existing = SignUp.objects.filter(shift=locked, volunteer=volunteer).first()
        if existing is not None and existing.status != SignUpStatus.CANCELLED:
            raise DomainError("already_signed_up", _("You are already signed up for this shift."), status=409)
        status = SignUpStatus.CONFIRMED if locked.confirmed < locked.capacity else SignUpStatus.WAITING
        if status == SignUpStatus.CONFIRMED:
            Shift.objects.filter(pk=locked.pk).update(confirmed=F("confirmed") + 1)
        if existing is not None:
            SignUp.objects.filter(pk=existing.pk).update(status=status, signed_up_at=now)
            existing.status, existing.signed_up_at = status, now
            entry = existing
        else:
            entry = SignUp.objects.create(shift=locked, volunteer=volunteer, status=status, signed_up_at=now)
        record(
            actor=actor,
            action="volunteers.signup.created",
            obj=activity,
            area=activity.area,
            details={"code": activity.code, "number": volunteer.number, "status": status},
            now=now,
        )
    return entry


def signup_cancel(*, actor: User | None, entry: SignUp, now: dt.datetime | None = None) -> SignUp:
    """Give up a place (or leave the wait list); the first waiting volunteer moves up."""
    now = now or timezone.now()
    activity = entry.shift.activity
    _may_act_for(actor, entry.volunteer, activity)
    with transaction.atomic():
        shift = Shift.objects.select_for_update().get(pk=entry.shift_id)
        current = SignUp.objects.get(pk=entry.pk)
        if current.status == SignUpStatus.CANCELLED:
            raise DomainError("already_cancelled", _("This sign-up is already cancelled."), status=409)
        if current.checked_in_at is not None:
            raise DomainError("checked_in", _("You have already checked in."), status=409)
        SignUp.objects.filter(pk=entry.pk).update(status=SignUpStatus.CANCELLED)
        promoted = None
        if current.status == SignUpStatus.CONFIRMED:
            promoted = (
                SignUp.objects.filter(shift=shift, status=SignUpStatus.WAITING)
                .order_by("signed_up_at", "pk")
                .first()
            )
            if promoted is not None:
                SignUp.objects.filter(pk=promoted.pk).update(status=SignUpStatus.CONFIRMED)
            else:
                Shift.objects.filter(pk=shift.pk).update(confirmed=F("confirmed") - 1)
        entry.status = SignUpStatus.CANCELLED
        record(
            actor=actor,
            action="volunteers.signup.cancelled",
            obj=activity,
            area=activity.area,
            details={
                "code": activity.code,
                "number": entry.volunteer.number,
                "promoted": promoted.volunteer.number if promoted else None,
            },
            now=now,
        )
    return entry


def _window(shift: Shift, now: dt.datetime, *, out: bool) -> None:
    opens = shift.starts_at - CHECKIN_EARLY
    closes = shift.ends_at + CHECKOUT_LATE if out else shift.ends_at
    if not opens <= now <= closes:
        raise DomainError(
            "outside_window",
            _(
                "Check-in and check-out are open from 30 minutes before the shift until it ends "
                "(check-out: two hours after)."
            ),
            status=409,
        )


def check_in(
    *, actor: User | None, entry: SignUp, code: str | None = None, now: dt.datetime | None = None
) -> SignUp:
    """Check in with the code on the organiser's phone, or by the organiser (no code).

    Refused outside the shift's window or with a stale code; a second check-in is the same entry.
    """
    now = now or timezone.now()
    shift = entry.shift
    activity = shift.activity
    by_organiser = actor is None or organises(actor, activity)
    if not by_organiser:
        if actor is None or entry.volunteer.user_id != actor.pk:
            raise NotFound()
        if not code or not checkin_code.is_valid(activity.qr_key, shift.pk, code.strip().upper(), now):
            raise field_error(
                "bad_code",
                "code",
                _("This code has expired: scan the code on the organiser's phone again."),
                status=409,
            )
    if entry.status != SignUpStatus.CONFIRMED:
        raise DomainError("no_place", _("Only volunteers with a confirmed place check in."), status=409)
    _window(shift, now, out=False)
    with transaction.atomic():
        n = SignUp.objects.filter(pk=entry.pk, checked_in_at__isnull=True).update(checked_in_at=now)
        if n == 1:
            entry.checked_in_at = now
            record(
                actor=actor,
                action="volunteers.signup.checked_in",
                obj=activity,
                area=activity.area,
                details={
                    "code": activity.code,
                    "number": entry.volunteer.number,
                    "by_organiser": by_organiser,
                },
                now=now,
            )
        else:
            entry.refresh_from_db(fields=["checked_in_at"])
    return entry


def check_out(
    *, actor: User | None, entry: SignUp, code: str | None = None, now: dt.datetime | None = None
) -> SignUp:
    """Check out (same rules as check-in); the first check-out counts."""
    now = now or timezone.now()
    shift = entry.shift
    activity = shift.activity
    by_organiser = actor is None or organises(actor, activity)
    if not by_organiser:
        if actor is None or entry.volunteer.user_id != actor.pk:
            raise NotFound()
        if not code or not checkin_code.is_valid(activity.qr_key, shift.pk, code.strip().upper(), now):
            raise field_error(
                "bad_code",
                "code",
                _("This code has expired: scan the code on the organiser's phone again."),
                status=409,
            )
    if entry.checked_in_at is None:
        raise DomainError("not_checked_in", _("Check in first."), status=409)
    _window(shift, now, out=True)
    with transaction.atomic():
        n = SignUp.objects.filter(pk=entry.pk, checked_out_at__isnull=True).update(checked_out_at=now)
        if n == 1:
            entry.checked_out_at = now
            record(
                actor=actor,
                action="volunteers.signup.checked_out",
                obj=activity,
                area=activity.area,
                details={"code": activity.code, "number": entry.volunteer.number},
                now=now,
            )
        else:
            entry.refresh_from_db(fields=["checked_out_at"])
    return entry


def served_minutes(entry: SignUp) -> int:
    """Time on the shift between check-in and check-out, clipped to the shift."""
    if entry.checked_in_at is None or entry.checked_out_at is None:
        return 0
    start = max(entry.checked_in_at, entry.shift.starts_at)
    end = min(entry.checked_out_at, entry.shift.ends_at)
    return max(0, int((end - start).total_seconds() // 60))


def sign_off(
    *, actor: User, entry: SignUp, minutes: int | None = None, now: dt.datetime | None = None
) -> SignUp:
    """The organiser signs off the hours served (default: from check-in to check-out).

    Never the volunteer themselves; once per sign-up (the ledger's entry is unique to it).
    """
    now = now or timezone.now()
    activity = entry.shift.activity
    if not organises(actor, activity):
        raise (
            NotFound()
            if not policy.can(actor, "volunteers.view", activity.area)
            else DomainError("forbidden", _("Only the organiser signs off hours."), status=403)
        )
    if entry.volunteer.user_id == actor.pk:
        raise DomainError("own_hours", _("You cannot sign off your own hours."), status=403)
    if entry.checked_in_at is None:
        raise DomainError("not_checked_in", _("This volunteer did not check in."), status=409)
    served = served_minutes(entry)
    if minutes is None:
        minutes = served
    shift_minutes = int((entry.shift.ends_at - entry.shift.starts_at).total_seconds() // 60)
    if not 1 <= minutes <= shift_minutes:
        raise field_error(
            "bad_minutes",
            "minutes",
            _("Sign off between 1 minute and the length of the shift (%(n)d minutes).")
            % {"n": shift_minutes},
        )
    try:
        with transaction.atomic():
            n = SignUp.objects.filter(pk=entry.pk, signed_off_at__isnull=True).update(
                minutes=minutes, signed_off_by=actor, signed_off_at=now
            )
            if n != 1:
                raise DomainError("already_signed_off", _("These hours are already signed off."), status=409)
            earn(actor=actor, entry=entry, minutes=minutes, now=now)
            record(
                actor=actor,
                action="volunteers.signup.signed_off",
                obj=activity,
                area=activity.area,
                details={"code": activity.code, "number": entry.volunteer.number, "minutes": minutes},
                now=now,
            )
    except IntegrityError:
        raise DomainError(
            "already_signed_off", _("These hours are already signed off."), status=409
        ) from None
    entry.minutes, entry.signed_off_by, entry.signed_off_at = minutes, actor, now
    return entry


def shift_sign_off(*, actor: User, shift: Shift, now: dt.datetime | None = None) -> int:
    """Sign off every checked-out, not yet signed-off volunteer of a shift at their served time.

    One transaction and one audit event for the shift; the ledger gets one earned transfer per
    volunteer (`ledger.earn_many`). The organiser's own sign-up is left for someone else.
    """
    from linli.volunteers.actions.ledger import earn_many

    now = now or timezone.now()
    activity = shift.activity
    if not organises(actor, activity):
        raise NotFound()
    with transaction.atomic():
        entries = list(
            SignUp.objects.select_for_update()
            .filter(
                shift=shift,
                checked_in_at__isnull=False,
                checked_out_at__isnull=False,
                signed_off_at__isnull=True,
            )
            .exclude(volunteer__user_id=actor.pk)
        )  # no volunteer rows: their decryption and row locks are not needed for the ledger
        done = []
        for e in entries:
            e.shift = shift
            minutes = served_minutes(e)
            if minutes >= 1:
                e.minutes, e.signed_off_by, e.signed_off_at = minutes, actor, now
                done.append(e)
        for m in {e.minutes for e in done}:
            SignUp.objects.filter(pk__in=[e.pk for e in done if e.minutes == m]).update(
                minutes=m, signed_off_by=actor, signed_off_at=now
            )
        earn_many(actor=actor, area=activity.area, entries=done, now=now)
        record(
            actor=actor,
            action="volunteers.shift.signed_off",
            obj=activity,
            area=activity.area,
            details={"code": activity.code, "shift": shift.pk, "count": len(done)},
            now=now,
        )
    return len(done)
