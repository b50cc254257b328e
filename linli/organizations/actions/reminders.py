"""Annual-report reminders that reach someone (plan 3.4.四: annual reports, reminders, overdue).

From 1 March the sweep opens last year's report of every active organization (status due) and
texts the organization's contact person, and each community's workers once with the list of its
organizations. After the due date (31 May) a report still due is overdue: the same people are told
once more. Each report row records when each message went out (`reminded_at`,
`overdue_noticed_at`), claimed under a row lock, so the sweep is idempotent and two sweeps at once
send each message once. Messages go through the tickets' SMS backend (`linli.tickets.notify`)
after commit; phones are decrypted in the job, never queued.
"""

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from linli.accounts.models import RoleGrant, User
from linli.accounts.roles import Role
from linli.audit.chain import record
from linli.common.jobs import enqueue
from linli.organizations.actions.common import today
from linli.organizations.actions.orgs import REMIND_FROM_MONTH_DAY, due_on
from linli.organizations.models import AnnualReport, Organization, OrgStatus, ReportStatus
from linli.tickets.notify import send_message

REMINDER = "reminder"
OVERDUE = "overdue"


def send_reminder(*, org_id: int | None = None, user_id: int | None = None, text: str) -> bool:
    """The job: text an organization's contact person or one worker (the phone is read here)."""
    if org_id is not None:
        phone = Organization.objects.filter(pk=org_id).values_list("contact_phone", flat=True).first()
    elif user_id is not None:
        phone = User.objects.filter(pk=user_id, is_active=True).values_list("phone", flat=True).first()
    else:
        return False
    if not phone:
        return False
    send_message(phone, text)
    return True


def _contact_text(kind: str, org: Organization, year: int, due: dt.date) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        if kind == REMINDER:
            return _("[linli] %(org)s: the annual report for %(year)d is due by %(due)s.") % {
                "org": org.name,
                "year": year,
                "due": due.isoformat(),
            }
        return _("[linli] %(org)s: the annual report for %(year)d was due on %(due)s and is overdue.") % {
            "org": org.name,
            "year": year,
            "due": due.isoformat(),
        }


def _workers_text(kind: str, names: list[str], year: int, due: dt.date) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        values = {"n": len(names), "year": year, "due": due.isoformat(), "names": "、".join(names[:5])}
        if kind == REMINDER:
            text = _(
                "[linli] %(n)d organizations owe their annual report for %(year)d by %(due)s: %(names)s."
            )
        else:
            text = _(
                "[linli] %(n)d organizations are overdue with their annual report for %(year)d: %(names)s."
            )
        return text % values


def _workers_of(community_ids: set[int]) -> dict[int, list[int]]:
    rows = RoleGrant.objects.filter(
        role=Role.WORKER, area_id__in=community_ids, user__is_active=True
    ).values_list("area_id", "user_id")
    out: dict[int, list[int]] = defaultdict(list)
    for area_id, user_id in rows:
        out[area_id].append(user_id)
    return out


def _notify(kind: str, reports: list[AnnualReport], year: int, due: dt.date, now: dt.datetime) -> int:
    """Queue the messages for the claimed reports and audit them (one event per community)."""
    by_community: dict[int, list[AnnualReport]] = defaultdict(list)
    for r in reports:
        by_community[r.organization.community_id].append(r)
    workers = _workers_of(set(by_community))
    sent = 0
    for community_id, rows in sorted(by_community.items()):
        names = sorted(r.organization.name for r in rows)
        for r in rows:
            if r.organization.contact_phone:
                enqueue(
                    send_reminder,
                    org_id=r.organization_id,
                    text=_contact_text(kind, r.organization, year, due),
                )
                sent += 1
        for user_id in workers.get(community_id, []):
            enqueue(send_reminder, user_id=user_id, text=_workers_text(kind, names, year, due))
            sent += 1
        area = rows[0].organization.community
        details = {
            "year": year,
            "organizations": [r.organization.code for r in rows],
            "workers": workers.get(community_id, []),
        }
        if kind == REMINDER:
            record(actor=None, action="organizations.reports.reminded", area=area, details=details, now=now)
        else:
            record(
                actor=None,
                action="organizations.reports.overdue_noticed",
                area=area,
                details=details,
                now=now,
            )
    return sent


def _claim(filters: dict[str, object], field: str, now: dt.datetime) -> list[AnnualReport]:
    """Lock the reports not yet told (skipping rows another sweep holds) and mark them told."""
    rows = list(
        AnnualReport.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(status=ReportStatus.DUE, organization__status=OrgStatus.ACTIVE, **{f"{field}__isnull": True})
        .filter(**filters)
        .select_related("organization__community")
        .order_by("pk")
    )
    AnnualReport.objects.filter(pk__in=[r.pk for r in rows]).update(**{field: now})
    return rows


def reports_remind(*, now: dt.datetime) -> int:
    """From 1 March, open last year's report for every active organization founded by then and tell
    its contact person and the community's workers; after the due date, tell them once that it is
    overdue. Returns the number of reports opened. Idempotent (once per report period)."""
    day = today(now)
    if (day.month, day.day) < REMIND_FROM_MONTH_DAY:
        return 0
    year = day.year - 1
    due = due_on(year)
    with transaction.atomic():
        missing = Organization.objects.filter(status=OrgStatus.ACTIVE, founded_on__year__lte=year).exclude(
            reports__year=year
        )
        opened = AnnualReport.objects.bulk_create(
            [
                AnnualReport(organization_id=pk, year=year, due_on=due)
                for pk in missing.values_list("pk", flat=True)
            ],
            ignore_conflicts=True,
        )
        reminded = _claim({"year": year}, "reminded_at", now)
        _notify(REMINDER, reminded, year, due, now)
        if day > due:
            overdue = _claim({"year": year, "due_on__lt": day}, "overdue_noticed_at", now)
            _notify(OVERDUE, overdue, year, due, now)
    return len(opened)
