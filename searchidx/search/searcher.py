"""Running a compiled query: a page of hits with snippets, facet counts over all matches, a suggestion."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from whoosh import query as wq

from ..enrich.aliases import Registry
from ..index import schema as S
from ..index.columns import column_reader
from .collect import opened, search_all, search_compiled
from .compile import compile_query
from .facets import facet_counts
from .query import Query
from .rerank import reranked, reranks
from .results import Hit, Results
from .semantics import RESCORE_WINDOW
from .similar import rank_like
from .snippets import (
    MARK_END,
    MARK_START,
    exact_phrases,
    make_snippet,
    matched_spans,
    phrase_terms,
    query_terms,
    split_marks,
    wildcard_terms,
)
from .spelling import suggest
from .stored import date_text, lead, why_matched
from .stories import story_summary

if TYPE_CHECKING:
    from whoosh.index import Index as WhooshIndex
    from whoosh.searching import Searcher


def match_ids(ix: Searcher | WhooshIndex, registry: Registry, query: Query, now: datetime | None = None) -> list[str]:
    """Ids of every article the query matches, in result order (no snippets: cheap)."""
    with opened(ix) as searcher:
        compiled = compile_query(searcher, registry, query, now)
        compiled, results = search_compiled(searcher, compiled, None, sortedby=compiled.sortedby)
        ids = column_reader(searcher.reader(), S.ID_FIELD)
        ranked = reranked(searcher, compiled, query, [(score, docnum) for score, docnum in results.top_n])
        return [ids[docnum] for _, docnum in ranked]


def run(ix: Searcher | WhooshIndex, registry: Registry, query: Query, snippet_chars: int = 220,
        now: datetime | None = None, explain: bool = False, restrict_ids: set[str] | None = None,
        like: str | None = None, include_copies: bool = False, with_text: bool = False) -> Results:
    """Run ``query`` on an open Whoosh index and return plain Results (only ``restrict_ids``, if given;
    each hit with its article's whole text if ``with_text``).

    With ``like`` (an article id) the ranking is by similarity to that article instead of query text.
    """
    with opened(ix) as searcher:
        compiled = compile_query(searcher, registry, query, now)
        if like is not None:
            compiled = rank_like(searcher, compiled, like, include_copies)
        if restrict_ids is not None:
            only = wq.Or([wq.Term(S.ID_FIELD, i) for i in sorted(restrict_ids)]) if restrict_ids else wq.NullQuery
            compiled = replace(compiled, filter=only if compiled.filter is None else wq.And([compiled.filter, only]))
        limit = query.limit
        page_len = max(limit, 1)
        stories = query.per_story
        window = max(query.page * page_len, RESCORE_WINDOW if reranks(compiled, query) else 0)
        collapse = S.STORY if query.collapse == "story" else None
        compiled, results = search_compiled(searcher, compiled, window, sortedby=compiled.sortedby,
                                            # counted per story below, over every match (collapsing hides copies)
                                            groupedby=None if stories or collapse else compiled.facets,
                                            collapse=collapse)
        # Collapsed or not, the hits shown are re-ranked alike: a story's copy scores as it does uncollapsed.
        ranked = reranked(searcher, compiled, query, [(score, docnum) for score, docnum in results.top_n], collapse)
        start = (query.page - 1) * page_len
        # each field marked with the query's words for it: the plain words (both fields) and its own
        words = query_terms(searcher, compiled)
        qterms, title_terms = ((words | phrase_terms(searcher, compiled, f) | wildcard_terms(compiled, f))
                               for f in (S.BODY, S.TITLE))
        phrases, title_phrases = exact_phrases(compiled, S.BODY), exact_phrases(compiled, S.TITLE)
        if like is not None:  # an article's key words, ranked in the body: the title shows those it shares
            title_terms, title_phrases = qterms, phrases
        analyzer = searcher.schema[S.BODY].analyzer
        hits = []
        for score, docnum in ranked[start:start + limit] if limit else []:
            stored = searcher.reader().stored_fields(docnum)
            body = stored.get(S.BODY, "").replace(MARK_START, "").replace(MARK_END, "")
            marked = make_snippet(body, analyzer, qterms, snippet_chars, phrases) if qterms or phrases else ""
            snippet, highlights = split_marks(marked or lead(body, snippet_chars))
            title = stored.get(S.TITLE, "")
            hits.append(Hit(
                id=stored[S.ID_FIELD], score=None if compiled.sortedby is not None else round(float(score or 0.0), 4),
                title=title, date=date_text(stored), source=stored.get(S.SOURCE, ""),
                path=stored.get(S.PATH, ""),
                snippet=snippet, highlights=highlights, record=stored.get(S.RECORD),
                title_highlights=matched_spans(title, analyzer, title_terms, title_phrases),
                text=stored.get(S.BODY, "") if with_text else None,
                entities=S.stored_entities(stored), author=stored.get(S.AUTHOR, ""), url=stored.get(S.URL, ""),
                why=why_matched(stored, compiled.entity_values) if explain else None,
                story=story_summary(searcher, stored.get(S.STORY) or stored[S.ID_FIELD]) if query.collapse else None,
            ))
        listed_stories = None
        if stories or collapse:
            story_of = column_reader(searcher.reader(), S.STORY)
            every = search_all(searcher, compiled.scored, None, compiled.filter, compiled.mask,
                               groupedby=compiled.facets, story_mask=compiled.story_mask)
            facets = facet_counts(every, query.facets, query.facet_limit, story_of if stories else None)
            story_total = len({story_of[d] for _, d in every.top_n})
            total = story_total if stories else len(every)
            if not stories:  # one hit a story, articles counted: the pages go through the stories
                listed_stories = story_total
        else:
            facets = facet_counts(results, query.facets, query.facet_limit, None)
            total = len(results)
        # also beside hits: "oill prices" finds the articles with "prices" (either word), not a slip's fix
        suggestion = suggest(searcher, query.q, query.literal) if query.q.strip() else None
        return Results(query=query.q, total=total, page=query.page, limit=query.limit, hits=hits, facets=facets,
                       suggestion=suggestion, explain=compiled.explain() if explain else None,
                       counted="stories" if stories else "articles", warnings=list(compiled.warnings),
                       articles=len(every) if stories and not query.collapse else None, stories=listed_stories)
