from linli.common.codes import ALPHABET, short_code


def test_short_codes_use_every_character_in_every_position():
    codes = [short_code("H") for _ in range(2000)]
    assert all(len(c) == 9 and c[0] == "H" for c in codes)
    for position in range(1, 9):
        assert {c[position] for c in codes} == set(ALPHABET)
    assert len(set(codes)) == len(codes)
