"""Records sharing an article id, the one rule of both engines: which record keeps the id, which is
reported as skipped and waits for it (``state.Claims``), and which indexed article gives way.

Each engine finds the indexed holder of an id its own way (the local index by a searcher lookup, the
cluster by one search per file) and applies the outcome its own way (a delete by id, an overwrite of
the same document id); the decision and its bookkeeping are here.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Container, Iterable, Mapping
from dataclasses import dataclass

from ..search.results import UpdateReport
from .article import Article
from .discover import on_disk, walk_order
from .state import Claims


@dataclass(frozen=True)
class Holder:
    """The indexed article holding an id: its file key, the file's stamp, its path under its root, its story,
    and the ``content_hash`` of the article as read (None from an index that stored a file's digest)."""

    file: str
    stamp: str | None = None
    path: str | None = None
    story: str | None = None
    digest: str | None = None


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


# How a kept article counts (DuplicateIds._written); 0: skipped
_NEW, _OWN, _MOVED = 1, 2, 3


def _skipped(article_id: str, other: str, where: str = "") -> str:
    """The line reporting a record skipped for its id; ``where`` it is in its file ("line 7"), if it has many."""
    return f"{where}: " * bool(where) + f"duplicate id {article_id!r} (already used by {other}); record skipped"


def _named_apart(other: str, other_key: str, rel: str, key: str) -> str:
    """How a report line about the file at ``rel`` (key ``key``) names the other file: by its path under its
    root, or by its key (its absolute path) when another file has the same path (``index a b``, each
    holding an "x.txt")."""
    return other_key if other == rel and other_key and other_key != key else other


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
        # The report counts articles by id across the run: an id the index held that the run writes again,
        # from its own file or another, is updated; a feed that dropped two records and gained two is
        # 2 added, 2 updated, 2 removed (counted by file, it was 4 updated), a corpus folder moved is updated.
        self.let_go: set[str] = set()  # ids the run deleted and has not written again (removed, unless written)
        self.taken: dict[str, str] = {}  # id -> its file, written from another before that file was read again

    def gone(self, old_ids: Iterable[str]) -> None:
        """The indexed articles of a file deleted from disk: removed, unless a file of this run gives their ids."""
        self.let_go.update(old_ids)

    def removed(self) -> int:
        """The ids the run deleted and did not write again (to count once the run has written its files)."""
        return len(self.let_go)

    def committed(self) -> None:
        """What this run took is in the index now, found there by the engine's lookups."""
        self.this_run.clear()

    def kept(self, key: str, rel: str, articles: list[Article], indexed: Callable[[str], Holder | None],
             old: Collection[str] | int | None = None) -> tuple[list[Article], list[str]]:
        """The file's articles that keep their ids, and the ids whose indexed article (of another file or an
        old copy of this one the file key no longer finds) the engine must delete, unless writing the kept
        article replaces it. ``indexed(id)`` is the indexed holder of an id, this file's own included
        or not. ``old``: the ids the file gave before (an indexed file read again), or only their number
        where the engine cannot list them cheaply. Skipped records and read warnings are reported, the
        articles counted by id; the files waiting on ids remembered."""
        self.claims.read(key)
        kept: list[Article] = []
        displaced: list[str] = []
        again = 0  # kept articles of an id this file gave before
        for a in articles:
            keeps = self._keeps(a, key, rel, indexed, displaced)
            if keeps:
                self.this_run[a.id] = (key, rel)
                kept.append(a)
                again += keeps == _OWN
        for a in articles:
            self.report.failed += [(rel, warning) for warning in a.meta.get("_read_warnings", ())]
            self.report.warnings += [(rel, warning) for warning in a.meta.get("_read_notes", ())]
        if isinstance(old, int):
            taken = [i for i, file in self.taken.items() if file == key]
            for article_id in taken:
                del self.taken[article_id]
            self.report.removed += max(0, old - again - len(taken))
        elif old is not None:
            for article_id in set(old).difference(a.id for a in kept):
                if self.taken.pop(article_id, None) is None:  # (taken: another file of this run has it)
                    self.let_go.add(article_id)
        return kept, displaced

    def _written(self, article: Article, holder: Holder | None, key: str) -> int:
        """Count a kept article by its id and what held it (``_keeps``'s answer): _OWN, _MOVED or _NEW. One
        its file gave before as it is now is unchanged: a JSON Lines file of 10,000 records with one edited
        is 1 updated, 9,999 unchanged (it was 10,000 updated)."""
        article_id = article.id
        if holder is not None and holder.file == key:
            if holder.digest is not None and holder.digest == article.content_hash:
                self.report.unchanged += 1
            else:
                self.report.updated += 1
            return _OWN
        if article_id in self.let_go:  # its file was deleted or read again earlier in the run
            self.let_go.discard(article_id)
        elif holder is None:
            self.report.added += 1
            return _NEW
        elif holder.file in self.claims.learnt:  # its file, read again earlier, counted it removed by number
            self.report.removed -= 1
        elif holder.file in self.replacing:  # its file is read again or deleted later: not removed there
            self.taken[article_id] = holder.file
        self.report.updated += 1
        return _MOVED

    def _keeps(self, article: Article, key: str, rel: str, indexed: Callable[[str], Holder | None],
               displaced: list[str]) -> int:
        # Files are told apart by key, never by path: two roots may both hold a "n.txt", whose id is "n.txt".
        article_id, where = article.id, article.where
        claim = self.this_run.get(article_id)  # an earlier record of this run, this file's own included
        if claim is not None:
            self.report.skipped += 1
            self.report.failed.append((rel, _skipped(article_id, _named_apart(claim[1], claim[0], rel, key), where)))
            self.claims.skipped(key, article_id, claim[0])
            return 0
        held = indexed(article_id)
        if held is None:
            return self._written(article, held, key)
        if held.file == key:  # this file's old copy: its file key finds it, unless the file column is damaged
            if key not in self.known_files:
                displaced.append(article_id)
            return self._written(article, held, key)
        if claim_lapsed(held.file, held.stamp, held.path, rel, self.replacing):
            displaced.append(article_id)  # (from a file deleted, read again, or seen at a new place)
            if self.claims.touched is not None and held.story and held.file not in self.replacing:
                # Seen at a new place, its old file outside the run's paths: its story loses a member the
                # run's own files did not name (the stories of the files it replaces are touched already)
                self.claims.touched.add(held.story)
            return self._written(article, held, key)
        other = held.path or held.file
        if walk_order(key) < walk_order(held.file):  # a clean build reads this file first and keeps its record
            displaced.append(article_id)
            self.report.skipped += 1
            self.report.failed.append((other, _skipped(article_id, _named_apart(rel, key, other, held.file))))
            self.claims.skipped(held.file, article_id, key)
            if self.claims.touched is not None and held.story:  # the story loses a member
                self.claims.touched.add(held.story)
            return self._written(article, held, key)
        self.report.skipped += 1
        self.report.failed.append((rel, _skipped(article_id, _named_apart(other, held.file, rel, key), where)))
        self.claims.skipped(key, article_id, held.file)
        return 0
