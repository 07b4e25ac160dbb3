"""The re-ranking of the best hits (proximity bonus, feedback, recency), decided on the query without its
filters, so that a filter only ever removes hits: every hit it keeps has the score and the place among
the others that it has in the same search without the filter.

The steps re-score a window of the RESCORE_WINDOW best hits (the cost of reading their postings again).
Taken over the filtered matches, that window would reach hits the unfiltered search leaves outside it
(an article 112th for ``oil prices`` got the bonus once ``--person`` left four matches: 4.96 -> 14.87,
and moved above articles it ranks below without the filter). The window is therefore the unfiltered
search's, and a filtered search shows its hits in that order, then the rest by their own scores.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING

from ..index import schema as S
from .collect import search_all
from .compiled import Compiled
from .feedback import rerank as by_feedback
from .proximity import rescore
from .query import Query
from .readercache import reader_cache
from .recency import rerank as by_recency
from .semantics import RESCORE_WINDOW

if TYPE_CHECKING:
    from whoosh.searching import Searcher

Ranked = list[tuple[float, int]]  # (score, docnum), best first
CACHED_WINDOWS = 16  # unfiltered windows kept per reader (100 pairs each)


def _feedback(compiled: Compiled, query: Query) -> bool:
    """Whether feedback re-ranks: asked for, and possible (ranked by relevance, with words to expand)."""
    return query.feedback and compiled.sortedby is None and bool(compiled.words)


def reranks(compiled: Compiled, query: Query) -> bool:
    """Whether the best hits of ``compiled`` are re-ranked at all."""
    return compiled.bonus is not None or compiled.recency or _feedback(compiled, query)


def _window(searcher: Searcher, compiled: Compiled, ranked: Ranked, feedback: bool) -> Ranked:
    """The best RESCORE_WINDOW of ``ranked`` re-scored by each step the query asks for, best first."""
    window = ranked[:RESCORE_WINDOW]
    if compiled.bonus is not None and window:
        window = rescore(searcher, compiled.bonus, window)
    if feedback and window:
        words = set(searcher.schema[S.BODY].process_text(" ".join(compiled.words), mode="query"))
        window = by_feedback(searcher, window, words)
    if compiled.recency and window:
        window = by_recency(searcher, window)
    return window


def reranked(searcher: Searcher, compiled: Compiled, query: Query, ranked: Ranked,
             collapse: str | None = None) -> Ranked:
    """``ranked`` (the search's hits by score, at least its RESCORE_WINDOW best) with the best re-ranked as
    in the same search without its filter and mask (``collapse``: the field the search collapses on)."""
    if not ranked or not reranks(compiled, query):
        return ranked
    feedback = _feedback(compiled, query)
    if compiled.filter is None and compiled.mask is None:
        return _window(searcher, compiled, ranked, feedback) + ranked[RESCORE_WINDOW:]
    reference = _reference(searcher, compiled, feedback, collapse)
    kept = {docnum for _, docnum in ranked}
    head = [(score, docnum) for score, docnum in reference if docnum in kept]
    placed = {docnum for _, docnum in head}
    return head + [(score, docnum) for score, docnum in ranked if docnum not in placed]


def _reference(searcher: Searcher, compiled: Compiled, feedback: bool, collapse: str | None) -> Ranked:
    """The re-ranked window of the search without its filter and mask, kept per reader: the pages of a
    filtered search, and the facet links of one search (the same words, other filters), share it."""
    cache: OrderedDict[str, Ranked] = reader_cache(searcher.reader()).setdefault("rerank", OrderedDict())
    key = repr((compiled.scored, compiled.bonus, compiled.recency, feedback, collapse))
    if key in cache:
        cache.move_to_end(key)
        return cache[key]
    unfiltered = search_all(searcher, compiled.scored, RESCORE_WINDOW, collapse=collapse)
    cache[key] = _window(searcher, compiled, [(score, docnum) for score, docnum in unfiltered.top_n], feedback)
    while len(cache) > CACHED_WINDOWS:
        cache.popitem(last=False)
    return cache[key]
