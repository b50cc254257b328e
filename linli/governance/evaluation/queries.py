"""Democratic evaluation reads, scoped to the viewer, and the published results."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from linli.accounts.policy import Viewer
from linli.governance import rules
from linli.governance.models import (
    Campaign,
    CampaignStatus,
    Rating,
)
from linli.governance.permissions import can_view
from linli.governance.queries import _visible


def campaigns_for(user: Viewer) -> QuerySet[Campaign]:
    return Campaign.objects.filter(_visible(user)).select_related("community")


def campaign_for(user: Viewer, code: str) -> Campaign:
    campaign = Campaign.objects.select_related("community").filter(code=code).first()
    if campaign is None or not can_view(user, campaign.community):
        raise Http404
    return campaign


def evaluation_results(campaign: Campaign) -> list[dict[str, Any]] | None:
    """Counts per person, or None while too few answered (or answers still come in)."""
    least = rules.rule("GOV_EVALUATION_MIN_ANSWERS")
    if campaign.status == CampaignStatus.OPEN or campaign.answers < least:
        return None
    out = []
    for subject in campaign.subjects.prefetch_related("counts"):
        counts = {c.rating: c.count for c in subject.counts.all()}
        total = sum(counts.values())
        good = counts.get(Rating.SATISFIED, 0) + counts.get(Rating.FAIR, 0)
        bars = [
            {
                "label": str(label),
                "n": counts.get(value, 0),
                "y": 28 * i,
                "width": round(150 * counts.get(value, 0) / total) if total else 0,
            }
            for i, (value, label) in enumerate(Rating.choices)
        ]
        out.append(
            {
                "subject": subject,
                "bars": bars,
                "total": total,
                "satisfaction": round(100 * good / total) if total else 0,
            }
        )
    return out
