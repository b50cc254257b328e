import datetime as dt

from linli.tickets import calendar
from linli.tickets.calendar import TZ


def at(y, m, d, h=10, mi=0):
    return dt.datetime(y, m, d, h, mi, tzinfo=TZ)


def test_shipped_2026_national_day_is_a_holiday_and_the_saturday_after_a_workday(db):
    assert not calendar.is_working_day(dt.date(2026, 10, 5))
    assert calendar.is_working_day(dt.date(2026, 10, 10))  # Saturday, 调休上班
    assert not calendar.is_working_day(dt.date(2026, 10, 11))  # Sunday


def test_shipped_2025_spring_festival_and_its_make_up_sundays(db):
    assert not calendar.is_working_day(dt.date(2025, 1, 28))
    assert not calendar.is_working_day(dt.date(2025, 2, 4))
    assert calendar.is_working_day(dt.date(2025, 1, 26))  # Sunday worked
    assert calendar.is_working_day(dt.date(2025, 2, 8))  # Saturday worked


def test_deadline_across_the_holiday_counts_the_make_up_saturday(db):
    # Submitted Wed 30 Sep 2026; 1-7 Oct off; Thu 8, Fri 9 and the make-up Sat 10 are working days.
    assert calendar.add_working_days(at(2026, 9, 30), 3) == at(2026, 10, 10, 17)


def test_deadline_across_spring_festival_2026(db):
    # Fri 13 Feb; Sat 14 Feb is a make-up workday; 15-23 Feb off; Tue 24 is the next.
    assert calendar.add_working_days(at(2026, 2, 13), 1) == at(2026, 2, 14, 17)
    assert calendar.add_working_days(at(2026, 2, 13), 2) == at(2026, 2, 24, 17)


def test_working_hours_stop_at_five_and_skip_the_holiday(db):
    # Wed 30 Sep 2026 16:00 + 8 working hours: 1 h that day, 7 h on Thu 8 Oct from 09:00.
    assert calendar.add_working_hours(at(2026, 9, 30, 16), 8) == at(2026, 10, 8, 16)


def test_working_hours_before_opening_start_at_nine(db):
    assert calendar.add_working_hours(at(2026, 11, 23, 7, 30), 2) == at(2026, 11, 23, 11)


def test_emergency_counts_clock_hours(db):
    assert calendar.response_deadline(at(2026, 10, 1, 23), 1, True) == at(2026, 10, 2, 0)


def test_an_added_notice_takes_effect(db, city_admin):
    from linli.tickets.setup import calendar_notice_add

    calendar_notice_add(
        actor=city_admin,
        year=2027,
        holidays=[(dt.date(2027, 1, 1), dt.date(2027, 1, 3), "元旦")],
        workdays=[dt.date(2027, 1, 9)],
    )
    calendar.changed()
    assert not calendar.is_working_day(dt.date(2027, 1, 1))
    assert calendar.is_working_day(dt.date(2027, 1, 9))


def test_a_deadline_into_a_year_without_a_notice_skips_new_years_day(db):
    # 2027 has no notice: Thu 31 Dec works, Fri 1 Jan is 元旦 by law, then the weekend.
    assert calendar.add_working_days(at(2026, 12, 30), 3) == at(2027, 1, 5, 17)


def test_a_year_without_a_notice_keeps_the_statutory_spring_festival_and_guesses_no_make_up_day(db):
    # 2027: 除夕 Fri 5 Feb to 正月初三 Mon 8 Feb are off; the weekend before stays a weekend.
    assert [calendar.is_working_day(dt.date(2027, 2, d)) for d in range(4, 10)] == [
        True,
        False,
        False,
        False,
        False,
        True,
    ]
    assert not calendar.is_working_day(dt.date(2027, 1, 31))  # Sunday, no 调休 guessed


def test_the_statutory_holidays_match_the_notices_of_2025_and_2026():
    from linli.tickets.holidays import NOTICES, days_of, statutory

    for year in NOTICES:
        off = {day for day, kind, _ in days_of(year) if kind == "holiday"}
        assert set(statutory(year)) <= off, year
    assert sorted(statutory(2027)) == [
        dt.date(2027, 1, 1),
        *(dt.date(2027, 2, d) for d in (5, 6, 7, 8)),
        dt.date(2027, 4, 5),  # 清明, the solar term
        dt.date(2027, 5, 1),
        dt.date(2027, 5, 2),
        dt.date(2027, 6, 9),  # 端午, 五月初五
        dt.date(2027, 9, 15),  # 中秋, 八月十五
        *(dt.date(2027, 10, d) for d in (1, 2, 3)),
    ]
    assert dt.date(2028, 4, 4) in statutory(2028)  # 清明 on the 4th in a leap year


def test_a_deadline_counted_through_a_year_without_a_notice_is_provisional(db):
    assert not calendar.provisional(at(2026, 12, 1), at(2026, 12, 8, 17))
    assert calendar.provisional(at(2026, 12, 30), at(2027, 1, 5, 17))


def test_the_missing_notice_is_asked_for_from_the_first_of_november(db):
    cal = calendar.current()
    assert cal.missing_notice(at(2026, 10, 31, 23, 59)) is None
    assert cal.missing_notice(at(2026, 11, 1, 0, 0)) == 2027
    assert cal.missing_notice(at(2027, 3, 1)) == 2027  # still missing in its own year
