"""What the registry cannot place yet (人户分离, issue 21): counts per community, no names.

Prints, for every community with something to resolve: people whose 户口 is elsewhere without
an area or province code, people registered here whose residence is unknown, people living
elsewhere with no address, and active households without a dwelling (空挂户; 集体户 apart).
Migration 0007 prints the same kind of summary once; this command answers later. It changes nothing.
"""

from typing import Any

from django.core.management.base import BaseCommand
from django.db.models import Count, Q

from linli.registry.models import Household, HukouPlace, LivingPlace, Resident, ResidentStatus


class Command(BaseCommand):
    help = "Report what the registry cannot place (户口 or residence unknown, 空挂户, 集体户)."

    def handle(self, *args: Any, **options: Any) -> None:
        active = Resident.objects.filter(status=ResidentStatus.ACTIVE)
        people = active.values("community__code", "community__name").annotate(
            hukou_code=Count("id", filter=~Q(hukou_where=HukouPlace.HERE) & Q(hukou_code="")),
            unknown=Count("id", filter=Q(lives_where=LivingPlace.UNKNOWN)),
            no_address=Count("id", filter=Q(lives_where=LivingPlace.ELSEWHERE, lives_address="")),
        )
        households = (
            Household.objects.filter(is_active=True, dwelling__isnull=True)
            .values("community__code")
            .annotate(
                hanging=Count("id", filter=Q(collective_unit="")),
                collective=Count("id", filter=~Q(collective_unit="")),
            )
        )
        by_code = {h["community__code"]: h for h in households}
        total = {"hukou_code": 0, "unknown": 0, "no_address": 0, "hanging": 0, "collective": 0}
        for row in people.order_by("community__code"):
            h = by_code.get(row["community__code"], {"hanging": 0, "collective": 0})
            figures = {
                **{k: row[k] for k in ("hukou_code", "unknown", "no_address")},
                **{k: h[k] for k in ("hanging", "collective")},
            }
            for k, v in figures.items():
                total[k] += v
            if any(figures.values()):
                self.stdout.write(
                    f"{row['community__code']} {row['community__name']}: "
                    f"户口 without a code {figures['hukou_code']}, residence unknown {figures['unknown']}, "
                    f"living elsewhere without an address {figures['no_address']}, "
                    f"空挂户 {figures['hanging']}, 集体户 {figures['collective']}"
                )
        self.stdout.write(
            f"total: 户口 without a code {total['hukou_code']}, residence unknown {total['unknown']}, "
            f"living elsewhere without an address {total['no_address']}, "
            f"空挂户 {total['hanging']}, 集体户 {total['collective']}"
        )
