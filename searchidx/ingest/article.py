"""The normalised Article every reader produces, and the id and content-hash rules. No I/O."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field, fields, replace
from datetime import datetime

ARTICLE, LISTING, LIVEBLOG = "article", "listing", "liveblog"
KINDS = (ARTICLE, LISTING, LIVEBLOG)  # what a page is: one story, a section/tag/search page, a live blog
LANG_CODE = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]+)*$", re.I)  # de, en-US, pt_BR: the language part

# The types of named entity an article's ``entities`` map holds: each an index field (index/schema.py) and
# what `entities`, `network` and `trending` --type take (search/query.py)
ENTITY_TYPES = ("person", "place", "org")
# The fields a metadata key (a text header, a JSON or CSV key) can fill; headers.DEFAULT_FIELD_MAP names the keys
HEADER_FIELDS = ("id", "title", "text", "date", "author", "source", "url", "lang", "people", "places", "orgs")


@dataclass(frozen=True)
class Article:
    """One news article, whatever file format it came from.

    ``id`` is stable across runs (an explicit id header, else the path relative to the corpus root
    plus ``#N`` for the N-th record of a multi-article file). ``people``/``places``/``orgs`` hold
    what the file itself declares; enrichment adds canonical ``entities``.
    """

    id: str
    path: str  # the source file, as given by the user (relative where possible)
    title: str = ""
    text: str = ""
    date: datetime | None = None  # UTC
    date_precision: str | None = None  # year, month, day, time; None when undated
    source: str = ""
    author: str = ""
    url: str = ""
    lang: str = ""  # ISO 639-1 code, '' when unknown
    kind: str = ARTICLE  # one of KINDS
    people: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    orgs: tuple[str, ...] = ()
    meta: dict = field(default_factory=dict)
    record: int | None = None  # position in a multi-article file (1-based)
    where: str = ""  # where a record of a multi-article file is, for messages: "line 7", "item 3", "row ending line 9"
    entities: dict = field(default_factory=dict)  # type -> tuple of canonical names, set by enrich
    entity_rules: dict = field(default_factory=dict)  # "type:name" -> the tag, alias or rule that found it
    signature: bytes | None = None  # MinHash of the text, set by enrich, for story grouping

    @property
    def content_hash(self) -> str:
        """Hash of everything a reader extracted; changes whenever the indexed content would."""
        payload = json.dumps(
            [self.id, self.title, self.text, self.date.isoformat() if self.date else None, self.date_precision,
             self.source, self.author, self.url, self.lang, self.kind, self.people, self.places, self.orgs, self.meta],
            sort_keys=True, default=str, ensure_ascii=False,
        )
        return hashlib.blake2b(payload.encode("utf-8"), digest_size=16).hexdigest()

    def with_changes(self, **changes) -> Article:
        """A copy with ``changes`` made. The fields are copied as they are, which is what
        ``dataclasses.replace`` does through ``__init__`` at several times the cost (once an article)."""
        if not _FIELD_NAMES.issuperset(changes):
            return replace(self, **changes)  # (which names the field that is not one)
        copy = object.__new__(type(self))
        copy.__dict__.update(self.__dict__, **changes)
        return copy


_FIELD_NAMES = frozenset(f.name for f in fields(Article))
