from linli.common.masking import mask_id_number, mask_phone


def test_id_number_shows_area_and_last_four():
    assert mask_id_number("11010119900307123X") == "110101********123X"


def test_phone_shows_first_three_and_last_four():
    assert mask_phone("13812345678") == "138****5678"


def test_empty_values_stay_empty():
    assert mask_phone("") == "" and mask_id_number(None) == ""
