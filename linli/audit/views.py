from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from linli.accounts import policy
from linli.audit.queries import events_for


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    if not policy.roots(request.user, "audit.view"):
        raise Http404
    action = request.GET.get("q", "").strip()
    page = Paginator(events_for(request.user, action=action), 50).get_page(request.GET.get("page"))
    return render(request, "audit/list.html", {"page": page, "q": action})
