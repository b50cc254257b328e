import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from linli.common.idnumber import check_character, parse_id_number

TODAY = dt.date(2026, 11, 26)


def reason(raw: str) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        parse_id_number(raw, today=TODAY)
    return info.value


def test_valid_number_gives_birth_date_and_gender():
    parsed = parse_id_number("11010519491231002X", today=TODAY)
    assert parsed.value == "11010519491231002X"
    assert parsed.birth_date == dt.date(1949, 12, 31)
    assert parsed.gender == "F"  # 17th digit 2 is even
    assert parsed.area_code == "110105"


def test_lowercase_x_is_accepted_and_normalised():
    assert parse_id_number(" 11010519491231002x ", today=TODAY).value == "11010519491231002X"


def test_odd_sequence_digit_is_male():
    first17 = "11010119800101001"
    parsed = parse_id_number(first17 + check_character(first17), today=TODAY)
    assert parsed.gender == "M"


def test_wrong_check_digit_names_the_expected_one():
    err = reason("110105194912310021")
    assert err.code == "id_check"
    with translation.override("en"):
        assert "should be X" in err.messages[0]


def test_impossible_date_is_refused():
    first17 = "11010519990230001"
    err = reason(first17 + check_character(first17))
    assert err.code == "id_birth_date"
    with translation.override("en"):
        assert "19990230" in err.messages[0]


def test_future_birth_date_is_refused():
    first17 = "11010520301231001"
    assert reason(first17 + check_character(first17)).code == "id_birth_future"


def test_unknown_length_is_refused():
    err = reason("1101051949123100")
    assert err.code == "id_length"
    with translation.override("en"):
        assert "16" in err.messages[0]


def test_letters_are_refused():
    assert reason("11010519491231A02X").code == "id_characters"


def test_unknown_area_code_is_refused():
    first17 = "99010519491231002"
    assert reason(first17 + check_character(first17)).code == "id_area"


def test_message_is_in_chinese_by_default():
    err = reason("110105194912310021")
    with translation.override("zh-hans"):
        assert "校验" in err.messages[0]
