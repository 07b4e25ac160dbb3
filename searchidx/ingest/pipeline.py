"""The reading half of an update: which files to (re)read, and each file read and enriched into
Articles, in walk order, by this process or a pool of reader processes."""

from __future__ import annotations

import os
from collections.abc import Container, Generator, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import Settings
from ..errors import NoArticles, ReadError, SearchidxError
from .article import Article
from .discover import Candidate, discover, printable, walk_order
from .headers import FieldMap
from .readers import COSTLY_FORMATS, format_suffix, read
from .state import Claims, IndexState, changed_settings, file_stamp, read_again_stamp, read_settings, same_file

if TYPE_CHECKING:
    from ..enrich import Enricher

ToRead = tuple[str, str, str, str]  # (file key, path relative to its root, stamp, path to open)
# (file key, rel, stamp, enriched articles or None, failure reason or None); a file read as holding no
# article gives [] and the reason, so that what it held before goes
FileResult = tuple[str, str, str, list[Article] | None, str | None]


@dataclass
class Plan:
    """What an update has to do, from one walk of the corpus against what the index holds."""

    todo: list[ToRead] = field(default_factory=list)  # new or changed files, in walk order of their keys
    gone: list[str] = field(default_factory=list)  # indexed files no longer there
    unchanged: int = 0  # articles of files left as they are
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, why) the walk could not take
    replacing: dict[str, str | None] = field(default_factory=dict)  # indexed file -> its new stamp (None: gone)
    found: int = 0  # article files the walk met under the paths: to read or unchanged
    held_back: list[str] = field(default_factory=list)  # folders given that hold no article file now: kept


def _in_scope(file_key: str, roots: Sequence[Path]) -> bool:
    return any(file_key == str(r) or file_key.startswith(str(r) + os.sep) for r in roots)


def plan(paths: Sequence[str | Path], settings: Settings, known_files: dict[str, tuple[str, int]],
         read_all: bool = False, claims: Claims | None = None, allow_empty: bool = False) -> Plan:
    """Walk ``paths`` and compare each file's stamp (size, mtime) with ``known_files`` (file key ->
    (stamp, articles indexed)): new and changed files are to read, vanished ones to delete. With
    ``read_all`` unchanged files are read again too; ``claims`` adds the unchanged files waiting on an
    id whose holder this run replaces (``Claims.to_read_again``). A folder given that holds no article
    file now keeps the articles indexed from it, unless ``allow_empty`` (``_held_back``)."""
    result = Plan()
    waiting = claims.waiting if claims is not None else {}
    # read again whenever met: files read with older settings, and those the index may not hold whole
    stale = claims.stale | set(claims.stored.unwritten) if claims is not None else set()
    watched: list[tuple[int, ToRead, int]] = []  # (place in todo, file, articles) of unchanged waiting files
    roots = [Path(printable(str(Path(p).expanduser().resolve())))
             for p in paths if os.path.lexists(Path(p).expanduser())]
    if claims is not None:  # paths are relative to the outermost folder indexed here (``Claims.rel``)
        claims.roots.update(str(r) for r, p in zip(roots, (p for p in paths if os.path.lexists(Path(p).expanduser())))
                            if Path(p).expanduser().is_dir())
    seen: set[str] = set()
    unlisted: list[str] = []
    links: list[Candidate] = []
    # streamed, not listed: memory per file is a key and a stamp
    for c in discover(paths, settings.ignore, result.failed, unlisted):
        if c.link:
            links.append(c)
        else:
            _take(c, seen, known_files, result, watched, read_all, stale, waiting, claims)
    # A link to a file the walk meets itself (`latest.txt -> 2022/story.txt`) is that file once more: a
    # clean build read its article twice, under two ids. Links are taken after the files, so whichever
    # comes first in the walk, the file keeps its article; of links to one file outside, the first.
    targets: set[str] = set()
    for c in sorted(links, key=lambda c: walk_order(c.key)):
        target = printable(os.path.realpath(c.path))
        if target not in seen and target not in targets:
            targets.add(target)
            _take(c, seen, known_files, result, watched, read_all, stale, waiting, claims)
    result.found = len(seen)
    if not allow_empty:
        for given, root, files in _held_back(paths, roots, known_files, seen):
            unlisted.append(str(root))
            result.held_back.append(str(given))
            articles = sum(known_files[f][1] for f in files)
            result.failed.append((str(given), (
                f"no article files here now: its {_count(articles, 'indexed article')} ({_files(len(files))}) "
                "are kept, in case a disk or network share is not mounted; run again with --allow-empty "
                "to remove them")))
    # A folder that could not be listed (permissions, a network mount's hiccup) says nothing about its
    # files: those indexed before are kept as they are, not taken for deleted.
    kept = {f for f in known_files if f not in seen and _in_scope(f, [Path(u) for u in unlisted])}
    result.unchanged += sum(known_files[f][1] for f in kept)
    result.gone = [f for f in known_files if f not in seen and _in_scope(f, roots) and f not in kept]
    result.replacing = {key: stamp for key, _, stamp, _ in result.todo if key in known_files}
    result.replacing.update(dict.fromkeys(result.gone))
    if claims is not None:  # a waiting file none of whose records is indexed, gone from disk: nothing to wait for
        for f in [f for f in claims.waiting if f not in seen and f not in known_files and _in_scope(f, roots)
                  and not _in_scope(f, [Path(u) for u in unlisted])]:
            claims.gone(f)
    if claims is not None and claims.waiting:  # asked even when no waiting file is under ``paths``
        _add_waiting_files(result, watched, claims.to_read_again(result.replacing))
    # Read as one walk of the files' absolute paths, whatever the roots given and their order: the first
    # record of an id keeps it (ingest/claims.py), and a clean build of ``A B`` agrees with one of ``B A``.
    result.todo.sort(key=lambda item: walk_order(item[0]))
    return result


def _take(c: Candidate, seen: set[str], known_files: dict[str, tuple[str, int]], result: Plan,
          watched: list[tuple[int, ToRead, int]], read_all: bool, stale: set[str], waiting: Container[str],
          claims: Claims | None = None) -> None:
    """One file of the walk: to read (new, changed, or read again), waiting on an id, or unchanged."""
    if c.key in seen:  # a path given twice, or a file and its folder (`index news news/a.txt`): read once
        return
    seen.add(c.key)
    moved = False
    if claims is not None:
        rel = claims.rel(c.key, c.rel)
        moved = rel != claims.rel(c.key, c.rel, before=True)
        c = replace(c, rel=rel)
    stamp = file_stamp(c.stat)
    old = known_files.get(c.key)
    if old and same_file(old[0], stamp):
        # (a file that gave no article has no old reading to tell apart: its stamp is as a clean build's)
        again = (c.key, c.rel, read_again_stamp(old[0]) if old[1] else stamp, str(c.path))
        if read_all or c.key in stale or moved:
            result.todo.append(again)
        elif c.key in waiting:
            watched.append((len(result.todo), again, old[1]))
        else:
            result.unchanged += old[1]
    else:
        result.todo.append((c.key, c.rel, stamp, str(c.path)))


def _held_back(paths: Sequence[str | Path], roots: list[Path], known_files: dict[str, tuple[str, int]],
                seen: set[str]) -> Iterator[tuple[str | Path, Path, list[str]]]:
    """The folders given (with their printable absolute paths and indexed files) in which the walk met no
    article file while the index holds files from them.

    An unmounted USB disk or network share shows as an empty folder at its mount point: taking its files
    for deleted would empty the index of them, and the next run, with the disk back, read them all again.
    A folder the user emptied on purpose looks the same, hence ``allow_empty`` (``index --allow-empty``).
    """
    given = [p for p in paths if os.path.lexists(Path(p).expanduser())]
    for path, root in zip(given, roots):
        if not Path(path).expanduser().is_dir() or any(_in_scope(k, [root]) for k in seen):
            continue
        files = [f for f, (_, articles) in known_files.items() if articles and _in_scope(f, [root])]
        if files:
            yield path, root, files


def _add_waiting_files(result: Plan, watched: list[tuple[int, ToRead, int]], chosen: set[str]) -> None:
    """The chosen waiting files put in the todo list at their place in the walk."""
    todo: list[ToRead] = []
    done = 0
    for place, item, count in watched:
        if item[0] not in chosen:
            result.unchanged += count
            continue
        todo += result.todo[done:place]
        done = place
        todo.append(item)
        result.replacing[item[0]] = item[2]
    result.todo = todo + result.todo[done:]


@dataclass
class Run:
    """An update's plan with what it takes from and gives to the index's state (``ingest/state.py``)."""

    plan: Plan
    claims: Claims
    read_settings: dict[str, str]  # to store once the run is finished
    notes: list[str] = field(default_factory=list)


def begin(paths: Sequence[str | Path], settings: Settings, known_files: dict[str, tuple[str, int]],
          stored: IndexState, allow_empty: bool = False) -> Run:
    """The plan of an update: every file is read again when the read settings changed since the last
    run (said in one note), and waiting files when an id they wait on may be given up."""
    now = read_settings(settings)
    changed = changed_settings(stored.read_settings, now) if known_files else []
    claims = Claims(stored)
    known_files = claims.known_files(known_files)  # with the files read before that gave no article
    todo = plan(paths, settings, known_files, read_all=bool(changed), claims=claims, allow_empty=allow_empty)
    notes = []
    if not changed and claims.stale:
        again = sum(1 for item in todo.todo if item[0] in claims.stale)
        if again:
            notes.append(f"reading {_files(again)} again: they were read with settings changed since")
    if changed:
        planned = {item[0] for item in todo.todo}.union(todo.gone)
        elsewhere = [key for key in known_files if key not in planned]  # under other paths, or unlisted
        claims.stale.update(known_files)  # until read: those of this run that cannot be, and elsewhere
        why = (f"settings changed since the last run ({', '.join(changed)})" if changed != ["readers"] else
               "this searchidx reads some files otherwise than the one that indexed them")
        notes.append(f"{why}: reading all "
                     f"{_files(len(todo.todo))} again" +
                     (f" ({_files(len(elsewhere))} indexed elsewhere when their paths are)" if elsewhere else ""))
    return Run(todo, claims, now, notes)


def _files(n: int) -> str:
    return _count(n, "file")


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}" if n == 1 else f"{n} {thing}s"


def make_enricher(settings: Settings) -> Enricher:
    """The enricher the settings ask for: registry aliases, the extractor (if on), story signatures."""
    from ..enrich import Enricher, make_extractor
    from ..enrich.aliases import load_registry

    registry = load_registry(settings.entity_files)
    extractor = (make_extractor(settings.extractor, registry, settings.extractor_model)
                 if settings.extract_entities else None)
    return Enricher(registry, extractor, extract=settings.extract_entities, stories=settings.stories)


class _FileReader:
    """Reads and enriches one file at a time; the enricher is loaded on the first readable file (a run
    that only retries broken files needs none)."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.fieldmap = FieldMap(settings.fields)
        self.max_bytes = int(settings.max_file_mb * 1024 * 1024)
        self.enrich: Enricher | None = None

    def __call__(self, item: ToRead) -> FileResult:
        key, rel, stamp, path = item
        try:
            articles = read(Path(path), rel, self.fieldmap, self.max_bytes)
            if self.enrich is None:
                self.enrich = make_enricher(self.settings)
            return key, rel, stamp, [self.enrich(a) for a in articles], None
        except NoArticles as e:  # reported, and the file's old articles go: it holds none now
            return key, rel, stamp, [], e.reason
        except ReadError as e:
            return key, rel, stamp, None, e.reason
        except SearchidxError:  # the settings' fault, not this file's (spaCy not installed): one error ends the run
            raise
        except Exception as e:  # a reader bug must cost one file, not the run
            return key, rel, stamp, None, f"unexpected {type(e).__name__}: {e}"


# Reading some formats costs more than indexing what they hold (an HTML page: ~40 ms of extraction
# against ~5 ms of indexing); with --jobs 2 or more, a run with this many such files reads them in a
# pool of reader processes as well (455 saved pages, --jobs 2: 17.1 -> 31.1 pages/s).
POOL_MIN_COSTLY_FILES = 20
# Any run of this many files, with --jobs 2 or more and written by the indexing process alone, reads
# them in a pool too, while that process writes (600 wire stories, --jobs 2: 1.80 -> 1.51 s). Beside
# parallel writer processes the cores are busy already: a pool only added its own cost (8,000 wire
# stories: the same wall time, 8% more CPU).
POOL_MIN_FILES = 200


def read_files(todo: Sequence[ToRead], settings: Settings, jobs: int = 1,
               writers: int = 1) -> Generator[FileResult, None, None]:
    """Each file of ``todo`` read and enriched, in the order of ``todo``: (key, rel, stamp, articles or
    None, failure reason or None). A file that cannot be read costs that file, never the run. ``writers``:
    the processes that will write what is read (more than one: Whoosh's parallel writers)."""
    reader = _FileReader(settings)
    costly = sum(1 for _, _, _, path in todo if format_suffix(str(path)) in COSTLY_FORMATS)
    many = writers <= 1 and len(todo) >= POOL_MIN_FILES
    if jobs < 2 or (costly < POOL_MIN_COSTLY_FILES and not many):
        yield from map(reader, todo)
        return
    from .readpool import read_in_pool

    # The first file is read here: the enricher it loads (registry, gazetteer) is then shared by the
    # pool's processes, forked from this one, instead of loaded by each.
    yield reader(todo[0])
    yield from read_in_pool(todo[1:], reader, jobs, _articles_of, _lost)


def _articles_of(result: FileResult) -> int:
    return len(result[3] or ())


def _lost(item: ToRead, why: str) -> FileResult:
    """A file whose reader process died reading it: a file that cannot be read (its articles kept)."""
    key, rel, stamp, _ = item
    return key, rel, stamp, None, why
