"""The re-ranking steps' shared walk (proximity bonus, feedback): the window of best hits split by
segment, and a word's postings read at those documents only (skipped to each, never read whole)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from whoosh.reading import TermNotFound

if TYPE_CHECKING:
    from whoosh.matching import Matcher
    from whoosh.searching import Searcher


def by_segment(searcher: Searcher, docnums: Iterable[int]) -> Iterator[tuple[Searcher, int, list[int]]]:
    """(segment searcher, its first document number, the window's documents in it as sorted segment
    numbers) for each segment holding some of ``docnums``."""
    wanted = sorted(docnums)
    leaves = searcher.leaf_searchers()
    for i, (sub, offset) in enumerate(leaves):
        end = leaves[i + 1][1] if i + 1 < len(leaves) else searcher.doc_count_all()
        local = [d - offset for d in wanted if offset <= d < end]
        if local:
            yield sub, offset, local


def postings_at(searcher: Searcher, sub: Searcher, fieldname: str, word: str,
                local: list[int]) -> tuple[Any, Iterator[Matcher]] | None:
    """The scorer of ``word`` in the segment and its postings stopped at each of the ``local`` documents
    that hold it, in order; None if the segment does not hold the word."""
    text = sub.schema[fieldname].to_bytes(word)
    try:  # a word the segment lacks is found out by the scorer's look-up (no separate test: a third fewer)
        scorer = searcher.weighting.scorer(sub, fieldname, text)
    except TermNotFound:
        return None
    postings = sub.reader().postings(fieldname, text, scorer=scorer)

    def stops() -> Iterator[Matcher]:
        for d in local:
            if postings.is_active() and postings.id() < d:
                postings.skip_to(d)
            if not postings.is_active():
                return
            if postings.id() == d:
                yield postings
    return scorer, stops()

