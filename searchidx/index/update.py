"""Bringing an index in line with its corpus: incremental, batched, each batch one atomic commit.

A file's articles are deleted and re-added together in one batch, so a crash or Ctrl-C leaves
every file either in its old or its new state, never half of each. The next run picks up where
an interrupted one stopped, because stamps are only written with the documents they describe.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Generator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import Settings
from ..ingest.article import Article
from ..ingest.batches import ARTICLES, batch_for, text_chars
from ..ingest.claims import DuplicateIds, Holder
from ..ingest.pipeline import FileResult, Plan, begin, read_files
from ..ingest.signals import STOP_SIGNALS, catch, raise_interrupt, restore, terminate_as_interrupt
from ..ingest.state import Claims, IndexState
from ..search.results import UpdateReport
from . import schema as S
from . import store
from .bandtable import BandTable
from .columns import column_reader
from .documents import article_document, article_from_stored, existing_files
from .grouping import KnownIdsAndBands, StoryGrouper
from .lookup import KnownTerms
from .regroup import new_story_ids, signature_of
from .writer import (
    PARALLEL_MIN_FILES,
    cancel,
    commit,
    merge_tiers,
    open_writer,
    segments_to_merge,
    writing_in_parallel,
)

if TYPE_CHECKING:
    from types import FrameType

    from whoosh.index import FileIndex
    from whoosh.searching import Searcher
    from whoosh.writing import IndexWriter


class _LeaveFile(BaseException):
    """A first stop while a file is read: that file is left to the next run (a BaseException, so that no
    reader's ``except Exception`` takes it for the file's fault)."""


class _StopFlag:
    """SIGINT (Ctrl-C), SIGTERM (kill, docker stop, systemd) and SIGHUP (a closed terminal) set the flag
    instead of ending the process, so the batch commits; ``signum`` says which came first. One that comes
    while a file is read (``files``) stops the reading too: nothing of that file is written yet, and
    reading a file of tens of thousands of records to the end took minutes."""

    def __init__(self):
        self.set = False
        self.signum = 0
        self.reading = False
        self._old: dict[int, Any] = {}

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            self._old = catch(STOP_SIGNALS, self._handle)
        return self

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.set:  # a second Ctrl-C means "now"
            raise_interrupt(signum, frame)
        self.set = True
        self.signum = signum
        if self.reading:
            raise _LeaveFile

    def files(self, results: Generator[FileResult, None, None]) -> Generator[FileResult, None, None]:
        """Each file of ``results`` as it is read, until the flag is set: a file still being read then is
        given up (its stamp is not stored, so the next run reads it, as after a crash)."""
        try:
            while not self.set:
                self.reading = True
                result = next(results, None)
                self.reading = False
                if result is None:
                    return
                yield result
        except _LeaveFile:
            pass
        finally:
            self.reading = False
            results.close()  # a pool's reader processes end with it

    def __exit__(self, *exc):
        restore(self._old)
        return False


def update_index(ix: FileIndex, paths: Sequence[str | Path], settings: Settings, jobs: int = 1,
                 progress: Callable[[int, int], None] | None = None, allow_empty: bool = False) -> UpdateReport:
    """Bring the index in line with the files under ``paths``: add new, re-read changed, drop deleted
    (``allow_empty``: those of a folder given that holds no article file now too, ``pipeline.plan``)."""
    with terminate_as_interrupt():
        return _update(ix, paths, settings, jobs, progress, allow_empty)


def _update(ix: FileIndex, paths: Sequence[str | Path], settings: Settings, jobs: int,
            progress: Callable[[int, int], None] | None, allow_empty: bool) -> UpdateReport:
    started = time.perf_counter()
    report = UpdateReport()
    known_files = existing_files(ix)
    run = begin(paths, settings, known_files, IndexState.from_dict(store.read_state(ix)), allow_empty)
    todo, claims = run.plan, run.claims
    report.unchanged, report.failed, report.notes = todo.unchanged, list(todo.failed), run.notes
    report.held_back = list(todo.held_back)
    report.files_found = todo.found
    left_to_group = set(claims.stored.regroup) if settings.stories else set()
    if not todo.todo and not todo.gone:  # nothing to write: leave the index (and its generation) untouched
        with _StopFlag():
            if segments_to_merge(store.segments_of(ix)):  # but finish the merge a crashed run left
                _merge(ix, settings.compress_postings)
            if left_to_group:  # and the grouping a stopped run left
                report.regrouped = _regroup(ix, left_to_group, settings)
        _store_state(ix, claims, claims.final(run.read_settings, True))
        report.seconds = time.perf_counter() - started
        return report
    # With two or more jobs, Whoosh's own writer processes analyse and write segments in parallel
    # while this process reads, extracts and groups: measured faster than a pool of readers
    # feeding one writer, because analysis and posting writing are the larger cost.
    # A small run is not worth writer processes: each leaves its own segment, which costs every search
    # (and once cost a merge: 100 changed files on a 30k index took 101 s in parallel).
    procs = jobs if jobs > 1 and len(todo.todo) >= min(settings.batch_size or ARTICLES, PARALLEL_MIN_FILES) else 1
    # Stories this update joined or took members from, grouped again at the end as a clean build
    # would group them (an update reads new files after copies indexed long ago). A first build reads
    # everything in walk order already.
    # A run stopped before it grouped its stories again leaves them to this one.
    touched: set[str] | None = set(left_to_group) if settings.stories and known_files else None
    claims.touched = touched
    # The stop flag is set before any writer process starts, so they inherit it and Ctrl-C
    # never kills one halfway through a segment.
    # The merge and the regrouping commit too: a first Ctrl-C during them must not cut them short.
    known = KnownIdsAndBands(settings.stories)  # the story bands read for the run serve its regrouping too
    with _StopFlag() as stop, writing_in_parallel(procs, jobs):
        _write_batches(ix, todo, known_files, settings, jobs, procs, report, stop, touched, progress, claims, known)
        if procs > 1 and segments_to_merge(store.segments_of(ix)):
            _merge(ix, settings.compress_postings)
        if touched and not report.interrupted:
            report.regrouped = _regroup(ix, touched, settings, known.bands)
    _store_state(ix, claims, claims.final(run.read_settings, not report.interrupted))
    report.seconds = time.perf_counter() - started
    return report


def _write_batches(ix: FileIndex, todo: Plan, known_files: dict, settings: Settings, jobs: int, procs: int,
                   report: UpdateReport, stop: _StopFlag, touched: set[str] | None,
                   progress: Callable[[int, int], None] | None, claims: Claims, known: KnownIdsAndBands) -> None:
    """Delete the vanished files, then write the files read, one commit per batch of articles."""
    total = len(todo.todo)
    batch = batch_for(settings, procs)  # a batch for each writer process in every commit
    ids = DuplicateIds(claims, todo.replacing, known_files, report)
    writer = open_writer(ix, procs, compress=settings.compress_postings)
    try:
        searcher = ix.searcher()  # the index as it was: the deletes below are not committed yet
        try:
            ids_of = _FileIds(searcher)
            for key in todo.gone:
                ids.gone(ids_of(key))
                writer.delete_by_term(S.FILE, key)
                claims.gone(key)
                batch.add(1)
            known.refresh(searcher, total)
            if touched is not None:
                touched.update(_stories_of_files(searcher, todo.replacing))
            grouper = StoryGrouper(searcher, settings, known.bands, todo.replacing) if settings.stories else None
            files = stop.files(read_files(todo.todo, settings, jobs, procs))
            for done, (key, rel, stamp, articles, error) in enumerate(files, 1):
                report.files_read += 1
                if error is not None:
                    report.failed.append((rel, error))
                if articles is not None:  # a file read as holding none still replaces what it held
                    batch.add(_write_file(writer, searcher, key, rel, stamp, articles, known_files, ids,
                                          ids_of, grouper, known.ids, touched), text_chars(articles))
                else:
                    claims.unreadable(key)
                if progress:
                    progress(done, total)
                if stop.set:
                    break
                if batch.full:
                    _store_state(ix, claims, claims.pending())
                    commit(writer, procs)
                    report.commits += 1
                    writer = open_writer(ix, procs, compress=settings.compress_postings)
                    batch.committed()
                    # What this run committed is in the index now: a fresh searcher finds it there,
                    # so the in-memory lists restart instead of growing with the run.
                    searcher.close()
                    searcher = ix.searcher()
                    ids_of = _FileIds(searcher)
                    known.refresh(searcher, total - done)
                    grouper = (StoryGrouper(searcher, settings, known.bands, todo.replacing)
                               if settings.stories else None)
                    ids.committed()
            files.close()  # a pool's reader processes end here, not after the last commit
            if stop.set:
                report.interrupted, report.stop_signal = True, stop.signum
        finally:
            searcher.close()
        report.removed += ids.removed()
        _store_state(ix, claims, claims.pending())
        commit(writer, procs)
        report.commits += 1
    except BaseException:
        cancel(writer)
        raise


def _merge(ix: FileIndex, compress: bool) -> None:
    """Merge the small segments parallel writers left (writer.merge_tiers), in one commit."""
    writer = open_writer(ix, compress=compress)
    try:
        writer.commit(mergetype=merge_tiers)
    except BaseException:
        cancel(writer)
        raise


def _store_state(ix: FileIndex, claims: Claims, state: IndexState | None) -> None:
    if claims.to_store(state) is not None:
        assert state is not None
        store.write_state(ix, state.to_dict())


class _FileIds:
    """The ids of an indexed file's articles, read from the id column of one searcher (opened once: a column
    reader reads the offsets of every document of its segments when made)."""

    def __init__(self, searcher: Searcher):
        self.reader = searcher.reader()
        self.column: Any = None

    def __call__(self, key: str) -> list[str]:
        docs = _live_docs(self.reader, key)
        if not docs:
            return []
        if self.column is None:
            self.column = column_reader(self.reader, S.ID_FIELD)
        return [self.column[d] for d in docs]


def _live_docs(reader: Any, key: str) -> list[int]:
    """The documents of an indexed file that are not deleted."""
    if (S.FILE, key) not in reader:  # str terms: the reader encodes them
        return []
    return [d for d in reader.postings(S.FILE, key).all_ids() if not reader.is_deleted(d)]


def _stories_of_files(searcher: Searcher, replacing: dict[str, str | None]) -> set[str]:
    """The stories of the indexed articles of files this run replaces or deletes."""
    reader = searcher.reader()
    if not reader.doc_count_all():
        return set()
    stories = column_reader(reader, S.STORY)
    return {stories[d] for key in replacing for d in _live_docs(reader, key)}


def _regroup(ix: FileIndex, touched: set[str], settings: Settings, bands: BandTable | None = None) -> int:
    """Rewrite the articles of ``touched`` stories whose story id a clean build would set otherwise."""
    with ix.searcher() as searcher:
        reader = searcher.reader()
        changes = new_story_ids(reader, touched, settings, bands)
        if not changes:
            return 0
        signatures = column_reader(reader, S.SIGNATURE)
        documents = []
        for docnum, story in changes.items():
            stored = reader.stored_fields(docnum)
            article = article_from_stored(stored).with_changes(signature=signature_of(signatures, docnum))
            documents.append(article_document(article, stored[S.FILE], stored[S.STAMP], stored[S.HASH], story))
    writer = open_writer(ix, compress=settings.compress_postings)
    try:
        for doc in documents:
            writer.update_document(**doc)
        writer.commit(mergetype=merge_tiers)
    except BaseException:
        cancel(writer)
        raise
    return len(documents)


def _write_file(writer: IndexWriter, searcher: Searcher, key: str, rel: str, stamp: str, articles: list[Article],
                known_files: dict, ids: DuplicateIds, ids_of: _FileIds, grouper: StoryGrouper | None = None,
                known_ids: KnownTerms | None = None, touched: set[str] | None = None) -> int:
    to_bytes = searcher.schema[S.ID_FIELD].to_bytes
    maybe_indexed = (None if known_ids is None else
                     {a.id for a, maybe in zip(articles, known_ids.might_contain(to_bytes(a.id) for a in articles))
                      if maybe})

    def indexed(article_id: str) -> Holder | None:
        if maybe_indexed is not None and article_id not in maybe_indexed:
            return None
        if not searcher.reader().doc_frequency(S.ID_FIELD, article_id):
            return None
        stored = searcher.document(**{S.ID_FIELD: article_id})
        if not stored:
            return None
        return Holder(str(stored.get(S.FILE) or ""), stored.get(S.STAMP), stored.get(S.PATH), stored.get(S.STORY),
                      stored.get(S.HASH))

    kept, displaced = ids.kept(key, rel, articles, indexed, ids_of(key) if key in known_files else None)
    if not kept:
        ids.claims.nothing_indexed(key, stamp)
        if key in known_files:  # every record now skipped: what the file held before must go too
            writer.delete_by_term(S.FILE, key)
            return 1
        return 0
    if key in known_files:
        writer.delete_by_term(S.FILE, key)
    # Indexed articles of these ids that give way: another file's, or this file's old copies a damaged
    # file column hides from the file key.
    for article_id in displaced:
        writer.delete_by_term(S.ID_FIELD, article_id)
    for a in kept:
        meta = {k: v for k, v in a.meta.items() if not k.startswith("_")}
        story = grouper.assign(a, exclude_file=key) if grouper else None
        if touched is not None and story is not None:
            touched.add(story)
        writer.add_document(**article_document(a.with_changes(meta=meta), key, stamp, a.content_hash, story))
    if touched is not None and grouper is not None:
        touched |= grouper.related
        grouper.related.clear()
    return len(kept)
