"""The proximity bonus: phrase and title scores added to the best hits only, then those hits re-ranked."""

from __future__ import annotations

from functools import reduce
from typing import TYPE_CHECKING, cast

from whoosh import query as wq
from whoosh.matching import IntersectionMatcher, ListMatcher, WrappingMatcher
from whoosh.query.spans import SpanNear2

from .window import by_segment, postings_at

if TYPE_CHECKING:
    from whoosh.matching import Matcher
    from whoosh.searching import Searcher


def rescore(searcher: Searcher, bonus: wq.Query, window: list[tuple[float, int]]) -> list[tuple[float, int]]:
    """Add the bonus scores to the best hits and re-rank them (a rescore window)."""
    extra = _bonus_scores(searcher, bonus, {docnum for _, docnum in window}) if window else {}
    return sorted(((score + extra.get(docnum, 0.0), docnum) for score, docnum in window),
                  key=lambda sd: (-sd[0], sd[1]))


def _bonus_scores(searcher: Searcher, bonus: wq.Query, docnums: set[int]) -> dict[int, float]:
    """The bonus parts' scores on ``docnums`` only: a phrase (its words in order within its slop) or an
    And of one field's words (all of them, anywhere in the field), each scored as its words' sum.

    Whoosh's own span matching and scoring, fed just these documents' postings: searching with a
    filter would still match spans in every document that holds the words (seconds on large indexes).
    """
    # compile.Compiler._proximity makes the bonus of these two kinds only
    parts = cast("list[wq.Phrase | wq.And]", bonus.subqueries if isinstance(bonus, wq.Or) else [bonus])
    scores: dict[int, float] = {}
    for sub, offset, local in by_segment(searcher, docnums):
        for part in parts:
            if isinstance(part, wq.Phrase):
                fieldname, words = part.fieldname, list(part.words)
            else:
                terms = cast("list[wq.Term]", part.subqueries)
                fieldname, words = terms[0].fieldname, [str(t.text) for t in terms]
            matchers = _window_postings(searcher, sub, fieldname, words, local, ListMatcher)
            if matchers is None:
                continue
            m: Matcher
            if isinstance(part, wq.Phrase):
                m = SpanNear2.SpanNear2Matcher(matchers, slop=part.slop, ordered=True, mindist=1)
            else:
                m = reduce(IntersectionMatcher, cast("list[Matcher]", matchers))
            if part.boost != 1.0:
                m = WrappingMatcher(m, boost=part.boost)
            while m.is_active():
                scores[m.id() + offset] = scores.get(m.id() + offset, 0.0) + m.score()
                m.next()
    return scores


def _window_postings(searcher: Searcher, sub: Searcher, fieldname: str, words: list[str], local: list[int],
                     list_matcher: type[ListMatcher]) -> list[ListMatcher] | None:
    """One list matcher per word over just the ``local`` documents (None if a word is absent)."""
    field = sub.schema[fieldname]
    out = []
    for word in words:
        found = postings_at(searcher, sub, fieldname, word, local)
        if found is None:
            return None
        scorer, stops = found
        ids, weights, values = [], [], []
        for postings in stops:
            ids.append(postings.id())
            weights.append(postings.weight())
            values.append(postings.value())
        if not ids:
            return None
        out.append(list_matcher(ids, weights, values, format=field.format, scorer=scorer))
    return out
