"""Periodic work of the public services: the recipients' review sweep (idempotent)."""

from linli.common.jobs import periodic
from linli.publicservices.assistance.review import review_sweep
from linli.publicservices.property.actions import complaints_sweep


@periodic(seconds=3600)
def assistance_review_sweep() -> int:
    """Flags due reviews and keeps care tags in step; a second run finds nothing to change."""
    result = review_sweep()
    return result.flagged + result.tags_added + result.tags_removed


@periodic(seconds=3600)
def property_complaints_sweep() -> int:
    """Links new tickets of the property categories about an estate's buildings to the estate and
    its company of the day; a second run finds nothing to link."""
    return complaints_sweep()
