"""ROC (民國) dates and times as official documents write them.

中華民國106年8月15日（星期二）下午2時 in full; 106年8月15日 in running text; 106.8.15 or
106/8/15 in tables.
"""

from __future__ import annotations

from datetime import date, time

ROC_OFFSET = 1911
WEEKDAYS = "一二三四五六日"


def roc_year(day: date) -> int:
    """Return the ROC year of ``day`` (2017 → 106)."""
    return day.year - ROC_OFFSET


def roc_short(day: date, separator: str = ".") -> str:
    """Return 106.8.15 (or 106/8/15 with ``separator="/"``)."""
    return f"{roc_year(day)}{separator}{day.month}{separator}{day.day}"


def roc_date(day: date) -> str:
    """Return 106年8月15日."""
    return f"{roc_year(day)}年{day.month}月{day.day}日"


def weekday(day: date) -> str:
    """Return （星期二）."""
    return f"（星期{WEEKDAYS[day.weekday()]}）"


def roc_time(moment: time) -> str:
    """Return 下午2時, 上午9時30分, 中午12時."""
    hour = moment.hour
    if hour < 12:
        half, shown = "上午", hour or 12
    elif hour == 12:
        half, shown = "中午", 12
    else:
        half, shown = "下午", hour - 12
    minutes = f"{moment.minute}分" if moment.minute else ""
    return f"{half}{shown}時{minutes}"


def roc_full(day: date, moment: time | None = None) -> str:
    """Return 中華民國106年8月15日（星期二）下午2時 (the time only when given)."""
    text = f"中華民國{roc_date(day)}{weekday(day)}"
    return text + (roc_time(moment) if moment is not None else "")


def deadline_text(deadline: date | str | None, none: str = "無") -> str:
    """Return a deadline as tables write it: 106.9.30, text such as 持續辦理 as typed."""
    if deadline is None or deadline == "":
        return none
    if isinstance(deadline, date):
        return roc_short(deadline)
    return deadline
