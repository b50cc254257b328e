"""Imports (upload, job progress, template) and exports of residents."""

import csv
from collections.abc import Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from linli.accounts.models import User
from linli.common.dbrouter import replica_view
from linli.common.tempfiles import unnamed_file
from linli.registry import actions, forms, importing, jobs, queries
from linli.registry.jobs import import_job_confirm, import_job_create
from linli.registry.models import (
    AGED_80,
    ImportJob,
)
from linli.registry.views.common import _form_page, _managed, _render, _staff, flash_refusal, refusal_holder
from linli.ui import searches
from linli.ui.forms import onto_form
from linli.ui.http import AuthedHttpRequest


@login_required
def import_upload(request: AuthedHttpRequest) -> HttpResponse:
    communities = _managed(request)
    form = forms.ImportForm(request.POST or None, request.FILES or None, communities=communities)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with onto_form(form) as outcome:
            job = import_job_create(
                actor=request.user, community=d["community"], upload=d["file"], dry_run=d["dry_run"]
            )
        if outcome.ok:
            return redirect("registry:import_job", code=job.code)
    context = {
        "form": form,
        "columns": importing.COLUMNS,
        "tags_column": importing.TAGS_COLUMN,
        "tag_names": [label for code, label in importing.TAG_LABELS.items() if code != AGED_80],
        "aged_80": importing.TAG_LABELS[AGED_80],
    }
    return _render(request, "registry/import.html", context, form)


@login_required
def import_job(request: HttpRequest, code: str) -> HttpResponse:
    job = queries.import_job_for(request.user, code)
    refused = refusal_holder()
    if request.method == "POST":
        with onto_form(refused) as outcome:
            new = import_job_confirm(actor=request.user, job=job)  # type: ignore[arg-type]
        if outcome.ok:
            return redirect("registry:import_job", code=new.code)
    template = "registry/_import_job.html" if request.htmx else "registry/import_job.html"  # type: ignore[attr-defined]
    context = {"job": job, "running": job.running, "imported_as": jobs.import_of(job), "refused": refused}
    # A refused "Import now" (pressed again after the import) answers 409 with the reason.
    return render(request, template, context, status=409 if refused.errors else 200)


@login_required
@require_POST
def import_job_start_again(request: HttpRequest, code: str) -> HttpResponse:
    return _import_again(request, queries.import_job_for(request.user, code), jobs.import_job_start_again)


def _import_again(request: HttpRequest, job: ImportJob, start: Any) -> HttpResponse:
    refused = refusal_holder()
    with onto_form(refused) as outcome:
        new = start(actor=request.user, job=job)
    if not outcome.ok:
        flash_refusal(request, refused)
        return redirect("registry:import_job", code=job.code)
    return redirect("registry:import_job", code=new.code)


@login_required
def import_template(request: HttpRequest, fmt: str) -> HttpResponse:
    _staff(request)
    if fmt == "csv":
        resp = HttpResponse(importing.template_csv(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        resp = HttpResponse(
            importing.template_xlsx(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    resp["Content-Disposition"] = f'attachment; filename="residents-template.{fmt}"'
    return resp


class _Echo:
    def write(self, value: str) -> str:
        return value


def export_response(
    user: User, search: queries.Search, *, fmt: str, reveal: bool
) -> HttpResponse | StreamingHttpResponse:
    """Stream the residents the user may see (masked unless `reveal`); shared with the API."""
    today = timezone.localdate()
    rows = queries.residents_search(user, search, today=today).order_by("household_id", "id")
    labels = dict(queries.tag_choices_for(user))
    lines = importing.export_rows(
        rows.iterator(chunk_size=2000), reveal=reveal, today=today, tag_labels=labels
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    if fmt == "csv":
        writer = csv.writer(_Echo())

        def stream() -> Iterator[str]:
            yield "\ufeff"
            for line in lines:
                yield writer.writerow(line)

        resp: Any = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("居民")
        for line in lines:
            ws.append(line)
        tmp = unnamed_file()  # FileResponse closes it
        wb.save(tmp)
        tmp.seek(0)
        resp = FileResponse(
            tmp, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    resp["Content-Disposition"] = f'attachment; filename="residents-{stamp}.{fmt}"'
    return resp


@login_required
@replica_view
def export(request: AuthedHttpRequest) -> HttpResponse | StreamingHttpResponse:
    _staff(request)
    form = forms.ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        search = queries.Search(
            q=searches.kept(request, request.GET.get("s", "")),
            building=int(request.GET["building"]) if request.GET.get("building", "").isdigit() else None,
            tag=request.GET.get("tag", ""),
            kind=request.GET.get("kind", ""),
        )
        with onto_form(form) as outcome:
            if d["reveal"]:
                actions.export_reveal_allow(actor=request.user, reason=d["reason"], search=search)
        if outcome.ok:
            return export_response(request.user, search, fmt=d["format"], reveal=d["reveal"])
    return _form_page(
        request,
        form,
        title=_("Export residents"),
        back=reverse("registry:search"),
        submit=_("Download"),
        intro=_(
            "Only residents you may see are exported. ID and mobile numbers are masked unless you give a reason."
        ),
    )
