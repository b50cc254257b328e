"""Finance's indicators: the year's funding per household (the plan's formula, 3.3.(二)) and donations."""

import datetime as dt
from typing import Any

from django.db.models import Sum

from linli.common.indicators import Indicator, register
from linli.finance.models import Donation, FundingLine, FundingRun

Cells = dict[int, tuple[float, float | None]]


def funding_per_household(start: dt.date, end: dt.date, now: dt.datetime, communities: Any) -> Cells:
    """The newest funding run of the year, made by `now`: yuan per counted household."""
    run = (
        FundingRun.objects.filter(year=start.year, computed_at__lte=now)
        .order_by("-computed_at", "-id")
        .first()
    )
    if run is None:
        return {}
    lines = FundingLine.objects.filter(run=run)
    if communities is not None:
        lines = lines.filter(community_id__in=list(communities))
    return {
        cid: ((office + welfare) / 100.0, float(hh))
        for cid, office, welfare, hh in lines.values_list(
            "community_id", "office_fen", "welfare_fen", "households"
        )
    }


def donations(start: dt.date, end: dt.date, now: dt.datetime, communities: Any) -> Cells:
    qs = Donation.objects.filter(
        received_on__gte=start, received_on__lte=min(end, now.date()), entered_at__lte=now
    )
    if communities is not None:
        qs = qs.filter(community_id__in=list(communities))
    rows = qs.values_list("community_id").annotate(total=Sum("amount_fen")).order_by()
    return {cid: (total / 100.0, None) for cid, total in rows}


INDICATORS = [
    Indicator(
        code="finance.funding_per_household",
        name_zh="户均社区经费",
        name_en="Community funding per household",
        section="3.3.(二)",
        unit="yuan_per_household",
        period="year",
        rollup="ratio",
        source=funding_per_household,
        events=("finance.funding.computed",),  # a city-wide run (no area): refreshed everywhere
        public=True,
        order=1,
        note_zh="办公经费每户20元;公益事业补助2000户以下8万元,以上每户加40元",
        note_en="Office funds 20 yuan a household; welfare subsidy 80,000 yuan up to 2,000 households, 40 more each.",
    ),
    Indicator(
        code="finance.donations",
        name_zh="社会捐赠金额",
        name_en="Donations received",
        section="3.4.(一)",
        unit="yuan",
        period="year",
        rollup="sum",
        source=donations,
        events=("finance.donation.recorded",),
        public=True,
        order=2,
    ),
]


def register_all() -> None:
    register(*INDICATORS)
