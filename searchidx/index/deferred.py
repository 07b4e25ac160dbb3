"""Names found where there is time for it. With parallel writers (``--jobs 2`` on a run of thousands of
files) the indexing process reads, signs and groups the articles while the writer processes analyse and
write them. Entity extraction is the larger part of the reading side: left to the indexing process, that
process sets the pace of the run while the writers wait for it (8,000 wire stories: 6.6 s of its CPU
against 4.9 s of theirs before their commits); left to the writers, they set it and the indexing process
waits. So each document's names are found on whichever side is behind less: ``NameSharing`` hands a
share of the documents to the writers and moves that share by whether the indexing process had to wait
for them, and near the run's end keeps the documents on its own side, so that the writers are not left
with a backlog when the reading is done.

A document handed over carries placeholders for its entity fields: pickling one (Whoosh's parallel
writer pickles each document into a job file) records the call that works out its value, and unpickling
it in the writer process makes that call, with the enricher the process inherited when it was forked.
The document Whoosh receives there holds plain values, the same as the indexing process gives it."""

from __future__ import annotations

import multiprocessing
import sys
import time
from typing import TYPE_CHECKING, Any

from ..enrich import Enricher, EntitySource
from . import schema as S
from .documents import entity_fields

if TYPE_CHECKING:
    from ..ingest.article import Article

# The share of documents handed to the writers, at first, and how it moves: checked every CHECK_EVERY documents (two of
# Whoosh's job files of 100), down by STEP if the indexing process waited for the writers more than
# WAITED seconds meanwhile, else up by STEP.
FIRST_SHARE = 0.5
CHECK_EVERY = 200
STEP = 0.05
WAITED = 0.002
# The writers' queue holds 4 job files of 100 documents a writer process: the last this many documents a
# writer are found by the indexing process while the writers work off what is queued.
BACKLOG_PER_WRITER = 400

_enricher: Enricher | None = None  # the writer processes' enricher, inherited from the indexing process


def possible() -> bool:
    """Can writer processes find names? Only when they are forked, inheriting the loaded enricher."""
    # (asked without fixing the start method for the rest of the program: the first listed is the default)
    return (multiprocessing.get_start_method(allow_none=True) or multiprocessing.get_all_start_methods()[0]) == "fork"


class NameSharing:
    """Finds each document's names in the indexing process or leaves them to the writer process that
    writes it (module docstring). Use as a context manager around the update's writing."""

    def __init__(self, enricher: Enricher, writers: int, articles_left: int):
        self.enricher = enricher
        self.share = FIRST_SHARE  # of the documents handed to the writers
        self._owed = 0.0  # handed over so far less the share of documents so far
        self._waited = 0.0
        self._since_check = 0
        self._left = articles_left  # an estimate, revised by ``read``
        self._keep_last = BACKLOG_PER_WRITER * writers

    def __enter__(self) -> NameSharing:
        global _enricher
        _enricher = self.enricher
        return self

    def __exit__(self, *exc: object) -> None:
        global _enricher
        _enricher = None

    def read(self, files_done: int, files_total: int, articles_done: int) -> None:
        """After each file read: what is left of the run, in articles (from the articles a file held so far)."""
        self._left = round((files_total - files_done) * articles_done / max(files_done, 1))

    def fields(self, article: Article) -> dict[str, Any]:
        """The entity fields of ``article``'s document: found now, or placeholders a writer works out."""
        self._owed += self.share
        if self._owed >= 1 and self._left > self._keep_last:
            self._owed -= 1
            payload = (article.path, EntitySource(article.title, article.text, article.people, article.places,
                                                  article.orgs))
            # one payload for all the fields: pickling keeps it once a document, so names are found once
            return {field: _Later(payload, field) for field in (*S.ENTITY_FIELDS, S.ENTITY_RULES)}
        return found_names(article.path, article)

    def written(self, wall: float, cpu: float) -> None:
        """One document handed to the writer in ``wall`` seconds, ``cpu`` of them working: the rest was
        waiting for the writer processes to take a job."""
        self._waited += max(wall - cpu, 0.0)
        self._since_check += 1
        if self._since_check >= CHECK_EVERY:
            step = -STEP if self._waited > WAITED else STEP
            self.share = min(1.0, max(0.0, self.share + step))
            self._waited, self._since_check = 0.0, 0


class _Later:
    """An entity field's value, worked out where the document is unpickled."""

    __slots__ = ("payload", "field")

    def __init__(self, payload: tuple[str, EntitySource], field: str):
        self.payload, self.field = payload, field

    def __reduce__(self) -> tuple[Any, tuple[tuple[str, EntitySource], str]]:
        return _value, (self.payload, self.field)


_last: tuple[object, dict[str, Any]] = (None, {})  # the payload whose fields were worked out last


def _value(payload: tuple[str, EntitySource], field: str) -> Any:
    global _last
    if _last[0] is not payload:  # a document's placeholders are unpickled one after the other
        _last = (payload, found_names(*payload))
    return _last[1][field]


def found_names(path: str, source: Article | EntitySource) -> dict[str, Any]:
    """The entity fields of one document. A failure keeps the article, with its header tags' names only,
    on either side: in a writer process it could otherwise only end the run."""
    assert _enricher is not None  # set by NameSharing (and inherited by the writer processes)
    try:
        entities, rules = _enricher.entities(source)
    except Exception as e:
        print(f"searchidx: {path}: names not found in the text ({type(e).__name__}: {e}); its header tags "
              f"are kept", file=sys.stderr)
        entities, rules = Enricher(_enricher.registry, extract=False).entities(source)
    return entity_fields(entities, rules)


def timed() -> tuple[float, float]:
    """The clocks ``NameSharing.written`` compares: wall and this process's CPU."""
    return time.perf_counter(), time.process_time()
