"""The proximity bonus: phrase scores added to the best hits only, then those hits re-ranked."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from whoosh import query as wq
from whoosh.matching import ListMatcher, WrappingMatcher
from whoosh.query.spans import SpanNear2

from .window import by_segment, postings_at

if TYPE_CHECKING:
    from whoosh.matching import Matcher
    from whoosh.searching import Searcher


def rescore(searcher: Searcher, bonus: wq.Query, window: list[tuple[float, int]]) -> list[tuple[float, int]]:
    """Add proximity-phrase scores to the best hits and re-rank them (a rescore window)."""
    extra = _phrase_scores(searcher, bonus, {docnum for _, docnum in window}) if window else {}
    return sorted(((score + extra.get(docnum, 0.0), docnum) for score, docnum in window),
                  key=lambda sd: (-sd[0], sd[1]))


def _phrase_scores(searcher: Searcher, bonus: wq.Query, docnums: set[int]) -> dict[int, float]:
    """The bonus phrases' scores on ``docnums`` only.

    Whoosh's own span matching and scoring, fed just these documents' postings: searching with a
    filter would still match spans in every document that holds the words (seconds on large indexes).
    """
    # compile.Compiler._proximity makes the bonus of phrases only
    phrases = cast("list[wq.Phrase]", bonus.subqueries if isinstance(bonus, wq.Or) else [bonus])
    scores: dict[int, float] = {}
    for sub, offset, local in by_segment(searcher, docnums):
        for phrase in phrases:
            matchers = _window_postings(searcher, sub, phrase, local, ListMatcher)
            if matchers is None:
                continue
            m: Matcher = SpanNear2.SpanNear2Matcher(matchers, slop=phrase.slop, ordered=True, mindist=1)
            if phrase.boost != 1.0:
                m = WrappingMatcher(m, boost=phrase.boost)
            while m.is_active():
                scores[m.id() + offset] = scores.get(m.id() + offset, 0.0) + m.score()
                m.next()
    return scores


def _window_postings(searcher: Searcher, sub: Searcher, phrase: wq.Phrase, local: list[int],
                     list_matcher: type[ListMatcher]) -> list[ListMatcher] | None:
    """One list matcher per phrase word over just the ``local`` documents (None if a word is absent)."""
    field = sub.schema[phrase.fieldname]
    out = []
    for word in phrase.words:
        found = postings_at(searcher, sub, phrase.fieldname, word, local)
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
