"""What an index remembers between runs beside its articles, the same for both engines (each stores
it its own way: ``index/store.py`` in a file beside the index, ``opensearch/ingest.py`` in the
cluster index's ``_meta``):

- the settings that shape articles (``read_settings``): when they differ from those of the last run,
  an update reads every file again, so the index never mixes two readings; the indexed files it did
  not read again (``stale``: stopped, under other paths, unreadable) are read when next met;
- the files waiting on an id (``waiting``): a file whose record was skipped because another file holds
  its id is unchanged when that file later gives the id up, so it would not be read again and the
  article would be missing. Each such file is remembered with the ids it waits on and their holders,
  and is read again in a run that replaces or deletes a holder;
- the files the index may not hold whole (``unwritten``, a cluster's only: its bulk writes are not one
  commit): some of their articles were refused, or the run stopped while they were sent. Each is read
  again when next met, even unchanged;
- the folders indexed into it (``roots``): a file's path, its default id, is taken from the outermost
  of them that holds it, so that indexing a subfolder alone gives its files the ids they have under the
  corpus folder (it gave ``sub/b.txt`` the id ``b.txt``, another file's: the edited article was skipped
  as a duplicate and its old one deleted);
- the files read that gave the index no article (``unindexed``, with their stamps): empty, or every record
  skipped as another file's id. The index does not know them, so each run took them for new and read
  them again (a backup copy of a corpus beside it: all its files, on every run, for nothing); now they
  are read again when changed, or, waiting on an id, when its holder gives it up.

Crash safety: before a run commits anything that may end a claim, the state is written as the union of
what was known and what the run learnt, marked ``dirty``, with the old read settings; only the end of a
run (a Ctrl-C included) writes it exact. A run that starts from a dirty state reads every waiting file
again (at worst a few files read in vain), those under other paths when a run next meets them; one
killed while reading files again for new settings has the next read them all again.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import Settings

AGAIN = "+"  # ends the stamp of an unchanged file's second reading (the next one drops it again)


def file_stamp(st: os.stat_result) -> str:
    """A file's stamp when read: its size and modification time."""
    return f"{st.st_size}:{st.st_mtime_ns}"


def same_file(indexed: str, on_disk: str) -> bool:
    """Whether a file whose articles carry the stamp ``indexed`` is unchanged on disk since."""
    return indexed.removesuffix(AGAIN) == on_disk


def read_again_stamp(indexed: str) -> str:
    """The stamp for an unchanged file read again: another one than its indexed articles carry, so that
    both engines tell the old reading from the new one as they do for a changed file, and
    ``same_file`` still takes it for the file on disk."""
    return indexed.removesuffix(AGAIN) if indexed.endswith(AGAIN) else indexed + AGAIN


def read_settings(settings: Settings) -> dict[str, str]:
    """The settings that shape the articles read from a file, each as a short text to compare.

    Left out, as every run applies them to every file already: ``ignore`` (a file newly ignored is
    dropped as gone, one no longer ignored is read as new) and ``max_file_mb`` (a file over the limit
    is reported on each run, and an indexed one keeps its articles, as any file that cannot be read).
    A setting that has no effect under the others (the extractor with extraction off) is left out too,
    so that changing it reads nothing again."""
    from .readers import READER_VERSION

    out = {"readers": str(READER_VERSION), "fields": repr(sorted((k, tuple(v)) for k, v in settings.fields.items())),
           "entities.registry": _contents(settings.entity_files),
           "entities.extract": str(settings.extract_entities).lower(),
           "stories.enabled": str(settings.stories).lower()}
    if settings.extract_entities:
        out["entities.extractor"] = settings.extractor
        if settings.extractor == "spacy":
            out["entities.model"] = settings.extractor_model or ""
    if settings.stories:
        out["stories.window_days"] = f"{settings.story_window_days:g}"
        out["stories.threshold"] = f"{settings.story_threshold:g}"
    return out


ENTITY_SETTINGS = ("entities.registry", "entities.extract", "entities.extractor", "entities.model")


def _contents(paths: tuple[str, ...]) -> str:
    """A digest of the registry files' contents, in order (their paths differ between installs)."""
    digest = hashlib.sha256()
    for p in paths:
        try:
            digest.update(Path(p).read_bytes())
        except OSError:
            digest.update(b"unreadable " + os.fsencode(p))  # the run reports it when it loads the registry
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def changed_settings(before: Mapping[str, str] | None, now: Mapping[str, str]) -> list[str]:
    """The names of the read settings that differ (none when nothing was recorded: an index made by
    an older searchidx is taken as read with today's settings)."""
    if before is None:
        return []
    differ = sorted(k for k in set(before) | set(now) if before.get(k) != now.get(k))
    # a key kept only while another is on (the extractor while extraction is on) is named by that one
    return [k for k in differ if k in before and k in now] or differ


def after_refresh(before: Mapping[str, str] | None, now: Mapping[str, str]) -> dict[str, str] | None:
    """The read settings once ``--refresh-entities`` has applied today's entity settings to every article."""
    if before is None:
        return None
    kept = {k: v for k, v in before.items() if k not in ENTITY_SETTINGS}
    return {**kept, **{k: v for k, v in now.items() if k in ENTITY_SETTINGS}}


@dataclass
class IndexState:
    read_settings: dict[str, str] | None = None
    waiting: dict[str, dict[str, str]] = field(default_factory=dict)  # file key -> {id: holder's file key}
    dirty: bool = False
    # indexed files read with older read settings, read again when next under the paths of a run (a
    # run given one of several roots reads only that root's files again)
    stale: list[str] = field(default_factory=list)
    # stories a run stopped before grouping them again (Ctrl-C, a crash): the next run groups them
    regroup: list[str] = field(default_factory=list)
    # files the index may not hold every article of: a cluster refused one, or the run stopped while their
    # batch was sent (a cluster's bulk writes are not one commit); read again when next met
    unwritten: list[str] = field(default_factory=list)
    # files read that gave no article (empty, every record another file's id) -> their stamp when read
    unindexed: dict[str, str] = field(default_factory=dict)
    # the folders given to runs (absolute, printable): a file's path is relative to the outermost holding it
    roots: list[str] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: Any) -> IndexState:
        """The state as stored; anything unreadable is a dirty state that knows nothing."""
        if not data:
            return cls()
        try:
            settings = data.get("read_settings")
            waiting = {str(k): {str(i): str(h) for i, h in v.items()} for k, v in data.get("waiting", {}).items()}
            return cls(dict(settings) if settings is not None else None, waiting, bool(data.get("dirty")),
                       [str(k) for k in data.get("stale", [])], [str(s) for s in data.get("regroup", [])],
                       sorted(str(k) for k in data.get("unwritten", [])),
                       {str(k): str(v) for k, v in data.get("unindexed", {}).items()},
                       sorted(str(r) for r in data.get("roots", [])))
        except (AttributeError, TypeError, ValueError):
            return cls(dirty=True)

    def to_dict(self) -> dict[str, Any]:
        return {"read_settings": self.read_settings, "waiting": self.waiting, "dirty": self.dirty, "stale": self.stale,
                "regroup": self.regroup, "unwritten": self.unwritten, "unindexed": self.unindexed,
                "roots": self.roots}


class Claims:
    """One run's view of the files waiting on ids: what was stored, and what the run learns as it reads."""

    def __init__(self, stored: IndexState):
        self.stored = stored
        self.waiting = {k: dict(v) for k, v in stored.waiting.items()}
        self.last = stored  # the state as last stored
        self.lapsing: set[str] = set()  # holders this run replaces or deletes
        self.learnt: set[str] = set()  # files this run read (or found deleted)
        self.stale = set(stored.stale)  # files to read again for the read settings, whenever seen
        self.unindexed = dict(stored.unindexed)
        self.roots = set(stored.roots)  # and the folders this run is given (``pipeline.plan``)
        # The stories this run is to group again at its end (index/regroup.py's rule), those an earlier
        # run left included; set by the engine when it groups stories.
        self.touched: set[str] | None = None
        # An engine whose batch is not one commit (a cluster's bulk requests): the files of the batch it is
        # sending, and those some of whose articles it did not take in this run (IndexState.unwritten).
        self.sending: set[str] = set()
        self.refused: set[str] = set()

    def to_store(self, state: IndexState | None) -> IndexState | None:
        """``state`` when it differs from the state last stored (which it now is), else None."""
        if state is None or state == self.last:
            return None
        self.last = state
        return state

    def to_read_again(self, replacing: Mapping[str, str | None]) -> set[str]:
        """The waiting files a run must read again: those whose holder it replaces or deletes, or that is
        gone from disk (its id goes to a file of the same path at a new place); all after a crash."""
        holders = {h for ids in self.waiting.values() for h in ids.values()}
        self.lapsing = {h for h in holders if h in replacing or not os.path.lexists(h)}
        if self.stored.dirty:
            return set(self.waiting)
        return {f for f, ids in self.waiting.items() if any(h in self.lapsing for h in ids.values())}

    def read(self, key: str) -> None:
        """The file was read: what it waits on is learnt again from this reading."""
        self.waiting.pop(key, None)
        self.unindexed.pop(key, None)
        self.learnt.add(key)

    gone = read

    def nothing_indexed(self, key: str, stamp: str) -> None:
        """The file was read, and gave the index no article: read again when it changes (``known_files``)."""
        self.unindexed[key] = stamp

    def rel(self, key: str, rel: str, before: bool = False) -> str:
        """A file's path relative to the outermost folder indexed here that holds it (``key``, its absolute
        printable path; ``rel`` its path under the folder given, when none does); ``before``: of those
        indexed before this run (a file indexed whose path differs now, under a folder given for the first
        time that holds an earlier one, is read again: its id is its path)."""
        roots = self.stored.roots if before else self.roots
        outer = min((r for r in roots if key.startswith(r + os.sep)), key=len, default=None)
        return rel if outer is None else key[len(outer) + 1:]

    def known_files(self, indexed: Mapping[str, tuple[str, int]]) -> dict[str, tuple[str, int]]:
        """The files the index holds articles of (file key -> (stamp, articles)), and those read that gave
        it none, with 0 articles."""
        return {**{key: (stamp, 0) for key, stamp in self.stored.unindexed.items()}, **indexed}

    def unreadable(self, key: str) -> None:
        """The file could not be read: if it waits on ids, it is read when next met, whoever holds them
        (a run must not miss the id it gets back; marking only this file keeps one file that fails on
        every run from having every run read all the waiting files again)."""
        if key in self.waiting:
            self.waiting[key] = dict.fromkeys(self.waiting[key], "")

    def _settled(self) -> dict[str, dict[str, str]]:
        """The waiting files, those this run did not read (outside the paths it was given) marked to be
        read when next seen ("" holds nothing) where their holder gave its ids up in this run, or may
        have in the run whose crash left the state dirty (which holders did is not known)."""
        return {f: {i: "" if f not in self.learnt and (h in self.lapsing or self.stored.dirty) else h
                    for i, h in ids.items()}
                for f, ids in self.waiting.items()}

    def skipped(self, key: str, article_id: str, holder: str) -> None:
        """The record ``article_id`` of the file ``key`` is not indexed: the file ``holder`` holds the id."""
        if holder != key:
            self.waiting.setdefault(key, {})[article_id] = holder

    def pending(self) -> IndexState | None:
        """The state to store before a commit (None: nothing to protect): every file waiting before or now,
        and dirty, so a run stopped after the commit has the next read them all again."""
        regroup = self._regroup()
        unwritten = sorted(set(self.stored.unwritten) | self.sending | self.refused)
        if (not self.waiting and not self.stored.waiting and regroup == self.stored.regroup
                and unwritten == self.stored.unwritten):
            return None  # (stale and unwritten files: only the final state takes any off)
        union = {k: dict(v) for k, v in self.stored.waiting.items()}
        for k, ids in self.waiting.items():
            union.setdefault(k, {}).update(ids)
        return IndexState(self.stored.read_settings, union, dirty=True, stale=self.stored.stale, regroup=regroup,
                          unwritten=unwritten, unindexed=self.stored.unindexed, roots=sorted(self.roots))

    def _regroup(self) -> list[str]:
        return sorted(set(self.stored.regroup) | (self.touched or set()))

    def final(self, settings: dict[str, str], finished: bool) -> IndexState:
        """The state once the run's last commit is made: the files it did not read with today's read
        settings stay stale (an interrupted run's next one carries on); an unfinished run stays dirty."""
        return IndexState(settings, self._settled(), dirty=not finished, stale=sorted(self.stale - self.learnt),
                          regroup=[] if finished else self._regroup(),
                          unwritten=sorted((set(self.stored.unwritten) - self.learnt) | self.refused),
                          unindexed=dict(sorted(self.unindexed.items())), roots=sorted(self.roots))
