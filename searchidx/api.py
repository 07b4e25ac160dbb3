"""The library facade: ``open_index(path)`` gives an Index to update and search. CLI and scripts use only this."""

from __future__ import annotations

import errno
import functools
import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

from whoosh.util.times import long_to_datetime

from .config import Settings, load_settings
from .enrich.aliases import Registry, load_registry
from .errors import ArticleNotFound, CorpusNotFound, DiskFull, SearchidxError
from .index import schema as S
from .index import store
from .search import searcher as _searcher
from .search import stories as _stories
from .search import timeline as _timeline
from .search.compile import compile_query
from .search.query import Query
from .search.results import ArticleRecord, FacetCount, Results, Stats
from .search.stored import record_from_stored

if TYPE_CHECKING:
    from .search.results import UpdateReport


def _raised_in_whoosh(error: BaseException) -> bool:
    tb = error.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb is not None and f"{os.sep}whoosh{os.sep}" in tb.tb_frame.f_code.co_filename


def _reads_index(method):
    """Read failures of a damaged index file become IndexDamaged, naming the file.

    Some are damage whatever raised them (EOFError, struct.error...). Others (a ValueError such as
    "bad typecode") are damage only when Whoosh raised them and a file of the index then fails its
    checks; any other error is left as it is.
    """
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except store.DAMAGE as e:
            self.close()
            raise store.damaged(self.path, e) from None
        except (ValueError, KeyError, IndexError, TypeError, AssertionError) as e:
            culprit = store.find_damaged_file(self.path) if _raised_in_whoosh(e) else None
            if culprit is None:
                raise
            self.close()
            raise store.damaged(self.path, e, culprit) from None
    return wrapper


class Index:
    """A searchidx index on disk. Use as a context manager, or call ``close()``."""

    def __init__(self, path: str | Path, settings: Settings | None = None, create: bool = True):
        self.path = Path(path)
        self.settings = settings or load_settings(index=str(path))
        self._ix = None  # opened on first use, so that update(rebuild=True) can replace an unreadable index
        self._registry: Registry | None = None
        self._searcher = None  # kept open between searches (opening one reads every segment's files)
        if not create:
            self._require()

    # --- lifecycle -------------------------------------------------------------------------------------
    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        if self._ix is not None:
            self._ix.close()
            self._ix = None

    def _shared_searcher(self):
        """An open searcher, refreshed when another process has committed since (cheap if nothing changed)."""
        from .search.collect import weighting

        if self._searcher is None:
            self._searcher = self._require().searcher(weighting=weighting())
        elif not self._searcher.up_to_date():
            self._searcher = self._searcher.refresh()
        return self._searcher

    @property
    def registry(self) -> Registry:
        if self._registry is None:
            self._registry = load_registry(self.settings.entity_files)
        return self._registry

    def _require(self):
        if self._ix is None:
            self._ix = store.open_existing(self.path)
        return self._ix

    # --- writing ---------------------------------------------------------------------------------------
    @_reads_index
    def update(self, paths: Sequence[str | Path], rebuild: bool = False, jobs: int = 1,
               progress: Callable[[int, int], None] | None = None, wait: float = 0.0) -> UpdateReport:
        """Index new and changed files under ``paths`` and drop deleted ones; ``rebuild`` starts fresh.

        Only one process writes at a time: another writer makes this wait up to ``wait`` seconds,
        then raise IndexLockedError naming the other process.
        """
        from .index.update import update_index  # only writing needs the readers and extractors

        missing = [str(p) for p in paths if not os.path.lexists(p)]
        if missing:  # before anything is created: a typo must not leave an empty index behind
            raise CorpusNotFound(f"{missing[0]}: no such file or folder to index")
        self.registry  # validate the registry before any work starts
        with store.WriteLock(self.path, wait) as lock:
            self.close()
            target = store.begin_rebuild(self.path) if rebuild else store.open_or_create(self.path)
            try:
                report = update_index(target, paths, self.settings, jobs=jobs, progress=progress)
            except OSError as e:
                if e.errno not in (errno.ENOSPC, errno.EDQUOT):
                    raise
                freed = store.remove_orphans(self.path, target.indexname)
                raise DiskFull(f"disk full at {self.path}: the index is as it was at its last commit; at least "
                               f"{max(freed, 1) / 1e6:.1f} MB more is needed (the unfinished segment files were "
                               f"removed); free some space and run the same command again") from None
            if rebuild and report.interrupted:
                report.notes.append("the rebuild was interrupted: searches still use the index as it was "
                                    "before; run the same command again to finish the rebuild")
            elif rebuild:  # written beside the index in use, which stays searchable until this one is whole
                store.finish_rebuild(self.path, target)
        report.notes[:0] = lock.notes
        return report

    @_reads_index
    def refresh_entities(self, progress: Callable[[int, int], None] | None = None, wait: float = 0.0):
        """Re-apply the current registry and extractor to every stored article; no file is read again."""
        from .index.refresh import refresh_entities

        self.registry
        with store.WriteLock(self.path, wait):
            return refresh_entities(self._require(), self.settings, progress=progress)

    # --- reading ---------------------------------------------------------------------------------------
    @_reads_index
    def search(self, query: Query | str | None = None, *, now: datetime | None = None, explain: bool = False,
               restrict_ids: set[str] | None = None, with_text: bool = False, **options) -> Results:
        """Search with a Query, or with query text plus options (``place=[...]``, ``since=``, ``facets=``...).

        ``with_text`` gives each hit its article's whole text (``hit.text``)."""
        if isinstance(query, Query):
            if options:
                query = query.replace(**options)
        else:
            options.setdefault("limit", self.settings.limit)
            query = Query.from_dict({"q": query or "", **options})
        return _searcher.run(self._shared_searcher(), self.registry, query, self.settings.snippet_chars, now, explain,
                             restrict_ids, with_text=with_text)

    @_reads_index
    def match_ids(self, query: Query | str, now: datetime | None = None) -> list[str]:
        """Ids of every matching article, best first (or in the query's sort order)."""
        query = query if isinstance(query, Query) else Query(q=query)
        return _searcher.match_ids(self._shared_searcher(), self.registry, query, now)

    def run(self, queries, params: dict | None = None, names=(), diff: bool = False,
            now: datetime | None = None) -> dict:
        """Run saved queries (a file path, a loaded QueryFile, or resolved queries); results keyed by name."""
        from . import saved

        if isinstance(queries, (str, Path)):
            queries = saved.load_queries(queries)
        if isinstance(queries, saved.QueryFile):
            queries = queries.resolve(params, names, now)
        return saved.run_queries(self, list(queries), diff=diff, now=now)

    @_reads_index
    def explain(self, query: Query | str, now: datetime | None = None) -> str:
        """The Whoosh query, filter and mask a search would run: what ``--explain`` prints."""
        query = query if isinstance(query, Query) else Query(q=query)
        with self._require().searcher() as s:
            return compile_query(s, self.registry, query, now).explain()

    @_reads_index
    def get(self, article_id: str) -> ArticleRecord:
        """One stored article by id; ArticleNotFound if there is none."""
        with self._require().searcher() as s:
            stored = s.document(**{S.ID_FIELD: article_id})
        if stored is None:
            raise ArticleNotFound(f"no article with id {article_id!r} in {self.path} (ids are shown by search)")
        return record_from_stored(stored)

    @_reads_index
    def similar(self, article_id: str, limit: int = 10, include_copies: bool = False, **filters) -> Results:
        """Articles most like the given one (key terms and shared entities), its own story's copies left out."""
        query = Query.from_dict({"limit": limit, **filters})
        return _searcher.run(self._shared_searcher(), self.registry, query, self.settings.snippet_chars,
                             like=article_id, include_copies=include_copies)

    @_reads_index
    def timeline(self, query: Query | str | None = None, by: str = "month", split: str | None = None, top: int = 5,
                 now: datetime | None = None, **options):
        """Matching articles (or stories, with count="stories") per day, week, month or year."""
        q = query if isinstance(query, Query) else Query.from_dict({"q": query or "", **options})
        return _timeline.timeline(self._shared_searcher(), self.registry, q, by, split, top, now)

    @_reads_index
    def story(self, article_id: str):
        """The story of an article: its copies, dates, sources and what each copy changed."""
        story = _stories.story_of(self._shared_searcher(), article_id)
        if story is None:
            raise ArticleNotFound(f"no article with id {article_id!r} in {self.path} (ids are shown by search)")
        return story

    def facets(self, names: Sequence[str] = S.FACETS, top: int = 10, query: Query | str | None = None,
               **options) -> dict[str, list[FacetCount]]:
        """Facet counts over the whole index, or over a search's matches."""
        q = query if isinstance(query, Query) else Query(q=query or "", **options)
        q = q.replace(facets=tuple(names), facet_limit=top, limit=0)
        return self.search(q).facets

    @_reads_index
    def suggest_aliases(self, types: Sequence[str] = S.ENTITY_FIELDS, min_together: int = 0):
        """Candidate alias merges (same surname, near spelling, acronym) with co-occurrence counts."""
        from whoosh import query as wq

        from .enrich.suggest import suggest_aliases

        values = {t: [(f.value, f.count) for f in counts]
                  for t, counts in self.facets(types, top=1_000_000).items()}
        with self._require().searcher() as s:
            def together(etype: str, a: str, b: str) -> int:
                return len(s.search(wq.Term(etype, a), filter=wq.Term(etype, b), limit=1))
            return suggest_aliases(values, together, min_together)

    def check(self, files: bool = True):
        """Read the whole index back: segment checksums, stored fields, columns, unique ids and, with
        ``files``, the indexed files on disk. A CheckReport; ``report.ok`` is False if anything is wrong."""
        from .index.check import check

        return check(self.path, files=files)

    @_reads_index
    def stats(self, top: int = 5) -> Stats:
        ix = self._require()
        with ix.searcher() as s:
            reader = s.reader()
            articles = s.doc_count()
            files = len(set(reader.column_reader(S.FILE)[d] for d in reader.all_doc_ids())) if articles else 0
            earliest = latest = None
            undated = articles
            if articles and reader.has_column(S.DATE):
                col = reader.column_reader(S.DATE, translate=False)
                missing = reader.schema[S.DATE].column_type.default_value()
                real = [v for v in (col[d] for d in reader.all_doc_ids()) if v != missing]
                undated = articles - len(real)
                if real:
                    earliest, latest = (long_to_datetime(min(real)).date().isoformat(),
                                        long_to_datetime(max(real)).date().isoformat())
            sources = len(list(reader.field_terms(S.SOURCE))) if S.SOURCE in reader.indexed_field_names() else 0
            segments = len(ix._segments()) if hasattr(ix, "_segments") else 0
        return Stats(articles=articles, files=files, undated=undated, earliest=earliest, latest=latest,
                     sources=sources, size_bytes=store.size_on_disk(self.path), segments=segments,
                     top=self.facets((S.PERSON, S.PLACE, S.ORG, S.SOURCE), top=top) if articles else {})


def open_index(path: str | Path | None = None, settings: Settings | None = None, create: bool = True) -> Index:
    """Open (or, on first ``update``, create) the index at ``path`` (default: settings' index location)."""
    settings = settings or load_settings(index=str(path) if path else None)
    return Index(path or settings.index, settings, create=create)


__all__ = ["Index", "open_index", "SearchidxError"]
