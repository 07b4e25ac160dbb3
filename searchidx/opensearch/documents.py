"""Articles as cluster documents (``_source``) and back, through the fields every engine stores.

A ``_source`` read back is turned into the shape of the local index's stored fields (``as_stored``),
so the code that builds hits, records and story copies from stored fields serves both engines.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime, timezone
from typing import Any

from ..dates import iso_millis
from ..index import schema as S
from ..index.documents import article_fields, article_from_stored
from ..ingest.article import Article

MAX_ID_BYTES = 512  # the longest _id a cluster takes


def doc_id(article_id: str) -> str:
    """The document ``_id`` of an article: its id, or for an id too long for one, a digest of it."""
    if len(article_id.encode("utf-8")) <= MAX_ID_BYTES:
        return article_id
    return "blake2b:" + hashlib.blake2b(article_id.encode("utf-8"), digest_size=20).hexdigest()


def article_source(article: Article, file_key: str, stamp: str, file_hash: str,
                   story_id: str | None = None) -> dict[str, Any]:
    """The ``_source`` of one enriched article."""
    doc = article_fields(article, file_key, stamp, file_hash, story_id)
    if article.date is not None:
        date = article.date.astimezone(timezone.utc) if article.date.tzinfo else article.date
        doc[S.DATE] = iso_millis(date)
    if article.signature is not None:
        from ..enrich.stories import bands

        doc[S.SIGNATURE] = base64.b64encode(article.signature).decode("ascii")
        doc[S.BANDS] = list(bands(article.signature))
    for etype in S.ENTITY_FIELDS:
        names = S.entity_names(article.entities.get(etype, ()))
        if names:
            doc[etype] = names
    return doc


def parse_date(value: str | None) -> datetime | None:
    """A stored ISO date as the naive UTC datetime the local index stores."""
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(timezone.utc).replace(tzinfo=None)


def signature_of(source: dict[str, Any]) -> bytes | None:
    value = source.get(S.SIGNATURE)
    return base64.b64decode(value) if value else None


def as_stored(source: dict[str, Any]) -> dict[str, Any]:
    """A ``_source`` in the shape of the local stored fields: a naive UTC date, comma-joined entities."""
    stored = dict(source)
    stored[S.DATE] = parse_date(source.get(S.DATE))
    if stored[S.DATE] is None:
        stored.pop(S.DATE)
    for etype in S.ENTITY_FIELDS:
        names = source.get(etype)
        stored[etype] = ",".join(names) if isinstance(names, list) else (names or "")
    return stored


def article_from_source(source: dict[str, Any]) -> Article:
    """The Article a cluster document was written from, its signature included."""
    return article_from_stored(as_stored(source)).with_changes(signature=signature_of(source))
