"""Party pages of a community: the tree of Party organizations, the Party worker, and — only with
a "party" SensitiveGrant — the members and their transfers in and out."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from linli.areas.models import Area
from linli.common.masking import mask_phone
from linli.organizations import actions, queries
from linli.organizations import permissions as perms
from linli.organizations.forms import PartyMemberForm, PartyOrgForm, PartyWorkerForm, TransferOutForm
from linli.ui.forms import onto_form, set_choices
from linli.ui.http import AuthedHttpRequest


def _forms(tree: list[Any], data: Any = None, which: str = "") -> dict[str, Form]:
    choices = [(o.code, "— " * o.depth + o.name) for o in tree]
    org_form = PartyOrgForm(data if which == "org_form" else None)
    set_choices(org_form, "parent", [("", "—"), *choices])
    member_form = PartyMemberForm(data if which == "member_form" else None)
    set_choices(member_form, "party_org", choices)
    return {
        "org_form": org_form,
        "member_form": member_form,
        "worker_form": PartyWorkerForm(data if which == "worker_form" else None),
        "out_form": TransferOutForm(data if which == "out_form" else None),
    }


def _page(request: AuthedHttpRequest, community: Area, status: int = 200, **bound: Form) -> HttpResponse:
    user = request.user
    tree = queries.party_orgs_of(user, community)
    forms = _forms(tree)
    forms.update(bound)
    sees_members = perms.can_see_party_members(user, community)
    worker = queries.party_worker_of(user, community)
    context = {
        "community": community,
        "tree": tree,
        "worker": worker,
        "worker_phone": mask_phone(worker.phone) if worker else "",
        "sees_members": sees_members,
        "members": list(queries.party_members_for(user, community)) if sees_members else [],
        "transfers": list(queries.party_transfers_for(user, community)[:100]) if sees_members else [],
        "may_manage": perms.can_manage_party(user, community),
        "may_keep": perms.can_keep_party_members(user, community),
        **forms,
    }
    return render(request, "organizations/party.html", context, status=status)


@login_required
def party(request: AuthedHttpRequest, code: str) -> HttpResponse:
    return _page(request, queries.community_for(request.user, code))


def _party_org(request: AuthedHttpRequest, community: Area, code: str) -> Any:
    if not code:
        return None
    org = queries.party_org_for(request.user, code)
    if org.community_id != community.pk:
        raise Http404
    return org


def _step(request: AuthedHttpRequest, community: Area, name: str, run: Any, done: str) -> HttpResponse:
    tree = queries.party_orgs_of(request.user, community)
    form = _forms(tree, request.POST, name)[name]
    if form.is_valid():
        with onto_form(form) as outcome:
            run(form.cleaned_data)
        if outcome.ok:
            messages.success(request, done)
            return redirect("organizations:party", community.code)
    return _page(request, community, status=400, **{name: form})


@login_required
@require_POST
def party_org_add(request: AuthedHttpRequest, code: str) -> HttpResponse:
    community = queries.community_for(request.user, code)
    return _step(
        request,
        community,
        "org_form",
        lambda d: actions.party_org_add(
            actor=request.user,
            community=community,
            kind=d["kind"],
            name=d["name"],
            parent=_party_org(request, community, d["parent"]),
            secretary_name=d["secretary_name"],
        ),
        _("The Party organization was set up."),
    )


@login_required
@require_POST
def party_member_add(request: AuthedHttpRequest, code: str) -> HttpResponse:
    community = queries.community_for(request.user, code)
    if not perms.can_see_party_members(request.user, community):
        raise Http404
    return _step(
        request,
        community,
        "member_form",
        lambda d: actions.party_member_add(
            actor=request.user,
            party_org=_party_org(request, community, d["party_org"]),
            name=d["name"],
            joined_party_on=d["joined_party_on"],
            transferred_from=d["transferred_from"],
            on=d["on"],
        ),
        _("The Party member was recorded."),
    )


@login_required
@require_POST
def party_member_out(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    member = queries.party_member_for(request.user, pk)
    return _step(
        request,
        member.community,
        "out_form",
        lambda d: actions.party_member_transfer_out(
            actor=request.user, member=member, to=d["to"], on=d["on"]
        ),
        _("The transfer out was recorded."),
    )


@login_required
@require_POST
def party_worker_set(request: AuthedHttpRequest, code: str) -> HttpResponse:
    community = queries.community_for(request.user, code)
    return _step(
        request,
        community,
        "worker_form",
        lambda d: actions.party_worker_set(
            actor=request.user, community=community, name=d["name"], phone=d["phone"], since=d["since"]
        ),
        _("The Party worker was recorded."),
    )
