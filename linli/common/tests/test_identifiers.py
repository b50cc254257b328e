"""One spelling per identifier: full-width and other scripts' digits are folded to ASCII first,
then checked; what cannot be folded is refused with the checker's own message (issue 10, item 7)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from linli.areas.codes import level_of
from linli.areas.levels import Level
from linli.common.idnumber import parse_id_number
from linli.common.phone import normalize_mobile
from linli.common.tests.fullwidth import full_width, script

TODAY = dt.date(2026, 11, 26)
ID = "11010519491231002X"


def test_an_id_with_one_full_width_digit_is_stored_in_ascii():
    assert parse_id_number("1101051949\uff11231002X", today=TODAY).value == ID


def test_an_id_typed_wholly_in_full_width_is_accepted():
    parsed = parse_id_number(full_width("11010519491231002x"), today=TODAY)
    assert parsed.value == ID and parsed.birth_date == dt.date(1949, 12, 31)


def test_an_id_typed_in_groups_with_an_ideographic_space_is_accepted():
    assert parse_id_number(full_width("110105 19491231 002X"), today=TODAY).value == ID


@pytest.mark.parametrize("zero", ["\u0660", "\u06f0", "\u0966"])  # Arabic-Indic, Persian, Devanagari
def test_other_scripts_digits_are_mapped_to_ascii(zero):
    assert parse_id_number(script(ID, zero), today=TODAY).value == ID
    assert normalize_mobile(script("13800138000", zero)) == "13800138000"


def test_what_cannot_be_folded_is_refused_with_the_shape_message():
    with translation.override("en"):
        with pytest.raises(ValidationError) as info:
            parse_id_number("1101051949一231002X", today=TODAY)
        assert info.value.messages == ["An ID number is 17 digits followed by a digit or X."]


def test_a_full_width_mobile_number_with_full_width_plus_and_dashes_is_folded():
    assert normalize_mobile(full_width("+86 138-0013-8000")) == "13800138000"
    assert normalize_mobile("138\u20140013\u20148000") == "13800138000"  # em dashes between groups


def test_a_mobile_number_in_letters_that_look_like_digits_is_refused():
    with pytest.raises(ValidationError):
        normalize_mobile("13800l38000")


def test_area_codes_are_folded_before_their_level_is_read():
    from linli.areas.codes import normalize_area_code

    assert normalize_area_code(full_width("110105001001")) == "110105001001"
    assert level_of(full_width("110105001001")) == Level.COMMUNITY
    assert level_of(full_width("110105001001-03")) == Level.GRID


def test_codes_drop_the_spaces_and_dashes_typed_between_groups():
    from linli.common.identifiers import fold_code

    for typed in (
        "XRFY-EMWZ-AK8B",
        "xrfy emwz ak8b",
        full_width("xrfy-emwz-ak8b"),
        "xrfy\u2013emwz\u2013ak8b",
    ):
        assert fold_code(typed) == "XRFYEMWZAK8B"


def test_fold_keeps_non_digit_letters_for_the_checker_to_refuse():
    from linli.common.identifiers import fold

    assert fold("张三") == "张三"
    assert fold(None) == ""
