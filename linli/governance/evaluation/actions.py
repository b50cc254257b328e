"""Democratic evaluation: campaigns, answers, closing and publishing the results."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from linli.accounts.models import User
from linli.areas.models import Area
from linli.audit.chain import record
from linli.common import jobs
from linli.common.codes import short_code
from linli.common.errors import Forbidden
from linli.governance import maintenance
from linli.governance.checks import _community, _err, _now, _today
from linli.governance.eligibility import latest_birth_date
from linli.governance.models import (
    Campaign,
    CampaignStatus,
    Participation,
    Rating,
    RatingCount,
    Subject,
    SubjectGroup,
)
from linli.governance.permissions import (
    own_records,
    require_manage,
    require_view,
)

# ---------------------------------------------------------------------------------------------
# Democratic evaluation


def campaign_open(
    *,
    actor: User | None,
    community: Area,
    title: str,
    closes_at: dt.datetime,
    subjects: list[tuple[str, str, str]],
    now: dt.datetime | None = None,
) -> Campaign:
    """Open an evaluation of committee members, party members and stationed staff (下评上)."""
    now = _now(now)
    with transaction.atomic():
        _community(community)
        require_manage(actor, community)
        if not title.strip():
            raise _err("title_required", _("Enter a title."), "title")
        if closes_at <= now:
            raise _err("closes_past", _("The closing time must be in the future."), "closes_at")
        clean = [(g, n.strip(), r.strip()) for g, n, r in subjects if n.strip()]
        if not clean:
            raise _err("subjects_required", _("List who is evaluated."), "subjects")
        if any(g not in SubjectGroup.values for g, _n, _r in clean):
            raise _err("invalid_group", _("Choose a group for each person."), "subjects")
        campaign = Campaign.objects.create(
            code=short_code("V", 6),
            community=community,
            title=title.strip(),
            status=CampaignStatus.OPEN,
            closes_at=closes_at,
        )
        made = Subject.objects.bulk_create(
            [Subject(campaign=campaign, group=g, name=n[:50], role=r[:100]) for g, n, r in clean]
        )
        RatingCount.objects.bulk_create(
            [RatingCount(subject=s, rating=rt) for s in made for rt in Rating.values]
        )
        record(actor=actor, action="governance.campaign.opened", obj=campaign, area=community, now=now)
    return campaign


def evaluation_answer(
    *, actor: User | None, campaign: Campaign, ratings: dict[int, str], now: dt.datetime | None = None
) -> None:
    """An eligible resident rates everyone once. Only counters change; no answer row is kept."""
    now = _now(now)
    with transaction.atomic():
        require_view(actor, campaign.community)
        today = _today(now)
        eligible = [
            r for r in own_records(actor, campaign.community) if r.birth_date <= latest_birth_date(today)
        ]
        if not eligible:
            raise Forbidden(_("Only residents of the community aged 18 or older can answer."))
        if campaign.status != CampaignStatus.OPEN or now >= campaign.closes_at:
            raise _err("closed", _("This evaluation is closed."), status=409)
        subjects = {s.pk for s in campaign.subjects.all()}
        if set(ratings) != subjects or any(v not in Rating.values for v in ratings.values()):
            raise _err("incomplete", _("Rate every person on the list."), "ratings")
        try:
            with transaction.atomic():
                Participation.objects.create(campaign=campaign, resident=eligible[0])
        except IntegrityError:
            raise _err("already_answered", _("You have already answered."), status=409) from None
        for subject_id, rating in ratings.items():
            RatingCount.objects.filter(subject_id=subject_id, rating=rating).update(count=F("count") + 1)
        Campaign.objects.filter(pk=campaign.pk).update(answers=F("answers") + 1)


def campaign_close(*, actor: User | None, campaign: Campaign, now: dt.datetime | None = None) -> Campaign:
    now = _now(now)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().select_related("community").get(pk=campaign.pk)
        require_manage(actor, campaign.community)
        if campaign.status != CampaignStatus.OPEN:
            raise _err("not_open", _("This evaluation is not open."), status=409)
        campaign.status = CampaignStatus.CLOSED
        campaign.closes_at = min(campaign.closes_at, now)
        campaign.save(update_fields=["status", "closes_at"])
        # Each counter row carries the id of the last transaction that changed it, the same as
        # that answerer's participation row: re-write them all so none points to an answer.
        RatingCount.objects.filter(subject__campaign=campaign).update(count=F("count"))
        jobs.enqueue(maintenance.vacuum, "governance_ratingcount")
        record(
            actor=actor,
            action="governance.campaign.closed",
            obj=campaign,
            area=campaign.community,
            details={"answers": campaign.answers},
            now=now,
        )
    return campaign


def campaign_publish(*, actor: User | None, campaign: Campaign, now: dt.datetime | None = None) -> Campaign:
    """Publish the results (numbers appear only above the anonymity threshold)."""
    now = _now(now)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().select_related("community").get(pk=campaign.pk)
        require_manage(actor, campaign.community)
        if campaign.status != CampaignStatus.CLOSED:
            raise _err("not_closed", _("Close the evaluation first."), status=409)
        campaign.status, campaign.published_at = CampaignStatus.PUBLISHED, now
        campaign.save(update_fields=["status", "published_at"])
        record(
            actor=actor,
            action="governance.campaign.published",
            obj=campaign,
            area=campaign.community,
            now=now,
        )
    return campaign
