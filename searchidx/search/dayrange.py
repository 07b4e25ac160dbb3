"""The part of a day a date range covers: the day's term, kept to the articles whose date column falls in
the range.

Dates are not indexed as numbers: a numeric date field writes several terms an article, nearly all of
them in no other article, and new terms are what writing an index costs most (7% of writing short
newswire). Whole years, months and days are single terms (``schema.DATE_PARTS``); only a range's edges
that cut a day read the date column, for the few articles of that day.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from whoosh.matching import FilterMatcher
from whoosh.query import Term
from whoosh.query.wrappers import WrappingQuery
from whoosh.util.times import datetime_to_long

from ..index import schema as S
from ..index.columns import column_reader

if TYPE_CHECKING:
    from whoosh.matching import Matcher
    from whoosh.query import Query
    from whoosh.reading import IndexReader
    from whoosh.searching import Searcher


def day_term(moment: datetime) -> Term:
    """The term of the day holding ``moment`` (naive UTC), as ``index/documents.py`` writes it."""
    return Term(S.DATE_PARTS, moment.strftime(S.DAY_PART))


class _DatedWithin:
    """The documents whose date column value lies in [low, high), as a container FilterMatcher asks."""

    def __init__(self, column: Any, low: int, high: int):
        self.column, self.low, self.high = column, low, high

    def __contains__(self, docnum: int) -> bool:
        return self.low <= self.column[docnum] < self.high


class _DatedToTheDay:
    """The documents dated only to a day whose midnight is ``midnight``: a day's date is written as its
    midnight, so the column alone cannot tell one from an article timed at 00:00:00; the stored
    precision (read for those few) can."""

    def __init__(self, column: Any, midnight: int, reader: IndexReader):
        self.column, self.midnight, self.reader = column, midnight, reader

    def __contains__(self, docnum: int) -> bool:
        return (self.column[docnum] == self.midnight
                and self.reader.stored_fields(docnum).get(S.PRECISION) == "day")


class DatedToDay(WrappingQuery):
    """The articles dated only to the day holding ``moment`` (naive UTC), whatever time of it a range
    starts at: the day is their period, as a year or a month is for articles dated only to those."""

    def __init__(self, moment: datetime, child: Query | None = None):
        super().__init__(child if child is not None else day_term(moment))
        self.day = moment.replace(hour=0, minute=0, second=0, microsecond=0)

    def _rewrap(self, child: Query) -> DatedToDay:
        return DatedToDay(self.day, child)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DatedToDay) and self.child == other.child and self.day == other.day

    def __hash__(self) -> int:
        return hash((self.__class__.__name__, self.child, self.day))

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}({self.day!r})"

    def __str__(self) -> str:
        return f"({self.child} dated only to the day)"

    def matcher(self, searcher: Searcher, context: Any = None) -> Matcher:
        child = self.child.matcher(searcher, context)
        reader = searcher.reader()
        dates = column_reader(reader, S.DATE, translate=False)
        return FilterMatcher(child, _DatedToTheDay(dates, datetime_to_long(self.day), reader))


class WithinDay(WrappingQuery):
    """The articles dated from ``start`` (included) to ``end`` (excluded), both in one day (naive UTC)."""

    def __init__(self, start: datetime, end: datetime, child: Query | None = None):
        super().__init__(child if child is not None else day_term(start))
        self.start, self.end = start, end

    def _rewrap(self, child: Query) -> WithinDay:
        return WithinDay(self.start, self.end, child)

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, WithinDay) and self.child == other.child and self.start == other.start
                and self.end == other.end)

    def __hash__(self) -> int:
        return hash((self.__class__.__name__, self.child, self.start, self.end))

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}({self.start!r}, {self.end!r})"

    def __str__(self) -> str:
        return f"date:[{self.start.isoformat()} TO {self.end.isoformat()})"

    def matcher(self, searcher: Searcher, context: Any = None) -> Matcher:
        child = self.child.matcher(searcher, context)
        dates = column_reader(searcher.reader(), S.DATE, translate=False)
        return FilterMatcher(child, _DatedWithin(dates, datetime_to_long(self.start), datetime_to_long(self.end)))
