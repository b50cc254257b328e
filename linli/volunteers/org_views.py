"""The page that makes an organization's activity a volunteer activity (sign-up, check-in, hours).

Linked from the organization's page; the officers of the organization and the community's
volunteer staff use it. Anyone else gets 404.
"""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from linli.common.errors import NotFound
from linli.ui.forms import onto_form
from linli.ui.http import AuthedHttpRequest
from linli.volunteers import actions
from linli.volunteers.forms import FromOrgForm
from linli.volunteers.models import Activity, Team


def _now() -> dt.datetime:
    return timezone.now()


@login_required
def from_org(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    try:
        org_activity = actions.org_activity_for(request.user, pk)
    except NotFound:
        raise Http404 from None
    linked = Activity.objects.filter(org_activity=org_activity).first()
    if linked is not None:
        return redirect("volunteers:activity", code=linked.code)
    if not actions.may_make_from_org(request.user, org_activity):
        raise Http404
    org = org_activity.organization
    teams = {t.code: t for t in Team.objects.filter(organization=org)}
    start = dt.datetime.combine(org_activity.held_on, dt.time(9), tzinfo=timezone.get_current_timezone())
    form = FromOrgForm(
        request.POST or None,
        teams=[(code, t.name) for code, t in teams.items()],
        initial={"starts_at": start, "ends_at": start + dt.timedelta(hours=3), "capacity": 20},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with onto_form(form) as outcome:
            act = actions.activity_from_org(
                actor=request.user,
                org_activity=org_activity,
                starts_at=d["starts_at"],
                ends_at=d["ends_at"],
                capacity=d["capacity"],
                team=teams.get(d["team"]),
                skills=d["skills"],
                now=_now(),
            )
        if outcome.ok:
            messages.success(request, _("Activity %(code)s was created.") % {"code": act.code})
            return redirect("volunteers:activity", code=act.code)
    return render(
        request,
        "volunteers/from_org.html",
        {"form": form, "org_activity": org_activity, "org": org},
        status=400 if form.errors else 200,
    )
