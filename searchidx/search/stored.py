"""Plain values from an article's stored fields: its record, dated text, entities, lead and why it matched."""

from __future__ import annotations

from collections.abc import Iterable

from .. import dates
from ..index import schema as S
from .results import ArticleRecord


def date_text(stored: dict) -> str | None:
    value = stored.get(S.DATE)
    if value is None:
        return None
    return dates.DatePoint(value.replace(tzinfo=dates.UTC), stored.get(S.PRECISION) or "time").isoformat()


def span_date(stored: dict) -> str | None:
    """An article's date as the first or last of a span (stats): at its precision, no finer than a day
    (an article dated only 2019 is "2019", not "2019-01-01")."""
    value = stored.get(S.DATE)
    if value is None:
        return None
    precision = stored.get(S.PRECISION)
    return dates.DatePoint(value.replace(tzinfo=dates.UTC), precision if precision in COARSENESS else "day").isoformat()


COARSENESS = {"year": 2, "month": 1}  # of articles dated alike, the span shows the most precise date


def lead(text: str, chars: int) -> str:
    """The start of ``text`` in at most ``chars`` characters, " …" included, cut after a whole word."""
    text = " ".join(text.split())
    if len(text) <= chars:
        return text
    room = chars - 2  # for " …"
    if room <= 0:
        return "…" if chars > 0 else ""
    cut = text.rfind(" ", 0, room + 1)
    return text[: cut if cut > room // 2 else room] + " …"


def record_from_stored(stored: dict) -> ArticleRecord:
    return ArticleRecord(
        id=stored[S.ID_FIELD], title=stored.get(S.TITLE, ""), date=date_text(stored),
        source=stored.get(S.SOURCE, ""), path=stored.get(S.PATH, ""), entities=S.stored_entities(stored),
        author=stored.get(S.AUTHOR, ""), url=stored.get(S.URL, ""), text=stored.get(S.BODY, ""),
        meta=stored.get(S.META) or {}, date_precision=stored.get(S.PRECISION),
        lang=stored.get(S.LANG, ""), kind=stored.get(S.KIND, "article"), record=stored.get(S.RECORD),
    )


def why_matched(stored: dict, entity_values: Iterable[tuple[str, str]]) -> dict[str, str]:
    """For each entity filter value this hit carries, the tag, alias or rule that put it there."""
    rules = stored.get(S.ENTITY_RULES) or {}
    entities = S.stored_entities(stored)
    return {f"{f}:{v}": rules.get(f"{f}:{v}", "no record (indexed by an older searchidx)")
            for f, v in entity_values if f in entities and v in entities[f]}
