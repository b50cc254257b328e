"""Charter and convention pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from linli.governance.charter import actions, queries
from linli.governance.charter import forms as f
from linli.governance.lookups import _get, _managed_or_404, managed_community
from linli.governance.models import (
    Document,
    MeetingKind,
    Motion,
    MotionStatus,
)
from linli.governance.permissions import can_manage
from linli.ui.forms import onto_form
from linli.ui.http import AuthedHttpRequest

# ---------------------------------------------------------------------------------------------
# Charter and conventions


@login_required
def document_new(request: AuthedHttpRequest) -> HttpResponse:
    form = f.DocumentForm(request.POST or None, communities=_managed_or_404(request))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with onto_form(form) as outcome:
            doc = actions.document_create(
                actor=request.user,
                community=managed_community(request.user, d["community"]),
                kind=d["kind"],
                title=d["title"],
            )
        if outcome.ok:
            return redirect("governance:document", code=doc.code)
    title = _("New charter or convention")
    status = 400 if form.errors else 200
    return render(request, "governance/form_page.html", {"form": form, "title": title}, status=status)


def _adoptable(doc: Document) -> list[Motion]:
    """Adopted decisions of a deciding meeting of the document's community, not yet used."""
    return list(
        Motion.objects.filter(
            meeting__community=doc.community,
            status=MotionStatus.ADOPTED,
            meeting__kind__in=[MeetingKind.RESIDENTS, MeetingKind.REPRESENTATIVES],
            document_version__isnull=True,
        ).select_related("meeting")
    )


def _page(request: HttpRequest, doc: Document, form: f.AdoptForm | None = None) -> HttpResponse:
    latest = doc.versions.order_by("-number").first()
    if form is None:
        form = f.AdoptForm(motions=_adoptable(doc), initial={"text": latest.text if latest else ""})
    context = {
        "doc": doc,
        "latest": latest,
        "versions": doc.versions.select_related("motion__meeting"),
        "form": form if can_manage(request.user, doc.community) else None,
    }
    return render(request, "governance/document.html", context, status=400 if form.errors else 200)


@login_required
def document_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _page(request, queries.document_for(request.user, code))


@require_POST
@login_required
def document_adopt(request: AuthedHttpRequest, code: str) -> HttpResponse:
    doc = queries.document_for(request.user, code)
    if not can_manage(request.user, doc.community):
        raise Http404
    form = f.AdoptForm(request.POST, motions=_adoptable(doc))
    if form.is_valid():
        d = form.cleaned_data
        with onto_form(form) as outcome:
            motion = _get(Motion, pk=d["motion"], meeting__community=doc.community)
            version = actions.document_adopt(actor=request.user, document=doc, text=d["text"], motion=motion)
        if outcome.ok:
            messages.success(request, _("Version %(n)d adopted.") % {"n": version.number})
            return redirect("governance:version", code=code, number=version.number)
    return _page(request, doc, form)


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
