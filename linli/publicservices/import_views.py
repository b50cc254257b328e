"""Upload pages of the two list imports (job seekers, assistance recipients): one form each,
every bad row shown by its line number, nothing written unless the whole file is clean."""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from linli.areas.queries import community_for
from linli.publicservices import importing
from linli.publicservices.permissions import VIEW
from linli.ui.forms import onto_form
from linli.ui.http import AuthedHttpRequest


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Excel file (.xlsx)"))


def _page(
    request: AuthedHttpRequest,
    code: str,
    run: Callable[..., int],
    columns: dict[str, str],
    title: str,
    back: str,
) -> HttpResponse:
    community = community_for(request.user, code, VIEW)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read(importing.MAX_BYTES + 1)
        with onto_form(form) as outcome:
            n = run(actor=request.user, community=community, data=data)
        if outcome.ok:
            messages.success(request, _("%(n)d rows were imported.") % {"n": n})
            return redirect(back)
    return render(
        request,
        "publicservices/import.html",
        {"form": form, "community": community, "columns": list(columns), "title": title, "back": back},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def seekers(request: AuthedHttpRequest, code: str) -> HttpResponse:
    return _page(
        request,
        code,
        importing.seekers_import,
        importing.SEEKER_COLUMNS,
        _("Import job seekers"),
        reverse("publicservices:employment"),
    )


@login_required
def recipients(request: AuthedHttpRequest, code: str) -> HttpResponse:
    return _page(
        request,
        code,
        importing.recipients_import,
        importing.RECIPIENT_COLUMNS,
        _("Import assistance recipients"),
        reverse("publicservices:assistance"),
    )
