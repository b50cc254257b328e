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


class TenantsForm(forms.Form):
    tenants = forms.CharField()
    landlord = forms.CharField(required=False)
    station = forms.ChoiceField(required=False)
    dwelling = forms.ModelChoiceField(queryset=None, required=False)


def test_a_refusal_about_a_field_the_form_lacks_lands_where_it_was_typed():
    form = TenantsForm({"tenants": "租客甲, 110105199001010710"})
    form.is_valid()
    with onto_form(form, elsewhere={"id_number": "tenants"}) as outcome:
        raise DomainError("bad_id", "身份证号有误", fields={"id_number": ["校验位不对"]})
    assert not outcome.ok and form.errors == {"tenants": ["身份证号有误"]}


def test_without_elsewhere_such_a_refusal_stays_above_the_form():
    form = TenantsForm({"tenants": "租客甲"})
    form.is_valid()
    with onto_form(form):
        raise DomainError("bad_id", "身份证号有误", fields={"id_number": ["校验位不对"]})
    assert form.errors == {"__all__": ["身份证号有误"]}


def test_choices_and_querysets_are_set_on_fields_of_the_right_kind_only():
    from django.contrib.auth.models import Group

    from linli.ui.forms import set_choices, set_queryset

    form = TenantsForm()
    set_choices(form, "station", [("1", "一站")])
    set_queryset(form, "dwelling", Group.objects.none())
    assert list(form.fields["station"].choices) == [("1", "一站")]
    with pytest.raises(TypeError):
        set_choices(form, "landlord", [("1", "x")])
    with pytest.raises(TypeError):
        set_queryset(form, "station", Group.objects.none())
