"""Timelines: matches per day, week, month or year, zero-filled, optionally split by a facet."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from whoosh import sorting
from whoosh.reading import TermNotFound
from whoosh.util.times import long_to_datetime

from .. import dates
from ..enrich.aliases import Registry
from ..errors import SearchidxError, TimelineTooLong
from ..index import schema as S
from ..index.columns import column_reader
from .collect import opened, search_compiled
from .compile import compile_query
from .facets import one_per_folded_name
from .query import Query
from .results import Timeline
from .semantics import COARSER_THAN

if TYPE_CHECKING:
    from whoosh.index import Index as WhooshIndex
    from whoosh.reading import IndexReader
    from whoosh.searching import Searcher


def span(rng: dates.DateRange, seen: list[datetime], by: str) -> list[datetime]:
    """The first moment of every period from since (else the earliest date ``seen``) to until (else the
    latest): a timeline's rows, zero or not."""
    first = rng.start.replace(tzinfo=None) if rng.start else (min(seen) if seen else None)
    last: datetime | None
    if rng.end:
        last = rng.end.replace(tzinfo=None) - timedelta(microseconds=1)
    else:
        last = max(seen) if seen else None
    periods: list[datetime] = []
    if first is not None and last is not None:
        p = dates.period_start(first, by)
        while p <= last:
            if len(periods) == MAX_PERIODS:  # the later matches would go uncounted, and unsaid
                raise TimelineTooLong(
                    f"a timeline by {by} from {dates.period_label(periods[0], by)} to "
                    f"{dates.period_label(dates.period_start(last, by), by)} would have over {MAX_PERIODS:,} rows: "
                    f"narrow it with since and until, or count by a longer period (by month or year)")
            periods.append(p)
            p = dates.next_period(p, by)
    return periods


MAX_PERIODS = 100_000


def timeline(ix: Searcher | WhooshIndex, registry: Registry, query: Query, by: str = "month", split: str | None = None,
             top: int = 5, now: datetime | None = None) -> Timeline:
    """Matches per period (zero-filled over the span of the data or of since/until), optionally split by a
    facet."""
    if by not in dates.PERIODS:
        raise SearchidxError(f"by must be one of {', '.join(dates.PERIODS)}, not {by!r}")
    with opened(ix) as searcher:
        compiled = compile_query(searcher, registry, query.replace(facets=()), now)
        groupedby = None
        if split:
            groupedby = {split: sorting.FieldFacet(split, allow_overlap=split in S.ENTITY_FIELDS,
                                                   maptype=sorting.UnorderedList)}
        compiled, res = search_compiled(searcher, compiled, None, groupedby=groupedby)
        docnums = [d for _, d in res.top_n]
        reader = searcher.reader()
        raw = column_reader(reader, S.DATE, translate=False)
        date_column = reader.schema[S.DATE].column_type
        assert date_column is not None  # the date field is sortable (schema.py)
        missing = date_column.default_value()
        story = column_reader(reader, S.STORY) if query.per_story else None
        when: dict[int, datetime] = {}
        undated, coarse = set(), set()
        too_coarse = coarse_dated(reader, by)
        for d in docnums:
            value = raw[d]
            if value == missing:
                undated.add(story[d] if story else d)
            elif d in too_coarse:
                coarse.add(story[d] if story else d)
            else:
                when[d] = long_to_datetime(value)
        raw_groups: dict = {}
        if split:
            raw_groups = {(v.decode("utf-8") if isinstance(v, bytes) else v): ds for v, ds in res.groups(split).items()}
            if split in S.FOLDED_FACETS:
                raw_groups = one_per_folded_name(raw_groups)
    periods = span(dates.filter_range(query.since, query.until, now), list(when.values()), by)
    index_of = {dates.period_label(p, by): i for i, p in enumerate(periods)}
    label_of = {d: dates.period_label(dates.period_start(moment, by), by) for d, moment in when.items()}
    # the articles (or stories) the rows count, each once (a story's copies on three days are one story)
    shown = {story[d] if story else d for d, label in label_of.items() if label in index_of}
    groups: dict[str, list[int]] = {"all": docnums}
    if split:
        def counted(ds: list[int]) -> int:  # what the series count: a source's four copies of a story are one
            return len({story[d] if story else d for d in ds if label_of.get(d) in index_of})

        # the top values by what the series count: a value of only undated matches would be a row of zeros
        ranked = sorted(raw_groups.items(), key=lambda kv: (-counted(kv[1]), str(kv[0])))
        groups = {str(v): list(ds) for v, ds in ranked if v not in (None, "")}
        groups = dict(list(groups.items())[:top])
    series: dict[str, list[int]] = {}
    for label, ds in groups.items():
        buckets: list[set] = [set() for _ in periods]
        for d in ds:
            if d in label_of:
                i = index_of.get(label_of[d])
                if i is not None:
                    buckets[i].add(story[d] if story else d)
        series[label] = [len(b) for b in buckets]
    # A story is left out ("undated", "dated only to a year") only when no row counts it: one undated copy
    # of a story whose other copies are dated is shown, in their periods
    coarse -= shown
    undated -= shown | coarse
    return Timeline(by=by, counted="stories" if query.per_story else "articles",
                    periods=[dates.period_label(p, by) for p in periods], series=series,
                    undated=len(undated), split=split, warnings=list(compiled.warnings), coarse=len(coarse),
                    total=len(shown))


def coarse_dated(reader: IndexReader, by: str) -> set[int]:
    """The articles dated only to a period longer than ``by`` (their date_parts mark says so)."""
    out: set[int] = set()
    for precision in COARSER_THAN[by]:
        try:
            out.update(reader.postings(S.DATE_PARTS, S.COARSE_DATE_MARK[precision]).all_ids())
        except TermNotFound:  # no article of the index is dated so
            pass
    return out
