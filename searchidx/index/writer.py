"""The Whoosh writer: opening one (waiting out stray writer processes), committing with the merge
policy, and keeping forked writer processes from outliving the indexing process."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from queue import Empty, Full
from typing import TYPE_CHECKING, Any

from whoosh.index import LockError
from whoosh.multiproc import MpWriter
from whoosh.writing import IndexWriter

from ..children import die_with, how_it_ended
from ..errors import IndexLockedError, WriterEnded
from ..ingest.signals import STOP_SIGNALS

if TYPE_CHECKING:
    from whoosh.codec.base import Codec, Segment
    from whoosh.index import FileIndex
    from whoosh.writing import SegmentWriter

WRITER_GRACE = 30.0
PARALLEL_MIN_FILES = 2000  # fewer files than this (and than a commit batch) are written by one process
# Posting pools spill to disk past these sizes (Whoosh's estimate, close to the real memory): a
# 3,000-article batch fits without spilling, which is slow (10k --jobs 1: 44 s without a spill,
# 59 s when 10,000-article batches spilled past 160 MB; since the exact copy of the text, 5,000
# generated articles took 64 s in 5,000-article batches, 46 s in 3,000); a merge of small segments may spill.
SINGLE_WRITER_MB = 300
PARALLEL_WRITER_MB = 256  # each writer process also holds the pages it shares with the main process

# Merge policy. Large segments are never rewritten: a Whoosh merge re-adds every posting in one
# process (folding the twenty 5,000-article segments of a 100k build took over 5 minutes and 1.2 GB),
# and Whoosh's default policy folds twenty-odd segments into one as an index grows (a 40,000-article
# merge inside a 100k --jobs 1 build, at 790 MB). Commits are large instead: each writer process
# writes a batch (ingest/batches.py: 3,000 articles, more of short ones) into one segment per
# commit. The small segments that frequent small runs leave are merged by size tier, ten of the
# same order of magnitude into one, so a merge never rewrites more than MERGE_BELOW x TIER_WIDTH
# articles.
MERGE_BELOW = 1000
TIER_WIDTH = 10


def segments_to_merge(segments: Iterable[Segment]) -> list[Segment]:
    """The small segments due for a merge: every tier (1-9, 10-99, 100-999 articles) holding TIER_WIDTH."""
    tiers: dict[int, list[Segment]] = {}
    for seg in segments:
        count = seg.doc_count_all()
        if count < MERGE_BELOW:
            tiers.setdefault(len(str(count)), []).append(seg)
    return [seg for tier in tiers.values() if len(tier) >= TIER_WIDTH for seg in tier]


def merge_tiers(writer: SegmentWriter, segments: list[Segment]) -> list[Segment]:
    """Whoosh merge policy (``commit(mergetype=...)``): merge the segments segments_to_merge names."""
    from whoosh.reading import SegmentReader

    merging = segments_to_merge(segments)
    for seg in merging:
        writer.add_reader(SegmentReader(writer.storage, writer.schema, seg))
    return [seg for seg in segments if seg not in merging]


_forking_writers = False  # set only while an update runs parallel writers: other forks are left alone
_writers_parent = 0  # the process that forks them


def _die_with_parent() -> None:
    """In a forked writer process: exit when the indexing process dies (even by kill -9), and leave the
    stop signals to it. A signal sent to the process group reaches the writer processes too: the
    handler they inherited let the first set a flag of their own, and made a second raise
    KeyboardInterrupt there, each writer process printing its traceback under the run's last line. The
    indexing process ends them (``cancel``) or hands them their last job."""
    if _forking_writers:
        die_with(_writers_parent)
        for signum in STOP_SIGNALS:
            signal.signal(signum, signal.SIG_IGN)


_fork_hook_registered = False


def register_fork_hook() -> None:
    """Once per process, and only when writer processes are about to start: importing searchidx must
    not change what every later fork in the user's program does."""
    global _fork_hook_registered
    if not _fork_hook_registered:
        os.register_at_fork(after_in_child=_die_with_parent)
        _fork_hook_registered = True


def postings_codec(compress: bool) -> Codec:
    """Whoosh's own codec, set for writing speed.

    Unless ``compress``, its posting blocks are stored as they are instead of zlib-compressed. Whoosh
    compresses every block of 80 bytes or more, and each call costs about 70,000 instructions before it
    reads a byte (zlib sets up its tables for every block): 12.6% of a writer process's instructions on
    short wire stories. Blocks carry their own compression flag, so segments written either way are
    read alike (``ingest.compress_postings``).

    Without length statistics: a commit otherwise reads each posting's field length back from the new
    segment (4.7% of writing's instructions) to note the shortest per block, which only bounds the
    scores Whoosh's block skipping uses. searchidx collects every match without it (search/collect.py),
    so searches rank and cost the same."""
    from whoosh.codec.whoosh3 import W3Codec

    codec = W3Codec() if compress else W3Codec(compression=0)
    codec.length_stats = False  # Codec's own switch (Whoosh's plain-text codec turns it off too)
    return codec


def open_writer(ix: FileIndex, procs: int = 1, grace: float | None = None, compress: bool = False) -> IndexWriter:
    """A Whoosh writer. The caller holds searchidx's own lock, so a busy Whoosh lock can only belong to
    writer processes left by a killed run, which exit within moments: wait for them up to ``grace`` s.
    ``compress``: zlib-compress the posting blocks (``postings_codec``)."""
    deadline = time.monotonic() + (WRITER_GRACE if grace is None else grace)
    codec = postings_codec(compress)
    while True:
        try:
            if procs > 1:
                return _CheckedMpWriter(ix, procs=procs, multisegment=True, limitmb=PARALLEL_WRITER_MB, codec=codec)
            return ix.writer(limitmb=SINGLE_WRITER_MB, codec=codec)
        except LockError:
            if time.monotonic() < deadline:
                time.sleep(0.2)
                continue
            break
    raise IndexLockedError(
        f"{ix.storage.folder}: another searchidx process is writing to this index; wait for it to finish"
    )


class _CheckedMpWriter(MpWriter):
    """Whoosh's parallel writer, told when one of its writer processes has ended. Whoosh's commit passed
    over the segment of one that died (the out-of-memory killer, a full disk in that process) and
    committed the others: 'searchidx index --jobs 2' said '2600 added' of an index holding 2,300; and with
    none left, it waited on a full job queue for ever. Its processes are given the queues themselves."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._queues = (self.jobqueue, self.resultqueue)
        self.jobqueue, self.resultqueue = _Checked(self.jobqueue, self.tasks), _Checked(self.resultqueue, self.tasks)

    def _new_task(self):
        checked = (self.jobqueue, self.resultqueue)
        self.jobqueue, self.resultqueue = self._queues
        try:
            return super()._new_task()
        finally:
            self.jobqueue, self.resultqueue = checked


class _Checked:
    """A queue of the parallel writer as its indexing process uses it: a put waits while the writer
    processes live, a get that finds nothing asks whether one ended (WriterEnded)."""

    def __init__(self, queue: Any, tasks: list):
        self.queue = queue
        self.tasks = tasks

    def put(self, item: Any) -> None:
        while True:
            try:
                return self.queue.put(item, timeout=1.0)
            except Full:
                self._ended()

    def get(self, timeout: float | None = None) -> Any:
        try:
            return self.queue.get(timeout=timeout)
        except Empty:
            self._ended()
            raise

    def _ended(self) -> None:
        for task in self.tasks:
            if task.exitcode not in (None, 0):
                raise WriterEnded(f"a writer process {how_it_ended(task.exitcode)} before its articles were "
                                  "committed")


def cancel(writer: IndexWriter) -> None:
    """Drop what ``writer`` holds after an error or a second Ctrl-C. Its writer processes are killed
    first: Whoosh's cancel leaves them waiting for work that never comes (the process could not exit),
    or reading job files it has just deleted. The files they leave are the caller's to remove
    (store.remove_orphans)."""
    for task in getattr(writer, "tasks", ()):
        if task.is_alive():
            task.kill()
        task.join()
    try:
        writer.cancel()
    except Exception:  # a writer that failed while committing is closed already
        pass


def commit(writer: IndexWriter, procs: int) -> None:
    """Commit one batch: a single writer merges small segments by tier; parallel writers leave their
    segments as they are (the update merges once at its end)."""
    if procs > 1:
        writer.commit()
    else:
        writer.commit(mergetype=merge_tiers)


@contextmanager
def writing_in_parallel(procs: int, jobs: int) -> Iterator[None]:
    """While an update runs: Whoosh's writer processes, when ``procs`` > 1, exit when the indexing
    process dies (reader-pool processes are not tied to it: they are the pool's to end)."""
    global _forking_writers, _writers_parent
    if procs > 1 or jobs > 1:
        register_fork_hook()
    _forking_writers, _writers_parent = procs > 1, os.getpid()
    try:
        yield
    finally:
        _forking_writers = False
