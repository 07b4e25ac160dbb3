"""Entity counts for the analytics, read from what the index already keeps: each name's article count
in the whole index from its posting list's document frequency (no article is read), and the names of
the matched articles from the per-article entity columns (as facet counts do)."""

from __future__ import annotations

import functools
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from whoosh import query as wq
from whoosh.reading import SegmentReader

from ..analytics.results import EntityCounts
from ..enrich.aliases import Registry, fold
from ..index import schema as S
from . import docsets
from .collect import opened, search_compiled
from .compile import Compiled, compile_query, reader_cache
from .facets import one_per_folded_name
from .query import Query

if TYPE_CHECKING:
    from whoosh.index import Index as WhooshIndex
    from whoosh.reading import IndexReader
    from whoosh.searching import Searcher


def folded_totals(reader: IndexReader, fieldname: str) -> dict[str, int]:
    """Articles naming each name of an entity field in the whole index, by folded name; kept per reader.

    A term's document frequency still counts the articles deleted from its segment (an update replaces
    a changed article by deleting the old one) until the segment is merged, so those articles' names
    are taken off again: a segment holds few deleted articles, and only their columns are read.
    """
    cache = reader_cache(reader).setdefault("entity_totals", {})
    if fieldname in cache:
        return cache[fieldname]
    totals: dict[str, int] = {}
    for leaf, _ in reader.leaf_readers():
        if fieldname not in leaf.indexed_field_names():
            continue
        for term, info in leaf.iter_field(fieldname):
            key = fold(term.decode("utf-8") if isinstance(term, bytes) else term)
            totals[key] = totals.get(key, 0) + info.doc_frequency()
        deleted = leaf.deleted_docs_set if isinstance(leaf, SegmentReader) and leaf.has_deletions() else ()
        if deleted and leaf.has_column(fieldname):
            column = leaf.column_reader(fieldname)
            for docnum in deleted:
                for name in set(column[docnum]):
                    totals[fold(name)] -= 1
    cache[fieldname] = totals
    return totals


def _matches(searcher: Searcher, compiled: Compiled) -> tuple[Compiled, list[int]]:
    """The document numbers a compiled query matches, ascending, and the query that ran (two words widened to
    either, as a search widens them). A query of filters only (no words to score) is its filter's set of
    documents, built from postings, instead of a walk over every article."""
    if not isinstance(compiled.scored, wq.Every):
        compiled, res = search_compiled(searcher, compiled, None)
        return compiled, sorted(d for _, d in res.top_n)
    reader = searcher.reader()
    if compiled.filter is None:
        docs = set(reader.all_doc_ids())
    else:
        docs = set(docsets.docs_for(searcher, compiled.filter))
        if reader.has_deletions():  # a filter holding a negation counts deleted articles
            docs = {d for d in docs if not reader.is_deleted(d)}
    docs -= docsets.excluded(searcher, compiled.mask) or set()
    return compiled, sorted(docs)


def _column_bytes(reader: IndexReader, fieldname: str, docnums: list[int]) -> list[bytes]:
    """The entity column value of each of ``docnums`` (ascending), as stored bytes (see
    ``schema.entity_column_bytes``), read segment by segment.

    Not through the index-wide column reader: Whoosh's MultiReader leaves out the segments without the
    column (no article in them names an organisation, say) and then maps later documents to the wrong
    segment (an IndexError, or another article's names).
    """
    values: list[bytes] = []
    leaves = reader.leaf_readers()
    for i, (leaf, offset) in enumerate(leaves):
        end = leaves[i + 1][1] if i + 1 < len(leaves) else offset + leaf.doc_count_all()
        local = [d - offset for d in docnums[bisect_left(docnums, offset):bisect_left(docnums, end)]]
        if not local:
            continue
        if leaf.has_column(fieldname):
            column = leaf.column_reader(fieldname, column=S.entity_column_bytes(), translate=False)
            values.extend(map(column.__getitem__, local))
        else:
            values.extend([b""] * len(local))
    return values


def _compiled(searcher: Searcher, registry: Registry, query: Query, now: datetime | None) -> Compiled:
    plain = query.replace(facets=(), limit=0, page=1, count="articles", collapse=None, sort="relevance")
    return compile_query(searcher, registry, plain, now)


def entity_counts(ix: Searcher | WhooshIndex, registry: Registry, query: Query, types: Sequence[str],
                  now: datetime | None = None, background: bool = False) -> EntityCounts:
    """How many of ``query``'s matches name each name of ``types`` (read from the entity columns of the
    matches only); with ``background``, the index's article count and each of those names' articles in
    the whole index too."""
    with opened(ix) as searcher:
        compiled = _compiled(searcher, registry, query, now)
        compiled, docnums = _matches(searcher, compiled)
        reader = searcher.reader()
        counts: dict[str, dict[str, int]] = {}
        for t in types:
            found: Counter[str] = Counter()
            # many articles name the same few names: each distinct value is split once
            for blob, n in Counter(_column_bytes(reader, t, docnums)).items():
                for name in set(S.names_of_column_bytes(blob)):
                    found[name] += n
            counts[t] = {str(name): int(c) for name, c in one_per_folded_name(dict(found)).items()}
        out = EntityCounts(matched=len(docnums), counts=counts, warnings=list(compiled.warnings),
                           filtered=tuple((f, v) for f, v in compiled.entity_values if f in S.ENTITY_FIELDS))
        if background:
            out.articles = searcher.doc_count()
            for t in types:
                folded = folded_totals(reader, t)
                out.totals[t] = {name: max(folded.get(fold(name), 0), c) for name, c in counts[t].items()}
        return out


def entity_rows(ix: Searcher | WhooshIndex, registry: Registry, query: Query, types: Sequence[str],
                now: datetime | None = None) -> tuple[list[tuple[tuple[str, str], ...]], list[str]]:
    """The (type, name) pairs of each article ``query`` matches, read from the entity columns, and the
    query's warnings."""
    with opened(ix) as searcher:
        compiled = _compiled(searcher, registry, query, now)
        compiled, docnums = _matches(searcher, compiled)
        reader = searcher.reader()
        split = functools.lru_cache(maxsize=65536)(S.names_of_column_bytes)  # articles naming the same names
        columns = [(t, _column_bytes(reader, t, docnums)) for t in types]
        rows = [tuple((t, name) for t, values in columns for name in dict.fromkeys(split(values[i])))
                for i in range(len(docnums))]
        return rows, list(compiled.warnings)
