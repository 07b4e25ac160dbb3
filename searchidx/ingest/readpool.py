"""Files read and enriched by a pool of processes while the indexing process writes, kept a bounded
number of articles ahead of the writing."""

from __future__ import annotations

import os
import signal
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from ..children import die_with, how_it_ended

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

Item = TypeVar("Item")
Result = TypeVar("Result")

# How far the pool may read ahead of the writing, in articles: enough to keep it busy while the writing
# commits a batch, little enough that what waits in memory does not grow with the corpus.
ARTICLES_AHEAD = 4000
MIN_FILES_AHEAD = 8  # files of thousands of articles each are still read a few at a time

def _start(indexing: int) -> None:
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


def _serve(conn: Connection, read_one: Callable, indexing: int) -> None:
    """A pool process: read each item sent, send back (True, its result) or (False, the exception raised)."""
    _start(indexing)
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):  # the indexing process is done with it
            os._exit(0)
        try:
            conn.send((True, read_one(item)))
        except BaseException as e:  # noqa: BLE001 - the indexing process raises it (a setting's fault)
            conn.send((False, e))


def _ended(exitcode: int | None) -> str:
    """Why a file is not read, when its reader process ended reading it."""
    return f"its reader process {how_it_ended(exitcode)}; the file is left as it was"


class _Throttle:
    """Lets the pool take a file only while fewer than the allowance are read and not yet written; the
    allowance in files follows the articles a file has held so far."""

    def __init__(self, articles_ahead: int):
        self.articles_ahead = articles_ahead
        self.sent = self.taken = self.articles = 0

    def allows(self) -> bool:
        if not self.taken:  # how many articles a file holds is not known yet
            allowance = MIN_FILES_AHEAD
        else:
            allowance = max(MIN_FILES_AHEAD, int(self.articles_ahead * self.taken / max(self.articles, self.taken)))
        return self.sent - self.taken < allowance

    def took(self, articles: int) -> None:
        self.taken += 1
        self.articles += articles


class _Reader:
    """One pool process and the items sent to it, oldest first."""

    def __init__(self, context: Any, read_one: Callable):
        self.conn: Connection
        self.conn, child = context.Pipe()
        # SIGTERM stays blocked in the new process from its fork until _start has let it end the process:
        # one that came before, met by the indexing process's handler (inherited), was lost
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
        try:
            self.process = context.Process(target=_serve, args=(child, read_one, os.getpid()), daemon=True)
            self.process.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        child.close()
        self.sent: deque[int] = deque()

    def end(self) -> None:
        self.conn.close()
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()


def read_in_pool(items: Sequence[Item], read_one: Callable[[Item], Result], processes: int,
                 articles_of: Callable[[Result], int], lost: Callable[[Item, str], Result]) -> Iterator[Result]:
    """``read_one`` of each item, in order, computed by ``processes`` forked processes (which inherit
    ``read_one`` with whatever it has loaded) at most ARTICLES_AHEAD articles ahead of the caller.

    A process that dies while reading (the kernel's out-of-memory killer, a crash in a parser's C code)
    costs the item it was reading, given as ``lost(item, why)``, and is replaced: a pool of
    multiprocessing.Pool lost that item's result and the run waited for it for ever."""
    import multiprocessing
    from multiprocessing.connection import wait

    context = multiprocessing.get_context("fork")
    throttle = _Throttle(ARTICLES_AHEAD)
    readers: list[_Reader] = []
    ready: dict[int, Result] = {}  # results read ahead of the next one to give, by place
    unsent = deque(range(len(items)))  # places not sent yet (and those a dead process had still to read)
    given = 0
    def replace(reader: _Reader) -> None:
        """A process that died: the first item sent to it is the one it was reading, the others go again."""
        reader.end()
        readers.remove(reader)
        if reader.sent:
            dead = reader.sent.popleft()
            ready[dead] = lost(items[dead], _ended(reader.process.exitcode))
        throttle.sent -= len(reader.sent)
        unsent.extendleft(reversed(reader.sent))
        readers.append(_Reader(context, read_one))

    try:
        readers += [_Reader(context, read_one) for _ in range(min(processes, len(items)))]
        while given < len(items):
            for reader in list(readers):  # two items a process: it reads the second while the first is sent back
                # (the next item to give goes whatever the allowance: one a dead process left may wait behind
                # a full allowance of items read)
                while len(reader.sent) < 2 and unsent and (throttle.allows() or unsent[0] == given):
                    try:
                        reader.conn.send(items[unsent[0]])
                    except OSError:  # it died idle, or since it was last heard from
                        replace(reader)
                        break
                    reader.sent.append(unsent.popleft())
                    throttle.sent += 1
            while given in ready:
                result = ready.pop(given)
                throttle.took(articles_of(result))
                given += 1
                yield result
            if given == len(items):
                break
            for conn in wait([r.conn for r in readers if r.sent]):
                reader = next(r for r in readers if r.conn is conn)
                try:
                    ok, payload = reader.conn.recv()
                except (EOFError, OSError):
                    replace(reader)
                    continue
                if not ok:
                    raise payload  # (a settings' fault, such as spaCy not installed: one error ends the run)
                ready[reader.sent.popleft()] = payload
    finally:
        for reader in readers:
            reader.end()
