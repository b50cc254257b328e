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
    from linli.tickets.actions import calendar_notice_add

    calendar_notice_add(
        actor=city_admin,
        year=2027,
        holidays=[(dt.date(2027, 1, 1), dt.date(2027, 1, 3), "元旦")],
        workdays=[dt.date(2027, 1, 9)],
    )
    calendar.changed()
    assert not calendar.is_working_day(dt.date(2027, 1, 1))
    assert calendar.is_working_day(dt.date(2027, 1, 9))
