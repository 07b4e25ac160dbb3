"""Records sharing an article id, the one rule of both engines: which record keeps the id, which is
reported as skipped and waits for it (``state.Claims``), and which indexed article gives way.

Each engine finds the indexed holder of an id its own way (the local index by a searcher lookup, the
cluster by one search per file) and applies the outcome its own way (a delete by id, an overwrite of
the same document id); the decision and its bookkeeping are here.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass

from ..search.results import UpdateReport
from .article import Article
from .discover import on_disk, walk_order
from .state import Claims


@dataclass(frozen=True)
class Holder:
    """The indexed article holding an id: its file key, the file's stamp, its path under its root, its story."""

    file: str
    stamp: str | None = None
    path: str | None = None
    story: str | None = None


def claim_lapsed(file_key: str, stamp: str | None, path: str | None, rel: str,
                 replacing: Mapping[str, str | None]) -> bool:
    """Whether an indexed article (from ``file_key`` at ``stamp``, ``path`` under its root) gives its id
    up to a record of the file at ``rel`` that this run reads: it is an old version of a file the run
    replaces (``Plan.replacing``), or the same file seen at a new place, its old place gone from disk
    (a corpus folder moved or renamed: an update sweeps only the paths it is given). A file of another
    path keeps its claim while it cannot be reached, as the files of a folder that cannot be listed do."""
    if file_key in replacing:
        return stamp != replacing[file_key]
    return path == rel and bool(file_key) and not os.path.lexists(on_disk(file_key))


def _skipped(article_id: str, other: str, where: str = "") -> str:
    """The line reporting a record skipped for its id; ``where`` it is in its file ("line 7"), if it has many."""
    return f"{where}: " * bool(where) + f"duplicate id {article_id!r} (already used by {other}); record skipped"


class DuplicateIds:
    """One run's claims on article ids: the first record in the walk keeps an id, as in a clean build.

    The walk is that of the files' keys (their absolute paths), the order a run reads its files in
    (``pipeline.plan``): which file keeps an id does not depend on the roots a run is given, so
    ``index A B``, ``index B A`` and a later ``index B`` agree, and an update ends as a clean build."""

    def __init__(self, claims: Claims, replacing: Mapping[str, str | None], known_files: Container[str],
                 report: UpdateReport):
        self.claims = claims
        self.replacing = replacing
        self.known_files = known_files
        self.report = report
        # id -> (file key, path) of the record that took it in this run, until the engine can find it indexed
        self.this_run: dict[str, tuple[str, str]] = {}

    def committed(self) -> None:
        """What this run took is in the index now, found there by the engine's lookups."""
        self.this_run.clear()

    def kept(self, key: str, rel: str, articles: list[Article],
             indexed: Callable[[str], Holder | None]) -> tuple[list[Article], list[str]]:
        """The file's articles that keep their ids, and the ids whose indexed article (of another file or an
        old copy of this one the file key no longer finds) the engine must delete, unless writing the kept
        article replaces it. ``indexed(id)`` is the indexed holder of an id, this file's own included
        or not. Skipped records and read warnings are reported; the files waiting on ids remembered."""
        self.claims.read(key)
        kept: list[Article] = []
        displaced: list[str] = []
        for a in articles:
            if self._keeps(a.id, key, rel, a.where, indexed, displaced):
                self.this_run[a.id] = (key, rel)
                kept.append(a)
        for a in articles:
            self.report.failed += [(rel, warning) for warning in a.meta.get("_read_warnings", ())]
        return kept, displaced

    def _keeps(self, article_id: str, key: str, rel: str, where: str, indexed: Callable[[str], Holder | None],
               displaced: list[str]) -> bool:
        # Files are told apart by key, never by path: two roots may both hold a "n.txt", whose id is "n.txt".
        claim = self.this_run.get(article_id)  # an earlier record of this run, this file's own included
        if claim is not None:
            self.report.failed.append((rel, _skipped(article_id, claim[1], where)))
            self.claims.skipped(key, article_id, claim[0])
            return False
        held = indexed(article_id)
        if held is None:
            return True
        if held.file == key:  # this file's old copy: its file key finds it, unless the file column is damaged
            if key not in self.known_files:
                displaced.append(article_id)
            return True
        if claim_lapsed(held.file, held.stamp, held.path, rel, self.replacing):
            displaced.append(article_id)
            if held.file not in self.replacing:
                self.report.removed += 1  # the article of this file's old place, gone from disk
            return True
        other = held.path or held.file
        if walk_order(key) < walk_order(held.file):  # a clean build reads this file first and keeps its record
            displaced.append(article_id)
            self.report.failed.append((other, _skipped(article_id, rel)))
            self.claims.skipped(held.file, article_id, key)
            if self.claims.touched is not None and held.story:  # the story loses a member
                self.claims.touched.add(held.story)
            return True
        self.report.failed.append((rel, _skipped(article_id, other, where)))
        self.claims.skipped(key, article_id, held.file)
        return False
