"""Running a Whoosh query over every match: exact totals and facet counts, filters that leave scores alone,
a time limit, and two words widened to either word when few articles hold both."""

from __future__ import annotations

import time
from collections.abc import Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import replace
from itertools import islice
from typing import TYPE_CHECKING, Any

from whoosh import collectors
from whoosh import query as wq
from whoosh.scoring import BM25F
from whoosh.searching import Searcher  # loaded by whoosh.collectors already

from ..errors import SearchTimeout
from . import docsets
from .compiled import Compiled
from .semantics import RELAX_BELOW, widened

if TYPE_CHECKING:
    from whoosh import sorting
    from whoosh.index import Index as WhooshIndex
    from whoosh.searching import Results as WhooshResults
    from whoosh.searching import SearchContext

TIME_LIMIT_S = 30.0  # no search runs longer: a web server would make one slow query everyone's problem
CLOCK_EVERY = 256  # matches collected between two looks at the clock


def opened(source: Searcher | WhooshIndex) -> AbstractContextManager[Searcher]:
    """A searcher to use: the caller's own (left open) or a new one on an index (closed after)."""
    if isinstance(source, Searcher):
        return nullcontext(source)
    return source.searcher(weighting=weighting())


def weighting() -> BM25F:
    return BM25F(B=0.75, K1=1.2, title_B=0.5)


class _Deadline(collectors.WrappingCollector):
    """Wraps the innermost collector and ends the search once it has run ``seconds``.

    Whoosh's TimeLimitCollector replaces the collect loop of whatever it wraps, which undoes the
    collapsing collector's own loop; checking here, where every match is collected, changes nothing.
    The clock is read every 256 matches (a call costs about as much as collecting one).
    """

    def __init__(self, child: collectors.Collector, seconds: float):
        super().__init__(child)
        self.seconds = seconds

    def prepare(self, top_searcher: Searcher, q: wq.Query, context: SearchContext) -> None:
        super().prepare(top_searcher, q, context)
        self.deadline = time.monotonic() + self.seconds
        self.seen = 0

    def collect(self, sub_docnum: int) -> Any:
        self.seen += 1
        if not self.seen % CLOCK_EVERY and time.monotonic() > self.deadline:
            raise SearchTimeout(f"the search was stopped after {self.seconds:g} s; narrow it (more words, "
                                "fewer wildcards, a filter)")
        return self.child.collect(sub_docnum)


def search_all(searcher: Searcher, q: wq.Query, limit: int | None, flt: wq.Query | None = None,
               mask: wq.Query | None = None, sortedby: sorting.MultiFacet | None = None,
               groupedby: sorting.Facets | Mapping[str, sorting.FacetType] | None = None,
               collapse: str | None = None, story_mask: wq.Query | None = None) -> WhooshResults:
    """Whoosh's ``search`` with every match visited, so totals and facet counts are exact; ``flt`` and
    ``mask`` narrow the matches without changing scores (see docsets.narrow; ``story_mask``: the part of the
    mask that removes every copy of a story it matches a copy of).

    Whoosh's top-N collector (``searcher.search`` with a limit and no facets) swaps in smaller matchers
    once the page is full, dropping documents that can no longer reach it, and then counts only the
    ones it saw: 39,647 of 98,577 matches for one common word on a 100k index. ``replace=0`` keeps
    every matcher; block skipping (``usequality``) stays off for the same reason.
    """
    q, allowed = docsets.narrow(searcher, q, flt)
    masked = docsets.excluded(searcher, mask, story_mask)
    c: collectors.Collector
    if sortedby is not None:
        c = collectors.SortingCollector(sortedby, limit=limit)  # type: ignore[arg-type]  # None: every match
    elif groupedby or not limit or limit >= searcher.doc_count():
        c = collectors.UnlimitedCollector()
    else:
        c = collectors.TopCollector(limit, usequality=False, replace=0)
    c = _Deadline(c, TIME_LIMIT_S)
    # The filter goes inside the collapsing collector: a FilterCollector outside it feeds each match
    # straight to the collapser's ``collect``, past the loop that keeps one copy a story.
    if allowed is not None or masked is not None:
        c = collectors.FilterCollector(c, allowed, masked)
    if groupedby:
        c = collectors.FacetCollector(c, groupedby)
    if collapse:
        c = collectors.CollapseCollector(c, collapse, limit=1)
    searcher.search_with_collector(q, c)
    return c.results()


def held_by(searcher: Searcher, query: wq.Query, enough: int) -> int:
    """How many live articles match ``query``, counting no further than ``enough``."""
    return sum(1 for _ in islice(searcher.docs_for_query(query), enough))


def search_compiled(searcher: Searcher, compiled: Compiled, limit: int | None,
                    sortedby: sorting.MultiFacet | None = None,
                    groupedby: sorting.Facets | Mapping[str, sorting.FacetType] | None = None,
                    collapse: str | None = None) -> tuple[Compiled, WhooshResults]:
    """``search_all`` on a compiled query, and the query that ran: two plain words that fewer than
    RELAX_BELOW articles hold together are searched again as either word, with a warning saying so
    (a first page of two or three articles hid the ones that use one of the words)."""
    results = search_all(searcher, compiled.scored, limit, compiled.filter, compiled.mask, sortedby=sortedby,
                         groupedby=groupedby, collapse=collapse, story_mask=compiled.story_mask)
    if compiled.relaxed is None:
        return compiled, results
    unfiltered = compiled.filter is None and compiled.mask is None and not collapse
    wider = widened_if_few(searcher, compiled, len(results) if unfiltered else None)
    if wider is compiled:
        return compiled, results
    return wider, search_all(searcher, wider.scored, limit, wider.filter, wider.mask, sortedby=sortedby,
                             groupedby=groupedby, collapse=collapse, story_mask=wider.story_mask)


def widened_if_few(searcher: Searcher, compiled: Compiled, both: int | None = None) -> Compiled:
    """``compiled`` searching either of its two words, with the warning saying so, when fewer than
    RELAX_BELOW articles of the whole index hold both (``both``: that count, when already known); else
    ``compiled`` itself. Counted over the whole index: were the filters' articles counted, a filter could
    widen the words and show articles the same search without it leaves out."""
    if compiled.relaxed is None:
        return compiled
    note = widened(held_by(searcher, compiled.scored, RELAX_BELOW) if both is None else both)
    if note is None:
        return compiled
    return replace(compiled, scored=compiled.relaxed, relaxed=None, warnings=(*compiled.warnings, note))
