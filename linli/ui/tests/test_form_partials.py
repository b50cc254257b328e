"""The shared form partial: radios and checkboxes sit inside their labels, next to their text, so
the whole label is the touch target; a group of them is a fieldset named by its legend."""

import re

from django import forms
from django.template.loader import render_to_string


class _Form(forms.Form):
    answer = forms.ChoiceField(
        label="Was it resolved?",
        choices=[("1", "Yes"), ("0", "No")],
        widget=forms.RadioSelect,
        help_text="Pick one.",
    )
    members = forms.MultipleChoiceField(
        label="Members who leave", choices=[("a", "Ann"), ("b", "Bo")], widget=forms.CheckboxSelectMultiple
    )
    agree = forms.BooleanField(label="Count registered households", required=False)
    name = forms.CharField(label="Name")


def _html(form: forms.Form) -> str:
    return render_to_string("partials/form.html", {"form": form})


def test_each_radio_is_inside_the_label_that_names_it():
    html = _html(_Form())
    for value, text in (("1", "Yes"), ("0", "No")):
        assert re.search(
            rf'<label for="id_answer_\d">\s*<input type="radio" name="answer" value="{value}"[^>]*>\s*{text}</label>',
            html,
        )


def test_a_group_of_choices_is_a_fieldset_named_by_its_legend_and_described_by_its_help():
    html = _html(_Form())
    group = re.search(r'<fieldset class="field choices"([^>]*)>\s*<legend>Was it resolved\?', html)
    assert group and 'aria-describedby="id_answer_helptext"' in group.group(1)
    assert re.search(r'<fieldset class="field choices"[^>]*>\s*<legend>Members who leave', html)
    assert '<label for="id_answer">' not in html  # no label pointing at no input


def test_a_single_checkbox_sits_inside_its_label_before_the_text():
    html = _html(_Form())
    assert re.search(
        r'<label for="id_agree">\s*<input type="checkbox" name="agree"[^>]*>\s*<span>Count registered households</span>',
        html,
    )


def test_errors_of_a_group_are_shown_and_the_group_is_marked():
    form = _Form({"name": "x"})
    assert not form.is_valid()
    html = _html(form)
    assert '<fieldset class="field choices has-error"' in html and 'id="id_answer_error"' in html


def test_radios_and_checkboxes_are_not_stretched_like_text_boxes():
    from pathlib import Path

    from django.contrib.staticfiles import finders

    css = Path(finders.find("linli/css/linli.css")).read_text(encoding="utf-8")
    # The full-width, 44-px text box rule leaves radios and checkboxes out; their labels are 44 px high.
    assert re.search(
        r'\.field input:not\(\[type="radio"\], \[type="checkbox"\]\)[^{]*\{[^}]*width: 100%', css
    )
    assert re.search(
        r"\.field\.choices label, \.field\.check label, label\.check \{[^}]*min-height: 44px", css
    )
