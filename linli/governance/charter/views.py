"""Charter and convention pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from linli.governance.charter import actions, queries
from linli.governance.charter import forms as f
from linli.governance.lookups import _get, managed_community
from linli.governance.models import (
    MeetingKind,
    Motion,
    MotionStatus,
)
from linli.governance.permissions import can_manage
from linli.governance.views import _attempt, _managed_or_404, _status

# ---------------------------------------------------------------------------------------------
# Charter and conventions


@login_required
def document_new(request: HttpRequest) -> HttpResponse:
    communities = _managed_or_404(request)
    form = f.DocumentForm(request.POST or None, communities=communities)
    if request.method == "POST":
        doc = _attempt(
            form,
            lambda: actions.document_create(
                actor=request.user,
                community=managed_community(request.user, form.cleaned_data["community"]),
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
            ),
        )
        if doc:
            return redirect("governance:document", code=doc.code)
    return render(
        request,
        "governance/form_page.html",
        {"form": form, "title": _("New charter or convention")},
        status=_status(form),
    )


@login_required
def document_detail(request: HttpRequest, code: str) -> HttpResponse:
    doc = queries.document_for(request.user, code)
    manage = can_manage(request.user, doc.community)
    motions = list(
        Motion.objects.filter(
            meeting__community=doc.community,
            status=MotionStatus.ADOPTED,
            meeting__kind__in=[MeetingKind.RESIDENTS, MeetingKind.REPRESENTATIVES],
            document_version__isnull=True,
        ).select_related("meeting")
    )
    latest = doc.versions.order_by("-number").first()
    form = f.AdoptForm(request.POST or None, motions=motions, initial={"text": latest.text if latest else ""})
    if request.method == "POST":
        if not manage:
            raise Http404
        version = _attempt(
            form,
            lambda: actions.document_adopt(
                actor=request.user,
                document=doc,
                text=form.cleaned_data["text"],
                motion=_get(Motion, pk=form.cleaned_data["motion"], meeting__community=doc.community),
            ),
        )
        if version:
            messages.success(request, _("Version %(n)d adopted.") % {"n": version.number})
            return redirect("governance:version", code=code, number=version.number)
    return render(
        request,
        "governance/document.html",
        {
            "doc": doc,
            "latest": latest,
            "versions": doc.versions.select_related("motion__meeting"),
            "form": form if manage else None,
        },
        status=_status(form),
    )


@login_required
def version_detail(request: HttpRequest, code: str, number: int) -> HttpResponse:
    doc = queries.document_for(request.user, code)
    version = doc.versions.filter(number=number).select_related("motion__meeting").first()
    if version is None:
        raise Http404
    previous = doc.versions.filter(number__lt=number).order_by("-number").first()
    return render(
        request,
        "governance/version.html",
        {
            "doc": doc,
            "version": version,
            "previous": previous,
            "diff": queries.version_diff(previous, version),
        },
    )
