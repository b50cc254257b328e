"""The community's public board section: the public indicators, small counts hidden."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from linli.areas.models import Area
from linli.indicators import queries


def board(request: HttpRequest, community: Area) -> HttpResponse:
    from linli.indicators.views import _day, decorate

    day = _day(request) if request.GET.get("on") else timezone.localdate()
    rows = decorate(queries.public_rows(community, day))
    return render(request, "indicators/public.html", {"community": community, "rows": rows, "day": day})
