"""The spans dates are counted in (timelines) and shifted by: a period's first moment, the next one's, its label."""

from __future__ import annotations

from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta

PERIODS = ("day", "week", "month", "year")  # the spans a date is counted in (timelines) or shifted by


def shift(moment: datetime, n: int, unit: str) -> datetime:
    """``moment`` moved ``n`` days, weeks, months or years (a month from 31 January is 28/29 February)."""
    if unit == "day":
        return moment + timedelta(days=n)
    if unit == "week":
        return moment + timedelta(weeks=n)
    if unit == "month":
        return moment + relativedelta(months=n)
    return moment + relativedelta(years=n)


def period_start(moment: datetime, by: str) -> datetime:
    """The first moment of the day, week (from Monday), month or year holding ``moment``."""
    day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    if by == "day":
        return day
    if by == "week":
        return day - timedelta(days=day.weekday())
    if by == "month":
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def next_period(start: datetime, by: str) -> datetime:
    """The first moment of the period after the one starting at ``start``; the last moment a datetime
    can hold when that is past the year 9999 (an article dated 9999-12-31, a common "no date" stand-in,
    must not stop a date filter or a timeline)."""
    try:
        return shift(start, 1, by)
    except (OverflowError, ValueError):
        return datetime.max.replace(tzinfo=start.tzinfo)


def period_label(start: datetime, by: str) -> str:
    """How a period is named in timelines and facets: 2022, 2022-09, or its first day."""
    if by == "year":
        return f"{start.year:04d}"
    if by == "month":
        return f"{start.year:04d}-{start.month:02d}"  # strftime's %Y gives "1", not "0001", on Linux
    return start.date().isoformat()  # a day, or the Monday a week starts on


def facet_term(period: str) -> str:
    """A year (``2019``) or month (``2019-09``) as the index's year and month fields hold it: strftime's %Y,
    which writes the year 998 as "998" on Linux, where labels are four digits (``0998``)."""
    year, _, month = period.partition("-")
    try:
        return datetime(int(year), int(month or 1), 1).strftime("%Y-%m" if month else "%Y")
    except ValueError:  # (the year 0: no article is dated so)
        return period


def facet_label(value: str) -> str:
    """A year or month value of the index as labels write it, four-digit years (``998-05`` -> ``0998-05``)."""
    year, sep, rest = value.partition("-")
    return year.zfill(4) + sep + rest
