"""Stories at search time: an article's copies, a story's summary, and what each copy changed."""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING

from whoosh import query as wq

from ..index import schema as S
from ..index.columns import column_reader
from .collect import opened
from .results import Story, StoryCopy
from .stored import date_text

if TYPE_CHECKING:
    from whoosh.index import Index as WhooshIndex
    from whoosh.searching import Searcher


def story_copies(searcher: Searcher, story_id: str) -> list[dict]:
    """Stored fields (plus the signature) of every article in a story, earliest first (undated last)."""
    signatures = column_reader(searcher.reader(), S.SIGNATURE)
    docs = [{**hit.fields(), S.SIGNATURE: signatures[hit.docnum]}
            for hit in searcher.search(wq.Term(S.STORY, story_id), limit=None)]
    return earliest_first(docs)


def earliest_first(docs: list[dict]) -> list[dict]:
    """Stored fields of a story's copies, earliest first (undated last, then by id)."""
    return sorted(docs, key=lambda d: (d.get(S.DATE) is None, d.get(S.DATE) or 0, d[S.ID_FIELD]))


def story_summary(searcher: Searcher, story_id: str) -> dict:
    copies = story_copies(searcher, story_id)
    dated = [d for d in copies if d.get(S.DATE) is not None]
    return {"id": story_id, "copies": len(copies),
            "sources": sorted({d.get(S.SOURCE) for d in copies if d.get(S.SOURCE)}),
            "first_seen": date_text(dated[0]) if dated else None}


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n|\n", text or "") if p.strip()]


def story_of(ix: Searcher | WhooshIndex, article_id: str) -> Story | None:
    """The story an article belongs to, with each copy's differences from the earliest copy."""
    with opened(ix) as searcher:
        stored = searcher.document(**{S.ID_FIELD: article_id})
        if stored is None:
            return None
        story_id = stored.get(S.STORY) or article_id
        return story_from_copies(story_id, story_copies(searcher, story_id))


def story_from_copies(story_id: str, copies: list[dict]) -> Story:
    """A Story from its copies' stored fields (with signatures), earliest first: what each copy changed."""
    from ..enrich.stories import (
        similarity,  # numpy: loaded when a story is asked for, not by every search
    )

    first = copies[0]
    base = _paragraphs(first.get(S.BODY, ""))
    out = []
    for d in copies:
        paras = _paragraphs(d.get(S.BODY, ""))
        matcher = difflib.SequenceMatcher(None, base, paras, autojunk=False)
        added, removed = [], []
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag in ("replace", "delete"):
                removed.extend(base[i1:i2])
            if tag in ("replace", "insert"):
                added.extend(paras[j1:j2])
        sim = similarity(first[S.SIGNATURE], d[S.SIGNATURE]) if first.get(S.SIGNATURE) and d.get(S.SIGNATURE) else None
        out.append(StoryCopy(id=d[S.ID_FIELD], date=date_text(d), source=d.get(S.SOURCE, ""), title=d.get(S.TITLE, ""),
                             path=d.get(S.PATH, ""), record=d.get(S.RECORD),
                             similarity=round(sim, 3) if sim is not None else None,
                             title_changed=d.get(S.TITLE, "") != first.get(S.TITLE, ""), added=added, removed=removed))
    dated = [c for c in out if c.date]
    return Story(id=story_id, first_seen=dated[0].date if dated else None,
                 sources=sorted({c.source for c in out if c.source}), copies=out)
