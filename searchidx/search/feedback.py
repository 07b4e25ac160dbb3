"""``--feedback``: pseudo-relevance feedback (RM3-style) that re-ranks the best hits.

The words that weigh most in the top FEEDBACK_DOCS hits (their share of each article's words, weighted by
the article's score, times how rare the word is in the index) are added to the query, and the best
RESCORE_WINDOW hits are scored on them too. Only those hits are re-scored, never the whole index: the
cost is reading the start of FEEDBACK_DOCS articles, CANDIDATES document frequencies and one posting
list per added word, skipped to the hits.
It is an option, not the default: on the dev sets it helps a little (significantly only for MAP), and at
100,000 articles it costs more than the 30 ms a query a default may (`bin/bench --feedback`;
docs/relevance.md, sections 4 and 9).
"""

from __future__ import annotations

import math
from collections import Counter
from typing import TYPE_CHECKING, Any

from ..index import schema as S
from ..index.analysis import NewsAnalyzer
from .window import by_segment, postings_at

if TYPE_CHECKING:
    from whoosh.searching import Searcher

FEEDBACK_DOCS = 10  # hits the added words are taken from
FEEDBACK_CHARS = 1500  # of each: the title and the start of the text, where a news story says what it is about
CANDIDATES = 40  # the words most used in those hits; how rare each is in the index is looked up for these only
FEEDBACK_WORDS = 10  # words added
FEEDBACK_WEIGHT = 0.3  # the added words together count this much against the query's own score


def expansion(searcher: Searcher, top: list[tuple[float, int]], query_words: set[str]) -> list[tuple[str, float]]:
    """(indexed word, weight) pairs to add: weights sum to 1."""
    analyzer = searcher.schema[S.BODY].analyzer
    best = max((score for score, _ in top), default=0.0) or 1.0
    reader = searcher.reader()
    mass: dict[str, float] = {}
    for score, docnum in top:
        stored = reader.stored_fields(docnum)
        text = f"{stored.get(S.TITLE, '')}\n{stored.get(S.BODY, '')[:FEEDBACK_CHARS]}"
        counts = {w: n for w, n in _term_counts(analyzer, text).items() if w not in query_words and not w.isdigit()}
        length = sum(counts.values()) or 1
        for word, n in counts.items():
            mass[word] = mass.get(word, 0.0) + n / length * score / best
    total = searcher.doc_count_all() or 1
    ranked = []
    for word in sorted(mass, key=lambda w: (-mass[w], w))[:CANDIDATES]:
        df = reader.doc_frequency(S.BODY, word)
        if df >= 2:  # a word of one article says nothing of the topic
            ranked.append((mass[word] * math.log(total / df), word))
    ranked.sort(key=lambda vw: (-vw[0], vw[1]))
    chosen = ranked[:FEEDBACK_WORDS]
    norm = sum(v for v, _ in chosen) or 1.0
    return [(w, v / norm) for v, w in chosen]


def _term_counts(analyzer: Any, text: str) -> dict[str, int]:
    """How often each indexed word occurs in ``text``: the news analyzer's one-pass grouping when the field
    has it (two thirds of the time of its token stream, the same counts), else the token stream counted."""
    if isinstance(analyzer, NewsAnalyzer):
        return {word: len(at) for word, at in analyzer.term_positions(text).items()}
    return Counter(t.text for t in analyzer(text))


def rerank(searcher: Searcher, window: list[tuple[float, int]], query_words: set[str]) -> list[tuple[float, int]]:
    """``window`` (score, docnum) pairs re-scored with the expansion words, best first."""
    if not window:
        return window
    added = expansion(searcher, window[:FEEDBACK_DOCS], query_words)
    extra = _scores(searcher, added, sorted(d for _, d in window))
    scale = FEEDBACK_WEIGHT * max(score for score, _ in window) / (max(extra.values(), default=0.0) or 1.0)
    return sorted(((score + scale * extra.get(d, 0.0), d) for score, d in window), key=lambda sd: (-sd[0], sd[1]))


def _scores(searcher: Searcher, added: list[tuple[str, float]], wanted: list[int]) -> dict[int, float]:
    """The weighted BM25 score of the added words on the ``wanted`` documents only (postings skipped to them)."""
    scores: dict[int, float] = {}
    for sub, offset, local in by_segment(searcher, wanted):
        for word, weight in added:
            found = postings_at(searcher, sub, S.BODY, word, local)
            for postings in found[1] if found else ():
                d = postings.id() + offset
                scores[d] = scores.get(d, 0.0) + weight * postings.score()
    return scores
