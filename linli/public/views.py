"""The frame of a community's public board: find the community, then run the page its app registered."""

from typing import Any

from django.http import HttpRequest, HttpResponse

from linli.areas.queries import public_community
from linli.common.dbrouter import replica_view
from linli.ui.registries import BoardPage


@replica_view  # public pages tolerate a little lag (dbrouter)
def board_page(request: HttpRequest, code: str, page: BoardPage, **kwargs: Any) -> HttpResponse:
    return page.view(request, public_community(code), **kwargs)
