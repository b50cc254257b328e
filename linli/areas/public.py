"""The community behind a public page (no login): any active community is public."""

from django.http import Http404

from linli.areas.levels import Level
from linli.areas.models import Area


def public_community(code: str) -> Area:
    area = Area.objects.filter(level=Level.COMMUNITY, is_active=True, code=code).first()
    if area is None:
        raise Http404
    return area
