"""What the registry's pages share: who may see them, rendering a form page, fetching the row a POST acts on."""

from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from linli.accounts import policy
from linli.areas.models import Area
from linli.registry import queries
from linli.registry.models import (
    Household,
    ResidentStatus,
)

PAGE_SIZE = 20


def _staff(request: HttpRequest) -> None:
    if not policy.roots(request.user, "areas.view"):
        raise Http404


def _managed(request: HttpRequest) -> QuerySet[Area]:
    communities = queries.communities_managed_by(request.user)
    if not communities.exists():
        raise Http404
    return communities


def _tag_labels(request: HttpRequest) -> dict[str, str]:
    return dict(queries.tag_choices_for(request.user))


def _render(request: HttpRequest, template: str, ctx: dict[str, Any], form: Any = None) -> HttpResponse:
    bad = form is not None and form.is_bound and form.errors
    return render(request, template, ctx, status=400 if bad else 200)


def _form_page(
    request: HttpRequest, form: Any, *, title: str, back: str, submit: str, intro: str = ""
) -> HttpResponse:
    ctx = {"form": form, "title": title, "back": back, "submit": submit, "intro": intro}
    return _render(request, "registry/form.html", ctx, form)


def _household_action(request: HttpRequest, pk: int) -> tuple[Household, list[Any]]:
    household = queries.household_for(request.user, pk)
    if not policy.can(request.user, "areas.view", household.community):
        raise Http404
    return household, list(household.members.filter(status=ResidentStatus.ACTIVE).order_by("id"))


def _resident_action(request: HttpRequest, pk: int) -> Any:
    resident = queries.resident_for(request.user, pk)
    if resident.status != ResidentStatus.ACTIVE:
        raise Http404
    return resident


def refusal_holder() -> forms.Form:
    """A form with no fields, for `onto_form` in views that answer a POST with a message and a
    redirect: the action's refusal lands on it whole (its message, above any field)."""
    return forms.Form({})


def flash_refusal(request: HttpRequest, holder: forms.Form) -> None:
    """Show the refusal `onto_form` put on `holder` as a message on the next page."""
    for message in holder.non_field_errors():
        messages.error(request, str(message))
