"""The documents a filter or mask allows, as sets of document numbers, and how to apply them.

A filter narrows a query without changing its scores. Whoosh can apply one in two ways, and each is
slow in a different case:

- joined to the query (``Require``): matching leaps between the two posting lists, cheap when either
  side is much smaller than the other, but each leap costs a block scan in Python, so two broad sides
  (common words, a filter on a place in 40% of articles and ten years) leap thousands of times;
- as a set of allowed documents: the query's matches are walked once and checked against the set.
  Whoosh builds that set by running the filter as a query, through the same leaps.

Here the set is built segment by segment (each term's postings listed once, then Python's own set
unions and intersections) and kept per reader, so a batch of queries that share a filter (saved
queries, a long-lived library session) builds it once.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING

from whoosh import query as wq

from .readercache import reader_cache

if TYPE_CHECKING:
    from whoosh.reading import IndexReader
    from whoosh.searching import Searcher

# A filter of a few terms that matches this many times fewer documents than the query is joined to it.
LEAP_RATIO = 4
# A filter of this many posting lists (or any range) is applied as a set.
MANY_LISTS = 4
# Listing a posting costs about a twentieth of scoring a match: a filter not yet kept as a set is
# joined instead when its postings outnumber the query's matches this many times.
LIST_RATIO = 8
# Sets kept per reader, and at most this many document numbers across them (about 60 bytes each,
# so 60 MB at most).
CACHED_SETS = 16
CACHED_DOCS = 1_000_000


def _local_ids(leaf_searcher: Searcher, q: wq.Query) -> set[int]:
    """The segment-local document numbers that ``q`` matches in one segment."""
    if isinstance(q, wq.ConstantScoreQuery):
        return _local_ids(leaf_searcher, q.child)
    if isinstance(q, (wq.Or, wq.And)) and q.subqueries and not getattr(q, "minmatch", 0):
        parts = [_local_ids(leaf_searcher, sub) for sub in q.subqueries]
        return set().union(*parts) if isinstance(q, wq.Or) else set.intersection(*parts)
    if isinstance(q, wq.Not):
        return set(range(leaf_searcher.doc_count_all())) - _local_ids(leaf_searcher, q.query)
    if q is wq.NullQuery:
        return set()
    return set(q.matcher(leaf_searcher).all_ids())


def _sets(searcher: Searcher) -> OrderedDict[str, set[int]]:
    return reader_cache(searcher.reader()).setdefault("docsets", OrderedDict())


def _cached(searcher: Searcher, q: wq.Query) -> bool:
    return repr(q) in _sets(searcher)


def docs_for(searcher: Searcher, q: wq.Query) -> set[int]:
    """Every document number (index-wide) that ``q`` matches; kept per reader for later queries."""
    cache = _sets(searcher)
    key = repr(q)
    if key in cache:
        cache.move_to_end(key)
        return cache[key]
    found: set[int] = set()
    for leaf, offset in searcher.leaf_searchers():
        local = _local_ids(leaf, q)
        found.update(map(offset.__add__, local) if offset else local)
    cache[key] = found
    while len(cache) > CACHED_SETS or (len(cache) > 1 and sum(map(len, cache.values())) > CACHED_DOCS):
        cache.popitem(last=False)
    return found


def _filter_cost(reader: IndexReader, flt: wq.Query) -> tuple[int, int]:
    """How many posting lists a filter reads, and how many postings they hold."""
    lists = postings = 0
    for leaf in flt.leaves():
        if isinstance(leaf, wq.Term):
            lists += 1
            postings += reader.doc_frequency(leaf.fieldname, leaf.text)
        else:  # a range expands to many terms
            lists += MANY_LISTS
            postings += leaf.estimate_size(reader)
    return lists, postings


def narrow(searcher: Searcher, scored: wq.Query, flt: wq.Query | None) -> tuple[wq.Query, set[int] | None]:
    """``scored`` narrowed by ``flt`` without changing scores: the query to run and the allowed set.

    Measured on 100k articles: joining wins when the filter is a few terms matching a quarter of
    the query's documents or fewer (a place in 77 articles and a common word: 29 ms joined, 148 ms
    as a set), and when a broad filter met by rare words would have to be listed first. A set wins
    for filters of many terms, such as date ranges over years, whose union Whoosh reads whole for
    every join anyway (a place, ten years and a common word: 472 ms joined, 293 ms as a new set,
    212 ms as a kept one), and for broad filters met by common words.
    """
    if flt is None:
        return scored, None
    if not isinstance(scored, wq.Every):
        reader = searcher.reader()
        lists, postings = _filter_cost(reader, flt)
        scored_size = scored.estimate_size(reader)
        if lists < MANY_LISTS:
            if flt.estimate_size(reader) * LEAP_RATIO < scored_size:
                return wq.Require(scored, flt), None
            if not _cached(searcher, flt) and postings > LIST_RATIO * scored_size:
                return wq.Require(scored, flt), None
    allowed = docs_for(searcher, flt)
    if not allowed:  # Whoosh reads an empty allowed set as "no filter"
        return wq.NullQuery, None
    return scored, allowed


def excluded(searcher: Searcher, mask: wq.Query | None, story_mask: wq.Query | None = None) -> set[int] | None:
    """The documents a mask removes, or None when it removes none; with ``story_mask`` (a part of the
    mask), also every copy of each story that part matches a copy of."""
    if mask is None:
        return None
    docs = docs_for(searcher, mask)
    if story_mask is None:
        return docs or None
    cache = _sets(searcher)
    key = f"stories of {story_mask!r}"
    if key not in cache:
        cache[key] = _copies(searcher, docs_for(searcher, story_mask))
        while len(cache) > CACHED_SETS:
            cache.popitem(last=False)
    return (docs | cache[key]) or None


def _copies(searcher: Searcher, docs: set[int]) -> set[int]:
    """``docs`` and every other copy of their stories."""
    from ..index import schema as S
    from ..index.columns import column_reader

    story_of = column_reader(searcher.reader(), S.STORY)
    reader = searcher.reader()
    found = set(docs)
    for story in {story_of[d] for d in docs} - {""}:  # (an article of no story is its own)
        if reader.doc_frequency(S.STORY, story):
            found.update(reader.postings(S.STORY, story).all_ids())
    return found
