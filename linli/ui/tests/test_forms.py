"""`onto_form`: an action's refusal lands on the form; "not in your reach" stays a 404."""

import pytest
from django import forms
from django.http import Http404

from linli.common.errors import DomainError
from linli.ui.forms import onto_form


class NameForm(forms.Form):
    name = forms.CharField()


def test_success_leaves_the_form_alone():
    form = NameForm({"name": "王"})
    assert form.is_valid()
    with onto_form(form) as outcome:
        pass
    assert outcome.ok and not form.errors


def test_a_refusal_lands_on_its_field():
    form = NameForm({"name": "王"})
    form.is_valid()
    with onto_form(form) as outcome:
        raise DomainError("bad_name", "不行", fields={"name": ["不行"]})
    assert not outcome.ok and form.errors == {"name": ["不行"]}


def test_not_in_reach_is_404_and_other_errors_pass_through():
    form = NameForm({"name": "王"})
    form.is_valid()
    with pytest.raises(Http404), onto_form(form):
        raise DomainError("not_found", "没有", status=404)
    with pytest.raises(ValueError), onto_form(form):
        raise ValueError("bug")


def test_a_refusal_without_a_form_becomes_an_error_message(rf):
    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage

    from linli.ui.forms import onto_messages

    request = rf.post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    with onto_messages(request) as outcome:
        raise DomainError("closed", "The books are closed.")
    assert not outcome.ok
    assert [str(m) for m in get_messages(request)] == ["The books are closed."]


def test_a_not_found_refusal_without_a_form_stays_a_404(rf):
    from linli.common.errors import NotFound
    from linli.ui.forms import onto_messages

    with pytest.raises(Http404), onto_messages(rf.post("/")):
        raise NotFound()
