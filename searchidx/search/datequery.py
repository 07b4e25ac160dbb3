"""A date range as a Whoosh query: whole years, months and days as ``date_parts`` terms, the articles of a
day the range cuts read from the date column (``dayrange.py``), and articles dated only to a year, a
month or a day counted in when their period overlaps the range."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from whoosh import query as wq

from .. import dates
from ..index import schema as S
from .andnot import AndNot
from .dayrange import DatedToDay, WithinDay, day_term
from .readercache import reader_cache
from .semantics import COARSER_THAN

if TYPE_CHECKING:
    from whoosh.reading import IndexReader


def _days(start: datetime, end: datetime) -> list[wq.Query]:
    """[start, end) within one month: each whole day's term, and the articles of a day cut short."""
    parts: list[wq.Query] = []
    cur = start
    while cur < end:
        day = dates.period_start(cur, "day")
        next_day = dates.next_period(day, "day")
        edge = min(next_day, end)
        parts.append(day_term(cur) if cur == day and edge == next_day else WithinDay(cur, edge))
        cur = edge
    return parts


def _years_indexed(reader: IndexReader) -> tuple[int, int] | None:
    cache = reader_cache(reader)
    if "years" not in cache:
        years = []
        if S.DATE_PARTS in reader.indexed_field_names():  # "y2015" terms sort after every "m2015-01"
            years = [int(t[1:]) for t in reader.expand_prefix(S.DATE_PARTS, "y")]
        cache["years"] = (min(years), max(years)) if years else None
    return cache["years"]


def date_query(reader: IndexReader, rng: dates.DateRange) -> wq.Query:
    """The articles whose date falls in the range, and those dated only to a year, a month or a day whose
    period overlaps it (``2019`` is in ``--since 2019-06`` as it is in ``--until 2019-05``, ``2019-06-15``
    in ``--since 2019-06-15T12:00`` as in ``--until 2019-06-15T06:00``)."""
    in_range = _date_range(reader, rng)
    start = rng.start.replace(tzinfo=None) if rng.start else None
    # A coarse date is indexed as its period's first day: only the range's first year and month can
    # hold coarse articles starting before the range (the later ones start inside it).
    coarse: list[wq.Query] = [wq.And([wq.Term(S.DATE_PARTS, mark), wq.Term(S.DATE_PARTS, start.strftime(form))])
                              for period, mark, form in (("year", S.COARSE_DATE_MARK["year"], "y%Y"),
                                                         ("month", S.COARSE_DATE_MARK["month"], "m%Y-%m"))
                              if start is not None and start != dates.period_start(start, period)]
    if start is not None and start != dates.period_start(start, "day"):  # days have no mark: see DatedToDay
        coarse.append(DatedToDay(start))
    if not coarse:
        return in_range
    return wq.Or(([] if in_range is wq.NullQuery else [in_range]) + coarse)


def within_query(reader: IndexReader, rng: dates.DateRange) -> wq.Query:
    """The articles dated wholly within the range: ``2019-06`` is within June to August 2019, ``2019`` is not
    (it may be any month of the year), as the periods of a timeline leave it out (trending's period and
    baseline: an article dated only to 2019 counted in both made a name's rise from March to April smaller)."""
    in_range = _date_range(reader, rng)
    if in_range is wq.NullQuery or rng.start is None or rng.end is None:
        return in_range
    # A coarse date is indexed as its period's first day, with that day's, month's and year's terms: the
    # range's terms hold a year-dated article whenever they hold 1 January (January 2020 as a month term
    # holds "2020"). Keep those only where the range holds their whole period.
    marks = [wq.Term(S.DATE_PARTS, S.COARSE_DATE_MARK[p]) for p in ("year", "month")]
    parts: list[wq.Query] = [AndNot(in_range, wq.Or(marks))]
    for period, mark in zip(("year", "month"), marks):
        whole = _whole_periods(reader, rng, period)
        if whole is not wq.NullQuery:
            parts.append(wq.And([mark, whole]))
    return parts[0] if len(parts) == 1 else wq.Or(parts)


def _whole_periods(reader: IndexReader, rng: dates.DateRange, period: str) -> wq.Query:
    """The articles dated in the years (or months) the range holds whole."""
    assert rng.start is not None and rng.end is not None
    first = dates.period_start(rng.start, period)
    if first != rng.start:
        first = dates.next_period(first, period)
    last = dates.period_start(rng.end, period)
    if first >= last:
        return wq.NullQuery
    return _date_range(reader, dates.DateRange(first, last))


def period_query(reader: IndexReader, rng: dates.DateRange, period: str) -> wq.Query:
    """The articles dated at least to ``period`` (year, month, day) whose date falls in the range, as the
    facets and timelines count them: ``day:2019-12-15`` leaves out an article dated only to 2019-12."""
    in_range = _date_range(reader, rng)
    marks = [wq.Term(S.DATE_PARTS, S.COARSE_DATE_MARK[p]) for p in COARSER_THAN[period]]
    if in_range is wq.NullQuery or not marks:
        return in_range
    return AndNot(in_range, marks[0] if len(marks) == 1 else wq.Or(marks))


def _date_range(reader: IndexReader, rng: dates.DateRange) -> wq.Query:
    """A date range as whole years, months and days (term lookups), and the articles of a day the
    range cuts read from the date column (``dayrange.py``)."""
    start = rng.start.replace(tzinfo=None) if rng.start else None
    end = rng.end.replace(tzinfo=None) if rng.end else None
    span = _years_indexed(reader)
    if span is None:  # no dated article
        return wq.NullQuery
    first, last = datetime(span[0], 1, 1), dates.next_period(datetime(span[1], 1, 1), "year")
    lo = max(start, first) if start else first
    hi = min(end, last) if end else last
    if lo >= hi:
        return wq.NullQuery
    parts: list[wq.Query] = []
    cur = lo
    month_start = dates.period_start(cur, "month")
    if cur != month_start:  # a partial first month
        edge = min(dates.next_period(month_start, "month"), hi)
        parts += _days(cur, edge)
        cur = edge
    while cur < hi and cur.month != 1 and dates.next_period(cur, "month") <= hi:
        parts.append(wq.Term(S.DATE_PARTS, cur.strftime("m%Y-%m")))
        cur = dates.next_period(cur, "month")
    # cur < hi: past the year 9999 next_period stays at the last moment (dates/periods.py), which hi may be
    while cur < hi and dates.next_period(cur, "year") <= hi:
        parts.append(wq.Term(S.DATE_PARTS, cur.strftime("y%Y")))
        cur = dates.next_period(cur, "year")
    while cur < hi and dates.next_period(cur, "month") <= hi:
        parts.append(wq.Term(S.DATE_PARTS, cur.strftime("m%Y-%m")))
        cur = dates.next_period(cur, "month")
    if cur < hi:
        parts += _days(cur, hi)
    if not parts:
        return wq.NullQuery
    return parts[0] if len(parts) == 1 else wq.Or(parts)
