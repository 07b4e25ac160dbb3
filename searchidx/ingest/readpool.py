"""Files read and enriched by a pool of processes while the indexing process writes, kept a bounded
number of articles ahead of the writing."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from ..children import die_with

Item = TypeVar("Item")
Result = TypeVar("Result")

# How far the pool may read ahead of the writing, in articles: enough to keep it busy while the writing
# commits a batch, little enough that what waits in memory does not grow with the corpus.
ARTICLES_AHEAD = 4000
MIN_FILES_AHEAD = 8  # files of thousands of articles each are still read a few at a time

_read_one: Callable | None = None  # each pool process's reader, inherited from the indexing process


def _start(read_one: Callable, indexing: int) -> None:
    global _read_one
    # A process group of its own: a signal sent to the indexing process's group (Ctrl-C, timeout,
    # kill -- -PGID, a container's init passing it on) is that process's to handle. A reader it ended
    # would take the file it was reading with it, and the indexing process would wait for that file
    # forever (docs/safety.md: under systemd, KillMode=mixed, which signals the main process only).
    os.setpgid(0, 0)
    die_with(indexing)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the indexing process's to handle
    signal.signal(signal.SIGHUP, signal.SIG_IGN)  # and a closed terminal
    # The indexing process's SIGTERM handler, inherited, would only set a flag here: the pool ends its
    # processes with SIGTERM, and one that outlived it would keep the pool from closing.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})  # blocked from the fork to here
    _read_one = read_one


def _read(item: object) -> object:
    assert _read_one is not None  # set by _start in each pool process
    return _read_one(item)


class _Throttle:
    """Lets the pool take a file only while fewer than the allowance are read and not yet written; the
    allowance in files follows the articles a file has held so far."""

    def __init__(self, articles_ahead: int):
        self.articles_ahead = articles_ahead
        self.changed = threading.Condition()
        self.sent = self.taken = self.articles = 0
        self.closed = False

    def _allowance(self) -> int:
        if not self.taken:  # how many articles a file holds is not known yet
            return MIN_FILES_AHEAD
        return max(MIN_FILES_AHEAD, int(self.articles_ahead * self.taken / max(self.articles, self.taken)))

    def wait_turn(self) -> bool:
        """Block the pool's feeding thread until another file may go; False once reading stops."""
        with self.changed:
            while not self.closed and self.sent - self.taken >= self._allowance():
                self.changed.wait(0.5)
            self.sent += 1
            return not self.closed

    def took(self, articles: int) -> None:
        with self.changed:
            self.taken += 1
            self.articles += articles
            self.changed.notify()

    def close(self) -> None:
        with self.changed:
            self.closed = True
            self.changed.notify_all()


def read_in_pool(items: Sequence[Item], read_one: Callable[[Item], Result], processes: int,
                 articles_of: Callable[[Result], int]) -> Iterator[Result]:
    """``read_one`` of each item, in order, computed by ``processes`` forked processes (which inherit
    ``read_one`` with whatever it has loaded) at most ARTICLES_AHEAD articles ahead of the caller."""
    import multiprocessing

    throttle = _Throttle(ARTICLES_AHEAD)

    def feed() -> Iterator[Item]:  # iterated by the pool's own feeding thread
        for item in items:
            if not throttle.wait_turn():
                return
            yield item

    # SIGTERM stays blocked in each pool process from its fork until _start has let it end the process:
    # the pool ends its processes with SIGTERM, and one that came before, met by the indexing process's
    # handler (inherited), was lost and left the pool waiting on that process for ever. The pool's
    # threads, started here, keep it blocked, and so do the processes they start to replace one.
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    try:
        pool = multiprocessing.get_context("fork").Pool(processes, initializer=_start,
                                                        initargs=(read_one, os.getpid()))
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    try:
        for result in pool.imap(_read, feed(), chunksize=4):
            throttle.took(articles_of(result))  # type: ignore[arg-type]
            yield result  # type: ignore[misc]
    finally:
        throttle.close()  # before terminate, which waits for the feeding thread
        pool.terminate()
        pool.join()
