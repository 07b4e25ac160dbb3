"""What every page and endpoint shares: open indexes to borrow, the saved-query file, the templates."""

from __future__ import annotations

import functools
import os
import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from ..api import Index
from ..config import Settings
from ..errors import ArticleNotFound, IndexProblem, QuerySyntaxError, SearchidxError
from ..saved import QueryFile, load_queries

BORROW_WAIT_S = 60.0


class Busy(SearchidxError):
    """Every open index is in use for longer than a request should wait."""


class IndexPool:
    """A few open ``Index`` objects, one lent to each request at a time.

    An Index keeps one Whoosh searcher, which is not made for use by two threads at once; a pool of
    them lets a slow search run beside quick ones. Each Index refreshes its searcher when
    ``searchidx index`` has committed since (``WhooshEngine._shared_searcher``), so the pages follow
    an update without a restart. Nothing here writes: no Index in the pool is ever updated.
    """

    def __init__(self, settings: Settings, size: int):
        self.settings = settings
        self._free: queue.LifoQueue[Index] = queue.LifoQueue()  # the most recently used: its caches are warm
        self._all = [Index(settings.index, settings, create=False) for _ in range(size)]
        for idx in self._all:
            self._free.put(idx)

    @contextmanager
    def borrow(self) -> Iterator[Index]:
        try:
            idx = self._free.get(timeout=BORROW_WAIT_S)
        except queue.Empty:
            raise Busy(f"every search slot has been busy for {BORROW_WAIT_S:g} s; try again shortly") from None
        try:
            yield idx
        finally:
            self._free.put(idx)

    def close(self) -> None:
        for idx in self._all:
            idx.close()


class SavedFile:
    """The ``--queries`` file, read again when it changes on disk (a bad edit is reported, not fatal)."""

    def __init__(self, path: str | Path | None):
        self.path = Path(path) if path else None
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._loaded: QueryFile | None = None
        if self.path is not None:
            self.get()  # a broken file stops `searchidx serve` at once, with the file:line message

    def get(self) -> QueryFile | None:
        if self.path is None:
            return None
        with self._lock:
            st = os.stat(self.path)
            stamp = (st.st_mtime_ns, st.st_size)
            if stamp != self._stamp:
                self._loaded = load_queries(self.path)
                self._stamp = stamp
            return self._loaded


def status_of(error: Exception) -> int:
    """The HTTP status of a library error: 404 unknown id, 503 index problem or busy, 400 the rest (bad input)."""
    if isinstance(error, ArticleNotFound):
        return 404
    if isinstance(error, (IndexProblem, Busy)):
        return 503
    return 400  # a query that cannot be read or ran too long, a bad date, parameter or saved-query value


def message_of(error: Exception) -> str:
    """A library error as a web user reads it: a query that cannot be read names the literal=1 parameter
    (the library's message says literal=True, a Python argument)."""
    return error.worded("literal=1") if isinstance(error, QuerySyntaxError) else str(error)


@functools.lru_cache(maxsize=1)
def templates() -> Environment:
    """The page templates, autoescaped: any text given to them is escaped unless it is our own Markup."""
    env = Environment(loader=PackageLoader("searchidx.web", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    return env


def render(env: Environment, template: str, /, **context: Any) -> str:
    return env.get_template(template).render(**context)
