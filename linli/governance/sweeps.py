"""Periodic work of self-government (idempotent)."""

from django.utils import timezone

from linli.common.jobs import periodic
from linli.governance.evaluation.actions import campaign_close
from linli.governance.models import Campaign, CampaignStatus


@periodic(seconds=600)
def close_expired_campaigns() -> int:
    """Evaluations whose answer period ended are closed, so their results can be published."""
    now = timezone.now()
    closed = 0
    for campaign in Campaign.objects.filter(status=CampaignStatus.OPEN, closes_at__lte=now):
        campaign_close(actor=None, campaign=campaign, now=now)
        closed += 1
    return closed
