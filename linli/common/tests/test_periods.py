import datetime as dt

import pytest
from django.utils import translation

from linli.common.periods import label, period_bounds

DAY = dt.date(2026, 8, 15)


@pytest.mark.parametrize(
    ("kind", "zh", "en"),
    [
        ("month", "2026年8月", "August 2026"),
        ("quarter", "2026年第三季度", "Q3 2026"),
        ("half_year", "2026年下半年", "second half of 2026"),
        ("year", "2026年", "2026"),
    ],
)
def test_a_period_reads_as_people_say_it_in_both_languages(kind, zh, en):
    start = period_bounds(kind, DAY)[0]
    with translation.override("zh-hans"):
        assert label(kind, start) == zh
    with translation.override("en"):
        assert label(kind, start) == en


def test_the_first_quarter_and_half_have_their_own_words():
    with translation.override("zh-hans"):
        assert label("quarter", dt.date(2026, 1, 1)) == "2026年第一季度"
        assert label("half_year", dt.date(2026, 1, 1)) == "2026年上半年"
    with translation.override("en"):
        assert label("half_year", dt.date(2026, 1, 1)) == "first half of 2026"
