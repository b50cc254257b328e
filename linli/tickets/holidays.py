"""The State Council's yearly holiday notices (国务院办公厅关于部分节假日安排的通知), as data.

Each year: holidays (放假) as (first, last, name) ranges and make-up workdays (调休上班). Admins add a
new year's notice on the calendar page; these two ship with linli.
"""

import datetime as dt
import functools

D = dt.date

NOTICES: dict[int, dict[str, list]] = {
    # 国办发明电(2024)12号, 2024-11-12
    2025: {
        "holidays": [
            (D(2025, 1, 1), D(2025, 1, 1), "元旦"),
            (D(2025, 1, 28), D(2025, 2, 4), "春节"),
            (D(2025, 4, 4), D(2025, 4, 6), "清明节"),
            (D(2025, 5, 1), D(2025, 5, 5), "劳动节"),
            (D(2025, 5, 31), D(2025, 6, 2), "端午节"),
            (D(2025, 10, 1), D(2025, 10, 8), "国庆节、中秋节"),
        ],
        "workdays": [D(2025, 1, 26), D(2025, 2, 8), D(2025, 4, 27), D(2025, 9, 28), D(2025, 10, 11)],
    },
    # 国务院办公厅关于2026年部分节假日安排的通知, 2025-11-04
    2026: {
        "holidays": [
            (D(2026, 1, 1), D(2026, 1, 3), "元旦"),
            (D(2026, 2, 15), D(2026, 2, 23), "春节"),
            (D(2026, 4, 4), D(2026, 4, 6), "清明节"),
            (D(2026, 5, 1), D(2026, 5, 5), "劳动节"),
            (D(2026, 6, 19), D(2026, 6, 21), "端午节"),
            (D(2026, 9, 25), D(2026, 9, 27), "中秋节"),
            (D(2026, 10, 1), D(2026, 10, 7), "国庆节"),
        ],
        "workdays": [
            D(2026, 1, 4),
            D(2026, 2, 14),
            D(2026, 2, 28),
            D(2026, 5, 9),
            D(2026, 9, 20),
            D(2026, 10, 10),
        ],
    },
}


def days_of(year: int) -> list[tuple[dt.date, str, str]]:
    """(date, kind, name) rows of one shipped notice."""
    notice = NOTICES[year]
    rows = []
    for first, last, name in notice["holidays"]:
        day = first
        while day <= last:
            rows.append((day, "holiday", name))
            day += dt.timedelta(days=1)
    rows += [(day, "workday", "调休上班") for day in notice["workdays"]]
    return rows


# 《全国年节及纪念日放假办法》 (as amended in 2024): the days off that the law itself fixes. A year
# without a notice counts these, and guesses no make-up workdays (the notice alone sets those).
@functools.cache
def statutory(year: int) -> dict[dt.date, str]:
    """{date: name} of the statutory holidays of `year`, lunar dates computed (lunar-python)."""
    from lunar_python import Lunar, Solar

    def lunar(month: int, day: int) -> dt.date:
        solar = Lunar.fromYmd(year, month, day).getSolar()
        return D(solar.getYear(), solar.getMonth(), solar.getDay())

    def qingming() -> dt.date:
        # The day the sun reaches 15° (the 清明 solar term): 4 or 5 April in this era.
        for day in (4, 5, 6, 3):
            if Solar.fromYmd(year, 4, day).getLunar().getJieQi() == "清明":
                return D(year, 4, day)
        raise ValueError(year)  # pragma: no cover - the term always falls in 3-6 April

    spring = lunar(1, 1)  # 正月初一
    days = {D(year, 1, 1): "元旦"}
    for offset in range(-1, 3):  # 除夕 (the lunar year's last day) to 正月初三
        days[spring + dt.timedelta(days=offset)] = "春节"
    days[qingming()] = "清明节"
    days[D(year, 5, 1)] = days[D(year, 5, 2)] = "劳动节"
    days[lunar(5, 5)] = "端午节"
    days[lunar(8, 15)] = "中秋节"
    for day in (1, 2, 3):
        days[D(year, 10, day)] = "国庆节"
    return days
