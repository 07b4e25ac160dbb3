"""Articles as Whoosh documents and back: the one mapping between an Article and its stored fields."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, NamedTuple

from ..ingest.article import ARTICLE, Article
from . import schema as S
from .columns import column_reader

if TYPE_CHECKING:
    from whoosh.index import Index as WhooshIndex

_META_KEY = re.compile(r"[^a-z0-9_]")


def _naive_utc(dt: datetime) -> datetime:
    return dt.replace(tzinfo=None) if dt.tzinfo else dt


class Indexed(NamedTuple):
    """An article as an index holds it: what was read (signature included) and where from."""

    article: Article
    file: str
    stamp: str
    file_hash: str
    story: str


def article_fields(article: Article, file_key: str, stamp: str, file_hash: str,
                   story_id: str | None = None) -> dict[str, Any]:
    """The fields every engine stores for one enriched article, whatever its own types for dates,
    entity lists and signatures (``article_document`` here, ``opensearch/documents.py`` there)."""
    doc: dict[str, Any] = {
        S.STORY: story_id or article.id,
        S.ID_FIELD: article.id, S.FILE: file_key, S.STAMP: stamp, S.HASH: file_hash, S.PATH: article.path,
        S.RECORD: article.record, S.TITLE: article.title, S.BODY: article.text, S.META: article.meta,
        S.PRECISION: article.date_precision, S.ENTITY_RULES: article.entity_rules,
        S.TAGS: {"people": list(article.people), "places": list(article.places), "orgs": list(article.orgs)},
    }
    for name, value in ((S.AUTHOR, article.author), (S.SOURCE, article.source), (S.URL, article.url),
                        (S.LANG, article.lang), (S.KIND, article.kind)):
        if value:
            doc[name] = value
    if article.date is not None:
        if article.date_precision in ("month", "day", "time"):
            doc[S.MONTH] = article.date.strftime("%Y-%m")
        doc[S.YEAR] = article.date.strftime("%Y")
    for key, value in article.meta.items():
        if isinstance(value, (str, int, float)) or (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            text = " ".join(value) if isinstance(value, list) else str(value)
            safe = _META_KEY.sub("_", key.lower())
            if safe and text:
                doc[S.META_PREFIX + safe] = text
    return doc


def article_document(article: Article, file_key: str, stamp: str, file_hash: str, story_id: str | None = None) -> dict:
    """The Whoosh document for one enriched article."""
    doc = article_fields(article, file_key, stamp, file_hash, story_id)
    doc[S.EXACT] = (article.title, article.text)
    doc[S.UNDATED] = "0" if article.date is not None else "1"
    if article.date is not None:
        doc[S.DATE] = _naive_utc(article.date)
        mark = S.COARSE_DATE_MARK.get(article.date_precision or "")
        doc[S.DATE_PARTS] = doc[S.DATE].strftime(f"y%Y m%Y-%m {S.DAY_PART}") + (f" {mark}" if mark else "")
    # Every article writes a signature, empty when it has none: Whoosh's byte column with offsets on
    # disk misreads a segment whose last articles have no value (their neighbour's signature came
    # back 488 bytes long, or 1, and story grouping compared garbage).
    doc[S.SIGNATURE] = article.signature or b""  # its story bands are derived from it (index/bandtable.py)
    for etype in S.ENTITY_FIELDS:
        names = S.entity_names(article.entities.get(etype, ()))
        if names:
            doc[etype] = ",".join(names)
    return doc


def article_from_stored(stored: dict) -> Article:
    """The Article an indexed document was written from (its file is not read again)."""
    tags = stored.get(S.TAGS) or {}
    date = stored.get(S.DATE)
    return Article(
        id=stored[S.ID_FIELD], path=stored.get(S.PATH, ""), title=stored.get(S.TITLE, ""), text=stored.get(S.BODY, ""),
        date=date.replace(tzinfo=timezone.utc) if date is not None else None, date_precision=stored.get(S.PRECISION),
        source=stored.get(S.SOURCE, ""), author=stored.get(S.AUTHOR, ""), url=stored.get(S.URL, ""),
        lang=stored.get(S.LANG, ""), kind=stored.get(S.KIND, ARTICLE), people=tuple(tags.get("people", ())),
        places=tuple(tags.get("places", ())), orgs=tuple(tags.get("orgs", ())),
        meta=stored.get(S.META) or {}, record=stored.get(S.RECORD),
        entities={t: tuple(names) for t, names in S.stored_entities(stored).items()},
        entity_rules=stored.get(S.ENTITY_RULES) or {},
    )


def existing_files(ix: WhooshIndex) -> dict[str, tuple[str, int]]:
    """file -> (stamp, number of live documents), read from columns (no stored-field loading)."""
    out: dict[str, list] = {}
    with ix.reader() as reader:
        if reader.doc_count() == 0:
            return {}
        files = column_reader(reader, S.FILE)
        stamps = column_reader(reader, S.STAMP)
        for docnum in reader.all_doc_ids():
            key = files[docnum]
            if key in out:
                out[key][1] += 1
            else:
                out[key] = [stamps[docnum], 1]
    return {k: (v[0], v[1]) for k, v in out.items()}
