"""The State Council's yearly holiday notices (国务院办公厅关于部分节假日安排的通知), as data.

Each year: holidays (放假) as (first, last, name) ranges and make-up workdays (调休上班). Admins add a
new year's notice on the calendar page; these two ship with linli.
"""

import datetime as dt

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
