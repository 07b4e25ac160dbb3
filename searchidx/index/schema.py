"""The only place index field names and their analyzers are defined."""

from __future__ import annotations

import sys
from array import array
from collections.abc import Collection, Iterable
from io import BytesIO
from typing import Any

from whoosh.columns import RefBytesColumn, VarBytesColumn, VarBytesListColumn
from whoosh.fields import COLUMN, DATETIME, STORED, Schema
from whoosh.formats import Existence
from whoosh.util.varints import read_varint

from ..ingest.article import ENTITY_TYPES
from .analysis import exact_hashes, exact_words, news_analyzer
from .keyfields import CommaTermsField, KeyField, SpacedTermsField
from .textfield import NewsText, PlainText

ID_FIELD = "id"
FILE = "file"  # absolute path of the source file: scope and change tracking
STAMP = "stamp"  # size:mtime of the source file when it was read
HASH = "hash"  # the article's content hash as read (Article.content_hash): a re-read tells changed from not
PATH = "path"  # path as shown to users (relative to the corpus root)
TITLE = "title"
BODY = "body"
# Hashes of the unstemmed words and word pairs of the title and the body: a quoted phrase matches
# the stemmed words in order, then these decide whether the words themselves are there.
EXACT = "exact"
EXACT_TAGS = {TITLE: "t", BODY: "b"}  # which field's words a hash stands for
AUTHOR = "author"
SOURCE = "source"
URL = "url"
LANG = "lang"  # ISO 639-1 code of the article's language
KIND = "kind"  # article, listing (a section, tag or search page) or liveblog
DATE = "date"
PRECISION = "date_precision"
UNDATED = "undated"  # "1" for undated articles, "0" otherwise: sorts undated last whatever the direction
YEAR = "year"
MONTH = "month"
META = "meta"
STORY = "story_id"  # the id of the first article of the story this one belongs to
# LSH band hashes of the MinHash signature (candidate copies share a band): terms in a cluster index; a
# Whoosh index derives them from the signature column instead (index/bandtable.py)
BANDS = "story_bands"
SIGNATURE = "signature"  # the MinHash signature itself (a column: read without loading stored text)
# Hidden terms "y2022", "m2022-09", "d2022-09-14" of each dated article: date ranges become a few term
# lookups (the date itself is a stored column, not terms: search/dayrange.py reads it at a range's edges)
DATE_PARTS = "date_parts"
DAY_PART = "d%Y-%m-%d"  # strftime of an article's (naive UTC) date: its day's date_parts term
# A date_parts term marking an article dated only to a year or a month (its period, not its first day).
COARSE_DATE_MARK = {"year": "py", "month": "pm"}
TAGS = "tags"  # the article's own entity header tags, kept so --refresh-entities can re-map them
ENTITY_RULES = "entity_rules"  # "type:name" -> what found it (header tag, registry alias, rule)
RECORD = "record"
ENTITY_FIELDS = ENTITY_TYPES  # one field per entity type, named as the type
PERSON, PLACE, ORG = ENTITY_FIELDS
# Facets whose spellings that fold alike ("Wire", "WIRE") are one value, as their filters match them all
FOLDED_FACETS = (*ENTITY_FIELDS, SOURCE)
META_PREFIX = "meta_"  # unknown header keys become searchable as meta_<key>

# Names users type in queries -> index fields. Entity types take their plural header names too.
QUERY_FIELDS = {
    "title": TITLE, "headline": TITLE, "body": BODY, "text": BODY, "author": AUTHOR, "byline": AUTHOR,
    "source": SOURCE, "url": URL, "id": ID_FIELD, "person": PERSON, "people": PERSON, "who": PERSON,
    "place": PLACE, "places": PLACE, "where": PLACE, "org": ORG, "orgs": ORG, "organization": ORG,
    "organisation": ORG, "date": DATE, "year": YEAR, "month": MONTH, "lang": LANG, "language": LANG,
    "kind": KIND,
}
FACETS = (PERSON, PLACE, ORG, SOURCE, YEAR, MONTH, LANG, KIND)
TITLE_BOOST = 2.5


def _values_column() -> VarBytesColumn:
    """A value per document, with its offsets written to disk. Without them Whoosh rebuilds the offsets
    in a Python loop each time it opens the column of a segment under 32,768 documents: every facet
    and sort paid that for every segment of every query (0.3 million loop steps a query at 100k)."""
    return VarBytesColumn(write_offsets_cutoff=0)


def _few_values_column() -> RefBytesColumn:
    """A value per document drawn from few distinct ones (years, sources): each value stored once."""
    return RefBytesColumn()


class _EntityListColumn(VarBytesListColumn):
    # What a segment without this column (no article in it names a person, say) reads for each
    # document. Whoosh's list column defines none, and every facet over such a segment raised.
    _default: list = []

    def __init__(self):
        self._child = _values_column()


def entity_column_bytes() -> VarBytesColumn:
    """An entity field's list column as it is stored underneath: one byte string per article, whose names
    ``names_of_column_bytes`` splits. Read so, a segment's whole column can be read in one piece and split
    at once (``search/entitytable.py``): the analytics' counts read the columns of many articles."""
    return _values_column()


def names_of_column_bytes(data: bytes) -> list[str]:
    """The names in one article's entity column bytes (a varint count, then each name as a varint
    length and its UTF-8 bytes: VarBytesListColumn's layout)."""
    if not data:
        return []
    names, i = [], 1
    if data[0] < 0x80:  # one-byte varints: counts and lengths under 128, nearly every name
        for _ in range(data[0]):
            size = data[i]
            if size >= 0x80:
                break
            names.append(data[i + 1:i + 1 + size].decode("utf-8"))
            i += 1 + size
        else:
            return names
    read = BytesIO(data).read
    return [read(read_varint(read)).decode("utf-8") for _ in range(read_varint(read))]


class EntityField(CommaTermsField):
    """Comma-separated canonical names, with a per-document list column so facet counting reads a
    column instead of walking every posting list of the field (much faster on large indexes)."""

    def __init__(self):
        super().__init__(stored=True, commas=True, scorable=False)
        self.set_sortable(_EntityListColumn())

    # a list column holds a list per document; whoosh's FieldType hints say one bytes value
    def to_column_value(self, value: Any) -> list[bytes]:  # type: ignore[override]
        return [v.strip().encode("utf-8") for v in str(value).split(",") if v.strip()]

    def from_column_value(self, value: Any) -> list[str]:  # type: ignore[override]
        return [v.decode("utf-8") for v in value]


def entity_names(names: Iterable[str]) -> list[str]:
    """Names as an entity field stores them: commas separate names, so none may hold one."""
    return [n.replace(",", " ").strip() for n in names]


def stored_entities(stored: dict) -> dict[str, list[str]]:
    """Each entity type's names, read back from an article's stored fields."""
    return {t: [v for v in (stored.get(t) or "").split(",") if v] for t in ENTITY_FIELDS}


def pack_hashes(hashes: Collection[int]) -> bytes:
    """32-bit hashes as the exact-word column stores them: sorted, little-endian whatever the machine."""
    import numpy as np  # here, not at the top: a search reads the column without it

    packed = np.fromiter(hashes, dtype="<u4", count=len(hashes))  # half the time of sorted() into an array
    packed.sort()
    return packed.tobytes()


def unpack_hashes(value: bytes) -> array:
    """The sorted hashes ``pack_hashes`` stored (empty for a document without any)."""
    held = array("I")
    held.frombytes(value or b"")
    if sys.byteorder != "little":
        held.byteswap()
    return held


class ExactWordsField(COLUMN):
    """A column of hashes of the title's and body's unstemmed words and word pairs (sorted 32-bit
    integers), computed from ``(title, body)`` where the document is written: in the writer process,
    beside the analysis of the same text.

    It replaced a second, unstemmed positional copy of the title and body, which cost a third of the
    writing on short newswire (1.4 of 4.3 ms an article); computing the column is 4% of a profiled run."""

    def __init__(self):
        super().__init__(_values_column())

    def to_column_value(self, value: Any) -> bytes:
        title, body = value
        return pack_hashes(exact_hashes(EXACT_TAGS[TITLE], exact_words(title))
                           | exact_hashes(EXACT_TAGS[BODY], exact_words(body)))

    # whoosh's hint says a column value reads back as str; this column's are bytes
    def from_column_value(self, value: Any) -> bytes:  # type: ignore[override]
        return value


class StoredColumnField(COLUMN):
    """A stored text with a column, but no terms: a value read per document and never searched for
    (a file's stamp). Every indexed term is a cost when a segment is written."""

    stored = True

    def __init__(self):
        super().__init__(_values_column())

    def to_bytes(self, v: Any) -> bytes:
        return str(v).encode("utf-8")

    def from_bytes(self, b: Any) -> str:
        return b.decode("utf-8")


class DateColumnField(DATETIME):
    """A date stored and kept in a column (sorting, timelines, grouping, a range's edges), without the
    several numeric terms an indexed date writes per article: whole years, months and days of a range
    are date_parts terms."""

    def __init__(self):
        super().__init__(stored=True, sortable=True)
        self.indexed = False


def _term_only_field() -> SpacedTermsField:
    """Terms only: no frequencies, positions or lengths, which lookups by term never use (cheaper to write)."""
    field = SpacedTermsField(scorable=False)
    field.format = Existence()
    return field


def build_schema() -> Schema:
    # whoosh's hints say ID(sortable: bool) and TEXT(analyzer: Analyzer); a Column and any tokenizer are what
    # its documentation (and TEXT's own sortable hint) allow, hence the arg-type ignores below
    schema = Schema(
        **{
            ID_FIELD: KeyField(stored=True, unique=True, sortable=_values_column()),  # type: ignore[arg-type]
            FILE: KeyField(stored=True, sortable=_values_column()),  # type: ignore[arg-type]
            STAMP: StoredColumnField(),
            HASH: STORED(),
            PATH: STORED(),
            RECORD: STORED(),
            TITLE: NewsText(analyzer=news_analyzer(), stored=True, field_boost=TITLE_BOOST),  # type: ignore[arg-type]
            BODY: NewsText(analyzer=news_analyzer(), stored=True),  # type: ignore[arg-type]
            EXACT: ExactWordsField(),
            AUTHOR: PlainText(stored=True),
            SOURCE: KeyField(stored=True, sortable=_few_values_column()),  # type: ignore[arg-type]
            URL: KeyField(stored=True),
            LANG: KeyField(stored=True, sortable=_few_values_column()),  # type: ignore[arg-type]
            KIND: KeyField(stored=True, sortable=_few_values_column()),  # type: ignore[arg-type]
            DATE: DateColumnField(),
            PRECISION: STORED(),
            UNDATED: KeyField(sortable=_few_values_column()),  # type: ignore[arg-type]
            YEAR: KeyField(stored=True, sortable=_few_values_column()),  # type: ignore[arg-type]
            MONTH: KeyField(stored=True, sortable=_few_values_column()),  # type: ignore[arg-type]
            META: STORED(),
            ENTITY_RULES: STORED(),
            TAGS: STORED(),
            STORY: KeyField(stored=True, sortable=_values_column()),  # type: ignore[arg-type]
            DATE_PARTS: _term_only_field(),
            SIGNATURE: COLUMN(_values_column()),
            PERSON: EntityField(),
            PLACE: EntityField(),
            ORG: EntityField(),
        }
    )
    schema.add(META_PREFIX + "*", PlainText(), glob=True)
    return schema
