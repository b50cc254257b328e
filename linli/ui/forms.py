"""Helpers shared by every app's forms."""

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from linli.common.errors import DomainError


def set_choices(form: forms.BaseForm, name: str, choices: Iterable[Any]) -> None:
    """Give a choice field of this form instance its choices (a form's `fields` are typed as plain
    `Field`, which has none)."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{name} is not a choice field")
    field.choices = choices


def set_queryset(form: forms.BaseForm, name: str, queryset: QuerySet[Any]) -> None:
    """Give a model choice field of this form instance the rows it offers."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{name} is not a model choice field")
    field.queryset = queryset


def apply_domain_error(
    form: forms.Form, exc: DomainError, elsewhere: Mapping[str, str] | None = None
) -> None:
    """Show an action's refusal on the form: on the field it names, else above the form.
    `elsewhere` maps a field the action names but the form lacks to the form field where it was
    typed (a tenant's ID number typed in the tenants box): the refusal's message goes there."""
    fields = dict(exc.fields)
    for name, target in (elsewhere or {}).items():
        if name in exc.fields and name not in form.fields:
            fields[target] = [exc.message]
    placed = False
    for name, texts in fields.items():
        for message in texts if isinstance(texts, list) else [texts]:
            if name in form.fields:
                form.add_error(name, message)
                placed = True
    if not placed:
        form.add_error(None, exc.message)


def reraise_not_found(exc: DomainError) -> None:
    """A refusal meaning "not in your reach" (status 404) becomes Http404: outside rows are 404."""
    if exc.status == 404:
        raise Http404 from None


@dataclass
class Outcome:
    ok: bool = True


@contextmanager
def onto_form(form: forms.Form, *, elsewhere: Mapping[str, str] | None = None) -> Iterator[Outcome]:
    """Run an action for a submitted form: a refusal lands on the form and sets `ok` to False,
    one meaning "not in your reach" (404) becomes Http404.

        with onto_form(form) as outcome:
            actions.something(actor=request.user, ...)
        if outcome.ok:
            messages.success(...)
            return redirect(...)
    """
    outcome = Outcome()
    try:
        yield outcome
    except DomainError as exc:
        reraise_not_found(exc)
        apply_domain_error(form, exc, elsewhere)
        outcome.ok = False


@contextmanager
def onto_messages(request: HttpRequest) -> Iterator[Outcome]:
    """`onto_form` for a button with no form of its own: a refusal becomes an error message on the
    next page and sets `ok` to False; one meaning "not in your reach" (404) becomes Http404."""
    outcome = Outcome()
    try:
        yield outcome
    except DomainError as exc:
        reraise_not_found(exc)
        messages.error(request, exc.message)
        outcome.ok = False
