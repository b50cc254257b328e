"""Helpers shared by every app's forms."""

from django import forms

from linli.common.errors import DomainError


def apply_domain_error(form: forms.Form, exc: DomainError) -> None:
    """Show an action's refusal on the form: on the field it names, else above the form."""
    placed = False
    for name, messages in exc.fields.items():
        for message in messages if isinstance(messages, list) else [messages]:
            if name in form.fields:
                form.add_error(name, message)
                placed = True
    if not placed:
        form.add_error(None, exc.message)
