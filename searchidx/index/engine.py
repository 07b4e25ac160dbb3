"""The Whoosh engine: an index folder written by ``index/update.py`` and searched by ``search/``.

Every read that meets a damaged file raises IndexDamaged naming it (see ``_reads_index``).
"""

from __future__ import annotations

import errno
import functools
import os
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeGuard, TypeVar

from whoosh import query as wq

from ..config import Settings
from ..enrich.aliases import Registry, fold
from ..errors import DiskFull, IndexProblem, WriterEnded, add_note
from ..search import searcher as _searcher
from ..search import stories as _stories
from ..search import timeline as _timeline
from ..search.collect import weighting
from ..search.compile import compile_query
from ..search.query import Query
from ..search.results import ArticleRecord, RefreshReport, Results, Stats, Story, Timeline, UpdateReport
from ..search.stored import COARSENESS, record_from_stored, span_date
from . import damage, store
from . import schema as S
from .columns import column_reader
from .deleted import live_terms
from .lock import WriteLock, remove_folder_if_empty

if TYPE_CHECKING:
    from whoosh.index import FileIndex
    from whoosh.reading import IndexReader
    from whoosh.searching import Searcher

    from ..analytics.results import EntityCounts
    from ..dates import DateRange
    from .check import CheckReport
    from .documents import Indexed

P = ParamSpec("P")
T = TypeVar("T")


def _raised_in_whoosh(error: BaseException) -> bool:
    tb = error.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb is not None and f"{os.sep}whoosh{os.sep}" in tb.tb_frame.f_code.co_filename


def _reads_index(method: Callable[Concatenate[WhooshEngine, P], T]) -> Callable[Concatenate[WhooshEngine, P], T]:
    """Read failures of a damaged index file become IndexDamaged, naming the file.

    Some are damage whatever raised them (EOFError, struct.error...). Others (a ValueError such as
    "bad typecode", an OSError "invalid argument", an AttributeError of a stored value unpickled from
    flipped bytes as another type, a MemoryError of a length read from them) are damage only when Whoosh
    raised them and a file of the index then fails its checks; any other error is left as it is.
    """
    @functools.wraps(method)
    def wrapper(self: WhooshEngine, *args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return method(self, *args, **kwargs)
        except damage.DAMAGE as e:
            self.close()
            raise damage.damaged(self.path, e) from None
        except damage.SUSPECT as e:
            # An OSError only when it is EINVAL (a damaged offset makes a seek fail): a full file
            # table or a refused permission says nothing about the index's bytes (said as such, below).
            # A KeyError of a field a stored record must hold (its id) is suspect wherever it was raised:
            # flipped bytes can unpickle as a record without it, and searchidx's code reads it, not Whoosh.
            suspect = (_raised_in_whoosh(e) or (isinstance(e, KeyError) and e.args[:1] == (S.ID_FIELD,))) and (
                not isinstance(e, OSError) or e.errno == errno.EINVAL)
            if isinstance(e, OSError) and e.errno in (errno.EACCES, errno.EPERM):
                self.close()
                raise IndexProblem(f"{e.filename or self.path}: cannot read this index file ({e.strerror}); ask "
                                   "for read access to the index folder's files") from None
            culprit = damage.find_damaged_file(self.path) if suspect else None
            if culprit is None:
                raise
            self.close()
            raise damage.damaged(self.path, e, culprit) from None
    return wrapper


_WRITE_REFUSED = (errno.EACCES, errno.EPERM, errno.EROFS)
_DISK_FULL = (errno.ENOSPC, errno.EDQUOT)


def _write_failed(error: BaseException) -> TypeGuard[OSError]:
    """Whether ``error`` is the folder refusing a write or a full disk (said in one line, not a traceback)."""
    return isinstance(error, OSError) and error.errno in _WRITE_REFUSED + _DISK_FULL


def _articles_committed(ix: FileIndex) -> int:
    """Articles in the index's last commit, read afresh (0 if it cannot be read)."""
    try:
        return ix.doc_count()
    except Exception:
        return 0


def _left_after_failure(path: Path, committed: int, left_nothing: bool, rebuilding: bool) -> str:
    """What a run that ended in an exception left, for the end of its traceback."""
    if left_nothing:
        return f"searchidx: indexing stopped before its first commit; no index was left at {path}"
    if rebuilding:
        return (f"searchidx: the rebuild stopped; searches still use the index at {path} as it was before; "
                "run the same command again to finish the rebuild")
    return (f"searchidx: indexing stopped; the index at {path} is as it was at its last commit ({committed} "
            "articles, searchable); run the same command again to finish")


class WhooshEngine:
    """A Whoosh index in a folder (see ``engine.Engine`` for what each method promises)."""

    def __init__(self, path: str | Path, settings: Settings, registry: Callable[[], Registry]):
        self.path = Path(path)
        self.settings = settings
        self._registry = registry  # loaded by the caller on first need (a search of a fresh index needs none)
        # opened on first use, so that update(rebuild=True) can replace an unreadable index
        self._ix: FileIndex | None = None
        self._searcher: Searcher | None = None  # kept open between searches (opening one reads every segment's files)
        self._checked: FileIndex | None = None  # the open index whose segment files were checked (_verified)

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        if self._ix is not None:
            self._ix.close()
            self._ix = None

    def require(self) -> FileIndex:
        """The open Whoosh index; IndexNotFound or IndexVersionError if there is none to use.

        After ``index --rebuild`` (from any process) the stamp names the new index and the old one's
        files are gone: the new one is opened, so a long-lived Index (a server) follows a rebuild too."""
        if self._ix is not None and self._ix.indexname != store.current_name(self.path):
            self.close()
        if self._ix is None:
            self._ix = store.open_existing(self.path)
        return self._ix

    def _verified(self) -> FileIndex:
        """The open index, its segment files checked against what their commits recorded once it is opened
        (``check`` reads a damaged index, so ``require`` does not refuse one)."""
        ix = self.require()
        if self._checked is not ix:
            self._refuse_changed_segments(ix)
            self._checked = ix
        return ix

    def _refuse_changed_segments(self, ix: FileIndex) -> None:
        """IndexDamaged naming a segment file changed since its commit, before anything is read from it."""
        names = [store.segment_file(ix, segment) for segment in store.segments_of(ix)]
        if (changed := damage.changed_segment(self.path, names)) is not None:
            self.close()
            raise damage.changed_since_written(self.path, changed)

    def _shared_searcher(self) -> Searcher:
        """An open searcher, refreshed when another process has committed since (cheap if nothing changed)."""
        ix = self._verified()
        if self._searcher is not None and not self._searcher.up_to_date():
            # (a long-lived process, the web server, checks the segments of each commit it meets, as it opened)
            self._refuse_changed_segments(ix)
            # A new searcher, not Whoosh's refresh(): that reuses each old segment reader whose segment
            # is still there, with the deletions it knew (a deleted or rewritten article was still
            # found), and puts back the segments a merge replaced (every article twice after it).
            # The entity tables of the segments still there are handed over, not read again.
            from ..search.entitytable import hand_over

            old, self._searcher = self._searcher, ix.searcher(weighting=weighting())
            hand_over(old.reader(), self._searcher.reader())
            old.close()
        if self._searcher is None:
            self._searcher = ix.searcher(weighting=weighting())
        return self._searcher

    # --- writing ---------------------------------------------------------------------------------------
    @_reads_index
    def update(self, paths: Sequence[str | Path], rebuild: bool = False, jobs: int = 1,
               progress: Callable[[int, int], None] | None = None, wait: float = 0.0,
               allow_empty: bool = False) -> UpdateReport:
        from .update import update_index  # only writing needs the readers and extractors

        made_folder = not self.path.exists()
        # A first run that failed leaves no index, nor the lock file, nor the folder if it made it.
        left_nothing = False
        try:
            with WriteLock(self.path, wait) as lock:
                self.close()
                first = not store.exists(self.path)
                try:
                    target = store.begin_rebuild(self.path) if rebuild else store.open_or_create(self.path)
                except OSError as e:
                    if not _write_failed(e):
                        raise
                    left_nothing = lock.remove = first
                    if first:
                        store.remove_index(self.path)
                    raise self._write_error(e, 0, left_nothing) from None
                if not rebuild and not first:  # (a rebuild writes a new index beside a damaged one)
                    self._refuse_changed_segments(target)
                try:
                    report = update_index(target, paths, self.settings, jobs, progress, allow_empty)
                except BaseException as e:  # an error, a second Ctrl-C, a Ctrl-C or SIGTERM during the walk
                    freed = store.remove_orphans(self.path, target.indexname)
                    committed = _articles_committed(target)
                    left_nothing = lock.remove = first and not committed
                    if left_nothing:
                        store.remove_index(self.path)
                    if _write_failed(e):
                        raise self._write_error(e, freed, left_nothing) from None
                    if isinstance(e, WriterEnded):
                        state = ("nothing was committed and no index was left there" if left_nothing else
                                 "the index is as it was at its last commit, and searchable")
                        raise WriterEnded(f"{self.path}: {e}: {state}; run the same command again to finish "
                                          "(with --jobs 1 a run needs less memory)") from None
                    add_note(e, _left_after_failure(self.path, committed, left_nothing, rebuild and not first))
                    raise
                failed = report.nothing_read or report.nothing_found  # the run ends in an error (exit 2)
                # A first run stopped by Ctrl-C or SIGTERM before it committed an article leaves nothing
                # either: an empty index would have searches find nothing instead of saying there is none.
                if first and report.interrupted and not _articles_committed(target):
                    store.remove_index(self.path)
                    left_nothing = lock.remove = report.no_index_left = True
                elif rebuild and report.interrupted:
                    report.notes.append("the rebuild was interrupted: searches still use the index as it was "
                                        "before; run the same command again to finish the rebuild")
                elif rebuild and failed and not first:  # an empty index must not replace the one in use
                    report.notes.append("the rebuild indexed nothing: searches still use the index as it was before")
                elif rebuild:  # written beside the index in use, which stays searchable until this one is whole
                    store.finish_rebuild(self.path, target)
                # A first run that ends in an error leaves no index behind, as a path that does not exist does:
                # the next search says there is no index and how to make one.
                if first and failed:
                    store.remove_index(self.path)
                    left_nothing = lock.remove = True
        finally:
            if left_nothing and made_folder:  # once the lock is let go and its file gone
                remove_folder_if_empty(self.path)
        report.notes[:0] = lock.notes
        return report

    def _write_error(self, error: OSError, freed: int, left_nothing: bool) -> IndexProblem:
        """A write the folder refused (another owner's, a read-only mount) or a full disk, in one line
        saying what is left."""
        state = ("nothing was committed and no index was left there" if left_nothing else
                 "the index is as it was at its last commit")
        if error.errno in _DISK_FULL:
            return DiskFull(f"disk full at {self.path}: {state}; at least {max(freed, 1) / 1e6:.1f} MB more is "
                            "needed (the unfinished segment files were removed); free some space and run the same "
                            "command again")
        where = f"{error.filename}: " if error.filename else ""
        return IndexProblem(f"{self.path}: cannot write here ({where}{error.strerror}): {state}"
                            f"{'' if left_nothing else ', and searchable'}; indexing needs a folder you can write to")

    @_reads_index
    def refresh_entities(self, progress: Callable[[int, int], None] | None = None,
                         wait: float = 0.0) -> RefreshReport:
        from .refresh import refresh_entities

        with WriteLock(self.path, wait):
            ix = self._verified()
            try:
                return refresh_entities(ix, self.settings, progress=progress)
            except BaseException as e:
                freed = store.remove_orphans(self.path, ix.indexname)  # the commit's half-written segment
                if _write_failed(e):
                    raise self._write_error(e, freed, False) from None
                raise

    # --- reading ---------------------------------------------------------------------------------------
    @_reads_index
    def search(self, query: Query, now: datetime | None = None, explain: bool = False,
               restrict_ids: set[str] | None = None, with_text: bool = False, like: str | None = None,
               include_copies: bool = False) -> Results:
        return _searcher.run(self._shared_searcher(), self._registry(), query, self.settings.snippet_chars, now,
                             explain, restrict_ids, like=like, include_copies=include_copies, with_text=with_text)

    @_reads_index
    def match_ids(self, query: Query, now: datetime | None = None) -> list[str]:
        return _searcher.match_ids(self._shared_searcher(), self._registry(), query, now)

    @_reads_index
    def explain(self, query: Query, now: datetime | None = None) -> str:
        with self._verified().searcher() as s:
            return compile_query(s, self._registry(), query, now).explain()

    @_reads_index
    def get(self, article_id: str) -> ArticleRecord | None:
        with self._verified().searcher() as s:
            stored = s.document(**{S.ID_FIELD: article_id})
        return record_from_stored(stored) if stored is not None else None

    @_reads_index
    def timeline(self, query: Query, by: str = "month", split: str | None = None, top: int = 5,
                 now: datetime | None = None) -> Timeline:
        return _timeline.timeline(self._shared_searcher(), self._registry(), query, by, split, top, now)

    @_reads_index
    def story(self, article_id: str) -> Story | None:
        return _stories.story_of(self._shared_searcher(), article_id)

    @_reads_index
    def articles_with_both(self, field: str, a: str, b: str) -> int:
        searcher = self._shared_searcher()
        return len(searcher.search(wq.Term(field, a), filter=wq.Term(field, b), limit=1))

    @_reads_index
    def entity_counts(self, query: Query, types: Sequence[str], now: datetime | None = None,
                      background: bool = False, within: DateRange | None = None) -> EntityCounts:
        from ..search import entitycounts  # analytics only: a search does not import it

        return entitycounts.entity_counts(self._shared_searcher(), self._registry(), query, types, now, background,
                                          within)

    @_reads_index
    def entity_rows(self, query: Query, types: Sequence[str],
                    now: datetime | None = None) -> tuple[list[tuple[tuple[str, str], ...]], list[str]]:
        from ..search import entitycounts

        return entitycounts.entity_rows(self._shared_searcher(), self._registry(), query, types, now)

    @_reads_index
    def stats(self) -> Stats:
        ix = self._verified()
        with ix.searcher() as s:
            reader = s.reader()
            articles = s.doc_count()
            files = len(set(column_reader(reader, S.FILE)[d] for d in reader.all_doc_ids())) if articles else 0
            earliest = latest = None
            undated = articles
            if articles and reader.has_column(S.DATE):
                col = column_reader(reader, S.DATE, translate=False)
                missing = reader.schema[S.DATE].column_type.default_value()
                real = [(v, d) for v, d in ((col[d], d) for d in reader.all_doc_ids()) if v != missing]
                undated = articles - len(real)
                if real:
                    earliest, latest = (span_date(_most_precise(reader, real, min(real)[0])),
                                        span_date(_most_precise(reader, real, max(real)[0])))
            sources = len({fold(s) for s in live_terms(reader, S.SOURCE)})  # as facets and --source count them
            segments = len(store.segments_of(ix))
        return Stats(articles=articles, files=files, undated=undated, earliest=earliest, latest=latest,
                     sources=sources, size_bytes=store.size_on_disk(self.path), segments=segments)

    def check(self, files: bool = True) -> CheckReport:
        from .check import check

        return check(self.path, files=files)

    def export(self) -> Iterator[Indexed]:
        from .documents import Indexed, article_from_stored
        from .regroup import signature_of

        with self._verified().searcher() as s:
            reader = s.reader()
            signatures = column_reader(reader, S.SIGNATURE) if reader.has_column(S.SIGNATURE) else None
            for docnum, stored in reader.iter_docs():
                signature = signature_of(signatures, docnum) if signatures is not None else None
                article = article_from_stored(stored).with_changes(signature=signature)
                yield Indexed(article, stored[S.FILE], stored[S.STAMP], stored.get(S.HASH) or "",
                              stored.get(S.STORY) or article.id)


def _most_precise(reader: IndexReader, dated: list[tuple[int, int]], value: int) -> dict:
    """The stored fields of the most precisely dated article of those dated ``value`` (a column's number);
    of many dated alike (a year's worth dated only 2019) the first few are read."""
    at = islice((reader.stored_fields(d) for v, d in dated if v == value), 50)
    return min(at, key=lambda stored: COARSENESS.get(stored.get(S.PRECISION) or "", 0))
