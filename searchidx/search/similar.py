"""More like this: a compiled query re-aimed at one article's key terms and names."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from whoosh import query as wq

from ..errors import ArticleNotFound
from ..index import schema as S
from .collect import widened_if_few
from .compiled import Compiled

if TYPE_CHECKING:
    from whoosh.searching import Searcher


def rank_like(searcher: Searcher, compiled: Compiled, article_id: str, include_copies: bool) -> Compiled:
    """``compiled`` ranked by the article's key terms (title and body) and shared entities instead of
    its query text, the article and (unless ``include_copies``) its story's copies left out. The query's
    words narrow, as its filters do: only articles they match (widened to either of two words as a
    search is) are ranked."""
    stored = searcher.document(**{S.ID_FIELD: article_id})
    if stored is None:
        raise ArticleNotFound(f"no article with id {article_id!r} (ids are shown by search)")
    text = f"{stored.get(S.TITLE, '')}\n{stored.get(S.BODY, '')}"
    terms = searcher.key_terms_from_text(S.BODY, text, numterms=25, normalize=True)
    parts: list[wq.Query] = [wq.Term(S.BODY, t, boost=w) for t, w in terms]
    for etype, names in S.stored_entities(stored).items():
        parts.extend(wq.Term(etype, n, boost=0.3) for n in names[:10])
    leave_out: list[wq.Query] = [wq.Term(S.ID_FIELD, article_id)]
    if not include_copies:
        leave_out.append(wq.Term(S.STORY, stored.get(S.STORY) or article_id))
    narrowing, warnings = compiled.filter, compiled.warnings
    if not isinstance(compiled.scored, wq.Every):
        wider = widened_if_few(searcher, compiled)
        narrowing = wider.scored if narrowing is None else wq.And([narrowing, wider.scored])
        warnings = wider.warnings
    return replace(compiled, scored=wq.Or(parts) if parts else wq.NullQuery, filter=narrowing, words=(),
                   sortedby=None, relaxed=None, bonus=None, warnings=warnings,
                   mask=wq.Or(leave_out + ([compiled.mask] if compiled.mask is not None else [])))
