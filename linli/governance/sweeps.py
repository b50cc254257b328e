"""Periodic work of self-government (idempotent)."""

from django.utils import timezone

from linli.common.jobs import periodic
from linli.governance.elections.actions import ballots_pass
from linli.governance.evaluation.actions import campaign_close
from linli.governance.models import Campaign, CampaignStatus, Round, RoundStatus


@periodic(seconds=600)
def close_expired_campaigns() -> int:
    """Evaluations whose answer period ended are closed, so their results can be published."""
    now = timezone.now()
    closed = 0
    for campaign in Campaign.objects.filter(status=CampaignStatus.OPEN, closes_at__lte=now):
        campaign_close(actor=None, campaign=campaign, now=now)
        closed += 1
    return closed


@periodic(seconds=60)
def check_and_unlink_ballots() -> int:
    """Open rounds' new ballots: re-written apart from their voters' marks, proofs checked
    (`elections.actions.mixing`). Returns the number of ballots checked."""
    checked = 0
    for round_id in Round.objects.filter(status=RoundStatus.OPEN).values_list("pk", flat=True):
        checked += ballots_pass(round_id)[1]
    return checked
