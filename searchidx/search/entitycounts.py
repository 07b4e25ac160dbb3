"""Entity counts for the analytics, read from what the index already keeps: the per-article entity columns
(as facet counts do), each segment's read once into an entity table (``entitytable``) and kept for the
session, so a search's names and each name's articles in the whole index are counted with numpy over the
matches' rows; no article's text or stored fields are read."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from whoosh import query as wq
from whoosh.reading import SegmentReader

from .. import dates
from ..analytics.results import EntityCounts
from ..enrich.aliases import Registry, fold
from ..index import schema as S
from . import docsets, entitytable
from .collect import opened, search_compiled
from .compile import compile_query
from .compiled import Compiled
from .datequery import within_query
from .facets import one_per_folded_name
from .query import Query
from .readercache import reader_cache

if TYPE_CHECKING:
    from whoosh.index import Index as WhooshIndex
    from whoosh.reading import IndexReader
    from whoosh.searching import Searcher


# The same few thousand names are folded for every count: their keys are kept (a name is a short string).
_fold = functools.lru_cache(maxsize=1 << 18)(fold)


def folded_totals(reader: IndexReader, fieldname: str) -> dict[str, int]:
    """Articles naming each name of an entity field in the whole index, by folded name; kept per reader.

    Counted over each segment's entity table (``entitytable``), leaving out the articles deleted from it (an
    update replaces a changed article by deleting the old one): a name's postings would count those until
    their segment is merged, and reading the term index is slower than the tables the counts read anyway.
    """
    cache = reader_cache(reader).setdefault("entity_totals", {})
    if fieldname in cache:
        return cache[fieldname]
    by_name: dict[str, int] = {}
    for leaf, _ in reader.leaf_readers():
        deleted = leaf.deleted_docs_set if isinstance(leaf, SegmentReader) and leaf.has_deletions() else ()
        names = entitytable.table(leaf, fieldname)
        names.add_to(by_name, names.counts(None, deleted))
    totals: dict[str, int] = {}
    for name, n in by_name.items():
        key = _fold(name)
        totals[key] = totals.get(key, 0) + n
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


def _compiled(searcher: Searcher, registry: Registry, query: Query, now: datetime | None,
              within: dates.DateRange | None = None) -> Compiled:
    plain = query.replace(facets=(), limit=0, page=1, count="articles", collapse=None, sort="relevance")
    compiled = compile_query(searcher, registry, plain, now)
    if within is None:
        return compiled
    dated = within_query(searcher.reader(), within)
    return replace(compiled, filter=dated if compiled.filter is None else wq.And([compiled.filter, dated]))


def entity_counts(ix: Searcher | WhooshIndex, registry: Registry, query: Query, types: Sequence[str],
                  now: datetime | None = None, background: bool = False,
                  within: dates.DateRange | None = None) -> EntityCounts:
    """How many of ``query``'s matches name each name of ``types`` (read from the entity columns of the
    matches only); with ``background``, the index's article count and each of those names' articles in
    the whole index too; with ``within``, only the matches dated wholly inside that span."""
    with opened(ix) as searcher:
        compiled = _compiled(searcher, registry, query, now, within)
        compiled, docnums = _matches(searcher, compiled)
        reader = searcher.reader()
        counts: dict[str, dict[str, int]] = {}
        for t in types:
            counts[t] = one_per_folded_name(entitytable.name_counts(reader, t, docnums), _fold)
        out = EntityCounts(matched=len(docnums), counts=counts, warnings=list(compiled.warnings),
                           filtered=tuple((f, v) for f, v in compiled.entity_values if f in S.ENTITY_FIELDS))
        if background:
            out.articles = searcher.doc_count()
            for t in types:
                folded = folded_totals(reader, t)
                out.totals[t] = {name: max(folded.get(_fold(name), 0), c) for name, c in counts[t].items()}
        return out


def entity_rows(ix: Searcher | WhooshIndex, registry: Registry, query: Query, types: Sequence[str],
                now: datetime | None = None) -> tuple[list[tuple[tuple[str, str], ...]], list[str]]:
    """The (type, name) pairs of each article ``query`` matches (in document order), read from the entity
    columns, and the query's warnings."""
    with opened(ix) as searcher:
        compiled = _compiled(searcher, registry, query, now)
        compiled, docnums = _matches(searcher, compiled)
        rows: list[tuple[tuple[str, str], ...]] = []
        for leaf, local in entitytable.segments(searcher.reader(), docnums):
            tables = [(t, entitytable.table(leaf, t)) for t in types]
            rows.extend(tuple((t, name) for t, names in tables for name in names.row(d)) for d in local.tolist())
        return rows, list(compiled.warnings)
